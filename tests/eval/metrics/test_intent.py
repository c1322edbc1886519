"""`intent`: the reading's intent against the label; responses from before intents read as `other`."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("label", "reading", "passed"), [
    ("praise", {"intent": "praise"}, True),
    ("question", {"intent": "problem"}, False),
    ("other", {}, True),
    ("safety", {}, False),
    (None, {"intent": "praise"}, None),
])
def test_intent(mk: SimpleNamespace, label: str | None, reading: dict[str, str], passed: bool | None) -> None:
    response = mk.response(mk.draft())
    response["reading"].pop("intent")
    response["reading"].update(reading)
    assert get("intent").score(mk.case(intent=label), response).passed is passed
