"""What the API's database holds, as small frozen values (api.db reads and writes them; nothing here
imports SQLAlchemy, so routes, auth and the CLI use these without touching the storage library)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Role = Literal["agent", "admin"]
"""agent: draft, check and give feedback for its brands; admin: also upload brands and read the audit log."""
Verdict = Literal["accepted", "edited", "rejected"]
"""What the agent did with a draft."""

BrandId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
"""A brand id as knowledge.Brand.id spells it (lowercase, digits, - and _)."""
ALL_BRANDS: Literal["*"] = "*"
"""The brands value of a key that may use every brand."""

INGEST_LEASE_SECONDS = 900
"""How long an upload (API or `tactful ingest`) may hold its brand's lease before another may take over: a
killed upload's lease ends by itself."""


class DatabaseUnavailable(Exception):
    """The database cannot be reached or used; the message says what to check (never the URL's password)."""


class ApiKey(BaseModel):
    """One API key as everyone may see it: never the secret, never its hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=16)
    """Public key id, the part of the token between `tfk_` and the secret; safe in logs and lists."""
    name: str = Field(min_length=1, max_length=100)
    """Who or what holds the key (a person, a team, an integration)."""
    role: Role
    """What the key may do."""
    brands: tuple[BrandId, ...] | Literal["*"] = Field(min_length=1)
    """The brand ids the key may use, or "*" for all."""
    created_at: datetime
    """When the key was created (UTC)."""
    revoked_at: datetime | None = None
    """When the key was revoked (UTC); a revoked key authenticates nothing."""
    last_used_at: datetime | None = None
    """Last successful authentication (UTC), to the minute: it is written at most once a minute."""

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None

    def allows(self, brand: str) -> bool:
        """Whether this key may use `brand`."""
        return self.brands == ALL_BRANDS or brand in self.brands


class FeedbackRecord(BaseModel):
    """What an agent did with one draft. Every text in it was redacted by the caller before it was stored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    """Row id, increasing in the order feedback arrived."""
    created_at: datetime
    """When the feedback arrived (UTC)."""
    key_id: str | None
    """The API key that sent it (None: no auth, local use)."""
    brand: str
    """The brand the draft was for."""
    draft_id: str
    """The draft's id from the draft response."""
    verdict: Verdict
    """Accepted as drafted, edited, or rejected."""
    final_text: str | None
    """What the agent sent (redacted)."""
    post: str | None
    """The customer's post the draft answered (redacted), when the caller sent it."""
    draft_text: str | None
    """The draft as Tactful wrote it (redacted), when the caller sent it."""
    language: str | None
    """The post's language, when known."""


class AuditRecord(BaseModel):
    """One security-relevant event. Holds no customer text: `detail` is a short operator-facing note."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    """Row id, increasing in time."""
    at: datetime
    """When it happened (UTC)."""
    key_id: str | None
    """The key involved, when one was recognised."""
    action: str
    """What was attempted, dotted: brand.upload, auth.refused, brand.refused, key.create, ..."""
    outcome: str
    """ok, refused, failed, ..."""
    brand: str | None
    """The brand concerned, if any."""
    detail: str
    """A short note for the operator (never customer text or secrets)."""
    client: str | None
    """The client's address."""
