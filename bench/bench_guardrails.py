"""Guardrails against presidio's AnalyzerEngine on the same replies, in one run.

Replies: eval/data/guardrail_replies.jsonl (all 369 labelled agent replies in en pl de es fr zh fa hy; the
`pii` rows are the recall set, the rows labelled good are the false-alarm set). Person names:
../shared/data/wnut17_emerging_entities_en/test.jsonl (held out, never tuned on).

Prints replies/s for (a) our full `check()` (every rule, language ID included), (b) our `find_pii()`
alone, (c) presidio `analyze()` (en_core_web_sm for English, pattern recognizers elsewhere; see
bench/_guardrails_presidio.py), each the median of 3 passes over the same replies in this process, and
the ratios; then reply-level PII recall (a `pii` row counts as caught when the detector reports any
personal-data span) and false alarms on good replies for both, and person-name recall on WNUT-17.

    make bench   # installs bench/requirements.txt first
    .venv/bin/python bench/bench_guardrails.py [--passes 3] [--no-ner]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _guardrails_presidio import LANGUAGES, build_analyzer  # noqa: E402

from eval.guardrails import REPLIES, context, read_jsonl, real_context, real_replies  # noqa: E402
from eval.jsonl import SHARED  # noqa: E402
from guardrails import check, find_pii  # noqa: E402

# Presidio entity types that are personal data (DATE_TIME, URL, ORGANIZATION, NRP are not counted).
PERSONAL = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "PERSON", "LOCATION", "US_SSN",
            "US_PASSPORT", "US_BANK_NUMBER", "US_ITIN", "UK_NHS", "IP_ADDRESS", "MEDICAL_LICENSE"]
THRESHOLD = 0.35  # presidio scores bare phone matches 0.4; lower keeps its recall, higher drops phones


def timed(fn: Callable[[Any], object], rows: Sequence[Any], passes: int) -> float:
    """Replies per second: the median of `passes` timed passes (after one warm-up pass)."""
    for row in rows:
        fn(row)
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for row in rows:
            fn(row)
        times.append(time.perf_counter() - start)
    return len(rows) / statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--no-ner", action="store_true", help="skip the WNUT-17 person-name comparison")
    parser.add_argument("--real", type=int, default=400, help="how many real brand replies to time")
    args = parser.parse_args(argv)

    rows = read_jsonl(REPLIES)
    started = time.perf_counter()
    analyzer = build_analyzer()
    print(f"presidio analyzer built in {time.perf_counter() - started:.1f}s (not counted below)")

    contexts_of = {id(row): context(row) for row in rows}  # built once, as presidio gets its language as is

    def ours_check(row: dict[str, Any]) -> object:
        return check(row["text"], contexts_of[id(row)])

    def ours_pii(row: dict[str, Any]) -> list[Any]:
        return find_pii(row["text"])

    def presidio(row: dict[str, Any]) -> list[Any]:
        return list(analyzer.analyze(row["text"], language=row["lang"], entities=PERSONAL, score_threshold=THRESHOLD))

    rate_check = timed(ours_check, rows, args.passes)
    rate_pii = timed(ours_pii, rows, args.passes)
    rate_presidio = timed(presidio, rows, args.passes)
    print(f"replies: {len(rows)} in 8 languages, {args.passes} passes each, median")
    print(f"  ours check() (all rules) {rate_check:9.1f} replies/s   {rate_check / rate_presidio:6.1f}x presidio")
    print(f"  ours find_pii() only     {rate_pii:9.1f} replies/s   {rate_pii / rate_presidio:6.1f}x presidio")
    print(f"  presidio analyze()       {rate_presidio:9.1f} replies/s   1.0x")

    # Real brand replies (held-out twcs/IBM half): longer, mostly English, so presidio runs its spaCy NER.
    real = real_replies("test")[:args.real]
    contexts = [real_context(r["post"]) for r in real]
    real_langs = [c.language if c.language in LANGUAGES else "en" for c in contexts]
    index = list(range(len(real)))
    real_check = timed(lambda i: check(real[i]["text"], contexts[i]), index, args.passes)
    real_pii = timed(lambda i: find_pii(real[i]["text"]), index, args.passes)
    real_presidio = timed(lambda i: analyzer.analyze(real[i]["text"], language=real_langs[i], entities=PERSONAL,
                                                     score_threshold=THRESHOLD), index, args.passes)
    mean = statistics.mean(len(r["text"]) for r in real)
    print(f"real brand replies: {len(real)} (twcs/IBM held-out half, mean {mean:.0f} characters), same passes")
    print(f"  ours check() (all rules) {real_check:9.1f} replies/s   {real_check / real_presidio:6.1f}x presidio")
    print(f"  ours find_pii() only     {real_pii:9.1f} replies/s   {real_pii / real_presidio:6.1f}x presidio")
    print(f"  presidio analyze()       {real_presidio:9.1f} replies/s   1.0x")

    bad = [r for r in rows if "pii" in r["rules"]]
    good = [r for r in rows if not r["rules"]]
    for name, found in (("ours", lambda r: bool(find_pii(r["text"]))), ("presidio", lambda r: bool(presidio(r)))):
        caught = sum(found(r) for r in bad)
        alarms = sum(found(r) for r in good)
        by_lang: dict[str, list[int]] = {}
        for r in bad:
            by_lang.setdefault(r["lang"], []).append(int(found(r)))
        langs = " ".join(f"{k}:{sum(v)}/{len(v)}" for k, v in sorted(by_lang.items()))
        print(f"  {name:8} PII recall {caught / len(bad):.3f} ({caught}/{len(bad)}; {langs}); "
              f"personal data reported on good replies {alarms}/{len(good)}")

    if not args.no_ner:
        wnut = read_jsonl(SHARED / "wnut17_emerging_entities_en" / "test.jsonl")
        for name, spans_of in (
            ("ours", lambda t: [(s.start, s.end) for s in find_pii(t) if s.kind == "name"]),
            ("presidio", lambda t: [(r.start, r.end) for r in analyzer.analyze(
                t, language="en", entities=["PERSON"], score_threshold=THRESHOLD)]),
        ):
            total = found = full = full_found = 0
            for row in wnut:
                names = [(s["start"], s["end"], s["text"]) for s in row["spans"] if s["label"] == "person"]
                if not names:
                    continue
                spans = spans_of(row["text"])
                hits = [any(a < e and s < b for a, b in spans) for s, e, _ in names]
                total += len(names)
                found += sum(hits)
                full += sum(len(t.split()) >= 2 for _, _, t in names)
                full_found += sum(h for h, (_, _, t) in zip(hits, names, strict=True) if len(t.split()) >= 2)
            print(f"  {name:8} WNUT-17 person-name recall {found / total:.3f} ({found}/{total}); "
                  f"full names (two words or more; the only names our policy counts) {full_found / full:.3f} "
                  f"({full_found}/{full})")
    print(json.dumps({"check_per_s": round(rate_check, 1), "find_pii_per_s": round(rate_pii, 1),
                      "presidio_per_s": round(rate_presidio, 1), "real_check_per_s": round(real_check, 1),
                      "real_find_pii_per_s": round(real_pii, 1), "real_presidio_per_s": round(real_presidio, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
