"""Risk flags from per-language lexicons (assistant/data/flags/<lang>.yaml) plus PII detection.

`injection` is looked for in every language we have (an attack need not match the post's language), as
fixed phrases and as an instruction verb near an instruction object ("forget" ... "your rules"), so quoted
or code-fenced instructions are caught too (quotes and backticks are not word characters);
`escalate` and `troll` in the post's language and English. Each list has a `*_not` list of look-alikes
("this jacket is fire", "ignore my last message") whose spans cancel a hit.
"""

from __future__ import annotations

from assistant.lexicon import languages, outside, pattern, spans
from assistant.reading import Flag
from guardrails import find_pii

_NEAR = 40  # characters between an instruction verb and its object ("ignore all of your previous instructions")


def _near(verbs: list[tuple[int, int]], objects: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans covering a verb and an object that sit within _NEAR characters of each other."""
    return [
        (min(v[0], o[0]), max(v[1], o[1]))
        for v in verbs for o in objects
        if o[0] - v[1] <= _NEAR and v[0] - o[1] <= _NEAR and not (v[0] < o[1] and o[0] < v[1])
    ]


def _hits(kind: str, text: str, langs: tuple[str, ...]) -> bool:
    for lang in langs:
        hits = spans(pattern("flags", lang, kind), text)
        if kind == "injection":
            verbs = spans(pattern("flags", lang, "injection_verbs"), text)
            if verbs:
                hits += _near(verbs, spans(pattern("flags", lang, "injection_objects"), text))
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
