"""`overpromise`: guarantees, dates or compensation that no FAQ answer the reply used supports.

Facts come only from retrieved FAQ answers (DESIGN.md). The rule finds claims (guardrails/claims.py:
phrase groups `guarantee`, `date`, `compensation` from guardrails/data/overpromise/<lang>.yaml, and numbers
with a time unit or currency) and keeps those no FAQ answer backs: "arrives in 3 days" passes when an FAQ
answer says 3 days, "by Friday" or "we guarantee" do not unless an answer says so. A time or price that is
no promise of ours is no claim: a requirement on the customer ("you must report it within 24 hours"), a
hedge or refusal ("should be open on Friday", "unable to…"), a relative time or frequency ("7 days of
delivery", "24 hours a day"), a duration ("for 3 minutes") or a bare price ("it's $3"); the lists are
`conditions`, `just_before`, `qualifiers_after` and `money_cues` in the same data files. Severity block: a
broken promise in public costs more than a vague one. False-positive risk: our own fixed commitments (the
safety team's same-day call) are in each list's `allowed`; a reply checked without FAQ context flags every
promised number with a unit. No mechanical fix: the backend redrafts with the FAQ's own wording.
"""

from __future__ import annotations

from guardrails.claims import backed, find_claims
from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.rules import rule
from guardrails.rules._common import languages

_WHY = {
    "guarantee": "is a guarantee no FAQ answer gives",
    "promise": "is a promise no FAQ answer makes",
    "date": "promises a date no FAQ answer gives",
    "compensation": "offers compensation no FAQ answer offers",
    "amount": "states a time or amount that is not in the FAQ answers used",
}


@rule("overpromise")
def overpromise(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    langs = tuple(languages(language, ctx))
    for claim in find_claims("overpromise", text, langs):
        if any(f.start < claim.end and claim.start < f.end for f in findings):
            continue
        if backed("overpromise", claim, (*ctx.faq_answers, *ctx.quoted), langs):
            continue
        findings.append(Finding(
            rule="overpromise", severity="block", start=claim.start, end=claim.end, language=language,
            message=f"“{text[claim.start:claim.end]}” {_WHY.get(claim.group, _WHY['amount'])}; "
                    "promise only what the FAQ says, in its words.",
        ))
    return findings
