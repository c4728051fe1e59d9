"""From YAML files to a checked ``Library`` of dialogues.

Reading is split in two, like python-statemachine's ``io``: ``_FileReader`` turns one file's
YAML nodes into model objects, checking what a single file can know; ``_check_library`` then
checks what needs every file (calls between dialogues, loops, progress estimates). Every
problem is collected, so an author sees all the mistakes of a file in one go.
"""

from __future__ import annotations

import heapq
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2
import yaml

from engine.understanding.answers import PARSERS
from engine.ground.errors import DialogueLoadError, Problem, did_you_mean, suggestions_limited
from engine.dialogue.expressions import TEXT_ENV, CompileError, Expression, Text, make_environment
from engine.dialogue.sandbox import BoundedFileSystemLoader
from engine.dialogue.model import (BRANCH_KEYS, CATALOGUE_FILE, COMMON_NODE_KEYS, DIALOGUE_KEYS, GIVEN_NAMES, NODE_KEYS,
                          NODE_KINDS, OPTION_KEYS, RECORD_FIELDS, REQUIRED_DIALOGUE_KEYS, STRATEGY_AUDIENCES,
                          STRATEGY_KEYS, STRATEGY_KINDS, SUMMARY_FORMATS, AnswerSpec, Ask, Audience, Branch, Call,
                          Dialogue, End, Library, Node, Option, Record, Say, SetVars, Strategy)
from engine.ground.source import Span
from engine.ground.yamlreader import SKIPPED, Reader, is_null, kind_name, plain_value

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ALL_NODE_KEYS = sorted({k for keys in NODE_KEYS.values() for k in keys} | set(COMMON_NODE_KEYS))
# Names every template may use without declaring them (Jinja's own globals).
BUILTIN_NAMES = frozenset(TEXT_ENV.globals)
UNREACHABLE = 10**9


def resource_dir(name: str) -> Path:
    """``dialogues`` or ``prompts``: inside the package in a wheel, beside it in a checkout."""
    package = Path(__file__).resolve().parents[1]  # engine/
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"peercoach cannot find its bundled `{name}` folder near {package}")


