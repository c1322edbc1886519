"""`tactful eval`: a case file drafted in this process and scored by the care metrics and rubric; --json holds
every metric per case and overall, --report a page, --baseline a gate; bad case files name the line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from assistant import BadRequest, DraftingService
from eval.care import PassageMemo, Progress
from eval.run import eval_command, load_cases
from knowledge import KnowledgeError

CASES = [
    {"id": "a", "channel": "twitter", "author": "Ola", "text": "Ile kosztuje wysyłka do Polski?",
     "lang": "pl", "faq": ["shipping-costs"], "private": False, "mood": "calm", "unknown_field": 1,
     "reference": "Cześć Ola! Wysyłka do Polski kosztuje 9,90 €."},
    {"id": "b", "brand": "brightfern", "channel": "twitter", "author": "Jo",
     "text": "charged twice for BF-123456, jo@example.com", "lang": "en", "private": True,
     "pii": ["BF-123456", "jo@example.com"]},
    {"id": "c", "channel": "facebook", "text": "Smelled gas at the valve of my Ember stove and saw a small flame.",
     "lang": "en", "escalate": True, "troll": False, "mood": "anxious"},
]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def _eval(service: DraftingService, cases: Path, brand: Path | str, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = eval_command(service, cases, str(brand), out=out, cosine=False, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_json_holds_every_metric_per_case_and_overall(service: DraftingService, pack_dir: Path, tmp_path: Path
                                                      ) -> None:
    cases = _write(tmp_path / "cases.jsonl", CASES)
    code, text = _eval(service, cases, pack_dir, json_out="-", report=tmp_path / "r.html")
    assert code == 0
    doc = json.loads(text)  # --json alone: stdout is exactly one JSON object
    assert doc["headline"]["cases"] == 3 and 0 <= doc["headline"]["share"] <= 1
    expected = {"care_lead", "mood", "draft_language", "pii_not_echoed", "similarity_chrf", "escalate"}
    assert expected <= set(doc["metrics"])
    assert not any(k.endswith("_accuracy") for k in doc["metrics"]), "no accuracy over easy negatives"
    escalate = doc["metrics"]["escalate"]
    assert escalate["tp"] + escalate["fn"] == 1 and "recall" in escalate and "precision" in escalate
    by_id = {c["id"]: c for c in doc["cases"]}
    assert set(by_id["a"]["scores"]) == set(doc["metrics"])
    assert by_id["a"]["scores"]["similarity_chrf"]["value"] > 0, "the reference reply is used"
    assert by_id["a"]["scores"]["draft_language"]["passed"] is True
    assert by_id["b"]["scores"]["pii_not_echoed"]["passed"] is True
    assert by_id["c"]["expected"]["escalate"] is True and "read" in by_id["c"]
    assert set(doc["groups"]) >= {"language", "mood", "intent"} and doc["confusion"]["mood"]
    assert doc["run"]["seconds"] > 0 and doc["run"]["backend"] == "composer"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "of cases pass the care-lead rubric" in page and page.count("<svg") >= 2


def test_text_summary_and_the_baseline_gate(service: DraftingService, pack_dir: Path, tmp_path: Path) -> None:
    cases = _write(tmp_path / "cases.jsonl", CASES)
    first = tmp_path / "first.json"
    code, text = _eval(service, cases, pack_dir, json_out=str(first))
    assert code == 0 and text.startswith("Care-lead rubric: ") and "3 cases in " in text
    code, text = _eval(service, cases, pack_dir, against=first)
    assert code == 0 and "no metric dropped by more than the tolerance" in text

    higher = json.loads(first.read_text(encoding="utf-8"))
    higher["metrics"]["similarity_chrf"]["mean"] += 0.5
    raised = tmp_path / "raised.json"
    raised.write_text(json.dumps(higher), encoding="utf-8")
    code, text = _eval(service, cases, pack_dir, against=raised, tolerance=0.02)
    assert code == 3 and "REGRESSION: similarity_chrf dropped by more than 0.02" in text
    code, _ = _eval(service, cases, pack_dir, against=raised, tolerance=0.6)
    assert code == 0


def test_brands_of_cases_come_from_packs_or_the_store(service: DraftingService, pack_dir: Path, tmp_path: Path
                                                      ) -> None:
    cases = _write(tmp_path / "cases.jsonl", [{"id": "x", "brand": "nobody", "text": "hello"}])
    with pytest.raises(KnowledgeError):
        _eval(service, cases, pack_dir)
    packs = tmp_path / "packs"
    (packs / "nobody").mkdir(parents=True)
    for name in ("brand.yaml", "faq.yaml", "voice.md"):
        (packs / "nobody" / name).write_text((pack_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BadRequest, match="--packs"):
        _eval(service, cases, pack_dir, packs=tmp_path / "missing")
    # the folder is found by the case's brand; its pack says brightfern, already in the store
    code, _ = _eval(service, cases, "brightfern", packs=packs)
    assert code == 0


def test_bad_line_is_named(tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"id": "a", "text": "hi"}\n{"id": "b", "text": \n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:2"):
        load_cases(cases)
    cases.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:1: text"):
        load_cases(cases)
    cases.write_text('{"id": "a", "text": "hi", "channel": "myspace"}\n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:1: channel"):
        load_cases(cases)
    cases.write_text("\n", encoding="utf-8")
    with pytest.raises(BadRequest, match="no cases"):
        load_cases(cases)
    with pytest.raises(BadRequest, match="no such case file"):
        load_cases(tmp_path / "missing.jsonl")


def test_progress_is_a_bar_on_a_terminal_and_ten_lines_in_a_log() -> None:
    log = io.StringIO()
    progress = Progress("eval", stream=log, tty=False)
    for i in range(1, 501):
        progress(i, 500)
    lines = log.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("[eval] 500/500 cases")
    tty = io.StringIO()
    bar = Progress("eval", stream=tty, tty=True)
    for i in range(1, 501):
        bar(i, 500)
    assert "\r[eval] [" in tty.getvalue() and tty.getvalue().endswith("\n") and tty.getvalue().count("\n") == 1
    assert "500/500 cases" in tty.getvalue()


def test_passage_memo_embeds_each_text_once() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        calls.append(texts)
        return [[float(len(t))] for t in texts]

    memo = PassageMemo(embed)
    assert memo(["same draft", "ref one"]) == [[10.0], [7.0]]
    assert memo(["same draft", "ref two"]) == [[10.0], [7.0]]
    assert calls == [["same draft", "ref one"], ["ref two"]]


def test_passage_vectors_persist_between_runs_without_the_text(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[np.ndarray]:
        calls.append(texts)
        return [np.full(3, len(t), dtype=np.float32) for t in texts]

    path = tmp_path / "cache" / "passages.npz"
    first = PassageMemo(embed, path)
    first(["a reference reply", "a draft"])
    first.save()
    assert path.is_file() and b"reference" not in path.read_bytes()
    second = PassageMemo(embed, path)
    again = second(["a reference reply", "a new draft"])
    assert calls == [["a reference reply", "a draft"], ["a new draft"]]
    assert again[0].tolist() == [17.0, 17.0, 17.0]
    path.write_bytes(b"not a numpy file")
    assert PassageMemo(embed, path)(["x"])[0].tolist() == [1.0, 1.0, 1.0], "a broken cache is rebuilt"
