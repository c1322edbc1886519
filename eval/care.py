"""The care dev set through the drafting service, scored by every metric in eval/metrics.

    python -m eval.care [--cases FILE ...] [--packs DIR] [--split tune|report|all] [--json OUT]
                        [--limit N] [--no-cosine]

Cases (eval/data/care/cases*.jsonl by default) name their brand pack folder under --packs; the packs are
ingested into a temporary embedded store and every case is drafted with the offline composer backend.
The default split is `report`: brands nobody tuned on. Prints the headline (share of cases passing the
care-lead rubric), tables per split, language and intent, every metric's aggregate and the most common
rubric failures; --json writes the same numbers plus every case's scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant import AssistantError, DraftingService, DraftRequest
from assistant.backends import make_backend
from eval.jsonl import DataError, read_jsonl
from eval.metrics import METRICS, CareCase, Metric, Score, metrics
from knowledge import BrandPack, KnowledgeError, KnowledgeStore
from knowledge.examples import example_pack
from knowledge.store import connect

CARE = Path(__file__).resolve().parent / "data" / "care"
DEFAULT_PACKS = CARE / "packs"
PROGRESS_EVERY = 25
TOP_FAILURES = 15
NO_SPLIT = "(none)"

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("mood", "mood", "mean"),
    ("intent", "intent", "mean"),
    ("FAQ used", "faq_used", "mean"),
    ("DM iff priv", "dm_iff_private", "mean"),
    ("esc recall", "escalate", "recall"),
    ("esc draft", "escalation_in_draft", "mean"),
    ("rubric", "care_lead", "pass_rate"),
    ("chrF", "similarity_chrf", "mean"),
    ("cosine", "similarity_cosine", "mean"),
)
"""The per-group table: (header, metric, aggregate key)."""
_SIMILARITY = ("similarity_chrf", "similarity_cosine")


class CaseResult(BaseModel):
    """One case drafted and scored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: CareCase
    """The case."""
    response: dict[str, Any]
    """The draft response JSON ({"reading": {}, "drafts": []} when drafting failed)."""
    scores: dict[str, Score]
    """Every metric's score, by metric name."""
    error: str | None = None
    """Why drafting failed, when it did."""


def default_cases() -> list[Path]:
    """eval/data/care/cases*.jsonl."""
    return sorted(CARE.glob("cases*.jsonl"))


def load_cases(paths: Iterable[Path]) -> list[CareCase]:
    """Every case of the files, in order; DataError names file, line and field of a bad one."""
    cases = []
    for path in paths:
        for number, row in enumerate(read_jsonl(path), 1):
            try:
                cases.append(CareCase.model_validate(row))
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"])
                raise DataError(f"{path}: case {number} ({row.get('id', '?')}): {field}: {err['msg']}") from None
    return cases


def select(cases: Sequence[CareCase], split: str, limit: int | None = None) -> list[CareCase]:
    """The cases of `split` ("all": every case, also those without a split), at most `limit`."""
    chosen = [c for c in cases if split == "all" or c.split == split]
    return chosen[:limit] if limit is not None else chosen


class Packs:
    """Brand packs by case `brand`: folders under `root`, the shipped example brand for cases without one.

    Each pack is ingested into the service's store the first time a case needs it (DraftingService.brand
    skips the ingest when the store already holds the same content)."""

    def __init__(self, service: DraftingService, root: Path = DEFAULT_PACKS) -> None:
        self.service = service
        self.root = root
        self._loaded: dict[str | None, BrandPack] = {}

    def __call__(self, brand: str | None) -> BrandPack:
        if brand not in self._loaded:
            folder = example_pack() if brand is None else self.root / brand
            if not folder.is_dir():
                raise DataError(f"brand {brand!r}: no pack folder {folder}; "
                                "pass --packs DIR holding <brand>/brand.yaml")
            self._loaded[brand] = self.service.brand(str(folder))
        return self._loaded[brand]


