"""`python -m eval.care`: cases drafted on the example brand, scored by every metric, reported per split,
language and intent."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant import BadRequest, DraftingService
from eval.care import evaluate, main, render, summarise
from eval.metrics import CareCase, metrics
from knowledge import BrandPack

CASES = [
    {"id": "en-q", "split": "report", "intent": "question", "channel": "twitter", "author": "Jake",
     "text": "@BrightfernCare how long does shipping to Ireland usually take?", "lang": "en", "mood": "calm",
     "faq": ["shipping-times"], "private": False, "escalate": False,
     "reference": "Hi Jake! Orders ship within a business day and reach Ireland in 3–7 business days."},
    {"id": "pl-q", "split": "report", "intent": "question", "channel": "twitter", "author": "Ola",
     "text": "Ile kosztuje wysyłka do Polski?", "lang": "pl", "mood": "calm", "faq": ["shipping-costs"],
     "private": False, "escalate": False},
    {"id": "en-private", "split": "report", "intent": "problem", "channel": "twitter", "author": "Olivia",
     "text": "3 weeks and still no refund for the jacket I sent back. order BF-482913", "lang": "en",
     "mood": "upset", "faq": ["refund-timing"], "private": True, "escalate": False, "pii": ["BF-482913"]},
    {"id": "de-safety", "split": "report", "intent": "safety", "channel": "facebook", "author": "Tom",
     "text": "Mein Ember-Kocher riecht nach Gas und am Ventil war eine kleine Flamme. Ist das normal?",
     "lang": "de", "mood": "anxious", "faq": [], "private": False, "escalate": True,
     "thread": [{"role": "customer", "text": "Hallo?"}]},
    {"id": "es-praise", "split": "tune", "intent": "praise", "channel": "instagram", "author": "Lucía",
     "text": "¡La tienda nueva es una maravilla, gracias equipo!", "lang": "es", "mood": "happy", "faq": [],
     "private": False, "escalate": False},
]


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CASES) + "\n", encoding="utf-8")
    return path


def _run(service: DraftingService, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), service=service, out=out)
    return code, out.getvalue()


def test_report_has_headline_and_tables(service: DraftingService, cases: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    json_out = tmp_path / "care.json"
    code, text = _run(service, "--cases", str(cases), "--split", "all", "--no-cosine", "--json", str(json_out))
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("Care-lead rubric: ") and " of 5 cases pass (" in lines[0]
    language_table = lines[lines.index("By language") + 1:]
    rows = {line.split()[0] for line in language_table[1:language_table.index("")]}
    assert rows == {"de", "en", "es", "pl"}
    assert "By split" in lines and "By intent" in lines and "All metrics" in lines
    assert any(line.startswith("report ") for line in lines) and any(line.startswith("tune ") for line in lines)
    assert "[care] 5/5 cases" in capsys.readouterr().err

    report = json.loads(json_out.read_text(encoding="utf-8"))
    assert report["headline"]["cases"] == 5
    assert set(report["groups"]["language"]) == {"de", "en", "es", "pl"}
    assert "similarity_cosine" not in report["metrics"]
    by_id = {c["id"]: c for c in report["cases"]}
    assert by_id["en-private"]["scores"]["pii_not_echoed"]["passed"] is True
    assert by_id["en-q"]["scores"]["similarity_chrf"]["value"] > 0
    assert by_id["pl-q"]["scores"]["draft_language"]["passed"] is True
    rubric = by_id["de-safety"]["scores"]["care_lead"]
    assert rubric["passed"] is (not rubric.get("failed"))
    failures = dict((reason, count) for reason, count in report["failures"])
    assert all(reason in text for reason in failures)


def test_default_split_is_report(service: DraftingService, cases: Path) -> None:
    code, text = _run(service, "--cases", str(cases), "--no-cosine")
    assert code == 0 and " of 4 cases pass " in text.splitlines()[0]
    code, text = _run(service, "--cases", str(cases), "--split", "tune", "--limit", "1", "--no-cosine")
    assert " of 1 cases pass " in text.splitlines()[0] and "praise" in text


def test_bad_input_exits_2_naming_what_to_fix(service: DraftingService, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "hi", "channel": "myspace"}\n', encoding="utf-8")
    assert _run(service, "--cases", str(bad), "--split", "all")[0] == 2
    assert "bad.jsonl: case 1 (x): channel" in capsys.readouterr().err
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text('{"id": "y", "text": "hi", "brand": "nobody"}\n', encoding="utf-8")
    assert _run(service, "--cases", str(unknown), "--split", "all", "--packs", str(tmp_path))[0] == 2
    assert "brand 'nobody': no pack folder" in capsys.readouterr().err


class _Refusing:
    """A service that refuses every post, as it does a post it cannot draft for."""

    def draft(self, request: object, pack: object) -> object:
        raise BadRequest("the post is empty; pass the customer's text", "text")


def test_a_refused_case_is_counted_not_fatal(pack: BrandPack) -> None:
    case = CareCase(id="r1", text="hello", lang="en", faq=["shipping-times"])
    results = evaluate(_Refusing(), [case], lambda brand: pack, progress=False)  # type: ignore[arg-type]
    summary = summarise(results, metrics(costly=False))
    assert summary["errors"] == 1 and summary["first_error"].startswith("r1: BadRequest")
    assert results[0].scores["care_lead"].failed == ("draft: no public draft",)
    assert "1 cases could not be drafted" in render(summary, "all", cosine=False)
