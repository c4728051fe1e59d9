"""The lived-experience voice: short peer reflections a dialogue says where a peer supporter would
briefly share hope (``{{ peer_voice("setback") }}`` in a ``say`` text), kept in
``prompts/peer-voice.yaml`` so a facilitator can edit them without Python.

It lives in the dialogue layer beside the information cards: it is authored content read the same
strict way (every mistake at file:line:col, unknown keys and strategies with a did-you-mean), and
the sandbox that renders dialogue texts is in this layer too. It needs nothing from the layers above.

Each line is one or two sentences about what *people* find ("Lots of people..."), never a personal
story and never advice, so the reader refuses a line that is long, tells the person what to do,
or does not speak of people. Each is tagged with the catalogue strategies it serves
(``peer_support``, ``role_modelling``: dialogues/strategies.yaml).

Which line a text shows is chosen from the session's seed (``session_seed``), the moment and the
text itself (the sandbox gives each call the digest of the text it is in, when the text is parsed),
with ``engine.dialogue.choosing``: the same line on resume, ``/back`` and replay, another line
in another session or another node. A moment the file does not have is refused when the dialogue
is loaded, at the text's line, naming the moments there are.

The file::

    moments:
      setback:                              # the id a dialogue names: peer_voice("setback")
        when: After a slip or a hard week   # for the facilitator: where it fits
        lines:                              # 3 to 5, so two sessions do not read alike
          - say: Lots of people have slips. ...
            strategies: [peer_support]
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import nodes
from jinja2.utils import pass_context

from engine.dialogue.choosing import choose
from engine.ground.cache import cached
from engine.ground.errors import DialogueLoadError, Problem, did_you_mean
from engine.ground.files import display_path, resource_dir
from engine.ground.regexes import compiled
from engine.ground.source import Span
from engine.ground.yamlfile import is_null
from engine.ground.yamlreader import Reader

FILE_NAME = "peer-voice.yaml"
GLOBAL = "peer_voice"  # the name a template calls
SEED = "session_seed"  # the session's seed, as every dialogue is given it (engine.dialogue.model.GIVEN_NAMES)
TOP_KEYS = ("moments",)
MOMENT_KEYS = ("when", "lines")
LINE_KEYS = ("say", "strategies")
STRATEGIES = ("peer_support", "role_modelling")  # the catalogue strategies a reflection serves
MAX_WORDS = 25
_MOMENT = compiled(r"[a-z][a-z0-9-]{0,39}")
_WORD = compiled(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Words that tell a person what to do, or make a reflection someone's own story.
_ADVICE = compiled(r"(?i)\b(you (should|must|ought|need|have to|had better)|try to|have to|has to|need to|needs to"
                     r"|must|should)\b")
_PERSONAL = compiled(r"(?i)\b(i|i'm|i've|i'd|me|my|mine)\b")
_PEOPLE = compiled(r"(?i)\b(people|many of us|most of us|some of us|lots of us)\b")
# A statement starts with who or when: a first word outside these may be an order ("Remember...").
OPENERS = frozenset({"a", "after", "almost", "an", "at", "for", "in", "it", "it's", "lots", "many", "more", "most",
                     "often", "on", "once", "one", "people", "plenty", "quite", "so", "some", "sometimes", "the",
                     "there", "this", "when", "with", "you're"})


@dataclass(frozen=True)
class Reflection:
    text: str
    strategies: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class Moment:
    id: str
    when: str
    lines: tuple[Reflection, ...]


@dataclass(frozen=True)
class PeerVoice:
    """Every moment of the file, in its order. Read for running (``bundled_peer_voice``), a moment
    with a mistake is left out and ``skipped`` says why: it is said as nothing (``quiet``), and so
    is every moment when the file could not be read at all (``all_quiet``), so a slip in this file
    never stops a dialogue."""

    moments: tuple[Moment, ...]
    skipped: tuple[Problem, ...] = ()
    quiet: frozenset[str] = frozenset()
    all_quiet: bool = False

    def ids(self) -> list[str]:
        return [moment.id for moment in self.moments]

    def __getitem__(self, moment: str) -> Moment:
        for found in self.moments:
            if found.id == moment:
                return found
        raise KeyError(moment)

    def unknown(self, moment: object) -> str | None:
        """Why ``moment`` cannot be said (None when it can)."""
        if isinstance(moment, str) and (moment in self.ids() or moment in self.quiet or self.all_quiet):
            return None
        hint = did_you_mean(str(moment), self.ids()) if isinstance(moment, str) else None
        return (f"there is no peer-voice moment `{moment}`{f' ({hint})' if hint else ''}; "
                f"the moments in prompts/{FILE_NAME} are " + ", ".join(f"`{m}`" for m in self.ids()))

    def line(self, moment: str, seed: object, at: object = "") -> str:
        """The line of ``moment`` for this session's ``seed`` and the text ``at`` (its digest); ""
        for a moment left out for its mistakes."""
        if moment not in self.ids():
            return ""
        return str(choose([line.text for line in self[moment].lines], seed, f"{moment}\x00{at}"))


def advice_in(text: str) -> str | None:
    """What makes ``text`` advice, a story or too long for a reflection, or None when it is none of these."""
    words = _WORD.findall(text)
    if len(words) > MAX_WORDS:
        return f"it has {len(words)} words; a reflection is short, at most {MAX_WORDS}"
    if found := _ADVICE.search(text):
        return f"it says \"{found.group(0)}\", which tells the person what to do"
    if words and words[0].lower() not in OPENERS:
        return (f"it starts with \"{words[0]}\", which may be an order; start with who or when "
                "(\"Lots of people...\", \"When...\")")
    if found := _PERSONAL.search(text):
        return f"it says \"{found.group(0)}\": a reflection speaks of people, not of one person's story"
    if not _PEOPLE.search(text):
        return "it should say what \"people\" or \"many of us\" find, not tell one story"
    return None


class _VoiceReader(Reader):
    known: frozenset[str] = frozenset()  # the catalogue's strategy ids

    def read(self) -> PeerVoice:
        root = self.root("the peer voice needs `moments:`, each with `when:` and `lines:`")
        top = self.mapping(root, "the peer-voice file") if root is not None else None
        if root is None or top is None:
            return PeerVoice((), tuple(self.problems), all_quiet=True)
        self.check_keys(top, TOP_KEYS, "the peer-voice file")
        self.require(top, TOP_KEYS, root, "the peer-voice file")
        entries = self.mapping(top["moments"][1], "`moments`") if "moments" in top else None
        whole = entries is None  # no moment could be read
        moments, quiet = [], set()
        for moment_id, (key, body) in (entries or {}).items():
            before = len(self.problems)
            if not _MOMENT.fullmatch(moment_id):
                self.error(key, f"the moment id `{moment_id}` should use lower-case letters, digits and `-`",
                           "e.g. `setback` or `empty-map`")
            moment = self.moment(moment_id, body)
            if moment is not None and len(self.problems) == before:
                moments.append(moment)
            else:
                quiet.add(moment_id)
        if entries is not None and not entries:
            self.error(top["moments"][1], "`moments` names no moment", "add one, e.g. `setback:` with its `lines:`")
        return PeerVoice(tuple(moments), tuple(self.problems), frozenset(quiet), whole)

    def moment(self, moment_id: str, body: yaml.Node) -> Moment | None:
        what = f"the moment `{moment_id}`"
        fields = self.mapping(body, what)
        if fields is None:
            return None
        self.check_keys(fields, MOMENT_KEYS, what)
        self.require(fields, MOMENT_KEYS, body, what)
        when = self.string(fields["when"][1], f"`when` of {what}") if "when" in fields else None
        if "lines" not in fields:
            return None
        node = fields["lines"][1]
        items = [] if is_null(node) else self.sequence(node, f"`lines` of {what}")
        if items is None:
            return None
        if not items:
            self.error(node, f"{what} has no lines", "give it 3 to 5, so two sessions do not read alike")
            return None
        lines = [line for item in items if (line := self.reflection(item, what)) is not None]
        if when is None or len(lines) < len(items):
            return None
        return Moment(moment_id, when.strip(), tuple(lines))

    def reflection(self, node: yaml.Node, moment: str) -> Reflection | None:
        what = f"a line of {moment}"
        fields = self.mapping(node, what)
        if fields is None:
            return None
        self.check_keys(fields, LINE_KEYS, what)
        self.require(fields, LINE_KEYS, node, what)
        text = self.string(fields["say"][1], "`say`", allow_empty=True) if "say" in fields else None
        if text is not None and not text.strip():
            self.error(fields["say"][1], f"`say` of {what} is empty", "write the reflection, or take the line out")
            text = None
        elif text is not None and (wrong := advice_in(text)) is not None:
            self.error(fields["say"][1], f"`say` of {what} is not a peer reflection: {wrong}")
            text = None
        strategies = self.tags(fields["strategies"][1], what) if "strategies" in fields else None
        if text is None or not strategies:
            return None
        return Reflection(" ".join(text.split()), strategies, self.span(fields["say"][1]))

    def tags(self, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        """``strategies:``: catalogue ids, each one a reflection serves."""
        found = self.strings(node, f"`strategies` of {what}")
        if not found and not self.problems_at(node):
            self.error(node, f"`strategies` of {what} names none", "e.g. `strategies: [peer_support]`")
        tags = []
        for value, item in found:
            if value in STRATEGIES and value in self.known:
                tags.append(value)
            elif value in self.known:
                self.error(item, f"`{value}` is not a strategy a peer reflection serves",
                           "use " + " or ".join(f"`{s}`" for s in STRATEGIES))
            else:
                self.error(item, f"there is no strategy `{value}` in dialogues/strategies.yaml",
                           did_you_mean(value, STRATEGIES) or "use " + " or ".join(f"`{s}`" for s in STRATEGIES))
        return tuple(tags) if len(tags) == len(found) and tags else None

    def problems_at(self, node: yaml.Node) -> bool:
        return any(problem.span == self.span(node) for problem in self.problems)


def _catalogue_ids() -> frozenset[str]:
    from engine.dialogue.catalogue import read_catalogue  # (it reads dialogues, whose texts need the sandbox)
    from engine.dialogue.model import CATALOGUE_FILE

    found, _ = read_catalogue(resource_dir("dialogues") / CATALOGUE_FILE)
    return frozenset(found)


def read_peer_voice(path: Path, known: frozenset[str] | None = None, *, skip_broken: bool = False) -> PeerVoice:
    """The peer-voice file, strictly read against the strategies ``known`` (the bundled catalogue's
    when not given); a ``DialogueLoadError`` lists every problem in it. With ``skip_broken`` (for
    running), a moment with a mistake is left out instead, and ``skipped`` says why."""
    reader = _VoiceReader(path, display_path(path))
    reader.known = _catalogue_ids() if known is None else known
    voice = reader.read()
    if reader.problems and not skip_broken:
        raise DialogueLoadError(reader.problems)
    return voice


def voice_file() -> Path:
    return resource_dir("prompts") / FILE_NAME


@functools.lru_cache(maxsize=1)
def bundled_peer_voice() -> PeerVoice:
    """The bundled file, read once a run, or as read last time while it, the bundled catalogue it
    is checked against and the code that reads them are unchanged (engine.ground.cache: a start
    otherwise read both YAML files); a moment with a mistake is left out (said as nothing), and
    ``skipped`` says why, so a slip in this file never stops a dialogue."""
    from engine.dialogue.model import CATALOGUE_FILE

    here = Path(__file__).resolve().parent
    return cached("peer-voice", [voice_file(), resource_dir("dialogues") / CATALOGUE_FILE], [here], PeerVoice,
                  lambda: read_peer_voice(voice_file(), skip_broken=True))


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _calls(tree: nodes.Node) -> list[nodes.Call]:
    return [call for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == GLOBAL]


def _one_moment(call: nodes.Call) -> bool:
    """Whether a call names one moment in quotes, and nothing else but what ``prepare_calls`` adds."""
    added = [(k.key, type(k.value)) for k in call.kwargs]
    return (len(call.args) == 1 and isinstance(call.args[0], nodes.Const) and not call.dyn_args
            and not call.dyn_kwargs and added in ([], [("at", nodes.Const), ("seed", nodes.Name)]))


def prepare_calls(tree: nodes.Template, source: str) -> None:
    """Give each ``peer_voice("moment")`` in a parsed template the digest of ``source`` (``at=``)
    and the session's seed (``seed=``), so its line is chosen for this text. Named in the call,
    the seed is a variable the text reads (a text's last render is kept while those are unchanged)."""
    for call in _calls(tree):
        if _one_moment(call) and not call.kwargs:
            line = call.lineno or 1
            call.kwargs = [nodes.Keyword("at", nodes.Const(_digest(source), lineno=line), lineno=line),
                           nodes.Keyword("seed", nodes.Name(SEED, "load", lineno=line), lineno=line)]


def call_problem(tree: nodes.Template) -> tuple[str, int] | None:
    """What is wrong with the first ``peer_voice(...)`` of a template that cannot be said, and its
    line: a moment that is not a word in quotes, or not in the file (checked when a dialogue is
    loaded; when running, a moment the file has lost since is said as nothing)."""
    calls = _calls(tree)
    voice = bundled_peer_voice() if calls else None
    for call in calls:
        line = call.lineno or 1
        if not _one_moment(call):
            return f"`{GLOBAL}` takes one moment in quotes, e.g. `{GLOBAL}(\"setback\")`", line
        assert voice is not None and isinstance(call.args[0], nodes.Const)
        problem = voice.unknown(call.args[0].value)
        if problem is not None:
            return problem, line
    return None


@pass_context
def peer_voice(context: Any, moment: str, at: str = "", seed: Any = None) -> str:
    """``{{ peer_voice("setback") }}``: one reflection of ``moment``, by the session's seed and the
    text (``at`` and ``seed`` are filled in when the text is parsed); "" for a moment the file lacks."""
    if not isinstance(moment, str):
        return ""
    return bundled_peer_voice().line(moment, seed or context.get(SEED) or "", at)


def skipped_lines(voice: PeerVoice) -> list[str]:
    """One line for each moment left out (or the whole file): its first problem, at file:line:col."""
    if not voice.skipped:
        return []
    first = sorted(voice.skipped)[0]
    left_out = ("every moment" if voice.all_quiet else ", ".join(f"`{m}`" for m in sorted(voice.quiet)))
    more = len(voice.skipped) - 1
    return [f"{first} (so {left_out} of the peer voice says nothing"
            + (f"; the file has {more} more problem{'s' * (more > 1)})" if more else ")")]
