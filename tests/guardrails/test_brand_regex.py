"""The brand's order-number pattern runs on RE2: linear time on any pattern, the same answers as before on
ordinary ones, and the same answers as the check that validates packs (knowledge/brand_regex.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import re2

from guardrails import CheckContext, check, find_pii
from guardrails.pii import _order
from knowledge.brand_regex import compile_brand_regex

ORDER = r"BF-\d{6}"

# (pattern, text, the order numbers a reader would point at)
ORDERS = [
    (ORDER, "order BF-123456 never came", ["BF-123456"]),
    (ORDER, "zamówienie bf-123456 nie dotarło", ["bf-123456"]),  # case-insensitive, as with re.IGNORECASE
    (ORDER, "سفارش BF-۱۲۳۴۵۶ من کجاست", ["BF-۱۲۳۴۵۶"]),  # Persian digits: offsets still point into the post
    (ORDER, "我的订单 ＢＦ-123456 还没到", []),  # full-width letters are not the brand's format
    (ORDER, "訂單 BF-123456 和 BF-654321", ["BF-123456", "BF-654321"]),
    (ORDER, "see https://brightfern.example/track/BF-123456", ["BF-123456"]),
    (ORDER, "BF-12345 is too short", []),
    (r"\b[A-Z]{2}\d{8}\b", "Bestellung AB12345678 bitte", ["AB12345678"]),
    (r"(?:ORD|ZAM)-\d{4}-\d{4}", "ZAM-2024-0042 i ord-2024-0043", ["ZAM-2024-0042", "ord-2024-0043"]),
    (r"\p{Nd}{6}", "numer ١٢٣٤٥٦", ["١٢٣٤٥٦"]),  # any script's digits, when the brand asks for them
]


@pytest.mark.parametrize(("pattern", "text", "expected"), ORDERS)
def test_order_numbers_are_found_where_a_reader_sees_them(pattern: str, text: str, expected: list[str]) -> None:
    found = [text[s.start:s.end] for s in find_pii(text, pattern) if s.kind == "order"]
    assert found == expected


@pytest.mark.parametrize(("pattern", "text", "expected"), ORDERS)
def test_pack_validation_and_guardrails_agree(pattern: str, text: str, expected: list[str]) -> None:
    """The pattern a pack was validated with is the pattern the guardrail runs: same options, same spans."""
    assert [m.span() for m in compile_brand_regex(pattern).finditer(text)] == [
        m.span() for m in _order(pattern).finditer(text)
    ]
    assert compile_brand_regex(pattern).options.case_sensitive == _order(pattern).options.case_sensitive


def test_brand_patterns_are_compiled_by_re2() -> None:
    assert isinstance(_order(ORDER), re2._Regexp)


# A pattern whose backtracking is exponential under Python's re: 2**28 steps on this reply (39 s measured).
REDOS = r"(a+)+b"
REPLY = "a" * 28 + "c"


def test_catastrophic_pattern_gives_the_right_answer() -> None:
    assert find_pii(REPLY, REDOS) == []
    order = "ticket aaab"
    assert [order[s.start:s.end] for s in find_pii(order, REDOS)] == ["aaab"]
    findings = check(REPLY, CheckContext(language="en", order_id_pattern=REDOS)).findings
    assert [f for f in findings if f.rule == "pii"] == []


def test_catastrophic_pattern_does_not_stall_the_process() -> None:
    """Under `re` this hangs for minutes; the subprocess and its timeout keep the suite from hanging too."""
    code = "from guardrails import find_pii; print(len(find_pii('a' * 40 + 'c', r'(a+)+b')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=True)
    assert done.stdout.strip() == "0"


def test_a_pattern_re2_cannot_run_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="RE2"):
        find_pii("order BF-123456", r"(?<!\d)BF-\d{6}")
