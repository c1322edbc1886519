"""`private`: the reading's privacy need, as precision and recall over cases.

Most posts are not private, so accuracy would mostly count easy negatives; each case records its
confusion-matrix cell and the aggregate reports precision and recall with the counts behind them.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, DetectionMetric, Score, reading, register


@register
class PrivateDetection(DetectionMetric):
    name = "private"
    description = "the reading marks private exactly the cases labelled private (precision/recall)"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        return self.judge(case.private, bool(reading(response).get("private")), "private")
