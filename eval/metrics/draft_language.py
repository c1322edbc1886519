"""`draft_language`: the first public draft is written in the customer's language (and Chinese script).

The language is detected from the draft text with `guardrails.langid.detect`, with the case's language as
the prior (as the service uses the brand's languages): a short draft whose evidence is a near tie counts
as written in the expected language, a draft that is clearly in another language does not. A FAQ answer the
draft quotes in the brand's language on purpose (the service marks it with a `language_mismatch` warn
finding) is left out: what is judged is what Tactful wrote, which must be in the customer's language.
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
        text = str(draft.get("text", ""))
        for f in draft.get("findings") or ():
            quoted = f.get("rule") == "language_mismatch" and f.get("severity") == "warn"
            if quoted and f.get("end", 0) > f.get("start", 0):
                text = text[: f["start"]] + " " * (f["end"] - f["start"]) + text[f["end"]:]
        guess = detect(text, prior=(case.lang,))
        if guess.language != case.lang:
            return verdict(False, f"{case.lang} post answered in {guess.language}")
        if case.lang == "zh" and case.script and guess.script and guess.script != case.script:
            return verdict(False, f"{case.script} post answered in {guess.script}")
        return verdict(True, "customer's language")
