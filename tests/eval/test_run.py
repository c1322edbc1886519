"""`tactful eval`: cases in the DESIGN.md format are drafted and scored; bad case files name the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import BadRequest, DraftingService
from eval.run import run_cases
from knowledge import BrandPack


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_scores_and_report(service: DraftingService, pack: BrandPack, tmp_path: Path) -> None:
    cases = _write(tmp_path / "cases.jsonl", [
        {"id": "a", "channel": "twitter", "author": "Ola", "text": "Ile kosztuje wysyłka do Polski?",
         "lang": "pl", "faq": ["shipping-costs"], "private": False, "unknown_field": 1},
        {"id": "b", "channel": "twitter", "author": "Jo", "text": "charged twice for BF-123456, jo@example.com",
         "lang": "en", "private": True, "pii": ["BF-123456", "jo@example.com"]},
    ])
    report = tmp_path / "report.html"
    summary = run_cases(service, pack, cases, report=report)
    metrics = summary["metrics"]
    assert metrics["cases"] == 2
    assert metrics["lang_accuracy"] == 1.0 and metrics["faq_recall@1"] == 1.0
    assert metrics["pii_leak_free"] == 1.0
    assert "Ile kosztuje" in report.read_text(encoding="utf-8")


def test_bad_line_is_named(service: DraftingService, pack: BrandPack, tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"id": "a", "text": "hi"}\n{"id": "b", "text": \n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:2"):
        run_cases(service, pack, cases)
    cases.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:1: text"):
        run_cases(service, pack, cases)
    cases.write_text('{"id": "a", "text": "hi", "channel": "myspace"}\n', encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad.jsonl:1: channel"):
        run_cases(service, pack, cases)
