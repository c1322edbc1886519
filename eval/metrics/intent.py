"""`intent`: the reading's intent equals the labelled one (responses from before intents read as `other`)."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, reading, register, verdict


@register
class IntentMatch(Metric):
    name = "intent"
    description = "the reading's intent is the labelled intent"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.intent:
            return NOT_APPLICABLE
        got = reading(response).get("intent", "other")
        return verdict(got == case.intent, "right intent" if got == case.intent else f"read {got} for {case.intent}")
