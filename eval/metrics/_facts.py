"""The facts of a text that a draft quoting it must keep, as (kind, canonical value) pairs.

Kinds: `link` (URL or bare domain), `money` (amount and currency), `time` (clock time), `phone` (seven or
more digits in groups), `quantity` (a number or range with a unit: "5–7 business days", "2-year", "30–60%"),
`number` (any other number: "option 1", "24/7", "EN 417") and `place`. Values are canonical, so a draft that
says the same thing another way keeps the fact: "5 to 7 working days" and "5–7 business days" are both
`business_day 5-7`, "4,95 €" and "€4.95" both `EUR 4.95`, "8 PM" is `20:00`, Persian digits are read as digits.

Words are data (eval/data/metrics/facts/<language>.yaml: range words, units, currencies, places; the lists
of every language are merged, as in `_phrases`). Places are also the guardrails' GeoNames list
(guardrails/data/names/places.txt): a capitalised word on it, or two neighbouring capitalised words listed as
a pair, less the words that are more often common words (`not_places`, "Mobile", "Delta").

False-positive risk: any number counts, so a FAQ answer's incidental number ("option 1") is a fact a
paraphrase may reasonably drop; a place word at a sentence start that is also a common word and not listed in
`not_places` counts as a place. Both sides are read the same way, so such a fact is kept whenever the draft
quotes the answer, and only a paraphrase can lose it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from eval.metrics._phrases import LANGUAGES, groups
from guardrails.phrases import CJK, compile_phrases, normalise

Fact = tuple[str, str]
KIND = "facts"
"""The phrase kind: eval/data/metrics/facts/<language>.yaml."""

_NUM = r"(?<![\dA-Za-z])\d+(?:[.,]\d+)*"
_URL = re.compile(r"\bhttps?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
_DOMAIN = re.compile(r"(?<![\w@./-])(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![\w@])"
                     r"(?:/[^\s<>\"'()\[\]]*)?", re.IGNORECASE)
_TRAILING = ".,;:!?»“”\"'"
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})[:h](\d{2})(?![\d:])(?:\s?([ap])\.?m\.?(?!\w))?"
                    r"|(?<![\d:])(\d{1,2})\s?([ap])\.?m\.?(?!\w)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\d])\+?\d(?:[ .()\-]{0,2}\d){6,}(?!\d)")
_NUMBER = re.compile(r"(?<![\dA-Za-z])\d+(?:[.,/:]\d+)*(?:\s*[-–—]\s*\d+(?:[.,]\d+)*)?")
_DASH = re.compile(r"\s*[-–—]\s*")
_CAPITAL = re.compile(r"(?<![\w@#])[A-ZÀ-ÖØ-ÞĀ-ŽŁŚŻŹĆŃÓ][\w'’.\-]*")


def _key(phrase: str) -> str:
    return " ".join(normalise(phrase).lower().split())


def _table(prefix: str) -> dict[str, str]:
    """Phrase (lower case) to the group name after `prefix`, over every language: {"werktage": "business_day"}."""
    table: dict[str, str] = {}
    for language in LANGUAGES:
        for group, phrases in groups(KIND, language).items():
            if group.startswith(prefix):
                table.update({_key(p): group[len(prefix):] for p in phrases})
    return table


def _listed(group: str) -> list[str]:
    return [p for language in LANGUAGES for p in groups(KIND, language).get(group, [])]


def _source(phrases: list[str]) -> str:
    compiled = compile_phrases(phrases)
    return compiled.pattern if compiled else r"(?!)"


def _alternation(phrases: list[str], case_sensitive: bool = False) -> str:
    """A regex source matching any of `phrases`, longest first, `\\s+` between words, bounded at a word
    edge except in Han script. The left edge of a case-insensitive list (units, currencies) is left open, so
    a unit written onto its number still counts ("24h", "450g"); places (case-sensitive) are bounded there too."""
    alternatives = []
    for p in sorted({p if case_sensitive else _key(p) for p in phrases}, key=len, reverse=True):
        han = CJK.search(p) is not None
        left = r"(?<!\w)" if case_sensitive and not han and re.match(r"\w", p) else ""
        right = r"(?!\w)" if not han and re.search(r"\w$", p) else ""
        alternatives.append(left + r"\s+".join(re.escape(w) for w in p.split()) + right)
    return "|".join(alternatives) or r"(?!)"


class _Tables:
    """The compiled patterns and lookup tables, built once from the data files."""

    def __init__(self) -> None:
        self.units = _table("unit_")
        self.currencies = _table("currency_")
        currency = _alternation(list(self.currencies))
        self.money = re.compile(rf"(?:(?P<c1>{currency})\s?(?P<n1>{_NUM})|(?P<n2>{_NUM})\s?(?P<c2>{currency}))",
                                re.IGNORECASE)
        self.quantity = re.compile(
            rf"(?P<a>{_NUM})(?:\s*(?:[-–—]|{_source(_listed('range'))})\s*(?P<b>{_NUM}))?(?:\s?|-)"
            rf"(?P<unit>{_alternation(list(self.units))})", re.IGNORECASE)
        self.place_names: dict[str, str] = {}
        for entry in _listed("places"):
            variants = [v.strip() for v in entry.split("|") if v.strip()]
            self.place_names.update({_key(v): variants[0].lower() for v in variants})
        self.listed_places = re.compile(_alternation(
            [v.strip() for entry in _listed("places") for v in entry.split("|") if v.strip()], case_sensitive=True))
        text = (resources.files("guardrails") / "data" / "names" / "places.txt").read_text(encoding="utf-8")
        lines = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
        common = set(_listed("not_places"))
        self.place_pairs = frozenset(p for p in lines if " " in p)
        self.place_words = frozenset(p for p in lines if " " not in p and p not in common)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _digits(text: str) -> str:
    """Any script's digits as ASCII digits (Persian ۴ is 4)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def number(text: str) -> str:
    """A number in one spelling: "4,95" and "4.95" are "4.95", "1,000" is "1000", "20.00" is "20", "07" is "7"."""
    parts = re.split(r"[.,]", _digits(text))
    if len(parts) > 1 and len(parts[-1]) != 3:
        whole, fraction = "".join(parts[:-1]), parts[-1].rstrip("0")
    else:
        whole, fraction = "".join(parts), ""
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def _link(text: str) -> str:
    value = text.rstrip(_TRAILING).lower()
    value = re.sub(r"^https?://", "", value)
    return value.removeprefix("www.").rstrip("/")


