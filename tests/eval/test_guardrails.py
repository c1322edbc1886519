"""eval.guardrails: the labelled set is what the issue asks for, and the scoring can fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.guardrails import RULES, score_labelled
from eval.jsonl import DataError, read_jsonl

ROWS = read_jsonl(Path(__file__).resolve().parents[2] / "eval" / "data" / "guardrail_replies.jsonl")
LANGUAGES = {"en", "pl", "de", "es", "fr", "zh", "fa", "hy"}


def test_the_labelled_set_has_300_replies_in_8_languages_and_every_rule_in_both_parts() -> None:
    assert len(ROWS) >= 300 and {r["lang"] for r in ROWS} == LANGUAGES
    for split in ("dev", "test"):
        part = [r for r in ROWS if r["split"] == split]
        assert {rule for r in part for rule in r["rules"]} == set(RULES), split
        assert any(not r["rules"] for r in part)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_pii_and_pii_request_are_all_caught_and_good_replies_pass(language: str) -> None:
    # test2 rows (written after the last tuning, still held out) are reported by eval.guardrails, not pinned here.
    rows = [r for r in ROWS if r["lang"] == language and r["split"] != "test2"
            and (not r["rules"] or {"pii", "pii_request"} & set(r["rules"]))]
    report = score_labelled(rows)
    assert report["rules"]["pii"]["recall"] == 1.0 and report["rules"]["pii_request"]["recall"] == 1.0
    assert report["good_blocked"] == 0, report["mismatches"]


def test_a_wrong_label_shows_up_as_a_miss() -> None:
    good = next(r for r in ROWS if not r["rules"] and r["lang"] == "de")
    report = score_labelled([{**good, "rules": ["blame"]}])
    assert report["rules"]["blame"]["fn"] == 1 and report["rules"]["blame"]["recall"] == 0.0
    assert report["mismatches"] == [{"id": good["id"], "want": ["blame"], "got": []}]


def test_a_broken_data_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_text(json.dumps({"id": "a"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"replies\.jsonl:2: not JSON"):
        read_jsonl(path)
    with pytest.raises(DataError, match="TACTFUL_SHARED_DATA"):
        read_jsonl(tmp_path / "missing.jsonl")
