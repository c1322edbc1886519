"""Wire schemas of the REST API (request bodies; responses reuse the assistant's models)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, model_validator

from assistant import DraftRequest
from assistant.backends.base import Tone

Channel = Literal["twitter", "facebook", "instagram"]
BRAND_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
BrandId = Annotated[str, Field(pattern=BRAND_ID, description="A brand id: lowercase letters, digits, - and _.",
                               examples=["brightfern"])]


NOT_BLANK = r"\S"
"""The schema's pattern for a post or reply: one character that is not white space. Python's `re` (which
schemathesis generates with) and `str.strip` (which the service's "empty" check uses) agree on what white
space is, so text the schema allows is never refused as empty ("\\f\\x1c" was: 400 to a schema-valid body)."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is only white space: send the text itself")
    return value


Text = Annotated[str, Field(min_length=1, max_length=10_000, json_schema_extra={"pattern": NOT_BLANK}),
                 AfterValidator(_not_blank)]
"""A customer's post or an agent's reply on the wire."""


def _unicode(value: Any, where: str = "body") -> None:
    """Refuse unpaired UTF-16 surrogates (valid JSON escapes, not text): they break every encoder downstream."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where} holds an unpaired surrogate (\\ud800-\\udfff): send valid Unicode text") \
                from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _unicode(item, str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _unicode(item, where)


class _Text:
    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        _unicode(data)
        return data


class _In(_Text, BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DraftIn(_Text, DraftRequest):
    """POST /v1/drafts: a draft request for an ingested brand."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"brand": "brightfern", "text": "Ile kosztuje wysyłka do Polski?", "channel": "twitter", "author": "Marta"}]})

    brand: BrandId
    text: Text


class CheckIn(_In):
    """POST /v1/checks."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"brand": "brightfern", "text": "Calm down, we emailed jo@example.com", "channel": "twitter"}]})

    brand: BrandId
    text: Text = Field(description="The reply to check.")
    channel: Channel = "twitter"
    language: str | None = Field(default=None, description="The customer's language; default: the reply's.")
    faq: tuple[Annotated[str, Field(pattern=BRAND_ID)], ...] = Field(
        default=(),
        description="FAQ ids the reply may draw facts from; none: the entries nearest to the reply and the post.")
    complaint: StrictBool = Field(default=False, description="The customer is complaining (no jokes or emoji then).")
    post: str | None = Field(
        default=None, max_length=10_000,
        description="The customer's post the reply answers: gives the check its context (complaint, language).")


class RewriteIn(_In):
    """POST /v1/rewrites: an agent's reply to rewrite to a tone (checked like POST /v1/checks)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"brand": "brightfern", "tone": "warmer", "channel": "twitter",
         "text": "Orders ship within 1 business day.", "post": "My order is late and nobody answers!"}]})

    brand: BrandId
    text: Text = Field(description="The agent's reply to rewrite.")
    tone: Tone = Field(description="warmer (greeting, one apology or thanks, reassurance), shorter (drops "
                                   "sentences without facts), formal, simpler, or fix (the guardrails' repairs).")
    channel: Channel = "twitter"
    post: str | None = Field(
        default=None, max_length=10_000,
        description="The customer's post the reply answers: complaint or not, mood and language.")
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$",
                                 description="The customer's language; default: the post's, else the reply's.")
    faq: tuple[Annotated[str, Field(pattern=BRAND_ID)], ...] = Field(
        default=(), max_length=20,
        description="FAQ ids the reply may draw facts from; none: the entries nearest to the reply and the post.")


class AnalyzeIn(_In):
    """POST /v1/analyze."""

    text: Text
    brand: BrandId | None = Field(default=None, description="With a brand, FAQ retrieval is included.")


class BrandIn(_In):
    """PUT /v1/brands/{id}: the three files of a brand pack as text."""

    brand_yaml: str = Field(min_length=1)
    faq_yaml: str = Field(min_length=1)
    voice_md: str = Field(min_length=1)


class FeedbackIn(_In):
    """POST /v1/feedback: what the agent did with a draft."""

    brand: BrandId
    draft_id: str = Field(min_length=1, max_length=64)
    verdict: Literal["accepted", "edited", "rejected"]
    final_text: str | None = Field(default=None, max_length=10_000,
                                   description="What the agent sent; stored with personal data redacted.")
    post: str | None = Field(default=None, max_length=10_000,
                             description="The customer's post; stored redacted, so feedback can become eval cases.")
    language: str | None = Field(default=None, max_length=16, description="The customer's language.")


class BrandInfo(_In):
    """GET /v1/brands/{id}: what is ingested for a brand."""

    id: str
    name: str
    languages: list[str]
    faq: int = Field(description="FAQ entries.")
    fingerprint: str = Field(description="Content hash of the ingested pack.")
    voice_sections: list[str]


class Accepted(_In):
    """POST /v1/feedback: stored."""

    status: Literal["accepted"] = "accepted"
    id: int | None = Field(default=None, description="The feedback record's id.")


class Health(_In):
    status: Literal["ok"] = "ok"


class Ready(_In):
    status: Literal["ready"] = "ready"
    brands: int = Field(description="Ingested brands.")
