"""Run every registered rule on a reply."""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.findings import CheckResult, Finding
from guardrails.langid import UNKNOWN, detect
from guardrails.rules import load_rules
from guardrails.rules._common import quoted_spans

# Rules that judge the reply as a whole, quoted FAQ text included (language_mismatch handles quotes itself).
_WHOLE_REPLY = frozenset(["language_mismatch", "too_long"])


def _grounded(finding: Finding, quoted: list[tuple[int, int]]) -> bool:
    """A finding inside text the reply quotes from the FAQ on purpose: the brand's own words, not the draft's."""
    return finding.rule not in _WHOLE_REPLY and any(s <= finding.start and finding.end <= e for s, e in quoted)


def check(text: str, ctx: CheckContext | None = None) -> CheckResult:
    """All findings for `text` in `ctx`, in text order."""
    ctx = ctx or CheckContext()
    guess = detect(text, prior=(ctx.language,) if ctx.language else ())
    language = guess.language if guess.language != UNKNOWN else (ctx.language or UNKNOWN)
    findings = [f for fn in load_rules().values() for f in fn(text, ctx, language)]
    quoted = quoted_spans(text, ctx) if ctx.quoted else []
    if quoted:
        findings = [f for f in findings if not _grounded(f, quoted)]
    return CheckResult(findings=tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule))))
