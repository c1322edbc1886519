"""`faq_used`: the first public draft draws on an acceptable FAQ entry when one answers the post."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("acceptable", "used", "passed", "reason"), [
    (["shipping-times"], ["shipping-times"], True, "acceptable FAQ used"),
    (["refund-timing", "returns-window"], ["returns-window", "hours"], True, "acceptable FAQ used"),
    (["refund-timing"], ["double-charge"], False, "wrong FAQ used"),
    (["refund-timing"], [], False, "no FAQ used"),
    ([], ["gift-cards"], None, "not applicable"),
    (None, [], None, "not applicable"),
])
def test_faq_used(mk: SimpleNamespace, acceptable: list[str] | None, used: list[str], passed: bool | None,
                  reason: str) -> None:
    score = get("faq_used").score(mk.case(faq=acceptable), mk.response(mk.draft(faq_ids=used)))
    assert (score.passed, score.reason) == (passed, reason)


def test_the_dm_does_not_count(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft(faq_ids=[]), mk.draft(visibility="private", faq_ids=["refund-timing"]))
    assert get("faq_used").score(mk.case(faq=["refund-timing"]), response).passed is False
