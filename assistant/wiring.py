"""Build the drafting service from settings (called by the composition roots only)."""

from __future__ import annotations

from typing import Any

from assistant.backends import make_backend
from assistant.service import DraftingService
from assistant.settings import Settings
from knowledge import KnowledgeStore
from knowledge.store import connect


def backend_options(settings: Settings) -> dict[str, Any]:
    """Options of the configured backend, from settings."""
    if settings.backend == "openai":
        return {
            "model": settings.openai_model, "base_url": settings.openai_base_url,
            "api_key": settings.openai_api_key, "max_prompt_tokens": settings.max_prompt_tokens,
        }
    if settings.backend == "langchain":
        return {"model_path": settings.langchain_model, "max_prompt_tokens": settings.max_prompt_tokens}
    return {}


def build_service(settings: Settings) -> DraftingService:
    """The service with the store, embedding model and backend the settings name."""
    store = KnowledgeStore(connect(settings.data_dir, settings.chroma_url), settings.embedding_model)
    backend = make_backend(settings.backend, **backend_options(settings))
    return DraftingService(store, backend, min_faq_score=settings.min_faq_score)
