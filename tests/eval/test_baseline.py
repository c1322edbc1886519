"""eval.baseline: per-metric deltas between two runs and the gate that fails on a drop; the CI gate on a fast
subset of the care dev set against its committed baseline."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from assistant import DraftingService
from assistant.backends import make_backend
from eval import baseline
from eval.run import SUITES, run_suite
from knowledge import KnowledgeStore
from knowledge.store import connect


def _run(care_lead: float = 0.5, recall: float | None = 1.0, chrf: float = 0.3, fails: tuple[str, ...] = ("b",)
         ) -> dict[str, Any]:
    tp = int(recall * 2) if recall is not None else 0
    return {
        "headline": {"cases": 4, "passed": 2, "share": care_lead},
        "metric_info": {"care_lead": {"detection": False}, "escalate": {"detection": True},
                        "similarity_chrf": {"detection": False}},
        "metrics": {
            "care_lead": {"n": 4, "mean": care_lead, "pass_rate": care_lead},
            # accuracy (mean) stays high whatever recall does: many easy negatives
            "escalate": {"n": 4, "mean": 0.9, "pass_rate": 0.9, "tp": tp, "fp": 0, "fn": 2 - tp, "tn": 2,
                         "precision": 1.0 if tp else None, "recall": recall},
            "similarity_chrf": {"n": 4, "mean": chrf, "pass_rate": None},
        },
        "cases": [{"id": i, "scores": {"care_lead": {"value": 0.0 if i in fails else 1.0, "passed": i not in fails}}}
                  for i in ("a", "b", "c", "d")],
    }


def test_a_drop_beyond_the_tolerance_fails_the_gate_and_small_moves_do_not() -> None:
    same = baseline.compare(_run(), _run(), 0.02)
    assert not same.failed and {r.status for r in same.rows} == {"ok"}

    small = baseline.compare(_run(care_lead=0.49, chrf=0.29), _run(), 0.02)
    assert not small.failed

    dropped = baseline.compare(_run(care_lead=0.25, fails=("a", "b", "c")), _run(), 0.02)
    rows = {r.key: r for r in dropped.rows}
    assert dropped.failed and rows["care_lead"].status == "DROP" and rows["care_lead"].delta == -0.25
    assert dropped.newly_failing == ("a", "c") and dropped.newly_passing == ()
    text = baseline.render(dropped)
    assert "REGRESSION: care_lead dropped" in text and "-0.250" in text and "pass the rubric no more: a, c" in text

    better = baseline.compare(_run(care_lead=0.75, fails=()), _run(), 0.02)
    assert not better.failed and {r.key: r.status for r in better.rows}["care_lead"] == "better"
    assert better.newly_passing == ("b",)


def test_detection_metrics_gate_on_recall_and_precision_not_accuracy() -> None:
    missed = baseline.compare(_run(recall=0.0), _run(recall=1.0))
    rows = {r.key: r for r in missed.rows}
    assert "escalate" not in rows, "accuracy over negatives is not compared"
    assert rows["escalate.recall"].status == "DROP"
    assert rows["escalate.precision"].status == "lost", "no flag raised at all: precision is no longer measured"
    assert missed.failed


def test_new_and_gone_metrics_are_listed_without_failing() -> None:
    now = _run()
    now["metrics"]["fresh_metric"] = {"n": 4, "mean": 0.1}
    before = _run()
    before["metrics"]["retired_metric"] = {"n": 4, "mean": 0.9}
    c = baseline.compare(now, before)
    status = {r.key: r.status for r in c.rows}
    assert status["fresh_metric"] == "new" and status["retired_metric"] == "gone" and not c.failed


def test_slim_baseline_compares_like_the_full_run(tmp_path: Path) -> None:
    full = _run()
    full["cases"][0]["text"] = "a customer's post"
    full["run"] = {"backend": "composer", "seconds": 12.5}
    path = tmp_path / "base.json"
    baseline.write(full, path)
    slim = json.loads(path.read_text(encoding="utf-8"))
    assert "customer" not in path.read_text(encoding="utf-8") and "seconds" not in slim["run"]
    assert slim["cases"][1] == {"id": "b", "failed": ["care_lead"]}
    assert not baseline.compare(full, slim).failed
    assert baseline.compare(_run(care_lead=0.25, fails=("a", "b")), slim).newly_failing == ("a",)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, now = tmp_path / "before.json", tmp_path / "now.json"
    before.write_text(json.dumps(_run()), encoding="utf-8")
    now.write_text(json.dumps(_run(care_lead=0.4)), encoding="utf-8")
    out = io.StringIO()
    assert baseline.main([str(now), str(before)], out=out) == 3 and "REGRESSION" in out.getvalue()
    assert baseline.main([str(now), str(before), "--tolerance", "0.2"], out=io.StringIO()) == 0
    assert baseline.main([str(now), str(tmp_path / "missing.json")], out=io.StringIO()) == 2
    assert "no such baseline" in capsys.readouterr().err
    assert baseline.main([str(now), str(tmp_path / "slim.json"), "--slim"], out=io.StringIO()) == 0
    assert json.loads((tmp_path / "slim.json").read_text(encoding="utf-8"))["cases"][0] == {"id": "a", "failed": []}


def test_fast_subset_passes_its_committed_baseline(tmp_path: Path) -> None:
    """What CI gates on (make test): 40 cases of one care dev-set brand drafted in this process with the
    composer and scored by every metric, against eval/data/baselines/fast.json. When a change is meant to move
    the numbers (or a metric is added), `make eval UPDATE=1` rewrites the baselines; commit them with it."""
    suite = next(s for s in SUITES if s.name == "fast")
    service = DraftingService(KnowledgeStore(connect(tmp_path / "store")), make_backend("composer"))
    start = time.perf_counter()
    doc = run_suite(service, suite, progress=False)
    seconds = time.perf_counter() - start
    committed = baseline.load(suite.baseline)
    comparison = baseline.compare(doc, committed)
    assert doc["headline"]["cases"] == committed["headline"]["cases"] == 40
    assert not comparison.failed, baseline.render(comparison, str(suite.baseline))
    assert seconds < 30, f"the CI subset took {seconds:.1f} s"


def test_the_committed_baselines_name_every_suite() -> None:
    for suite in SUITES:
        doc = baseline.load(suite.baseline)
        assert doc["headline"]["cases"] == len(doc["cases"]) > 0, suite.name
        assert "care_lead" in doc["metrics"]
        assert all(set(c) == {"id", "failed"} for c in doc["cases"]), "a baseline holds no customer text"
