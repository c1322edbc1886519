"""Personal-data detectors: e-mail, phone, payment card (Luhn), IBAN (mod 97), order number, street
address and full name.

Each detector returns spans and a kind, never the text. Persian and Arabic-Indic digits are mapped to
ASCII first (one character each, so spans stay valid). Patterns and name lists are data
(guardrails/data/addresses.yaml, guardrails/data/names/given.yaml), compiled once at import.

False-positive risk, by kind: cards and IBANs need a valid checksum (rare); phones can collide with long
product codes written as digit groups; addresses need a street word and a house number; names need a
listed given name plus a capitalised surname (or a title plus surname, or in Chinese a surname + given
name next to an honorific or a name cue), so a lone first name in a greeting never counts. Names not in
the lists are missed: that is the recall eval/guardrails.py reports on WNUT-17 and Weibo NER.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

PiiKind = Literal["email", "phone", "card", "iban", "order", "address", "name"]

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
    re.compile(r"(?<![\d.])\d{3} \d{2} \d{2} \d{2}(?![\d.])"),  # Polish landline-style 3-2-2-2
]


def _data(name: str) -> dict[str, object]:
    loaded = yaml.safe_load((resources.files("guardrails") / "data" / name).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


_ADDRESSES = [re.compile(str(p)) for p in _data("addresses.yaml").values()]
_EXEMPT = _data("pii_exempt.yaml")
_ROLE_MAILBOXES = frozenset(str(m).lower() for m in _as_list(_EXEMPT.get("role_mailboxes")))
_FREEPHONE = tuple(str(p) for p in _as_list(_EXEMPT.get("freephone_prefixes")))
# URLs and @handles are masked before the digit and name detectors run: a timestamp inside an archive
# URL or the digits of a handle are nobody's phone number.
URL_OR_HANDLE = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.])[@＠]\w+")
_NAMES = _data("names/given.yaml")


def _words(key: str) -> list[str]:
    items = _NAMES.get(key) or []
    return sorted({str(n) for n in items} if isinstance(items, list) else set(), key=len, reverse=True)


_LATIN_GIVEN = "|".join(re.escape(n) for k in ("en", "pl", "de", "es", "fr") for n in _words(k))
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽŁŚŻŹĆŃÓ"
_LATIN_NAME = re.compile(
    rf"(?<![\w@#])(?:{_LATIN_GIVEN})\s+(?:(?:van|von|de|del|der|da|di|la|le|du|dos|y)\s+)?"
    rf"[{_UPPER}][\w'’]+(?:-[{_UPPER}][\w'’]+)?(?!\w)"
)
_TITLE_NAME = re.compile(
    rf"(?<![\w@#])(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sr|Sra|Srta|Mme|Mlle|M\.|Herr|Frau|Monsieur|Madame|Señor|Señora)\.?\s+"
    rf"[{_UPPER}][\w'’]+(?:-[{_UPPER}][\w'’]+)?(?!\w)"
)
_NOT_SURNAME = frozenset(_words("not_surname_latin"))
_FA_GIVEN = "|".join(re.escape(n) for n in _words("fa"))
_FA_NAME = re.compile(
    rf"(?<![\u0600-\u06FF])(?:(?:{_FA_GIVEN})\s+|(?:آقای|خانم)\s+(?:(?:{_FA_GIVEN})\s+)?)([\u0621-\u063A\u0641-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u200c]{{3,}})"
)
_FA_NOT_SURNAME = frozenset(_words("not_surname_fa"))
_HY_GIVEN = "|".join(re.escape(n) for n in _words("hy"))
_HY_NAME = re.compile(
    rf"(?<![\u0531-\u0587])(?:(?:{_HY_GIVEN})\s+[\u0531-\u0556][\u0561-\u0587]+"
    r"|(?:պարոն|տիկին|Պարոն|Տիկին)\s+[\u0531-\u0556][\u0561-\u0587]+"
    r"|[\u0531-\u0556][\u0561-\u0587]+\s+[\u0531-\u0556][\u0561-\u0587]+(?:յան|յանց|ունի|ունց))(?![\u0531-\u0587])"
)
_ZH_SURNAME = "|".join(re.escape(n) for n in _words("zh_surnames"))
_ZH_HONORIFIC = "先生|女士|小姐|同学|老师|经理|师傅|总监"
_ZH_NAME = re.compile(
    rf"(?:(?<=尊敬的)|(?<=亲爱的)|(?<=收件人)|(?<=联系人)|(?<=姓名)|(?<=收件人：)|(?<=姓名：)|(?<=联系人：)|(?<=收件人:)"
    rf"|(?<=姓名:))(?:{_ZH_SURNAME})[\u4e00-\u9fff]{{1,2}}"
    rf"|(?:{_ZH_SURNAME})[\u4e00-\u9fff]{{1,2}}(?={_ZH_HONORIFIC})"
)
_ZH_NOT_GIVEN = re.compile(rf"^(?:{_ZH_SURNAME})(?:{_ZH_HONORIFIC}|您|你|的|客|用)")


class PiiSpan(BaseModel):
    """Where personal data sits in a text, and what kind; deliberately without the data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PiiKind
    """What sort of personal data."""
    start: int
    """Start offset."""
    end: int
    """End offset (exclusive)."""


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII digits (same length)."""
    return text.translate(_DIGITS)


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


def _freephone(number: str) -> bool:
    """A business free-phone or shared-cost number (1-800, 0800, 400 ...), with or without country code."""
    digits = re.sub(r"\D", "", number)
    if number.lstrip().startswith(("+", "00")):
        digits = digits[2:] if number.lstrip().startswith("00") else digits
        national = [digits[n:] for n in (1, 2, 3)]
        return any(d.startswith(_FREEPHONE) for d in national)
    return digits.startswith(_FREEPHONE)


_LATIN_FIRST = frozenset(n for k in ("en", "pl", "de", "es", "fr") for n in _words(k))
_TITLES = frozenset(["Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sr", "Sra", "Srta", "Mme", "Mlle", "M", "Herr", "Frau",
                     "Monsieur", "Madame", "Señor", "Señora"])
_TOKEN = re.compile(r"\w+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _names(text: str) -> list[tuple[int, int]]:
    # Each regex runs only when its script, a listed given name or a title is present: most replies have none.
    spans = []
    tokens = frozenset(_TOKEN.findall(text))
    if not _LATIN_FIRST.isdisjoint(tokens):
        spans += [m.span() for m in _LATIN_NAME.finditer(text) if m.group().split()[-1] not in _NOT_SURNAME]
    if not _TITLES.isdisjoint(tokens):
        spans += [m.span() for m in _TITLE_NAME.finditer(text) if m.group().split()[-1] not in _NOT_SURNAME]
    if _ARABIC_SCRIPT.search(text):
        spans += [m.span() for m in _FA_NAME.finditer(text) if m.group(1) not in _FA_NOT_SURNAME]
    if _ARMENIAN.search(text):
        spans += [m.span() for m in _HY_NAME.finditer(text)]
    if _HAN.search(text):
        spans += [m.span() for m in _ZH_NAME.finditer(text) if not _ZH_NOT_GIVEN.match(m.group())]
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
    # whose long digit runs (status ids pass Luhn one time in ten) would otherwise look like them.
    if order_id_pattern:
        for m in _order(order_id_pattern).finditer(norm):
            add("order", m.start(), m.end())
    has_digits = any(ch.isdigit() for ch in norm)
    if has_digits:
        for m in _IBAN.finditer(norm):
            if iban_ok(m.group()):
                add("iban", m.start(), m.end())
    norm = URL_OR_HANDLE.sub(lambda m: " " * len(m.group()), norm)
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
    for start, end in _names(norm):
        add("name", start, end)
    return sorted(spans, key=lambda s: s.start)
