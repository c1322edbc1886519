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
def _compiled(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str], frozenset[str]]:
    data = load_list("dismissive", language)
    hints = {str(k).lower(): str(v) for k, v in (data.get("hints") or {}).items()}
    drop = frozenset(str(w).lower() for w in data.get("drop") or [])
    return compile_phrases(data.get("phrases") or []), compile_phrases(data.get("allowed") or []), hints, drop


def _fix(matched: str, drop: frozenset[str]) -> str | None:
    """"" for a single word, the rest of the phrase when it starts with a droppable word, else None."""
    words = matched.split()
    if len(words) == 1:
        return ""
    if words[0].lower() in drop:
        return matched[len(words[0]):].lstrip()
    return None


@rule("dismissive")
def dismissive(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    for lang in dict.fromkeys((language, "en")):
        phrases, allowed, hints, drop = _compiled(lang)
        if phrases is None:
            continue
        safe = [m.span() for m in allowed.finditer(text)] if allowed else []
        for m in phrases.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in safe):
                continue
            if any(f.start < m.end() and m.start() < f.end for f in findings):
                continue
            word = m.group().lower()
            hint = hints.get(word, hints.get(word.split()[0], "leave it out, or say what you will do for the customer"))
            findings.append(Finding(
                rule="dismissive", severity="block", start=m.start(), end=m.end(), language=lang,
                message=f"“{m.group()}” can read as dismissive to an upset customer; {hint}.",
                fix=_fix(m.group(), drop),
            ))
    return findings
