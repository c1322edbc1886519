"""Per-language phrase packs (prompts/packs/<lang>.yaml) used by the offline composer.

Each slot is one sentence for one action of the reply plan (assistant/plan.py). A pack is written in one
form of address (`register`) and may carry the other one's slots under `registers`, merged over the main
slots when a brand asks for that register (du/Sie, tu/vous, tú/usted, 你/您 ...).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

MOODS = ("upset", "sad", "anxious", "confused", "calm", "happy", "playful")
Register = Literal["formal", "informal"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Greeting(_Frozen):
    """How to open a reply."""

    named: str
    """With the customer's first name, `{name}` placeholder."""
    anonymous: str
    """When the author is a handle or unknown."""


class Thanks(_Frozen):
    """Thanks, by what is thanked for."""

    praise: str
    """For kind words."""
    playful: str
    """For a playful, happy post (may hold one emoji)."""
    feedback: str
    """For a suggestion or feature request."""
    contact: str
    """For getting in touch (a neutral opener)."""


class Apologies(_Frozen):
    """One sincere apology, by situation."""

    upset: str
    """An angry or let-down customer."""
    sad: str
    """A sad customer."""
    problem: str
    """Something went wrong, told calmly."""
    safety: str
    """A safety incident."""


class Needs(_Frozen):
    """Noun phrases for what a DM asks for (in the case the `dm_private` verb takes)."""

    order: str
    """The order number."""
    order_example: str
    """The order number with the brand's example, `{example}` placeholder."""
    email: str
    """The e-mail used for the order."""
    address: str
    """A new delivery address."""
    payment: str
    """Date and amount of a charge."""
    account: str
    """The account's e-mail address."""
    booking: str
    """A booking reference."""
    details: str
    """What happened."""
    incident: str
    """When and where a safety incident happened."""


class PhrasePack(_Frozen):
    """Everything the composer says in one language, one sentence per plan action."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    language: str
    """ISO 639-1 code."""
    form: Register = Field(default="informal", alias="register")
    """Form of address the slots are written in (`register:` in the file)."""
    language_names: dict[str, str]
    """Names of languages in this language (for the quoted-answer line)."""
    greeting: Greeting
    """Openings."""
    again: str
    """For a customer who had to write again."""
    thank: Thanks
    """Thanks."""
    apologise: Apologies
    """Apologies."""
    reassure: str
    """For an anxious customer."""
    feedback_noted: str
    """A suggestion was passed on."""
    complaint_noted: str
    """A complaint was passed on."""
    steps_intro: str
    """Before an answer for a confused customer."""
    foreign_answer: str
    """Before an answer quoted in another language, `{language}` placeholder."""
    answer_more: str
    """After an answer cut at a sentence end to fit the channel: there is more, and where to ask for it."""
    answer_more_dm: str
    """`answer_more` and `dm_public_after_answer` in one, for a cut answer in a case that continues in a DM."""
    answer_by_dm: str
    """Instead of an answer not even one sentence of which fits the channel: it is given in a DM."""
    unknown: str
    """Honest: no answer at hand, we check and follow up here."""
    ask_details: str
    """Asks in public for a description of the problem (no personal data)."""
    dm_public: str
    """Public hand-off to a direct message."""
    dm_public_after_answer: str
    """Offer of a DM after an answer was given."""
    dm_private: str
    """First line of the DM, `{needs}` placeholder."""
    dm_never: str
    """Never send card numbers or passwords."""
    needs: Needs
    """What a DM may ask for."""
    dm_cues: tuple[str, ...] = ()
    """Words that show a text already asks for a direct message ("DM", "私信")."""
    and_word: str
    """Joins the last two needs."""
    escalate_stop: str
    """Safety case: stop using it."""
    safety_promise: str
    """Safety case: the safety team follows up (a brand may give its own)."""
    deflect: str
    """One calm line for abuse."""
    hours: str
    """Support hours line, `{hours}` placeholder."""
    days: dict[str, str]
    """Names of the day ranges of support hours."""
    space: str = " "
    """What separates sentences and words ("" for Chinese)."""
    list_separator: str = ", "
    """Between list items before the last ("、" for Chinese, "، " for Persian)."""
    registers: dict[Register, dict[str, Any]] = {}
    """The other form of address: slots that differ, nested as above."""

    def need(self, key: str, example: str | None = None) -> str:
        """The noun phrase for one need (`order` with the brand's example when it has one)."""
        if key == "order" and example:
            return self.needs.order_example.format(example=example)
        return str(getattr(self.needs, key))

    def join_list(self, words: list[str]) -> str:
        """"a, b and c" in this language."""
        if len(words) < 2:
            return "".join(words)
        return self.list_separator.join(words[:-1]) + f"{self.space}{self.and_word}{self.space}" + words[-1]

    def join(self, parts: list[str]) -> str:
        """Sentences joined as this language writes them, empty parts skipped."""
        return self.space.join(p for p in parts if p)

    def asks_for_dm(self, text: str) -> bool:
        """Whether `text` already asks for a direct message (an FAQ answer that is itself a hand-off)."""
        return _cue_pattern(self.dm_cues).search(text) is not None if self.dm_cues else False

    def language_name(self, code: str) -> str:
        """The name of language `code` in this language (the code when unknown)."""
        return self.language_names.get(code, code)


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Cues as whole words; in scripts written without spaces (Chinese) as plain substrings."""
    def one(cue: str) -> str:
        return rf"(?<!\w){re.escape(cue)}(?!\w)" if cue.isascii() or " " in cue else re.escape(cue)

    return re.compile("|".join(one(c) for c in sorted(cues, key=len, reverse=True)), re.IGNORECASE)


_FOLDER = resources.files("prompts") / "packs"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@cache
def phrase_pack(language: str, register: Register | None = None) -> PhrasePack:
    """The phrase pack of `language` in `register` (None: the pack's own); KeyError when there is none."""
    path = _FOLDER / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(language)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pack = PhrasePack.model_validate(data)
    if register is None or register == pack.form or register not in pack.registers:
        return pack
    merged = _merge({k: v for k, v in data.items() if k != "registers"}, pack.registers[register])
    return PhrasePack.model_validate({**merged, "register": register})


def languages() -> list[str]:
    """Languages that have a phrase pack."""
    return list(_languages())


@cache
def _languages() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _FOLDER.iterdir() if p.name.endswith(".yaml")))
