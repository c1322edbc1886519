"""`similarity_cosine`: e5 cosine between the first public draft and the reference (loads the model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import METRICS, get


def test_is_costly_so_the_runner_can_skip_it() -> None:
    assert METRICS["similarity_cosine"].costly
    assert not any(cls.costly for name, cls in METRICS.items() if name != "similarity_cosine")


def test_not_applicable_without_reference(mk: SimpleNamespace) -> None:
    assert get("similarity_cosine").score(mk.case(), mk.response(mk.draft("hi"))).value is None


@pytest.mark.slow
def test_paraphrase_beats_unrelated_reply_across_languages(mk: SimpleNamespace) -> None:
    metric = get("similarity_cosine")
    reference = "Refunds reach your account 5 to 7 business days after we receive the return."

    def cosine(text: str) -> float:
        value = metric.score(mk.case(reference=reference), mk.response(mk.draft(text))).value
        assert value is not None
        return value

    same = cosine(reference)
    paraphrase = cosine("Once your return arrives, the refund takes 5–7 working days.")
    german = cosine("Die Erstattung ist 5 bis 7 Werktage nach Eingang der Rücksendung auf deinem Konto.")
    unrelated = cosine("Our new tent comes in three colours and weighs 1.2 kg.")
    assert same == pytest.approx(1.0, abs=1e-3)
    assert paraphrase > unrelated and german > unrelated
