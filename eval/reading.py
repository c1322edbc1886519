"""Measure the reading of posts (assistant/read.py) on the shared corpora and our own labelled sets.

    .venv/bin/python -m eval.reading privacy [--part test|dev|all]
    .venv/bin/python -m eval.reading flags   [--part ...]
    .venv/bin/python -m eval.reading mood    [--part ...] [--limit N]
    .venv/bin/python -m eval.reading care    [--part ...]

Held-out part: in every set, rows whose id ends in an even number (or, without a number, whose position in
the file is even) are the test part (`--part test`, the default); lexicons and thresholds were tuned on the
odd part only (`--part dev`). Each figure is printed next to a baseline computed on the same rows.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.flags import read_flags
from assistant.lexicon import languages, pattern, spans
from assistant.privacy import needs_account
from assistant.read import read
from eval.jsonl import SHARED, DataError, read_jsonl, twcs_pairs

ROOT = Path(__file__).resolve().parents[1]
OWN = Path(__file__).resolve().parent / "data"
_NUMBER = re.compile(r"(\d+)\D*$")


def in_part(row: dict[str, Any], position: int, part: str) -> bool:
    """The dev/test split: parity of the number the id ends in (else of the row's position)."""
    if part == "all":
        return True
    match = _NUMBER.search(str(row.get("id", "")))
    parity = int(match.group(1)) % 2 if match else position % 2
    return parity == (0 if part == "test" else 1)


def part_of(items: Iterable[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    return [r for i, r in enumerate(items) if in_part(r, i, part)]


def binary(pairs: Sequence[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of (gold, predicted) pairs."""
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    return {"n": len(pairs), "pos": tp + fn, "precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str] | None = None) -> float:
    """Mean F1 over the gold labels present (labels never in gold are left out, as is usual)."""
    present = sorted(set(gold) if labels is None else set(labels) & set(gold))
    if not present:
        return 0.0
    pairs = list(zip(gold, predicted, strict=True))
    scores = [binary([(g == label, p == label) for g, p in pairs])["f1"] for label in present]
    return sum(scores) / len(scores)


def _fmt(m: dict[str, float]) -> str:
    return (f"n={m['n']:<5} pos={m['pos']:<4} P={m['precision']:.3f} R={m['recall']:.3f} "
            f"F1={m['f1']:.3f} acc={m['accuracy']:.3f}")


def own_posts() -> list[dict[str, Any]]:
    """Our labelled posts: the brightfern set plus reading_*.jsonl sets (DESIGN.md eval-case fields)."""
    found = read_jsonl(OWN / "brightfern_posts.jsonl")
    for path in sorted(OWN.glob("reading_posts_*.jsonl")):
        found += read_jsonl(path)
    return found


def eval_privacy(part: str) -> Iterator[str]:
    mapping = {r["intent"]: bool(r["account"]) for r in read_jsonl(OWN / "reading_banking77_account.jsonl")}
    bank = part_of(read_jsonl(SHARED / "banking77_intents" / "test.jsonl"), part)
    unmapped = {r["intent"] for r in bank} - set(mapping)
    if unmapped:
        raise ValueError(f"eval/data/reading_banking77_account.jsonl lacks intents {sorted(unmapped)}: add them")
    pairs = [(mapping[r["intent"]], needs_account(r["text"], "en")) for r in bank]
    yield f"banking77 ({part}) needs-account-data, text only: {_fmt(binary(pairs))}"
    yield f"  baseline always-DM:                             {_fmt(binary([(g, True) for g, _ in pairs]))}"
    yield "  baseline 'my' in text:                          " + _fmt(binary(
        [(mapping[r['intent']], bool(re.search(r"\bmy\b", r["text"], re.I))) for r in bank]))
    posts = [r for r in part_of(own_posts(), part) if r.get("private") is not None]
    by_lang: dict[str, list[tuple[bool, bool]]] = {}
    for r in posts:
        by_lang.setdefault(r["lang"], []).append((bool(r["private"]), read(r["text"]).private))
    everything = [p for v in by_lang.values() for p in v]
    yield f"own posts ({part}) private (read(): account need or PII): {_fmt(binary(everything))}"
    always_public = binary([(g, False) for g, _ in everything])
    yield f"  baseline always-public:                                 {_fmt(always_public)}"
    for lang, pairs_ in sorted(by_lang.items()):
        yield f"  {lang}: {_fmt(binary(pairs_))}"


FLAGS = ("troll", "injection", "escalate")


def _bare_phrases(flag: str, text: str, language: str) -> bool:
    """Baseline: the positive phrase lists alone (no look-alike lists, no verb-near-object rule)."""
    langs = languages("flags") if flag == "injection" else tuple(dict.fromkeys((language, "en")))
    return any(spans(pattern("flags", lang, flag), text) for lang in langs)


def eval_flags(part: str) -> Iterator[str]:
    posts = part_of(own_posts(), part)
    readings = {r["id"]: read(r["text"]) for r in posts}
    for flag in FLAGS:
        labelled = [r for r in posts if r.get(flag) is not None]
        pairs = [(bool(r[flag]), flag in readings[r["id"]].flags) for r in labelled]
        bare = [(bool(r[flag]), _bare_phrases(flag, r["text"], r["lang"])) for r in labelled]
        yield f"{flag:9} ({part}) {_fmt(binary(pairs))}"
        yield f"  baseline bare phrase lists: {_fmt(binary(bare))}"
        by_lang: dict[str, list[tuple[bool, bool]]] = {}
        for r, pair in zip(labelled, pairs, strict=True):
            by_lang.setdefault(r["lang"], []).append(pair)
        yield "   " + "  ".join(
            f"{lang}: {sum(g and p for g, p in v)}/{sum(g for g, _ in v)} hit, {sum(p and not g for g, p in v)} FP"
            for lang, v in sorted(by_lang.items()))
    tweets = twcs_pairs()
    alarms: Counter[str] = Counter(f for t in tweets for f in read(t["inbound_text"]).flags if f != "pii")
    yield (f"real customer tweets (twcs, {len(tweets)} inbound, reserved brands left out; no injection expected): "
           + ", ".join(f"{f} raised on {alarms[f]}" for f in FLAGS))
    plain = [(r["text"], "en") for r in read_jsonl(SHARED / "banking77_intents" / "test.jsonl")]
    plain += [(r["text"], r["lang"]) for r in read_jsonl(SHARED / "lingua_langid_testdata" / "test.jsonl")]
    injected = sum("injection" in read_flags(text, lang) for text, lang in plain)
    yield f"injection false alarms on {len(plain)} real texts (banking77 + lingua, 75 languages): {injected}"


def eval_brands() -> Iterator[str]:
    """Mood and intent of the shipped reader on 400 real tweets to 59 brands outside the care dev set
    (eval/data/reading_twcs_brands.jsonl: labels only, joined to twcs by pair_id; never trained on)."""
    labels = {r["pair_id"]: r for r in read_jsonl(OWN / "reading_twcs_brands.jsonl")}
    rows = [(r, labels[r["pair_id"]]) for r in twcs_pairs() if r["pair_id"] in labels]
    if len(rows) != len(labels):
        raise DataError(f"{OWN / 'reading_twcs_brands.jsonl'}: {len(labels) - len(rows)} pair_ids are not in twcs")
    readings = [read(r["inbound_text"]) for r, _ in rows]
    yield f"twcs tweets to {len({r['brand'] for r, _ in rows})} brands outside the care dev set: {len(rows)}"
    for field in ("mood", "intent"):
        gold = [g[field] for _, g in rows]
        got = [getattr(x, field) for x in readings]
        right = sum(a == b for a, b in zip(gold, got, strict=True))
        majority = Counter(gold).most_common(1)[0]
        yield (f"  {field}: accuracy {right / len(rows):.3f} ({right}/{len(rows)})  macro-F1 "
               f"{macro_f1(gold, got):.3f}  (majority {majority[0]!r}: {majority[1] / len(rows):.3f})")
        confused = Counter((a, b) for a, b in zip(gold, got, strict=True) if a != b).most_common(4)
        yield "    most confused (gold -> read): " + ", ".join(f"{a}->{b} {n}" for (a, b), n in confused)


def eval_escalation() -> Iterator[str]:
    """`escalate` on the posts we wrote for it (eval/data/escalation_posts.jsonl): the `dev` set the lexicons
    were tuned on and the `fresh` set written afterwards and never tuned on, per set and language."""
    rows = read_jsonl(OWN / "escalation_posts.jsonl")
    for part in ("dev", "fresh"):
        chosen = [r for r in rows if r["set"] == part]
        pairs = [(bool(r["escalate"]), "escalate" in read_flags(r["text"], r["lang"])) for r in chosen]
        hits, gold = sum(g and p for g, p in pairs), sum(g for g, _ in pairs)
        alarms, calm = sum(p and not g for g, p in pairs), sum(not g for g, _ in pairs)
        yield f"escalation posts, {part} set: recall {hits}/{gold}, false alarms {alarms}/{calm}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.reading", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("privacy", "flags", "escalation", "mood", "care", "brands", "all"))
    parser.add_argument("--part", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--limit", type=int, default=400, help="mood: rows per corpus and language (default 400)")
    parser.add_argument("--e5", action="store_true", help="mood, care: also the e5 classifier reader (~30 ms/post)")
    args = parser.parse_args(argv)
    from eval.reading_mood import eval_care, eval_mood

    jobs = {
        "privacy": lambda: eval_privacy(args.part),
        "flags": lambda: eval_flags(args.part),
        "escalation": eval_escalation,
        "mood": lambda: eval_mood(args.part, args.limit, args.e5),
        "care": lambda: eval_care(args.part, args.e5),
        "brands": eval_brands,
    }
    try:
        for name, job in jobs.items():
            if args.what in (name, "all"):
                for line in job():
                    print(line)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
