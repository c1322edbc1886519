"""`not_blocked`: no draft, public or DM, is blocked; the reason names the blocking rules."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


def _finding(rule: str, severity: str) -> dict[str, object]:
    return {"rule": rule, "severity": severity, "start": 0, "end": 3, "message": "…", "language": "en"}


@pytest.mark.parametrize(("drafts", "passed", "reason"), [
    ([{}], True, "not blocked"),
    ([{"findings": [_finding("too_long", "warn")]}], True, "not blocked"),
    ([{"blocked": True, "findings": [_finding("overpromise", "block"), _finding("dismissive", "block")]}],
     False, "blocked by dismissive, overpromise"),
    ([{}, {"visibility": "private", "blocked": True, "findings": [_finding("pii_request", "block")]}],
     False, "blocked by pii_request"),
    ([], None, "no drafts"),
])
def test_not_blocked(mk: SimpleNamespace, drafts: list[dict[str, object]], passed: bool | None, reason: str) -> None:
    score = get("not_blocked").score(mk.case(), mk.response(*(mk.draft(**d) for d in drafts)))
    assert (score.passed, score.reason) == (passed, reason)
