"""Compare an eval run with a baseline run: every metric's delta, and a gate that fails on a drop.

    python -m eval.baseline RUN.json BASELINE.json [--tolerance 0.02]   # prints the deltas; exit 3 on a drop
    python -m eval.baseline --slim RUN.json OUT.json                     # a run as a small committed baseline

Both files are the --json of `tactful eval` or `python -m eval.care` (or a slim copy of one). What is
compared, per metric: its `mean` (the pass rate of a pass/fail metric, the average of a similarity); for a
detection metric its precision and recall instead, since its mean is accuracy over many easy negatives (how
`escalate_accuracy 0.875` hid 0 of 5 safety posts caught). Every number is 0..1 with 1 good, so a metric
drops when `now - before < -tolerance` (absolute). A metric the baseline measured and this run does not (no
applicable case) is a drop too. A metric new in this run is listed as `new`, one the run lacks as `gone`;
neither fails the gate, so adding a metric file does not break `make eval` until the baselines are rewritten
(`make eval UPDATE=1`). The gate also names the cases that passed the care-lead rubric before and fail now.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict

from eval.jsonl import DataError

DEFAULT_TOLERANCE = 0.02
SHOWN_CASES = 10
Status = Literal["ok", "better", "DROP", "lost", "new", "gone"]
FAILING: frozenset[str] = frozenset({"DROP", "lost"})
TIMINGS = ("seconds", "cases_per_second")
"""Left out of committed baselines: they change with the machine, not the code."""


class Row(BaseModel):
    """One compared number."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    """`metric` (its mean) or `metric.precision` / `metric.recall`."""
    before: float | None
    """The baseline's value (None: not measured there)."""
    now: float | None
    """This run's value (None: not measured)."""
    n_before: int = 0
    """Applicable cases in the baseline."""
    n_now: int = 0
    """Applicable cases now."""
    status: Status
    """ok (within tolerance), better, DROP (fell by more than the tolerance), lost (no longer measured), new, gone."""

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.now is None else round(self.now - self.before, 4)


class Comparison(BaseModel):
    """A run against its baseline."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rows: tuple[Row, ...]
    """Every compared number, in the run's metric order."""
    tolerance: float
    """The largest drop that still passes."""
    cases_before: int
    """Cases in the baseline run."""
    cases_now: int
    """Cases in this run."""
    newly_failing: tuple[str, ...] = ()
    """Ids of cases that passed the care-lead rubric in the baseline and fail it now."""
    newly_passing: tuple[str, ...] = ()
    """Ids of cases that failed it in the baseline and pass now."""

    @property
    def failed(self) -> bool:
        """Whether the gate fails: some number dropped by more than the tolerance or is no longer measured."""
        return any(r.status in FAILING for r in self.rows)



REGRESSION = 3
"""Exit code when a metric dropped by more than the tolerance (DESIGN.md keeps 1 for unexpected, 2 for bad
input)."""

