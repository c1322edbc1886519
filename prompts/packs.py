"""Per-language phrase packs (prompts/packs/<lang>.yaml) used by the offline composer."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

MOODS = ("upset", "sad", "anxious", "confused", "calm", "happy", "playful")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Greeting(_Frozen):
    """How to open a reply."""

    named: str
    """With the customer's first name, `{name}` placeholder."""
    anonymous: str
    """When the name is unknown."""


class Needs(_Frozen):
    """Noun phrases for what a DM asks for."""

    order: str
    """The order number."""
    email: str
    """The e-mail used for the order."""
    address: str
    """A new delivery address."""
    payment: str
    """Date and amount of a charge."""
    account: str
    """The account's e-mail address."""


class PhrasePack(_Frozen):
    """Everything the composer says in one language."""

    language: str
    """ISO 639-1 code."""
    greeting: Greeting
    """Openings."""
    opener: dict[str, str]
    """One sentence per mood that mirrors the customer's feeling."""
    again: str
    """For a customer who had to write again."""
    no_answer: str
    """When no FAQ entry fits."""
    dm_public: str
    """Public hand-off to a direct message."""
    dm_private: str
    """First line of the DM, `{needs}` placeholder."""
    dm_never: str
    """Never send card numbers or passwords."""
    needs: Needs
    """What a DM may ask for."""
    and_word: str
    """Joins the last two needs."""
    escalate: str
    """Safety case: stop using it, the safety team will call."""
    troll: str
    """One calm line for abuse."""
    hours: str
    """Support hours line, `{hours}` placeholder."""
    days: dict[str, str]
    """Names of the day ranges of support hours."""
    space: str = " "
    """What separates sentences and words ("" for Chinese)."""
    list_separator: str = ", "
    """Between list items before the last ("、" for Chinese, "، " for Persian)."""

    def join_needs(self, keys: list[str]) -> str:
        """"a, b and c" in this language."""
        words = [getattr(self.needs, k) for k in keys]
        if len(words) < 2:
            return "".join(words)
        return self.list_separator.join(words[:-1]) + f"{self.space}{self.and_word}{self.space}" + words[-1]

    def join(self, parts: list[str]) -> str:
        """Sentences joined as this language writes them, empty parts skipped."""
        return self.space.join(p for p in parts if p)


_FOLDER = resources.files("prompts") / "packs"


@cache
def phrase_pack(language: str) -> PhrasePack:
    """The phrase pack of `language`; KeyError when there is none."""
    path = _FOLDER / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(language)
    return PhrasePack.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def languages() -> list[str]:
    """Languages that have a phrase pack."""
    return sorted(p.name[:-5] for p in _FOLDER.iterdir() if p.name.endswith(".yaml"))