def template_dirs_for(dialogue_path: str | Path) -> list[Path]:
    """Where a dialogue's summary templates are looked for: a ``prompts/`` folder beside its
    folder, its own folder, then the bundled templates."""
    here = Path(os.path.realpath(dialogue_path)).parent  # Path.resolve raises on a link loop
    return list(dict.fromkeys([here.parent / "prompts", here, resource_dir("prompts")]))


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class _FileReader(Reader):
    """Reads one dialogue file; ``problems`` collects everything wrong with it."""

    def __init__(self, path: Path, template_dirs: list[Path]):
        super().__init__(path, display_path(path))
        self.template_dirs = template_dirs
        self.targets: list[tuple[str, Span]] = []  # every `next` target, checked at the end
        self.compiled: list[Text | Expression] = []  # checked for unknown variables at the end
        self.declared: set[str] = set()  # every node id written, even if the node has mistakes
        self.broken_id: str | None = None  # the id of a dialogue that has mistakes

    # -- typed readers only dialogues need (the generic ones are in engine.ground.yamlreader.Reader) --
    def identifier(self, node: yaml.Node, what: str, pattern: re.Pattern = NAME_PATTERN) -> str | None:
        value = self.string(node, what)
        if value is not None and not pattern.fullmatch(value):
            rule = ("lower-case letters, digits, `-` and `_`" if pattern is ID_PATTERN
                    else "letters, digits and `_`, not starting with a digit")
            self.error(node, f"{what} `{value}` should use only {rule}")
            return None
        return value

    def text(self, node: yaml.Node, what: str, allow_empty: bool = False) -> Text | None:
        return self._compile(Text, node, what, allow_empty, "template",
                             "check that every `{{` has a matching `}}` and every `{%` a `%}`")

    def expression(self, node: yaml.Node, what: str) -> Expression | None:
        return self._compile(Expression, node, what, False, "expression",
                             "write a Jinja expression such as `confidence < 5` or `answer == 'yes'`")

    def _compile(self, kind: type[Text] | type[Expression], node: yaml.Node, what: str,
                 allow_empty: bool, label: str, hint: str) -> Text | Expression | None:
        source = self.string(node, what, allow_empty)
        if source is None:
            return None
        try:
            compiled = kind.compile(source, self.span(node))
        except CompileError as exc:
            self.error(self.inner_span(node, exc.line), f"{label} error in {what}: {exc.message}", exc.hint or hint)
            return None
        self.compiled.append(compiled)  # checked for unknown variables once the file is read
        return compiled

    # -- the dialogue -------------------------------------------------------------------
    def read_catalogue(self) -> dict[str, Strategy]:
        """The strategy catalogue: ``strategies:`` mapping each id to its name, description and sources."""
        root = self.root("the catalogue needs `strategies:` with one entry per strategy")
        top = self.mapping(root, "the strategy catalogue") if root is not None else None
        if top is None:
            return {}
        self.check_keys(top, ("strategies",), "the strategy catalogue")
        if "strategies" not in top:
            self.require(top, ("strategies",), root, "the strategy catalogue")
            return {}
        entries = self.mapping(top["strategies"][1], "`strategies`") or {}
        found: dict[str, Strategy] = {}
        for strategy_id, (key_node, body) in entries.items():
            what = f"strategy `{strategy_id}`"
            self.identifier(key_node, "a strategy id", ID_PATTERN)
            fields = self.mapping(body, what)
            if fields is None:
                continue
            self.check_keys(fields, STRATEGY_KEYS, what)
            self.require(fields, STRATEGY_KEYS, body, what)
            if any(key not in fields for key in STRATEGY_KEYS):
                continue
            name = self.string(fields["name"][1], "`name`")
            description = self.string(fields["description"][1], "`description`")
            sources = self.sources(fields["sources"][1])
            audience = self.one_of(fields["audience"][1], STRATEGY_AUDIENCES, "`audience`")
            kind = self.one_of(fields["kind"][1], STRATEGY_KINDS, "`kind`")
            if None not in (name, description, sources, audience, kind):
                found[strategy_id] = Strategy(strategy_id, name, description, sources, audience, kind,
                                              self.span(key_node))
        return found

    def sources(self, node: yaml.Node) -> tuple[int, ...] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        numbers = [plain_value(item) if isinstance(item, yaml.ScalarNode) else None for item in items]
        if not numbers or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in numbers):
            self.error(node, "`sources` should list document numbers", "for example `sources: [1, 2]`")
            return None
        return tuple(numbers)

    def one_of(self, node: yaml.Node, allowed: Sequence[str], what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and value not in allowed:
            self.error(node, f"{what} should be one of " + ", ".join(f"`{a}`" for a in allowed),
                       did_you_mean(value, allowed))
            return None
        return value

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

        dialogue_id = self.identifier(field("id"), "the dialogue id", ID_PATTERN) if field("id") else None
        title = self.string(field("title"), "`title`") if field("title") else None
        audience = self.audience(field("audience")) if field("audience") else None
        description = self.string(field("description"), "`description`", allow_empty=True) \
            if field("description") else ""
        help_text = self.text(field("help"), "`help`") if field("help") else None
        order = self.number(field("order"), "`order`") if field("order") else 100
        variables = self.variables(field("variables")) if field("variables") else {}
        for alias in self.aliases_in(top, "variables") if "variables" in top else ():
            self.error(alias.span, f"an alias (`*{alias.anchor}`) cannot be used in `variables`",
                       "write the value out: every conversation gets its own copy of it, so a repeat "
                       "of a repeat could fill the memory")
        summary = self.summary(field("summary")) if field("summary") else {}
        safety = self.boolean(field("safety"), "`safety`") if field("safety") else True
        if safety is False and audience is Audience.CLIENT:
            self.error(field("safety"), "a client dialogue cannot turn the safety check off",
                       "only trainee and facilitator dialogues may set `safety: false`")
        nodes = self.nodes(field("nodes")) if field("nodes") else {}

        start = self.string(field("start"), "`start`") if field("start") else None
        if start is not None and self.declared and start not in self.declared:
            self.error(field("start"), f"`start` names `{start}`, but there is no such node",
                       did_you_mean(start, self.declared) or "use the id of one of the nodes")
        for target, span in self.targets:
            if self.declared and target not in self.declared:
                self.error(span, f"there is no node `{target}` in this dialogue",
                           did_you_mean(target, self.declared) or "check the spelling of the node id")
        self.check_names(variables, nodes)
        if self.errors():
            # A dialogue with mistakes is still known by id (so calls to it are not reported
            # as calls to nothing), but graph checks on it would only repeat its errors.
            self.broken_id = dialogue_id
            return None
        if nodes and start in nodes:
            self.check_reachable(nodes, start)
        if None in (dialogue_id, title, audience, start) or not nodes:
            return None
        return Dialogue(id=dialogue_id, title=title, audience=audience, description=description,
                        start=start, variables=variables, nodes=nodes, summary=summary,
                        path=str(self.path), span=self.span(root), help=help_text, order=int(order),
                        safety=safety is not False)

    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def audience(self, node: yaml.Node) -> Audience | None:
        value = self.string(node, "`audience`")
        choices = [a.value for a in Audience]
        if value is not None and value not in choices:
            self.error(node, f"`audience` `{value}` is not one of {', '.join(choices)}",
                       did_you_mean(value, choices))
            return None
        return Audience(value) if value is not None else None

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
        env = make_environment(loader=BoundedFileSystemLoader([str(d) for d in self.template_dirs]))
        result = {}
        for fmt, (_, value) in entries.items():
            name = self.string(value, f"the {fmt} summary template")
            if fmt not in SUMMARY_FORMATS or name is None:
                continue
            try:
                source, filename, _ = env.loader.get_source(env, name)
                env.parse(source, name, filename)  # syntax only: compiling waits for the first summary
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

    def nodes(self, node: yaml.Node) -> dict[str, Node]:
        entries = self.mapping(node, "`nodes`")
        if not entries:
            if entries is not None:
                self.error(node, "`nodes` is empty", "add at least one node, ending with an `end`")
            return {}
        ids = list(entries)
        self.declared.update(ids)
        result: dict[str, Node] = {}
        section: str | None = None
        for index, node_id in enumerate(ids):
            key, value = entries[node_id]
            if not ID_PATTERN.fullmatch(node_id) and not NAME_PATTERN.fullmatch(node_id):
                self.error(key, f"node id `{node_id}` should use only letters, digits, `-` and `_`")
            following = ids[index + 1] if index + 1 < len(ids) else None
            built = self.node(node_id, key, value, following, section)
            if built is not None:
                section = built.section
                result[node_id] = built
        return result

    def node(self, node_id: str, key: yaml.Node, value: yaml.Node, following: str | None,
             section: str | None) -> Node | None:
        what = f"node `{node_id}`"
        entries = self.mapping(value, what)
        if entries is None:
            return None
        kinds = [k for k in entries if k in NODE_KINDS]
        if not kinds:
            near = [did_you_mean(k, NODE_KINDS) for k in entries]
            self.error(key, f"{what} does not say what it does",
                       next((h for h in near if h), None)
                       or "give it one of " + ", ".join(f"`{k}`" for k in NODE_KINDS))
            return None
        if len(kinds) > 1:
            self.error(entries[kinds[1]][0], f"{what} has both `{kinds[0]}` and `{kinds[1]}`",
                       "a node does one thing: split it into two nodes")
            return None
        kind = kinds[0]
        allowed = NODE_KEYS[kind] + COMMON_NODE_KEYS
        for name, (name_node, _) in entries.items():
            if name in allowed:
                continue
            owner = next((k for k, keys in NODE_KEYS.items() if name in keys), None)
            hint = did_you_mean(name, allowed)
            if owner and not hint:
                self.error(name_node, f"`{name}` belongs to `{owner}` nodes, not to `{kind}` nodes")
            else:
                self.error(name_node, f"unknown key `{name}` in {what}",
                           hint or did_you_mean(name, ALL_NODE_KEYS)
                           or "allowed keys here: " + ", ".join(f"`{k}`" for k in allowed))

        span = self.span(key)
        if "section" in entries:
            section = self.string(entries["section"][1], "`section`") or section
        if kind == "end":
            if "next" in entries:
                self.error(entries["next"][0], f"{what} is an `end`, so it cannot have `next`",
                           "remove `next`, or change the node to `say`")
            branches: tuple[Branch, ...] = ()
        elif "next" in entries:
            branches = self.transition(entries["next"][1])
        elif following is not None:
            branches = (Branch(following, None, span),)  # falls through to the next node listed
        else:
            self.error(key, f"{what} is the last node, so it needs `next` or should be an `end`",
                       "add `next: <node id>`, or add an `end` node after it")
            branches = ()
        common = dict(id=node_id, span=span, section=section, next=branches)
        body = entries[kind][1]
        if kind == "say":
            text = self.text(body, f"`say` of {what}")
            return Say(text=text, **common) if text else None
        if kind == "ask":
            return self.ask(node_id, entries, common)
        if kind == "set":
            return self.set_node(body, what, common)
        if kind == "call":
            return self.call(node_id, entries, common)
        if kind == "record":
            return self.record(node_id, entries, common)
        text = None if is_null(body) else self.text(body, f"`end` of {what}")
        return End(text=text, **common)

    def transition(self, node: yaml.Node) -> tuple[Branch, ...]:
        if isinstance(node, yaml.ScalarNode):
            target = self.string(node, "`next`")
            if target is None:
                return ()
            self.targets.append((target, self.span(node)))
            return (Branch(target, None, self.span(node)),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, "`next` should be a node id, or a list of `if:` / `then:` branches "
                       "ending with `else:`")
            return ()
        branches: list[Branch] = []
        for index, item in enumerate(node.value):
            entries = self.mapping(item, "a branch of `next`")
            if entries is None:
                continue
            self.check_keys(entries, BRANCH_KEYS, "a branch of `next`")
            last = index == len(node.value) - 1
            if "else" in entries:
                if "if" in entries or "then" in entries:
                    self.error(item, "a branch has either `if:` and `then:`, or `else:` alone")
                if not last:
                    self.error(entries["else"][0], "`else:` must be the last branch",
                               "branches are tried in order, so nothing after `else:` is ever used")
                target_node, condition = entries["else"][1], None
            elif "if" in entries and "then" in entries:
                condition = self.expression(entries["if"][1], "the `if` condition")
                target_node = entries["then"][1]
            else:
                missing = "then" if "if" in entries else "if"
                self.error(item, f"this branch is missing `{missing}:`",
                           "write `- if: <condition>` and `then: <node id>` on the next line")
                continue
            target = self.string(target_node, "a branch target")
            if target is not None:
                self.targets.append((target, self.span(target_node)))
                branches.append(Branch(target, condition, self.span(item)))
        if branches and branches[-1].condition is not None:
            self.error(node, "`if` branches need a final `else:` saying where to go otherwise",
                       "add `- else: <node id>` as the last branch")
        return tuple(branches)

    def ask(self, node_id: str, entries: dict, common: dict) -> Ask | None:
        what = f"node `{node_id}`"
        get = lambda key: entries[key][1] if key in entries else None  # noqa: E731
        text = self.text(get("ask"), f"the question of {what}")
        answer_type = "choice" if "options" in entries and "type" not in entries else "text"
        if "type" in entries:
            answer_type = self.string(get("type"), "`type`") or "text"
            if answer_type not in PARSERS:
                self.error(get("type"), f"unknown answer type `{answer_type}`",
                           did_you_mean(answer_type, PARSERS)
                           or "use one of " + ", ".join(f"`{t}`" for t in PARSERS))
                answer_type = "text"
        minimum = self.number(get("min"), "`min`") if "min" in entries else None
        maximum = self.number(get("max"), "`max`") if "max" in entries else None
        for bound in ("min", "max"):
            if bound in entries and answer_type not in ("number", "scale"):
                self.error(entries[bound][0], f"`{bound}` only applies to `number` and `scale` questions")
        if answer_type == "scale" and (minimum is None or maximum is None):
            self.error(common["span"], f"the `scale` question {what} needs both `min` and `max`",
                       "for example `min: 0` and `max: 10`")
        if minimum is not None and maximum is not None and minimum >= maximum:
            self.error(get("max"), f"`max` ({maximum}) should be bigger than `min` ({minimum})")
        options = self.options(get("options"), what) if "options" in entries else ()
        if answer_type == "choice" and len(options) < 2 and "options" not in entries:
            self.error(common["span"], f"the `choice` question {what} needs `options`",
                       "list at least two options, each with a `label`")
        elif "options" in entries and answer_type != "choice":
            self.error(entries["options"][0], f"`options` only apply to `choice` questions, "
                       f"but {what} has `type: {answer_type}`")
        save = node_id.replace("-", "_")
        if "save" in entries:
            save = self.identifier(get("save"), "`save`") or save
        optional = bool(self.boolean(get("optional"), "`optional`")) if "optional" in entries else False
        help_text = self.text(get("help"), f"the help of {what}") if "help" in entries else None
        strategy = self.identifier(get("strategy"), "`strategy`", ID_PATTERN) if "strategy" in entries else None
        if text is None:
            return None
        return Ask(text=text, answer=AnswerSpec(answer_type, minimum, maximum, options), save=save,
                   optional=optional, help=help_text, strategy=strategy,
                   strategy_span=self.span(get("strategy")) if strategy else None, **common)

    def options(self, node: yaml.Node, what: str) -> tuple[Option, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"`options` of {what} should be a list (lines starting with `- `)")
            return ()
        if len(node.value) < 2:
            self.error(node, f"a choice needs at least two options, {what} has {len(node.value)}")
        options: list[Option] = []
        seen: dict[Any, Span] = {}
        for item in node.value:
            branches: tuple[Branch, ...] = ()
            explain, strategy, strategy_span = None, None, None
            if isinstance(item, yaml.ScalarNode):
                label, value_node = self.text(item, "an option"), item
                value = self.string(item, "an option")
            else:
                entries = self.mapping(item, "an option")
                if entries is None:
                    continue
                self.check_keys(entries, OPTION_KEYS, "an option")
                if "label" not in entries:
                    self.error(item, "this option is missing `label`", "add `label: <what the person sees>`")
                    continue
                label = self.text(entries["label"][1], "an option `label`")
                value_node = entries["value"][1] if "value" in entries else entries["label"][1]
                if not isinstance(value_node, yaml.ScalarNode):
                    self.error(value_node, f"an option's `value` should be text or a number, not {kind_name(value_node)}")
                    continue
                value = plain_value(value_node)
                if "next" in entries:
                    branches = self.transition(entries["next"][1])
                if "explain" in entries:
                    explain = self.text(entries["explain"][1], "an option's `explain`")
                if "strategy" in entries:
                    strategy = self.identifier(entries["strategy"][1], "`strategy`", ID_PATTERN)
                    strategy_span = self.span(entries["strategy"][1])
            if label is None:
                continue
            if value in seen:
                self.error(value_node, f"two options have the value `{value}`",
                           "give each option its own `value` so answers can be told apart")
            seen[value] = self.span(value_node)
            options.append(Option(label, value, self.span(item), branches, explain, strategy, strategy_span))
        return tuple(options)

    def set_node(self, body: yaml.Node, what: str, common: dict) -> SetVars | None:
        entries = self.mapping(body, f"`set` of {what}")
        if entries is None:
            return None
        assignments = []
        for name, (key, value) in entries.items():
            expression = self.expression(value, f"the value of `{name}`")
            if self.identifier(key, "a variable name") is not None and expression is not None:
                assignments.append((name, expression))
        return SetVars(assignments=tuple(assignments), **common)

    def call(self, node_id: str, entries: dict, common: dict) -> Call | None:
        body = entries["call"][1]
        dialogue = self.identifier(body, "the dialogue to call", ID_PATTERN)
        if dialogue is None:
            return None
        namespace = dialogue.replace("-", "_")
        if "as" in entries:
            namespace = self.identifier(entries["as"][1], "`as`") or namespace
        arguments = []
        if "with" in entries:
            for name, (key, value) in (self.mapping(entries["with"][1], "`with`") or {}).items():
                expression = self.expression(value, f"the value passed as `{name}`")
                if self.identifier(key, "a variable name") is not None and expression is not None:
                    arguments.append((name, expression))
        return Call(dialogue=dialogue, namespace=namespace, arguments=tuple(arguments),
                    dialogue_span=self.span(body), **common)

    def record(self, node_id: str, entries: dict, common: dict) -> Record | None:
        what = f"the `record` node `{node_id}`"
        kind = self.one_of(entries["record"][1], tuple(RECORD_FIELDS), "what to record")
        if kind is None:
            return None
        required, optional = RECORD_FIELDS[kind]
        body = entries["with"][1] if "with" in entries else None
        given = (self.mapping(body, f"`with` of {what}") or {}) if body is not None else {}
        fields = []
        for name, (key, value) in given.items():
            if name not in required + optional:
                self.error(key, f"a `{kind}` record has no field `{name}`",
                           did_you_mean(name, required + optional)
                           or "its fields are " + ", ".join(f"`{f}`" for f in required + optional))
                continue
            expression = self.expression(value, f"the `{name}` of {what}")
            if expression is not None:
                fields.append((name, expression))
        missing = [f for f in required if f not in given]
        if missing:
            self.error(entries["record"][0], f"{what} needs " + " and ".join(f"`{f}`" for f in missing),
                       "add them under `with:`, e.g. `with: {" + ", ".join(f"{f}: ..." for f in missing) + "}`")
        return Record(kind=kind, fields=tuple(fields), **common)

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
                           "point a `next` at it, or remove it", severity="warning")

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
            for name in sorted(compiled.names - known):
                self.error(compiled.span, f"unknown variable `{name}`",
                           did_you_mean(name, known - BUILTIN_NAMES)
                           or "declare it under `variables:` with a starting value")
            for attribute in compiled.unsafe:
                self.error(compiled.span, f"`{attribute}` cannot be used in a template",
                           "names starting with `_` are private; the sandbox blocks them")


