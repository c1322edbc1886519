"""`care_lead`: the rubric a care lead applies before a draft may go out, as one pass/fail per case.

A case passes when the first public draft is in the customer's language, does not stall, fits the mood and
the tone (on a complaint one apology and no emoji), is not blocked, echoes no personal data and fits the
channel, and the reply does what the post needs: on a safety case it escalates, on a private case it comes
with a DM draft, when a FAQ answers the post it uses an acceptable entry and when none does it recites none,
when it cites FAQ entries it keeps at least half of their facts (`fact_coverage`, whose docstring says why
half), and praise gets no DM, no "we'll get back to you" and no apology. The reason lists every failed check
("check: why"), so a run can count what fails most.
"""

from __future__ import annotations

from typing import Any, ClassVar

from eval.metrics.base import CareCase, Metric, Score, drafts, first_public, register
from eval.metrics.mood_fit import apologises
from eval.metrics.no_stall import stalls

ALWAYS: tuple[str, ...] = ("draft_language", "no_stall", "mood_fit", "tone_fit", "not_blocked", "pii_not_echoed",
                           "length_ok", "fact_coverage")
"""Metrics every case must pass where they apply (`fact_coverage` applies when the draft cites FAQ entries)."""


@register
class CareLead(Metric):
    name = "care_lead"
    description = "passes a case only when every care-lead check passes and the reply does what the post needs"
    group = "rubric"
    headline: ClassVar[str] = "pass_rate"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        from eval.metrics import get

        failed: list[str] = []

        def need(metric: str, label: str | None = None) -> None:
            s = get(metric).score(case, response)
            if s.passed is False:  # one entry per problem, so a run can count each
                failed.extend(f"{label or metric}: {reason}" for reason in s.reason.split("; "))

        draft = first_public(response)
        if draft is None and not case.troll:
            failed.append("draft: no public draft")
        for metric in ALWAYS:
            need(metric)
        if case.escalate:
            need("escalation_in_draft")
        if case.private:
            need("dm_iff_private", "dm_pair")
        need("faq_used" if case.faq else "no_forced_answer")
        if case.intent == "praise" and draft is not None:
            if drafts(response, "private"):
                failed.append("praise: DM for praise")
            if stalls(draft):
                failed.append("praise: says we'll get back")
            if apologises(str(draft.get("text", ""))) and not any("apology" in f for f in failed):
                failed.append("praise: apology")
        ok = not failed
        return Score(value=1.0 if ok else 0.0, passed=ok, reason="; ".join(failed) or "passes the rubric",
                     failed=tuple(failed))
