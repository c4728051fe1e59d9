"""A dialogue's summary templates, checked when the dialogue loads, as its own texts are.

A mistake in a summary template would otherwise show only after a client has finished: an
unknown filter as a traceback, a misspelt ``vars.name`` or a block the base template does not
have as a silently empty page. Each template a summary uses (and every one it extends, includes
or imports) is parsed and checked for:

- filters and tests that do not exist (``| reflct``), with the nearest known name;
- names a summary is never given (``{{ answer }}`` instead of ``{{ vars.answer }}``);
- ``vars.name`` for a name the dialogue never sets or declares;
- a ``{% block %}`` the template it extends does not define (it would never be shown);
- an HTML summary that does not extend peercoach's ``base.html.j2`` (directly or through another
  template): the base is what shows the safety notice (where to get urgent help), so a page
  without it is refused at load.

Each problem names the template's file and line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

import jinja2
from jinja2 import nodes

from engine.ground.errors import did_you_mean
from engine.ground.files import display_path, resource_dir
from engine.ground.source import Span

# What every summary template is given (engine.render.summary builds it; a test keeps the two in step).
SUMMARY_NAMES = frozenset({"dialogue", "vars", "shown", "answers", "safety_events", "resources", "progress",
                           "status", "finished", "generated", "session", "nested", "called"})


@dataclass(frozen=True)
class TemplateProblem:
    span: Span
    message: str
    hint: str | None = None


BASE_HTML = "base.html.j2"  # the bundled page every HTML summary extends: it holds the safety notice

_N = TypeVar("_N", bound=nodes.Node)


class Parsed:
    """A template parsed for checking, with its nodes found once: every dialogue of a library uses
    the same few summary templates, and each is read for many kinds of node."""

    def __init__(self, tree: nodes.Template):
        self.tree = tree
        self.every = list(tree.find_all(nodes.Node))  # in the order find_all gives them
        self._found: dict[object, list[nodes.Node]] = {}

    @overload
    def find(self, kinds: type[_N]) -> list[_N]: ...
    @overload
    def find(self, kinds: tuple[type[nodes.Node], ...]) -> list[Any]: ...  # nodes of several kinds

    def find(self, kinds: type[nodes.Node] | tuple[type[nodes.Node], ...]) -> list[Any]:
        """``tree.find_all(kinds)``, as a list."""
        if kinds not in self._found:
            self._found[kinds] = [n for n in self.every if isinstance(n, kinds)]
        return self._found[kinds]


# Kept by the template's text, so each is parsed once per process, not once per dialogue. Only checks
# read these trees; compiling (which changes a tree) parses its own.
_PARSED: dict[tuple[str, str | None, str | None, object], Parsed] = {}
_PARSED_KEPT = 64


def parse_for_checking(env: jinja2.Environment, source: str, name: str | None,
                       filename: str | None) -> Parsed:
    """``env.parse(source, name, filename)``, kept for the next dialogue that checks the same text.
    A template that does not parse raises its ``TemplateSyntaxError`` every time."""
    key = (source, name, filename, getattr(env, "limits", None))
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = Parsed(env.parse(source, name, filename))
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = parsed
    return parsed


def check_summary(env: jinja2.Environment, name: str, variables: Iterable[str], *,
                  html: bool = False) -> list[TemplateProblem]:
    """Everything wrong with summary template ``name`` and the templates it uses. ``variables``
    are the names the dialogue sets or declares (what ``vars`` holds); ``html``: the template is
    an HTML summary, which must extend the bundled ``base.html.j2``."""
    checker = _Checker(env, frozenset(variables))
    checker.visit(name)
    if html and not checker.reaches_base(name):
        parsed = checker.tree(name)
        file = parsed[1] if parsed is not None else name
        checker.problems.append(TemplateProblem(
            Span(file, 1, 1), f"the HTML summary `{name}` does not extend peercoach's `{BASE_HTML}`, so it "
            "would be shown without the safety notice",
            f'start it with `{{% extends "{BASE_HTML}" %}}` and put what it shows in `{{% block content %}}`'))
    return checker.problems


class _Checker:
    def __init__(self, env: jinja2.Environment, variables: frozenset[str]):
        self.env, self.variables = env, variables
        self.problems: list[TemplateProblem] = []
        self.trees: dict[str, tuple[Parsed, str] | None] = {}
        self.missing: set[str] = set()
        self.visited: set[str] = set()
        self.filenames: dict[str, str] = {}  # where each template was read from

    def tree(self, name: str) -> tuple[Parsed, str] | None:
        """A template parsed, with the file it came from; None (and a problem) if it cannot be."""
        if name not in self.trees:
            self.trees[name] = None
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
                parsed = parse_for_checking(self.env, source, name, filename)
                self.trees[name] = (parsed, display_path(Path(filename or name)))
                self.filenames[name] = filename or name
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

        for used in tree.find((nodes.Filter, nodes.Test)):
            kind, known = ("filter", self.env.filters) if isinstance(used, nodes.Filter) else ("test", self.env.tests)
            if used.name not in known:
                problem(used, f"there is no {kind} `{used.name}`", did_you_mean(used.name, sorted(known)))
        for attr in tree.find(nodes.Getattr):
            if (isinstance(attr.node, nodes.Name) and attr.node.name == "vars" and attr.attr not in self.variables
                    and not attr.attr.startswith("_")):  # `_` names: the sandbox refuses them when rendering
                problem(attr, f"`vars.{attr.attr}`: the dialogue never sets `{attr.attr}`",
                        did_you_mean(attr.attr, sorted(self.variables)) or "use the id of a question or a variable")
        for unknown in sorted(_loaded(tree) - _declared(tree) - SUMMARY_NAMES - set(self.env.globals) - _JINJA_NAMES):
            where = next((n for n in tree.find(nodes.Name) if n.name == unknown), tree.tree)
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

    def check_blocks(self, tree: Parsed, file: str) -> None:
        parent = next((n for n in tree.find(nodes.Extends) if isinstance(n.template, nodes.Const)), None)
        if parent is None:
            return
        offered = set(self.blocks_of(str(parent.template.value), set()))  # type: ignore[attr-defined]
        every = tree.find(nodes.Block)
        # A block inside another one is a new block the template offers its own children.
        inner = {id(b) for outer in every for b in outer.find_all(nodes.Block)}
        for block in every:
            if block.name not in offered and id(block) not in inner:
                hint = did_you_mean(block.name, sorted(offered)) or (
                    "the blocks it defines are " + ", ".join(f"`{b}`" for b in sorted(offered)) if offered else None)
                self.problems.append(TemplateProblem(
                    Span(file, block.lineno or 1, 1),
                    f"`{{% block {block.name} %}}` is not in `{parent.template.value}`, "  # type: ignore[attr-defined]
                    "so it would never be shown", hint))

    def reaches_base(self, name: str) -> bool:
        """Whether ``name`` is, or extends (through any chain of templates), the bundled base page.
        A template that cannot be read counts as reaching it: its own problem is reported already."""
        bundled = os.path.realpath(resource_dir("prompts") / BASE_HTML)
        seen: set[str] = set()
        while name not in seen:
            seen.add(name)
            parsed = self.tree(name)
            if parsed is None:
                return True
            if name == BASE_HTML:
                return os.path.realpath(self.filenames[name]) == bundled
            parent = next((n for n in parsed[0].find(nodes.Extends) if isinstance(n.template, nodes.Const)), None)
            if parent is None:
                return False
            name = str(parent.template.value)  # type: ignore[attr-defined]
        return False

    def blocks_of(self, name: str, seen: set[str]) -> Iterator[str]:
        """The blocks a template offers to the ones that extend it, its own parents' included."""
        parsed = self.tree(name)
        if parsed is None or name in seen:
            return
        seen.add(name)
        yield from (block.name for block in parsed[0].find(nodes.Block))
        for node in parsed[0].find(nodes.Extends):
            if isinstance(node.template, nodes.Const):
                yield from self.blocks_of(str(node.template.value), seen)


_JINJA_NAMES = frozenset({"loop", "self", "super", "caller", "varargs", "kwargs", "true", "false", "none",
                          "True", "False", "None"})


def _loaded(tree: Parsed) -> set[str]:
    return {n.name for n in tree.find(nodes.Name) if n.ctx == "load"}


def _declared(tree: Parsed) -> set[str]:
    """Every name the template itself gives a value anywhere (set, for, macro parameters,
    imports): Jinja's own scoping is finer, but a name set somewhere is never a typo of ours."""
    names = {n.name for n in tree.find(nodes.Name) if n.ctx in ("store", "param")}
    names.update(n.name for n in tree.find(nodes.Macro))
    for node in tree.find(nodes.FromImport):
        names.update(alias if isinstance(alias, str) else alias[-1] for alias in node.names)
    names.update(node.target for node in tree.find(nodes.Import))
    return names


def _used_templates(tree: Parsed) -> Iterator[tuple[nodes.Node, str]]:
    """The templates a template names as constants: extends, include, import, from-import."""
    for node in tree.find((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        named = getattr(node, "template", None)
        if isinstance(named, nodes.Const) and isinstance(named.value, str):
            yield node, named.value
