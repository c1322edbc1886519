"""Risk flags from per-language lexicons (assistant/data/flags/<lang>.yaml) plus PII detection.

`injection` is looked for in every language we have (an attack need not match the post's language), as
fixed phrases and as an instruction verb near an instruction object ("forget" ... "your rules"), so quoted
or code-fenced instructions are caught too (quotes and backticks are not word characters);
`escalate` and `troll` in the post's language and English. Each list has a `*_not` list of look-alikes
("this jacket is fire", "ignore my last message") whose spans cancel a hit.

`escalate` is written for any brand, not only the example's stoves: besides fixed phrases ("gas leak",
"food poisoning") each lexicon has `escalate_near`, named pairs of lists where a word of `what` counts only
within `within` characters of a word of `near`: a foreign object near food ("plastic" ... "in my burger"),
being sick near eating, "crashed" near a car or driver, "swollen" near a battery, "cut" right before a body
part. The `what` word is the hit, so a look-alike in `escalate_not` ("sick of", "app crashed") cancels it
without cancelling a real hit elsewhere in the post.

False-positive risk: `escalate` makes the reply tell the customer to stop using the product and hands the
case to a safety team, which is a costly detour for a joke ("the burger was so good I nearly died"); a
missed food-poisoning case is worse, so the pairs lean to recall and the look-alikes are listed per
language (tests/assistant/test_flags.py holds both side by side).
"""

from __future__ import annotations

from assistant.lexicon import languages, lexicon, outside, pattern, spans
from assistant.reading import Flag
from guardrails import find_pii
from guardrails.phrases import normalise

_NEAR = 40  # characters between an instruction verb and its object ("ignore all of your previous instructions")


def _near(verbs: list[tuple[int, int]], objects: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans covering a verb and an object that sit within _NEAR characters of each other."""
    return [
        (min(v[0], o[0]), max(v[1], o[1]))
        for v in verbs for o in objects
        if o[0] - v[1] <= _NEAR and v[0] - o[1] <= _NEAR and not (v[0] < o[1] and o[0] < v[1])
    ]


def _close(a: tuple[int, int], b: tuple[int, int], within: int) -> bool:
    """Two spans that do not overlap and sit within `within` characters of each other."""
    return b[0] - a[1] <= within and a[0] - b[1] <= within and not (a[0] < b[1] and b[0] < a[1])


def _pairs(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of `escalate_near` words (`what`) that have a word of their `near` list close by."""
    hits: list[tuple[int, int]] = []
    table = lexicon("flags", lang).get("escalate_near")
    if not isinstance(table, dict):
        return hits
    for name, entry in table.items():
        what = spans(pattern("flags", lang, "escalate_near", name, "what"), text)
        if not what:
            continue
        near = spans(pattern("flags", lang, "escalate_near", name, "near"), text)
        within = int(entry.get("within", _NEAR)) if isinstance(entry, dict) else _NEAR
        hits += [w for w in what if any(_close(w, o, within) for o in near)]
    return hits


def _hits(kind: str, text: str, langs: tuple[str, ...]) -> bool:
    for lang in langs:
        hits = spans(pattern("flags", lang, kind), text)
        if kind == "injection":
            verbs = spans(pattern("flags", lang, "injection_verbs"), text)
            if verbs:
                hits += _near(verbs, spans(pattern("flags", lang, "injection_objects"), text))
        elif kind == "escalate":
            hits += _pairs(text, lang)
        if outside(hits, spans(pattern("flags", lang, f"{kind}_not"), text)):
            return True
    return False


def read_flags(text: str, language: str, order_id_pattern: str | None = None) -> list[Flag]:
    """Flags for the post, without `troll` refinement (which needs to know if there is anything to solve)."""
    near = tuple(dict.fromkeys((language, "en")))
    text = normalise(text)  # curly apostrophes (phone keyboards) to the straight ones the lexicons are written with
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
