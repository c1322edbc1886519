"""`avoid_word`: the brand's own banned phrases from voice.md ("Words we avoid").

Severity block: the brand asked for it explicitly. A phrase marked "as the first word" only counts at the
start of the reply (after any @handles and the greeting line), so "unfortunately" mid-sentence passes.
"""

from __future__ import annotations

import re

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import compile_phrases
from guardrails.rules import rule

_LEAD = re.compile(r"^(?:\s*[@＠][\w.]+)*\s*(?:[^\n,，、:]{1,40}[,，、:]\s*(?:\n\s*)?)?")


def _first_word_start(text: str) -> int:
    """Offset of the reply's first real word: after @handles and a short greeting like "Hi Mark,"."""
    lead = _LEAD.match(text)
    return lead.end() if lead else 0


@rule("avoid_word")
def avoid_word(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings = []
    starts = {0, _first_word_start(text)}
    for phrase, first_only in ctx.avoid:
        pattern = compile_phrases([phrase])
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            if first_only and m.start() not in starts:
                continue
            where = " as the first word" if first_only else ""
            findings.append(Finding(
                rule="avoid_word", severity="block", start=m.start(), end=m.end(), language=language,
                message=f"The brand's voice guide avoids “{phrase}”{where}; rephrase without it.",
            ))
    return findings
