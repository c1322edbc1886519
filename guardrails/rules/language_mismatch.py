"""`language_mismatch`: the reply is not in the customer's language.

Severity block: answering a Polish customer in English is the first thing customers notice. False
positives come from very short replies (a name and an emoji) where identification is unsure, so the rule
only speaks when the reply has 20+ letters and identification is confident.

A reply may quote an FAQ answer in the brand's language on purpose, when the FAQ has no translation in the
customer's (`ctx.quoted`; DESIGN.md: "never stall"). Then the rest of the reply is judged on its own: in the
customer's language (or too short to tell), each quoted answer is a `warn` that asks the agent to translate
it before sending; otherwise the whole reply blocks as usual. Risk: a quote that covers nearly the whole
reply leaves too little to judge, and is then taken as a deliberate quote (warn), which the agent sees.
"""

from __future__ import annotations

import re

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.langid import UNKNOWN, clean, detect
from guardrails.languages import language_name
from guardrails.rules import rule
from guardrails.rules._common import quoted_spans

_LETTER = re.compile(r"[^\W\d_]")


def _quoted(text: str, ctx: CheckContext, customer: str) -> list[Finding] | None:
    """Warnings for deliberately quoted answers, or None when the reply around them is in another language."""
    spans = quoted_spans(text, ctx)
    if not spans:
        return None
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    around = "".join(rest)
    if len(_LETTER.findall(clean(around))) >= 20:
        guess = detect(around, prior=(customer,))
        if guess.language not in (UNKNOWN, customer):
            return None
    findings = []
    for start, end in spans:
        quoted = detect(text[start:end]).language
        if quoted in (UNKNOWN, customer):
            continue
        findings.append(Finding(
            rule="language_mismatch", severity="warn", start=start, end=end, language=quoted,
            message=f"The answer is quoted in {language_name(quoted)} because the FAQ has no {language_name(customer)} "
                    "translation; translate it before sending.",
        ))
    return findings


@rule("language_mismatch")
def language_mismatch(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    if not ctx.language or ctx.language == UNKNOWN:
        return []
    if ctx.quoted:
        quoted = _quoted(text, ctx, ctx.language)
        if quoted is not None:
            return quoted
    if language in (UNKNOWN, ctx.language):
        return []
    if len(_LETTER.findall(clean(text))) < 20:
        return []
    return [Finding(
        rule="language_mismatch", severity="block", start=0, end=len(text), language=language,
        message=f"The reply reads as {language!r} but the customer wrote in {ctx.language!r}; reply in their language.",
    )]
