"""Building one dialogue file's model: its fields and its nodes, each checked as it is read.

What one file can know is checked here (keys, types, node targets, unknown variables, reachable
nodes); what needs every file of a library is in ``engine.dialogue.checks``. Every problem is
collected, so an author sees all the mistakes of a file in one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

import jinja2
import yaml

from engine.dialogue.expressions import TEXT_ENV, make_environment
from engine.dialogue.graph import successors
from engine.dialogue.model import (
    BRANCH_KEYS,
    COMMON_NODE_KEYS,
    DIALOGUE_KEYS,
    GIVEN_NAMES,
    NODE_KEYS,
    NODE_KINDS,
    OPTION_KEYS,
    RECORD_FIELDS,
    REQUIRED_DIALOGUE_KEYS,
    SUMMARY_FORMATS,
    AnswerSpec,
    Ask,
    Audience,
    Branch,
    Call,
    Dialogue,
    End,
    Node,
    Option,
    Record,
    Say,
    SetVars,
)
from engine.dialogue.reader import ID_PATTERN, NAME_PATTERN, DialogueReader
from engine.dialogue.sandbox import BoundedFileSystemLoader
from engine.ground.errors import did_you_mean
from engine.ground.files import display_path
from engine.ground.source import Span
from engine.ground.yamlfile import is_null, kind_name, plain_value
from engine.understanding.answers import PARSERS

ALL_NODE_KEYS = sorted({k for keys in NODE_KEYS.values() for k in keys} | set(COMMON_NODE_KEYS))
# Names every template may use without declaring them (Jinja's own globals).
BUILTIN_NAMES = frozenset(TEXT_ENV.globals)

Entries = dict[str, tuple[yaml.Node, yaml.Node]]


class NodeFields(TypedDict):
    """What every kind of node has, read before its own fields."""

    id: str
    span: Span
    section: str | None
    next: tuple[Branch, ...]


class DialogueBuilder(DialogueReader):
    """Reads one dialogue file into a ``Dialogue``; ``problems`` collects everything wrong with it."""

    def __init__(self, path: Path, template_dirs: list[Path]):
        super().__init__(path)
        self.template_dirs = template_dirs
        self.targets: list[tuple[str, Span]] = []  # every `next` target, checked at the end
        self.declared: set[str] = set()  # every node id written, even if the node has mistakes
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
                        path=str(self.path), span=self.span(root), help=help_text, order=int(order or 100),
                        safety=safety is not False)

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
        self.check_node_keys(entries, kind, what)
        span = self.span(key)
        if "section" in entries:
            section = self.string(entries["section"][1], "`section`") or section
        branches = self.ways_out(entries, kind, what, key, following)
        common = NodeFields(id=node_id, span=span, section=section, next=branches)
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

    def check_node_keys(self, entries: Entries, kind: str, what: str) -> None:
        """Each key of a node belongs to its kind (or to every node); a key of another kind says so."""
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

    def ways_out(self, entries: Entries, kind: str, what: str, key: yaml.Node,
                 following: str | None) -> tuple[Branch, ...]:
        """A node's `next`: as written, else the node listed after it; none for an `end`."""
        if kind == "end":
            if "next" in entries:
                self.error(entries["next"][0], f"{what} is an `end`, so it cannot have `next`",
                           "remove `next`, or change the node to `say`")
            return ()
        if "next" in entries:
            return self.transition(entries["next"][1])
        if following is not None:
            return (Branch(following, None, self.span(key)),)  # falls through to the next node listed
        self.error(key, f"{what} is the last node, so it needs `next` or should be an `end`",
                   "add `next: <node id>`, or add an `end` node after it")
        return ()

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

    def ask(self, node_id: str, entries: Entries, common: NodeFields) -> Ask | None:
        what = f"node `{node_id}`"
        def get(key: str) -> yaml.Node:
            return entries[key][1]  # only for keys that are there
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
                given = entries["value"][1] if "value" in entries else entries["label"][1]
                if not isinstance(given, yaml.ScalarNode):
                    self.error(given, f"an option's `value` should be text or a number, not {kind_name(given)}")
                    continue
                value_node = given
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

    def set_node(self, body: yaml.Node, what: str, common: NodeFields) -> SetVars | None:
        entries = self.mapping(body, f"`set` of {what}")
        if entries is None:
            return None
        assignments = []
        for name, (key, value) in entries.items():
            expression = self.expression(value, f"the value of `{name}`")
            if self.identifier(key, "a variable name") is not None and expression is not None:
                assignments.append((name, expression))
        return SetVars(assignments=tuple(assignments), **common)

    def call(self, node_id: str, entries: Entries, common: NodeFields) -> Call | None:
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

    def record(self, node_id: str, entries: Entries, common: NodeFields) -> Record | None:
        what = f"the `record` node `{node_id}`"
        kind = self.one_of(entries["record"][1], "what to record", RECORD_FIELDS)
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
