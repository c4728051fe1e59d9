"""``BoundedSandbox``: Jinja's ``SandboxedEnvironment`` whose templates stay within their limits."""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable
from jinja2.utils import generate_lorem_ipsum

from engine.dialogue.peervoice import GLOBAL, call_problem, peer_voice, prepare_calls
from engine.dialogue.sandbox import codes
from engine.dialogue.sandbox.budget import TEXT_LIMITS, Budget, LimitError, Limits
from engine.dialogue.sandbox.compiled import Charges, constant_parts, deeper_than
from engine.dialogue.sandbox.filters import BoundedFilters, internal_filters
from engine.dialogue.sandbox.operations import (
    WALKING_METHODS,
    BoundedEscapeFormatter,
    BoundedFormatter,
    check_percent_format,
    check_power,
    check_repeat,
    check_str_method,
)

_CURRENT: ContextVar[Budget | None] = ContextVar("peercoach_budget", default=None)


class BoundedSandbox(SandboxedEnvironment):
    """A ``SandboxedEnvironment`` whose templates stay within ``limits`` (see the module's text)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, *args: Any, limits: Limits = TEXT_LIMITS, immutable: bool = False, code_key: str | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits
        # Set by whoever makes the environment (its filters, tests and ``finalize`` all set) to
        # keep the code its templates compile to between runs (engine.dialogue.sandbox.codes):
        # it names what the settings read below do not say (a ``finalize`` of the summaries'
        # format). None: compiled afresh each run.
        self.code_key = code_key
        self.immutable = immutable  # templates may read lists and dicts but not change them
        self.filters = BoundedFilters(self, dict(self.filters))
        self.tests = BoundedFilters(self, dict(self.tests))  # type: ignore[arg-type, assignment]  # tests are callables too
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        self.globals[GLOBAL] = peer_voice  # a peer reflection (engine.dialogue.peervoice)
        for name, function in internal_filters(self).items():
            dict.__setitem__(self.filters, name, function)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if self.immutable and modifies_known_mutable(obj, attr):  # ``person.update(...)``
            return False
        return super().is_safe_attribute(obj, attr, value)

    # -- the budget of the render under way -----------------------------------------------
    @contextmanager
    def budget(self) -> Iterator[Budget]:
        """Everything rendered inside shares one budget of ``self.limits``."""
        budget = Budget(self.limits)
        token = _CURRENT.set(budget)
        try:
            yield budget
        finally:
            _CURRENT.reset(token)

    def current(self) -> Budget:
        """The render's budget; outside ``budget()`` (nobody should render there) each check
        gets a fresh one, so sizes are still bounded."""
        return _CURRENT.get() or Budget(self.limits)

    # -- compiled code, kept between runs ---------------------------------------------------
    def _code_name(self, *what: object) -> str | None:
        """The name the code of ``what`` is kept under in this environment, or None (not kept)."""
        if self.code_key is None:
            return None
        settings = (self.code_key, type(self).__qualname__, self.block_start_string, self.block_end_string,
                    self.variable_start_string, self.variable_end_string, self.comment_start_string,
                    self.comment_end_string, self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks,
                    self.lstrip_blocks, self.newline_sequence, self.keep_trailing_newline, self.optimized,
                    self.is_async, sorted(self.extensions), self.limits, self.immutable,
                    _named(self.autoescape), _named(self.finalize), _passes(self.filters), _passes(self.tests))
        return codes.digest(settings, what)

    def compile(self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        """Jinja's ``compile``, with the code of a text compiled before (in this or an earlier
        run) taken from the cache: no lexing, parsing, checking or generating again."""
        if raw:
            return super().compile(source, name, filename, raw=True, defer_init=defer_init)
        kept_as = self._code_name("template", source, name, filename, defer_init) if isinstance(source, str) else None
        code = codes.kept(kept_as) if kept_as is not None else None
        if code is None:
            code = super().compile(source, name, filename, defer_init=defer_init)
            if kept_as is not None:
                codes.keep(kept_as, code)
        return code

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> jinja2.environment.TemplateExpression:
        """Jinja's ``compile_expression``, its code kept between runs as a template's is."""
        kept_as = self._code_name("expression", source)
        if kept_as is None:
            return super().compile_expression(source, undefined_to_none)
        code = codes.kept(kept_as)
        if code is None:  # as Jinja compiles one, keeping the code
            parser = Parser(self, source, state="variable")
            try:
                expression = parser.parse_expression()
                if not parser.stream.eos:
                    raise jinja2.TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None,
                                                     None)
                expression.set_environment(self)
            except jinja2.TemplateSyntaxError:
                self.handle_exception(source=source)
            body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
            code = super().compile(nodes.Template(body, lineno=1))
            codes.keep(kept_as, code)
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        return jinja2.environment.TemplateExpression(template, undefined_to_none)

    # -- parsing: nesting Jinja's recursion can follow --------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError:
            raise jinja2.TemplateSyntaxError(self._too_deep(), 1, name, filename) from None
        line = deeper_than(tree, self.limits.depth)
        if line is not None:
            raise jinja2.TemplateSyntaxError(self._too_deep(), line, name, filename)
        prepare_calls(tree, source)  # each `peer_voice("moment")` gets its line chosen for this text
        return tree

    def parse(self, source: str, name: str | None = None, filename: str | None = None) -> nodes.Template:
        """As Jinja parses a template to look at (a dialogue's texts when they are loaded, never
        when they are rendered): a ``peer_voice`` moment the file does not have is refused here."""
        tree = super().parse(source, name, filename)
        problem = call_problem(tree)
        if problem is not None:
            raise jinja2.TemplateSyntaxError(problem[0], problem[1], name, filename)
        return tree

    def _too_deep(self) -> str:
        return (f"it is nested too deeply: at most {self.limits.depth} brackets, `if`s, loops and "
                "filters inside each other")

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Compile with every loop, output and `~` charged to the render's budget."""
        Charges().visit(source)
        return super()._generate(source, name, filename, defer_init=defer_init)

    # -- what templates can do, bounded ---------------------------------------------------
    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        budget = self.current()
        if operator == "*":
            check_repeat(budget, left, right)
        elif operator == "**":
            check_power(budget, left, right)
        elif operator == "%" and isinstance(left, str):
            check_percent_format(budget, left, right)
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            budget.allow(len(left) + len(right))
        return budget.made(self.binop_table[operator](left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.current()
        budget.charge(1)
        for value in (*args, *kwargs.values()):  # hashed, compared or turned into text, maybe
            budget.weigh(value)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and isinstance(__obj, (types.BuiltinMethodType, types.MethodType)):
            check_str_method(budget, owner, name, args, kwargs)
        elif isinstance(owner, (list, tuple, dict)) and name in WALKING_METHODS:
            budget.weigh(owner)
        before = len(owner) if isinstance(owner, (list, dict)) else None
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if before is not None and isinstance(owner, (list, dict)) and len(owner) > before:  # `append`, `update`...
            budget.allow(len(owner))
            budget.grew(len(owner) - before)
        return budget.made(result)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if not isinstance(argument, (str, int, slice)):
            self.current().weigh(argument)  # a tuple key is hashed all the way down
        value = super().getitem(obj, argument)
        return self.current().made(value) if isinstance(argument, slice) else value  # a slice is a copy

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` as the sandbox wraps it, with widths bounded (``'{:999999999}'``)."""
        if not (isinstance(value, (types.MethodType, types.BuiltinMethodType))
                and value.__name__ in ("format", "format_map") and isinstance(value.__self__, str)):
            return None
        text = value.__self__
        formatter = (BoundedEscapeFormatter(self, escape=text.escape) if isinstance(text, markupsafe.Markup)
                     else BoundedFormatter(self))

        def wrapper(*args: Any, **kwargs: Any) -> str:
            positional, named = args, kwargs
            if value.__name__ == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                positional, named = (), args[0]
            made: str = self.current().made(type(text)(formatter.vformat(text, positional, named)))
            return made

        return functools.update_wrapper(wrapper, value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            count: float = len(numbers)
        except OverflowError:
            count = math.inf
        if count > self.limits.size:
            raise LimitError(f"`range` would count more than {self.limits.size:,} numbers",
                             "use a smaller range")
        self.current().charge(len(numbers))  # within the size limit, so countable
        return numbers

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        words = n * max if n > 0 and max > 0 else 0
        if words * 8 > self.limits.size:
            raise LimitError(f"`lipsum` would write about {words:,} words, more than this allows",
                             "ask for fewer paragraphs (`n`) or fewer words (`max`)")
        self.current().charge(words)
        return generate_lorem_ipsum(n=n, html=html, min=min, max=max)

    # -- at load time -----------------------------------------------------------------------
    def check_constants(self, tree: nodes.Node) -> None:
        """Work out now each part of ``tree`` that needs no variables (``9 ** 9 ** 9``,
        ``range(10**9)``, ``'x' | center(10**9)``), under the limits, so a part that would pass
        them is a ``LimitError`` at its line when the dialogue is loaded. Other errors are left
        for run time, as before. Compiling a part changes it, so give a tree you will not compile."""
        for part in constant_parts(tree, self.globals):
            template = nodes.Template([nodes.Assign(nodes.Name("result", "store"), part, lineno=part.lineno)],
                                      lineno=1)
            try:
                compiled = self.from_string(template)
                with self.budget():
                    for _ in compiled.root_render_func(compiled.new_context({})):
                        pass
            except LimitError as exc:
                exc.line = part.lineno
                raise
            except Exception:  # noqa: BLE001 (a failure at run time, not a limit: not ours to report)
                continue


def _named(setting: Any) -> str:
    """A setting as the code compiled with it depends on: a function by its module and name."""
    if callable(setting):
        return f"{getattr(setting, '__module__', '')}.{getattr(setting, '__qualname__', type(setting).__qualname__)}" \
               f"/{getattr(setting, 'jinja_pass_arg', None)}"
    return repr(setting)


def _passes(functions: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Each filter's or test's name, and what Jinja passes it (code calls it accordingly)."""
    return tuple(sorted((name, str(getattr(function, "jinja_pass_arg", None))) for name, function in functions.items()))

