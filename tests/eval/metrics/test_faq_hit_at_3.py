"""`faq_hit_at_3`: an acceptable id among the first three retrieved."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


def _faq(*ids: str) -> list[dict[str, object]]:
    return [{"id": i, "score": 0.9 - n / 10} for n, i in enumerate(ids)]


@pytest.mark.parametrize(("acceptable", "retrieved", "passed", "reason"), [
    (["shipping"], ["shipping"], True, "acceptable FAQ in top 3"),
    (["refund", "returns"], ["warranty", "hours", "returns"], True, "acceptable FAQ in top 3"),
    (["refund"], ["warranty", "hours", "returns", "refund"], False, "no acceptable FAQ in top 3"),
    (["refund"], [], False, "nothing retrieved"),
    ([], ["warranty"], None, "not applicable"),
    (None, ["warranty"], None, "not applicable"),
])
def test_faq_hit_at_3(mk: SimpleNamespace, acceptable: list[str] | None, retrieved: list[str],
                      passed: bool | None, reason: str) -> None:
    score = get("faq_hit_at_3").score(mk.case(faq=acceptable), mk.response(mk.draft(), faq=_faq(*retrieved)))
    assert (score.passed, score.reason) == (passed, reason)
