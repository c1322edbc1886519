"""Brand knowledge in Chroma: atomic ingest and multilingual FAQ retrieval.

Layout: one collection per brand *version* (`b_<brand>_<fingerprint>`) holding every FAQ entry in every
language as its own document (metadata `kind=faq`, `faq_id`, `lang`, `hash`) and every voice section
(`kind=voice`). A registry collection holds one record per brand pointing at the active version and
carrying the validated pack. Ingest writes a new version completely, then flips the registry record (a
single upsert), then drops the old version: a process killed mid-ingest leaves the old version answering.

Retrieval (`candidates` -> `rank` -> `search`) is hybrid: one Chroma query for the post and each question
in it (dense), BM25 over the version's documents held in memory (lexical, `knowledge/lexical.py`),
then a calibrated probability and decision per entry (`knowledge/retrieval.py`). The same code runs
against embedded Chroma and a Chroma server; brands never share a collection, so one brand's query
cannot return another's entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel, ConfigDict

from knowledge.embedding import embedding_function
from knowledge.errors import StoreUnavailable, UnknownBrand
from knowledge.lexical import Bm25, LanguageGuess, tokens
from knowledge.pack import BrandPack, pack_from_json, pack_to_json
from knowledge.retrieval import Candidate, candidates, decide, load_calibration, rank

log = logging.getLogger(__name__)

REGISTRY = "tactful_registry"
_BATCH = 64
"""Documents embedded per call: small enough for a moving progress bar."""
_WRITE_BATCH = 2000
"""Documents with reused vectors written per Chroma call."""
_DENSE_DOCS = 40
"""Documents the dense search returns; entries beyond them are reached lexically or not at all."""
_LEXICAL_ENTRIES = 10
"""Entries with the best BM25 scores added to the dense candidates."""
_CACHED_INDEXES = 32
"""Brand versions whose collection handle and lexical index a process keeps (the oldest is dropped first)."""
_SENTENCE_END = re.compile(r"(?<=[?!.;。？！؟；։])\s*|\n+")
_QUESTION = re.compile(r"[?？؟՞]")  # Latin, full-width, Arabic-script and Armenian question marks
_MAX_QUESTIONS = 2
_NOISE = re.compile(r"@\w+|https?://\S+|www\.\S+")


def _questions(text: str) -> list[str]:
    """The questions of a post with several sentences (at most `_MAX_QUESTIONS`, two words or more each).

    Each is searched on its own besides the whole post: a question next to a suggestion or a rant ("Could
    you add a dark mode? Also, how long do refunds take?") matches its entry better alone (`part_gain`).
    Only questions, because embedding every sentence cost more than embedding the post (54 vs 46 ms a
    post on this machine) and the other sentences of a complaint rarely have an entry of their own."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if len(tokens(p)) >= 2]
    return [p for p in parts if _QUESTION.search(p)][:_MAX_QUESTIONS] if len(parts) > 1 else []


def clean_post(text: str) -> str:
    """The post without handles and links: they say nothing about the question and pull the dense model.
    Retrieval and the reader (assistant/classifier.py) embed this text, so one embedding serves both."""
    return " ".join(_NOISE.sub(" ", text).split())



class FaqHit(BaseModel):
    """One retrieved FAQ entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """FAQ entry id."""
    score: float
    """Calibrated probability, 0..1, that the entry answers the post (see knowledge/retrieval.py)."""
    language: str
    """The customer's language when the entry has it, else the language of the version that matched best."""


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
class _Index:
    """What retrieval keeps in memory per brand version: BM25 over its FAQ documents."""

    faq_ids: list[str]
    """FAQ id of each document, in BM25 document order."""
    bm25: Bm25
    languages: dict[str, frozenset[str]]
    """Languages each entry exists in."""
    language_of: LanguageGuess
    """The languages a post may be written in, judged from these documents."""
    other_docs: int
    """Documents that are not FAQ entries (voice sections): dense results to skip without a filter."""
    faq_docs: dict[str, tuple[str, str]]
    """(FAQ id, language) of each FAQ document by document id: a dense query then asks Chroma for distances
    alone (fetching metadata tripled its cost: 1.1 -> 3.0 ms for 40 results)."""


@dataclass(frozen=True)
class _Doc:
    id: str
    text: str
    """Stored document: question and answer (what lexical retrieval and readers see)."""
    embed: str
    """What the dense model embeds: the question alone (see `_documents`)."""
    meta: dict[str, str]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _documents(pack: BrandPack) -> list[_Doc]:
    """Every language version of every entry, and every voice section, as a document.

    The dense model embeds only an entry's question: questions are short (embedding cost grows with
    length, and 10,000 entries must ingest in about a minute), they are what a customer's post resembles,
    and on StackFAQ's tuning half question-only embeddings ranked better than question plus answer
    (recall@1 0.87 vs 0.84). The answer still counts through lexical retrieval over the whole document.
    Measured and dropped (tune sets, calibration refitted each time): questions with e5's "query:" prefix
    (symmetric matching) ranked worse everywhere (care tune brands hit@1 0.605 -> 0.592, StackFAQ recall@1
    0.912 -> 0.889, Brightfern 0.784 -> 0.765); the answer as a second, passage-prefixed document (best per
    entry) ranked worse on care (0.605 -> 0.586) and made ingest 15x slower.
    `hash` is of the embedded text, so an edited answer does not cost a new embedding.
    """
    docs = []
    default = pack.brand.default_language
    for entry in pack.faq:
        versions = {default: (entry.question, entry.answer)}
        versions.update({lang: (t.question, t.answer) for lang, t in entry.translations.items()})
        for lang, (question, answer) in versions.items():
            meta = {"kind": "faq", "faq_id": entry.id, "lang": lang, "hash": _hash(question)}
            docs.append(_Doc(f"faq:{entry.id}:{lang}", f"{question}\n{answer}", question, meta))
    for i, section in enumerate(pack.voice.sections):
        text = f"{section.title}\n{section.body}"
        meta = {"kind": "voice", "title": section.title, "hash": _hash(text)}
        docs.append(_Doc(f"voice:{i}", text, text, meta))
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


T = TypeVar("T")


def _keep(cache: dict[str, T], key: str, value: T) -> None:
    """Put `value` in a per-brand-version cache, dropping its oldest entry when it holds _CACHED_INDEXES
    (safe when two threads drop at once)."""
    if len(cache) >= _CACHED_INDEXES:
        cache.pop(next(iter(cache), key), None)
    cache[key] = value


META_SECONDS = 1.0
"""How long a process trusts its last look at a brand's registry record."""


class KnowledgeStore:
    """Every brand's knowledge in one Chroma client."""

    def __init__(self, client: ClientAPI, embedding_model: str = "e5-small"):
        self._client = client
        self._ef = embedding_function(embedding_model)
        self._registry = client.get_or_create_collection(REGISTRY, metadata={"hnsw:space": "cosine"})
        self._calibration = load_calibration()
        self._indexes: dict[str, _Index] = {}
        self._writing: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._packs: dict[str, tuple[str, BrandPack]] = {}
        self._metas: dict[str, tuple[float, dict[str, Any] | None]] = {}
        self._collections: dict[str, Collection] = {}

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
        """The pack as it was last ingested (by any process: the registry's fingerprint is checked each time,
        the stored pack parsed only when it changed)."""
        meta = self._meta(brand_id)
        if meta is None:
            raise UnknownBrand(brand_id)
        cached = self._packs.get(brand_id)
        if cached is not None and cached[0] == meta.get("fingerprint"):
            return cached[1]
        record = self._record(brand_id)
        if record is None:
            raise UnknownBrand(brand_id)
        pack = pack_from_json(record["pack"])
        self._packs[brand_id] = (str(record.get("fingerprint")), pack)
        return pack

    def _meta(self, brand_id: str, fresh: bool = False) -> dict[str, Any] | None:
        """The registry record without the stored pack (which is large for a big help centre).

        Read at most every META_SECONDS per brand: another process's ingest shows within that time (this
        process's own at once)."""
        now = time.monotonic()
        hit = self._metas.get(brand_id)
        if hit is not None and hit[0] > now and not fresh:
            return hit[1]
        got = self._registry.get(ids=[brand_id], include=["metadatas"])
        meta = dict(got["metadatas"][0] or {}) if got["ids"] and got["metadatas"] else None
        self._metas[brand_id] = (now + META_SECONDS, meta)
        return meta

    def fingerprint(self, brand_id: str) -> str | None:
        """Fingerprint of the ingested version of a brand, None when never ingested."""
        record = self._meta(brand_id, fresh=True)
        return None if record is None else str(record["fingerprint"])

    def _active(self, brand_id: str, fresh: bool = False) -> Collection:
        """The brand's active collection; the handle is kept while the registry names it (opening one costs
        about 1.5 ms of a 45 ms draft)."""
        record = self._meta(brand_id, fresh=fresh)
        if record is None:
            raise UnknownBrand(brand_id)
        name = str(record["collection"])
        collection = None if fresh else self._collections.get(name)
        if collection is None:
            collection = self._client.get_collection(name, embedding_function=self._ef)  # type: ignore[arg-type]
            _keep(self._collections, name, collection)
        return collection

    def _on_active(self, brand_id: str, use: Callable[[Collection], T]) -> T:
        """`use(collection)` on the brand's active collection; once more on a fresh look when it fails, since
        another process's ingest may have replaced (and deleted) the collection since we looked."""
        try:
            return use(self._active(brand_id))
        except UnknownBrand:
            raise
        except Exception:  # noqa: BLE001 - chroma's error types vary; a second failure is raised
            return use(self._active(brand_id, fresh=True))

    # --- ingest -------------------------------------------------------------------------------

    def ingest(self, pack: BrandPack, progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Make `pack` the brand's active knowledge, atomically; unchanged documents are not re-embedded.

        One ingest per brand at a time in this process; across processes the caller holds the brand's lease
        (the API's database), because two writers of one brand would build the same collection.
        """
        with self._writing[pack.brand.id]:
            return self._ingest(pack, progress)

    def _ingest(self, pack: BrandPack, progress: Callable[[int, int], None] | None) -> IngestReport:
        brand_id, fingerprint = pack.brand.id, pack.fingerprint()
        record = self._meta(brand_id, fresh=True)
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
        # Reused vectors go in first, in large writes (Chroma's cost is per call); then fresh ones as they are
        # embedded, in small batches so progress moves.
        kept = [d for d in docs if d.id in reuse]
        fresh = [d for d in docs if d.id not in reuse]
        done = 0
        for batch in _batches(kept, min(_WRITE_BATCH, self._client.get_max_batch_size())):
            self._add(target, batch, [reuse[d.id] for d in batch])
            done += len(batch)
            if progress:
                progress(done, len(docs))
        for batch in _batches(fresh, _BATCH):
            self._add(target, batch, list(self._ef([d.embed for d in batch])))
            done += len(batch)
            if progress:
                progress(done, len(docs))
        embedded = len(fresh)

        self._registry.upsert(
            ids=[brand_id],
            documents=[pack_to_json(pack)],
            metadatas=[{"collection": name, "fingerprint": fingerprint}],
            embeddings=[[0.0] * 8],  # type: ignore[arg-type]
        )
        self._metas.pop(brand_id, None)
        self.drop_inactive(brand_id)
        log.info("ingested brand %s: %d documents, %d embedded", brand_id, len(docs), embedded)
        return IngestReport(brand_id=brand_id, collection=name, documents=len(docs), embedded=embedded, unchanged=False)

    @staticmethod
    def _add(target: Collection, batch: list[_Doc], vectors: list[Any]) -> None:
        target.add(
            ids=[d.id for d in batch],
            documents=[d.text for d in batch],
            metadatas=[d.meta for d in batch],  # type: ignore[arg-type]
            embeddings=vectors,
        )

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

    def orphaned(self) -> list[str]:
        """Brands that own a collection the registry does not point at (left by an ingest that was killed)."""
        active = {str(m.get("collection")) for m in self._registry.get(include=["metadatas"])["metadatas"] or [] if m}
        return sorted({
            str((c.metadata or {}).get("brand")) for c in self._client.list_collections()
            if c.name.startswith("b_") and c.name not in active and (c.metadata or {}).get("brand")
        })

    def drop_inactive(self, brand_id: str) -> None:
        """Delete every collection of `brand_id` except the active one. Call only while no ingest of it runs."""
        record = self._meta(brand_id, fresh=True)
        keep = str(record["collection"]) if record else None
        for collection in self._client.list_collections():
            if (collection.metadata or {}).get("brand") == brand_id and collection.name != keep:
                with contextlib.suppress(Exception):  # gone already (another replica swept it)
                    self._client.delete_collection(collection.name)

    # --- retrieval ----------------------------------------------------------------------------

    def _index(self, collection: Collection) -> _Index:
        """The lexical index of one brand version, built on first use and kept while it is active."""
        index = self._indexes.get(collection.name)
        if index is None:
            got = collection.get(where={"kind": "faq"}, include=["documents", "metadatas"])
            metas = got["metadatas"] or []
            languages: dict[str, set[str]] = {}
            for meta in metas:
                languages.setdefault(str(meta["faq_id"]), set()).add(str(meta["lang"]))
            index = _Index(
                faq_ids=[str(m["faq_id"]) for m in metas],
                bm25=Bm25(got["documents"] or []),
                languages={k: frozenset(v) for k, v in languages.items()},
                language_of=LanguageGuess(
                    [(str(m["lang"]), d) for m, d in zip(metas, got["documents"] or [], strict=True)]
                ),
                other_docs=collection.count() - len(metas),
                faq_docs={i: (str(m["faq_id"]), str(m["lang"])) for i, m in zip(got["ids"], metas, strict=True)},
            )
            _keep(self._indexes, collection.name, index)
        return index

    def candidates(self, brand_id: str, text: str) -> list[Candidate]:
        """Every FAQ entry of one brand with dense or lexical evidence for `text`, with that evidence."""
        return self._on_active(brand_id, lambda collection: self._evidence(collection, self._index(collection), text))

    def _evidence(self, collection: Collection, index: _Index, text: str) -> list[Candidate]:
        query = clean_post(text)
        if not index.faq_ids or not query:
            return []
        questions = _questions(query)
        # No `where` filter: a filtered vector search costs more than skipping the few voice sections here.
        got = collection.query(  # our own (cached) query vectors: Chroma's embedding path costs ~1 ms more
            query_embeddings=self._ef.embed_query([query, *questions]),
            n_results=min(len(index.faq_ids), _DENSE_DOCS) + index.other_docs, include=["distances"],
        )
        dense: dict[str, tuple[float, str]] = {}
        parts: dict[str, float] = {}
        for n, (ids, distances) in enumerate(zip(got["ids"], got["distances"], strict=True)):  # type: ignore[arg-type]
            faq_hits = [(index.faq_docs[i], d) for i, d in zip(ids, distances, strict=True) if i in index.faq_docs]
            for (faq_id, lang), distance in faq_hits[:_DENSE_DOCS]:
                score = 1.0 - float(distance)
                if n and score > parts.get(faq_id, -1.0):
                    parts[faq_id] = score
                elif not n and (faq_id not in dense or score > dense[faq_id][0]):
                    dense[faq_id] = (score, lang)
        lexical: dict[str, float] = {}
        for faq_id, score in zip(index.faq_ids, index.bm25.scores(query), strict=True):
            if score > 0.0 and score > lexical.get(faq_id, 0.0):
                lexical[faq_id] = score
        strongest = heapq.nlargest(_LEXICAL_ENTRIES, lexical, key=lexical.__getitem__)
        return candidates(dense, {f: lexical[f] for f in strongest}, parts, index.languages, index.language_of(query))

    def query_vector(self, text: str) -> list[float]:
        """The post's query embedding, as retrieval computes it (cached: reading it again costs nothing)."""
        vectors = self._ef.embed_query([clean_post(text) or text])
        return [float(x) for x in vectors[0]]

    def rank(self, brand_id: str, text: str, k: int = 10, language: str | None = None) -> list[FaqHit]:
        """The `k` most probable FAQ entries for `text` with calibrated probabilities, no cut-off."""
        ranked, index = self._ranked(brand_id, text)
        return [self._hit(c, p, language, index) for c, p in ranked[:k]]

    def search(
        self, brand_id: str, text: str, k: int = 3, language: str | None = None, min_score: float | None = None
    ) -> list[FaqHit]:
        """FAQ entries of one brand that answer `text`, best first, one hit per entry; [] when none fits.

        `language` is the customer's: a hit names that language when the entry has it, so the answer is
        used in the customer's language. `min_score` overrides the calibrated probability below which
        the best entry is not used (further entries need `second_probability` of the calibration too).
        """
        ranked, index = self._ranked(brand_id, text)
        return [self._hit(c, p, language, index) for c, p in decide(self._calibration, ranked, k, min_score)]

    def _ranked(self, brand_id: str, text: str) -> tuple[list[tuple[Candidate, float]], _Index]:
        """Every candidate with its calibrated probability, best first, and the brand's index."""
        def ranked(collection: Collection) -> tuple[list[tuple[Candidate, float]], _Index]:
            index = self._index(collection)
            return rank(self._calibration, self._evidence(collection, index, text)), index

        return self._on_active(brand_id, ranked)

    @staticmethod
    def _hit(candidate: Candidate, probability: float, language: str | None, index: _Index) -> FaqHit:
        available = index.languages.get(candidate.faq_id, frozenset())
        chosen = language if language in available else (candidate.dense_language or min(available, default=""))
        return FaqHit(id=candidate.faq_id, score=round(probability, 4), language=chosen or "")
