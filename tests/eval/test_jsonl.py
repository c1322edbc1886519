"""Shared-corpus readers: the reserved brands' tweets never reach an eval, a trainer or a benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import eval.jsonl as jsonl


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_reserved_brands_are_dropped_before_any_text_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "twcs_customer_support_twitter" / "pairs.jsonl", [
        {"pair_id": "1-2", "brand": "Delta", "inbound_text": "my bag is lost", "reply_text": "DM us"},
        {"pair_id": "3-4", "brand": "SpotifyCares", "inbound_text": "app crashes", "reply_text": "Try this"},
        {"pair_id": "5-6", "brand": "ChipotleTweets", "inbound_text": "cold burrito", "reply_text": "Sorry"},
        {"pair_id": "7-8", "brand": "Tesco", "inbound_text": "better than @ChipotleTweets", "reply_text": "Thanks"},
        {"pair_id": "9-10", "brand": "Delta", "inbound_text": "no Spotify on the wifi?", "reply_text": "Sorry"},
    ])
    _write(tmp_path / "ibm_twitter_customer_care_cdp" / "dev.jsonl", [
        {"session_id": "a", "company": "SpotifyCares", "agent_reply_text": "Hey!"},
        {"session_id": "b", "company": "HPSupport", "agent_reply_text": "Hi there"},
    ])
    monkeypatch.setattr(jsonl, "SHARED", tmp_path)
    assert [(r["pair_id"], r["index"]) for r in jsonl.twcs_pairs()] == [("1-2", 0)]
    assert [r["session_id"] for r in jsonl.ibm_dialogs("dev")] == ["b"]
