"""Support hours as people write them: "24/7", "Mon–Fri 9:00–17:00 Europe/London", "08:00-22:00 CET, every
day", "lun–sáb 8–20 (Europe/Madrid)", or the mapping {days, from, to, timezone}.

Everything is read into `WeeklyHours`: ranges of weekdays with an opening and a closing time, and one IANA
zone. Day names come from knowledge/data/weekdays.yaml (en, es, fr, de, pl), zone abbreviations from
knowledge/data/zone_abbreviations.yaml. An abbreviation names an offset, not a place: one with several
meanings (IST, CST, EST) is refused with the IANA zones it can mean, and a zone is never guessed; one with a
single meaning is read as it (CET, EET and WET are zones of the tz database with the EU's rules; JST, MSK).
A range that closes before it opens runs past midnight ("22:00–02:00"); "9–5" is refused, since it reads as a
night shift as easily as an office day.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY, _WEEK = 1440, 7 * 1440
EXAMPLE = "Mon–Fri 09:00–17:00, Sat 10:00–14:00 Europe/London"
_DATA = Path(__file__).with_name("data")
_ENGLISH: dict[str, str] = {
    **dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True)),
    "mon-sun": "every day", "always": "24/7"}
"""Day names of `WeeklyHours.describe` when the caller gives none (prompts for an LLM, logs)."""


class HoursError(ValueError):
    """Support hours that cannot be read; `fix` says what to write instead."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}; {fix}")


class OpeningRange(BaseModel):
    """Some weekdays with the same opening and closing time."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    days: tuple[Day, ...] = Field(min_length=1)
    """The weekdays the range opens on, Monday first."""
    opens: str = Field(alias="from", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    """Opening time, HH:MM local to the zone."""
    closes: str = Field(alias="to", pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
    """Closing time, HH:MM (24:00 = midnight at the end of the day); earlier than `opens`: the next day."""

    def intervals(self) -> list[tuple[int, int]]:
        """[start, end) in minutes from Monday 00:00; `end` may pass the week's end (Sunday night shifts).
        A closing time of 23:59 is the end of the day, as those who write it mean."""
        opens, closes = (int(c[:2]) * 60 + int(c[3:]) for c in (self.opens, self.closes))
        closes = _DAY if closes == _DAY - 1 else closes
        length = closes - opens if closes > opens else _DAY - opens + closes
        return [(DAYS.index(d) * _DAY + opens, DAYS.index(d) * _DAY + opens + length) for d in self.days]


class WeeklyHours(BaseModel):
    """Weekly opening ranges in one IANA zone; built from any form `parse_hours` reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ranges: tuple[OpeningRange, ...] = Field(min_length=1)
    """The opening ranges, in the order written."""
    timezone: str | None = None
    """IANA zone name (Europe/Berlin); None only when the hours are 24/7."""

    @model_validator(mode="before")
    @classmethod
    def _read(cls, value: Any, info: ValidationInfo) -> Any:
        """Any written form to {ranges, timezone}. A pack stored by an older version (validation context
        `stored`) keeps a zone name the old rule took ("CET"), so that it still loads."""
        if isinstance(value, cls):
            return value
        if isinstance(value, WeeklyHours):  # SupportHours from plain WeeklyHours
            value = value.model_dump(by_alias=True)
        stored = bool(info.context and info.context.get("stored"))
        ranges, zone = parse_hours(value, stored=stored)
        if zone is None and not _always(ranges):
            raise HoursError("names no time zone", f'add the IANA zone of the team, e.g. "{" ".join(value.split())} '
                             'Europe/London"' if isinstance(value, str) else "add timezone: Europe/London (the IANA "
                             "zone of the team)")
        return {"ranges": ranges, "timezone": zone}

    @property
    def always(self) -> bool:
        """Open every minute of the week (24/7): a draft never says it is out of hours."""
        return _always(self.ranges)

    def is_open(self, now: datetime) -> bool:
        """Whether `now` (naive: UTC) falls in a range, on the zone's wall clock (summer time included)."""
        if self.always or self.timezone is None:
            return True
        local = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(ZoneInfo(self.timezone))
        minute = local.weekday() * _DAY + local.hour * 60 + local.minute
        return any(start <= m < end for r in self.ranges for start, end in r.intervals() for m in (minute,
                                                                                                   minute + _WEEK))

    def describe(self, names: Mapping[str, str] | None = None, separator: str = ", ",
                 join: Callable[[list[str]], str] | None = None) -> str:
        """"Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/London)", or "24/7". `names` gives the words of a
        language: a name per day key (mon ... sun), a whole range by its key (mon-fri), `mon-sun` for every
        day, `range` ("{first}–{last}") and `always`; `separator` lists days and times, `join` the groups."""
        words = {**_ENGLISH, **(names or {})}
        if self.always:
            return words["always"]
        groups: dict[tuple[Day, ...], list[str]] = {}
        for r in self.ranges:
            groups.setdefault(r.days, []).append(f"{r.opens}–{r.closes}")
        parts = [f"{_days_text(days, words, separator)} {separator.join(times)}" for days, times in groups.items()]
        return f"{(join or '; '.join)(parts)} ({self.timezone})"


