"""Helpers shared by the phrase-list rules (no rule lives here)."""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.langid import UNKNOWN


def languages(language: str, ctx: CheckContext) -> list[str]:
    """Lists to check: the reply's detected language, the customer's, then English; no unknowns, no repeats."""
    return [lang for lang in dict.fromkeys((language, ctx.language or language, "en")) if lang != UNKNOWN]
