"""`no_stall`: when a FAQ answers the post, the reply answers instead of saying we'll check and get back.

A stall is a phrase from eval/data/metrics/stall/<language>.yaml in the first public draft, or the plan
action `unknown`. False-positive risk: a reply that answers and also promises a follow-up on another
point ("…and we'll check your order in DM") reads as a stall; the phrase lists stay with phrases that
promise a later answer to keep this rare.
"""

from __future__ import annotations

from typing import Any

from eval.metrics._phrases import find
from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, plan_does, register, skip, verdict


def stalls(draft: dict[str, Any]) -> str | None:
    """Why the draft stalls, or None."""
    if plan_does(draft, "unknown"):
        return "plan says unknown"
    if find("stall", "stall", str(draft.get("text", ""))):
        return "stall phrase"
    return None


@register
class NoStall(Metric):
    name = "no_stall"
    description = "the first public draft answers a FAQ question instead of promising to check and get back"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.faq:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        why = stalls(draft)
        return verdict(why is None, why or "answers")
