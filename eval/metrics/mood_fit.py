"""`mood_fit`: the first public draft has no sentence that contradicts the customer's mood.

- an apology to a happy or praising customer;
- cheer ("made our day", "love this"), humour or a laughing/party emoji on an upset, sad or anxious post,
  or on a complaint, problem or safety post;
- no thanks for praise.
Phrases: eval/data/metrics/mood/<language>.yaml. Judged against the labelled mood and intent, not the
reading. False-positive risk: "sorry you had to write again" on a happy follow-up counts as an apology.
"""

from __future__ import annotations

import re
from typing import Any

from eval.metrics._phrases import find
from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip, verdict

HAPPY_MOODS = ("happy",)
UPSET_MOODS = ("upset", "sad", "anxious")
UPSET_INTENTS = ("complaint", "problem", "safety")
LAUGHING_EMOJI = re.compile("[\U0001F600-\U0001F606\U0001F609\U0001F60B\U0001F60E\U0001F61B-\U0001F61D"
                            "\U0001F923\U0001F929\U0001F92A\U0001F973\U0001F389\U0001F38A\U0001F643]")
"""Grinning, laughing, winking, tongue-out, party and upside-down faces, party popper and confetti."""


def apologises(text: str) -> bool:
    """Whether the text holds an apology phrase."""
    return bool(find("mood", "apology", text))


def misfits(case: CareCase, text: str) -> list[str]:
    """What in `text` contradicts the case's mood and intent (empty when it fits)."""
    happy = case.mood in HAPPY_MOODS or case.intent == "praise"
    upset = case.mood in UPSET_MOODS or case.intent in UPSET_INTENTS
    problems = []
    if happy and apologises(text):
        problems.append("apology to a happy post")
    if upset and (find("mood", "cheer", text) or LAUGHING_EMOJI.search(text)):
        problems.append("cheer on an upset post")
    if upset and find("mood", "humour", text):
        problems.append("humour on an upset post")
    if case.intent == "praise" and not find("mood", "thanks", text):
        problems.append("no thanks for praise")
    return problems


@register
class MoodFit(Metric):
    name = "mood_fit"
    description = "the first public draft neither apologises to a happy post nor cheers an upset one, and thanks praise"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.mood and not case.intent:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        problems = misfits(case, str(draft.get("text", "")))
        return verdict(not problems, "; ".join(problems) or "fits the mood")
