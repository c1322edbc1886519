"""`dismissive`: words that belittle the customer ("just", "simply", "calm down", "per our policy").

Severity block: these words are what turns a correct answer into a viral screenshot. False-positive
risk: harmless idioms ("just to confirm"); each language's list carries `allowed` phrases that suppress a
match they contain. Lists live in guardrails/data/dismissive/<lang>.yaml; the reply's language and
English are both checked, since care replies often mix in English.
"""

from __future__ import annotations

from functools import lru_cache

from guardrails.context import CheckContext
from guardrails.findings import Finding
from guardrails.phrases import lexicon, lexicons
from guardrails.rules import rule


def _fix(matched: str, drop: frozenset[str]) -> str | None:
    """"" for a single word, the rest of the phrase when it starts with a droppable word, else None."""
    words = matched.split()
    if len(words) == 1:
        return ""
    if words[0].lower() in drop:
        return matched[len(words[0]):].lstrip()
    return None


@lru_cache(maxsize=32)
def _droppable(languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset(str(w).lower() for lang in languages for w in lexicon("dismissive", lang).extra.get("drop") or [])


@rule("dismissive")
def dismissive(text: str, ctx: CheckContext, language: str) -> list[Finding]:
    findings: list[Finding] = []
    langs = tuple(dict.fromkeys((language, "en")))
    lex = lexicons("dismissive", langs)
    drop = _droppable(langs)
    for _, start, end in lex.find(text):
        matched = text[start:end]
        fallback = lex.hint(matched.split()[0], "leave it out, or say what you will do for the customer")
        hint = lex.hint(matched, fallback)
        findings.append(Finding(
            rule="dismissive", severity="block", start=start, end=end, language=language,
            message=f"“{matched}” can read as dismissive to an upset customer; {hint}.",
            fix=_fix(matched, drop),
        ))
    return findings
