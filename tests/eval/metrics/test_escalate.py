"""`escalate`: the reading's safety flag as precision and recall."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "flags", "outcome"), [
    (True, ["escalate"], "tp"),
    (True, ["escalate", "pii"], "tp"),
    (True, [], "fn"),
    (False, ["escalate"], "fp"),
    (False, ["troll"], "tn"),
    (None, ["escalate"], None),
])
def test_escalate_case(mk: SimpleNamespace, label: bool | None, flags: list[str], outcome: str | None) -> None:
    assert get("escalate").score(mk.case(escalate=label), mk.response(flags=flags)).outcome == outcome


def test_recall_counts_only_safety_cases(mk: SimpleNamespace) -> None:
    metric = get("escalate")
    rows = [(True, ["escalate"]), (True, []), (False, [])]
    agg = metric.aggregate(metric.score(mk.case(escalate=e), mk.response(flags=f)) for e, f in rows)
    assert (agg["recall"], agg["precision"], agg["n"]) == (0.5, 1.0, 3)
