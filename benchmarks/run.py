"""peercoach side by side with the rule-based engines a Python user might pick instead (issue 15).

    python benchmarks/run.py [--quick] [--json] [--only FIGURE ...] [--engines NAME ...]

Every engine runs the same workload (benchmarks/peers/common.py: a 19-answer coaching
conversation); each figure is taken over repeated rounds with the engines alternated round by
round (each round starts with the next engine), and printed as the median with min–max over
the rounds (and the p99 of every single sample, for latencies), with the ratio peercoach ÷ each
engine. --quick takes fewer rounds and smaller counts (and skips the 10,000-question load) so
the whole run takes under a minute; --json prints the figures as JSON instead of the table.
The peers come from `pip install -e .[bench]`; one that is missing or broken is skipped, and the
reason printed. The suite measures: it never changes what peercoach does.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))  # this checkout's engine and suite, not an installed copy

from benchmarks.peers import ENGINES  # noqa: E402
from benchmarks.peers.common import PROMPTS, WORKLOAD, Adapter, adapter, answers, converse  # noqa: E402
from benchmarks.stats import BYTES, RATIO, SECONDS, Figure, table  # noqa: E402

T = TypeVar("T")
PYTHON = sys.executable
COACHING = WORKLOAD / "coaching.yaml"
LOOP = WORKLOAD / "loop.yaml"
LAST_LINE = "- Feeling: " + answers()[-1]  # every whole-process run must get as far as this


@dataclass(frozen=True)
class Plan:
    """How many rounds and how big: the full run, or --quick."""

    turn_rounds: int = 15
    turn_conversations: int = 20  # conversations per engine per round (19 answers each)
    cli_rounds: int = 5
    cli_turns: int = 10  # turns timed at each depth
    cli_depths: tuple[int, ...] = (3, 300, 3000)
    load_sizes: tuple[int, ...] = (1000, 10_000)
    load_rounds: int = 5
    load_budget: float = 120.0  # seconds of loading per engine and size; past it, no more rounds
    memory_sessions: int = 10_000
    rss_sessions: int = 10_000
    memory_traced_rounds: int = 1  # tracemalloc slows an engine tenfold; its count hardly varies
    memory_rss_rounds: int = 3
    cold_rounds: int = 10
    cold_warmup: bool = True  # one untimed run of each engine first (bytecode written, files cached)
    tui_rounds: int = 10
    resume_rounds: int = 10
    resume_lengths: tuple[int, ...] = (3, 300, 3000)
    note: str = ""


FULL = Plan()
QUICK = Plan(turn_rounds=3, turn_conversations=3, cli_rounds=1, cli_turns=5, load_sizes=(1000,), load_rounds=1,
             memory_sessions=100, rss_sessions=0, memory_rss_rounds=0, cold_rounds=1, cold_warmup=False,
             tui_rounds=1, resume_rounds=3,
             note="--quick: fewer rounds; 100 live sessions instead of 10,000 and no RSS figure; "
                  "no 10,000-question load; no untimed warm-up run before the cold starts")


def say(text: str) -> None:
    """Progress, on stderr (stdout is the table, or the JSON)."""
    print(text, file=sys.stderr, flush=True)


def rotated(names: Sequence[T], round_number: int) -> list[T]:
    """The engines in the order a round runs them: each round starts with the next one."""
    shift = round_number % len(names) if names else 0
    return [*names[shift:], *names[:shift]]


# -- per-turn latency in process ---------------------------------------------------------------
def turn_latency(plan: Plan, adapters: dict[str, Adapter]) -> Figure:
    figure = Figure("turn", "per-turn latency, in process (peercoach: typed parsing and the safety check on)",
                    SECONDS, note=f"{plan.turn_conversations} conversations of 19 answers per engine per round; "
                                  "a round's figure is its median turn; the last turn includes the summary")
    engines = {name: a.module.engine() for name, a in adapters.items() if a.module}
    given = answers()
    for name in engines:
        figure.cell(name)
        converse(engines[name].session(), given)  # once through first: what is built on first use is not a turn
    for round_number in range(plan.turn_rounds):
        for name in rotated(list(engines), round_number):
            samples = []
            for _ in range(plan.turn_conversations):
                session = engines[name].session()
                session.start()
                for text in given:
                    began = time.perf_counter_ns()
                    session.answer(text)
                    samples.append((time.perf_counter_ns() - began) / 1e9)
                release = getattr(engines[name], "release", None)
                if release is not None:
                    release(session)  # a shared machine or interpreter lets the session go
            cell = figure.cell(name)
            cell.rounds.append(sorted(samples)[len(samples) // 2])
            cell.pooled += samples
        gc.collect()
    return figure


# -- the CLI path with the store ---------------------------------------------------------------
class _Quiet:
    """A console that shows nothing and is never asked: the loop's I/O is not what is timed."""

    def show(self, text: str, tone: Any = None) -> None:
        pass

    def ask(self, question: Any, toolbar: str) -> str | None:
        raise AssertionError("not asked")


