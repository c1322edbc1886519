"""The finding shape every caller sees (DESIGN.md, "Guardrail findings")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["block", "warn"]
RuleName = Literal[
    "dismissive", "blame", "overpromise", "humor_on_complaint", "avoid_word",
    "pii", "pii_request", "injection", "language_mismatch", "too_long",
    "llm_fallback",  # not a guardrail: an LLM's unusable answer was replaced by the composer's draft (warn)
]


class Finding(BaseModel):
    """One problem in a reply: where it is and why, never the personal data it matched."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: RuleName
    """Which rule found it."""
    severity: Severity
    """`block` keeps the draft from being sent as it is; `warn` asks the agent to look."""
    start: int = Field(ge=0)
    """Start offset (characters) in the checked text."""
    end: int = Field(ge=0)
    """End offset (exclusive)."""
    message: str
    """Why it is a problem and what to write instead."""
    language: str
    """Language of the checked text (ISO 639-1)."""
    fix: str | None = None
    """A suggested replacement for text[start:end], when the rule has one ("" means delete)."""


class CheckResult(BaseModel):
    """All findings for one reply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[Finding, ...] = ()
    """Findings in text order."""

    @property
    def blocked(self) -> bool:
        """True when any finding blocks."""
        return any(f.severity == "block" for f in self.findings)
