"""The checked library, kept between runs (engine.ground.cache): keyed on every dialogue and
catalogue file and summary template folder, and the dialogue format's own code."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from engine.dialogue.model import Library
from engine.ground import cache
from engine.ground.cache import CACHE_ENV, cache_folder

__all__ = ["CACHE_ENV", "cache_folder", "keep", "key_for", "load"]

_CODE = Path(__file__).resolve().parent  # engine/dialogue: the code that reads and checks
_NAME = "library"


def key_for(files: Iterable[Path], folders: Iterable[Path], how: str) -> str:
    return cache.key_for(files, folders, how, [_CODE])


def load(key: str) -> Library | None:
    return cache.load(_NAME, key, Library)


def keep(key: str, library: Library) -> None:
    cache.keep(_NAME, key, library)
