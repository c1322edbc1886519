"""`faq_hit_at_1`: the first FAQ retrieved is an acceptable one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


def _faq(*ids: str) -> list[dict[str, object]]:
    return [{"id": i, "score": 0.9 - n / 10} for n, i in enumerate(ids)]


@pytest.mark.parametrize(("acceptable", "retrieved", "passed", "reason"), [
    (["shipping"], ["shipping", "hours"], True, "acceptable FAQ in top 1"),
    (["refund", "returns"], ["returns"], True, "acceptable FAQ in top 1"),
    (["refund"], ["warranty", "refund"], False, "no acceptable FAQ in top 1"),
    (["refund"], [], False, "nothing retrieved"),
    ([], ["warranty"], None, "not applicable"),
    (None, ["warranty"], None, "not applicable"),
])
def test_faq_hit_at_1(mk: SimpleNamespace, acceptable: list[str] | None, retrieved: list[str],
                      passed: bool | None, reason: str) -> None:
    score = get("faq_hit_at_1").score(mk.case(faq=acceptable), mk.response(mk.draft(), faq=_faq(*retrieved)))
    assert (score.passed, score.reason) == (passed, reason)


def test_hit_at_1_is_never_above_hit_at_3(mk: SimpleNamespace) -> None:
    case = mk.case(faq=["refund"])
    response = mk.response(mk.draft(), faq=_faq("warranty", "refund"))
    assert get("faq_hit_at_1").score(case, response).passed is False
    assert get("faq_hit_at_3").score(case, response).passed is True
