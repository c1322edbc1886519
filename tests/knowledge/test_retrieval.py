"""The calibrated decision: an entry is used only when probable enough; a second only when it is too."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeError
from knowledge.retrieval import FEATURES, Calibration, Candidate, candidates, decide, load_calibration, rank

CAL = Calibration(weights=(0.0,) * len(FEATURES), min_probability=0.5, second_probability=0.6)


def _ranked(*probabilities: float) -> list[tuple[Candidate, float]]:
    return [(Candidate(f"e{i}", 0.9, "en", 0.0, (0.0,) * len(FEATURES)), p) for i, p in enumerate(probabilities)]


@pytest.mark.parametrize(
    ("probabilities", "k", "expected"),
    [
        ((0.9, 0.7, 0.2), 3, ["e0", "e1"]),  # two things asked, both probable
        ((0.9, 0.55, 0.2), 3, ["e0"]),  # the second is above min but below second_probability
        ((0.9, 0.8, 0.7), 2, ["e0", "e1"]),  # never more than k
        ((0.45, 0.4), 3, []),  # nothing probable enough: no answer rather than a wrong one
        ((), 3, []),
    ],
)
def test_decide(probabilities: tuple[float, ...], k: int, expected: list[str]) -> None:
    assert [c.faq_id for c, _ in decide(CAL, _ranked(*probabilities), k)] == expected


def test_min_probability_override() -> None:
    assert decide(CAL, _ranked(0.45), 3, min_probability=0.4)
    assert not decide(CAL, _ranked(0.45), 3, min_probability=0.5)


def test_lexical_only_candidate_gets_no_better_cosine_than_the_dense_floor() -> None:
    found = {c.faq_id: c for c in candidates({"a": (0.9, "en"), "b": (0.8, "pl")}, {"c": 12.0, "a": 3.0})}
    assert found["c"].dense == 0.8 and found["c"].features[FEATURES.index("lexical_rel")] == 1.0
    assert found["a"].features[1] == 0.0 and found["b"].features[1] == pytest.approx(-0.1)


def test_a_sentence_matching_better_than_the_whole_post_counts() -> None:
    (found,) = candidates({"a": (0.85, "en")}, {}, parts={"a": 0.9})
    assert found.features[FEATURES.index("part_gain")] == pytest.approx(0.05)


def test_shipped_calibration_is_fitted_and_ranks_by_evidence() -> None:
    cal = load_calibration()
    assert "tune" in cal.fitted_on
    strong, weak = candidates({"strong": (0.92, "en"), "weak": (0.82, "en")}, {"strong": 9.0})
    ranked = rank(cal, [weak, strong] if weak.faq_id == "weak" else [strong, weak])
    assert ranked[0][0].faq_id == "strong" and ranked[0][1] > ranked[1][1]


def test_broken_calibration_file_says_how_to_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "cal.json"
    path.write_text('{"weights": [1, 2]}', encoding="utf-8")
    with pytest.raises(KnowledgeError, match="eval.retrieval --fit"):
        load_calibration(path)


@pytest.mark.parametrize(
    ("entry_languages", "query_languages", "foreign"),
    [
        (frozenset({"en"}), frozenset({"de"}), 1.0),  # English-only entry, German post: cross-lingual only
        (frozenset({"en", "de"}), frozenset({"de"}), 0.0),  # the entry has the post's language
        (frozenset({"en"}), frozenset({"en", "de"}), 0.0),  # the post may be English: not foreign
        (frozenset({"en"}), frozenset(), 0.0),  # language unknown: no claim either way
    ],
)
def test_entry_without_the_posts_language_is_foreign(
    entry_languages: frozenset[str], query_languages: frozenset[str], foreign: float
) -> None:
    found = {c.faq_id: c for c in candidates(
        {"a": (0.8, "en"), "top": (0.9, "de")}, {}, languages={"a": entry_languages, "top": frozenset({"de"})},
        query_languages=query_languages,
    )}
    assert found["a"].features[FEATURES.index("foreign")] == foreign
    assert found["a"].features[FEATURES.index("foreign_gap")] == pytest.approx(foreign * -0.1)
