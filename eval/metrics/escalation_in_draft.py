"""`escalation_in_draft`: on a safety case the reply tells the customer to stop using the product and that
the safety team will follow up, i.e. the first public draft's plan includes the `escalate` action.

Judged on the plan, not the wording: the plan is what makes the composer and an LLM backend write the
brand's safety promise. A draft without a plan (the service before plans) fails with "no plan".
"""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, plan_does, register, verdict


@register
class EscalationInDraft(Metric):
    name = "escalation_in_draft"
    description = "on safety cases the first draft's plan escalates (stop using it, the safety team follows up)"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.escalate:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return verdict(False, "no public draft")
        does = plan_does(draft, "escalate")
        if does is None:
            return verdict(False, "no plan")
        return verdict(does, "escalates" if does else "plan does not escalate")
