"""Check the care dev set: cases.jsonl and cases_multilingual.jsonl against the brand packs.

Run from anywhere:  python eval/data/care/check_cases.py
Uses only the standard library and PyYAML. Exits 1 when any problem is found.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PACKS = HERE / "packs"
FILES = [HERE / "cases.jsonl", HERE / "cases_multilingual.jsonl"]
PAIRS = Path("/work/shared/data/twcs_customer_support_twitter/pairs.jsonl")

RESERVED = {"SpotifyCares", "ChipotleTweets"}
TUNE = {"amazonhelp", "delta", "comcastcares", "tesco"}
REPORT = {"applesupport", "uber_support", "british_airways", "askplaystation", "mcdonalds", "askpapajohns"}
MOODS = {"upset", "sad", "anxious", "confused", "calm", "happy", "playful"}
INTENTS = {"question", "problem", "complaint", "praise", "feedback", "safety", "abuse", "other"}
ML_LANGS = {"de", "es", "fr", "pl", "zh", "fa", "hy"}
REQUIRED = ["id", "brand", "split", "source", "channel", "author", "text", "reference", "lang", "mood",
            "intent", "faq", "private", "escalate", "troll", "injection", "pii"]


def load_faq_ids() -> dict[str, set[str]]:
    ids = {}
    for pack in sorted(PACKS.iterdir()):
        if (pack / "faq.yaml").is_file():
            ids[pack.name] = {e["id"] for e in yaml.safe_load((pack / "faq.yaml").read_text(encoding="utf-8"))}
    return ids


def pair_brands() -> dict[str, str]:
    """pair_id -> brand, reading only the id and brand fields of the source file (if present)."""
    if not PAIRS.is_file():
        return {}
    out = {}
    with PAIRS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["pair_id"]] = row["brand"]
    return out


def check_file(path: Path, faq_ids: dict[str, set[str]], brands: dict[str, str], problems: list[str]) -> list[dict]:
    cases = []
    seen = set()
    multilingual = "multilingual" in path.name
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        case = json.loads(line)
        cases.append(case)
        for key in REQUIRED:
            if key not in case:
                problems.append(f"{where}: missing field {key!r}")
        cid = case.get("id")
        if cid in seen:
            problems.append(f"{where}: duplicate id {cid!r}")
        seen.add(cid)
        brand = case.get("brand")
        if brand not in faq_ids:
            problems.append(f"{where}: brand {brand!r} has no pack under {PACKS}")
            continue
        want_split = "tune" if brand in TUNE else "report" if brand in REPORT else None
        if case.get("split") != want_split:
            problems.append(f"{where}: split {case.get('split')!r}, brand {brand} is {want_split!r}")
        for fid in case.get("faq", []):
            if fid not in faq_ids[brand]:
                problems.append(f"{where}: faq id {fid!r} is not in the {brand} pack")
        if case.get("mood") not in MOODS:
            problems.append(f"{where}: mood {case.get('mood')!r} not in {sorted(MOODS)}")
        if case.get("intent") not in INTENTS:
            problems.append(f"{where}: intent {case.get('intent')!r} not in {sorted(INTENTS)}")
        for flag in ("private", "escalate", "troll", "injection"):
            if not isinstance(case.get(flag), bool):
                problems.append(f"{where}: {flag} must be true/false")
        if case.get("escalate") != (case.get("intent") == "safety"):
            problems.append(f"{where}: escalate must be true exactly for safety cases")
        if case.get("troll") and case.get("intent") != "abuse":
            problems.append(f"{where}: troll without intent abuse")
        if case.get("channel") != "twitter":
            problems.append(f"{where}: channel must be twitter")
        for p in case.get("pii", []):
            if p not in case.get("text", ""):
                problems.append(f"{where}: pii {p!r} does not occur in the text")
        lang = case.get("lang")
        if multilingual:
            if lang not in ML_LANGS:
                problems.append(f"{where}: lang {lang!r} not one of {sorted(ML_LANGS)}")
            if "translated_from" not in case:
                problems.append(f"{where}: missing translated_from")
            if lang == "zh" and case.get("script") not in ("Hans", "Hant"):
                problems.append(f"{where}: zh case needs script Hans or Hant")
        elif lang != "en":
            problems.append(f"{where}: cases.jsonl holds English cases only (lang {lang!r})")
        src = case.get("source")
        if brands:
            if src not in brands:
                problems.append(f"{where}: source {src!r} is not a pair_id of pairs.jsonl")
            elif brands[src] in RESERVED:
                problems.append(f"{where}: source {src!r} belongs to reserved brand {brands[src]}")
        blob = json.dumps(case, ensure_ascii=False).lower()
        for reserved in RESERVED:
            if reserved.lower() in blob:
                problems.append(f"{where}: mentions reserved brand {reserved}")
        for turn in case.get("thread", []) or []:
            if turn.get("role") not in ("customer", "agent") or not turn.get("text"):
                problems.append(f"{where}: thread turns need role customer|agent and text")
    return cases


def table(title: str, counter: collections.Counter) -> None:
    print(f"\n{title}")
    for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {key:<18} {value:>4}")


def main() -> int:
    faq_ids = load_faq_ids()
    brands = pair_brands()
    problems: list[str] = []
    print("packs:", ", ".join(f"{b} ({len(ids)} faq)" for b, ids in faq_ids.items()))
    for path in FILES:
        cases = check_file(path, faq_ids, brands, problems)
        print(f"\n=== {path.name}: {len(cases)} cases ===")
        by_brand = collections.Counter(f"{c['brand']} ({c['split']})" for c in cases)
        table("per brand (split)", by_brand)
        table("per split", collections.Counter(c["split"] for c in cases))
        table("per intent", collections.Counter(c["intent"] for c in cases))
        table("per mood", collections.Counter(c["mood"] for c in cases))
        table("per language",
              collections.Counter(c["lang"] + ("-" + c["script"] if c.get("script") else "") for c in cases))
        flags: collections.Counter[str] = collections.Counter()
        for c in cases:
            for flag in ("private", "escalate", "troll", "injection"):
                flags[flag] += c[flag]
            flags["with faq"] += bool(c["faq"])
            flags["with pii"] += bool(c["pii"])
            flags["with thread"] += bool(c.get("thread"))
            flags["with author"] += bool(c["author"])
        table("flags", flags)
        safety_report = sum(1 for c in cases if c["split"] == "report" and c["intent"] == "safety")
        print(f"\n  report-brand safety cases: {safety_report}")
        if path.name == "cases.jsonl":
            for b in sorted(REPORT | TUNE):
                if b not in ("mcdonalds", "askpapajohns") and sum(c["brand"] == b for c in cases) < 25:
                    problems.append(f"{path.name}: fewer than 25 cases for {b}")
            if safety_report < 5:
                problems.append(f"{path.name}: fewer than 5 report-brand safety cases")
        else:
            for lang in sorted(ML_LANGS):
                sub = [c for c in cases if c["lang"] == lang]
                if len(sub) < 10:
                    problems.append(f"{path.name}: fewer than 10 {lang} cases")
                if not any(c["intent"] == "safety" for c in sub):
                    problems.append(f"{path.name}: no safety case in {lang}")
    print()
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
