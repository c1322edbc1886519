"""Personal-data detectors: e-mail, phone, payment card (Luhn), IBAN (mod 97), order number, street
address and full name.

Each detector returns spans and a kind, never the text. Persian, Arabic-Indic and full-width digits are
mapped to ASCII first (one character each, so spans stay valid). Patterns are data (guardrails/data/
addresses.yaml, pii_exempt.yaml), compiled once at import; full names are found by guardrails/names.py.

False-positive risk, by kind: cards and IBANs need a valid checksum (rare); phones can collide with long
product codes written as digit groups (in a link, only a query-string value under a phone key or an
international number counts, never a status id or an archive timestamp in a path); addresses need a
street word and a house number; names are discussed in guardrails/names.py (a lone first name never
counts, nor an agent's sign-off, a listed brand or a place; a new brand or a word of another language in
English text can look like a name).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import unquote

import re2
from pydantic import BaseModel, ConfigDict

from guardrails.names import find_names
from guardrails.phrases import as_list, data_file

PiiKind = Literal["email", "phone", "card", "iban", "order", "address", "name"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", "012345678901234567890123456789")
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
    re.compile(r"(?<![\d.])\d{3} \d{2} \d{2} \d{2}(?![\d.])"),  # Polish landline-style 3-2-2-2
]


_ADDRESSES = [re.compile(str(p)) for p in data_file("addresses.yaml").values()]
_EXEMPT = data_file("pii_exempt.yaml")
_ROLE_MAILBOXES = frozenset(str(m).lower() for m in as_list(_EXEMPT.get("role_mailboxes")))
_FREEPHONE = tuple(str(p) for p in as_list(_EXEMPT.get("freephone_prefixes")))
# URLs and @handles are masked before the digit and name detectors run: a timestamp inside an archive
# URL or the digits of a handle are nobody's phone number.
URL_OR_HANDLE = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.])[@＠]\w+")


def blank_links(text: str) -> str:
    """`text` with its URLs and @handles blanked by spaces (same length, so spans stay valid)."""
    if "@" not in text and "＠" not in text and "http" not in text and "www." not in text:
        return text  # the common case: no link, no copy
    return URL_OR_HANDLE.sub(lambda m: " " * len(m.group()), text)


class PiiSpan(BaseModel):
    """Where personal data sits in a text, and what kind; deliberately without the data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PiiKind
    """What sort of personal data."""
    start: int
    """Start offset."""
    end: int
    """End offset (exclusive)."""


_NON_ASCII_DIGIT = re.compile("[۰-۹٠-٩０-９]")
_ANY_DIGIT = re.compile(r"\d")


def to_ascii_digits(text: str) -> str:
    """Persian, Arabic-Indic and full-width digits as ASCII digits (same length)."""
    return text.translate(_DIGITS) if _NON_ASCII_DIGIT.search(text) else text


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
def _order(pattern: str) -> Any:
    """The brand's order-number pattern compiled with RE2, which matches in linear time whatever the pattern
    (with `re`, `(a+)+b` took 39 s on a 29-character reply). Brand packs are checked with the same options
    when they load (knowledge/brand_regex.py); a pattern that cannot run here never reaches a draft."""
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise ValueError(f"order_id_pattern {pattern!r} is not RE2 syntax ({exc})") from None


def _freephone(number: str) -> bool:
    """A business free-phone or shared-cost number (1-800, 0800, 400 ...), with or without country code."""
    digits = re.sub(r"\D", "", number)
    if number.lstrip().startswith(("+", "00")):
        digits = digits[2:] if number.lstrip().startswith("00") else digits
        national = [digits[n:] for n in (1, 2, 3)]
        return any(d.startswith(_FREEPHONE) for d in national)
    return digits.startswith(_FREEPHONE)


