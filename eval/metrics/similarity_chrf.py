"""`similarity_chrf`: chrF between the first public draft and the case's reference (a real agent reply).

chrF (Popović 2015, as in sacrebleu): character n-grams of orders 1..6 with whitespace removed; per order,
precision and recall of the clipped n-gram matches; precision and recall averaged over the orders both
texts are long enough for; then the F-score with beta=2 (recall weighs twice as much as precision).
Scaled 0..1. A draft can be good and still share little with one agent's reply: read it as a trend over
many cases, never as a pass/fail of one.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip

ORDER = 6
BETA = 2.0
_SPACE = re.compile(r"\s+")


def _ngrams(text: str, n: int) -> Counter[str]:
    return Counter(text[i:i + n] for i in range(len(text) - n + 1))


def chrf(hypothesis: str, reference: str, order: int = ORDER, beta: float = BETA) -> float:
    """chrF of `hypothesis` against `reference`, 0..1 (1 for identical texts, 0 when nothing is shared)."""
    hyp, ref = _SPACE.sub("", hypothesis), _SPACE.sub("", reference)
    precisions, recalls = [], []
    for n in range(1, order + 1):
        h, r = _ngrams(hyp, n), _ngrams(ref, n)
        if not h or not r:
            continue
        matches = sum((h & r).values())
        precisions.append(matches / sum(h.values()))
        recalls.append(matches / sum(r.values()))
    if not precisions:
        return 0.0
    p, r_ = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p == 0 and r_ == 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * p * r_ / (b2 * p + r_)


@register
class SimilarityChrf(Metric):
    name = "similarity_chrf"
    description = "chrF (0..1) of the first public draft against the reference agent reply"
    group = "similarity"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.reference:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        value = round(chrf(str(draft.get("text", "")), case.reference), 4)
        return Score(value=value, passed=None, reason="chrF")
