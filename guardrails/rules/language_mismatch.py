"""`language_mismatch`: the reply is not in the customer's language.

Severity block: answering a Polish customer in English is the first thing customers notice. False
positives come from very short replies (a name and an emoji) where identification is unsure, so the rule
only speaks when the reply has 20+ letters and identification is confident.
"""

from __future__ import annotations

import re

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.langid import UNKNOWN, clean
from guardrails.rules import rule

_LETTER = re.compile(r"[^\W\d_]")


@rule("language_mismatch")
def language_mismatch(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    if not ctx.language or ctx.language == UNKNOWN or language in (UNKNOWN, ctx.language):
        return []
    if len(_LETTER.findall(clean(text))) < 20:
        return []
    return [Finding(
        rule="language_mismatch", severity="block", start=0, end=len(text), language=language,
        message=f"The reply reads as {language!r} but the customer wrote in {ctx.language!r}; reply in their language.",
    )]
