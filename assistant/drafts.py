"""Draft requests and results: the shapes `draft --json` and POST /v1/drafts return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.plan import Plan
from assistant.reading import Reading
from guardrails import Finding


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Turn(_Frozen):
    """One earlier message of the thread."""

    role: Literal["customer", "agent"]
    """Who wrote it."""
    text: str = Field(min_length=1, max_length=10_000)
    """What they wrote."""


class DraftRequest(_Frozen):
    """A customer's post to draft replies for."""

    text: str = Field(min_length=1, max_length=10_000)
    """The customer's post."""
    channel: Literal["twitter", "facebook", "instagram"] = "twitter"
    """Where the reply goes."""
    author: str | None = Field(default=None, max_length=200)
    """The customer's name as shown on the channel."""
    variants: int = Field(default=1, ge=1, le=5)
    """How many public drafts to offer."""
    thread: tuple[Turn, ...] = Field(default=(), max_length=50)
    """The conversation so far, oldest first (at most 50 turns)."""


class Draft(_Frozen):
    """One reply, checked."""

    id: str
    """Stable id within the response (d1, d2, ..., dm1)."""
    text: str
    """The reply text."""
    language: str
    """Language of the reply."""
    visibility: Literal["public", "private"]
    """Posted publicly, or sent as a direct message."""
    faq_ids: tuple[str, ...] = ()
    """FAQ entries the reply's facts come from."""
    findings: tuple[Finding, ...] = ()
    """Guardrail findings."""
    blocked: bool = False
    """True when any finding blocks."""
    repaired: tuple[str, ...] = ()
    """Rules whose problems were repaired automatically before the agent saw the draft."""
    plan: Plan | None = None
    """What this draft was written to do (DESIGN.md, "The reply plan")."""


class DraftResponse(_Frozen):
    """Reading plus drafts."""

    reading: Reading
    """How the post was read."""
    drafts: tuple[Draft, ...]
    """Public drafts first, then the private DM draft when the case is private."""


class CheckReport(_Frozen):
    """What `check --json` and POST /v1/checks return."""

    findings: tuple[Finding, ...] = ()
    """Guardrail findings in text order."""
    blocked: bool = False
    """True when any finding blocks."""
    suggestion: str | None = None
    """A mechanically repaired reply that passes the checks, when there is one."""

    def wire(self) -> dict[str, object]:
        """The JSON object: findings and blocked, plus suggestion when there is one."""
        return self.model_dump(mode="json", exclude_none=True)
