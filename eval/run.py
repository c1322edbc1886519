"""`tactful eval` and `make eval`: case files drafted in this process and scored by every metric in eval/metrics.

    tactful eval CASES.jsonl --brand BRAND [--packs DIR] [--report report.html] [--json [OUT]]
                 [--baseline previous.json] [--tolerance 0.02] [--limit N] [--no-cosine]
    python -m eval.run [--update] [--only NAME ...] [--tolerance 0.02]     # make eval / make eval UPDATE=1

The engine is eval/care.py's: each case is drafted with its brand's pack and scored by the metric registry;
the headline is the share of cases that pass the care-lead rubric. Detection metrics (escalate, private,
troll, injection) are precision and recall over cases, never accuracy over the many easy negatives.

`tactful eval` takes a case file in the DESIGN.md format. A case without a `brand` (or naming --brand's
own id) is drafted with --brand; a case naming another brand with the pack folder of that name under
--packs (default: the folder holding --brand), else with the ingested brand of that id. --json alone prints
the run as one JSON object on stdout; --json OUT writes it there. --baseline compares with an earlier --json
(eval.baseline) and exits 3 when a metric dropped by more than --tolerance.

`make eval` runs SUITES, the repo's own case sets, against the baselines committed in eval/data/baselines/
and exits 3 on a drop; `make eval UPDATE=1` rewrites those baselines from this code (do it when a change
is meant to move the numbers, or when a metric is added, and commit the files with the change).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant import BadRequest, DraftingService, Settings
from assistant.backends import make_backend
from eval import baseline
from eval.care import CARE, DEFAULT_PACKS, EVAL_CACHE, Packs, Progress, default_cases, evaluate, outputs, render, select
from eval.care import document as care_document
from eval.care import load_cases as load_care_cases
from eval.jsonl import DataError
from eval.metrics import CareCase, metrics
from knowledge import BrandPack, KnowledgeStore
from knowledge.store import connect

DATA = Path(__file__).resolve().parent / "data"
BASELINES = DATA / "baselines"
ROOT = Path(__file__).resolve().parents[1]


def load_cases(path: Path) -> list[CareCase]:
    """Parse a JSONL case file; a bad line raises BadRequest naming file and line."""
    if not path.is_file():
        raise BadRequest(f"{path}: no such case file; pass a JSONL file with one case per line", "cases")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):  # U+2028 may be in text
        if not line.strip():
            continue
        try:
            cases.append(CareCase.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise BadRequest(f"{path}:{number}: not JSON ({exc.msg}); write one object per line", "cases") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise BadRequest(f"{path}:{number}: {field}: {err['msg']}", "cases") from None
    if not cases:
        raise BadRequest(f"{path}: no cases in it; write one JSON object per line (DESIGN.md, 'Eval cases')", "cases")
    return cases


class BrandPacks:
    """The pack of each case: --brand for a case without a `brand` (or naming --brand's id), a pack folder
    named by the case's brand under `root`, else the brand ingested under that id."""

    def __init__(self, service: DraftingService, brand: str, root: Path | None = None) -> None:
        self.service = service
        self.default = service.brand(brand)
        folder = Path(brand)
        self.root = root if root is not None else (folder.resolve().parent if folder.is_dir() else None)
        self._loaded: dict[str, BrandPack] = {self.default.brand.id: self.default}

    def __call__(self, brand: str | None) -> BrandPack:
        if brand is None:
            return self.default
        if brand not in self._loaded:
            folder = self.root / brand if self.root is not None else None
            self._loaded[brand] = self.service.brand(str(folder) if folder and folder.is_dir() else brand)
        return self._loaded[brand]


def run(service: DraftingService, cases: Sequence[CareCase], packs: Callable[[str | None], BrandPack],
        cosine: bool = True, progress: bool | Callable[[int, int], None] = True, cache: Path | None = None,
        **about: Any) -> dict[str, Any]:
    """Draft and score `cases` in this process; the --json object, its `run` holding `about` and the seconds.

    Every brand is resolved before the first draft, so a missing pack stops the run at once, not at case 300."""
    start = time.perf_counter()
    for brand in dict.fromkeys(c.brand for c in cases):
        packs(brand)
    chosen = metrics(costly=cosine)
    results = evaluate(service, cases, packs, chosen, progress=progress, cache=cache)
    seconds = round(time.perf_counter() - start, 2)
    return care_document(results, chosen, **about, cosine=cosine, seconds=seconds,
                         cases_per_second=round(len(results) / seconds, 1) if seconds else None)


def eval_command(service: DraftingService, cases_path: Path, brand: str, *, packs: Path | None = None,
                 report: Path | None = None, json_out: str | None = None, against: Path | None = None,
                 tolerance: float = baseline.DEFAULT_TOLERANCE, limit: int | None = None, cosine: bool = True,
                 backend: str = "composer", cache: Path | None = None, out: TextIO = sys.stdout) -> int:
    """`tactful eval`: 0 done, 3 a metric dropped by more than `tolerance` against --baseline, 2 an output file
    could not be written or the baseline read; a bad case file or brand raises BadRequest / KnowledgeError."""
    if packs is not None and not packs.is_dir():
        raise BadRequest(f"--packs {packs}: not a folder; give the folder holding one pack folder per brand", "packs")
    cases = load_cases(cases_path)[:limit]
    doc = run(service, cases, BrandPacks(service, brand, packs), cosine=cosine, progress=Progress("eval"),
              cache=cache, cases_files=[str(cases_path)], brand=brand, backend=backend, split="all")
    to_stdout = json_out == "-"
    if to_stdout:
        print(json.dumps(doc, ensure_ascii=False, indent=2), file=out)
    else:
        print(render(doc, "all", cosine), file=out)
        print(f"{len(cases)} cases in {doc['run']['seconds']:.1f} s ({doc['run']['cases_per_second']} cases/s)",
              file=out)
    return outputs(doc, None if json_out in (None, "-") else Path(str(json_out)), report, against, tolerance,
                   sys.stderr if to_stdout else out)


# --- make eval: the repo's case sets against the committed baselines ------------------------------------


class Suite(BaseModel):
    """One case set `make eval` runs, with its baseline file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    """Baseline file stem under eval/data/baselines/."""
    files: tuple[Path, ...]
    """Case files."""
    split: str = "all"
    """tune, report or all."""
    brands: tuple[str, ...] = ()
    """Only these brands' cases (all when empty)."""
    limit: int | None = None
    """At most this many cases."""
    cosine: bool = True
    """Whether the costly embedding metric runs."""

    @property
    def baseline(self) -> Path:
        return BASELINES / f"{self.name}.json"


SUITES: tuple[Suite, ...] = (
    Suite(name="care-tune", files=tuple(default_cases()), split="tune"),
    Suite(name="care-report", files=tuple(default_cases()), split="report"),
    Suite(name="brightfern", files=(DATA / "brightfern_posts.jsonl",)),
    Suite(name="fast", files=(CARE / "cases.jsonl",), brands=("tesco",), limit=40, cosine=False),
)
"""The care dev set's tune and report splits (ten brands written outside the project), the example brand's
posts, and `fast`: 40 Tesco cases without the embedding metric, the subset tests/eval/test_baseline.py gates
on in CI (make test)."""


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def run_suite(service: DraftingService, suite: Suite, progress: bool | Callable[[int, int], None] = True,
              cache: Path | None = None) -> dict[str, Any]:
    """One suite's --json object (packs from eval/data/care/packs; cases without a brand: the example brand)."""
    cases = select(load_care_cases(suite.files), suite.split)
    cases = [c for c in cases if not suite.brands or c.brand in suite.brands]
    return run(service, cases[:suite.limit], Packs(service, DEFAULT_PACKS), cosine=suite.cosine, progress=progress,
               cache=cache, cases_files=[_shown(p) for p in suite.files], split=suite.split, brands=list(suite.brands),
               limit=suite.limit, backend="composer")


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description="make eval: " + __doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baselines instead of comparing")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SUITES], help="run only these suites")
    parser.add_argument("--tolerance", type=float, default=baseline.DEFAULT_TOLERANCE)
    parser.add_argument("--report-dir", type=Path, help="also write <suite>.html and <suite>.json here")
    args = parser.parse_args(argv)
    failed = []
    with tempfile.TemporaryDirectory(prefix="tactful-eval-", ignore_cleanup_errors=True) as tmp:
        service = DraftingService(KnowledgeStore(connect(Path(tmp))), make_backend("composer"))
        for suite in SUITES:
            if args.only and suite.name not in args.only:
                continue
            doc = run_suite(service, suite, progress=Progress(suite.name), cache=Settings().data_dir / EVAL_CACHE)
            head = doc["headline"]
            print(f"== {suite.name}: {head['passed']} of {head['cases']} cases pass the rubric "
                  f"({100 * (head['share'] or 0):.1f}%) in {doc['run']['seconds']:.1f} s", file=out)
            if args.report_dir:
                args.report_dir.mkdir(parents=True, exist_ok=True)
                outputs(doc, args.report_dir / f"{suite.name}.json", args.report_dir / f"{suite.name}.html",
                        None, args.tolerance, out)
            if args.update:
                baseline.write(doc, suite.baseline)
                print(f"wrote {_shown(suite.baseline)}", file=out)
                continue
            try:
                if baseline.gate(doc, suite.baseline, args.tolerance, out):
                    failed.append(suite.name)
            except DataError as exc:
                print(f"{suite.name}: {exc}", file=out)
                failed.append(suite.name)
    if failed:
        print(f"REGRESSION in {', '.join(failed)}: fix it, or if the change is meant, `make eval UPDATE=1` and "
              "commit the baselines", file=out)
    return baseline.REGRESSION if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
