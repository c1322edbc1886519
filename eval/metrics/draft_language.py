"""`draft_language`: the first public draft is written in the customer's language (and Chinese script).

The language is detected from the draft text with `guardrails.langid.detect`, with the case's language as
the prior (as the service uses the brand's languages): a short draft whose evidence is a near tie counts
as written in the expected language, a draft that is clearly in another language does not. False-negative
risk: a draft that says in the customer's language that the answer follows in the brand's language, then
quotes a long untranslated answer, may be detected as the brand's language.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip, verdict
from guardrails.langid import detect


@register
class DraftLanguage(Metric):
    name = "draft_language"
    description = "the first public draft is in the case's language (and Chinese script)"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.lang:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        guess = detect(str(draft.get("text", "")), prior=(case.lang,))
        if guess.language != case.lang:
            return verdict(False, f"{case.lang} post answered in {guess.language}")
        if case.lang == "zh" and case.script and guess.script and guess.script != case.script:
            return verdict(False, f"{case.script} post answered in {guess.script}")
        return verdict(True, "customer's language")
