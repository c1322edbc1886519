"""`pii`: the reading's personal-data flag against the case's `pii` strings, as precision and recall."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eval.metrics import CareCase, get


@pytest.mark.parametrize(("fields", "flags", "outcome"), [
    ({"pii": ["BF-482913"]}, ["pii"], "tp"),
    ({"pii": ["111-5014070-4118645", "__email__"]}, ["pii", "escalate"], "tp"),
    ({"pii": ["Marek Nowak"]}, [], "fn"),
    ({"pii": []}, ["pii"], "fp"),
    ({"pii": []}, [], "tn"),
    ({}, ["pii"], None),  # no `pii` field: not labelled, not judged
    ({}, [], None),
])
def test_pii_case(mk: SimpleNamespace, fields: dict[str, Any], flags: list[str], outcome: str | None) -> None:
    assert get("pii").score(mk.case(**fields), mk.response(flags=flags)).outcome == outcome


def test_a_stated_empty_list_is_a_label_also_from_a_case_file_row() -> None:
    metric = get("pii")
    labelled = CareCase.model_validate_json('{"id": "a", "text": "hi", "pii": []}')
    unlabelled = CareCase.model_validate_json('{"id": "b", "text": "hi"}')
    response = {"reading": {"flags": ["pii"]}, "drafts": []}
    assert metric.score(labelled, response).outcome == "fp"
    assert metric.score(unlabelled, response).passed is None


def test_aggregate_has_counts_precision_and_recall(mk: SimpleNamespace) -> None:
    metric = get("pii")
    rows = [(["BF-1"], ["pii"]), (["BF-2"], []), ([], ["pii"])] + [([], [])] * 7
    agg = metric.aggregate(metric.score(mk.case(pii=p), mk.response(flags=f)) for p, f in rows)
    assert (agg["tp"], agg["fp"], agg["fn"], agg["tn"]) == (1, 1, 1, 7)
    assert (agg["precision"], agg["recall"]) == (0.5, 0.5)
