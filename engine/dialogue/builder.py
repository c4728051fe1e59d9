"""Building one dialogue file's model: its fields and its nodes, each checked as it is read.

What one file can know is checked here (keys, types, node targets, unknown variables, reachable
nodes); what needs every file of a library is in ``engine.dialogue.checks``. Every problem is
collected, so an author sees all the mistakes of a file in one go. The readers it stands on, each
adding one part of the format: ``reader`` (ids, templates, expressions), ``branches`` (ways
out), ``questions`` (ask nodes), ``nodes`` (every node); here, the dialogue's own fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import yaml

from engine.dialogue.branches import Entries, NodeFields
from engine.dialogue.expressions import TEXT_ENV, make_environment
from engine.dialogue.graph import successors
from engine.dialogue.model import (
    DIALOGUE_KEYS,
    GIVEN_NAMES,
    REQUIRED_DIALOGUE_KEYS,
    SUMMARY_FORMATS,
    Ask,
    Audience,
    Call,
    Dialogue,
    Node,
    SetVars,
    set_by,
)
from engine.dialogue.nodes import ALL_NODE_KEYS, NodeReader
from engine.dialogue.reader import ID_PATTERN
from engine.dialogue.sandbox import BoundedFileSystemLoader
from engine.dialogue.summaries import check_summary, parse_for_checking
from engine.ground.errors import did_you_mean
from engine.ground.files import display_path
from engine.ground.source import Span
from engine.ground.yamlfile import plain_value

# Names taken from here before the node readers had modules of their own.
__all__ = ["ALL_NODE_KEYS", "BUILTIN_NAMES", "DialogueBuilder", "Entries", "NodeFields"]

# Names every template may use without declaring them (Jinja's own globals).
BUILTIN_NAMES = frozenset(TEXT_ENV.globals)


class DialogueBuilder(NodeReader):
    """Reads one dialogue file into a ``Dialogue``; ``problems`` collects everything wrong with it."""

    def __init__(self, path: Path, template_dirs: list[Path]):
        super().__init__(path)
        self.template_dirs = template_dirs
        self.broken_id: str | None = None  # the id of a dialogue that has mistakes

    def read(self) -> Dialogue | None:
        root = self.root("a dialogue needs at least " + ", ".join(f"`{k}`" for k in REQUIRED_DIALOGUE_KEYS))
        if root is None:
            return None
        top = self.mapping(root, "a dialogue file")
        if top is None:
            return None
        self.check_keys(top, DIALOGUE_KEYS, "a dialogue", near=ALL_NODE_KEYS)
        self.require(top, REQUIRED_DIALOGUE_KEYS, root, "the dialogue")

        def field(key: str) -> yaml.Node | None:
            return top[key][1] if key in top else None

        dialogue_id = self.identifier(n, "the dialogue id", ID_PATTERN) if (n := field("id")) else None
        title = self.string(n, "`title`") if (n := field("title")) else None
        audience = self.audience(n) if (n := field("audience")) else None
        description = self.string(n, "`description`", allow_empty=True) if (n := field("description")) else ""
        help_text = self.text(n, "`help`") if (n := field("help")) else None
        order = self.number(n, "`order`") if (n := field("order")) else 100
        variables = self.variables(n) if (n := field("variables")) else {}
        for alias in self.aliases_in(top, "variables") if "variables" in top else ():
            self.error(alias.span, f"an alias (`*{alias.anchor}`) cannot be used in `variables`",
                       "write the value out: every conversation gets its own copy of it, so a repeat "
                       "of a repeat could fill the memory")
        summary = self.summary(n) if (n := field("summary")) else {}
        safety_node = field("safety")
        safety = self.boolean(safety_node, "`safety`") if safety_node else True
        if safety_node and safety is False and audience is Audience.CLIENT:
            self.error(safety_node, "a client dialogue cannot turn the safety check off",
                       "only trainee and facilitator dialogues may set `safety: false`")
        nodes = self.nodes(n) if (n := field("nodes")) else {}

        start_node = field("start")
        start = self.string(start_node, "`start`") if start_node else None
        if start_node and start is not None and self.declared and start not in self.declared:
            self.error(start_node, f"`start` names `{start}`, but there is no such node",
                       did_you_mean(start, self.declared) or "use the id of one of the nodes")
        for target, span in self.targets:
            if self.declared and target not in self.declared:
                self.error(span, f"there is no node `{target}` in this dialogue",
                           did_you_mean(target, self.declared) or "check the spelling of the node id")
        self.check_names(variables, nodes)
        self.check_chosen_calls(nodes)
        if summary and not self.errors():
            self.check_summaries(summary, variables, nodes)
        if self.errors():
            # A dialogue with mistakes is still known by id (so calls to it are not reported
            # as calls to nothing), but graph checks on it would only repeat its errors.
            self.broken_id = dialogue_id
            return None
        if start is not None and start in nodes:
            self.check_reachable(nodes, start)
        if dialogue_id is None or title is None or audience is None or start is None or not nodes:
            return None
        return Dialogue(id=dialogue_id, title=title, audience=audience, description=description or "",
                        start=start, variables=variables, nodes=nodes, summary=summary,
                        path=str(self.path), span=self.span(root), help=help_text,
                        order=int(100 if order is None else order), safety=safety is not False)

    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def variables(self, node: yaml.Node) -> dict[str, Any]:
        entries = self.mapping(node, "`variables`") or {}
        result = {}
        for name, (key, value) in entries.items():
            if name in GIVEN_NAMES:
                self.error(key, f"`{name}` is given to every dialogue, so it cannot be a variable of its own",
                           "choose another name")
            elif self.identifier(key, "a variable name") is not None:
                result[name] = plain_value(value)
        return result

    def summary(self, node: yaml.Node) -> dict[str, str]:
        entries = self.mapping(node, "`summary`") or {}
        self.check_keys(entries, SUMMARY_FORMATS, "`summary`")
        loader = BoundedFileSystemLoader([str(d) for d in self.template_dirs])
        env = make_environment(loader=loader)
        result = {}
        for fmt, (_, value) in entries.items():
            name = self.string(value, f"the {fmt} summary template")
            if fmt not in SUMMARY_FORMATS or name is None:
                continue
            try:
                source, filename, _ = loader.get_source(env, name)
                parse_for_checking(env, source, name, filename)  # syntax only: compiling waits for the first summary
            except jinja2.TemplateNotFound:
                known = [p.name for d in self.template_dirs if d.is_dir() for p in d.iterdir()]
                self.error(value, f"summary template `{name}` not found in "
                           + " or ".join(display_path(d) for d in self.template_dirs),
                           did_you_mean(name, known))
                continue
            except jinja2.TemplateSyntaxError as exc:
                where = Span(display_path(Path(exc.filename)) if exc.filename else name, exc.lineno or 1, 1)
                self.error(where, f"template error in `{name}`: {exc.message}")
                continue
            result[fmt] = name
        return result

    def check_summaries(self, summary: dict[str, str], variables: dict[str, Any], nodes: dict[str, Node]) -> None:
        """Each summary template, and those it uses, as the summary will render it (engine.dialogue.summaries)."""
        names = {*variables, *set_by(nodes.values()), *GIVEN_NAMES}  # vars holds what every dialogue is given too
        env = make_environment(loader=BoundedFileSystemLoader([str(d) for d in self.template_dirs]))
        html = {name for fmt, name in summary.items() if fmt == "html"}
        for name in dict.fromkeys(summary.values()):
            for problem in check_summary(env, name, names, html=name in html):
                self.error(problem.span, problem.message, problem.hint)

    # -- whole-file checks --------------------------------------------------------------
    def check_reachable(self, nodes: dict[str, Node], start: str) -> None:
        seen, todo = {start}, [start]
        while todo:
            for target in successors(nodes[todo.pop()]):
                if target in nodes and target not in seen:
                    seen.add(target)
                    todo.append(target)
        for node_id, node in nodes.items():
            if node_id not in seen:
                self.error(node.span, f"node `{node_id}` can never be reached",
                           "point a `next` at it, or remove it", severity="warning", rule="unreachable")

    def check_chosen_calls(self, nodes: dict[str, Node]) -> None:
        """`call: {chosen: QUESTION}` names a question of this dialogue that offers dialogues."""
        for node in nodes.values():
            if not isinstance(node, Call) or node.chosen is None:
                continue
            asked = nodes.get(node.chosen)
            if not isinstance(asked, Ask):
                self.error(node.dialogue_span or node.span, f"there is no question `{node.chosen}` in this dialogue "
                           "to choose the dialogue at", did_you_mean(node.chosen, [n for n, found in nodes.items()
                                                                                   if isinstance(found, Ask)]))
            elif not asked.answer.offers:
                self.error(node.dialogue_span or node.span, f"the question `{node.chosen}` offers no dialogues",
                           "add an option `- offer: client` with `next:` leading here")

    def check_names(self, variables: dict[str, Any], nodes: dict[str, Node]) -> None:
        known = set(variables) | BUILTIN_NAMES | set(GIVEN_NAMES)
        for node in nodes.values():
            own: set[str] = set()
            if isinstance(node, Ask):
                own = {node.save}
            elif isinstance(node, SetVars):
                own = {name for name, _ in node.assignments}
            elif isinstance(node, Call):
                own = {node.namespace}
            for name in own & set(GIVEN_NAMES):
                self.error(node.span, f"node `{node.id}` would overwrite `{name}`, which is given to every "
                           "dialogue", "choose another name (with `save:`, `as:` or in `set:`)")
            known |= own
        for compiled in self.compiled:
            for name in sorted(compiled.names - known - compiled.assigned):
                self.error(compiled.span, f"unknown variable `{name}`",
                           did_you_mean(name, known - BUILTIN_NAMES)
                           or "declare it under `variables:` with a starting value")
            for attribute in compiled.unsafe:
                self.error(compiled.span, f"`{attribute}` cannot be used in a template",
                           "names starting with `_` are private; the sandbox blocks them")
