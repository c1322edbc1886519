"""What every drafting backend receives and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from assistant.drafts import Turn
from assistant.plan import Plan
from assistant.reading import Reading
from knowledge import BrandPack, FaqEntry


class Brief(BaseModel):
    """Everything a backend may use to write replies."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    pack: BrandPack
    """The brand."""
    reading: Reading
    """How the post was read (faq holds the usable entries)."""
    plan: Plan
    """What the reply must do (assistant/planner.py): every backend renders this plan."""
    post: str
    """The customer's post."""
    language: str
    """Language to write in."""
    channel: str
    """Channel name."""
    limit: int
    """Channel length limit."""
    author: str | None = None
    """The customer's display name, when known (greet with `plan.name`)."""
    faq: tuple[FaqEntry, ...] = ()
    """Entries to draw facts from, best first."""
    thread: tuple[Turn, ...] = ()
    """Earlier messages."""
    variants: int = 1
    """How many public drafts."""
    now: datetime
    """Current time (for support hours)."""


class Composed(BaseModel):
    """One reply as a backend wrote it, before guardrails."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    """The reply."""
    visibility: Literal["public", "private"] = "public"
    """Public reply or DM."""
    faq_ids: tuple[str, ...] = ()
    """Entries its facts come from."""
    plan: Plan | None = None
    """The plan this text renders, when it differs from the brief's (a variant)."""


class Backend(Protocol):
    """Writes replies for a brief."""

    name: str

    def compose(self, brief: Brief) -> list[Composed]: ...


@runtime_checkable
class Reviser(Protocol):
    """A backend that can rewrite a blocked draft, following the guardrails' instructions."""

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None: ...
