"""`faq_used`: when a FAQ answers the post, the first public draft draws on an acceptable entry."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip, verdict


@register
class FaqUsed(Metric):
    name = "faq_used"
    description = "the first public draft's faq_ids hold an acceptable FAQ id (cases a FAQ answers)"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.faq:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        used = set(draft.get("faq_ids") or ())
        if not used:
            return verdict(False, "no FAQ used")
        return verdict(bool(used & set(case.faq)), "acceptable FAQ used" if used & set(case.faq) else "wrong FAQ used")
