"""`mood`: the reading's mood against the label."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "read", "passed"), [
    ("upset", "upset", True),
    ("upset", "happy", False),
    ("anxious", "anxious", True),
    ("playful", "upset", False),
    (None, "calm", None),
])
def test_mood(mk: SimpleNamespace, label: str | None, read: str, passed: bool | None) -> None:
    score = get("mood").score(mk.case(mood=label), mk.response(mk.draft(), mood=read))
    assert score.passed is passed
    if passed is False:
        assert score.reason == f"read {read} for {label}"
