"""`injection`: the reply leaks instructions, prompts or internal notes, or grants what no FAQ allows.

Two kinds of evidence, both data (guardrails/data/injection/<lang>.yaml): `leak` phrases ("system prompt",
"internal note", "as an AI") are always flagged; grants (`refund`, `discount`, `exception`: "we'll refund
you in full", "here's a discount code", "as an exception") are flagged unless an FAQ answer the reply used
speaks of the same thing. Both are what a successful prompt injection in the customer's post looks like
in the draft. Severity block. False-positive risk: a reply that legitimately mentions a confidential
process or a refund the FAQ does not cover; without FAQ context (a bare `tactful check`) every grant is
unbacked, which is the safe side. No mechanical fix: the backend must redraft without the grant.
"""

from __future__ import annotations

from guardrails.claims import backed, find_claims
from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.rules import rule
from guardrails.rules._common import languages

_WHY = {
    "leak": "reveals instructions or internal notes; remove it and answer only the customer's question",
    "refund": "grants a refund that no FAQ answer backs; say you will check it in a direct message instead",
    "discount": "grants a discount that no FAQ answer backs; remove it or ask a supervisor",
    "exception": "grants an exception to policy that no FAQ answer backs; remove it or ask a supervisor",
}


@rule("injection")
def injection(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    langs = tuple(languages(language, ctx))
    for claim in find_claims("injection", text, langs):
        if claim.group not in _WHY or any(f.start < claim.end and claim.start < f.end for f in findings):
            continue
        if claim.group != "leak" and backed("injection", claim, ctx.faq_answers, langs):
            continue
        findings.append(Finding(
            rule="injection", severity="block", start=claim.start, end=claim.end, language=language,
            message=f"“{text[claim.start:claim.end]}” {_WHY[claim.group]}.",
        ))
    return findings