def evaluate(
    service: DraftingService,
    cases: Sequence[CareCase],
    packs: Callable[[str | None], BrandPack],
    chosen: Sequence[Metric] | None = None,
    progress: bool = True,
) -> list[CaseResult]:
    """Draft every case with its brand's pack and score it with every metric (a progress line on stderr
    every PROGRESS_EVERY cases unless `progress` is False)."""
    chosen = list(chosen) if chosen is not None else metrics()
    results = []
    for i, case in enumerate(cases, 1):
        pack = packs(case.brand)
        request = DraftRequest.model_validate({"text": case.text, "channel": case.channel, "author": case.author,
                                               "thread": [t.model_dump() for t in case.thread]})
        error = None
        try:
            response = service.draft(request, pack).model_dump(mode="json")
        except (AssistantError, ValueError) as exc:
            # A case the service refuses (or a validation bug, pydantic's errors are ValueErrors) is scored as
            # a case with no drafts; the report counts these and shows the first, so one bad case does not
            # end a run of hundreds.
            response, error = {"reading": {}, "drafts": []}, f"{type(exc).__name__}: {exc}"
        scores = {m.name: m.score(case, response) for m in chosen}
        results.append(CaseResult(case=case, response=response, scores=scores, error=error))
        if progress and (i % PROGRESS_EVERY == 0 or i == len(cases)):
            print(f"[care] {i}/{len(cases)} cases", file=sys.stderr, flush=True)
    return results


# --- summarising ---------------------------------------------------------------------------------------


def aggregate(results: Sequence[CaseResult], chosen: Sequence[Metric]) -> dict[str, dict[str, Any]]:
    """Every metric's aggregate over `results`."""
    return {m.name: m.aggregate(r.scores[m.name] for r in results if m.name in r.scores) for m in chosen}


def _by(results: Sequence[CaseResult], key: Callable[[CareCase], str | None]) -> dict[str, list[CaseResult]]:
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(key(r.case) or "?", []).append(r)
    return dict(sorted(groups.items()))


def summarise(results: Sequence[CaseResult], chosen: Sequence[Metric]) -> dict[str, Any]:
    """Headline, aggregates overall and per split / language / intent, and the most common rubric failures."""
    rubric = [r.scores["care_lead"] for r in results if "care_lead" in r.scores]
    passed = sum(1 for s in rubric if s.passed)
    failures = Counter(f for s in rubric for f in s.failed)
    groupings: dict[str, Callable[[CareCase], str | None]] = {
        "split": lambda c: c.split or NO_SPLIT, "language": lambda c: c.lang, "intent": lambda c: c.intent,
    }
    return {
        "headline": {"cases": len(results), "passed": passed,
                     "share": round(passed / len(results), 4) if results else None},
        "metrics": aggregate(results, chosen),
        "groups": {name: {k: {"cases": len(rs), "metrics": aggregate(rs, chosen)}
                          for k, rs in _by(results, key).items()}
                   for name, key in groupings.items()},
        "failures": failures.most_common(TOP_FAILURES),
        "errors": sum(1 for r in results if r.error),
        "first_error": next((f"{r.case.id}: {r.error}" for r in results if r.error), None),
    }


def _cell(value: Any, n: Any, metric: str) -> str:
    if value is None or not n:
        return "—"
    if metric in _SIMILARITY:
        return f"{value:.3f}"
    return f"{100 * value:.0f}% ({n})"


