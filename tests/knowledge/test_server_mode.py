"""Server mode: the same store code against a real `chroma run` on a loopback port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from knowledge import BrandPack, KnowledgeStore, StoreUnavailable
from knowledge.store import connect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_ingest_and_query_through_a_chroma_server(chroma_server: str, pack: BrandPack, tmp_path: Path) -> None:
    store = KnowledgeStore(connect(tmp_path, chroma_server))
    report = store.ingest(pack)
    assert not report.unchanged and report.documents > len(pack.faq)
    hits = store.search(pack.brand.id, "Ile kosztuje wysyłka? Czy jest darmowa dostawa?", language="pl")
    assert hits and hits[0].id == "shipping-costs" and hits[0].language == "pl"
    assert store.search(pack.brand.id, "Czy macie w ofercie kajaki albo deski SUP?", language="pl") == []
    # a second process (here: a second client) sees the same knowledge without ingesting
    again = KnowledgeStore(connect(tmp_path, chroma_server))
    assert again.ingest(pack).unchanged
    assert not (tmp_path / "chroma").exists(), "server mode must not write an embedded store"


def test_unreachable_server_says_what_to_check(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="TACTFUL_CHROMA_URL"):
        KnowledgeStore(connect(tmp_path, f"http://127.0.0.1:{_free_port()}"))
