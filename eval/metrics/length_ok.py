"""`length_ok`: the first public draft fits the channel (X counts weighted characters)."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, Metric, Score, first_public, register, skip, verdict
from guardrails import channel


@register
class LengthOk(Metric):
    name = "length_ok"
    description = "the first public draft is within the channel's length limit"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        ch = channel(case.channel)
        length = ch.length(str(draft.get("text", "")))
        return verdict(length <= ch.limit, "fits" if length <= ch.limit else f"over the {ch.name} limit")
