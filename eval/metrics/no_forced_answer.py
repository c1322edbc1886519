"""`no_forced_answer`: when no FAQ entry answers the post, the first public draft recites none.

A care lead fails a reply that answers a question nobody asked ("Do you sell pizza?" answered with the
gift-card terms): it reads as a bot and hides that the agent still has to look. Applies only to cases
labelled with no acceptable entry (`faq: []`); unlabelled cases (`faq` absent) are not judged.
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip, verdict


@register
class NoForcedAnswer(Metric):
    name = "no_forced_answer"
    description = "the first public draft uses no FAQ entry when none answers the post"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if case.faq is None or case.faq:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        used = list(draft.get("faq_ids") or ())
        return verdict(not used, f"answers with {', '.join(used)} where no FAQ applies" if used else "no FAQ recited")
