"""Run eval cases (DESIGN.md, "Eval cases") through the drafting service and score them.

Metrics (each over the cases that state the expectation):
- lang_accuracy, mood_accuracy, private_accuracy, <flag>_accuracy for troll/injection/escalate
- faq_recall@1 / faq_recall@3: some acceptable id among the first 1 / 3 retrieved (cases with faq ids)
- no_answer_accuracy: nothing retrieved when `faq` is empty
- pii_leak_free: share of cases whose public drafts contain none of the strings listed in `pii` (should be 1)
- blocked_rate: share of cases whose first public draft is blocked
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant import BadRequest, DraftingService, DraftRequest, DraftResponse
from eval.metrics.base import CareCase as Case
from knowledge import BrandPack


def load_cases(path: Path) -> list[Case]:
    """Parse a JSONL case file; a bad line raises BadRequest naming file and line."""
    if not path.is_file():
        raise BadRequest(f"{path}: no such case file; pass a JSONL file with one case per line", "cases")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):  # U+2028 may be in text
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise BadRequest(f"{path}:{number}: not JSON ({exc.msg}); write one object per line", "cases") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise BadRequest(f"{path}:{number}: {field}: {err['msg']}", "cases") from None
    return cases


class _Tally:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.totals: dict[str, int] = {}

    def add(self, name: str, ok: bool) -> None:
        self.hits[name] = self.hits.get(name, 0) + int(ok)
        self.totals[name] = self.totals.get(name, 0) + 1

    def rates(self) -> dict[str, float]:
        return {k: round(self.hits[k] / self.totals[k], 3) for k in sorted(self.totals)}


def score_case(case: Case, response: DraftResponse, tally: _Tally) -> dict[str, Any]:
    """Add one case's outcomes to `tally`; return the per-case row."""
    r = response.reading
    got_ids = [f.id for f in r.faq]
    if case.lang:
        tally.add("lang_accuracy", r.language == case.lang)
    if case.mood:
        tally.add("mood_accuracy", r.mood == case.mood)
    if case.private is not None:
        tally.add("private_accuracy", r.private == case.private)
    for flag in ("troll", "injection", "escalate"):
        expected = getattr(case, flag)
        if expected is not None:
            tally.add(f"{flag}_accuracy", (flag in r.flags) == expected)
    if case.faq is not None:
        if case.faq:
            tally.add("faq_recall@1", bool(set(got_ids[:1]) & set(case.faq)))
            tally.add("faq_recall@3", bool(set(got_ids[:3]) & set(case.faq)))
        else:
            tally.add("no_answer_accuracy", not got_ids)
    public = [d for d in response.drafts if d.visibility == "public"]
    leaks = sum(1 for d in public for s in case.pii if s and s in d.text)
    tally.add("pii_leak_free", leaks == 0)
    tally.add("blocked_rate", bool(public and public[0].blocked))
    return {"id": case.id, "text": case.text, "language": r.language, "mood": r.mood, "faq": got_ids,
            "private": r.private, "flags": list(r.flags), "pii_leaks": leaks,
            "drafts": [d.model_dump(mode="json") for d in response.drafts]}


def run_cases(service: DraftingService, pack: BrandPack, path: Path, report: Path | None = None) -> dict[str, Any]:
    """Draft every case, score, optionally write an HTML report; returns {metrics, cases}."""
    tally = _Tally()
    rows = []
    for case in load_cases(path):
        response = service.draft(DraftRequest(text=case.text, channel=case.channel, author=case.author), pack)
        rows.append(score_case(case, response, tally))
    summary = {"metrics": {"cases": len(rows), **tally.rates()}, "cases": rows}
    if report:
        try:
            report.write_text(render_html(summary), encoding="utf-8")
        except OSError as exc:
            raise BadRequest(f"--report {report}: cannot write it ({exc.strerror}); pick a writable path",
                             "report") from None
    return summary


def render_html(summary: dict[str, Any]) -> str:
    """A self-contained HTML report."""
    metrics = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in summary["metrics"].items())
    rows = []
    for row in summary["cases"]:
        drafts = "<br>".join(
            f"<b>{d['visibility']}{' BLOCKED' if d['blocked'] else ''}</b>: {html.escape(d['text'])}"
            for d in row["drafts"]
        )
        rows.append(f"<tr><td>{html.escape(row['id'])}</td><td>{html.escape(row['text'])}</td><td>{row['language']}</td><td>{row['mood']}</td>"
                    f"<td>{html.escape(', '.join(row['faq']))}</td><td>{drafts}</td></tr>")
    return ("<!doctype html><meta charset=utf-8><title>Tactful eval</title>"
            "<style>body{font:14px sans-serif}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}</style>"
            f"<h1>Tactful eval</h1><table>{metrics}</table><h2>Cases</h2><table>"
            "<tr><th>id</th><th>post</th><th>lang</th><th>mood</th><th>faq</th><th>drafts</th></tr>"
            f"{''.join(rows)}</table>")
