"""`dismissive`: words that belittle the customer ("just", "simply", "calm down", "per our policy").

Severity block: these words are what turns a correct answer into a viral screenshot. False-positive
risk: harmless idioms ("just to confirm"); each language's list carries `allowed` phrases that suppress a
match they contain. Lists live in guardrails/data/dismissive/<lang>.yaml; the reply's language and
English are both checked, since care replies often mix in English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import compile_phrases, load_list
from guardrails.rules import rule


@lru_cache(maxsize=32)
def _compiled(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    data = load_list("dismissive", language)
    hints = {str(k).lower(): str(v) for k, v in (data.get("hints") or {}).items()}
    return compile_phrases(data.get("phrases") or []), compile_phrases(data.get("allowed") or []), hints


@rule("dismissive")
def dismissive(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    for lang in dict.fromkeys((language, "en")):
        phrases, allowed, hints = _compiled(lang)
        if phrases is None:
            continue
        safe = [m.span() for m in allowed.finditer(text)] if allowed else []
        for m in phrases.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in safe):
                continue
            if any(f.start < m.end() and m.start() < f.end for f in findings):
                continue
            word = m.group().lower()
            hint = hints.get(word, "leave it out, or say what you will do for the customer")
            findings.append(Finding(
                rule="dismissive", severity="block", start=m.start(), end=m.end(), language=lang,
                message=f"“{m.group()}” can read as dismissive to an upset customer; {hint}.",
                fix="" if len(word.split()) == 1 else None,
            ))
    return findings
