"""The retrieval eval: its metrics, its fixed split, its corpora and its BM25 baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.retrieval import Bm25Baseline, Query, brightfern, recall_at, reciprocal_rank, scores, split_of, stackfaq
from knowledge import BrandPack

ROOT = Path(__file__).resolve().parents[2]


def _q(gold: tuple[str, ...]) -> Query:
    return Query("q", "b", "text", "en", gold)


@pytest.mark.parametrize(
    ("ranked", "gold", "k", "expected"),
    [
        (["a", "b", "c"], ("a",), 1, 1.0),
        (["b", "a", "c"], ("a",), 1, 0.0),
        (["b", "a", "c"], ("a",), 3, 1.0),
        (["a", "x", "b"], ("a", "b"), 3, 1.0),  # both entries of a two-question post found
        (["a", "x", "y"], ("a", "b"), 3, 0.5),  # only one of the two
        (["b", "x", "y"], ("a", "b"), 1, 1.0),  # at most k ids are needed
    ],
)
def test_recall_at(ranked: list[str], gold: tuple[str, ...], k: int, expected: float) -> None:
    assert recall_at(ranked, gold, k) == expected


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(["x", "a"], ("a",)) == 0.5
    assert reciprocal_rank(["x", "y"], ("a",)) == 0.0


def test_no_answer_precision_and_recall() -> None:
    rows = [
        (_q(()), ["a"], []),  # rightly silent
        (_q(("a",)), ["a"], []),  # wrongly silent
        (_q(()), ["a"], ["a"]),  # answered what has no answer
        (_q(("a",)), ["a"], ["a"]),  # answered right
    ]
    m = scores(rows)
    assert m["no_answer_precision"] == 0.5 and m["no_answer_recall"] == 0.5 and m["answered_right"] == 0.5


def test_split_is_fixed_and_halves_the_data() -> None:
    ids = [f"q{i}" for i in range(2000)]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert 900 < sum(split_of(i) == "heldout" for i in ids) < 1100


def test_multilingual_set_covers_eight_languages_with_unanswerable_posts(pack: BrandPack) -> None:
    _, queries = brightfern()
    known = {e.id for e in pack.faq}
    assert {q.lang for q in queries} >= {"en", "pl", "de", "es", "fr", "zh", "fa", "hy"}
    assert sum(not q.gold for q in queries) >= 40
    assert all(set(q.gold) <= known for q in queries), "every label names an FAQ id of the example brand"
    assert len({q.id for q in queries}) == len(queries)


def test_stackfaq_half_brand_makes_unanswerable_queries() -> None:
    shared = ROOT / ".." / "shared" / "data"
    if not (shared / "stackfaq_retrieval").is_dir():
        pytest.skip("shared corpora not present")
    (full, half), queries = stackfaq(shared)
    assert len(full.faq) == 125 and 0 < len(half.faq) < 125
    assert any(q.brand == "stackfaq-half" and not q.gold for q in queries)


def test_bm25_baseline_finds_exact_wording(pack: BrandPack) -> None:
    ranked = Bm25Baseline(pack).rank("Which gas cartridges fit the Ember stove?")
    assert ranked[0][0] == "ember-stove-cartridges"


def test_no_answer_metrics_are_undefined_without_silence_or_unanswerable_posts() -> None:
    m = scores([(_q(("a",)), ["a"], ["a"])])
    assert m["no_answer_precision"] is None and m["no_answer_recall"] is None and m["recall@1"] == 1.0
