"""Suggestions and feature requests in a post, from per-language cues (assistant/data/intent/<lang>.yaml).

A sentence is a suggestion when it holds a `phrases` cue on its own ("bring back the", "would love to
see", "przywróćcie") or, in one of its named `pairs`, a request word of `asks` ("could you", "könntet ihr",
"¿podríais") followed within `within` characters by a word of adding, offering or bringing back (`verbs`:
"add", "einbauen", "añadir").
A word of `own` right after the cue ("add *my* address", "mój adres", "a refund") means the customer's own
order, account or money: that is a problem to solve, not an idea for the product, and cancels the cue.
The post's language and English are read (English product words turn up in every language).

"Could you add a dark mode?" ends in a question mark, but it asks for a product change, not for
information: read.py turns the classifier's `question` into `feedback`, and the planner does not count
the question mark of a suggestion as a question to answer from the FAQ.

False-positive risk: a request about the customer's own case phrased without an `own` word ("can you add
the missing item to the order") reads as a suggestion, and the reply thanks for an idea instead of
asking for details; the `own` lists hold the words such requests use, and tests/assistant/test_suggestion.py
holds look-alikes next to the cues in every language with a file. A missed suggestion costs a stall
("I'm checking with the team"), which is the bug this file exists for.
"""

from __future__ import annotations

import re

from assistant.lexicon import lexicon, pattern, spans

_KIND = "intent"
_SENTENCE = re.compile(r"[^.!?。！？؟։\n]+[.!?。！？؟։]*")
"""A sentence with its closing punctuation (the question mark of a suggestion belongs to it)."""
_CLAUSE = re.compile(r"[,;:，；、،]")
_WITHIN = 30
_OWN_WITHIN = 20


def _cued(sentence: str, lang: str) -> bool:
    """Whether one sentence holds a suggestion cue of `lang` not cancelled by an `own` word."""
    table = lexicon(_KIND, lang).get("suggestion")
    if not isinstance(table, dict):
        return False
    own_within = int(table.get("own_within", _OWN_WITHIN))
    hits = spans(pattern(_KIND, lang, "suggestion", "phrases"), sentence)
    pairs = table.get("pairs")
    for name, entry in (pairs.items() if isinstance(pairs, dict) else ()):
        asks = spans(pattern(_KIND, lang, "suggestion", "pairs", name, "asks"), sentence)
        if not asks:
            continue
        verbs = spans(pattern(_KIND, lang, "suggestion", "pairs", name, "verbs"), sentence)
        within = int(entry.get("within", _WITHIN)) if isinstance(entry, dict) else _WITHIN
        hits += [(a[0], v[1]) for a in asks for v in verbs if 0 <= v[0] - a[1] <= within]
    if not hits:
        return False
    own = spans(pattern(_KIND, lang, "suggestion", "own"), sentence)

    def reach(end: int) -> int:  # `own_within` characters after the cue, not past the end of its clause
        clause = _CLAUSE.search(sentence, end)
        return min(end + own_within, clause.start() if clause else len(sentence))

    return any(not any(start <= o[0] <= reach(end) for o in own) for start, end in hits)


def suggestion_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` that make a suggestion or feature request."""
    langs = tuple(dict.fromkeys((language, "en")))
    return [m.span() for m in _SENTENCE.finditer(text)
            if any(_cued(m.group(), lang) for lang in langs)]


def is_suggestion(text: str, language: str) -> bool:
    """Whether the post makes a suggestion or feature request."""
    return bool(suggestion_sentences(text, language))


def outside_suggestions(text: str, language: str) -> str:
    """The post without its suggestion sentences (what is left may still ask a question)."""
    out, last = [], 0
    for start, end in suggestion_sentences(text, language):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return " ".join(part.strip() for part in out if part.strip())