def successors(node: Node) -> list[str]:
    targets = [branch.target for branch in node.next]
    if isinstance(node, Ask):
        targets += [b.target for option in node.answer.options for b in option.next]
    return targets


# -- the library ----------------------------------------------------------------------------
def _dialogue_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The dialogue files in ``paths`` (folders are read one level deep), and why a folder could
    not be listed. Whatever a folder holds under a `.yaml` name is kept, links and pipes too: the
    reader says what is wrong with each, so nothing is left out without a word."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                problems.append(Problem(Span(display_path(path), 1, 1),
                                        f"peercoach cannot list this folder: {exc.strerror or exc}"))
                continue
            files.extend(p for p in entries if p.suffix in (".yaml", ".yml") and p.name != CATALOGUE_FILE)
        elif path.name != CATALOGUE_FILE:
            files.append(path)
    unique: dict[str, Path] = {}
    for file in files:
        unique.setdefault(os.path.realpath(file), file)  # unlike Path.resolve, never fails on a link loop
    return list(unique.values()), problems


def _catalogue_files(paths: Iterable[Path]) -> list[Path]:
    """Each strategy catalogue: `strategies.yaml` in a dialogue folder, beside a dialogue file,
    or named on its own."""
    found = [p / CATALOGUE_FILE if p.is_dir() else p if p.name == CATALOGUE_FILE else p.parent / CATALOGUE_FILE
             for p in paths]
    # A catalogue that exists in any form is read, so a link to nowhere or a pipe is reported.
    unique = {os.path.realpath(p): p for p in found if p.name == CATALOGUE_FILE and os.path.lexists(p)}
    return list(unique.values())


