"""`faq_hit_at_3`: some acceptable FAQ id is among the first three retrieved (cases where a FAQ applies)."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, reading, register, verdict


@register
class FaqHitAt3(Metric):
    name = "faq_hit_at_3"
    description = "an acceptable FAQ id is among the reading's first three FAQ hits"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.faq:
            return NOT_APPLICABLE
        ranked = [f.get("id") for f in reading(response).get("faq") or [] if isinstance(f, dict)]
        if not ranked:
            return verdict(False, "nothing retrieved")
        return verdict(bool(set(ranked[:3]) & set(case.faq)), "acceptable FAQ in top 3"
                       if set(ranked[:3]) & set(case.faq) else "no acceptable FAQ in top 3")
