"""A dialogue's summary templates, checked when the dialogue loads, as its own texts are.

A mistake in a summary template would otherwise show only after a client has finished: an
unknown filter as a traceback, a misspelt ``vars.name`` or a block the base template does not
have as a silently empty page. Each template a summary uses (and every one it extends, includes
or imports) is parsed and checked for:

- filters and tests that do not exist (``| reflct``), with the nearest known name;
- names a summary is never given (``{{ answer }}`` instead of ``{{ vars.answer }}``);
- ``vars.name`` for a name the dialogue never sets or declares;
- a ``{% block %}`` the template it extends does not define (it would never be shown).

Each problem names the template's file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from engine.ground.errors import did_you_mean
from engine.ground.files import display_path
from engine.ground.source import Span

# What every summary template is given (engine.render.summary builds it; a test keeps the two in step).
SUMMARY_NAMES = frozenset({"dialogue", "vars", "shown", "answers", "safety_events", "resources", "progress",
                           "status", "finished", "generated", "session", "nested", "called"})


@dataclass(frozen=True)
class TemplateProblem:
    span: Span
    message: str
    hint: str | None = None


def check_summary(env: jinja2.Environment, name: str, variables: Iterable[str]) -> list[TemplateProblem]:
    """Everything wrong with summary template ``name`` and the templates it uses. ``variables``
    are the names the dialogue sets or declares (what ``vars`` holds)."""
    checker = _Checker(env, frozenset(variables))
    checker.visit(name)
    return checker.problems


class _Checker:
    def __init__(self, env: jinja2.Environment, variables: frozenset[str]):
        self.env, self.variables = env, variables
        self.problems: list[TemplateProblem] = []
        self.trees: dict[str, tuple[nodes.Template, str] | None] = {}
        self.missing: set[str] = set()
        self.visited: set[str] = set()

    def tree(self, name: str) -> tuple[nodes.Template, str] | None:
        """A template parsed, with the file it came from; None (and a problem) if it cannot be."""
        if name not in self.trees:
            self.trees[name] = None
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
                self.trees[name] = (self.env.parse(source, name, filename), display_path(Path(filename or name)))
            except jinja2.TemplateNotFound:
                self.missing.add(name)  # reported where it is used
            except jinja2.TemplateSyntaxError as exc:
                where = display_path(Path(exc.filename)) if exc.filename else name
                self.problems.append(TemplateProblem(Span(where, exc.lineno or 1, 1),
                                                     f"template error in `{name}`: {exc.message}"))
        return self.trees[name]

    def visit(self, name: str) -> None:
        self.visited.add(name)
        parsed = self.tree(name)
        if parsed is None:
            return
        tree, file = parsed

        def problem(node: nodes.Node, message: str, hint: str | None = None) -> None:
            self.problems.append(TemplateProblem(Span(file, node.lineno or 1, 1), message, hint))

        for used in tree.find_all((nodes.Filter, nodes.Test)):
            kind, known = ("filter", self.env.filters) if isinstance(used, nodes.Filter) else ("test", self.env.tests)
            if used.name not in known:
                problem(used, f"there is no {kind} `{used.name}`", did_you_mean(used.name, sorted(known)))
        for attr in tree.find_all(nodes.Getattr):
            if (isinstance(attr.node, nodes.Name) and attr.node.name == "vars" and attr.attr not in self.variables
                    and not attr.attr.startswith("_")):  # `_` names: the sandbox refuses them when rendering
                problem(attr, f"`vars.{attr.attr}`: the dialogue never sets `{attr.attr}`",
                        did_you_mean(attr.attr, sorted(self.variables)) or "use the id of a question or a variable")
        for unknown in sorted(_loaded(tree) - _declared(tree) - SUMMARY_NAMES - set(self.env.globals) - _JINJA_NAMES):
            where = next((n for n in tree.find_all(nodes.Name) if n.name == unknown), tree)
            hint = (f"answers are under `vars`: write `vars.{unknown}`" if unknown in self.variables
                    else did_you_mean(unknown, sorted(SUMMARY_NAMES)) or
                    "a summary is given " + ", ".join(f"`{n}`" for n in sorted(SUMMARY_NAMES)))
            problem(where, f"a summary is not given `{unknown}`", hint)
        for statement, other in _used_templates(tree):
            if self.tree(other) is None and other in self.missing:
                problem(statement, f"template `{other}` not found", "check its name and folder")
            elif other not in self.visited:
                self.visit(other)
        self.check_blocks(tree, file)

    def check_blocks(self, tree: nodes.Template, file: str) -> None:
        parent = next((n for n in tree.find_all(nodes.Extends) if isinstance(n.template, nodes.Const)), None)
        if parent is None:
            return
        offered = set(self.blocks_of(str(parent.template.value), set()))  # type: ignore[attr-defined]
        for block in tree.find_all(nodes.Block):
            if block.name not in offered:
                hint = did_you_mean(block.name, sorted(offered)) or (
                    "the blocks it defines are " + ", ".join(f"`{b}`" for b in sorted(offered)) if offered else None)
                self.problems.append(TemplateProblem(
                    Span(file, block.lineno or 1, 1),
                    f"`{{% block {block.name} %}}` is not in `{parent.template.value}`, "  # type: ignore[attr-defined]
                    "so it would never be shown", hint))

    def blocks_of(self, name: str, seen: set[str]) -> Iterator[str]:
        """The blocks a template offers to the ones that extend it, its own parents' included."""
        parsed = self.tree(name)
        if parsed is None or name in seen:
            return
        seen.add(name)
        yield from (block.name for block in parsed[0].find_all(nodes.Block))
        for node in parsed[0].find_all(nodes.Extends):
            if isinstance(node.template, nodes.Const):
                yield from self.blocks_of(str(node.template.value), seen)


_JINJA_NAMES = frozenset({"loop", "self", "super", "caller", "varargs", "kwargs", "true", "false", "none",
                          "True", "False", "None"})


def _loaded(tree: nodes.Template) -> set[str]:
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}


def _declared(tree: nodes.Template) -> set[str]:
    """Every name the template itself gives a value anywhere (set, for, macro parameters,
    imports): Jinja's own scoping is finer, but a name set somewhere is never a typo of ours."""
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names.update(n.name for n in tree.find_all(nodes.Macro))
    for node in tree.find_all(nodes.FromImport):
        names.update(alias if isinstance(alias, str) else alias[-1] for alias in node.names)
    names.update(node.target for node in tree.find_all(nodes.Import))
    return names


def _used_templates(tree: nodes.Template) -> Iterator[tuple[nodes.Node, str]]:
    """The templates a template names as constants: extends, include, import, from-import."""
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        named = getattr(node, "template", None)
        if isinstance(named, nodes.Const) and isinstance(named.value, str):
            yield node, named.value