def _check_strategies(library: Library) -> list[Problem]:
    """Every `strategy:` names a strategy in the catalogue; a question without one is a warning."""
    problems: list[Problem] = []
    known = library.strategies
    for dialogue in library.dialogues.values():
        for node in dialogue.nodes.values():
            if not isinstance(node, Ask):
                continue
            named = [(node.strategy, node.strategy_span)]
            named += [(o.strategy, o.strategy_span) for o in node.answer.options]
            for strategy, span in named:
                if strategy is not None and strategy not in known:
                    problems.append(Problem(span, f"there is no strategy `{strategy}` in the catalogue",
                                            did_you_mean(strategy, known)
                                            or f"add it to dialogues/{CATALOGUE_FILE} or use one listed there"))
            if node.strategy is None and known:
                problems.append(Problem(node.span, f"question `{node.id}` names no strategy",
                                        f"add `strategy: <id>` naming one of dialogues/{CATALOGUE_FILE}",
                                        "warning"))
    return problems


def load_library(paths: Iterable[Path | str] = (), *, bundled: bool = True, skip_broken: bool = False) -> Library:
    """Load the bundled dialogues and/or the given files and folders as one library.

    Raises ``DialogueLoadError`` listing every problem when any file has an error; warnings
    alone do not stop loading and are kept in ``Library.warnings``. With ``skip_broken`` (for
    running, not checking) a file with errors is left out instead, with every dialogue that calls
    it, and ``Library.skipped`` says why: one broken file must not stop the others.
    """
    with suggestions_limited():  # a file with thousands of mistakes gets hints for the first ones
        return _load_library([Path(p) for p in paths], bundled, skip_broken)


