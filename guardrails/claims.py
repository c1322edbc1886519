"""Claims a reply makes (guarantees, dates, amounts, grants) and whether the FAQ answers it used back them.

Used by `overpromise` and `injection`. A phrase claim belongs to a named group (guarantee, date,
compensation, refund, discount, exception); it is backed when some FAQ answer matches the same group or
the group's `support` list. A number claim ("3 days", "24h", "48 小时") is backed when an FAQ answer
states the same numbers with the same unit; one right after a hedge ("can take up to 72 hours") is a
limit, not a promise, and is no claim at all. Digits in Persian/Arabic-Indic form count as their ASCII twins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from guardrails.phrases import CJK, compile_lower, compile_phrases, lexicon, lexicons, normalise, sentence_span
from guardrails.pii import blank_links, to_ascii_digits

_NUMBER = re.compile(r"\d+")


class Claim(BaseModel):
    """One claim in a reply: its group and span (the text stays where it is)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: str
    """Lexicon group ("guarantee", "date", ...) or "amount" for a number with a unit or currency."""
    start: int
    """Start offset."""
    end: int
    """End offset (exclusive)."""
    numbers: tuple[str, ...] = ()
    """The digit groups of a number claim."""
    unit: str = ""
    """The unit of a number claim, normalised ("business day", "dni", "个工作日")."""


def _alternation(items: list[str]) -> str:
    parts = []
    for item in sorted({i for i in items if i}, key=len, reverse=True):
        body = r"\s*".join(re.escape(w) for w in item.split())
        parts.append(body if CJK.search(item) or not re.search(r"\w$", item) else body + r"(?!\w)")
    return "|".join(parts)


@lru_cache(maxsize=64)
def _amounts(kind: str, languages: tuple[str, ...]) -> re.Pattern[str] | None:
    """Numbers with a unit or currency of any of `languages`, in one pattern (one scan per reply)."""
    units: list[str] = []
    currency: list[str] = []
    for language in languages:
        data = lexicon(kind, language).extra
        units += [str(u) for u in data.get("units") or []]
        currency += [str(c) for c in data.get("currency") or []]
    if not units and not currency:
        return None
    # The left boundary is checked after the first digit, so every branch starts with a digit or a
    # currency sign and the engine skips ahead to those.
    number = r"\d(?<![A-Za-z0-9.,]\d)\d*(?:[.,]\d+)?(?:\s?[-–]\s?\d+)?"
    pieces = [rf"{number}\s?(?:{_alternation(units + currency)})"]
    if currency:
        pieces.append(rf"(?:{_alternation(currency)})\s?\d+(?:[.,]\d+)?")
    return re.compile("|".join(pieces), re.IGNORECASE)


_NOT_UNIT = re.compile(r"[\d\s.,\-–]+")


def _unit(amount: str) -> str:
    """"2–4 business days" -> "business days": the words after the numbers, lower case."""
    return " ".join(_NOT_UNIT.sub(" ", amount).split()).lower().removeprefix("个")


