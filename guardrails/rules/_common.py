"""Helpers shared by the phrase-list rules (no rule lives here)."""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.langid import UNKNOWN


def languages(language: str, ctx: CheckContext) -> list[str]:
    """Lists to check: the reply's detected language, the customer's, then English; no unknowns, no repeats."""
    return [lang for lang in dict.fromkeys((language, ctx.language or language, "en")) if lang != UNKNOWN]


def quoted_spans(text: str, ctx: CheckContext) -> list[tuple[int, int]]:
    """Where the reply holds one of `ctx.quoted` verbatim (every occurrence; plain `str.find`, no regex)."""
    spans: list[tuple[int, int]] = []
    for quote in ctx.quoted:
        quote = quote.strip()
        start = text.find(quote) if quote else -1
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    return sorted(spans)
