"""The language registry (guardrails/data/languages.yaml): one table of the languages Tactful reads and the
ones it drafts in, with each language's name, script, forms of address and the data files it needs.

Language identification, the phrase lists, the LLM prompt, the reply-language choice and brand-pack
validation all read it here, so adding a language is one row plus its data files (docs/brand-pack.md).
A drafting language whose data file is missing is an error that names the file, never an empty list.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Language(BaseModel):
    """One row of the registry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z]{2}$")
    """ISO 639-1 code."""
    name: str
    """English name."""
    script: tuple[str, ...]
    """ISO 15924 scripts it is written in."""
    registers: tuple[Literal["formal", "informal"], ...] = ()
    """Forms of address its phrase pack has, its own first."""
    drafts: bool = False
    """Replies are written and checked in it (every needed data file exists); else only read."""


class Registry(BaseModel):
    """The whole table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    languages: dict[str, Language]
    """Code -> language."""
    needs: dict[str, tuple[str, ...]]
    """Data kinds a drafting language must have, per package."""
    optional: dict[str, tuple[str, ...]] = {}
    """Data kinds that help when present."""


@cache
def registry() -> Registry:
    """The table in guardrails/data/languages.yaml."""
    data = yaml.safe_load((resources.files("guardrails") / "data" / "languages.yaml").read_text(encoding="utf-8"))
    data["languages"] = {code: {"code": code, **row} for code, row in data["languages"].items()}
    return Registry.model_validate(data)


def read_languages() -> tuple[str, ...]:
    """Every registered language (posts in them are identified and read)."""
    return tuple(registry().languages)


def drafting_languages() -> tuple[str, ...]:
    """Languages replies are written and checked in."""
    return tuple(code for code, lang in registry().languages.items() if lang.drafts)


def language_name(code: str) -> str:
    """English name of a registered language (the code itself otherwise)."""
    lang = registry().languages.get(code)
    return lang.name if lang else code


def unsupported(codes: tuple[str, ...] | list[str]) -> list[str]:
    """The codes among `codes` that Tactful cannot draft in (a brand pack may list only drafting languages)."""
    drafting = set(drafting_languages())
    return [c for c in codes if c not in drafting]


def needed(package: str, kind: str, code: str) -> bool:
    """Whether a drafting language must have this data file (a missing one is then an error, not {})."""
    return code in drafting_languages() and kind in registry().needs.get(package, ())


def data_path(package: str, kind: str, code: str) -> str:
    """Where a language's data file of this kind lives, relative to the repository."""
    return f"prompts/packs/{code}.yaml" if package == "prompts" else f"{package}/data/{kind}/{code}.yaml"
