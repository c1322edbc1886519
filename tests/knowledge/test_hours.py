"""Support hours as people write them: what each form means, when the team is open, and what an author is
told to write when a form cannot be read (an ambiguous abbreviation such as IST names the IANA zones to pick
from; one with a single meaning, such as CET, is read as it)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pytest
import yaml
from pydantic import ValidationError

from assistant import DraftingService
from assistant.backends.base import Brief
from assistant.backends.composer import Composer, hours_text
from assistant.planner import Situation, make_plan, phrase_pack_for
from assistant.reading import Reading
from guardrails import check
from knowledge import BrandPack, PackError, load_pack
from knowledge import hours as hours_module
from knowledge.hours import DAYS, HoursError
from knowledge.pack import SupportHours, pack_from_json, pack_to_json
from prompts import languages, phrase_pack

PARSED = [
    # English
    ("24/7", "24/7"),
    ("24 hours, every day", "24/7"),
    ("always", "24/7"),
    ("Mon–Fri 9:00–17:00 Europe/London", "Mon–Fri 09:00–17:00 (Europe/London)"),
    ("Mon-Sat 8-20 Europe/Berlin", "Mon–Sat 08:00–20:00 (Europe/Berlin)"),
    ("Mon–Fri 9:00–17:00, Sat 10:00–14:00 Europe/London", "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/London)"),
    ("08:00-22:00 Europe/Berlin, every day", "every day 08:00–22:00 (Europe/Berlin)"),
    ("Mon-Fri 9am-5pm (America/New_York)", "Mon–Fri 09:00–17:00 (America/New_York)"),
    ("Monday to Friday 9am to 5:30pm America/Chicago", "Mon–Fri 09:00–17:30 (America/Chicago)"),
    ("Mon–Fri 9–5pm america/los_angeles", "Mon–Fri 09:00–17:00 (America/Los_Angeles)"),
    ("Mon–Fri 9:00–12:00 and 13:00–17:00 Europe/Dublin", "Mon–Fri 09:00–12:00, 13:00–17:00 (Europe/Dublin)"),
    ("Sat, Sun 10-16 Europe/London", "Sat–Sun 10:00–16:00 (Europe/London)"),
    ("weekdays 8–18; weekends 10–14 Europe/London", "Mon–Fri 08:00–18:00; Sat–Sun 10:00–14:00 (Europe/London)"),
    ("daily 22:00–02:00 UTC", "every day 22:00–02:00 (UTC)"),
    ("Fri–Mon 10–18 Europe/London", "Fri–Mon 10:00–18:00 (Europe/London)"),
    ("Mon–Fri 24 hours, Sat 10–14 America/New_York", "Mon–Fri 00:00–24:00; Sat 10:00–14:00 (America/New_York)"),
    ("every day 9-17, Sun closed Europe/London", "Mon–Sat 09:00–17:00 (Europe/London)"),
    ("Mon–Fri 17.30–22.00 GMT", "Mon–Fri 17:30–22:00 (UTC)"),
    ("Mon–Fri 8–24 h UTC", "Mon–Fri 08:00–24:00 (UTC)"),
    ("Mon–Fri: 9–17, Sat - 10–14 (Europe/London)", "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/London)"),
    ("MON–FRI 10PM–6AM Europe/London", "Mon–Fri 22:00–06:00 (Europe/London)"),
    # Spanish
    ("lun–sáb 8–20 (Europe/Madrid)", "Mon–Sat 08:00–20:00 (Europe/Madrid)"),
    ("lun-vie 9-17, sab 10-14 Europe/Madrid", "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/Madrid)"),
    ("de lunes a viernes de 9:00 a 18:00 Europe/Madrid", "Mon–Fri 09:00–18:00 (Europe/Madrid)"),
    ("todos los días 8–20 America/Mexico_City", "every day 08:00–20:00 (America/Mexico_City)"),
    ("lun a sáb 9-21, dom cerrado (Atlantic/Canary)", "Mon–Sat 09:00–21:00 (Atlantic/Canary)"),
    # French
    ("lun–ven 9h–18h Europe/Paris", "Mon–Fri 09:00–18:00 (Europe/Paris)"),
    ("du lundi au vendredi de 9h à 18h, sam 10h à 13h Europe/Paris",
     "Mon–Fri 09:00–18:00; Sat 10:00–13:00 (Europe/Paris)"),
    ("tous les jours 8h30-20h Europe/Brussels", "every day 08:30–20:00 (Europe/Brussels)"),
    ("24h/24 7j/7", "24/7"),
    # German
    ("Mo–Fr 9–17 Uhr Europe/Berlin", "Mon–Fri 09:00–17:00 (Europe/Berlin)"),
    ("Mo–Fr 8:00–18:00, Sa 9:00–13:00 Europe/Vienna", "Mon–Fri 08:00–18:00; Sat 09:00–13:00 (Europe/Vienna)"),
    ("Mo, Di, Do 9–17 Europe/Berlin", "Mon–Tue, Thu 09:00–17:00 (Europe/Berlin)"),
    ("Mo bis Fr 9 bis 17 Uhr Europe/Berlin", "Mon–Fri 09:00–17:00 (Europe/Berlin)"),
    ("täglich 7–22 Uhr Europe/Zurich", "every day 07:00–22:00 (Europe/Zurich)"),
    ("täglich rund um die Uhr", "24/7"),
    # Polish
    ("pon–pt 8–16, sob 9–13 Europe/Warsaw", "Mon–Fri 08:00–16:00; Sat 09:00–13:00 (Europe/Warsaw)"),
    ("od poniedziałku do piątku od 9 do 17 (Europe/Warsaw)", "Mon–Fri 09:00–17:00 (Europe/Warsaw)"),
    ("codziennie 8–20, niedz. nieczynne Europe/Warsaw", "Mon–Sat 08:00–20:00 (Europe/Warsaw)"),
    ("pon. do pt. 9.00–17.00 Europe/Warsaw", "Mon–Fri 09:00–17:00 (Europe/Warsaw)"),
    # mappings: today's, with days as written, with the number YAML makes of an unquoted 9:00, several ranges
    ({"days": "mon-sat", "from": "08:00", "to": "20:00", "timezone": "Europe/Berlin"},
     "Mon–Sat 08:00–20:00 (Europe/Berlin)"),
    ({"days": "Mon–Fri", "from": "9", "to": "17:30", "timezone": "europe/london"},
     "Mon–Fri 09:00–17:30 (Europe/London)"),
    ({"days": "lun-vie", "from": 540, "to": "5pm", "timezone": "Europe/Madrid"}, "Mon–Fri 09:00–17:00 (Europe/Madrid)"),
    ([{"days": "Mon–Fri", "from": "09:00", "to": "17:00", "timezone": "Europe/London"},
      {"days": "Sat", "from": "10:00", "to": "14:00"}], "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/London)"),
    (["Mon–Fri 9–17 Europe/London", "Sat 10–14"], "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/London)"),
    ({"days": "mon-sun", "from": "00:00", "to": "23:59", "timezone": "America/New_York"}, "24/7"),
]


@pytest.mark.parametrize(("written", "meaning"), PARSED)
def test_what_people_write_is_read_as_they_mean_it(written: Any, meaning: str) -> None:
    assert SupportHours.model_validate(written).describe() == meaning


def test_ranges_hold_the_days_and_times() -> None:
    hours = SupportHours.model_validate("Mon–Fri 9:00–17:00, Sat 10:00–14:00 Europe/London")
    assert [(r.days, r.opens, r.closes) for r in hours.ranges] == [
        (("mon", "tue", "wed", "thu", "fri"), "09:00", "17:00"), (("sat",), "10:00", "14:00")]
    assert hours.timezone == "Europe/London" and not hours.always
    assert SupportHours.model_validate("24/7").always


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


OPEN = [
    # Berlin goes from CET (UTC+1) to CEST (UTC+2) on Sunday 29 March 2026
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 27, 7, 59), False),   # Fri 08:59 CET
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 27, 8, 0), True),     # Fri 09:00 CET
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 27, 16, 0), False),   # Fri 17:00: closed
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 30, 7, 0), True),     # Mon 09:00 CEST
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 30, 6, 59), False),   # Mon 08:59 CEST
    ("Mon–Fri 09:00–17:00 Europe/Berlin", _utc(2026, 3, 28, 10, 0), False),   # Saturday
    # London goes back from BST to GMT at 01:00 UTC on Sunday 25 October 2026: 01:30 happens twice
    ("every day 22:00–02:00 Europe/London", _utc(2026, 10, 24, 20, 59), False),  # 21:59 BST
    ("every day 22:00–02:00 Europe/London", _utc(2026, 10, 24, 21, 0), True),    # 22:00 BST
    ("every day 22:00–02:00 Europe/London", _utc(2026, 10, 25, 0, 30), True),    # 01:30 BST
    ("every day 22:00–02:00 Europe/London", _utc(2026, 10, 25, 1, 30), True),    # 01:30 GMT
    ("every day 22:00–02:00 Europe/London", _utc(2026, 10, 25, 2, 30), False),   # 02:30 GMT
    # past midnight belongs to the day the range starts on, across the week's end too
    ("Fri 22:00–02:00 Europe/London", _utc(2026, 6, 6, 0, 30), True),     # Saturday 01:30 BST
    ("Fri 22:00–02:00 Europe/London", _utc(2026, 6, 7, 0, 30), False),    # Sunday 01:30 BST
    ("Sun 22:00–02:00 UTC", _utc(2026, 6, 8, 1, 0), True),                # Monday 01:00
    ("Sun 22:00–02:00 UTC", _utc(2026, 6, 8, 2, 0), False),
    # New York springs forward on Sunday 8 March 2026
    ("Mon–Fri 9am–5pm America/New_York", _utc(2026, 3, 2, 13, 30), False),  # 08:30 EST
    ("Mon–Fri 9am–5pm America/New_York", _utc(2026, 3, 9, 13, 30), True),   # 09:30 EDT
    ("24/7", _utc(2026, 12, 25, 3, 0), True),
    ({"days": "mon-sun", "from": "00:00", "to": "23:59", "timezone": "Asia/Tokyo"}, _utc(2026, 1, 1, 14, 59), True),
    ("Mon–Fri 09:00–17:00 UTC", datetime(2026, 3, 27, 9, 0), True),  # a naive time is UTC
]


@pytest.mark.parametrize(("written", "now", "is_open"), OPEN)
def test_open_on_the_zones_wall_clock(written: Any, now: datetime, is_open: bool) -> None:
    assert SupportHours.model_validate(written).is_open(now) is is_open


def _error(written: Any) -> HoursError:
    with pytest.raises(ValidationError) as caught:
        SupportHours.model_validate(written)
    cause = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(cause, HoursError) and cause.fix
    return cause


ERRORS = [
    ("08:00-22:00 CST, every day", ["'CST' is ambiguous", "America/Chicago", "Asia/Shanghai",
                                    '"08:00-22:00 America/Chicago, every day"']),
    ("Mon–Fri 9–17 BST", ["'BST' is ambiguous", "Europe/London", "Asia/Dhaka"]),
    ("Mon–Fri 9–17 EST", ["'EST' is ambiguous", "America/New_York", "America/Cancun", "America/Panama"]),
    ("Mon–Fri 9–17 IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem", '"Mon–Fri 9–17 Asia/Kolkata"']),
    ("Mon–Fri 9–17 XYZ", ["'XYZ' is not a time zone we know", "Europe/London", "America/New_York"]),
    ("Mon–Fri 9–17", ["names no time zone", '"Mon–Fri 9–17 Europe/London"']),
    ("Mon–Fri 9–17 UTC+1", ["fixed offset", "Europe/Berlin", "Etc/GMT-1"]),
    ("Mon–Fri 9–17 Europe/Berlinn", ["not an IANA time zone", "Europe/Berlin"]),
    ("Mon–Fri 9–17 Europe/London, Sat 10–14 Europe/Dublin", ["2 time zones"]),
    ("Mon–Fri 25:00–26:00 Europe/London", ["'25:00'", "not a time of day", "00:00 to 24:00"]),
    ("Mon–Fri 9:75–17 Europe/London", ["'9:75'", "not a time of day"]),
    ("Mon–Fri Europe/London", ["'Mon–Fri' has no opening hours", '"Mon–Fri 09:00–17:00 Europe/London"']),
    ("9–17 Europe/London", ["'9–17' says no days", "every day"]),
    ("Mon–Fri 9 Europe/London", ["'9' has no closing time", "09:00–17:00"]),
    ("Mon–Fri 9–5 America/New_York", ["the afternoon or past midnight", "09:00–17:00", "21:00–05:00"]),
    ("Mon–Fri 9–9 Europe/London", ["same time", "24/7"]),
    ("Mon–Fri 9–17 Pacific Time", ["could not read 'Pacific'", "Mon–Fri 09:00–17:00"]),
    ("24/7, Mon–Fri 9–17", ["24/7 and other hours"]),
    ("", ["is empty", "24/7"]),
    (42, ["neither text nor a mapping", "timezone: Europe/London"]),
    ({"days": "mon-fri", "from": "09:00", "to": "17:00", "timezone": "EST"}, ["America/New_York"]),
    ({"days": "mon-fri", "from": "09:00", "to": "17:00", "timezone": "IST"}, ["Asia/Kolkata", "Europe/Dublin"]),
    ({"days": "mon-fri", "from": "09:00", "timezone": "Europe/London"}, ["to is missing", "to: \"17:00\""]),
    ({"days": "mon-fri", "from": "09:00", "to": "17:00"}, ["names no time zone", "timezone: Europe/London"]),
    ({"days": "Mon–Fri", "from": "9", "to": "17", "tz": "Europe/London"}, ["unknown key 'tz'", "timezone"]),
    ({"days": "weekly", "from": "9", "to": "17", "timezone": "Europe/London"}, ["not a list of days", "Mon–Fri"]),
    ({"days": "mon-fri", "from": "nine", "to": "17", "timezone": "Europe/London"}, ["not a time of day", "09:00"]),
]


@pytest.mark.parametrize(("written", "says"), ERRORS)
def test_what_cannot_be_read_says_what_to_write(written: Any, says: list[str]) -> None:
    message = str(_error(written))
    for part in says:
        assert part in message, message


def _brand_with(pack_dir: Path, tmp_path: Path, hours: str) -> tuple[Path, int]:
    root = tmp_path / "pack"
    shutil.copytree(pack_dir, root)
    brand = root / "brand.yaml"
    lines = brand.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("support_hours:"))
    lines[index] = f"support_hours: {hours}"
    brand.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, index + 1


def test_a_brand_written_with_an_ambiguous_zone_is_refused_naming_the_zones_to_pick(
    pack_dir: Path, tmp_path: Path
) -> None:
    root, line = _brand_with(pack_dir, tmp_path, '"08:00-22:00 IST, every day"')
    with pytest.raises(PackError) as caught:
        load_pack(root)
    message = str(caught.value)
    assert caught.value.line == line and caught.value.field == "support_hours"
    assert message.startswith(f"{root / 'brand.yaml'}:{line}: support_hours: 'IST' is ambiguous"), message
    assert "Asia/Kolkata" in message and "Europe/Dublin" in message and "correct the value" not in message


@pytest.mark.parametrize(("written", "meaning"), [
    ('"08:00-22:00 Europe/Berlin, every day"', "every day 08:00–22:00 (Europe/Berlin)"),
    ('"08:00-22:00 CET, every day"', "every day 08:00–22:00 (CET)"),  # DESIGN.md's own example
    ('"Mo–Fr 9–17 (JST)"', "Mon–Fri 09:00–17:00 (Asia/Tokyo)"),  # an abbreviation with one meaning
    ("Mon–Fri 9:00–17:00 Europe/London", "Mon–Fri 09:00–17:00 (Europe/London)"),  # unquoted YAML
    ("[{days: mon-fri, from: 9:00, to: 17:00, timezone: Europe/Berlin}, {days: sat, from: 10:00, to: 14:00}]",
     "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/Berlin)"),  # unquoted 9:00 is a number in YAML 1.1
    ('"24/7"', "24/7"),
])
def test_a_brand_written_as_people_write_hours_loads(pack_dir: Path, tmp_path: Path, written: str,
                                                     meaning: str) -> None:
    root, _ = _brand_with(pack_dir, tmp_path, written)
    assert load_pack(root).brand.support_hours.describe() == meaning


@pytest.mark.parametrize("written", [text for text, _ in PARSED[:12]] + [PARSED[-3][0]])
def test_stored_packs_round_trip(pack: BrandPack, written: Any) -> None:
    hours = SupportHours.model_validate(written)
    changed = pack.model_copy(update={"brand": pack.brand.model_copy(update={"support_hours": hours})})
    again = pack_from_json(pack_to_json(changed))
    assert again == changed and again.fingerprint() == changed.fingerprint()


@pytest.mark.parametrize("zone", ["Europe/Berlin", "CET"])  # the old rule took any name zoneinfo knew
def test_a_pack_stored_with_the_old_mapping_still_loads(pack: BrandPack, zone: str) -> None:
    stored = json.loads(pack_to_json(pack))
    stored["brand"]["support_hours"] = {"days": "mon-sat", "from": "08:00", "to": "20:00", "timezone": zone}
    hours = pack_from_json(json.dumps(stored)).brand.support_hours
    assert hours.describe() == f"Mon–Sat 08:00–20:00 ({zone})"
    assert hours.is_open(_utc(2026, 11, 28, 12, 0)) and not hours.is_open(_utc(2026, 11, 29, 12, 0))


def test_the_data_tables_hold_together() -> None:
    data = Path(hours_module.__file__).with_name("data")
    weekdays = yaml.safe_load((data / "weekdays.yaml").read_text(encoding="utf-8"))
    assert {lang: sorted(set(DAYS) - set(table["days"])) for lang, table in weekdays.items()} == {
        lang: [] for lang in weekdays}, "every language names every day"
    zones = yaml.safe_load((data / "zone_abbreviations.yaml").read_text(encoding="utf-8"))["ambiguous"]
    assert not [z for names in zones.values() for z in names if z not in available_timezones()]
    assert SupportHours.model_validate("Mo–So 9–17 Europe/Berlin").always is False  # the tables load, no clash


@pytest.mark.parametrize("language", languages())
def test_every_phrase_pack_names_every_day(language: str) -> None:
    days = phrase_pack(language).days
    missing = [k for k in (*DAYS, "mon-sun", "range", "always") if not days.get(k)]
    assert not missing, f"prompts/packs/{language}.yaml days: add {missing}"
    assert "{first}" in days["range"] and "{last}" in days["range"]


SOUTHWARK = "Mon–Fri 9:00–17:00, Sat 10:00–14:00 Europe/London"
SUNDAY_NIGHT = _utc(2026, 11, 29, 22, 0)


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "pl", "zh", "fa", "hy"])
def test_an_out_of_hours_draft_states_the_hours_in_the_customers_language(pack: BrandPack, language: str) -> None:
    brand = pack.brand.model_copy(update={"support_hours": SupportHours.model_validate(SOUTHWARK)})
    shop = pack.model_copy(update={"brand": brand})
    reading = Reading.model_validate({"language": language, "intent": "question", "mood": "calm"})
    plan = make_plan(Situation(pack=shop, reading=reading, post="?", language=language, now=SUNDAY_NIGHT))
    brief = Brief(pack=shop, reading=reading, plan=plan, post="?", language=language, channel="twitter", limit=280,
                  now=SUNDAY_NIGHT)
    [draft] = Composer().compose(brief)
    phrases = phrase_pack_for(shop, language)
    hours = hours_text(shop, phrases)
    assert plan.does("hours") and hours in draft.text, draft.text
    assert phrases.days["sat"] in hours and "09:00–17:00" in hours and "(Europe/London)" in hours
    assert language == "en" or "Sat" not in hours
    result = check(draft.text, DraftingService.context(shop, "twitter", language=language))
    assert not result.blocked, result.findings


def test_a_brand_open_24_7_never_says_it_is_out_of_hours(pack: BrandPack) -> None:
    brand = pack.brand.model_copy(update={"support_hours": SupportHours.model_validate("24/7")})
    reading = Reading.model_validate({"language": "en", "intent": "question", "mood": "calm"})
    plan = make_plan(Situation(pack=pack.model_copy(update={"brand": brand}), reading=reading, post="?",
                               language="en", now=SUNDAY_NIGHT))
    assert not plan.does("hours")
