"""`pii`: the reading's personal-data flag against the case's `pii` label, as precision and recall.

A case expects the flag when its `pii` list (the personal-data strings of the post) is non-empty. The list
defaults to empty, so an empty list counts as a label only when the case file states it (`"pii": []`); a
case without the field is not judged. The labels include data no detector is meant to find (a driver's or a
friend's name, a gamer tag), so recall here is a floor; `pii_not_echoed` judges what matters most, that
the public draft never repeats the data.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, DetectionMetric, Score, reading, register


@register
class PiiDetection(DetectionMetric):
    name = "pii"
    description = "the reading flags pii exactly on posts labelled with personal data (precision/recall)"
    group = "reading"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        expected = bool(case.pii) if "pii" in case.model_fields_set else None
        return self.judge(expected, "pii" in (reading(response).get("flags") or ()), "pii")
