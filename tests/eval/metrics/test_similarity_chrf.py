"""`similarity_chrf`: chrF (char 1..6-grams, beta 2) checked against values computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.metrics import get
from eval.metrics.similarity_chrf import chrf


@pytest.mark.parametrize(("hypothesis", "reference", "expected"), [
    # identical texts, whitespace ignored
    ("Danke für deine Nachricht", "Danke für deine Nachricht", 1.0),
    ("a b c", "abc", 1.0),
    # nothing shared
    ("abc", "xyz", 0.0),
    # 1-grams P=R=2/3, 2-grams P=R=1/2, 3-grams 0; longer orders skipped: P=R=(2/3+1/2+0)/3=7/18
    ("abc", "abd", 7 / 18),
    # 1-grams P=1 R=1/2; 2-grams skipped: F2 = 5·1·½ / (4·1 + ½) = 5/9
    ("a", "ab", 5 / 9),
    # the other way round: P=½ R=1: F2 = 5·½·1 / (4·½ + 1) = 5/6 (recall weighs more)
    ("ab", "a", 5 / 6),
    # clipped counts: 1-grams P=2/3 R=1, 2-grams P=1/2 R=1: P=7/12 R=1, F2 = 35/40
    ("aab", "ab", 0.875),
    ("", "abc", 0.0),
])
def test_chrf_hand_computed(hypothesis: str, reference: str, expected: float) -> None:
    assert chrf(hypothesis, reference) == pytest.approx(expected, abs=1e-9)


def test_closer_replies_score_higher() -> None:
    reference = "Nous sommes désolés. Les remboursements prennent 5 à 7 jours ouvrés."
    close = "Désolés ! Le remboursement prend 5 à 7 jours ouvrés."
    far = "Merci pour votre message, notre équipe est disponible du lundi au samedi."
    assert chrf(close, reference) > chrf(far, reference) > 0


@pytest.mark.parametrize(("reference", "drafts", "value"), [
    ("abc", ["abc"], 1.0),
    ("abd", ["abc"], round(7 / 18, 4)),
    (None, ["abc"], None),
    ("abc", [], None),
])
def test_metric(mk: SimpleNamespace, reference: str | None, drafts: list[str], value: float | None) -> None:
    score = get("similarity_chrf").score(mk.case(reference=reference), mk.response(*map(mk.draft, drafts)))
    assert score.value == value
    assert score.passed is None  # a trend, never a verdict on one case
