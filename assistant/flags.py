"""Risk flags from per-language lexicons (assistant/data/flags/<lang>.yaml) plus PII detection.

`injection` is looked for in every language we have (an attack need not match the post's language);
`escalate` and `troll` in the post's language and English. Each list has a `*_not` list of look-alikes
("this jacket is fire", "ignore my last message") whose spans cancel a hit.
"""

from __future__ import annotations

from assistant.lexicon import languages, outside, pattern, spans
from assistant.reading import Flag
from guardrails import find_pii


def _hits(kind: str, text: str, langs: tuple[str, ...]) -> bool:
    for lang in langs:
        hits = spans(pattern("flags", lang, kind), text)
        if outside(hits, spans(pattern("flags", lang, f"{kind}_not"), text)):
            return True
    return False


def read_flags(text: str, language: str, order_id_pattern: str | None = None) -> list[Flag]:
    """Flags for the post, without `troll` refinement (which needs to know if there is anything to solve)."""
    near = tuple(dict.fromkeys((language, "en")))
    flags: list[Flag] = []
    if _hits("escalate", text, near):
        flags.append("escalate")
    if _hits("injection", text, languages("flags")):
        flags.append("injection")
    if _hits("troll", text, near):
        flags.append("troll")
    if find_pii(text, order_id_pattern):
        flags.append("pii")
    return flags
