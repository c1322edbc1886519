"""`blame`: the reply puts the fault on the customer ("you should have", "your fault", "user error").

Severity block: blaming a customer in public is the fastest way to lose them, even when it is true.
False-positive risk: informational look-alikes ("you should have received an e-mail", "it's not your
fault"); each language's `allowed` list (guardrails/data/blame/<lang>.yaml) suppresses a match inside
them. There is no mechanical fix: the sentence needs rewriting, so the finding asks the backend for it.
"""

from __future__ import annotations

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import lexicons
from guardrails.rules import rule
from guardrails.rules._common import languages


@rule("blame")
def blame(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    lex = lexicons("blame", tuple(languages(language, ctx)))
    for _, start, end in lex.find(text):
        hint = lex.hint(text[start:end], "say what happens next instead of whose fault it was")
        findings.append(Finding(
            rule="blame", severity="block", start=start, end=end, language=language,
            message=f"“{text[start:end]}” puts the fault on the customer; {hint}.",
        ))
    return findings
