"""Mood cues from per-language lexicons (assistant/data/mood/<lang>.yaml), and the lexicon-only mood guess.

The mood itself comes from the e5 classifier (assistant/classifier.py); assistant/read.py lets these cues
overrule it only where a sentence embedding is known to blur the signal (see `read._settle_mood`):
sarcasm, irony, mock anger with laughter, emoji on an otherwise flat post.

Counts lexicon hits per mood in the post's language and in English (emoji and English slang cross
languages); a happy word right after a negation counts as upset. Sarcasm: praise or a sarcasm marker
("🙃", "👏", "love that for me") next to a named problem (`complaint`: "still", "broken", "waiting")
("great, another week without my parcel"); an `irony` marker ("🙃", "thanks for nothing", "oh wait") is
upset on its own unless there is `laughter` ("😂", "lol"). Mock anger with laughter and no named problem
("you monsters 😤 third tent this year 😂") is playful. `read_mood` is the old lexicon-only reader, kept as
the baseline `python -m eval.reading mood` compares against.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assistant.lexicon import lexicon, pattern, spans
from assistant.reading import Mood

_PRIORITY: tuple[Mood, ...] = ("upset", "anxious", "sad", "confused", "playful", "happy")
_SHOUT = re.compile(r"\b[A-ZĄĆĘŁŃÓŚŹŻÄÖÜ]{4,}\b")


def _negated(text: str, start: int, negations: re.Pattern[str] | None) -> bool:
    if negations is None:
        return False
    window = text[max(0, start - 18):start]
    return negations.search(window) is not None


def _is_emoji(fragment: str) -> bool:
    return any(unicodedata.category(ch) == "So" for ch in fragment) and not any(ch.isalnum() for ch in fragment)


@dataclass
class Cues:
    """What the lexicons found in one post."""

    counts: dict[Mood, int] = field(default_factory=lambda: dict.fromkeys(_PRIORITY, 0))
    """Mood word and emoji hits (a negated happy word counts as upset)."""
    emoji: dict[Mood, int] = field(default_factory=lambda: dict.fromkeys(_PRIORITY, 0))
    """The emoji among those hits."""
    complaints: int = 0
    """Named problems ("still", "broken", "never arrived")."""
    sarcasm: int = 0
    irony: int = 0
    laughter: int = 0
    boosts: int = 0
    """Intensifiers, "!!", shouted words."""

    @property
    def sarcastic(self) -> bool:
        """Praise (or a sarcasm marker) next to a named problem, with no sad or confused words."""
        c = self.counts
        praise = self.sarcasm + c["happy"] + c["playful"]
        return bool(self.complaints and praise and not (c["sad"] or c["confused"]) and c["anxious"] <= praise)

    @property
    def ironic(self) -> bool:
        """An irony marker with no laughter."""
        return bool(self.irony and not self.laughter)

    @property
    def mock_anger(self) -> bool:
        """Anger words outweighed by laughter and no named problem."""
        c = self.counts
        return bool(c["upset"] and c["playful"] >= c["upset"] and not self.complaints)

    def emoji_mood(self) -> Mood | None:
        """The one mood the post's emoji point to, if they agree."""
        moods = [m for m, n in self.emoji.items() if n]
        return moods[0] if len(moods) == 1 else None


def lexicon_cues(text: str, language: str) -> Cues:
    """The lexicon cues of a post in its language and in English."""
    cues = Cues(
        sarcasm=len(spans(pattern("mood", "en", "sarcasm"), text)),
        irony=len(spans(pattern("mood", "en", "irony"), text)),
        laughter=len(spans(pattern("mood", "en", "laughter"), text)),
    )
    for lang in dict.fromkeys((language, "en")):
        if not lexicon("mood", lang):
            continue
        cues.complaints += len(spans(pattern("mood", lang, "complaint"), text))
        negations = pattern("mood", lang, "negations")
        for candidate in _PRIORITY:
            for start, end in spans(pattern("mood", lang, "moods", candidate), text):
                if candidate in ("happy", "playful") and _negated(text, start, negations):
                    cues.counts["upset"] += 1
                else:
                    cues.counts[candidate] += 1
                    if _is_emoji(text[start:end]):
                        cues.emoji[candidate] += 1
        cues.boosts += len(spans(pattern("mood", lang, "intensifiers"), text))
    cues.boosts += text.count("!!") + len(_SHOUT.findall(text))
    return cues


def read_mood(text: str, language: str) -> tuple[Mood, float]:
    """The lexicon-only mood and its intensity (0..1): the baseline the classifier is measured against."""
    return lexicon_mood_of(lexicon_cues(text, language))


def lexicon_mood_of(cues: Cues) -> tuple[Mood, float]:
    """The lexicon's mood from its cues: calm when it found no feeling words (a named problem alone is upset)."""
    counts = dict(cues.counts)
    if sum(counts.values()) == 0 and not cues.irony:
        return ("upset", 0.3) if cues.complaints else ("calm", 0.1)
    mood: Mood
    if cues.sarcastic or cues.ironic:
        mood = "upset"
        counts["upset"] += 1
    elif counts["upset"] and counts["playful"] >= counts["upset"]:
        mood = "playful"
    elif counts["upset"] and counts["happy"]:
        mood = "upset"
    else:
        mood = max(_PRIORITY, key=lambda m: (counts[m], -_PRIORITY.index(m)))
    intensity = min(1.0, 0.35 + 0.15 * (counts[mood] - 1) + 0.1 * cues.boosts)
    return mood, round(intensity, 2)