def _load_library(sources: list[Path], bundled: bool, skip_broken: bool) -> Library:
    missing = [p for p in sources if not p.exists()]
    if missing:
        raise DialogueLoadError([Problem(Span(str(p), 1, 1), "no such file or folder") for p in missing])
    bundle_dir = resource_dir("dialogues")
    files, problems = _dialogue_files(([bundle_dir] if bundled else []) + sources)
    dialogues: dict[str, Dialogue] = {}
    first_seen: dict[str, Span] = {}
    broken: set[str] = set()
    for file in files:
        reader = _FileReader(file, template_dirs_for(file))
        dialogue = reader.read()
        problems.extend(reader.problems)
        if reader.broken_id:
            broken.add(reader.broken_id)
        if dialogue is None:
            continue
        if dialogue.id in dialogues:
            problems.append(Problem(dialogue.span, f"dialogue id `{dialogue.id}` is used twice",
                                    f"it is also the id in {first_seen[dialogue.id]}; ids must be unique"))
            continue
        dialogues[dialogue.id] = dialogue
        first_seen[dialogue.id] = dialogue.span
    strategies: dict[str, Strategy] = {}
    catalogue_problems: list[Problem] = []
    for catalogue in _catalogue_files(([bundle_dir] if bundled else []) + sources):
        reader = _FileReader(catalogue, [])
        strategies.update(reader.read_catalogue())
        catalogue_problems.extend(reader.problems)
    problems.extend(catalogue_problems)
    library = Library(dialogues, strategies)
    problems.extend(_check_library(library, broken))
    if not (skip_broken and any(p.severity == "error" for p in catalogue_problems)):
        # (a broken catalogue would make every strategy unknown; its own errors say enough)
        problems.extend(_check_strategies(library))
    if skip_broken:
        return _without_broken(library, problems)
    if any(p.severity == "error" for p in problems):
        raise DialogueLoadError(problems)
    return replace(library, warnings=tuple(sorted(problems)))