# Phones inside links are looked for only in query-string values (…/cb?phone=%2B48601234567): under a key
# that names a phone, or written as an international number. Paths hold status ids and archive
# timestamps, which are nobody's number.
_QUERY_PARAM = re.compile(r"[?&;]([^=&#;\s]+)=([^&#;\s]+)")
_PHONE_KEYS = frozenset(["phone", "tel", "telephone", "téléphone", "mobile", "mobil", "msisdn", "telefon", "telefono",
                         "teléfono", "numer", "cell", "cellphone", "handy", "celular", "komorka", "komórka",
                         "phonenumber", "mobilenumber", "telnumber", "telefonnummer", "numertelefonu"])
_PHONE_VALUE = re.compile(r"\+?\d[\d ().-]*\d")
_INTERNATIONAL = re.compile(r"(?:\+|00)[1-9]")


def _query_phones(norm: str) -> list[tuple[int, int]]:
    spans = []
    for url in URL_OR_HANDLE.finditer(norm):
        if "=" not in url.group() or url.group()[0] in "@＠":
            continue
        for m in _QUERY_PARAM.finditer(url.group()):
            key = re.sub(r"[\W_]", "", unquote(m.group(1)).lower())
            raw = m.group(2).rstrip(".,;:!?)")
            value = unquote(raw)
            value = value[:1] + value[1:].replace("+", " ")  # a "+" past the first one stands for a space
            value = to_ascii_digits(value).strip()
            if not _PHONE_VALUE.fullmatch(value):
                continue
            digits = re.sub(r"\D", "", value)
            keyed = key in _PHONE_KEYS or key.endswith("phone")
            international = _INTERNATIONAL.match(value) and 9 <= len(digits) <= 15
            if (keyed and 7 <= len(digits) <= 15 or international) and not _freephone(value):
                spans.append((url.start() + m.start(2), url.start() + m.start(2) + len(raw)))
    return spans


def find_pii(text: str, order_id_pattern: str | None = None) -> list[PiiSpan]:
    """Every personal-data span in `text`, without overlaps, in text order."""
    norm = to_ascii_digits(text)
    spans: list[PiiSpan] = []

    def add(kind: PiiKind, start: int, end: int) -> None:
        if not any(s.start < end and start < s.end for s in spans):
            spans.append(PiiSpan(kind=kind, start=start, end=end))

    if "@" in norm:
        for m in _EMAIL.finditer(norm):
            if m.group().split("@")[0].lower() not in _ROLE_MAILBOXES:
                add("email", m.start(), m.end())
    # Order numbers and IBANs are looked for in links too ("…/track/BF-123456" leaks the order); they
    # are specific enough. Cards, phones, addresses and names are looked for outside links and handles,
    # whose long digit runs (status ids pass Luhn one time in ten) would otherwise look like them; only
    # phones are also looked for in links' query strings (see _query_phones).
    if order_id_pattern:
        for m in _order(order_id_pattern).finditer(norm):
            add("order", m.start(), m.end())
    has_digits = _ANY_DIGIT.search(norm) is not None
    if has_digits:
        for m in _IBAN.finditer(norm):
            if iban_ok(m.group()):
                add("iban", m.start(), m.end())
    if has_digits and "=" in norm:
        for start, end in _query_phones(norm):
            add("phone", start, end)
    norm = blank_links(norm)
    if has_digits:
        for m in _CARD.finditer(norm):
            digits = re.sub(r"\D", "", m.group())
            if 13 <= len(digits) <= 19 and luhn(digits):
                add("card", m.start(), m.end())
        for pattern in _ADDRESSES:
            for m in pattern.finditer(norm):
                add("address", m.start(), m.end())
        for pattern in _PHONES:
            for m in pattern.finditer(norm):
                digits = re.sub(r"\D", "", m.group())
                if 7 <= len(digits) <= 15 and not _freephone(m.group()):
                    add("phone", m.start(), m.end())
    for start, end in find_names(norm):
        add("name", start, end)
    return sorted(spans, key=lambda s: s.start)
