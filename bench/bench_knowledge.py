"""Knowledge at scale: ingest of N FAQ entries, re-ingest, query latency; each beside its floor.

    .venv/bin/python bench/bench_knowledge.py                  # 10,000 entries (the issue's size)
    .venv/bin/python bench/bench_knowledge.py --entries 2000   # quicker look

Floors, measured in the same run on the same machine (timings here are noisy: others share the CPU):
- ingest: embedding the same number of questions with the bare model (a sample of `--sample`, scaled
  up), i.e. what any ingest must pay; the ratio says what Chroma writes and bookkeeping add.
- query: embedding the query alone plus one raw Chroma query for the same vector; the ratio says what
  hybrid retrieval (BM25, calibration, decision) adds.
Targets from the issue: ingest of 10,000 entries <= 60 s, unchanged re-ingest <= 5 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._knowledge_pack import generated_pack, paraphrase  # noqa: E402
from knowledge import KnowledgeStore  # noqa: E402
from knowledge.embedding import embedding_function  # noqa: E402
from knowledge.store import connect  # noqa: E402


def _progress(label: str) -> object:
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct != state["last"]:
            state["last"] = pct
            print(f"\r{label}: [{'#' * (pct // 4):<25}] {done}/{total}", end="", file=sys.stderr, flush=True)
            if done >= total:
                print(file=sys.stderr)

    return show


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=300, help="questions embedded bare for the ingest floor")
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()

    pack = generated_pack(args.entries)
    questions = [e.question for e in pack.faq]
    ef = embedding_function("e5-small")
    ef(["warm up"])
    ef.embed_query(["warm up"])  # type: ignore[attr-defined]

    sample = random.Random(1).sample(questions, min(args.sample, len(questions)))
    start = time.perf_counter()
    ef(sample)
    per_text = (time.perf_counter() - start) / len(sample)
    floor = per_text * len(questions)
    print(f"embedding floor: {1 / per_text:.1f} questions/s bare model -> {floor:.1f} s for {len(questions)}")

    with tempfile.TemporaryDirectory() as tmp:
        store = KnowledgeStore(connect(Path(tmp)))
        start = time.perf_counter()
        report = store.ingest(pack, _progress("ingest"))  # type: ignore[arg-type]
        ingest = time.perf_counter() - start
        print(f"ingest {args.entries} entries: {ingest:.1f} s ({report.documents / ingest:.1f} docs/s, "
              f"{report.embedded} embedded); ratio to embedding floor {ingest / floor:.2f}; target <= 60 s: "
              f"{'met' if ingest <= 60 else 'NOT met'}")

        start = time.perf_counter()
        again = store.ingest(pack)
        unchanged = time.perf_counter() - start
        print(f"re-ingest unchanged: {unchanged:.2f} s (unchanged={again.unchanged}); target <= 5 s: "
              f"{'met' if unchanged <= 5 else 'NOT met'}")

        first = pack.faq[0]
        edited = pack.model_copy(update={"faq": (first.model_copy(update={"question": first.question + " Please?"}),
                                                 *pack.faq[1:])})
        start = time.perf_counter()
        one = store.ingest(edited, _progress("re-ingest, one entry edited"))  # type: ignore[arg-type]
        changed = time.perf_counter() - start
        print(f"re-ingest with one entry edited: {changed:.1f} s ({one.embedded} embedded, "
              f"{one.documents - one.embedded} reused)")

        rng = random.Random(2)
        texts = [paraphrase(rng.choice(questions), rng) for _ in range(args.queries)]
        client = connect(Path(tmp))
        collection = client.get_collection(one.collection)
        store.search(pack.brand.id, "warm up the lexical index")
        ours, floors = [], []
        for i, text in enumerate(texts):
            def floor_once(text: str = text) -> float:
                start = time.perf_counter()
                vector = ef.embed_query([text])  # type: ignore[attr-defined]
                collection.query(query_embeddings=vector, n_results=10, include=["distances"])
                return time.perf_counter() - start

            def ours_once(text: str = text) -> float:
                start = time.perf_counter()
                store.search(pack.brand.id, text, k=3)
                return time.perf_counter() - start

            # alternate which goes first, so neither profits from the other's warm caches
            if i % 2:
                floors.append(floor_once())
                ours.append(ours_once())
            else:
                ours.append(ours_once())
                floors.append(floor_once())
        for name, q in (("p50", 0.5), ("p95", 0.95)):
            a, b = _percentile(ours, q), _percentile(floors, q)
            print(f"query {name}: {a * 1000:.0f} ms; floor (embed + raw chroma query) {b * 1000:.0f} ms; "
                  f"ratio {a / b:.2f}")
        print(f"query mean ratio: {statistics.mean(ours) / statistics.mean(floors):.2f} over {len(texts)} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