def _without_broken(library: Library, problems: list[Problem]) -> Library:
    """The library without the dialogues whose files have errors, nor those that call them
    (directly or not); ``skipped`` keeps the errors, and the notes about files that were skipped."""
    problems = list(problems)
    dialogues = dict(library.dialogues)
    while True:
        broken_files = {p.span.file for p in problems if p.severity == "error"}
        left_out = [d for d in dialogues.values() if display_path(Path(d.path)) in broken_files]
        for dialogue in left_out:
            del dialogues[dialogue.id]
        callers = [Problem(node.dialogue_span, f"dialogue `{node.dialogue}` has errors, so this one cannot "
                           "run either", "fix the errors of the dialogue it calls")
                   for dialogue in dialogues.values() if display_path(Path(dialogue.path)) not in broken_files
                   for node in dialogue.nodes.values() if isinstance(node, Call) and node.dialogue not in dialogues]
        problems.extend(callers)
        if not left_out and not callers:
            break
    broken_files = {p.span.file for p in problems if p.severity == "error"}
    skipped = [p for p in problems if p.span.file in broken_files and p.severity == "error"
               or p.message.endswith(SKIPPED)]
    kept = Library(dialogues, library.strategies)
    kept.remaining.update(_remaining_questions(kept))
    warnings = [p for p in problems if p not in skipped and p.span.file not in broken_files]
    return replace(kept, warnings=tuple(sorted(warnings)), skipped=tuple(sorted(set(skipped))))


