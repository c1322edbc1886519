"""`mood`: the reading's mood equals the labelled one (accuracy over cases that state a mood)."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, reading, register, verdict


@register
class MoodMatch(Metric):
    name = "mood"
    description = "the reading's mood is the labelled mood"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.mood:
            return NOT_APPLICABLE
        got = reading(response).get("mood")
        return verdict(got == case.mood, "right mood" if got == case.mood else f"read {got} for {case.mood}")
