"""Guardrail quality: per-rule and per-language precision/recall on labelled replies, false alarms on real
brand replies, and full-name recall of the `pii` detector on public NER corpora.

Run: `.venv/bin/python -m eval.guardrails [--split test|dev|all] [--json]`

Data and what is held out:
- eval/data/guardrail_replies.jsonl: agent replies in en pl de es fr zh fa hy, each with the rules it must
  trigger (`rules`, empty = a good reply) and its context. `split: test` rows are held out: the phrase
  lists were tuned only on `dev` rows. (The first held-out run showed that FAQ backing was too loose,
  overpromise recall 0.0, injection 0.625; the general fixes that followed, promises apart from warranties
  and numbers backed only with the same unit, were made after seeing it. Rows with `split: test2`,
  overpromise and injection cases written after those fixes, were held out for one run (overpromise
  recall 0.667, injection 0.708); weekday, credit and inflected leak/grant phrases were added after it.
  Rows with `split: test3` (40: per language a promised date, a requirement on the customer, a discount
  granted with a verb, a troubleshooting duration and a compensation amount) were written in session 2
  after the no-promise reading of claims and run once held out: overpromise precision 0.80 / recall 0.75,
  injection recall 0.125 (discounts granted with verbs: "abgezogen", "déduit", "减免"), 3 of 16 good rows
  blocked. Weekdays, discount verbs, "须", "na 5 minut" and currencies were added after that run, so the
  later test3 figures are not blind.)
- Real brand replies (../shared/data; HTML entities such as &amp; unescaped, as they were posted):
  twcs_customer_support_twitter/pairs.jsonl (rows with an odd index are held out) and
  ibm_twitter_customer_care_cdp (test.jsonl held out, dev.jsonl for tuning). Every reply the guardrails
  flag was read and labelled in eval/data/guardrail_real_labels.jsonl (`fine: true` = the flag is a false
  alarm; `fine: false` = the reply really breaks a rule). Unflagged replies count as fine.
  (Session 2: the `_no_promise` reading of claims and the data of `conditions`/`money_cues` were built from
  the dev replies' false alarms; test had been read in session 1, so its figure is not blind. The blame
  look-alikes "you should have a/the…" (possession, not blame) came from test replies.)
  Real replies come without their brand's FAQ, so `overpromise` and the grant half of `injection` can't be
  judged on them: their false alarms are reported separately from those of the other rules.
- wnut17_emerging_entities_en/test.jsonl and weibo_ner_zh/test.jsonl (held out): person-name recall.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from eval.jsonl import SHARED, DataError, ibm_dialogs, read_jsonl, twcs_pairs
from guardrails import CheckContext, check, detect, find_pii
from guardrails.langid import clean

ROOT = Path(__file__).resolve().parents[1]
REPLIES = ROOT / "eval" / "data" / "guardrail_replies.jsonl"
REAL_LABELS = ROOT / "eval" / "data" / "guardrail_real_labels.jsonl"
RULES = ("dismissive", "blame", "overpromise", "humor_on_complaint", "avoid_word", "pii", "pii_request",
         "injection", "language_mismatch", "too_long")
FAQ_DEPENDENT = ("overpromise", "injection")


def context(row: dict[str, Any]) -> CheckContext:
    """The CheckContext a labelled row describes."""
    return CheckContext(
        channel=row.get("channel", "twitter"), language=row.get("lang"), customer_name=row.get("customer_name"),
        avoid=tuple((str(p), bool(f)) for p, f in row.get("avoid", [])),
        faq_answers=tuple(row.get("faq_answers", [])), complaint=bool(row.get("complaint")),
        public=bool(row.get("public", True)),
    )


def flagged(text: str, ctx: CheckContext) -> set[str]:
    """Rules with a blocking finding."""
    return {f.rule for f in check(text, ctx).findings if f.severity == "block"}


def _pr(tp: int, fp: int, fn: int) -> dict[str, Any]:
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None, "tp": tp, "fp": fp, "fn": fn}


def score_labelled(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per rule and per language precision/recall (a rule's positives are rows labelled with it)."""
    by_rule: dict[str, Counter[str]] = {r: Counter() for r in RULES}
    by_lang: dict[str, Counter[str]] = {}
    misses = []
    good_blocked = 0
    for row in rows:
        want = set(row["rules"])
        got = flagged(row["text"], context(row))
        lang = by_lang.setdefault(row["lang"], Counter())
        for rule in RULES:
            key = "tp" if rule in want and rule in got else "fn" if rule in want else "fp" if rule in got else ""
            if key:
                by_rule[rule][key] += 1
                lang[key] += 1
        good_blocked += int(not want and bool(got))
        if want != got:
            misses.append({"id": row["id"], "want": sorted(want), "got": sorted(got)})
    goods = sum(1 for r in rows if not r["rules"])
    return {
        "rows": len(rows), "good_rows": goods, "good_blocked": good_blocked,
        "rules": {r: _pr(c["tp"], c["fp"], c["fn"]) for r, c in by_rule.items()},
        "languages": {k: _pr(c["tp"], c["fp"], c["fn"]) for k, c in sorted(by_lang.items())},
        "mismatches": misses,
    }


def real_replies(split: str) -> list[dict[str, str]]:
    """Real brand replies from twcs and IBM CDP as {id, text}, for the split asked for."""
    split = "test" if split in ("test2", "test3") else split
    out = []
    for row in twcs_pairs():
        if split == "all" or (split == "test") == (row["index"] % 2 == 1):
            out.append({"id": f"twcs:{row['pair_id']}", "text": html.unescape(row["reply_text"]),
                        "post": html.unescape(row["inbound_text"])})
    for part in ("dev", "test"):
        if split in ("all", part):
            for row in ibm_dialogs(part):
                posts = [t["text"] for t in row["context_turns"] if t["role"] == "customer"]
                out.append({"id": f"ibm:{row['session_id']}", "text": html.unescape(row["agent_reply_text"]),
                            "post": html.unescape(posts[-1])})
    return out


