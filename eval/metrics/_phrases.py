"""Phrase lists the draft metrics look for, as data: eval/data/metrics/<kind>/<language>.yaml.

Each file holds named groups (`group: [phrases]`); they are compiled once into word-bounded regexes by
the guardrails' phrase compiler (CJK phrases match as substrings). A metric looks for the phrases of all
languages at once: a draft may mix languages (a greeting in one, a quoted FAQ answer in another), and the
lists hold whole words and phrases that do not collide across these languages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from guardrails.languages import drafting_languages
from guardrails.phrases import compile_phrases, normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "metrics"
LANGUAGES = drafting_languages()
"""Languages every phrase kind must cover: the registry's drafting languages (a test fails when a file or group
is missing)."""


def groups(kind: str, language: str) -> dict[str, list[str]]:
    """The groups of one kind's file for one language; FileNotFoundError names the missing file."""
    path = DATA / kind / f"{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of group name to a list of phrases")
    return {str(k): [str(p) for p in v or []] for k, v in data.items() if k != "language"}


@lru_cache(maxsize=32)
def pattern(kind: str, group: str) -> re.Pattern[str] | None:
    """One pattern for `group` of `kind` over every language."""
    phrases = [p for language in LANGUAGES for p in groups(kind, language).get(group, [])]
    return compile_phrases(phrases)


def find(kind: str, group: str, text: str) -> list[str]:
    """The phrases of `group` found in `text`, in order."""
    compiled = pattern(kind, group)
    return [m.group() for m in compiled.finditer(normalise(text))] if compiled else []
