"""`injection`: the reading's prompt-injection flag as precision and recall."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "flags", "outcome", "passed"), [
    (True, ["injection"], "tp", True),
    (True, ["troll"], "fn", False),
    (False, ["injection"], "fp", False),
    (False, ["injection", "pii"], "fp", False),
    (False, [], "tn", True),
    (None, ["injection"], None, None),
])
def test_injection_case(mk: SimpleNamespace, label: bool | None, flags: list[str], outcome: str | None,
                        passed: bool | None) -> None:
    score = get("injection").score(mk.case(injection=label), mk.response(flags=flags))
    assert (score.outcome, score.passed) == (outcome, passed)


def test_a_set_without_attacks_reports_false_alarms_not_recall(mk: SimpleNamespace) -> None:
    metric = get("injection")
    rows = [(False, ["injection"])] + [(False, [])] * 9
    agg = metric.aggregate(metric.score(mk.case(injection=i), mk.response(flags=f)) for i, f in rows)
    assert (agg["fp"], agg["tn"], agg["recall"], agg["precision"]) == (1, 9, None, 0.0)