def _clock(m: re.Match[str]) -> str:
    hour = int(_digits(m.group(1) or m.group(4)))
    minutes = int(_digits(m.group(2))) if m.group(2) else 0
    half = (m.group(3) or m.group(5) or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour}:{minutes:02d}"


def _take(pattern: re.Pattern[str], text: str, read: Callable[[re.Match[str]], Fact | None],
          found: set[Fact]) -> str:
    """Add the fact of every match to `found` and blank the matches out, so no later kind reads them again."""
    def blank(m: re.Match[str]) -> str:
        fact = read(m)
        if fact is None:
            return m.group()
        found.add(fact)
        return " " * len(m.group())
    return pattern.sub(blank, text)


def _money(m: re.Match[str]) -> Fact:
    t = _tables()
    code = t.currencies[_key(m.group("c1") or m.group("c2"))]
    return "money", f"{code} {number(m.group('n1') or m.group('n2'))}"


def _quantity(m: re.Match[str]) -> Fact:
    unit = _tables().units[_key(m.group("unit"))]
    amount = number(m.group("a")) + (f"-{number(m.group('b'))}" if m.group("b") else "")
    return "quantity", f"{unit} {amount}"


def _clock_time(m: re.Match[str]) -> Fact | None:
    if m.group(2) and int(_digits(m.group(2))) > 59:
        return None
    return "time", _clock(m)


def _bare(m: re.Match[str]) -> Fact:
    """A number without a unit; a range ("3–7") and a slashed number ("24/7", "3/24/2018") stay one fact."""
    return "number", "-".join("/".join(number(p) for p in re.split(r"[/:]", side))
                              for side in _DASH.split(m.group()))


def _places(text: str, found: set[Fact]) -> None:
    t = _tables()
    text = _take(t.listed_places, text, lambda m: ("place", t.place_names[_key(m.group())]), found)
    tokens = list(_CAPITAL.finditer(text))
    skip = -1
    for i, m in enumerate(tokens):
        if i == skip:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and text[m.end():nxt.start()] == " ":
            pair = f"{m.group().rstrip('.')} {nxt.group().rstrip('.')}"
            if pair in t.place_pairs:
                found.add(("place", pair.lower()))
                skip = i + 1
                continue
        word = m.group()
        for candidate in (word, word.rstrip(".")):
            if candidate in t.place_words:
                found.add(("place", candidate.lower()))
                break


@lru_cache(maxsize=512)
def facts(text: str) -> frozenset[Fact]:
    """Every fact of `text` (FAQ answers repeat across cases, so the result is cached)."""
    t = _tables()
    found: set[Fact] = set()
    rest = normalise(text)
    rest = _take(_URL, rest, lambda m: ("link", _link(m.group())), found)
    rest = _take(_DOMAIN, rest, lambda m: ("link", _link(m.group())), found)
    rest = _take(t.money, rest, _money, found)
    rest = _take(_CLOCK, rest, _clock_time, found)
    rest = _take(_PHONE, rest, lambda m: ("phone", re.sub(r"\D", "", _digits(m.group()))), found)
    rest = _take(t.quantity, rest, _quantity, found)
    rest = _take(_NUMBER, rest, _bare, found)
    _places(rest, found)
    return frozenset(found)
