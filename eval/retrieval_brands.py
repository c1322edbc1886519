"""FAQ retrieval on brands the project did not write: the care dev set (eval/data/care), split by brand.

    .venv/bin/python -m eval.retrieval_brands            # report brands, current calibration
    .venv/bin/python -m eval.retrieval_brands --split tune   # tune brands only: what development may look at
    .venv/bin/python -m eval.retrieval_brands --fit      # choose the margin rule on the TUNE brands only,
                                                         # write it to knowledge/retrieval_calibration.json

Cases carry the acceptable FAQ ids of their brand's pack ([] = nothing applies); posts in de es fr pl zh fa hy
mostly hit English-only entries, so a cross-lingual hit counts as a hit. Figures: hit@1 / hit@3 (ranking,
no cut-off), `used` = share of answerable cases whose decided entries include an acceptable one (what the
draft can use), `wrong` = share of all cases where the decision returns only unacceptable entries (a wrong
answer in a draft), `silent_ok` = share of unanswerable cases answered with nothing. The ceiling line bounds
what any cut-off can reach with the ranking (see `ceiling`): the care-lead rubric cannot pass more cases.

The margin rule (knowledge/retrieval.py, `margin_probability` and `margin_ratio`): below `min_probability`,
the best entry is still used when it reaches `margin_probability` and leads the runner-up `margin_ratio`
times. `--fit` grid-searches both on the tune brands, maximising used − 2·wrong (a wrong answer costs more
than a missing one: the draft then says it will check, which an agent fixes in seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from knowledge import KnowledgeStore, load_pack
from knowledge.retrieval import CALIBRATION_FILE, Calibration, Candidate, decide, load_calibration
from knowledge.store import connect

CARE = Path(__file__).parent / "data" / "care"
Ranked = list[tuple[Candidate, float]]


def load_care_cases(split: str = "all") -> list[dict[str, Any]]:
    """Cases of both care files, optionally only one split ("tune" | "report")."""
    cases = []
    for path in sorted(CARE.glob("cases*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                if split == "all" or case.get("split") == split:
                    cases.append(case)
    return cases


def _ranked(cases: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Ranked]]:
    store = KnowledgeStore(connect(Path(tempfile.mkdtemp(prefix="tactful-care-"))))
    for brand in sorted({c["brand"] for c in cases}):
        store.ingest(load_pack(CARE / "packs" / brand))
    out = []
    for n, case in enumerate(cases, 1):
        ranked, _ = store._ranked(case["brand"], case["text"])  # noqa: SLF001 - the eval needs the raw ranking
        out.append((case, ranked))
        if n % 100 == 0:
            print(f"  ranked {n}/{len(cases)}", file=sys.stderr)
    return out


def hit_at(data: Sequence[tuple[dict[str, Any], Ranked]], k: int) -> float:
    """Share of answerable cases with an acceptable entry among the `k` best ranked."""
    answerable = [(c, r) for c, r in data if c.get("faq")]
    hits = sum(1 for c, r in answerable if {cand.faq_id for cand, _ in r[:k]} & set(c["faq"]))
    return hits / max(1, len(answerable))


def score(data: Sequence[tuple[dict[str, Any], Ranked]], calibration: Calibration) -> dict[str, float]:
    """hit@1, hit@3, used, wrong, silent_ok over `data` with the decision of `calibration`."""
    answerable = [(c, r) for c, r in data if c.get("faq")]
    silent = [(c, r) for c, r in data if not c.get("faq")]
    decided = [(c, {cand.faq_id for cand, _ in decide(calibration, r, 3)}) for c, r in data]
    used = sum(1 for c, d in decided if c.get("faq") and d & set(c["faq"]))
    wrong = sum(1 for c, d in decided if d and not d & set(c.get("faq") or []))
    return {
        "cases": len(data),
        "hit@1": hit_at(data, 1),
        "hit@3": hit_at(data, 3),
        "used": used / max(1, len(answerable)),
        "wrong": wrong / max(1, len(data)),
        "silent_ok": sum(1 for c, d in decided if not c.get("faq") and not d) / max(1, len(silent)),
    }


CEILING_CUTS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.39, 0.5, 0.7)


def ceiling(data: Sequence[tuple[dict[str, Any], Ranked]]) -> dict[str, float]:
    """What any cut-off could reach with this ranking: the FAQ part of the care-lead rubric passes a case when
    an acceptable entry is used, or when none applies and none is used. Returns the share of answerable cases
    with an acceptable entry ranked first (`used` if the top entry were always used) and the best share of
    cases passing the FAQ part over CEILING_CUTS (one probability cut-off on the top entry, no margin rule).
    A bound on the rubric whatever the decision rule, not a setting: nothing is chosen from it."""
    best = 0
    for cut in CEILING_CUTS:
        passed = 0
        for case, r in data:
            used = r[0][0].faq_id if r and r[0][1] >= cut else None
            passed += (used in case["faq"]) if case.get("faq") else used is None
        best = max(best, passed)
    return {"top_used": hit_at(data, 1), "faq_part": best / max(1, len(data))}


def fit(data: Sequence[tuple[dict[str, Any], Ranked]], base: Calibration) -> Calibration:
    """The margin rule that maximises used − 2·wrong on `data` (min_probability itself is kept)."""
    best, best_value = base, float("-inf")
    for floor in (0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25):
        for ratio in (1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0):
            candidate = base.model_copy(update={"margin_probability": floor, "margin_ratio": ratio})
            s = score(data, candidate)
            value = s["used"] - 2 * s["wrong"]
            if value > best_value + 1e-9:
                best, best_value = candidate, value
    return best


def _print(title: str, s: dict[str, float]) -> None:
    print(f"{title:<34} n={int(s['cases']):>4}  hit@1 {s['hit@1']:.3f}  hit@3 {s['hit@3']:.3f}  "
          f"used {s['used']:.3f}  wrong {s['wrong']:.3f}  silent_ok {s['silent_ok']:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the margin rule on the tune brands and save it")
    parser.add_argument("--split", choices=["report", "tune"], default="report",
                        help="brands to score: develop on tune, look at report only to confirm")
    args = parser.parse_args(argv)
    current = load_calibration()
    without_margin = current.model_copy(update={"margin_probability": 1.0, "margin_ratio": 1e9})
    report = _ranked(load_care_cases(args.split))
    if args.fit:
        tune = report if args.split == "tune" else _ranked(load_care_cases("tune"))
        fitted = fit(tune, current)
        _print("tune, no margin rule", score(tune, without_margin))
        _print("tune, fitted", score(tune, fitted))
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
        data.update(margin_probability=fitted.margin_probability, margin_ratio=fitted.margin_ratio)
        data["fitted_on"] = data["fitted_on"].split(";")[0] + "; margin rule: care tune brands " \
            "(amazonhelp delta comcastcares tesco), python -m eval.retrieval_brands --fit"
        CALIBRATION_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        current = fitted
        print(f"margin_probability={fitted.margin_probability} margin_ratio={fitted.margin_ratio}")
    _print(f"{args.split} brands, no margin rule", score(report, without_margin))
    _print(f"{args.split} brands, calibrated", score(report, current))
    bound = ceiling(report)
    print(f"{args.split} brands, ceiling of this ranking: used {bound['top_used']:.3f} if the top entry were always "
          f"used; FAQ part of the rubric passes at most {bound['faq_part']:.3f} of cases at any one cut-off")
    for lang in sorted({c.get("lang", "en") for c, _ in report}):
        _print(f"  {args.split}, {lang}", score([(c, r) for c, r in report if c.get("lang", "en") == lang], current))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
