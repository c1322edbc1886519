"""Ingest and retrieval on a real embedded Chroma with the real multilingual embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import BrandPack, FaqEntry, KnowledgeStore, UnknownBrand
from knowledge.store import connect


def test_reingest_of_unchanged_pack_changes_nothing(store: KnowledgeStore, pack: BrandPack) -> None:
    report = store.ingest(pack)
    assert report.unchanged and report.embedded == 0


def test_every_translation_is_its_own_document(store: KnowledgeStore, pack: BrandPack) -> None:
    expected = sum(1 + len(e.translations) for e in pack.faq) + len(pack.voice.sections)
    assert store.ingest(pack).documents == expected


def test_changed_entry_is_reembedded_alone_and_removed_entry_disappears(tmp_path: Path, pack: BrandPack) -> None:
    store = KnowledgeStore(connect(tmp_path))
    first = store.ingest(pack)
    entry = pack.faq[0]
    gift = next(e for e in pack.faq if e.id == "gift-cards")
    edited = entry.model_copy(update={"question": entry.question + " Roughly?", "answer": entry.answer + " Thanks!"})
    changed = pack.model_copy(update={"faq": (edited, *[e for e in pack.faq[1:] if e is not gift])})
    second = store.ingest(changed)
    assert not second.unchanged and second.embedded == 1, "only the edited question (default language) is new"
    assert second.collection != first.collection
    assert store.pack(pack.brand.id).faq[0].answer.endswith("Thanks!")
    assert len([c for c in connect(tmp_path).list_collections()]) == 2, "registry + one active version"
    assert "gift-cards" not in [h.id for h in store.rank(pack.brand.id, "Do you sell gift cards?", k=20)]


def test_a_replica_that_searched_before_another_replica_reingested_sees_the_new_version(
    tmp_path: Path, pack: BrandPack
) -> None:
    reader, writer = KnowledgeStore(connect(tmp_path)), KnowledgeStore(connect(tmp_path))
    reader.ingest(pack)
    assert "gift-cards" in [h.id for h in reader.rank(pack.brand.id, "Do you sell gift cards?", k=20)]
    without_gifts = pack.model_copy(update={"faq": tuple(e for e in pack.faq if e.id != "gift-cards")})
    writer.ingest(without_gifts)  # a new collection; the one the reader searched is deleted
    assert "gift-cards" not in [h.id for h in reader.rank(pack.brand.id, "Do you sell gift cards?", k=20)]


def test_edited_answer_reuses_the_question_embedding(tmp_path: Path, pack: BrandPack) -> None:
    store = KnowledgeStore(connect(tmp_path))
    store.ingest(pack)
    entry = pack.faq[0]
    changed = pack.model_copy(update={"faq": (entry.model_copy(update={"answer": "Two days."}), *pack.faq[1:])})
    report = store.ingest(changed)
    assert not report.unchanged and report.embedded == 0


def test_brands_never_see_each_other(tmp_path: Path, pack: BrandPack) -> None:
    store = KnowledgeStore(connect(tmp_path))
    store.ingest(pack)
    other_brand = pack.brand.model_copy(update={"id": "otherbrand"})
    other_faq = (FaqEntry(id="other-gift", question="Do you sell gift cards?", answer="No, sorry."),)
    store.ingest(pack.model_copy(update={"brand": other_brand, "faq": other_faq}))
    assert sorted(store.brands()) == ["brightfern", "otherbrand"]
    assert {h.id for h in store.rank("brightfern", "Do you sell gift cards?", k=50)} <= {e.id for e in pack.faq}
    assert [h.id for h in store.rank("otherbrand", "Do you sell gift cards?", k=50)] == ["other-gift"]


@pytest.mark.parametrize(
    ("text", "language", "expected", "expected_language"),
    [
        # answerable, in the customer's language when the entry has it
        ("Ile kosztuje wysyłka? Czy jest darmowa dostawa?", "pl", ["shipping-costs"], "pl"),
        ("Wie lange dauert der Versand nach Österreich?", "de", ["shipping-times"], "de"),
        # hard negatives: on the brand's turf, but no entry answers them
        ("Czy macie w ofercie kajaki albo deski SUP?", "pl", [], None),
        ("ale piękne zdjęcia z Tatr wrzuciliście 😍 aż chce się w góry", "pl", [], None),
    ],
)
def test_search_answers_or_stays_silent(
    store: KnowledgeStore, text: str, language: str, expected: list[str], expected_language: str | None
) -> None:
    hits = store.search("brightfern", text, k=3, language=language)
    ids = [h.id for h in hits]
    assert (ids[: len(expected)] == expected) if expected else (ids == [])
    if expected_language:
        assert hits[0].language == expected_language
    assert all(0.0 <= h.score <= 1.0 for h in hits)


@pytest.mark.parametrize(
    ("text", "language", "top"),
    [
        # two questions, two sentences: both entries rank first and second
        ("How long does delivery to Vienna take? Do you sell gift cards?", "en", {"shipping-times", "gift-cards"}),
        # the entry exists only in English; the hit says so
        ("你们卖礼品卡吗？", "zh", {"gift-cards"}),
    ],
)
def test_ranking_across_languages_and_questions(store: KnowledgeStore, text: str, language: str, top: set[str]) -> None:
    hits = store.rank("brightfern", text, k=5, language=language)
    assert {h.id for h in hits[: len(top)]} == top
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    if top == {"gift-cards"}:
        assert hits[0].language == "en"


def test_polish_post_finds_the_english_faq(store: KnowledgeStore, pack: BrandPack) -> None:
    hits = store.search(pack.brand.id, "Ile kosztuje wysyłka? Czy jest darmowa dostawa?", k=3)
    assert hits and hits[0].id == "shipping-costs"


def test_unknown_brand_says_how_to_ingest(store: KnowledgeStore) -> None:
    try:
        store.search("nope", "hello")
    except UnknownBrand as exc:
        assert "tactful ingest" in str(exc)
    else:
        raise AssertionError("expected UnknownBrand")
