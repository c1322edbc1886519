"""Phrase lists (data files) compiled once into word-bounded regexes.

Latin, Cyrillic, Armenian and Arabic-script phrases match as whole words (Unicode-aware `\\w`
boundaries). Han script has no word boundaries, so CJK phrases match as plain substrings; the lists for
zh therefore hold multi-character phrases only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_CJK = re.compile(r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]")


def _piece(phrase: str) -> str:
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    if _CJK.search(phrase):
        return body
    left = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    right = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return left + body + right


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive alternation, longest phrase first; None for an empty list."""
    unique = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(_piece(p) for p in unique), re.IGNORECASE)


@lru_cache(maxsize=64)
def load_list(kind: str, language: str) -> dict[str, Any]:
    """guardrails/data/<kind>/<language>.yaml, or {} when there is none for that language."""
    path = resources.files("guardrails") / "data" / kind / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def available(kind: str) -> list[str]:
    """Languages that have a list of this kind."""
    folder = resources.files("guardrails") / "data" / kind
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")) if folder.is_dir() else []
