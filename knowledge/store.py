"""Brand knowledge in Chroma: atomic ingest and multilingual FAQ retrieval.

Layout: one collection per brand *version* (`b_<brand>_<fingerprint>`) holding every FAQ entry in every
language as its own document (metadata `kind=faq`, `faq_id`, `lang`, `hash`) and every voice section
(`kind=voice`). A registry collection holds one record per brand pointing at the active version and
carrying the validated pack. Ingest writes a new version completely, then flips the registry record (a
single upsert), then drops the old version: a process killed mid-ingest leaves the old version answering.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel, ConfigDict

from knowledge.embedding import embedding_function
from knowledge.errors import StoreUnavailable, UnknownBrand
from knowledge.pack import BrandPack, pack_from_json, pack_to_json

log = logging.getLogger(__name__)

REGISTRY = "tactful_registry"
DEFAULT_MIN_SCORE = 0.82
SECOND_ENTRY_MARGIN = 0.03
_BATCH = 64


class FaqHit(BaseModel):
    """One retrieved FAQ entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """FAQ entry id."""
    score: float
    """Cosine similarity of the best-matching language version, 0..1."""
    language: str
    """Language of the document that matched best."""


class IngestReport(BaseModel):
    """What an ingest did."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    brand_id: str
    """The brand ingested."""
    collection: str
    """Name of the active collection afterwards."""
    documents: int
    """Documents in the active collection."""
    embedded: int
    """Documents that had to be embedded (the rest reused by content hash)."""
    unchanged: bool
    """True when the pack was already ingested as it is and nothing was written."""


@dataclass(frozen=True)
class _Doc:
    id: str
    text: str
    meta: dict[str, str]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _documents(pack: BrandPack) -> list[_Doc]:
    docs = []
    default = pack.brand.default_language
    for entry in pack.faq:
        versions = {default: (entry.question, entry.answer)}
        versions.update({lang: (t.question, t.answer) for lang, t in entry.translations.items()})
        for lang, (question, answer) in versions.items():
            text = f"{question}\n{answer}"
            meta = {"kind": "faq", "faq_id": entry.id, "lang": lang, "hash": _hash(text)}
            docs.append(_Doc(f"faq:{entry.id}:{lang}", text, meta))
    for i, section in enumerate(pack.voice.sections):
        text = f"{section.title}\n{section.body}"
        docs.append(_Doc(f"voice:{i}", text, {"kind": "voice", "title": section.title, "hash": _hash(text)}))
    return docs


def _batches(items: list[_Doc], size: int) -> Iterator[list[_Doc]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def connect(data_dir: Path, chroma_url: str | None = None) -> ClientAPI:
    """An embedded Chroma under `data_dir`, or a Chroma server when `chroma_url` is given."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if chroma_url:
            url = urlparse(chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https", settings=settings
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
    except (ValueError, OSError) as exc:
        where = chroma_url or str(data_dir)
        raise StoreUnavailable(
            f"cannot open the knowledge store at {where} ({exc}); check TACTFUL_CHROMA_URL / TACTFUL_DATA_DIR"
        ) from None


class KnowledgeStore:
    """Every brand's knowledge in one Chroma client."""

    def __init__(self, client: ClientAPI, embedding_model: str = "e5-small"):
        self._client = client
        self._ef = embedding_function(embedding_model)
        self._registry = client.get_or_create_collection(REGISTRY, metadata={"hnsw:space": "cosine"})

    # --- registry -----------------------------------------------------------------------------

    def _record(self, brand_id: str) -> dict[str, Any] | None:
        got = self._registry.get(ids=[brand_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return {"pack": got["documents"][0], **(got["metadatas"][0] or {})}  # type: ignore[index]

    def brands(self) -> list[str]:
        """Ids of every ingested brand."""
        return sorted(self._registry.get(include=[])["ids"])

    def pack(self, brand_id: str) -> BrandPack:
        """The pack as it was last ingested."""
        record = self._record(brand_id)
        if record is None:
            raise UnknownBrand(brand_id)
        return pack_from_json(record["pack"])

    def fingerprint(self, brand_id: str) -> str | None:
        """Fingerprint of the ingested version of a brand, None when never ingested."""
        record = self._record(brand_id)
        return None if record is None else str(record["fingerprint"])

    def _active(self, brand_id: str) -> Collection:
        record = self._record(brand_id)
        if record is None:
            raise UnknownBrand(brand_id)
        return self._client.get_collection(str(record["collection"]), embedding_function=self._ef)  # type: ignore[arg-type]

    # --- ingest -------------------------------------------------------------------------------

    def ingest(self, pack: BrandPack, progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Make `pack` the brand's active knowledge, atomically; unchanged documents are not re-embedded."""
        brand_id, fingerprint = pack.brand.id, pack.fingerprint()
        record = self._record(brand_id)
        name = f"b_{brand_id}_{fingerprint}"
        if record is not None and record.get("fingerprint") == fingerprint:
            count = self._client.get_collection(name).count()
            return IngestReport(brand_id=brand_id, collection=name, documents=count, embedded=0, unchanged=True)

        docs = _documents(pack)
        reuse = self._reusable(record, docs)
        with contextlib.suppress(Exception):  # leftover of an ingest that was killed; chroma's error types vary
            self._client.delete_collection(name)
        target = self._client.create_collection(
            name, embedding_function=self._ef, metadata={"hnsw:space": "cosine", "brand": brand_id}  # type: ignore[arg-type]
        )
        embedded = 0
        done = 0
        for batch in _batches(docs, _BATCH):
            fresh = [d for d in batch if d.id not in reuse]
            vectors = dict(zip([d.id for d in fresh], self._ef([d.text for d in fresh]) if fresh else [], strict=True))
            embedded += len(fresh)
            target.add(
                ids=[d.id for d in batch],
                documents=[d.text for d in batch],
                metadatas=[d.meta for d in batch],  # type: ignore[arg-type]
                embeddings=[reuse.get(d.id, vectors.get(d.id)) for d in batch],  # type: ignore[arg-type]
            )
            done += len(batch)
            if progress:
                progress(done, len(docs))

        self._registry.upsert(
            ids=[brand_id],
            documents=[pack_to_json(pack)],
            metadatas=[{"collection": name, "fingerprint": fingerprint}],
            embeddings=[[0.0] * 8],  # type: ignore[arg-type]
        )
        self._drop_other_versions(brand_id, keep=name)
        log.info("ingested brand %s: %d documents, %d embedded", brand_id, len(docs), embedded)
        return IngestReport(brand_id=brand_id, collection=name, documents=len(docs), embedded=embedded, unchanged=False)

    def _reusable(self, record: dict[str, Any] | None, docs: list[_Doc]) -> dict[str, Any]:
        """Embeddings of the active version whose document content is unchanged, by document id."""
        if record is None:
            return {}
        try:
            old = self._client.get_collection(str(record["collection"]))
        except Exception:  # noqa: BLE001 - missing collection: nothing to reuse
            return {}
        got = old.get(ids=[d.id for d in docs], include=["metadatas", "embeddings"])
        wanted = {d.id: d.meta["hash"] for d in docs}
        vectors = got["embeddings"] if got["embeddings"] is not None else [None] * len(got["ids"])
        return {
            doc_id: vector
            for doc_id, meta, vector in zip(got["ids"], got["metadatas"] or [], vectors, strict=True)
            if meta and vector is not None and meta.get("hash") == wanted.get(doc_id)
        }

    def _drop_other_versions(self, brand_id: str, keep: str) -> None:
        prefix = f"b_{brand_id}_"
        for collection in self._client.list_collections():
            cname = collection if isinstance(collection, str) else collection.name
            if cname.startswith(prefix) and cname != keep and len(cname) == len(keep):
                self._client.delete_collection(cname)

    # --- retrieval ----------------------------------------------------------------------------

    def search(
        self, brand_id: str, text: str, k: int = 3, language: str | None = None, min_score: float | None = None
    ) -> list[FaqHit]:
        """FAQ entries of one brand that answer `text`, best first, one hit per entry; [] when none fits.

        `language` is the customer's (a hint for preferring that translation); `min_score` overrides the
        calibrated threshold below which an entry is not returned.
        """
        threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
        collection = self._active(brand_id)
        total = collection.count()
        if total == 0 or not text.strip():
            return []
        got = collection.query(
            query_texts=[text], n_results=min(total, max(k * 10, 30)), where={"kind": "faq"},
            include=["metadatas", "distances"],
        )
        best: dict[str, FaqHit] = {}
        for meta, distance in zip(got["metadatas"][0], got["distances"][0], strict=True):  # type: ignore[index]
            score = round(1.0 - float(distance), 4)
            faq_id = str(meta["faq_id"])
            if faq_id not in best or score > best[faq_id].score:
                best[faq_id] = FaqHit(id=faq_id, score=score, language=str(meta["lang"]))
        hits = [h for h in sorted(best.values(), key=lambda h: -h.score) if h.score >= threshold][:k]
        # Keep a further entry only when it scores close to the first: a post about two things.
        return hits[:1] + [h for h in hits[1:] if hits[0].score - h.score <= SECOND_ENTRY_MARGIN]
