"""`humor_on_complaint`: jokes, laughter or emoji in a reply to a complaint (delay, refund, damage, safety).

Severity block, but only when the context says the customer complains (`ctx.complaint`): a laughing emoji
under a burnt-stove photo is a screenshot waiting to happen, while the same emoji in reply to a happy
customer is fine. False-positive risk: emoticon look-alikes in URLs or code (";)" in a parenthesis) and
Chinese "哈哈" inside a quoted customer text. Fix: drop the emoji or laugh (""), and the whole phrase for
a joke phrase (the sentence may then need a rewrite).
"""

from __future__ import annotations

import re

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import lexicons
from guardrails.rules import rule
from guardrails.rules._common import languages

# Pictographic emoji and emoticon-ish symbols (not arrows, punctuation or CJK).
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F000-\U0001F2FF]\uFE0F?(?:\u200d[^\s]\uFE0F?)*")


@rule("humor_on_complaint")
def humor_on_complaint(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    if not ctx.complaint:
        return []
    findings: list[Finding] = []
    for m in _EMOJI.finditer(text):
        findings.append(Finding(
            rule="humor_on_complaint", severity="block", start=m.start(), end=m.end(), language=language,
            message="An emoji in a reply to a complaint reads as not taking it seriously; leave it out.", fix="",
        ))
    for _, start, end in lexicons("humor", tuple(languages(language, ctx))).find(text):
        if any(f.start < end and start < f.end for f in findings):
            continue
        findings.append(Finding(
            rule="humor_on_complaint", severity="block", start=start, end=end, language=language,
            message=f"“{text[start:end]}” jokes about a complaint; acknowledge the problem plainly instead.",
            fix="",
        ))
    return findings
