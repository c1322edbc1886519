"""`private`: each case is a confusion-matrix cell; the aggregate is precision and recall with counts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "read", "outcome", "passed"), [
    (True, True, "tp", True),
    (True, False, "fn", False),
    (False, True, "fp", False),
    (False, False, "tn", True),
    (None, True, None, None),
])
def test_private_case(mk: SimpleNamespace, label: bool | None, read: bool, outcome: str | None,
                      passed: bool | None) -> None:
    score = get("private").score(mk.case(private=label), mk.response(mk.draft(), private=read))
    assert (score.outcome, score.passed) == (outcome, passed)


def test_aggregate_is_precision_and_recall_not_accuracy(mk: SimpleNamespace) -> None:
    metric = get("private")
    pairs = [(True, True), (True, True), (True, False), (False, True)] + [(False, False)] * 16
    scores = [metric.score(mk.case(private=label), mk.response(private=read)) for label, read in pairs]
    agg = metric.aggregate(scores)
    assert (agg["tp"], agg["fp"], agg["fn"], agg["tn"]) == (2, 1, 1, 16)
    assert agg["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert agg["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert agg["mean"] == 0.9  # accuracy would flatter it


def test_no_positives_leaves_precision_and_recall_undefined(mk: SimpleNamespace) -> None:
    metric = get("private")
    agg = metric.aggregate([metric.score(mk.case(private=False), mk.response(private=False))])
    assert agg["precision"] is None and agg["recall"] is None
