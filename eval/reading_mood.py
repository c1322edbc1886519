"""Mood eval (filled in below)."""
from __future__ import annotations

from collections.abc import Iterator


def eval_mood(part: str, limit: int) -> Iterator[str]:
    yield from ()


def eval_care(part: str) -> Iterator[str]:
    yield from ()
