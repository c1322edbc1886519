"""Personal-data detectors: e-mail, phone numbers, payment cards (Luhn), IBANs (mod 97), order numbers.

Each detector returns spans and a kind, never the text. Persian and Arabic-Indic digits are mapped to
ASCII first (one character each, so spans stay valid).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

PiiKind = Literal["email", "phone", "card", "iban", "order"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_IBAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Z0-9])")
_PHONES = [
    re.compile(r"(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}(?!\w)"),  # international
    re.compile(r"(?<![\w+])00\d{2,3}[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?!\w)"),  # 00 international prefix
    re.compile(r"(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)"),  # Chinese mobile
    re.compile(r"(?<!\d)09\d{2}[ -]?\d{3}[ -]?\d{4}(?!\d)"),  # Iranian mobile
    re.compile(r"(?<!\d)0\d{2,4}[ /-]?\d{3,4}[ -]?\d{2,5}(?!\d)"),  # German/European trunk-0 landlines
    re.compile(r"(?<![\d.])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{3,4}(?![\d.])"),  # 9-digit PL and US 3-3-4
]


class PiiSpan(BaseModel):
    """Where personal data sits in a text, and what kind; deliberately without the data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PiiKind
    """What sort of personal data."""
    start: int
    """Start offset."""
    end: int
    """End offset (exclusive)."""


def luhn(digits: str) -> bool:
    """The Luhn checksum used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    """ISO 13616 mod-97 check."""
    s = text.replace(" ", "")
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@lru_cache(maxsize=32)
def _order(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def find_pii(text: str, order_id_pattern: str | None = None) -> list[PiiSpan]:
    """Every personal-data span in `text`, without overlaps, in text order."""
    norm = text.translate(_DIGITS)
    spans: list[PiiSpan] = []

    def add(kind: PiiKind, start: int, end: int) -> None:
        if not any(s.start < end and start < s.end for s in spans):
            spans.append(PiiSpan(kind=kind, start=start, end=end))

    for m in _EMAIL.finditer(norm):
        add("email", m.start(), m.end())
    if order_id_pattern:
        for m in _order(order_id_pattern).finditer(norm):
            add("order", m.start(), m.end())
    for m in _IBAN.finditer(norm):
        if iban_ok(m.group()):
            add("iban", m.start(), m.end())
    for m in _CARD.finditer(norm):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn(digits):
            add("card", m.start(), m.end())
    for pattern in _PHONES:
        for m in pattern.finditer(norm):
            digits = re.sub(r"\D", "", m.group())
            if 7 <= len(digits) <= 15:
                add("phone", m.start(), m.end())
    return sorted(spans, key=lambda s: s.start)