def same_unit(a: str, b: str) -> bool:
    """Same number of words, each sharing its first three letters: "Tage"/"Tagen", "dni"/"dnia" match;
    "business days"/"days" and "dni robocze"/"dni" do not."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    return all(x[:min(3, len(x), len(y))] == y[:min(3, len(x), len(y))] for x, y in zip(wa, wb, strict=True))


def find_claims(kind: str, text: str, languages: tuple[str, ...], skip_hedged: bool = True) -> list[Claim]:
    """Claims of lexicon `kind` in `text` per the lists of `languages` (and English), in text order.

    With `skip_hedged` (a reply), claims that are no promise are left out: hedged numbers ("can take up to
    72 hours") and, per `_no_promise`, conditions, past facts and prices. `skip_hedged=False` (an FAQ answer)
    keeps them all: an FAQ's "up to 60 days" or "within 14 days of delivery" still backs "60 days"."""
    norm = _masked(text)
    claims: list[Claim] = []

    def overlaps(start: int, end: int) -> bool:
        return any(c.start < end and start < c.end for c in claims)

    order = tuple(dict.fromkeys((*languages, "en")))
    lex = lexicons(kind, order)
    for group, start, end in lex.find(norm):
        claim = Claim(group=group, start=start, end=end)
        if not (skip_hedged and _no_promise(kind, order, norm, claim)):
            claims.append(claim)
    amounts = _amounts(kind, order) if _NUMBER.search(norm) else None
    if amounts is None:
        return sorted(claims, key=lambda c: c.start)
    safe = lex.allowed_spans(norm)
    hedges = _hedges(kind, order)
    for m in amounts.finditer(norm):
        if overlaps(*m.span()) or any(s <= m.start() and m.end() <= e for s, e in safe):
            continue
        before = re.split(r"[.!?。！？;,，\n]", norm[max(0, m.start() - 30):m.start()])[-1]
        if skip_hedged and hedges is not None and hedges.search(before.lower()):
            continue
        claim = Claim(group="amount", start=m.start(), end=m.end(),
                      numbers=tuple(_NUMBER.findall(m.group())), unit=_unit(m.group()))
        if not (skip_hedged and _no_promise(kind, order, norm, claim)):
            claims.append(claim)
    return sorted(claims, key=lambda c: c.start)


class _Context:
    """What makes a claim no promise, merged over the lists of `languages` (all optional; see
    guardrails/data/overpromise/en.yaml)."""

    def __init__(self, kind: str, languages: tuple[str, ...]) -> None:
        extras = [lexicon(kind, language).extra for language in languages]

        def merged(key: str) -> list[str]:
            return [str(item) for extra in extras for item in extra.get(key) or []]

        # All matched against the lower-cased reply (see `_lowered`).
        self.conditions = compile_lower(merged("conditions"))
        before = compile_lower(merged("just_before"))
        after = compile_lower(merged("qualifiers_after"))
        self.just_before = re.compile(rf"(?:{before.pattern})\s*$") if before else None
        self.after = re.compile(rf"\s*(?:{after.pattern})") if after else None
        self.money_cues = compile_lower(merged("money_cues"))
        self.currency = frozenset(_unit(c) for c in merged("currency"))


@lru_cache(maxsize=64)
def _context(kind: str, languages: tuple[str, ...]) -> _Context:
    return _Context(kind, languages)


def _no_promise(kind: str, languages: tuple[str, ...], norm: str, claim: Claim) -> bool:
    """Whether a claim, read in its sentence, is no promise of ours: its sentence puts a condition, requirement,
    hedge or negation before it ("you must report it within 24 hours", "should be open on Friday", "unable
    to…"); a time is relative or a frequency ("within 7 days of delivery", "24 hours a day") or a duration
    or past ("for 3 minutes", "3 days ago"); or a bare price has no refund or compensation word near it
    ("it'll be $3"), by the lists of any of `languages`. The leak group of `injection` is never excused."""
    if claim.group == "leak":
        return False
    lists = _context(kind, languages)
    norm = _lowered(norm)
    start, end = sentence_span(norm, claim.start, claim.end)
    before = norm[start:claim.start]
    if lists.conditions is not None and lists.conditions.search(before):
        return True
    if claim.group not in ("amount", "date"):
        return False
    is_price = claim.group == "amount" and claim.unit in lists.currency
    if not is_price and lists.just_before is not None and lists.just_before.search(before):
        return True  # a duration or a past span ("for 3 minutes"); "a voucher for €20" stays a claim
    if lists.after is not None and lists.after.match(norm, claim.end):
        return True
    # A price is excused only when no language's refund or compensation word is in its sentence.
    return is_price and lists.money_cues is not None and not lists.money_cues.search(norm[start:end])


@lru_cache(maxsize=64)
def _lowered(text: str) -> str:
    """`text` in lower case for the lower-case phrase patterns; as it is in the rare case that lower-casing
    changes its length ("İ"), where those patterns then miss capitalised phrases."""
    lower = text.lower()
    return lower if len(lower) == len(text) else text


@lru_cache(maxsize=64)
def _masked(text: str) -> str:
    """`text` as claims are looked for in it: plain apostrophes and digits, handles and URLs blanked (they hold
    digits that are nobody's claim: "@115713 Hi" is not "115713 h"). Cached: two rules ask for each reply."""
    return blank_links(_plain(text))


@lru_cache(maxsize=64)
def _hedges(kind: str, languages: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_lower(h for lang in languages for h in lexicon(kind, lang).extra.get("hedges") or [])


@lru_cache(maxsize=256)
def _support(kind: str, language: str, group: str) -> re.Pattern[str] | None:
    lex = lexicon(kind, language)
    items = list((lex.extra.get("support") or {}).get(group) or [])
    items += list((lex.extra.get("groups") or {}).get(group) or [])
    return compile_phrases(items)


@lru_cache(maxsize=2048)
def _faq_amounts(kind: str, answer: str, languages: tuple[str, ...]) -> tuple[Claim, ...]:
    return tuple(c for c in find_claims(kind, answer, languages, skip_hedged=False) if c.group == "amount")


def backed(kind: str, claim: Claim, faq_answers: tuple[str, ...], languages: tuple[str, ...]) -> bool:
    """Whether some FAQ answer backs `claim` (same number, or the same group of phrases)."""
    if not faq_answers:
        return False
    if claim.group == "amount":
        # Backed by an FAQ amount with the same unit that holds every number of the claim.
        wanted = {n.lstrip("0") or "0" for n in claim.numbers}
        for answer in faq_answers:
            for known in _faq_amounts(kind, answer, languages):
                have = {n.lstrip("0") or "0" for n in known.numbers}
                if same_unit(known.unit, claim.unit) and wanted <= have:
                    return True
        return False
    answers = [_plain(a) for a in faq_answers]
    for lang in dict.fromkeys((*languages, "en")):
        pattern = _support(kind, lang, claim.group)
        if pattern is not None and any(pattern.search(a) for a in answers):
            return True
    return False


@lru_cache(maxsize=2048)
def _plain(answer: str) -> str:
    """A reply or FAQ answer with straight apostrophes and ASCII digits (cached: the same texts come back)."""
    return to_ascii_digits(normalise(answer))
