"""What a rule may know about the reply it checks, as plain values (guardrails imports nothing of ours)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CheckContext(BaseModel):
    """The situation a reply is written for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channel: str = "twitter"
    """Channel name (limits differ per channel)."""
    language: str | None = None
    """The customer's language; None means: take the reply's own language."""
    customer_name: str | None = None
    """The customer's name as they show it (display name or first name): the reply may use it, in any script,
    and rule `pii` does not count it as a leaked full name."""
    avoid: tuple[tuple[str, bool], ...] = ()
    """The brand's avoided phrases as (phrase, only-as-first-word)."""
    order_id_pattern: str | None = None
    """Regex of the brand's order numbers, RE2 syntax (run case-insensitively in linear time; see guardrails/pii.py)."""
    faq_answers: tuple[str, ...] = ()
    """Texts of the FAQ answers the reply may draw facts from."""
    complaint: bool = False
    """The customer is complaining (upset, sad, delay, damage, refund or safety)."""
    public: bool = True
    """The reply is posted publicly (a DM may ask for an order number)."""
    quoted: tuple[str, ...] = ()
    """Texts the reply quotes verbatim in another language on purpose (an FAQ answer with no translation in
    the customer's language): `language_mismatch` warns instead of blocking, other rules treat them as FAQ text."""
    post: str | None = None
    """The customer's post the reply answers, when known: `injection` blocks a reply that repeats it (a model
    that echoes a post passes on whatever instructions it holds)."""
