"""Reading a post: language, mood, flags, privacy need (retrieval is added by the drafting service).

`private` is set when the post holds personal data (`pii`) or its text shows that helping needs the
customer's account (assistant/privacy.py); the service adds the FAQ-tag route on top.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.flags import read_flags
from assistant.mood import read_mood
from assistant.privacy import needs_account
from assistant.reading import Reading
from guardrails import detect
from guardrails.langid import DEFAULT_LANGUAGES


def read(
    text: str,
    prior: Iterable[str] = (),
    order_id_pattern: str | None = None,
    candidates: Iterable[str] = DEFAULT_LANGUAGES,
) -> Reading:
    """Read one post; `prior` are the brand's languages, preferred on near ties."""
    prior = tuple(prior)
    guess = detect(text, candidates=tuple(dict.fromkeys((*prior, *candidates))), prior=prior)
    mood, intensity = read_mood(text, guess.language)
    flags = read_flags(text, guess.language, order_id_pattern)
    if "troll" in flags and mood not in ("upset", "playful"):
        mood, intensity = "upset", max(intensity, 0.6)  # abuse is upset even without mood words
    if "escalate" in flags and mood in ("calm", "confused"):
        mood, intensity = "anxious", max(intensity, 0.6)  # a safety incident wants reassurance first
    return Reading(
        language=guess.language, script=guess.script, mood=mood, intensity=intensity,
        private="pii" in flags or needs_account(text, guess.language), flags=tuple(flags),
    )