def _days_text(days: tuple[Day, ...], words: Mapping[str, str], separator: str) -> str:
    """The runs of consecutive days ("Mon–Fri", "Fri–Mon" across the week's end), in `words`."""
    index = sorted(DAYS.index(d) for d in days)
    if len(index) == 7:
        return words["mon-sun"]
    start = next(i for i in range(7) if i not in index)  # begin after a closed day, so a run may wrap
    runs: list[list[int]] = []
    for i in (n % 7 for n in range(start, start + 7)):
        if i not in index:
            runs.append([])
        elif runs:
            runs[-1].append(i)
    out = []
    for run in sorted(r for r in runs if r):
        first, last = DAYS[run[0]], DAYS[run[-1]]
        if len(run) == 1:
            out.append(words[first])
        else:
            out.append(words.get(f"{first}-{last}") or words.get("range", "{first}–{last}").format(
                first=words[first], last=words[last]))
    return separator.join(out)


def _always(ranges: list[OpeningRange] | tuple[OpeningRange, ...]) -> bool:
    covered = sorted((s % _WEEK, s % _WEEK + e - s) for r in ranges for s, e in r.intervals())
    reach = 0
    for start, end in covered:
        if start > reach:
            return False
        reach = max(reach, end)
    return reach >= _WEEK


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- the written forms --------------------------------------------------------------------------------------


def parse_hours(value: Any, stored: bool = False) -> tuple[list[OpeningRange], str | None]:
    """Opening ranges and zone from text, a mapping {days, from, to, timezone} (days as "mon-fri" or as
    written), a list of such mappings or texts, or the stored form {ranges, timezone}; raises HoursError."""
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, Mapping) and "ranges" in value:  # the stored form
        zone, items = value.get("timezone"), value["ranges"]
        if set(value) - {"ranges", "timezone"} or not isinstance(items, list | tuple) or not items:
            raise HoursError("is not the stored form {ranges: [...], timezone}", f'write it as text: "{EXAMPLE}"')
        value = [{**(r.model_dump(by_alias=True) if isinstance(r, OpeningRange) else r), "timezone": zone}
                 if isinstance(r, OpeningRange | Mapping) else r for r in items]
    if isinstance(value, Mapping):
        opening, zone = _from_mapping(value, stored)
        return [opening], zone
    if isinstance(value, list | tuple) and value:
        ranges, zones = [], set()
        for item in value:
            found, zone = _parse_text(item) if isinstance(item, str) else _from_mapping(item, stored)
            ranges += found if isinstance(found, list) else [found]
            zones |= {zone} if zone else set()
        if len(zones) > 1:
            raise HoursError(f"names {len(zones)} time zones ({', '.join(sorted(zones))})",
                             "write every range in the one zone of the team")
        return ranges, next(iter(zones), None)
    raise HoursError("is neither text nor a mapping", f'write it as text, e.g. "{EXAMPLE}", or as {_MAPPING}')


