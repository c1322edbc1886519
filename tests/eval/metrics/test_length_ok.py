"""`length_ok`: the first public draft fits its channel; X weighs CJK double and skips leading @handles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("channel", "text", "passed"), [
    ("twitter", "a" * 280, True),
    ("twitter", "a" * 281, False),
    ("twitter", "@BrightfernCare " + "a" * 280, True),
    ("twitter", "好" * 140, True),
    ("twitter", "好" * 141, False),
    ("twitter", "Բ" * 280, True),
    ("instagram", "a" * 2200, True),
    ("instagram", "a" * 2201, False),
    ("facebook", "ü" * 5000, True),
])
def test_length_ok(mk: SimpleNamespace, channel: str, text: str, passed: bool) -> None:
    score = get("length_ok").score(mk.case(channel=channel), mk.response(mk.draft(text)))
    assert score.passed is passed
    if not passed:
        assert score.reason == f"over the {channel} limit"


def test_only_the_first_public_draft_counts(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft("short"), mk.draft("a" * 400, visibility="private"))
    assert get("length_ok").score(mk.case(channel="twitter"), response).passed is True
