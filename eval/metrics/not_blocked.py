"""`not_blocked`: no draft (public or DM) carries a blocking guardrail finding after repair."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import CareCase, Metric, Score, drafts, register, skip, verdict


@register
class NotBlocked(Metric):
    name = "not_blocked"
    description = "no draft is blocked by a guardrail"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        items = drafts(response)
        if not items:
            return skip("no drafts")
        rules = sorted({str(f.get("rule")) for d in items if d.get("blocked")
                        for f in d.get("findings") or [] if f.get("severity") == "block"})
        if any(d.get("blocked") for d in items):
            return verdict(False, f"blocked by {', '.join(rules) or 'a guardrail'}")
        return verdict(True, "not blocked")