_MAPPING = '{days: Mon–Fri, from: "09:00", to: "17:00", timezone: Europe/London}'


def _from_mapping(value: Any, stored: bool) -> tuple[OpeningRange, str | None]:
    if not isinstance(value, Mapping):
        raise HoursError(f"{value!r} is not a range", f"write each range as {_MAPPING}")
    data = {{"opens": "from", "closes": "to"}.get(str(k), str(k)): v for k, v in value.items()}
    unknown = [k for k in data if k not in ("days", "from", "to", "timezone")]
    missing = [k for k in ("days", "from", "to") if k not in data]
    if unknown or missing:
        problem = f"unknown key {unknown[0]!r}" if unknown else f"{missing[0]} is missing"
        raise HoursError(problem, f"give days, from, to and timezone, e.g. {_MAPPING}")
    listed = data["days"] if isinstance(data["days"], list | tuple) else [data["days"]]
    days = set().union(*(_days_only(str(d)) for d in listed))
    span = _range(_time_value(data["from"]), _time_value(data["to"]), f"{data['from']}–{data['to']}")
    zone = data.get("timezone")
    return _opening(days, span), None if zone is None else resolve_zone(str(zone), stored)


def _opening(days: set[int], span: tuple[int, int]) -> OpeningRange:
    return OpeningRange.model_validate({"days": tuple(DAYS[d] for d in sorted(days)), "from": _clock(span[0]),
                                        "to": _clock(span[1])})


# --- zones ----------------------------------------------------------------------------------------------------


@cache
def _zone_data() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    data = yaml.safe_load((_DATA / "zone_abbreviations.yaml").read_text(encoding="utf-8"))
    return frozenset(str(z).upper() for z in data["utc"]), {str(k).upper(): tuple(v) for k, v in
                                                           data["ambiguous"].items()}


@cache
def _zones() -> dict[str, str]:
    """Every IANA name by its lower case."""
    return {z.lower(): z for z in available_timezones()}


