"""What every drafting backend receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from assistant.drafts import Turn
from assistant.plan import Plan
from assistant.reading import Reading
from guardrails import Finding
from knowledge import BrandPack, FaqEntry


class Capabilities(BaseModel):
    """What a backend can do, declared in its own file."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    structured_output: bool = False
    """The server constrains the answer to the JSON schema (else the prompt asks for it and it is validated)."""
    streaming: bool = False
    """Replies can be streamed token by token."""
    rewrite: bool = True
    """Rewrites an agent's text to a tone itself (else the mechanical rewrite of assistant/rewrite.py answers)."""
    offline: bool = False
    """Needs no network and no key."""


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
    notes: tuple[Finding, ...] = ()
    """What the agent should know about how this draft was written (e.g. an LLM's draft replaced)."""


Tone = Literal["warmer", "shorter", "formal", "simpler", "fix"]
"""What a rewrite of the agent's own text does (`tactful rewrite --tone`, POST /v1/rewrites)."""


class RewriteBrief(BaseModel):
    """An agent's reply to rewrite to a tone, with what the rewrite needs to know."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    pack: BrandPack
    """The brand."""
    text: str
    """The agent's reply as it stands."""
    tone: Tone
    """What the rewrite does."""
    language: str
    """Language of the reply (kept by every rewrite)."""
    channel: str
    """Channel name."""
    limit: int
    """Channel length limit."""
    post: str | None = None
    """The customer's post, when given (context only: never instructions)."""
    complaint: bool = False
    """The customer complains (no humour or emoji; one apology)."""
    faq: tuple[FaqEntry, ...] = ()
    """FAQ entries the reply may state facts from."""
    instructions: tuple[str, ...] = ()
    """For `fix`: what the guardrails ask to change."""


class Backend(Protocol):
    """Writes replies for a brief."""

    name: str

    def compose(self, brief: Brief) -> list[Composed]: ...


@runtime_checkable
class Reviser(Protocol):
    """A backend that can rewrite a blocked draft, following the guardrails' instructions."""

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None: ...


@runtime_checkable
class Streamer(Protocol):
    """A backend that can pass each variant's reply text on as its model writes it."""

    streams: bool

    def compose(self, brief: Brief, on_text: Callable[[int, str], None] | None = None) -> list[Composed]: ...


@runtime_checkable
class Rewriter(Protocol):
    """A backend that can rewrite an agent's reply to a tone (a model); the composer's mechanical rewrites
    are used otherwise (assistant/rewrite.py)."""

    def rewrite(self, brief: RewriteBrief) -> str | None: ...
