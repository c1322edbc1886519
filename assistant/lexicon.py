"""Per-language lexicons of the reading (assistant/data/<kind>/<lang>.yaml), compiled once."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from guardrails.phrases import compile_phrases

_DATA = resources.files("assistant") / "data"


@lru_cache(maxsize=128)
def lexicon(kind: str, language: str) -> dict[str, Any]:
    """The raw lexicon, {} when the language has none."""
    path = _DATA / kind / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=512)
def pattern(kind: str, language: str, *keys: str) -> re.Pattern[str] | None:
    """One compiled alternation over lexicon[keys...] (a nested key path to a list)."""
    node: Any = lexicon(kind, language)
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return compile_phrases(str(p) for p in node) if isinstance(node, list) else None


@lru_cache(maxsize=8)
def languages(kind: str) -> tuple[str, ...]:
    """Languages that have a lexicon of this kind."""
    folder = _DATA / kind
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))) if folder.is_dir() else ()


def spans(pat: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Match spans of `pat` in `text` ([] for no pattern)."""
    return [m.span() for m in pat.finditer(text)] if pat else []


def outside(hits: list[tuple[int, int]], safe: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hits not contained in (or overlapping) any safe span."""
    return [h for h in hits if not any(s < h[1] and h[0] < e for s, e in safe)]