@cache
def _tzdata_abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviation -> zones that use it in winter or summer (2025), for abbreviations the table lacks."""
    found: dict[str, set[str]] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        zone = ZoneInfo(name)
        for when in (datetime(2025, 1, 15, 12, tzinfo=UTC), datetime(2025, 7, 15, 12, tzinfo=UTC)):
            abbreviation = when.astimezone(zone).tzname() or ""
            if abbreviation.isalpha():
                found.setdefault(abbreviation.upper(), set()).add(name)
    return {k: tuple(sorted(v)) for k, v in found.items()}


_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_POSIX_STYLE = re.compile(r"^[A-Z]{3,4}\d[A-Z]{3,4}$")  # EST5EDT, CST6CDT: links kept for old systems


def abbreviation_zones(abbreviation: str) -> tuple[str, ...]:
    """The IANA zones an abbreviation can mean (most likely first); () when it is none we know."""
    table = _zone_data()[1]
    return table.get(abbreviation.upper()) or _tzdata_abbreviations().get(abbreviation.upper(), ())


def zone_error(abbreviation: str, written: str | None = None) -> HoursError:
    """The error for an abbreviation: its candidate zones, and the text rewritten with the first one."""
    zones = abbreviation_zones(abbreviation)
    if not zones:
        return HoursError(f"{abbreviation!r} is not a time zone we know",
                          "write the IANA zone of the team's city, e.g. Europe/London, America/New_York, "
                          "Asia/Tokyo (the list: https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)")
    shown = ", ".join(zones[:8]) + (f" and {len(zones) - 8} more" if len(zones) > 8 else "")
    problem = (f"{abbreviation!r} is an abbreviation, not a time zone: it means {zones[0]}" if len(zones) == 1
               else f"{abbreviation!r} is ambiguous: it can mean {shown}")
    better = re.sub(rf"(?<![\w/]){re.escape(abbreviation)}(?![\w/])", zones[0], written or "")
    return HoursError(problem, f'write the IANA zone of the team instead, e.g. "{better}"' if written else
                      f"write the IANA zone of the team instead, e.g. timezone: {zones[0]}")


def resolve_zone(name: str, stored: bool = False) -> str:
    """The IANA name for what was written as a zone; raises HoursError naming the zones to pick from."""
    name = name.strip().strip("()")
    utc, table = _zone_data()
    if name.upper() in utc:
        return "UTC"
    exact = _zones().get(name.lower())
    if exact and (stored or (name.upper() not in table and not _POSIX_STYLE.match(exact))):
        return exact
    if len(table.get(name.upper(), ())) == 1:
        return table[name.upper()][0]  # an abbreviation with one meaning (CET, JST, MSK ...)
    if name.upper() in table or _POSIX_STYLE.match(name) or (name.isalpha() and abbreviation_zones(name)):
        raise zone_error(_POSIX_STYLE.sub(lambda m: m.group()[:3], name))
    offset = _OFFSET.match(name)
    if offset:
        sign, hours, minutes = offset.groups()
        if int(hours) == 0 and int(minutes or 0) == 0:
            return "UTC"
        etc = f"Etc/GMT{'-' if sign == '+' else '+'}{int(hours)}"
        raise HoursError(f"{name!r} is a fixed offset, which does not follow summer time",
                         f"write the IANA zone of the team's city (Europe/Berlin, America/New_York ...); for a "
                         f"fixed offset all year write {etc} (IANA inverts the sign)")
    close = difflib.get_close_matches(name, available_timezones(), n=1, cutoff=0.7)
    fix = f"did you mean {close[0]}?" if close else "write Area/City, e.g. Europe/Berlin"
    raise HoursError(f"{name!r} is not an IANA time zone", fix)


# --- text ------------------------------------------------------------------------------------------------------

_KINDS = ("every_day", "weekdays", "weekend", "always", "all_day", "closed", "to", "and", "filler")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−~～"), "-") | {ord("’"): "'"}
_EVERY = {"every_day": frozenset(range(7)), "weekdays": frozenset(range(5)), "weekend": frozenset({5, 6})}
_IANA_LIKE = re.compile(r"(?<![\w/])[A-Za-z][\w+\-]*(?:/[\w+\-]+)+")
_AREAS = ("africa", "america", "antarctica", "arctic", "asia", "atlantic", "australia", "europe", "indian",
          "pacific", "etc")
_OFFSET_IN_TEXT = re.compile(r"(?<![\w/])(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?(?![\w/])", re.IGNORECASE)
_WORD = re.compile(r"(?<![\w/])[^\W\d_]{2,5}(?![\w/])")
_TIME = r"(?P<h>\d{1,2})(?:\s?[:.h]\s?(?P<m>\d{2}))?(?:\s?(?P<ap>[ap])\.?\s?m\.?(?![a-z])|\s?(?:h|uhr)(?![a-z]))?"
_READ_FIX = (f'write the days in English, Spanish, French, German or Polish and the times as 09:00, e.g. "{EXAMPLE}"'
             ', or "24/7"')


def _fold(text: str) -> str:
    """Lower case without accents, dashes as "-"; one character for one, so positions still point into `text`."""
    return "".join(unicodedata.normalize("NFKD", c)[0].lower() for c in text.translate(_DASHES))


@cache
def _words() -> dict[str, frozenset[str]]:
    """Every phrase of weekdays.yaml, folded, with its meanings ("day:0" ... "day:6" or a kind). Only a day
    may share its spelling with "to" ("do"); any other clash is an error in the data."""
    data = yaml.safe_load((_DATA / "weekdays.yaml").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for language in data.values():
        for key, names in language["days"].items():
            for name in names:
                found.setdefault(_fold(str(name)), set()).add(f"day:{DAYS.index(key)}")
        for kind in _KINDS:
            for phrase in language.get(kind) or ():
                found.setdefault(_fold(str(phrase)), set()).add(kind)
    clashes = {p: m for p, m in found.items() if len(m - {"to"}) > 1}
    if clashes:
        raise ValueError(f"knowledge/data/weekdays.yaml: phrases with two meanings: {clashes}")
    return {p: frozenset(m) for p, m in found.items()}


@cache
def _token_pattern() -> re.Pattern[str]:
    """Phrases before times ("24 hours", "7 days a week"), except after a dash: "8–24 h" is a time range."""
    ordered = sorted(_words(), key=len, reverse=True)
    words = "|".join(re.escape(p) for p in ordered if not p[0].isdigit())
    numbers = "|".join(re.escape(p) for p in ordered if p[0].isdigit())
    return re.compile(rf"(?P<phrase>(?<![\w/])(?:{words}|(?<!-)(?<!- )(?:{numbers}))(?![\w/]))"
                      rf"|(?P<time>(?<!\w){_TIME}(?!\d))"
                      r"|(?P<to>-)|(?P<and>[;,|&+/])|(?P<skip>[\s()\[\]\"'“”«».:])|(?P<word>[^\W\d_]+|\S)")


class _Time(NamedTuple):
    hour: int
    minute: int
    ap: str | None
    digits: int
    """How many digits the hour was written with ("5" vs "05": "9–5" is ambiguous, "21:00–05:00" is not)."""


class _Token(NamedTuple):
    kind: str
    value: Any
    start: int
    end: int


class _Item(NamedTuple):
    kind: Literal["days", "times", "closed", "always"]
    days: frozenset[int]
    span: tuple[int, int]
    start: int
    end: int


def _take_zone(text: str) -> tuple[str, str | None]:
    """The text with its zone blanked out, and the zone; abbreviations and unknown zones raise."""
    chars, zones = list(text), set()

    def blank(m: re.Match[str]) -> None:
        chars[m.start():m.end()] = " " * (m.end() - m.start())

    for m in _IANA_LIKE.finditer(text):
        if m.group().lower() in _zones() or m.group().split("/")[0].lower() in _AREAS:
            zones.add(resolve_zone(m.group()))
            blank(m)
    for m in _OFFSET_IN_TEXT.finditer(text):
        zones.add(resolve_zone(m.group()))
        blank(m)
    utc, table = _zone_data()
    for m in _WORD.finditer("".join(chars)):
        word, known = m.group(), _fold(m.group()) in _words()
        if word.upper() in utc:
            zones.add("UTC")
            blank(m)
        elif len(table.get(word.upper(), ())) == 1 and (word.isupper() or not known):
            zones.add(table[word.upper()][0])  # an abbreviation with one meaning (CET, JST, MSK ...)
            blank(m)
        elif (word.upper() in table and (word.isupper() or not known)) or (word.isupper() and not known and
                                                                             word not in ("AM", "PM")):
            raise zone_error(word.upper(), " ".join(text.split()))
    if len(zones) > 1:
        raise HoursError(f"names {len(zones)} time zones ({', '.join(sorted(zones))})",
                         "write every range in the one zone of the team")
    return "".join(chars), next(iter(zones), None)


def _tokens(text: str) -> list[_Token]:
    folded, out, pos = _fold(text), [], 0
    while pos < len(folded):
        m = _token_pattern().match(folded, pos)
        assert m is not None  # the last alternative takes any character
        pos = m.end()
        if m.group("phrase"):
            meanings = _words()[m.group("phrase")]
            day = next((int(x[4:]) for x in meanings if x.startswith("day:")), None)
            kind = ("day|to" if "to" in meanings else "day") if day is not None else next(iter(meanings))
            out.append(_Token(kind, day, m.start(), m.end()))
        elif m.group("time"):
            value = _Time(int(m.group("h")), int(m.group("m") or 0), m.group("ap"), len(m.group("h")))
            out.append(_Token("time", value, m.start(), m.end()))
        elif m.group("to") or m.group("and"):
            out.append(_Token("to" if m.group("to") else "and", None, m.start(), m.end()))
        elif m.group("word"):
            word = re.match(r"\S+", text[m.start():]).group()  # type: ignore[union-attr]
            raise HoursError(f"could not read {word!r}", _READ_FIX)
    for i, t in enumerate(out):  # "do": Thursday in German, "to" in Polish ("od 9 do 17", "pon. do pt.")
        if t.kind == "day|to":
            before = out[i - 1].kind if i else None
            after = out[i + 1].kind.split("|")[0] if i + 1 < len(out) else None
            out[i] = t._replace(kind="to" if before in ("day", "time") and after == before else "day")
    return out


def _items(tokens: list[_Token], text: str) -> list[_Item]:
    items, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        joined = i + 2 < len(tokens) and tokens[i + 1].kind == "to" and tokens[i + 2].kind == t.kind
        end = tokens[i + 2] if joined else t
        if t.kind == "day":
            days = frozenset((t.value + n) % 7 for n in range((end.value - t.value) % 7 + 1))
            items.append(_Item("days", days, (0, 0), t.start, end.end))
        elif t.kind == "time":
            if not joined:
                raise HoursError(f"{text[t.start:t.end].strip()!r} has no closing time",
                                 'write both ends, e.g. "09:00–17:00"')
            items.append(_Item("times", frozenset(), _range(t.value, end.value, text[t.start:end.end]), t.start,
                               end.end))
        elif t.kind in _EVERY:
            items.append(_Item("days", _EVERY[t.kind], (0, 0), t.start, t.end))
        elif t.kind in ("all_day", "closed", "always"):
            kind: Literal["times", "closed", "always"] = "times" if t.kind == "all_day" else t.kind  # type: ignore
            items.append(_Item(kind, frozenset(), (0, _DAY), t.start, t.end))
        elif t.kind == "to" and not (i and tokens[i - 1].kind == "day" and tokens[i + 1:i + 2]
                                     and tokens[i + 1].kind == "time"):  # "Sat - 10:00–14:00" is fine
            raise HoursError(f"{text[t.start:].strip()!r} starts a range with nothing before it", _READ_FIX)
        i += 3 if joined and t.kind in ("day", "time") else 1
    return items


def _parse_text(value: str) -> tuple[list[OpeningRange], str | None]:
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise HoursError("is empty", f'write the hours, e.g. "{EXAMPLE}" or "24/7"')
    blanked, zone = _take_zone(text)
    items = _items(_tokens(blanked), text)
    if any(it.kind == "always" for it in items):
        if any(it.kind == "closed" or (it.kind == "days" and len(it.days) < 7) or (it.kind == "times" and
                                                                                   it.span != (0, _DAY))
               for it in items):
            raise HoursError(f"{text!r} says 24/7 and other hours at once", "write 24/7 alone, or only the hours")
        return [_opening(set(range(7)), (0, _DAY))], zone
    if not items:
        raise HoursError(f"{text!r} names no days or times", f'write them like "{EXAMPLE}"')
    groups: list[tuple[list[_Item], list[_Item]]] = []
    days_first = items[0].kind == "days"
    for it in items:
        is_days = it.kind == "days"
        if not groups or (is_days == days_first and groups[-1][1 if days_first else 0]):
            groups.append(([], []))
        groups[-1][0 if is_days else 1].append(it)
    ranges, closed = [], set()
    for days, times in groups:
        written = text[(days or times)[0].start:(days or times)[-1].end]
        if not times:
            raise HoursError(f"{written!r} has no opening hours",
                             f'add them after the days, e.g. "{written} 09:00–17:00 Europe/London"')
        if not days and any(t.span != (0, _DAY) for t in times):
            raise HoursError(f"{written!r} says no days",
                             f'add them, e.g. "Mon–Fri {written} Europe/London" or "{written} every day"')
        open_days = set().union(*(d.days for d in days)) if days else set(range(7))
        if any(t.kind == "closed" for t in times):
            closed |= open_days
        ranges += [(open_days, t.span) for t in times if t.kind == "times"]
    result = [_opening(days - closed, span) for days, span in ranges if days - closed]
    if not result:
        raise HoursError(f"{text!r} leaves no day open", f'write the open days, e.g. "{EXAMPLE}"')
    return result, zone


def _days_only(text: str) -> set[int]:
    try:
        items = _items(_tokens(unicodedata.normalize("NFC", text)), text)
    except HoursError:
        items = []
    if not items or any(it.kind != "days" for it in items):
        raise HoursError(f"days: {text!r} is not a list of days", 'write e.g. "Mon–Fri", "mon-sat" or "every day"')
    return set().union(*(it.days for it in items))


def _time_value(value: Any) -> _Time:
    """A `from`/`to` value: "9:00", "09:00", "9", "9am", "17.30", or the number YAML makes of an unquoted 9:00."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _DAY:
        return _Time(value, 0, None, len(str(value))) if value <= 24 else _Time(value // 60, value % 60, None, 2)
    m = re.fullmatch(_TIME, _fold(str(value)).strip())
    if m is None:
        raise HoursError(f"{value!r} is not a time of day", 'write HH:MM between 00:00 and 24:00, e.g. "09:00"')
    return _Time(int(m.group("h")), int(m.group("m") or 0), m.group("ap"), len(m.group("h")))


def _minute_of_day(t: _Time, ap: str | None, written: str) -> int:
    bad = t.minute > 59 or (ap is not None and not 1 <= t.hour <= 12) or t.hour > 24 or (t.hour == 24 and t.minute)
    if bad:
        shown = f"{t.hour}:{t.minute:02d}{f' {ap}m' if ap else ''}"
        raise HoursError(f"{shown!r} (in {written.strip()!r}) is not a time of day",
                         f'write times from 00:00 to 24:00, e.g. "{EXAMPLE}"')
    hour = t.hour % 12 + (12 if ap == "p" else 0) if ap else t.hour
    return hour * 60 + t.minute


def _range(opens: _Time, closes: _Time, written: str) -> tuple[int, int]:
    """Opening and closing minute; "9–5pm" is 09:00–17:00, "10pm–2" 22:00–02:00 (the missing am/pm is the one
    that makes the range run forward)."""
    a_ap, b_ap = opens.ap, closes.ap
    if b_ap and not a_ap:
        a_ap = b_ap if _minute_of_day(opens, b_ap, written) < _minute_of_day(closes, b_ap, written) else \
            {"a": "p", "p": "a"}[b_ap]
    elif a_ap and not b_ap:
        b_ap = a_ap if _minute_of_day(closes, a_ap, written) > _minute_of_day(opens, a_ap, written) else \
            {"a": "p", "p": "a"}[a_ap]
    start, end = _minute_of_day(opens, a_ap, written), _minute_of_day(closes, b_ap, written)
    written = written.strip()
    if start == _DAY:
        raise HoursError(f"{written!r} opens at 24:00", "write 00:00 for midnight at the start of a day")
    if start == end:
        raise HoursError(f"{written!r} opens and closes at the same time",
                         "for round the clock write 24/7 or 00:00–24:00")
    if end < start and not (opens.ap or closes.ap) and start < 12 * 60 and closes.digits == 1:
        raise HoursError(f"{written!r} closes before it opens: it may mean the afternoon or past midnight",
                         f"write it on the 24-hour clock, e.g. {_clock(start)}–{_clock(end + 12 * 60)} "
                         f"(or {_clock(start + 12 * 60)}–{_clock(end)} for a night shift)")
    return start, end
