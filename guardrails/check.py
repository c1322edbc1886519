"""Run every registered rule on a reply."""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.findings import CheckResult
from guardrails.langid import UNKNOWN, detect
from guardrails.rules import load_rules


def check(text: str, ctx: CheckContext | None = None) -> CheckResult:
    """All findings for `text` in `ctx`, in text order."""
    ctx = ctx or CheckContext()
    guess = detect(text, prior=(ctx.language,) if ctx.language else ())
    language = guess.language if guess.language != UNKNOWN else (ctx.language or UNKNOWN)
    findings = [f for fn in load_rules().values() for f in fn(text, ctx, language)]
    return CheckResult(findings=tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule))))