def real_context(post: str) -> CheckContext:
    """Context for a real reply: X, the customer's language as identified from their post (English, the
    desks' language, when unsure or the post has under 20 letters), no FAQ (the brands' FAQs are not in the
    corpora) and no complaint flag (the corpora do not label it)."""
    guess = detect(post)
    letters = sum(ch.isalpha() for ch in clean(post))
    language = guess.language if guess.language != "und" and letters >= 20 else "en"
    return CheckContext(channel="twitter", language=language)


def score_real(split: str, show: bool = False) -> dict[str, Any]:
    """False alarms on real brand replies: flagged replies whose label says they are fine."""
    labels = {row["id"]: row for row in read_jsonl(REAL_LABELS)} if REAL_LABELS.is_file() else {}
    replies = real_replies(split)
    flags: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    unlabelled = []
    fa_any = fa_core = caught = 0
    for reply in replies:
        got = flagged(reply["text"], real_context(reply["post"]))
        if not got:
            continue
        label = labels.get(reply["id"])
        if label is None:
            unlabelled.append({"id": reply["id"], "rules": sorted(got), "text": reply["text"] if show else ""})
            continue
        wrong = got if label["fine"] else got - set(label.get("rules", []))
        flags.update(got)
        false_alarms.update(wrong)
        fa_any += bool(wrong)
        fa_core += bool(wrong - set(FAQ_DEPENDENT))
        caught += not label["fine"]
    n = len(replies)
    return {
        "replies": n, "flagged_by_rule": dict(flags), "false_alarms_by_rule": dict(false_alarms),
        "false_alarm_rate": round(fa_any / n, 4) if n else None,
        "false_alarm_rate_without_faq_rules": round(fa_core / n, 4) if n else None,
        "real_problems_caught": caught, "unlabelled_flagged": unlabelled,
    }


def name_recall() -> dict[str, Any]:
    """Share of person-name spans (WNUT-17 `person`, Weibo `PER.NAM`) that the pii detector covers."""
    out: dict[str, Any] = {}
    for corpus, path, label in (
        ("wnut17_en", SHARED / "wnut17_emerging_entities_en" / "test.jsonl", "person"),
        ("weibo_zh", SHARED / "weibo_ner_zh" / "test.jsonl", "PER.NAM"),
    ):
        found = total = spurious = full = full_found = 0
        for row in read_jsonl(path):
            names = [(s["start"], s["end"], s["text"]) for s in row["spans"] if s["label"] == label]
            spans = [(s.start, s.end) for s in find_pii(row["text"]) if s.kind == "name"]
            hits = [any(a < e and s < b for a, b in spans) for s, e, _ in names]
            total += len(names)
            found += sum(hits)
            # A "full name" here: two or more words (English) or three or more characters (Chinese).
            is_full = [len(t.split()) >= 2 if corpus.endswith("en") else len(t) >= 3 for _, _, t in names]
            full += sum(is_full)
            full_found += sum(h for h, f in zip(hits, is_full, strict=True) if f)
            spurious += sum(not any(a < e and s < b for s, e, _ in names) for a, b in spans)
        out[corpus] = {"names": total, "found": found, "recall": round(found / total, 3) if total else None,
                       "full_names": full, "full_found": full_found,
                       "full_name_recall": round(full_found / full, 3) if full else None,
                       "name_spans_not_on_a_person": spurious}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("test", "test2", "test3", "dev", "all"), default="test")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-unlabelled", action="store_true", help="print flagged real replies with no label")
    args = parser.parse_args(argv)
    try:
        rows = [r for r in read_jsonl(REPLIES) if args.split == "all" or r["split"] == args.split]
        report = {"split": args.split, "labelled": score_labelled(rows),
                  "real": score_real(args.split, args.show_unlabelled), "names": name_recall()}
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    lab = report["labelled"]
    print(f"labelled replies ({args.split}): {lab['rows']} rows, {lab['good_rows']} good, "
          f"good ones blocked: {lab['good_blocked']}")
    print(f"{'rule':20} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for name, m in list(lab["rules"].items()) + [("--", None)] + list(lab["languages"].items()):
        if m is None:
            print(f"{'language':20}")
            continue
        print(f"{name:20} {m['precision']!s:>9} {m['recall']!s:>7} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4}")
    for miss in lab["mismatches"]:
        print(f"  mismatch {miss['id']}: want {miss['want']} got {miss['got']}")
    real = report["real"]
    print(f"real replies ({args.split}): {real['replies']}, false-alarm rate {real['false_alarm_rate']} "
          f"(without FAQ-dependent rules {real['false_alarm_rate_without_faq_rules']}), "
          f"real problems caught {real['real_problems_caught']}, unlabelled flagged {len(real['unlabelled_flagged'])}")
    print(f"  flagged by rule {real['flagged_by_rule']}; false alarms by rule {real['false_alarms_by_rule']}")
    for row in real["unlabelled_flagged"]:
        print(f"  unlabelled {row['id']} {row['rules']} {row['text']}")
    for corpus, m in report["names"].items():
        print(f"person names {corpus}: recall {m['recall']} ({m['found']}/{m['names']}), full names "
              f"{m['full_name_recall']} ({m['full_found']}/{m['full_names']}), name spans not on a person "
              f"{m['name_spans_not_on_a_person']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
