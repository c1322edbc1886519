"""What Tactful reads in a customer's post (DESIGN.md, "Reading the customer")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Mood = Literal["upset", "sad", "anxious", "confused", "calm", "happy", "playful"]
Flag = Literal["troll", "injection", "escalate", "pii"]
Intent = Literal["question", "problem", "complaint", "praise", "feedback", "safety", "abuse", "other"]
"""What a post wants (DESIGN.md): asks for information, something is wrong and needs fixing, venting with
nothing asked, thanks or compliments, a suggestion or feature request, a safety incident, abuse with nothing
to solve, off-topic / spam / chit-chat."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FaqScore(_Frozen):
    """A retrieved FAQ entry and how well it fits."""

    id: str
    """FAQ entry id."""
    score: float
    """Retrieval score 0..1."""


class Reading(_Frozen):
    """The reading of one post."""

    language: str
    """ISO 639-1 code, "und" when unsure."""
    script: Literal["Hans", "Hant"] | None = None
    """Chinese script, when it matters."""
    intent: Intent = "other"
    """What the post wants."""
    mood: Mood = "calm"
    """The customer's feeling."""
    intensity: float = Field(default=0.0, ge=0.0, le=1.0)
    """How strongly, 0..1."""
    faq: tuple[FaqScore, ...] = ()
    """Ranked FAQ entries that apply."""
    private: bool = False
    """Helping needs account data, or the post holds personal data: continue in a DM."""
    flags: tuple[Flag, ...] = ()
    """Risk flags."""

    def without_faq(self) -> dict[str, object]:
        """The reading as `analyze --json` prints it."""
        return self.model_dump(exclude={"faq"})