def load(path: Path) -> dict[str, Any]:
    """A run's --json (full or slim); DataError says what is wrong and how to make one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: no such baseline; write one with `tactful eval ... --json {path}` "
                        "(or `make eval UPDATE=1` for the repo's case files)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not a run's --json ({exc}); pass the file `--json` wrote") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("metrics"), dict):
        raise DataError(f"{path}: no `metrics` object; pass the file `tactful eval --json` wrote")
    return doc


def values(doc: dict[str, Any]) -> dict[str, tuple[float | None, int]]:
    """The compared numbers of a run: {key: (value, applicable cases)}."""
    info = doc.get("metric_info") or {}
    out: dict[str, tuple[float | None, int]] = {}
    for name, agg in doc["metrics"].items():
        detection = (info.get(name) or {}).get("detection", "precision" in agg)
        if detection:
            positives, flagged = agg.get("tp", 0) + agg.get("fn", 0), agg.get("tp", 0) + agg.get("fp", 0)
            out[f"{name}.recall"] = (agg.get("recall"), positives)
            out[f"{name}.precision"] = (agg.get("precision"), flagged)
        else:
            out[name] = (agg.get("mean"), agg.get("n", 0))
    return out


def failing_cases(doc: dict[str, Any], metric: str = "care_lead") -> dict[str, bool]:
    """{case id: whether it fails `metric`} for the cases the run judged on it (full or slim --json)."""
    judged: dict[str, bool] = {}
    for case in doc.get("cases") or ():
        if "failed" in case:  # slim: the metrics the case fails (the rubric judges every case)
            judged[case["id"]] = metric in case["failed"]
        else:
            passed = (case.get("scores") or {}).get(metric, {}).get("passed")
            if passed is not None:
                judged[case["id"]] = not passed
    return judged


def compare(now: dict[str, Any], before: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> Comparison:
    """Every compared number of `now` against `before`."""
    new_values, old_values = values(now), values(before)
    rows = []
    for key in [*new_values, *(k for k in old_values if k not in new_values)]:
        (value, n), (old, n_old) = new_values.get(key, (None, 0)), old_values.get(key, (None, 0))
        status: Status
        if key not in old_values:
            status = "new"
        elif key not in new_values:
            status = "gone"
        elif value is None:
            status = "lost" if old is not None else "ok"
        elif old is None:
            status = "new"
        elif value - old < -tolerance - 1e-9:
            status = "DROP"
        elif value - old > tolerance + 1e-9:
            status = "better"
        else:
            status = "ok"
        rows.append(Row(key=key, before=old, now=value, n_before=n_old, n_now=n, status=status))
    fails_now, fails_before = failing_cases(now), failing_cases(before)
    common = [i for i in fails_now if i in fails_before]
    return Comparison(
        rows=tuple(rows), tolerance=tolerance,
        cases_before=int((before.get("headline") or {}).get("cases", 0)),
        cases_now=int((now.get("headline") or {}).get("cases", 0)),
        newly_failing=tuple(i for i in common if fails_now[i] and not fails_before[i]),
        newly_passing=tuple(i for i in common if not fails_now[i] and fails_before[i]),
    )


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render(c: Comparison, name: str = "baseline") -> str:
    """The comparison as a table, then the verdict."""
    head = ("metric", "before", "now", "delta", "n before", "n now", "")
    rows = [head] + [(r.key, _num(r.before), _num(r.now), "" if r.delta is None else f"{r.delta:+.3f}",
                      str(r.n_before), str(r.n_now), "" if r.status == "ok" else r.status) for r in c.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [f"Against {name} (tolerance {c.tolerance:g}):"]
    lines += ["  " + "  ".join(cell.rjust(w) if 0 < i < 6 else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
              for row in rows]
    if c.cases_before != c.cases_now:
        lines.append(f"note: the runs hold different cases ({c.cases_before} before, {c.cases_now} now), so the "
                     "deltas mix a change of cases with a change of behaviour")
    if c.newly_failing:
        shown = ", ".join(c.newly_failing[:SHOWN_CASES]) + (" ..." if len(c.newly_failing) > SHOWN_CASES else "")
        lines.append(f"{len(c.newly_failing)} cases pass the rubric no more: {shown}")
    if c.newly_passing:
        lines.append(f"{len(c.newly_passing)} cases pass the rubric now and did not before")
    dropped = [r.key for r in c.rows if r.status in FAILING]
    lines.append(f"REGRESSION: {', '.join(dropped)} dropped by more than {c.tolerance:g}" if dropped
                 else "no metric dropped by more than the tolerance")
    return "\n".join(lines)


def gate(doc: dict[str, Any], baseline: Path, tolerance: float = DEFAULT_TOLERANCE, out: TextIO = sys.stdout) -> int:
    """Print `doc` against the baseline file; 1 when a metric dropped by more than `tolerance`, else 0."""
    comparison = compare(doc, load(baseline), tolerance)
    print(render(comparison, str(baseline)), file=out)
    return REGRESSION if comparison.failed else 0


def slim(doc: dict[str, Any]) -> dict[str, Any]:
    """What a committed baseline keeps of a run: headline, what each metric is, the aggregates, how it ran, and
    per case only the metrics it fails (no customer text, no drafts)."""
    cases = []
    for case in doc.get("cases") or ():
        scores = case.get("scores") or {}
        cases.append({"id": case["id"], "failed": sorted(k for k, s in scores.items() if s.get("passed") is False)})
    kept: dict[str, Any] = {k: doc[k] for k in ("headline", "metric_info", "metrics", "split") if k in doc}
    run = {k: v for k, v in (doc.get("run") or {}).items() if k not in TIMINGS}
    return {**kept, "run": run, "cases": cases}


def dumps(doc: dict[str, Any]) -> str:
    """A slim baseline as JSON with one case per line, so a diff of two baselines reads case by case."""
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, ensure_ascii=False, indent=1, sort_keys=True)
    cases = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in doc.get("cases") or ())
    return head[:-2] + ',\n "cases": [\n' + cases + "\n ]\n}\n"


def write(doc: dict[str, Any], path: Path) -> None:
    """Write `doc` slimmed as a baseline file (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(slim(doc)), encoding="utf-8")


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.baseline", description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="a run's --json")
    parser.add_argument("baseline", type=Path, help="the baseline's --json (compared), or where to write it (--slim)")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help=f"largest drop of a 0..1 metric that passes (default {DEFAULT_TOLERANCE})")
    parser.add_argument("--slim", action="store_true", help="write RUN slimmed to BASELINE instead of comparing")
    args = parser.parse_args(argv)
    try:
        if args.slim:
            write(load(args.run), args.baseline)
            print(f"wrote {args.baseline}", file=out)
            return 0
        return gate(load(args.run), args.baseline, args.tolerance, out)
    except (DataError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
