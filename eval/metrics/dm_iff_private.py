"""`dm_iff_private`: a private DM draft comes with the public reply exactly when the case is private."""

from __future__ import annotations

from typing import Any

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, drafts, register, verdict


@register
class DmIffPrivate(Metric):
    name = "dm_iff_private"
    description = "a private DM draft exists if and only if the case is private"

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if case.private is None:
            return NOT_APPLICABLE
        dm = bool(drafts(response, "private"))
        if dm == case.private:
            return verdict(True, "DM pair" if dm else "public only")
        return verdict(False, "no DM for a private case" if case.private else "DM for a public case")
