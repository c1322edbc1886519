"""A first mood guess from per-language lexicons (assistant/data/mood/<lang>.yaml).

Counts lexicon hits per mood in the post's language and in English (emoji and English slang cross
languages); a happy word right after a negation counts as upset. Sarcasm: praise or a sarcasm marker
("🙃", "👏", "love that for me") next to a named problem (`complaint`: "still", "broken", "waiting")
reads as upset ("great, another week without my parcel"); an `irony` marker ("🙃", "thanks for nothing",
"oh wait") is upset on its own unless there is `laughter` ("😂", "lol"). Mock anger with laughter and no named problem
("you monsters 😤 third tent this year 😂") is playful. A named problem with no feeling words is upset at
low intensity; a plain question with none is calm (asking is not confusion). Intensity grows with hits,
intensifiers, "!!" and shouting.
"""

from __future__ import annotations

import re

from assistant.lexicon import lexicon, pattern, spans
from assistant.reading import Mood

_PRIORITY: tuple[Mood, ...] = ("upset", "anxious", "sad", "confused", "playful", "happy")
_SHOUT = re.compile(r"\b[A-ZĄĆĘŁŃÓŚŹŻÄÖÜ]{4,}\b")


def _negated(text: str, start: int, negations: re.Pattern[str] | None) -> bool:
    if negations is None:
        return False
    window = text[max(0, start - 18):start]
    return negations.search(window) is not None


def read_mood(text: str, language: str) -> tuple[Mood, float]:
    """The dominant mood and its intensity (0..1)."""
    counts: dict[Mood, int] = dict.fromkeys(_PRIORITY, 0)
    boosts = complaints = 0
    sarcasm = len(spans(pattern("mood", "en", "sarcasm"), text))
    irony = len(spans(pattern("mood", "en", "irony"), text))
    laughter = len(spans(pattern("mood", "en", "laughter"), text))
    for lang in dict.fromkeys((language, "en")):
        if not lexicon("mood", lang):
            continue
        complaints += len(spans(pattern("mood", lang, "complaint"), text))
        negations = pattern("mood", lang, "negations")
        for candidate in _PRIORITY:
            for start, _ in spans(pattern("mood", lang, "moods", candidate), text):
                if candidate in ("happy", "playful") and _negated(text, start, negations):
                    counts["upset"] += 1
                else:
                    counts[candidate] += 1
        boosts += len(spans(pattern("mood", lang, "intensifiers"), text))
    total = sum(counts.values())
    if total == 0 and not irony:
        return ("upset", 0.3) if complaints else ("calm", 0.1)
    mood: Mood
    praise = sarcasm + counts["happy"] + counts["playful"]
    if (complaints and praise and not (counts["sad"] or counts["confused"]) and counts["anxious"] <= praise) or (
        irony and not laughter
    ):
        mood = "upset"
        counts["upset"] += 1
    elif counts["upset"] and counts["playful"] >= counts["upset"]:
        mood = "playful"
    elif counts["upset"] and counts["happy"]:
        mood = "upset"
    else:
        mood = max(_PRIORITY, key=lambda m: (counts[m], -_PRIORITY.index(m)))
    boosts += text.count("!!") + len(_SHOUT.findall(text))
    intensity = min(1.0, 0.35 + 0.15 * (counts[mood] - 1) + 0.1 * boosts)
    return mood, round(intensity, 2)
