"""The brand pack: a folder with brand.yaml, faq.yaml and voice.md (format fixed in DESIGN.md).

Loading validates everything before anything is stored, and every problem is reported with the
file, the line YAML gives for it, and what to change. Files are read through knowledge/safe_yaml.py
(sizes, control characters, YAML bombs) and bounded by knowledge/limits.py; the brand's order-number
pattern must be RE2 syntax (knowledge/brand_regex.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.brand_regex import BrandRegexError, compile_brand_regex
from knowledge.errors import PackError, PackProblems, StoredPackInvalid
from knowledge.hours import HoursError, WeeklyHours
from knowledge.limits import (
    MAX_ANSWER_CHARS,
    MAX_AVOID_PHRASE_CHARS,
    MAX_AVOID_PHRASES,
    MAX_BRAND_BYTES,
    MAX_FAQ_BYTES,
    MAX_FAQ_ENTRIES,
    MAX_QUESTION_CHARS,
    MAX_VOICE_BYTES,
    MAX_VOICE_SECTIONS,
)
from knowledge.safe_yaml import Located, load_yaml, read_text

BRAND_FILE, FAQ_FILE, VOICE_FILE = "brand.yaml", "faq.yaml", "voice.md"
_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_LANG = r"^[a-z]{2}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SupportHours(WeeklyHours):
    """When humans answer, as people write it ("Mon–Fri 9:00–17:00 Europe/London", "24/7") or as {days, from,
    to, timezone}; read by knowledge/hours.py. Used for the out-of-hours line of a draft."""


class Brand(_Frozen):
    """brand.yaml: who the brand is and how it signs."""

    id: str = Field(pattern=_ID)
    """Stable brand id (lowercase, digits, - and _)."""
    name: str = Field(min_length=1)
    """Display name."""
    handles: dict[str, str] = {}
    """Channel name to the brand's handle there."""
    default_language: str = Field(pattern=_LANG)
    """ISO 639-1 code of the language the FAQ is written in."""
    languages: tuple[str, ...] = Field(min_length=1)
    """Every language the brand answers in (ISO 639-1)."""
    support_hours: SupportHours
    """When the team is available."""
    response_time: str = ""
    """Promised response time, as text."""
    sign_off: str = ""
    """Appended to every public draft."""
    order_id_pattern: str | None = None
    """Regex matching the brand's order numbers (treated as personal data), in RE2 syntax: no lookarounds
    or backreferences, matched case-insensitively."""
    order_number_example: str | None = Field(default=None, max_length=60)
    """What an order number looks like ("BF-123456"), shown when a DM asks for one."""
    address: dict[str, Literal["formal", "informal"]] = {}
    """Form of address per language (de: formal = Sie, fr: informal = tu ...); unset: the phrase pack's own."""
    safety_promise: dict[str, str] = {}
    """What the brand promises in a safety case, per language (unset: a generic promise)."""
    safety_advice: dict[str, str] = {}
    """What the customer should do right now in a safety case, per language (unset: stop using the product;
    an airline would say "please speak to the crew")."""
    dm_asks: dict[str, str] = {}
    """What a DM asks for by default, per language, as a noun phrase ("your booking reference")."""

    @field_validator("address", "safety_promise", "safety_advice", "dm_asks")
    @classmethod
    def _language_keys(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [code for code in value if not re.match(_LANG, code)]
        if bad:
            raise ValueError(f"keys are languages: use two-letter ISO 639-1 codes, not {bad}")
        return value

    @field_validator("languages")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in value if not re.match(_LANG, code)]
        if bad:
            raise ValueError(f"use two-letter ISO 639-1 codes, not {bad}")
        return value

    @field_validator("order_id_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            compile_brand_regex(value)  # BrandRegexError (a ValueError) says what to write instead
        return value


class Translation(_Frozen):
    """One FAQ entry in another language."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    """The question, translated."""
    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    """The answer, translated."""
    dm_asks: str | None = None
    """What a DM about this asks for, translated."""


class FaqEntry(_Frozen):
    """One FAQ entry with its translations."""

    id: str = Field(pattern=_ID)
    """Unique id within the pack."""
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    """The question in the brand's default language."""
    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    """The answer in the brand's default language."""
    tags: tuple[str, ...] = ()
    """Free tags; `account` marks entries that need the customer's account data (so does `dm_asks`)."""
    translations: dict[str, Translation] = {}
    """Language code to translation."""
    dm_asks: str | None = None
    """What a DM about this topic asks for, as a noun phrase ("the email address on your account")."""

    def text_in(self, language: str, default_language: str) -> Translation:
        """The entry in `language`, or in the default language when it has no such translation."""
        if language == default_language or language not in self.translations:
            return Translation(question=self.question, answer=self.answer, dm_asks=self.dm_asks)
        return self.translations[language]

    def speaks(self, language: str, default_language: str) -> bool:
        """Whether the entry exists in `language`."""
        return language == default_language or language in self.translations

    @property
    def needs_account(self) -> bool:
        """Whether answering needs the customer's own account or order data: tagged `account`, or the brand
        says what a DM about it asks for (a topic the brand takes to DM)."""
        return "account" in self.tags or bool(self.dm_asks)


class AvoidPhrase(_Frozen):
    """A phrase from voice.md's "avoid" section that the brand never uses."""

    phrase: str
    """The phrase as written in voice.md."""
    first_word_only: bool = False
    """Banned only as the first word of a reply."""


class VoiceSection(_Frozen):
    """One `## Section` of voice.md."""

    title: str
    """The heading text."""
    body: str
    """The Markdown under the heading."""


class Voice(_Frozen):
    """voice.md, split into sections, with its avoided phrases extracted."""

    sections: tuple[VoiceSection, ...] = ()
    """Every `##` section in order."""
    avoid: tuple[AvoidPhrase, ...] = ()
    """Phrases the brand never uses."""


class BrandPack(_Frozen):
    """A validated brand pack."""

    brand: Brand
    """brand.yaml."""
    faq: tuple[FaqEntry, ...]
    """faq.yaml, in file order."""
    voice: Voice
    """voice.md."""

    def entry(self, faq_id: str) -> FaqEntry | None:
        """The FAQ entry with this id, if any."""
        return next((e for e in self.faq if e.id == faq_id), None)

    def fingerprint(self) -> str:
        """Hash of the whole pack's content; equal fingerprints mean nothing to re-ingest."""
        return hashlib.sha256(self.model_dump_json(by_alias=True).encode()).hexdigest()[:16]


# --- loading --------------------------------------------------------------------------------


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """Walk a pydantic error location through the located YAML and return the deepest known line."""
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, Located) and isinstance(part, str):
            line = node.key_lines.get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _validate(model: type[_Frozen], data: Any, path: Path, problems: list[PackError],
              prefix: tuple[int | str, ...] = ()) -> Any:
    """`data` as `model`, or None with every problem it has added to `problems`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += [_problem(model, data, path, err, prefix) for err in exc.errors()]
        return None


def _problem(model: type[_Frozen], data: Any, path: Path, err: Any, prefix: tuple[int | str, ...]) -> PackError:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in prefix + loc) or None
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(f.alias or n for n, f in model.model_fields.items())
        problem, fix = "unknown key", f"remove it or rename it to one of: {allowed}"
    elif kind == "missing":
        problem, fix = "required key is missing", f"add it, e.g. {_EXAMPLES.get(str(loc[-1]), _SEE_DOCS)}"
    elif kind in ("string_too_short", "too_short"):
        problem, fix = "is empty", f"write a value, e.g. {_EXAMPLES.get(str(loc[-1]), _SEE_DOCS)}"
    elif kind == "string_too_long":
        problem = f"is {len(str(err['input'])):,} characters long; the limit is {err['ctx']['max_length']:,}"
        fix = "shorten it; link to a help page for the details" if loc[-1] == "answer" else "shorten it"
    elif isinstance(err.get("ctx", {}).get("error"), BrandRegexError | HoursError):
        problem, fix = err["ctx"]["error"].problem, err["ctx"]["error"].fix
    else:
        problem = str(err["msg"]).removeprefix("Value error, ")
        example = _EXAMPLES.get(str(loc[-1]) if loc else "")
        fix = f"write it like {example}" if example else "correct the value (docs/brand-pack.md has every field)"
    return PackError(path, problem, fix, _line_of(data, loc), field)


_SEE_DOCS = "see docs/brand-pack.md"
_EXAMPLES = {
    "id": "id: acme-outdoors", "name": "name: Acme Outdoors", "default_language": "default_language: en",
    "languages": "languages: [en, de]", "support_hours": 'support_hours: "Mon–Fri 9:00–17:00 Europe/London"',
    "handles": 'handles: {twitter: "@AcmeCare"}', "sign_off": 'sign_off: "– Acme Care"',
    "order_id_pattern": 'order_id_pattern: "AC-\\d{6}"', "question": 'question: "How long does delivery take?"',
    "answer": 'answer: "Orders ship within 1 business day."', "tags": "tags: [shipping]",
    "address": "address: {de: formal}", "translations": 'translations: {de: {question: "...", answer: "..."}}',
}
"""How to write a field, shown when it is missing or wrong (docs/brand-pack.md has them all)."""


def _load_brand(root: Path, problems: list[PackError], supported: Collection[str] | None) -> Brand | None:
    path = root / BRAND_FILE
    try:
        data = load_yaml(path, MAX_BRAND_BYTES, "brand.yaml holds a few dozen keys (see DESIGN.md); remove the rest")
    except PackError as exc:
        problems.append(exc)
        return None
    if not isinstance(data, Located):
        problems.append(PackError(path, "must be a mapping of keys", "see docs/brand-pack.md for the keys of "
                                  "brand.yaml, or run `tactful init DIR` for a starter pack", 1))
        return None
    brand: Brand | None = _validate(Brand, data, path, problems)
    listed = data.get("languages")
    if supported is not None and isinstance(listed, list):  # checked even when another key is wrong
        for code in (c for c in listed if isinstance(c, str) and re.match(_LANG, c) and c not in supported):
            problems.append(PackError(
                path, f"Tactful cannot draft in {code!r}: it has no phrases or checks for it, so replies would "
                      "switch language mid-sentence",
                f"remove it (customers writing {code!r} get replies in the brand's language with a warning), or "
                "add the language (docs/brand-pack.md, \"Adding a language\"); supported: "
                f"{', '.join(sorted(supported))}", data.key_lines.get("languages"), "languages",
            ))
    if brand is None:
        return None
    if brand.default_language not in brand.languages:
        problems.append(PackError(
            path, f"default_language {brand.default_language!r} is not in languages",
            "add it to languages", data.key_lines.get("default_language"), "default_language",
        ))
    return brand


def _load_faq(root: Path, brand: Brand | None, problems: list[PackError]) -> tuple[FaqEntry, ...]:
    path = root / FAQ_FILE
    try:
        data = load_yaml(path, MAX_FAQ_BYTES, "shorten long answers (link to help pages for the details) or split "
                         "the FAQ across several brands")
    except PackError as exc:
        problems.append(exc)
        return ()
    if not isinstance(data, list) or not data:
        problems.append(PackError(path, "must be a non-empty list of entries",
                                  'write one item per entry, e.g. - {id: delivery, question: "...", answer: "..."}', 1))
        return ()
    if len(data) > MAX_FAQ_ENTRIES:
        problems.append(PackError(path, f"has {len(data):,} entries; the limit is {MAX_FAQ_ENTRIES:,}",
                                  "merge entries that answer the same question or split the FAQ across several "
                                  "brands", getattr(data[MAX_FAQ_ENTRIES], "line", None)))
        return ()
    entries: list[FaqEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line = getattr(item, "line", None)
        if not isinstance(item, Located):
            problems.append(PackError(path, f"entry {index + 1} is not a mapping", "give it id, question, answer",
                                      line))
            continue
        entry: FaqEntry | None = _validate(FaqEntry, item, path, problems, (index,))
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(PackError(
                path, f"FAQ id {entry.id!r} is used twice (first at line {seen[entry.id]})",
                "give every entry its own id", item.key_lines.get("id", line), f"{index}.id",
            ))
        seen.setdefault(entry.id, item.key_lines.get("id", line or 0))
        for lang in entry.translations:
            if brand is not None and lang not in brand.languages:
                where = item["translations"].key_lines.get(lang, line)
                problems.append(PackError(
                    path, f"translation language {lang!r} is not in brand.yaml languages",
                    f"add {lang!r} to languages in brand.yaml or remove the translation", where,
                    f"{index}.translations.{lang}",
                ))
        entries.append(entry)
    return tuple(entries)


_HEADING = re.compile(r"^##[^\S\n]+(\S[^\n]*)", re.MULTILINE)
"""A `## Title` line. Linear on any input: the old `^##\\s+(.+?)\\s*$` backtracked quadratically over a run of
spaces inside a heading line (64 KiB of them took 18 s, 250 KiB 713 s, holding the GIL and deaf to SIGTERM)."""
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]+)[\"“”»]\s*(as the first word)?", re.IGNORECASE)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse_voice(text: str) -> Voice:
    """Split voice.md into `##` sections and collect the quoted phrases of "avoid" sections.

    Raises PackError (file voice.md, with the line) beyond `MAX_VOICE_SECTIONS` sections or
    `MAX_AVOID_PHRASES` avoided phrases, or for a phrase longer than `MAX_AVOID_PHRASE_CHARS`."""
    marks = list(_HEADING.finditer(text))
    if len(marks) > MAX_VOICE_SECTIONS:
        raise PackError(VOICE_FILE, f"has {len(marks):,} `## ` sections; the limit is {MAX_VOICE_SECTIONS}",
                        "merge related sections", _line(text, marks[MAX_VOICE_SECTIONS].start()))
    sections = []
    avoid: list[AvoidPhrase] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        title, body = mark.group(1).rstrip(), text[mark.end():end].strip()
        sections.append(VoiceSection(title=title, body=body))
        if "avoid" not in title.lower():
            continue
        for m in _QUOTED.finditer(text, mark.end(), end):
            phrase = m.group(1).strip()
            if not phrase:
                continue
            if len(phrase) > MAX_AVOID_PHRASE_CHARS:
                raise PackError(VOICE_FILE, f"an avoided phrase is {len(phrase):,} characters long; the limit is "
                                f"{MAX_AVOID_PHRASE_CHARS}", "quote only the words to avoid, not a whole passage",
                                _line(text, m.start()))
            if len(avoid) == MAX_AVOID_PHRASES:
                raise PackError(VOICE_FILE, f"lists more than {MAX_AVOID_PHRASES} avoided phrases",
                                "keep the phrases that matter most; every one is checked in every draft",
                                _line(text, m.start()))
            avoid.append(AvoidPhrase(phrase=phrase, first_word_only=bool(m.group(2))))
    return Voice(sections=tuple(sections), avoid=tuple(avoid))


def _load_voice(root: Path, problems: list[PackError]) -> Voice | None:
    path = root / VOICE_FILE
    try:
        text = read_text(path, MAX_VOICE_BYTES,
                         "keep the guide to what a writer needs; move reference material to the FAQ")
        voice = parse_voice(text)
    except PackError as exc:
        problems.append(PackError(path, exc.problem, exc.fix, exc.line) if exc.file == VOICE_FILE else exc)
        return None
    if not voice.sections:
        problems.append(PackError(path, "has no `## Section` headings",
                                  "add sections such as `## Tone`, `## Words we avoid`", 1))
        return None
    return voice


def pack_problems(root: Path | str, supported: Collection[str] | None = None) -> tuple[BrandPack | None,
                                                                                      list[PackError]]:
    """The pack and every problem of a brand pack folder at once (file, line, field, what to write); the pack
    is None when there is any. `supported`: the languages a pack may list (None: any)."""
    root = Path(root)
    if not root.is_dir():
        return None, [PackError(root, "is not a folder", "pass a brand pack folder with brand.yaml, faq.yaml and "
                                "voice.md (`tactful init DIR` writes a starter pack)")]
    problems: list[PackError] = []
    brand = _load_brand(root, problems, supported)
    faq = _load_faq(root, brand, problems)
    voice = _load_voice(root, problems)
    if problems or brand is None or voice is None:
        return None, sorted(problems, key=lambda p: (p.file, p.line or 0))
    return BrandPack(brand=brand, faq=faq, voice=voice), []


def load_pack(root: Path | str, supported: Collection[str] | None = None) -> BrandPack:
    """Load and validate a brand pack folder; raises PackProblems (a PackError naming the first problem's
    file, line and fix, with every problem in `.problems`)."""
    pack, problems = pack_problems(root, supported)
    if pack is None:
        raise PackProblems(problems)
    return pack


def pack_to_json(pack: BrandPack) -> str:
    """Serialise a validated pack so it can be stored beside its embeddings."""
    return pack.model_dump_json(by_alias=True)


_FILE_OF = {"brand": BRAND_FILE, "faq": FAQ_FILE, "voice": VOICE_FILE}


def pack_from_json(text: str) -> BrandPack:
    """Inverse of `pack_to_json`. A pack stored before a rule was tightened (an order_id_pattern RE2 cannot
    run, an answer over the limit) is a PackError naming the file and field, not a crash on every request."""
    try:
        return BrandPack.model_validate(json.loads(text), context={"stored": True})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        cause = err.get("ctx", {}).get("error")
        problem = cause.problem if isinstance(cause, BrandRegexError | HoursError) \
            else str(err["msg"]).removeprefix("Value error, ")
        raise StoredPackInvalid(
            _FILE_OF.get(str(loc[0]), "stored pack") if loc else "stored pack",
            f"the pack stored for this brand no longer passes validation: {problem}",
            "correct the pack and ingest it again (tactful ingest PACK_DIR, or PUT /v1/brands/BRAND)",
            field=".".join(str(p) for p in loc[1:]) or None,
        ) from None
