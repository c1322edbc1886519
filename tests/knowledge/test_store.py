"""Ingest and retrieval on a real embedded Chroma with the real multilingual embedding model."""

from __future__ import annotations

from pathlib import Path

from knowledge import BrandPack, KnowledgeStore, UnknownBrand
from knowledge.store import connect


def test_reingest_of_unchanged_pack_changes_nothing(store: KnowledgeStore, pack: BrandPack) -> None:
    report = store.ingest(pack)
    assert report.unchanged and report.embedded == 0


def test_every_translation_is_its_own_document(store: KnowledgeStore, pack: BrandPack) -> None:
    expected = sum(1 + len(e.translations) for e in pack.faq) + len(pack.voice.sections)
    assert store.ingest(pack).documents == expected


def test_changed_entry_is_reembedded_alone(tmp_path: Path, pack: BrandPack) -> None:
    store = KnowledgeStore(connect(tmp_path))
    first = store.ingest(pack)
    entry = pack.faq[0]
    changed = pack.model_copy(update={"faq": (entry.model_copy(update={"answer": entry.answer + " Thanks!"}),
                                              *pack.faq[1:])})
    second = store.ingest(changed)
    assert not second.unchanged and second.embedded == 1
    assert second.collection != first.collection
    assert store.pack(pack.brand.id).faq[0].answer.endswith("Thanks!")
    assert len([c for c in connect(tmp_path).list_collections()]) == 2, "registry + one active version"


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
