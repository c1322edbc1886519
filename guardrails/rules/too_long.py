"""`too_long`: longer than the channel allows (X: 280 weighted characters, CJK and emoji count 2).

Severity block: the platform would reject or truncate the reply. No false positives by construction.
"""

from __future__ import annotations

from guardrails.channels import channel
from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.rules import rule


@rule("too_long")
def too_long(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    ch = channel(ctx.channel)
    length = ch.length(text)
    if length <= ch.limit:
        return []
    return [Finding(
        rule="too_long", severity="block", start=0, end=len(text), language=language,
        message=f"{length} characters as {ch.name} counts them; the limit is {ch.limit}. Shorten it or split it.",
    )]
