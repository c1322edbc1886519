"""`injection`: the reply leaks instructions, prompts or internal notes, or grants what no FAQ allows.

Two kinds of evidence, both data (guardrails/data/injection/<lang>.yaml): `leak` phrases ("system prompt",
"internal note", "as an AI") are always flagged; grants (`refund`, `discount`, `exception`: "we'll refund
you in full", "here's a discount code", "as an exception") are flagged unless an FAQ answer the reply used
speaks of the same thing. Both are what a successful prompt injection in the customer's post looks like
in the draft. Severity block. False-positive risk: a reply that legitimately mentions a confidential
process or a refund the FAQ does not cover; without FAQ context (a bare `tactful check`) every grant is
unbacked, which is the safe side. No mechanical fix: the backend must redraft without the grant.

A third kind needs the customer's post (`ctx.post`): a reply that repeats it word for word, 40 characters or
more of it or nearly all of a short one. A small LLM asked to answer an injection often echoes the post, and
the echo carries the injected instructions to the public timeline (seen with SmolLM2-135M on
eval/data/injection_attacks.yaml). Risk: an agent quoting a long sentence of the customer back to them.
"""

from __future__ import annotations

import math

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
    echo = _echo(text, ctx.post)
    if echo is not None:
        findings.append(Finding(
            rule="injection", severity="block", start=echo[0], end=echo[1], language=language,
            message="repeats the customer's post word for word; a reply that echoes a post passes on whatever it "
                    "asks of us; write an answer to it instead.",
        ))
    return sorted(findings, key=lambda f: f.start)


_ECHO_CHARS = 40
"""Characters of the post repeated verbatim that make an echo, whatever the post's length."""
_ECHO_SHARE = 0.8
"""Share of a shorter post (at least 10 characters) repeated verbatim that makes an echo."""


def _echo(text: str, post: str | None) -> tuple[int, int] | None:
    """The span of `text` that repeats the post, when it is an echo: some run of `size` characters of the post
    (40, or 80% of a shorter post) found in the reply by its set of `size`-grams, in linear time."""
    post = (post or "").strip()[:2000]
    if len(post) < 10:
        return None
    size = min(_ECHO_CHARS, math.ceil(_ECHO_SHARE * len(post)))
    grams = {post[i:i + size] for i in range(len(post) - size + 1)}
    for start in range(len(text) - size + 1):
        if text[start:start + size] in grams:
            end = start + size
            while end < len(text) and text[start:end + 1] in post:
                end += 1
            return start, end
    return None
