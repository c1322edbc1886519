"""Language ID on short texts: our `detect()` next to bare (seeded) langdetect, in the same run.

Data: ../shared/data/lingua_langid_testdata/test.jsonl (Leipzig Wortschatz sentences, word pairs and
single words; 100 per language). Rows whose id ends in an even number are held out (`--part test`, the
default); the odd half (`--part dev`) is where `min_confidence` was chosen. Prints accuracy per language
and kind for both, and per-post time of each (medians of 3 passes, the same texts, the same process).

    .venv/bin/python bench/bench_langid.py [--languages en,pl,...] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.jsonl import SHARED  # noqa: E402
from guardrails.langid import DEFAULT_LANGUAGES, detect  # noqa: E402

KINDS = ("sentences", "word-pairs", "single-words")


def bare_langdetect() -> Callable[[str], str]:
    """langdetect as most code uses it: seeded, top language, no cleaning, no restriction."""
    from langdetect import DetectorFactory, LangDetectException
    from langdetect import detect as ld_detect

    def run(text: str) -> str:
        DetectorFactory.seed = 0
        try:
            return ld_detect(text).split("-")[0]
        except LangDetectException:
            return "und"

    return run


def ours(languages: tuple[str, ...]) -> Callable[[str], str]:
    def run(text: str) -> str:
        return detect(text, candidates=languages).language

    return run


def score(fn: Callable[[str], str], rows: list[dict[str, str]]) -> tuple[dict[tuple[str, str], list[int]], float]:
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    times = []
    for _ in range(3):
        start = time.perf_counter()
        answers = [fn(r["text"]) for r in rows]
        times.append(time.perf_counter() - start)
    for row, got in zip(rows, answers, strict=True):
        cell = tally[(row["lang"], row["kind"])]
        cell[0] += got == row["lang"]
        cell[1] += 1
        cell[2] += got == "und"
    return tally, statistics.median(times) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(DEFAULT_LANGUAGES))
    parser.add_argument("--data", type=Path, default=SHARED / "lingua_langid_testdata" / "test.jsonl")
    parser.add_argument("--part", choices=("test", "dev", "all"), default="test")
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    parity = {"test": (0,), "dev": (1,), "all": (0, 1)}[args.part]
    rows = [
        r for r in map(json.loads, args.data.open(encoding="utf-8"))
        if r["lang"] in languages and int(r["id"].rsplit("-", 1)[1]) % 2 in parity
    ]
    if not rows:
        sys.exit(f"no rows for {languages} in {args.data}: check --data / TACTFUL_SHARED_DATA")
    fn_ours = ours(languages)
    fn_ours("warm up the lingua models")  # lazy loading is not per-post cost
    for r in rows[:: max(1, len(rows) // len(languages))]:
        fn_ours(r["text"])
    bare = bare_langdetect()
    bare("warm up")
    base_tally, base_time = score(bare, rows)
    our_tally, our_time = score(fn_ours, rows)
    print(f"{len(rows)} texts ({args.part} part), {len(languages)} languages: {' '.join(languages)}")
    print(f"{'lang':5} " + " ".join(f"{k:>23}" for k in KINDS))
    print(f"{'':5} " + " ".join(f"{'langdetect':>11} {'ours':>11}" for _ in KINDS))
    for lang in languages:
        cells = []
        for kind in KINDS:
            b, o = base_tally[(lang, kind)], our_tally[(lang, kind)]
            cells.append(f"{b[0]:>5}/{b[1]:<5} {o[0]:>5}/{o[1]:<5}")
        print(f"{lang:5} " + " ".join(cells))
    for kind in KINDS:
        b = [sum(base_tally[(lang, kind)][i] for lang in languages) for i in (0, 1)]
        o = [sum(our_tally[(lang, kind)][i] for lang in languages) for i in (0, 1)]
        unknown = sum(our_tally[(lang, kind)][2] for lang in languages)
        print(f"{kind:13} accuracy: langdetect {b[0] / b[1]:.3f}  ours {o[0] / o[1]:.3f}  (n={o[1]}; "
              f"ours said 'und' on {unknown}, precision when answering {o[0] / max(1, o[1] - unknown):.3f})")
    print(f"per post: langdetect {base_time * 1e3:.3f} ms  ours {our_time * 1e3:.3f} ms  "
          f"ratio ours/langdetect {our_time / base_time:.2f}")
    print(f"peak RSS of this process (both detectors loaded): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
