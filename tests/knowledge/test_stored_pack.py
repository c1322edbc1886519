"""A brand stored before a rule was tightened tells the caller to upload it again, instead of failing each request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge import BrandPack, KnowledgeStore
from knowledge.errors import StoredPackInvalid
from knowledge.pack import pack_to_json
from knowledge.store import REGISTRY, connect


def test_a_stored_pack_that_no_longer_validates_says_upload_it_again(pack: BrandPack, tmp_path: Path) -> None:
    client = connect(tmp_path)
    store = KnowledgeStore(client)
    store.ingest(pack)
    stored = json.loads(pack_to_json(pack))
    stored["brand"]["order_id_pattern"] = r"BF-(?=\d)\d+"  # a lookaround: accepted once, refused by RE2 now
    registry = client.get_collection(REGISTRY)
    record = registry.get(ids=[pack.brand.id], include=["metadatas"])
    registry.upsert(ids=[pack.brand.id], documents=[json.dumps(stored)], metadatas=record["metadatas"],
                    embeddings=[[0.0] * 8])
    with pytest.raises(StoredPackInvalid) as caught:
        KnowledgeStore(client).pack(pack.brand.id)
    assert "order_id_pattern" in str(caught.value) and "ingest it again" in str(caught.value)
