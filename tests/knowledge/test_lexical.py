"""The lexical tokenizer and BM25: inflections and accents meet, unrelated words do not."""

from __future__ import annotations

import pytest

from knowledge.lexical import Bm25, tokens


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("wysyłka", "wysylka", True),  # Polish typed without diacritics
        ("delivery", "deliveries", True),  # same stem within STEM characters
        ("zamówienie", "zamówienia", True),  # Polish inflection
        ("Rückgabe", "ruckgabe", True),  # German umlaut folded
        ("退款", "退款多久", True),  # Chinese: shared character bigram
        # hard negatives: similar-looking but different words stay apart
        ("refund", "return", False),
        ("包裹", "包邮", False),
        ("karta", "kurtka", False),
    ],
)
def test_words_meet_only_when_they_should(a: str, b: str, meet: bool) -> None:
    assert bool(set(tokens(a)) & set(tokens(b))) is meet


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("@BrightfernCare where is my parcel", "brightf"),
        ("see https://example.com/track now", "exampl"),
    ],
)
def test_handles_and_links_are_not_terms(text: str, absent: str) -> None:
    assert absent not in tokens(text)


def test_bm25_ranks_the_document_sharing_rare_words_first() -> None:
    bm25 = Bm25(["Which gas cartridges fit the Ember stove?", "How long does delivery take?", "Gift cards"])
    scores = bm25.scores("does the ember stove take click-on cartridges")
    assert scores[0] > scores[1] and scores[0] > scores[2]
    assert bm25.scores("zzz unknown") == [0.0, 0.0, 0.0]
