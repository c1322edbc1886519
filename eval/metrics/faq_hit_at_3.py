"""`faq_hit_at_3`: some acceptable FAQ id is among the first three retrieved (cases where a FAQ applies)."""

from __future__ import annotations

from typing import Any, ClassVar

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, reading, register, verdict


@register
class FaqHitAt3(Metric):
    name = "faq_hit_at_3"
    description = "an acceptable FAQ id is among the reading's first three FAQ hits"
    group = "reading"
    k: ClassVar[int] = 3
    """How many of the first hits count (faq_hit_at_1 sets 1)."""

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.faq:
            return NOT_APPLICABLE
        ranked = [f.get("id") for f in reading(response).get("faq") or [] if isinstance(f, dict)]
        if not ranked:
            return verdict(False, "nothing retrieved")
        hit = bool(set(ranked[:self.k]) & set(case.faq))
        return verdict(hit, f"acceptable FAQ in top {self.k}" if hit else f"no acceptable FAQ in top {self.k}")
