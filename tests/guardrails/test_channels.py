"""`too_long` and X's weighted length: CJK counts double, URLs count 23."""

from __future__ import annotations

from guardrails import CheckContext, check, weighted_length


def test_weighted_length() -> None:
    assert weighted_length("hello") == 5
    assert weighted_length("你好") == 4
    assert weighted_length("see https://example.com/a/very/long/path/indeed") == 4 + 23


def test_cjk_reply_over_140_chars_is_too_long_for_x_but_fine_for_facebook() -> None:
    reply = "感谢您的耐心等待" * 18  # 144 characters, weighted 288
    assert any(f.rule == "too_long" for f in check(reply, CheckContext(channel="twitter", language="zh")).findings)
    assert not any(f.rule == "too_long" for f in check(reply, CheckContext(channel="facebook", language="zh")).findings)


def test_leading_reply_handles_do_not_count_on_x() -> None:
    ctx = CheckContext(channel="twitter")
    assert not [f for f in check("@someone @brand " + "x" * 270, ctx).findings if f.rule == "too_long"]
    assert [f for f in check("x" * 281, ctx).findings if f.rule == "too_long"]
