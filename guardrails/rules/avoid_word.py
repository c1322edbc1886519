"""`avoid_word`: the brand's own banned phrases from voice.md ("Words we avoid").

Severity block: the brand asked for it explicitly. A phrase marked "as the first word" only counts at the
start of the reply (after any @handles and a greeting), so "unfortunately" mid-sentence passes. Fix: a
one-word phrase is dropped (the repair capitalises the new first word); a longer one needs a rewrite.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import compile_phrases
from guardrails.rules import rule

_HANDLES = re.compile(r"^(?:\s*[@＠][\w.]+)*\s*")
_GREETINGS = yaml.safe_load((resources.files("guardrails") / "data" / "greetings.yaml").read_text("utf-8"))
_GREETING = re.compile(
    r"(?:(?:" + "|".join(sorted((re.escape(g) for g in _GREETINGS["greetings"]), key=len, reverse=True))
    + r")(?!\w)[^\n,，、:!！。]{0,40})[,，、:!！]\s*(?:\n\s*)?",
    re.IGNORECASE,
)


def _first_word_start(text: str, name: str | None) -> int:
    """Offset of the reply's first real word: after @handles and a greeting ("Hi Mark,") or the bare name ("Mark,")."""
    start = _HANDLES.match(text)
    at = start.end() if start else 0
    greeting = _GREETING.match(text, at)
    if greeting:
        return greeting.end()
    if name and text.startswith(name, at):
        bare = re.compile(r"[,，、:!！]\s*").match(text, at + len(name))
        return bare.end() if bare else at
    return at


@lru_cache(maxsize=512)
def _pattern(phrase: str) -> re.Pattern[str] | None:
    return compile_phrases([phrase])


@rule("avoid_word")
def avoid_word(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings = []
    starts = {0, _first_word_start(text, ctx.customer_name)}
    for phrase, first_only in ctx.avoid:
        pattern = _pattern(phrase)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            if first_only and m.start() not in starts:
                continue
            where = " as the first word" if first_only else ""
            findings.append(Finding(
                rule="avoid_word", severity="block", start=m.start(), end=m.end(), language=language,
                message=f"The brand's voice guide avoids “{phrase}”{where}; rephrase without it.",
                fix="" if len(phrase.split()) == 1 else None,
            ))
    return findings
