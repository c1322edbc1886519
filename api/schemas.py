"""Wire schemas of the REST API (request bodies; responses reuse the assistant's models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import DraftRequest

Channel = Literal["twitter", "facebook", "instagram"]


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DraftIn(DraftRequest):
    """POST /v1/drafts: a draft request for an ingested brand."""

    brand: str = Field(min_length=1, description="Ingested brand id.")


class CheckIn(_In):
    """POST /v1/checks."""

    brand: str = Field(min_length=1)
    text: str = Field(min_length=1, max_length=10_000, description="The reply to check.")
    channel: Channel = "twitter"
    language: str | None = Field(default=None, description="The customer's language; default: the reply's.")
    faq: tuple[str, ...] = Field(
        default=(),
        description="FAQ ids the reply may draw facts from; none: the entries nearest to the reply and the post.")
    complaint: bool = Field(default=False, description="The customer is complaining (no jokes or emoji then).")
    post: str | None = Field(
        default=None, max_length=10_000,
        description="The customer's post the reply answers: gives the check its context (complaint, language).")


class AnalyzeIn(_In):
    """POST /v1/analyze."""

    text: str = Field(min_length=1, max_length=10_000)
    brand: str | None = Field(default=None, description="With a brand, FAQ retrieval is included.")


class BrandIn(_In):
    """PUT /v1/brands/{id}: the three files of a brand pack as text."""

    brand_yaml: str = Field(min_length=1)
    faq_yaml: str = Field(min_length=1)
    voice_md: str = Field(min_length=1)


class FeedbackIn(_In):
    """POST /v1/feedback: what the agent did with a draft."""

    brand: str = Field(min_length=1)
    draft_id: str = Field(min_length=1, max_length=64)
    verdict: Literal["accepted", "edited", "rejected"]
    final_text: str | None = Field(default=None, max_length=10_000)
