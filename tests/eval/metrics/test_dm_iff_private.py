"""`dm_iff_private`: a private DM draft exists exactly when the case is private."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get


@pytest.mark.parametrize(("private", "visibilities", "passed", "reason"), [
    (True, ["public", "private"], True, "DM pair"),
    (True, ["public"], False, "no DM for a private case"),
    (False, ["public"], True, "public only"),
    (False, ["public", "public", "private"], False, "DM for a public case"),
    (None, ["public", "private"], None, "not applicable"),
])
def test_dm_iff_private(mk: SimpleNamespace, private: bool | None, visibilities: list[str], passed: bool | None,
                        reason: str) -> None:
    response = mk.response(*(mk.draft(visibility=v) for v in visibilities))
    score = get("dm_iff_private").score(mk.case(private=private), response)
    assert (score.passed, score.reason) == (passed, reason)
