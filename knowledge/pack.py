"""The brand pack: a folder with brand.yaml, faq.yaml and voice.md (format fixed in DESIGN.md).

Loading validates everything before anything is stored, and every problem is reported with the
file, the line YAML gives for it, and what to change.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.errors import PackError

BRAND_FILE, FAQ_FILE, VOICE_FILE = "brand.yaml", "faq.yaml", "voice.md"
_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_LANG = r"^[a-z]{2}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SupportHours(_Frozen):
    """When humans answer; used for the out-of-hours line of a draft."""

    days: Literal["mon-fri", "mon-sat", "mon-sun"]
    """Which weekdays the team works."""
    opens: str = Field(alias="from", pattern=r"^\d{2}:\d{2}$")
    """Opening time, HH:MM local to `timezone`."""
    closes: str = Field(alias="to", pattern=r"^\d{2}:\d{2}$")
    """Closing time, HH:MM local to `timezone`."""
    timezone: str
    """IANA time zone name, e.g. Europe/Berlin."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("opens", "closes")
    @classmethod
    def _clock(cls, value: str) -> str:
        try:
            time.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a time of day; write HH:MM between 00:00 and 23:59") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone; write one like Europe/Berlin") from None
        return value


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
    """Regex matching the brand's order numbers (treated as personal data)."""
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
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression ({exc})") from exc
        return value


class Translation(_Frozen):
    """One FAQ entry in another language."""

    question: str = Field(min_length=1)
    """The question, translated."""
    answer: str = Field(min_length=1)
    """The answer, translated."""
    dm_asks: str | None = None
    """What a DM about this asks for, translated."""


class FaqEntry(_Frozen):
    """One FAQ entry with its translations."""

    id: str = Field(pattern=_ID)
    """Unique id within the pack."""
    question: str = Field(min_length=1)
    """The question in the brand's default language."""
    answer: str = Field(min_length=1)
    """The answer in the brand's default language."""
    tags: tuple[str, ...] = ()
    """Free tags; `account` marks entries that need the customer's account data."""
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
        """Whether answering needs the customer's own account or order data."""
        return "account" in self.tags


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


# --- YAML with line numbers -------------------------------------------------------------------


class _Located(dict[str, Any]):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Located:
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise PackError(
                "", f"key {key!r} appears twice", "remove one of them", key_node.start_mark.line + 1
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type]


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise PackError(path, "file is missing", f"create {path.name} (see DESIGN.md, 'The brand pack')")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except PackError as exc:
        raise PackError(path, exc.problem, exc.fix, exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(path, f"is not valid YAML ({exc.problem})", "fix the syntax at that line", line) from None
    except UnicodeDecodeError:
        raise PackError(path, "is not UTF-8 text", "save the file as UTF-8") from None


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """Walk a pydantic error location through the located YAML and return the deepest known line."""
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, _Located) and isinstance(part, str):
            line = node.key_lines.get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _validate(model: type[_Frozen], data: Any, path: Path, prefix: tuple[int | str, ...] = ()) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in prefix + loc) or None
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = ", ".join(f.alias or n for n, f in model.model_fields.items())
            problem, fix = "unknown key", f"remove it or rename it to one of: {allowed}"
        elif kind == "missing":
            problem, fix = "required key is missing", "add it"
        elif kind in ("string_too_short", "too_short"):
            problem, fix = "is empty", "write a value"
        else:
            problem, fix = str(err["msg"]).removeprefix("Value error, "), "correct the value"
        raise PackError(path, problem, fix, _line_of(data, loc), field) from None


def _load_brand(root: Path) -> Brand:
    path = root / BRAND_FILE
    data = _read_yaml(path)
    if not isinstance(data, _Located):
        raise PackError(path, "must be a mapping of keys", "see DESIGN.md for the keys of brand.yaml", 1)
    brand: Brand = _validate(Brand, data, path)
    if brand.default_language not in brand.languages:
        raise PackError(
            path, f"default_language {brand.default_language!r} is not in languages",
            "add it to languages", data.key_lines.get("default_language"), "default_language",
        )
    return brand


def _load_faq(root: Path, brand: Brand) -> tuple[FaqEntry, ...]:
    path = root / FAQ_FILE
    data = _read_yaml(path)
    if not isinstance(data, list) or not data:
        raise PackError(path, "must be a non-empty list of entries", "write one `- id: ...` item per entry", 1)
    entries: list[FaqEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line = getattr(item, "line", None)
        if not isinstance(item, _Located):
            raise PackError(path, f"entry {index + 1} is not a mapping", "give it id, question, answer", line)
        entry: FaqEntry = _validate(FaqEntry, item, path, (index,))
        if entry.id in seen:
            raise PackError(
                path, f"FAQ id {entry.id!r} is used twice (first at line {seen[entry.id]})",
                "give every entry its own id", item.key_lines.get("id", line), f"{index}.id",
            )
        seen[entry.id] = item.key_lines.get("id", line or 0)
        for lang in entry.translations:
            if lang not in brand.languages:
                where = item["translations"].key_lines.get(lang, line)
                raise PackError(
                    path, f"translation language {lang!r} is not in brand.yaml languages",
                    f"add {lang!r} to languages in brand.yaml or remove the translation", where,
                    f"{index}.translations.{lang}",
                )
        entries.append(entry)
    return tuple(entries)


_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]+)[\"“”»]\s*(as the first word)?", re.IGNORECASE)


def parse_voice(text: str) -> Voice:
    """Split voice.md into `##` sections and collect the quoted phrases of "avoid" sections."""
    marks = list(_HEADING.finditer(text))
    sections = []
    avoid: list[AvoidPhrase] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        title, body = mark.group(1), text[mark.end():end].strip()
        sections.append(VoiceSection(title=title, body=body))
        if "avoid" in title.lower():
            for m in _QUOTED.finditer(body):
                avoid.append(AvoidPhrase(phrase=m.group(1).strip(), first_word_only=bool(m.group(2))))
    return Voice(sections=tuple(sections), avoid=tuple(avoid))


def _load_voice(root: Path) -> Voice:
    path = root / VOICE_FILE
    if not path.is_file():
        raise PackError(path, "file is missing", "create voice.md with `## Section` headings")
    try:
        voice = parse_voice(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise PackError(path, "is not UTF-8 text", "save the file as UTF-8") from None
    if not voice.sections:
        raise PackError(path, "has no `## Section` headings", "add sections such as `## Tone`, `## Words we avoid`", 1)
    return voice


def load_pack(root: Path | str) -> BrandPack:
    """Load and validate a brand pack folder; raises PackError naming file, line and fix."""
    root = Path(root)
    if not root.is_dir():
        raise PackError(root, "is not a folder", "pass a brand pack folder with brand.yaml, faq.yaml and voice.md")
    brand = _load_brand(root)
    return BrandPack(brand=brand, faq=_load_faq(root, brand), voice=_load_voice(root))


def pack_to_json(pack: BrandPack) -> str:
    """Serialise a validated pack so it can be stored beside its embeddings."""
    return pack.model_dump_json(by_alias=True)


def pack_from_json(text: str) -> BrandPack:
    """Inverse of `pack_to_json`."""
    return BrandPack.model_validate(json.loads(text))
