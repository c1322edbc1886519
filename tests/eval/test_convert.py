"""python -m eval.convert: twcs, IBM care dialogs and exported feedback become eval cases with the real replies
as references; reserved brands are refused and their rows never reach a case; customer handles do not either.
The corpora here are a few rows written in the test, in the shared files' formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval import jsonl
from eval.convert import DataError, feedback, ibm, twcs
from eval.convert.__main__ import main
from eval.run import load_cases


def _pair(pair: str, brand: str, text: str, reply: str, at: str, first: bool = True,
          prior: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    inbound, reply_id = pair.split("-")
    return {"pair_id": pair, "brand": brand, "customer_author_id": "115712", "inbound_tweet_id": inbound,
            "inbound_created_at": "Tue Oct 31 22:00:00 +0000 2017", "inbound_text": text,
            "reply_tweet_id": reply_id, "reply_created_at": f"Tue Oct 31 {at} +0000 2017", "reply_text": reply,
            "is_first_customer_tweet": first, "prior_context": prior or []}


TWCS = [
    _pair("10-11", "AmazonHelp", "@AmazonHelp my parcel &amp; my refund are missing", "@115712 Sorry! Please DM us.",
          "22:05:00"),
    _pair("10-12", "AmazonHelp", "@AmazonHelp my parcel &amp; my refund are missing", "@115712 A later reply.",
          "22:09:00"),
    _pair("20-21", "AmazonHelp", "@AmazonHelp still nothing, cc @frank_t", "@115712 We'll check.", "22:30:00",
          first=False, prior=[{"tweet_id": "19", "author_id": "115712", "inbound": True, "text": "@AmazonHelp hi"},
                              {"tweet_id": "18", "author_id": "AmazonHelp", "inbound": False, "text": "Hi @115712"}]),
    _pair("30-31", "SpotifyCares", "@SpotifyCares my playlist vanished", "@115712 Let's fix it.", "22:00:00"),
    _pair("40-41", "Delta", "@Delta is the lounge open? also @SpotifyCares music on board?", "@115712 Yes!",
          "22:00:00"),
    _pair("50-51", "Delta", "@Delta where is my bag", "@115712 Please DM your confirmation number.", "22:00:00"),
]


def _dialog(session: str, company: str, turns: list[tuple[str, str, str]], reply: str) -> dict[str, Any]:
    return {"session_id": session, "company": company, "split": "dev", "message_count": len(turns) + 1,
            "context_turns": [{"role": role, "speaker": who, "text": text} for role, who, text in turns],
            "agent_reply_text": reply, "reply_url": "https://support.example.com/answer/1"}


IBM = [
    _dialog("s1", "Google", [("customer", "jane_doe", "@Google my account is locked")],
            "@jane_doe Try these steps: https://support.example.com/answer/1"),
    _dialog("s2", "Google", [("customer", "bob", "@Google help"), ("customer", "bob", "@Google Drive is empty!"),
                             ("agent", "Google", "@bob Sorry! Which browser?"), ("customer", "bob", "@Google Chrome")],
            "@bob See https://support.example.com/answer/1"),
    _dialog("s3", "SpotifyCares", [("customer", "amy", "@SpotifyCares hi")], "@amy hello"),
]


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder, name, rows in (("twcs_customer_support_twitter", "pairs.jsonl", TWCS),
                               ("ibm_twitter_customer_care_cdp", "dev.jsonl", IBM),
                               ("ibm_twitter_customer_care_cdp", "test.jsonl", [])):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(jsonl, "SHARED", tmp_path)
    return tmp_path


def test_twcs_opening_tweets_with_the_brands_first_reply(shared: Path) -> None:
    cases = twcs.convert(["amazonhelp"])
    assert [c["id"] for c in cases] == ["twcs-10-11"], "one case per tweet, opening tweets only"
    case = cases[0]
    assert case["text"] == "@AmazonHelp my parcel & my refund are missing"
    assert case["reference"] == "@user Sorry! Please DM us.", "the first reply, its addressee made @user"
    assert case["brand"] == "amazonhelp" and case["author"] is None and case["channel"] == "twitter"

    later = twcs.convert(["AmazonHelp"], later_turns=True, pack="acme")
    assert [c["id"] for c in later] == ["twcs-10-11", "twcs-20-21"] and {c["brand"] for c in later} == {"acme"}
    assert later[1]["text"] == "@AmazonHelp still nothing, cc @user"
    assert later[1]["thread"] == [{"role": "customer", "text": "@AmazonHelp hi"}, {"role": "agent", "text": "Hi @user"}]


def test_reserved_brands_are_refused_and_their_rows_never_read(shared: Path) -> None:
    for name in ("SpotifyCares", "chipotletweets"):
        with pytest.raises(DataError, match="reserved"):
            twcs.convert([name])
    with pytest.raises(DataError, match="reserved"):
        ibm.convert(["SpotifyCares"])
    delta = twcs.convert(["Delta"])
    assert [c["id"] for c in delta] == ["twcs-50-51"], "a row naming a reserved brand is dropped too"
    assert "SpotifyCares" not in twcs.brands() and "SpotifyCares" not in ibm.companies()
    with pytest.raises(DataError, match="no such brand"):
        twcs.convert(["Nobody"])


def test_ibm_first_and_final_replies_without_handles(shared: Path) -> None:
    first = {c["id"]: c for c in ibm.convert(["google"])}
    assert first["ibm-s1"]["text"] == "@Google my account is locked"
    assert first["ibm-s1"]["reference"] == "@user Try these steps: https://support.example.com/answer/1"
    assert first["ibm-s1"]["reference_url"] == "https://support.example.com/answer/1"
    two = first["ibm-s2"]
    assert two["text"] == "@Google Drive is empty!" and two["reference"] == "@user Sorry! Which browser?"
    assert two["thread"] == [{"role": "customer", "text": "@Google help"}] and "reference_url" not in two
    final = {c["id"]: c for c in ibm.convert(["Google"], reply="final")}["ibm-s2"]
    assert final["text"] == "@Google Chrome" and final["reference"].startswith("@user See https://")
    assert len(final["thread"]) == 3
    assert "jane_doe" not in json.dumps(first) and "bob" not in json.dumps(final)


def test_feedback_export_and_raw_rows(tmp_path: Path) -> None:
    exported = [  # as `tactful feedback export` writes them
        {"id": "feedback-1", "brand": "acme", "channel": "twitter", "text": "When is my refund?",
         "reference": "Hi! Refunds take 5 days.", "lang": "en", "source": "feedback:1", "verdict": "edited",
         "draft": "Refunds take a while."},
        {"id": "feedback-2", "brand": "acme", "channel": "twitter", "text": "Your tent leaks!!",
         "source": "feedback:2", "verdict": "rejected", "draft": "Glad you like it!"},
    ]
    cases, skipped = feedback.convert(exported)
    assert [c.get("reference") for c in cases] == ["Hi! Refunds take 5 days.", None] and not skipped
    raw = [  # rows as the API stores them
        {"id": 7, "brand": "acme", "draft_id": "d1", "verdict": "accepted", "final_text": "Hola, lo siento.",
         "post": "Mi pedido no llegó", "language": "es", "draft_text": "Hola, lo siento."},
        {"id": 8, "brand": "acme", "verdict": "rejected", "final_text": "nope", "post": "hi"},
        {"id": 9, "brand": "acme", "verdict": "edited", "final_text": "x", "post": None},
        {"id": 10, "brand": "other", "verdict": "edited", "final_text": "x", "post": "hi"},
    ]
    cases, skipped = feedback.convert(raw, brand="acme", with_reference=True)
    assert cases == [{"id": "feedback-7", "brand": "acme", "channel": "twitter", "text": "Mi pedido no llegó",
                      "reference": "Hola, lo siento.", "lang": "es", "source": "feedback:7", "verdict": "accepted",
                      "draft": "Hola, lo siento."}]
    assert skipped == {"no reference (rejected, or no final text)": 1, "no customer post": 1, "another brand": 1}


def test_cli_writes_cases_tactful_eval_reads(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "twcs.jsonl"
    assert main(["twcs", "--brand", "AmazonHelp", "--brand", "Delta", "--out", str(out)]) == 0
    assert [c.id for c in load_cases(out)] == ["twcs-10-11", "twcs-50-51"]
    assert "wrote 2 cases" in capsys.readouterr().err
    assert main(["ibm", "--company", "Google", "--out", str(tmp_path / "ibm.jsonl")]) == 0
    assert len(load_cases(tmp_path / "ibm.jsonl")) == 2
    assert main(["twcs", "--brand", "SpotifyCares", "--out", str(out)]) == 2
    assert "reserved" in capsys.readouterr().err
    assert main(["twcs", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "AmazonHelp" in listed and "Spotify" not in listed
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"id": 3, "brand": "acme", "verdict": "edited", "final_text": "Thanks!",
                                  "post": "Love it"}) + "\n", encoding="utf-8")
    assert main(["feedback", str(export), "--out", str(tmp_path / "fb.jsonl")]) == 0
    assert load_cases(tmp_path / "fb.jsonl")[0].reference == "Thanks!"
