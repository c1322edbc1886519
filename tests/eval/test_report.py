"""eval.report: one self-contained page with the headline, tables, plots and every failing case; text escaped,
right-to-left and CJK posts marked so a browser lays them out right."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from assistant import DraftingService
from eval import report
from eval.care import main as care_main


def _case(cid: str, lang: str, text: str, passed: bool, **extra: Any) -> dict[str, Any]:
    return {
        "id": cid, "brand": "acme", "split": "report", "channel": "twitter", "author": None, "text": text,
        "thread": [], "reference": extra.pop("reference", None),
        "expected": {"lang": lang, "mood": "upset", "intent": "problem", **extra.pop("expected", {})},
        "read": {"language": lang, "mood": "calm", "intent": "problem", "private": False, "flags": [], "faq": []},
        "error": None,
        "scores": {"care_lead": {"value": float(passed), "passed": passed,
                                 "failed": [] if passed else ["mood_fit: no apology for an upset customer"]},
                   "mood": {"value": 0.0, "passed": False, "reason": "read calm for upset"},
                   "similarity_chrf": {"value": 0.31, "passed": None, "reason": "chrF"}},
        "drafts": extra.pop("drafts", []),
    }


def _doc() -> dict[str, Any]:
    finding = [{"rule": "pii", "severity": "block", "start": 9, "end": 18, "message": "repeats an order number"},
               {"rule": "tone", "severity": "warn", "start": 0, "end": 11, "message": "too casual <b>"}]
    cases = [
        _case("fa-1", "fa", "@Acme سلام، سفارشم کجاست؟", False,
              drafts=[{"id": "d1", "visibility": "public", "language": "fa", "text": "سلام! لطفاً پیام خصوصی بدهید.",
                       "faq_ids": [], "blocked": False, "findings": []}]),
        _case("zh-1", "zh", "我的订单在哪里？<script>alert(1)</script>", False, expected={"script": "Hant"},
              reference="您好，請私訊我們。"),
        _case("en-1", "en", "Where is order 12345678?", False,
              drafts=[{"id": "d1", "visibility": "public", "language": "en", "text": "Hey, yes 12345678 is late.",
                       "faq_ids": ["order-status"], "blocked": True, "findings": finding}]),
        _case("hy-ok", "hy", "Բարև, շնորհակալություն", True),
    ]
    metrics = {"care_lead": {"n": 4, "mean": 0.25, "pass_rate": 0.25},
               "mood": {"n": 4, "mean": 0.0, "pass_rate": 0.0},
               "escalate": {"n": 4, "mean": 0.75, "pass_rate": 0.75, "tp": 0, "fp": 0, "fn": 1, "tn": 3,
                            "precision": None, "recall": 0.0},
               "similarity_chrf": {"n": 4, "mean": 0.31, "pass_rate": None}}
    groups = {"language": {c["expected"]["lang"]: {"cases": 1, "metrics": metrics} for c in cases},
              "mood": {"upset": {"cases": 4, "metrics": metrics}}}
    return {"headline": {"cases": 4, "passed": 1, "share": 0.25},
            "metric_info": {"care_lead": {"description": "passes the <rubric>"}},
            "metrics": metrics, "groups": groups, "confusion": {"mood": {"upset": {"calm": 4}}},
            "failures": [["mood_fit: no apology for an upset customer", 3]], "errors": 0, "first_error": None,
            "run": {"cases_files": ["cases.jsonl"], "backend": "composer", "seconds": 3.2}, "cases": cases}


def test_page_is_self_contained_with_headline_tables_and_plots() -> None:
    page = report.render(_doc())
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page), "nothing to fetch, no script"
    assert not re.search(r'(src|href)="(?!#)', page), "only in-page links"
    head = page.index("25.0%")
    assert head < page.index('id="plots"') < page.index('id="tables"') < page.index('id="failing"')
    assert page.count("<svg") == 3  # bars by language, mood confusion, chrF histogram
    assert "By language" in page and "By expected mood" in page
    assert "escalate recall" in page and "recall 0%" in page


def test_failing_cases_show_post_expectations_drafts_findings_and_reasons() -> None:
    page = report.render(_doc())
    assert page.count('<article class="case"') == 3 and 'id="case-hy-ok"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "passes the &lt;rubric&gt;" in page
    assert '<p class="post" dir="rtl" lang="fa">' in page, "Persian is laid out right to left despite the @handle"
    assert '<p class="post" dir="auto" lang="zh-Hant">' in page
    assert '<p class="ref" dir="auto" lang="zh-Hant">您好，請私訊我們。</p>' in page
    assert "mood_fit: no apology for an upset customer" in page and "read calm for upset" in page
    assert "BLOCKED" in page and 'href="#case-fa-1"' in page


def test_findings_are_marked_in_the_draft_text() -> None:
    findings = [{"rule": "pii", "severity": "block", "start": 9, "end": 18, "message": "repeats <it>"},
                {"rule": "tone", "severity": "warn", "start": 0, "end": 11, "message": "casual"}]
    marked = report.highlight("Hey, yes 12345678 is late & sorry", findings)
    assert marked.startswith('<mark class="warn" title="tone (warn): casual">Hey, yes </mark>')
    assert '<mark class="block" title="pii (block): repeats &lt;it&gt;; tone (warn): casual">12</mark>' in marked
    assert '<mark class="block" title="pii (block): repeats &lt;it&gt;">345678 </mark>' in marked
    assert marked.endswith("is late &amp; sorry")
    assert report.highlight("abc", [{"start": 2, "end": 99, "severity": "warn"}, {"start": 1, "end": 1}]) == \
        'ab<mark class="warn" title="None (warn): None">c</mark>'


def test_plots_handle_small_and_empty_data() -> None:
    matrix = report.confusion_matrix({"upset": {"calm": 2, "upset": 1}, "weird": {"weird": 1}})
    assert matrix.count(">upset</text>") == 2 and matrix.count(">weird</text>") == 2  # a row and a column each
    assert "no mood-labelled cases" in report.confusion_matrix({})
    assert "no chrF scores" in report.histogram([], "chrF", "#000")
    assert report.histogram([0.5, 0.5, 0.5], "chrF", "#000").count("<rect") == 20
    assert "no language-labelled cases" in report.bars_by_language({}, report.BY_LANGUAGE)


def test_a_real_run_writes_json_and_report(service: DraftingService, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in [
        {"id": "fa-q", "text": "هزینه ارسال به لهستان چقدر است؟", "lang": "fa", "mood": "calm", "faq": []},
        {"id": "en-q", "text": "How long does shipping to Ireland take?", "lang": "en", "mood": "calm",
         "faq": ["shipping-times"], "reference": "Orders reach Ireland in 3–7 business days."},
    ]) + "\n", encoding="utf-8")
    json_out, page = tmp_path / "run.json", tmp_path / "run.html"
    code = care_main(["--cases", str(cases), "--split", "all", "--no-cosine", "--json", str(json_out),
                      "--report", str(page)], service=service, out=io.StringIO())
    assert code == 0
    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert page.read_text(encoding="utf-8") == report.render(doc), "the page can be redrawn from the --json"
    assert report.main([str(json_out), str(tmp_path / "again.html")]) == 0