def _table(title: str, groups: dict[str, dict[str, Any]]) -> list[str]:
    headers = ["", "cases", *(h for h, _, _ in COLUMNS)]
    rows = []
    for label, group in groups.items():
        aggs = group["metrics"]
        cells = []
        for _, metric, key in COLUMNS:
            agg = aggs.get(metric, {})
            n = (agg.get("tp", 0) + agg.get("fn", 0)) if key == "recall" else agg.get("n")
            cells.append(_cell(agg.get(key), n, metric))
        rows.append([label, str(group["cases"]), *cells])
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join
    out = [f"By {title}", line(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    out += [line(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return [*out, ""]


def _metric_line(name: str, agg: dict[str, Any]) -> str:
    cls = METRICS[name]
    value = agg.get(cls.headline)
    shown = "—" if value is None else (f"{value:.3f}" if name in _SIMILARITY else f"{100 * value:.1f}%")
    extra = ""
    if "precision" in agg:
        p, r = agg["precision"], agg["recall"]
        extra = (f"  P {'—' if p is None else f'{100 * p:.0f}%'} R {'—' if r is None else f'{100 * r:.0f}%'}"
                 f"  tp {agg['tp']} fp {agg['fp']} fn {agg['fn']} tn {agg['tn']}")
    return f"  {name:<20} {cls.headline:<9} {shown:>7}  n {agg.get('n', 0):<5}{extra}"


def render(summary: dict[str, Any], split: str, cosine: bool) -> str:
    """The report as text."""
    head = summary["headline"]
    share = "—" if head["share"] is None else f"{100 * head['share']:.1f}%"
    lines = [f"Care-lead rubric: {head['passed']} of {head['cases']} cases pass ({share})"
             f"  [split {split}; cosine {'on' if cosine else 'off'}]", ""]
    if summary["errors"]:
        first = str(summary["first_error"]).splitlines()[0]
        lines += [f"{summary['errors']} cases could not be drafted (scored as having no drafts); first: {first}", ""]
    for name, title in (("split", "split"), ("language", "language"), ("intent", "intent")):
        lines += _table(title, summary["groups"][name])
    lines.append("All metrics")
    lines += [_metric_line(name, agg) for name, agg in summary["metrics"].items()]
    lines += ["", f"Most common rubric failures (top {TOP_FAILURES})"]
    lines += [f"  {count:>4}  {reason}" for reason, count in summary["failures"]] or ["  none"]
    return "\n".join(lines)


def case_rows(results: Sequence[CaseResult]) -> list[dict[str, Any]]:
    """Per-case numbers for --json: labels, every score, and the drafts (no customer post)."""
    return [{
        "id": r.case.id, "brand": r.case.brand, "split": r.case.split, "lang": r.case.lang,
        "intent": r.case.intent, "error": r.error,
        "scores": {k: s.model_dump(exclude_defaults=True) | {"value": s.value, "passed": s.passed}
                   for k, s in r.scores.items()},
        "drafts": [{k: d.get(k) for k in ("id", "visibility", "language", "text", "faq_ids", "blocked")}
                   for d in r.response.get("drafts") or []],
    } for r in results]


# --- command line ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval.care", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, nargs="+", help="case files (default: eval/data/care/cases*.jsonl)")
    parser.add_argument("--packs", type=Path, default=DEFAULT_PACKS, help="folder of brand pack folders")
    parser.add_argument("--split", choices=("tune", "report", "all"), default="report")
    parser.add_argument("--json", type=Path, dest="json_out", help="write aggregate and per-case numbers here")
    parser.add_argument("--limit", type=int, help="score only the first N cases of the split")
    parser.add_argument("--no-cosine", action="store_true", help="skip metrics that need the embedding model")
    parser.add_argument("--min-faq-score", type=float,
                        help="retrieval cut-off to try instead of the calibrated one (sweeps on the tune split)")
    return parser


def main(argv: Sequence[str] | None = None, service: DraftingService | None = None, out: TextIO = sys.stdout) -> int:
    """Run the care eval; `service` (tests) replaces the temporary store with the composer backend."""
    args = _parser().parse_args(argv)
    paths = args.cases or default_cases()
    if not paths:
        print(f"no case files: none match {CARE}/cases*.jsonl; pass --cases FILE", file=sys.stderr)
        return 2
    chosen = metrics(costly=not args.no_cosine)
    with tempfile.TemporaryDirectory(prefix="tactful-care-", ignore_cleanup_errors=True) as tmp:
        try:
            cases = select(load_cases(paths), args.split, args.limit)
            if service is None:
                service = DraftingService(KnowledgeStore(connect(Path(tmp))), make_backend("composer"),
                                           min_faq_score=args.min_faq_score)
            results = evaluate(service, cases, Packs(service, args.packs), chosen)
        except (DataError, KnowledgeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    summary = summarise(results, chosen)
    print(render(summary, args.split, cosine=not args.no_cosine), file=out)
    if args.json_out:
        try:
            args.json_out.write_text(json.dumps({**summary, "split": args.split, "cases": case_rows(results)},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            print(f"--json {args.json_out}: cannot write it ({exc.strerror}); pick a writable path", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
