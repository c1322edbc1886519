"""`politeness`: how polite the first public draft reads, 0..1, by the offline scorer in eval/politeness.py.

The value is Φ (the normal CDF) of the draft's predicted human politeness rating, in standard deviations of
the ratings people gave Wikipedia and Stack Exchange requests (Stanford politeness corpus, TyDiP): 0.5 reads
as polite as the average rated request, 0.84 one standard deviation more polite. A draft passes at 0.5.
The headline is the mean: a trend over many cases (held-out Spearman with people's ratings 0.18 Spanish,
0.23 Stack Exchange, 0.40 French, 0.54 Wikipedia; `python -m eval.politeness`). In de, pl, zh, fa and hy the
phrase lists carry the same weights, unvalidated against people.

False-positive risk: the scorer sees strategies, not meaning. "Thanks! Why would we refund that?" keeps the
credit for thanks; a reply about a bad delivery loses a little for the word "bad"; sarcasm reads polite.
Draft language: the draft's own `language` (the case's `lang` when absent); one without phrase lists is
skipped, never scored 0.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, Metric, Score, first_public, register, skip
from eval.politeness import languages, politeness

PASS = 0.5
"""As polite as the average human-rated request."""


@register
class Politeness(Metric):
    name = "politeness"
    description = "politeness of the first public draft, 0..1 (0.5: an average human-rated request; passes from 0.5)"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        language = str(draft.get("language") or case.lang or "")
        if language not in languages():
            return skip(f"no politeness phrases for language {language or '?'}")
        value = politeness(str(draft.get("text") or ""), language)
        if value is None:
            return skip("empty draft")
        ok = value >= PASS
        return Score(value=round(value, 4), passed=ok,
                     reason="as polite as an average request or more" if ok else "less polite than an average request")
