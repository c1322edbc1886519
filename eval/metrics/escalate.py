"""`escalate`: the reading's safety flag, as precision and recall over cases (a miss is the costly error)."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, DetectionMetric, Score, reading, register


@register
class EscalateDetection(DetectionMetric):
    name = "escalate"
    description = "the reading flags escalate exactly on the safety cases (precision/recall)"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        return self.judge(case.escalate, "escalate" in (reading(response).get("flags") or ()), "escalate")
