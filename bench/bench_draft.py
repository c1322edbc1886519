"""Warm `draft` latency for short posts, against its floor measured in the same run.

Floor = embedding the post once (the one model call a draft cannot avoid) + one raw Chroma query.
Prints p50/p95 of the whole draft (read, retrieve, compose, guardrails on every draft) and the ratio
to the floor. Posts: the first 40 of eval/data/brightfern_posts.jsonl (8 languages).

    .venv/bin/python bench/bench_draft.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import DraftingService, DraftRequest  # noqa: E402
from assistant.backends import make_backend  # noqa: E402
from knowledge import KnowledgeStore, load_pack  # noqa: E402
from knowledge.embedding import embedding_function  # noqa: E402
from knowledge.examples import example_pack  # noqa: E402
from knowledge.store import connect  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    pack = load_pack(example_pack())
    posts = [json.loads(line)["text"] for line in (ROOT / "eval/data/brightfern_posts.jsonl").open()][:40]
    with tempfile.TemporaryDirectory() as tmp:
        client = connect(Path(tmp))
        store = KnowledgeStore(client)
        store.ingest(pack)
        service = DraftingService(store, make_backend("composer"))
        ef = embedding_function("e5-small")
        name = next(c.name for c in client.list_collections() if c.name.startswith(f"b_{pack.brand.id}_"))
        raw = client.get_collection(name)
        for post in posts[:5]:  # warm every cache: model, lingua, lexicons, phrase packs
            service.draft(DraftRequest(text=post), pack)
        floor, full = [], []
        for post in posts:
            t0 = time.perf_counter()
            vector = ef.embed_query([post])
            raw.query(query_embeddings=vector, n_results=10)
            t1 = time.perf_counter()
            service.draft(DraftRequest(text=post, author="Sam"), pack)
            t2 = time.perf_counter()
            floor.append(t1 - t0)
            full.append(t2 - t1)
    for name, values in (("floor (embed + raw query)", floor), ("draft (warm)", full)):
        print(f"{name:>28}: p50 {1000 * statistics.median(values):7.1f} ms   p95 {1000 * _pct(values, 0.95):7.1f} ms")
    print(f"{'ratio draft/floor':>28}: p50 {statistics.median(full) / statistics.median(floor):5.2f}x   "
          f"p95 {_pct(full, 0.95) / _pct(floor, 0.95):5.2f}x   ({len(posts)} posts)")


if __name__ == "__main__":
    main()