def _loop_answer(count: int) -> str:
    """The loop dialogue alternates a free-text step and a yes/no question."""
    return f"walk to the corner and back {count // 2}" if count % 2 == 0 else "yes"


def cli_path(plan: Plan) -> Figure:
    from engine.conversation.machine import Conversation
    from engine.conversation.messages import Messages
    from engine.conversation.session import SessionRecord, Status
    from engine.dialogue.loader import load_library
    from engine.frontends.loop import Run, new_session_id, system_clock
    from engine.ground.files import resource_dir
    from engine.safety.resources import load_resources
    from engine.store.sqlite import SqliteStore

    figure = Figure("cli", "per turn through the CLI path: reply, then save to the SQLite store "
                           "(WAL, synchronous=FULL, as the CLI opens it)", SECONDS, ratios=False,
                    note=f"each depth: the next {plan.cli_turns} answers timed, a fresh store every round; "
                         "what the CLI loop does per answer (engine/frontends/loop.py Run._hold), "
                         "less printing and reading; a few untimed answers first\n"
                         "in-process: the same session's reply alone, no store")
    library = load_library([LOOP])
    messages = Messages.load(resource_dir("prompts") / "messages.yaml")
    resources = load_resources("ca-us")
    warm = Conversation(library, messages, "loop", resources=resources)
    # Not timed: what the engine builds on first use is not a turn. Twenty answers, because one of
    # the answers holding a digit ("... back 5") costs ~0.4 s once per process (a lazily built part
    # of reading answers); without this it was the p99 of the 3-answer depth.
    for count in range(20):
        warm.reply(_loop_answer(count), now=system_clock().isoformat(timespec="seconds"))
    for _ in range(plan.cli_rounds):
        with tempfile.TemporaryDirectory() as folder:
            store = SqliteStore(Path(folder))
            person = store.remember_person("Sam")
            now = system_clock()
            record = SessionRecord(id=new_session_id(now), dialogue="loop", source=str(LOOP),
                                   created=now.isoformat(timespec="seconds"), person=person,
                                   context=store.context_for(person))
            conversation = Conversation(library, messages, "loop", record.log, resources=resources,
                                        given=record.context)
            run = Run(conversation, record, store, _Quiet(), messages)
            run.save(Status.ACTIVE)
            count = 0
            for depth in plan.cli_depths:
                while count < depth:  # to this depth; the store then holds what a save per answer leaves
                    conversation.reply(_loop_answer(count), now=run.now())
                    count += 1
                run.save()
                saved, bare = [], []
                for _ in range(plan.cli_turns):
                    text = _loop_answer(count)
                    began = time.perf_counter_ns()
                    before = len(conversation.log)
                    conversation.reply(text, now=run.now())
                    replied = time.perf_counter_ns()
                    if len(conversation.log) != before:
                        run.save()
                    saved.append((time.perf_counter_ns() - began) / 1e9)
                    bare.append((replied - began) / 1e9)
                    count += 1
                for label, samples in ((f"{depth:,} answers", saved), (f"{depth:,} answers, in-process", bare)):
                    cell = figure.cell(label)
                    cell.rounds.append(sorted(samples)[len(samples) // 2])
                    cell.pooled += samples
            store.close()
    first, last = f"{plan.cli_depths[0]:,} answers", f"{plan.cli_depths[-1]:,} answers"
    derived = [f"{last} ÷ {first}: {figure.cell(last).median / figure.cell(first).median:.2f}× (flat is 1.00×)",
               f"CLI path ÷ in-process turn at {first}: "
               f"{figure.cell(first).median / figure.cell(first + ', in-process').median:.1f}×"]
    figure.note = f"{figure.note}\n" + "\n".join(derived)
    return figure


# -- loading generated dialogues ---------------------------------------------------------------
def _worker(*args: str) -> dict[str, Any]:
    done = subprocess.run([PYTHON, "-m", "benchmarks.worker", *args], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.worker {' '.join(args)} failed:\n{done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _env(**more: str) -> dict[str, str]:
    """The environment of every process the suite starts: this checkout first on the path, and
    bytecode cached as on any normal install (a sandbox's PYTHONDONTWRITEBYTECODE would make every
    process compile every module from source, which no user's second run does)."""
    dropped = ("PYTHONPATH", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, "PYTHONPATH": str(ROOT), **more}


def loads(plan: Plan, adapters: dict[str, Adapter]) -> list[Figure]:
    names = [name for name, a in adapters.items() if a.module]
    loaders = [name for name in names if getattr(adapters[name].module, "prepare", None) is not None]
    figures = []
    for size in plan.load_sizes:
        figure = Figure(f"load-{size}", f"load of a generated {size:,}-question dialogue, cold", SECONDS,
                        note="a fresh process each time, the adapter imported and the file written first; "
                             "peers build the equivalent machine, script or story")
        for name in names:
            figure.cell(name).note = None if name in loaders else "n/a (nothing to load: no dialogue model)"
        spent = dict.fromkeys(loaders, 0.0)
        for round_number in range(plan.load_rounds):
            for name in rotated(loaders, round_number):
                if spent[name] > plan.load_budget:
                    continue
                say(f"  load {size:,} {name} (round {round_number + 1})")
                seconds = _worker("load", name, str(size), "cold")["seconds"]
                spent[name] += seconds
                figure.cell(name).rounds.append(seconds)
        for name in loaders:
            if len(figure.cell(name).rounds) < plan.load_rounds:
                figure.cell(name).note = f"fewer rounds: over the {plan.load_budget:.0f} s budget"
        figures.append(figure)
        cached = Figure(f"load-{size}-cache", f"load of a generated {size:,}-question dialogue, from cache", SECONDS)
        for name in names:
            build_cached = getattr(adapters[name].module, "build_cached", None)
            if name == "peercoach" and build_cached is None:
                cached.cell(name).note = "n/a (no cache yet)"
            elif build_cached is None:
                continue
            for _ in range(plan.load_rounds if build_cached else 0):
                cached.cell(name).rounds.append(_worker("load", name, str(size), "cache")["seconds"])
        figures.append(cached)
    if len(plan.load_sizes) >= 2:
        small, big = plan.load_sizes[0], plan.load_sizes[-1]
        growth = Figure("load-growth", f"load cost {big:,} ÷ {small:,} questions (linear is {big // small}×)",
                        RATIO, ratios=False)
        for name in loaders:
            a, b = figures[0].cell(name), figures[-2].cell(name)
            if a.measured and b.measured:
                growth.cell(name).rounds.append(b.median / a.median)
        figures.append(growth)
    else:
        figures.append(Figure("load-growth", "load cost 10,000 ÷ 1,000 questions", RATIO, ratios=False,
                              note="not in --quick: the 10,000-question loads take minutes for some engines"))
    return figures


# -- memory and the serialised session ---------------------------------------------------------
def memory(plan: Plan, adapters: dict[str, Adapter]) -> list[Figure]:
    """Two worker processes at a time: what a session holds does not depend on how fast it runs."""
    names = [name for name, a in adapters.items() if a.module]
    traced = Figure("memory", f"memory per live session, {plan.memory_sessions:,} alive (tracemalloc)", BYTES,
                    note="each session after 10 of its 19 answers; what Python allocated for them "
                         "(a native library's own memory is not seen: see the next figure)")
    alive = f"{plan.rss_sessions:,}" if plan.rss_sessions else "thousands"
    rss = Figure("memory-rss", f"process growth per live session, {alive} alive (RSS)", BYTES,
                 note="the same, as the resident size the process grew by (no tracemalloc); memory freed by "
                      "first-use work is reused first, so a small count understates")
    size = Figure("serialised", "serialised session, finished (19 answers)", BYTES,
                  note="what would be kept to carry on: peercoach's session record with its answer log, as "
                       "JSON; the peers' state and variables (bink: ink's saved state; rivescript: the user's "
                       "variables; aiml: the session's predicates)")
    jobs = []
    for round_number in range(max(plan.memory_traced_rounds, plan.memory_rss_rounds)):
        for name in rotated(names, round_number):
            if round_number < plan.memory_traced_rounds:
                jobs.append((traced, name, "traced", plan.memory_sessions))
            if round_number < plan.memory_rss_rounds and plan.rss_sessions:
                jobs.append((rss, name, "rss", plan.rss_sessions))

    def run(job: tuple[Figure, str, str, int]) -> dict[str, Any]:
        figure, name, mode, count = job
        say(f"  memory {mode} {name}")
        return _worker("memory", name, str(count), mode)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for (figure, name, mode, _), result in zip(jobs, pool.map(run, jobs), strict=True):
            figure.cell(name).rounds.append(result["per_session"])
            if mode == "traced" and not size.cell(name).rounds:
                size.cell(name).rounds.append(result["serialised"])
                if "state" in result:
                    size.note = (f"{size.note}\npeercoach's state derived from the log "
                                 f"(State.to_dict, not stored): {result['state']:,} B")
    if not plan.rss_sessions:
        rss.note = "not in --quick: only thousands of sessions make the process's growth stand out"
    return [traced, rss, size]


# -- whole processes ---------------------------------------------------------------------------
@contextmanager
def _store_folder() -> Iterator[Path]:
    """A store that already exists (as on any run after the first), empty of sessions."""
    from engine.store.sqlite import SqliteStore

    folder = Path(tempfile.mkdtemp(prefix="peercoach-bench-"))
    try:
        SqliteStore(folder).close()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _command(name: str, store: Path | None) -> list[str]:
    if name == "peercoach":
        assert store is not None
        return [PYTHON, "-m", "engine", "--plain", "--store", str(store), "--person", "Sam", "run",
                str(COACHING.relative_to(ROOT))]
    if name == "python -c pass":
        return [PYTHON, "-c", "pass"]
    return [PYTHON, "-m", f"benchmarks.peers.{name}_peer"]


def compiled() -> None:
    """Bytecode for this checkout's engine and the peers' scripts, written before any process is
    timed, as pip writes it for every installed peer: with --quick (no warm-up run) the first cold
    start would otherwise compile whatever changed since the last run, and a machine that sets
    PYTHONDONTWRITEBYTECODE (the suite's processes do not) would compile everything every time."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", "-j", "0", "engine", "benchmarks"], cwd=ROOT, env=_env(),
                   capture_output=True, check=True)


def cold_start(plan: Plan, adapters: dict[str, Adapter]) -> Figure:
    compiled()
    names = [name for name, a in adapters.items() if a.module] + ["python -c pass"]
    figure = Figure("cold", "cold start: a whole process running the 19-answer conversation, plain mode", SECONDS,
                    note="peercoach: python -m engine --plain --store S --person Sam run "
                         "benchmarks/workload/coaching.yaml < answers (an existing, empty store); peers: "
                         "python -m benchmarks.peers.NAME_peer < answers; python -c pass: the interpreter alone\n"
                         "a new interpreter each time, with bytecode cached (compiled first, as pip does for the peers)"
                         + (" (one untimed run of each first)" if plan.cold_warmup else ""))
    given = "\n".join(answers()) + "\n"
    for name in names if plan.cold_warmup else ():  # once each, not timed: bytecode written, files cached
        with _store_folder() as store:
            subprocess.run(_command(name, store), cwd=ROOT, env=_env(), input=given, capture_output=True, check=False,
                           text=True)
    for round_number in range(plan.cold_rounds):
        for name in rotated(names, round_number):
            with _store_folder() as store:
                command = _command(name, store)
                began = time.perf_counter()
                done = subprocess.run(command, cwd=ROOT, env=_env(), input=given, capture_output=True, text=True,
                                      check=False)
                seconds = time.perf_counter() - began
            if done.returncode != 0 or (name != "python -c pass" and LAST_LINE not in done.stdout):
                raise RuntimeError(f"{name} did not finish the conversation:\n{done.stdout[-500:]}\n{done.stderr}")
            figure.cell(name).rounds.append(seconds)
    return figure


def _screen_until(child: Any, done: Callable[[str], bool], timeout: float = 60) -> str:
    """Read what the program draws until ``done`` says so (or it ends), answering its cursor
    position requests as a terminal does (prompt_toolkit asks, and waits for the answer)."""
    import pexpect

    seen, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = child.read_nonblocking(65536, timeout=0.05)
        except pexpect.TIMEOUT:
            continue
        except pexpect.EOF:
            return seen
        seen += chunk
        for _ in range(chunk.count("\x1b[6n")):
            child.send("\x1b[1;1R")
        if done(seen):
            return seen
    raise RuntimeError(f"the terminal UI did not get there in {timeout:.0f} s; it showed:\n{seen[-500:]}")


def first_prompt(plan: Plan) -> Figure:
    figure = Figure("tui", "time to the first prompt in the terminal UI (prompt_toolkit, in a pseudo-terminal)",
                    SECONDS, ratios=False,
                    note="python -m engine --store S --person Sam run benchmarks/workload/coaching.yaml, "
                         "from starting the process to the first question's text on the screen "
                         "(bytecode compiled first, as pip does for the peers, and one untimed run)")
    try:
        import pexpect
    except ImportError:
        figure.cell("peercoach").note = "skipped: pexpect is not installed (pip install pexpect)"
        return figure
    compiled()
    question = PROMPTS["area"][:24]  # the first words: the line may be wrapped, or styled after them
    for round_number in range(plan.tui_rounds + 1):  # the first, not timed, writes the bytecode
        with _store_folder() as store:
            command = _command("peercoach", store)
            command.remove("--plain")
            began = time.perf_counter()
            child = pexpect.spawn(command[0], command[1:], cwd=str(ROOT), env=_env(TERM="xterm-256color"),
                                  dimensions=(30, 100), encoding="utf-8")
            _screen_until(child, lambda seen: question in seen)
            seconds = time.perf_counter() - began
            _screen_until(child, lambda seen: seen.rstrip().endswith("\x1b[?25h"))  # the prompt is drawn
            child.sendcontrol("d")  # pause, as a person leaving would
            _screen_until(child, lambda seen: False)  # to the end of the process
            child.close()
        if round_number:
            figure.cell("peercoach").rounds.append(seconds)
    return figure


# -- resuming ----------------------------------------------------------------------------------
def resume(plan: Plan) -> Figure:
    from engine.conversation.machine import Conversation
    from engine.conversation.messages import Messages
    from engine.conversation.session import SessionRecord, Status
    from engine.dialogue.loader import load_library
    from engine.ground.files import resource_dir
    from engine.safety.resources import load_resources
    from engine.store.sqlite import SqliteStore

    figure = Figure("resume", "resume cost against log length", SECONDS, ratios=False,
                    note="what `peercoach resume` does once the library is loaded: claim the session, read it "
                         "from the store, replay its log, show the current question")
    library = load_library([LOOP])
    messages = Messages.load(resource_dir("prompts") / "messages.yaml")
    resources = load_resources("ca-us")
    moment = datetime(2026, 12, 1, 10, tzinfo=UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder))
        person = store.remember_person("Sam")
        for length in plan.resume_lengths:
            conversation = Conversation(library, messages, "loop", resources=resources)
            for count in range(length):
                conversation.reply(_loop_answer(count), now=moment)
            store.save(SessionRecord(id=f"resume-{length}", dialogue="loop", source=str(LOOP),
                                     log=list(conversation.log), status=Status.PAUSED, created=moment,
                                     updated=moment, person=person))
        for round_number in range(plan.resume_rounds):
            for length in rotated(plan.resume_lengths, round_number):
                session = f"resume-{length}"
                began = time.perf_counter()
                store.claim(session)
                record = store.load(session)
                resumed = Conversation(library, messages, record.dialogue, record.log, resources=resources,
                                       given=record.context)
                resumed.current_turn()
                figure.cell(f"{length:,} answers").rounds.append(time.perf_counter() - began)
                store.release(session)
        store.close()
    first, last = f"{plan.resume_lengths[0]:,} answers", f"{plan.resume_lengths[-1]:,} answers"
    figure.note = (f"{figure.note}\n{last} ÷ {first}: {figure.cell(last).median / figure.cell(first).median:.1f}× "
                   "(a replay grows with the log)")
    return figure


def authoring(plan: Plan) -> Figure:
    """Lint and test coverage of a generated 1,000-question dialogue (issue 18's target: under 2 s)."""
    from benchmarks.peers.peercoach_peer import generated_yaml
    from engine.authoring.coverage import coverage
    from engine.conversation.machine import Conversation
    from engine.conversation.messages import Messages
    from engine.conversation.walk import Step
    from engine.dialogue.lint import lint
    from engine.dialogue.loader import load_library
    from engine.ground.files import resource_dir

    size = 1000
    figure = Figure("authoring", f"lint and coverage of a generated {size:,}-question dialogue", SECONDS,
                    ratios=False, note="what `peercoach validate` adds after loading (every lint rule), and "
                                       "coverage of one walk through it, each timed after the load")
    messages = Messages.load(resource_dir("prompts") / "messages.yaml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"generated-{size}.yaml"
        path.write_text(generated_yaml(size), encoding="utf-8")
        library = load_library([path], bundled=False)
        dialogue = library[f"generated-{size}"]
        for _ in range(max(1, plan.load_rounds)):
            began = time.perf_counter()
            lint(library)
            figure.cell("lint").rounds.append(time.perf_counter() - began)
            trace: list[Step] = []
            conversation = Conversation(library, messages, dialogue.id, trace=trace)
            while not conversation.finished:
                conversation.reply("yes")
            began = time.perf_counter()
            coverage(dialogue, [trace])
            figure.cell("coverage").rounds.append(time.perf_counter() - began)
    return figure


# -- the command -------------------------------------------------------------------------------
FIGURES: dict[str, Callable[[Plan, dict[str, Adapter]], list[Figure]]] = {
    "turn": lambda plan, adapters: [turn_latency(plan, adapters)],
    "cli": lambda plan, adapters: [cli_path(plan)],
    "load": loads,
    "memory": memory,
    "cold": lambda plan, adapters: [cold_start(plan, adapters)],
    "tui": lambda plan, adapters: [first_prompt(plan)],
    "resume": lambda plan, adapters: [resume(plan)],
    "authoring": lambda plan, adapters: [authoring(plan)],
}


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller counts: under a minute")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    parser.add_argument("--only", nargs="+", choices=list(FIGURES), metavar="FIGURE",
                        help=f"only these figures ({', '.join(FIGURES)})")
    parser.add_argument("--engines", nargs="+", choices=list(ENGINES), metavar="NAME",
                        help=f"only these engines ({', '.join(ENGINES)}); peercoach is always kept")
    parser.add_argument("--rounds", type=int, metavar="N", help="override every figure's number of rounds")
    return parser.parse_args(argv)


def plan_for(args: argparse.Namespace) -> Plan:
    plan = QUICK if args.quick else FULL
    if args.rounds:
        rounds = {key: args.rounds for key in ("turn_rounds", "cli_rounds", "load_rounds", "memory_traced_rounds",
                                               "memory_rss_rounds", "cold_rounds", "tui_rounds", "resume_rounds")}
        plan = replace(plan, **rounds)
    return plan


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    plan = plan_for(args)
    started = time.perf_counter()
    chosen = ["peercoach", *[name for name in ENGINES if name != "peercoach" and name in (args.engines or ENGINES)]]
    adapters = {name: adapter(name) for name in chosen}
    skipped = {name: a.skipped for name, a in adapters.items() if a.skipped}
    if "peercoach" in skipped:
        say(f"peercoach itself cannot run: {skipped['peercoach']}")
        return 1
    for name, reason in skipped.items():
        say(f"skipping {name}: {reason}")
    figures: list[Figure] = []
    for key, measure in FIGURES.items():
        if args.only and key not in args.only:
            continue
        say(f"measuring {key}...")
        figures += measure(plan, adapters)
    elapsed = time.perf_counter() - started
    import engine

    header = {"mode": "quick" if args.quick else "full", "python": platform.python_version(),
              "engine": str(Path(engine.__file__).parent), "cpus": os.cpu_count(), "seconds": round(elapsed, 1),
              "load_average": [round(x, 2) for x in os.getloadavg()], "skipped": skipped, "plan": plan.note or "full"}
    if args.json:
        print(json.dumps({**header, "figures": [f.to_dict() for f in figures]}, indent=2, ensure_ascii=False))
        return 0
    print(f"peercoach benchmark suite ({header['mode']}): Python {header['python']}, {header['cpus']} CPUs, "
          f"engine from {header['engine']}; load average at the end {header['load_average']}")
    if plan.note:
        print(plan.note)
    for name, reason in skipped.items():
        print(f"skipped {name}: {reason}")
    print()
    print(table(figures))
    print(f"whole run: {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