def _check_library(library: Library, broken: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    calls: dict[str, set[str]] = {d: set() for d in library.dialogues}
    for dialogue in library.dialogues.values():
        for node in dialogue.nodes.values():
            if not isinstance(node, Call):
                continue
            if node.dialogue in broken:
                continue  # its own file's errors say what is wrong with it
            if node.dialogue not in library:
                problems.append(Problem(node.dialogue_span, f"there is no dialogue with id `{node.dialogue}`",
                                        did_you_mean(node.dialogue, library.dialogues)
                                        or "check the `id:` at the top of the dialogue you mean"))
                continue
            calls[dialogue.id].add(node.dialogue)
            callee = library[node.dialogue]
            for name, expression in node.arguments:
                if name not in callee.variables:
                    problems.append(Problem(expression.span, f"dialogue `{callee.id}` has no variable `{name}`",
                                            did_you_mean(name, callee.variables)
                                            or f"declare `{name}` under `variables:` in {display_path(Path(callee.path))}"))
    problems.extend(_call_cycles(library, calls))
    library.remaining.update(_remaining_questions(library))
    problems.extend(_silent_loops(library))
    for (dialogue_id, node_id), count in library.remaining.items():
        node = library[dialogue_id].nodes[node_id]
        if count >= UNREACHABLE and node_id == library[dialogue_id].start:
            problems.append(Problem(node.span, f"dialogue `{dialogue_id}` can never reach an `end`",
                                    "give every loop a way out to an `end` node"))
    return problems


def _call_cycles(library: Library, calls: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for start in calls:
        stack, seen = [(start, [start])], set()
        while stack:
            current, path = stack.pop()
            for callee in calls.get(current, ()):
                if callee == start:
                    cycle = " -> ".join(path + [start])
                    problems.append(Problem(library[start].span, f"dialogue `{start}` calls itself ({cycle})",
                                            "use `next` to repeat steps instead of calling a dialogue again"))
                    stack.clear()
                    break
                if callee not in seen:
                    seen.add(callee)
                    stack.append((callee, path + [callee]))
    return problems


def _remaining_questions(library: Library) -> dict[tuple[str, str], int]:
    """The fewest questions from each node to the end of its dialogue.

    Dijkstra's algorithm run backwards from the `end` nodes, so a dialogue of 20,000 steps takes
    a moment, not the minutes that sweeping every node until nothing changes took. A question
    costs one, a call what the called dialogue asks at least; a node's count is final when it
    is the smallest left, and each count that becomes final updates the nodes leading to it.
    """
    rest = {(d.id, n): UNREACHABLE for d in library.dialogues.values() for n in d.nodes}
    leads_here: dict[tuple[str, str], list[tuple[str, str]]] = {key: [] for key in rest}
    calls_here: dict[tuple[str, str], list[tuple[str, str]]] = {key: [] for key in rest}
    queue: list[tuple[int, tuple[str, str]]] = []
    for dialogue in library.dialogues.values():
        for node_id, node in dialogue.nodes.items():
            key = (dialogue.id, node_id)
            for target in successors(node):
                if (dialogue.id, target) in leads_here:
                    leads_here[(dialogue.id, target)].append(key)
            if isinstance(node, Call) and node.dialogue in library:
                calls_here[(node.dialogue, library[node.dialogue].start)].append(key)
            if isinstance(node, End):
                rest[key] = 0
                queue.append((0, key))
    done: set[tuple[str, str]] = set()
    while queue:
        count, key = heapq.heappop(queue)
        if key in done or count > rest[key]:
            continue
        done.add(key)
        for before in leads_here[key]:
            _lower(rest, queue, before, count + _own_cost(library, rest, before))
        for caller in calls_here[key]:  # what the call costs is known now
            dialogue_id, node_id = caller
            nearest = min((rest.get((dialogue_id, t), UNREACHABLE) for t in successors(library[dialogue_id].nodes[node_id])),
                          default=UNREACHABLE)
            _lower(rest, queue, caller, nearest + count)
    return rest


def _own_cost(library: Library, rest: dict[tuple[str, str], int], key: tuple[str, str]) -> int:
    """The questions a node itself asks: one for a question, at least the callee's for a call."""
    node = library[key[0]].nodes[key[1]]
    if isinstance(node, Ask):
        return 1
    if isinstance(node, Call) and node.dialogue in library:
        return rest[(node.dialogue, library[node.dialogue].start)]
    return 0


def _lower(rest: dict, queue: list, key: tuple[str, str], count: int) -> None:
    count = min(count, UNREACHABLE)
    if count < rest[key]:
        rest[key] = count
        heapq.heappush(queue, (count, key))


def _asks_for_sure(library: Library, node: Node) -> bool:
    if isinstance(node, Ask):
        return True
    if isinstance(node, Call) and node.dialogue in library:
        return library.remaining[(node.dialogue, library[node.dialogue].start)] >= 1
    return False


def _silent_loops(library: Library) -> list[Problem]:
    """Loops of nodes that can run round and round without asking anything: one problem for each
    group of such nodes that can all reach each other, showing one loop through its first node.

    The groups are strongly connected components (Tarjan's algorithm, without recursion), so
    this takes time in proportion to the dialogue, however many loops the group holds.
    """
    problems = []
    for dialogue in library.dialogues.values():
        silent = {n for n, node in dialogue.nodes.items()
                  if not isinstance(node, End) and not _asks_for_sure(library, node)}
        edges = {n: [t for t in successors(dialogue.nodes[n]) if t in silent] for n in dialogue.nodes if n in silent}
        for group in _strongly_connected(edges):
            first = min(group, key=lambda n: dialogue.nodes[n].span)
            if len(group) == 1 and first not in edges[first]:
                continue  # a single node that does not lead to itself is no loop
            loop = _shortest_loop(first, edges, group)
            shown = " -> ".join(loop + loop[:1])
            problems.append(Problem(dialogue.nodes[first].span,
                                    f"these steps loop forever without asking anything: {shown}",
                                    "put a question in the loop or give it a way out"))
    return sorted(problems)


def _strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of a graph, iteratively (a loop of 20,000 steps
    would pass Python's recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges[target])))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _shortest_loop(first: str, edges: dict[str, list[str]], group: set[str]) -> list[str]:
    """The shortest way from ``first`` round to itself inside ``group`` (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [first]
    while frontier:
        following = []
        for node in frontier:
            for target in edges[node]:
                if target == first:
                    path = [node]
                    while path[-1] != first:
                        path.append(came_from[path[-1]])
                    return path[::-1]
                if target in group and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [first]
