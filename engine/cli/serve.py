"""`peercoach serve` (the web front end, on uvicorn) and `peercoach codes` (personal access codes).

With several workers uvicorn imports the application in each of them, so the choices made on
the command line travel in the environment and ``application()`` builds the same app in every worker.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.cli.progress import is_rehearsal, rehearsal_history, trainee_dialogues
from engine.cli.setup import (
    UsageError,
    dialogue_folders,
    opened_store,
    runnable_library,
    session_context,
    source_of,
    words,
)
from engine.dialogue import peervoice
from engine.dialogue.cards import bundled_cards, skipped_lines
from engine.dialogue.model import Audience, Dialogue
from engine.frontends.loop import NAME
from engine.frontends.web.config import WebConfig
from engine.frontends.web.store import WebStore
from engine.ground.errors import DialogueLoadError
from engine.ground.printable import printable
from engine.safety.resources import load_resources

SETTINGS_ENV = "PEERCOACH_SERVE"  # the serve command's choices, as JSON, for every worker


def open_store(store: str | None) -> WebStore:
    """The store as every other command opens it (--store, else $PEERCOACH_STORE, else the default
    place): one connection per worker, opened in the worker."""
    return opened_store(argparse.Namespace(store=store))


def web_config(store: str | None, folders: list[str], region: str | None, https: bool = False) -> WebConfig:
    library = runnable_library(folders=[Path(f) for f in folders])
    messages = words()

    def new_context(opened: WebStore, person: str, now: datetime, dialogue: Dialogue) -> dict[str, Any]:
        context = session_context(opened, person, now, region)
        if is_rehearsal(dialogue):
            context["person"]["rehearsals"] = rehearsal_history(opened, person, library, messages)
        return context

    return WebConfig(library=library, messages=messages, resources=load_resources(region),
                     open_store=lambda: open_store(store), new_context=new_context, source_of=source_of,
                     client_dialogues=library.listed(Audience.CLIENT), trainee_dialogues=trainee_dialogues(library),
                     secure_cookies=https)


def application() -> Any:
    """The app for one uvicorn worker, built from the serve command's choices."""
    from engine.frontends.web.app import create_app
    settings = json.loads(os.environ.get(SETTINGS_ENV) or "{}")
    return create_app(web_config(settings.get("store"), settings.get("dialogues") or [], settings.get("region"),
                                 bool(settings.get("https"))))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: choose a port from 1 to 65535")
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    folders = [str(f) for f in dialogue_folders(args)]  # checked now, so a wrong folder is said at once
    opened_store(args).require_writable("serve")  # the store opens (and is brought up to date) once, here
    report_cards()
    os.environ[SETTINGS_ENV] = json.dumps({"store": str(args.store) if args.store else None, "dialogues": folders,
                                           "region": args.region, "https": args.https})
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"peercoach is serving at http://{host}:{args.port}/ (Ctrl-C stops it)")
    print("People sign in with a personal code: `peercoach codes add NAME` makes one.", flush=True)
    uvicorn.run("engine.cli.serve:application", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning", access_log=False, server_header=False,
                proxy_headers=False)
    return 0


def report_cards() -> None:
    """The information cards left out, one line each at the place of their mistake, said once at
    start (the site serves the others); cards that cannot be read at all are said so, never a traceback."""
    try:
        lines = skipped_lines(bundled_cards())
    except DialogueLoadError as exc:
        lines = [f"{problem} (so no information cards are shown)" for problem in exc.problems]
    lines += peervoice.skipped_lines(peervoice.bundled_peer_voice())  # the moments said as nothing
    for line in lines:
        print(printable(line), file=sys.stderr, flush=True)


def cmd_codes_add(args: argparse.Namespace) -> int:
    name = " ".join(args.name.split())
    if not NAME.fullmatch(name):
        raise UsageError(f"`{args.name}` cannot be used as a name: " + words()("person.invalid"))
    store = opened_store(args)
    had = any(c.person.casefold() == name.casefold() and not c.revoked for c in store.codes())
    code = store.add_code(name)
    print(f"The personal code for {printable(store.known_person(name) or name)} is:\n\n    {code}\n")
    print("Give it to them in person or by a private message; it is shown only now (the store keeps a hash).")
    if had:
        print("Their earlier code no longer works.")
    return 0


def cmd_codes_list(args: argparse.Namespace) -> int:
    codes = opened_store(args).codes()
    if not codes:
        print("No codes yet: `peercoach codes add NAME` makes one.")
        return 0
    for code in codes:
        state = f"revoked {code.revoked[:10]}" if code.revoked else "in use"
        used = f"last used {code.used[:16]}" if code.used else "never used"
        print(f"{code.name}-…  {printable(code.person)}  made {code.created[:10]}  {used}  {state}")
    return 0


def cmd_codes_revoke(args: argparse.Namespace) -> int:
    store = opened_store(args)
    name = store.known_person(args.name)
    if name is None:
        raise UsageError(f"there is nobody called `{args.name}` in the store (`peercoach codes list` shows the codes)")
    count = store.revoke_codes(name)
    print(f"{printable(name)}'s code no longer works; they are signed out at their next page." if count
          else f"{printable(name)} had no code in use.")
    return 0
