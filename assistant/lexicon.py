"""Per-language lexicons of the reading (assistant/data/<kind>/<lang>.yaml), compiled once."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from guardrails.phrases import compile_phrases, data_languages, read_data


def lexicon(kind: str, language: str) -> dict[str, Any]:
    """The raw lexicon assistant/data/<kind>/<language>.yaml, {} when the language has none."""
    return read_data("assistant", kind, language)


@lru_cache(maxsize=512)
def pattern(kind: str, language: str, *keys: str) -> re.Pattern[str] | None:
    """One compiled alternation over lexicon[keys...] (a nested key path to a list)."""
    node: Any = lexicon(kind, language)
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return compile_phrases(str(p) for p in node) if isinstance(node, list) else None


def languages(kind: str) -> tuple[str, ...]:
    """Languages that have a lexicon of this kind."""
    return data_languages("assistant", kind)


def spans(pat: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Match spans of `pat` in `text` ([] for no pattern)."""
    return [m.span() for m in pat.finditer(text)] if pat else []


def outside(hits: list[tuple[int, int]], safe: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hits not contained in (or overlapping) any safe span."""
    return [h for h in hits if not any(s < h[1] and h[0] < e for s, e in safe)]
