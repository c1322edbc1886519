"""Repair: mechanical fixes are applied and re-checked clean; what needs a rewrite is handed back."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check
from guardrails.repair import dm_handoff, repair

CASES = [
    # (language, reply, rules fixed mechanically, rules left for the backend)
    ("en", "Hi Mark, just restart the app. We emailed mark.smith@example.com the label.", {"dismissive", "pii"}, set()),
    ("en", "Please reply with your card number so we can check. Thanks!", {"pii_request"}, set()),
    ("en", "You should have read the manual, obviously.", {"dismissive"}, {"blame"}),
    ("pl", "Po prostu zadzwoń pod +48 601 234 567.", {"pii"}, {"dismissive"}),
    ("zh", "请提供您的银行卡号。我们会尽快处理。", {"pii_request"}, set()),
    ("de", "Wir garantieren die Lieferung morgen.", set(), {"overpromise"}),
    ("fr", "Malheureusement, le colis a du retard.", {"avoid_word"}, set()),
]


@pytest.mark.parametrize(("language", "reply", "fixed", "left"), CASES)
def test_repair(language: str, reply: str, fixed: set[str], left: set[str]) -> None:
    ctx = CheckContext(language=language, complaint=True, avoid=(("malheureusement", True),))
    outcome = repair(reply, check(reply, ctx), ctx)
    assert {f.rule for f in outcome.applied} == fixed
    assert {f.rule for f in outcome.remaining} == left
    assert len(outcome.instructions) == len(outcome.remaining)
    after = {f.rule for f in check(outcome.text, ctx).findings if f.severity == "block"}
    assert not (after & fixed), (outcome.text, after)


def test_removed_personal_data_is_replaced_by_a_dm_handoff_and_never_kept() -> None:
    reply = "Hi Anna, we sent the label to anna@example.com."
    outcome = repair(reply, check(reply, CheckContext(language="en")), CheckContext(language="en"))
    assert "anna@example.com" not in outcome.text
    assert outcome.text.startswith("Hi Anna, we sent the label") and outcome.text.endswith(dm_handoff("en"))
    assert outcome.text[0].isupper()
