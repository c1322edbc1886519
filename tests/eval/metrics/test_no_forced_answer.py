"""`no_forced_answer`: no FAQ answer in the draft when no entry answers the post."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("acceptable", "used", "passed", "reason"), [
    ([], [], True, "no FAQ recited"),
    ([], ["gift-cards"], False, "answers with gift-cards where no FAQ applies"),
    (["refund-timing"], ["gift-cards"], None, "not applicable"),
    (None, ["gift-cards"], None, "not applicable"),
])
def test_no_forced_answer(mk: SimpleNamespace, acceptable: list[str] | None, used: list[str], passed: bool | None,
                          reason: str) -> None:
    score = get("no_forced_answer").score(mk.case(faq=acceptable), mk.response(mk.draft(faq_ids=used)))
    assert (score.passed, score.reason) == (passed, reason)


def test_a_dm_is_not_an_answer(mk: SimpleNamespace) -> None:
    response = mk.response(mk.draft(faq_ids=[]), mk.draft(visibility="private", faq_ids=["refund-timing"]))
    assert get("no_forced_answer").score(mk.case(faq=[]), response).passed is True
