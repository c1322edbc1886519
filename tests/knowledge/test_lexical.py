"""The lexical tokenizer and BM25: inflections and accents meet, unrelated words do not."""

from __future__ import annotations

import pytest

from knowledge.lexical import Bm25, LanguageGuess, tokens


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


GUESS = LanguageGuess([
    ("en", "How long does shipping take? Orders ship within two days."),
    ("de", "Wie lange dauert der Versand? Bestellungen werden in zwei Tagen verschickt."),
    ("fr", "Combien de temps prend la livraison ? Les commandes partent sous deux jours."),
    ("zh", "发货需要多长时间？订单两天内发出。"),
    ("hy", "Որքա՞ն է տևում առաքումը։ Պատվերները ուղարկվում են երկու օրում։"),
])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how long does my shipping take", {"en"}),
        ("Wie lange dauert der Versand nach Wien?", {"de"}),
        ("combien de temps pour la livraison", {"fr"}),
        ("有礼品卡吗", {"zh"}),  # no shared term: the script decides
        ("Նվեր քարտեր ունե՞ք", {"hy"}),
        ("Gutscheine?", {"en", "de", "fr"}),  # no shared term, Latin script: any Latin language
        ("🎁🎁", set()),  # nothing to go by
    ],
)
def test_language_guess_from_the_brands_documents(text: str, expected: set[str]) -> None:
    assert GUESS(text) == expected
