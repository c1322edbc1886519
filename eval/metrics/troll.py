"""`troll`: the reading's abuse flag, as precision and recall over cases.

Abuse with nothing to solve is rare (one case in the care set), so accuracy would be the share of easy
negatives; the counts show what the rate stands on. A false positive is the costly error here: the planner
may recommend not replying to a customer who had a real problem.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, DetectionMetric, Score, reading, register


@register
class TrollDetection(DetectionMetric):
    name = "troll"
    description = "the reading flags troll exactly on the abuse cases (precision/recall)"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        return self.judge(case.troll, "troll" in (reading(response).get("flags") or ()), "troll")
