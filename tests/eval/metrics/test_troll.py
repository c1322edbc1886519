"""`troll`: the reading's abuse flag as precision and recall."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "flags", "outcome", "reason"), [
    (True, ["troll"], "tp", "troll caught"),
    (True, ["troll", "pii"], "tp", "troll caught"),
    (True, [], "fn", "troll missed"),
    (True, ["escalate"], "fn", "troll missed"),
    (False, ["troll"], "fp", "flagged troll wrongly"),
    (False, ["injection"], "tn", "not troll, not flagged"),
    (None, ["troll"], None, "not applicable"),
])
def test_troll_case(mk: SimpleNamespace, label: bool | None, flags: list[str], outcome: str | None,
                    reason: str) -> None:
    score = get("troll").score(mk.case(troll=label), mk.response(flags=flags))
    assert (score.outcome, score.reason) == (outcome, reason)


def test_precision_counts_the_posts_wrongly_taken_for_abuse(mk: SimpleNamespace) -> None:
    metric = get("troll")
    rows = [(True, ["troll"]), (False, ["troll"]), (False, ["troll"])] + [(False, [])] * 20
    agg = metric.aggregate(metric.score(mk.case(troll=t), mk.response(flags=f)) for t, f in rows)
    assert (agg["tp"], agg["fp"], agg["fn"], agg["tn"]) == (1, 2, 0, 20)
    assert agg["recall"] == 1.0 and agg["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert agg["mean"] == pytest.approx(21 / 23, abs=1e-4)  # accuracy would hide the two false alarms
