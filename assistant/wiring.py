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
    llm = {"max_prompt_tokens": settings.max_prompt_tokens, "timeout": settings.llm_timeout,
           "retries": settings.llm_retries}
    if settings.backend == "openai":
        return llm | {
            "model": settings.openai_model, "base_url": settings.openai_base_url,
            "api_key": settings.openai_api_key, "response_format": settings.openai_response_format,
        }
    if settings.backend == "langchain":
        return llm | {"model_path": settings.langchain_model}
    if settings.backend == "fake":
        return llm | {"replies_file": settings.fake_replies}
    return {}


def build_service(settings: Settings) -> DraftingService:
    """The service with the store, embedding model and backend the settings name."""
    store = KnowledgeStore(connect(settings.data_dir, settings.chroma_url), settings.embedding_model)
    backend = make_backend(settings.backend, **backend_options(settings))
    return DraftingService(store, backend, min_faq_score=settings.min_faq_score)
