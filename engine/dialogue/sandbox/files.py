"""Template files read within limits (size, links, folders), never outside the folders given."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from engine.dialogue.sandbox.budget import MAX_TEMPLATE_BYTES
from engine.ground.errors import DialogueLoadError
from engine.ground.yamlfile import read_text


# -- template files -----------------------------------------------------------------------------
class BoundedFileSystemLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only ordinary files of at most ``MAX_TEMPLATE_BYTES``, without
    waiting on a pipe; a file it cannot read is a ``TemplateSyntaxError`` saying why."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename) and not os.path.isdir(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        try:
            if os.path.isfile(filename) and os.path.getsize(filename) > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateSyntaxError(f"the template is bigger than {MAX_TEMPLATE_BYTES // 1_000_000} MB, "
                                                 "the most peercoach reads", 1, template, filename)
            source = read_text(Path(filename), filename)
        except DialogueLoadError as exc:
            problem = exc.problems[0]
            raise jinja2.TemplateSyntaxError(f"{problem.message}" + (f": {problem.hint}" if problem.hint else ""),
                                             problem.span.line, template, filename) from None
        mtime = os.path.getmtime(filename)
        return source, os.path.normpath(filename), lambda: _unchanged(filename, mtime)


def _unchanged(filename: str, mtime: float) -> bool:
    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False
