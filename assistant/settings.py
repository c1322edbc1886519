"""The one settings class (env prefix TACTFUL_), read only at the composition roots (CLI, API factory)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set; each field is also the env var TACTFUL_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="TACTFUL_", frozen=True, extra="ignore")

    data_dir: Path = Path(".tactful")
    """Where the embedded Chroma lives."""
    chroma_url: str | None = None
    """A Chroma server (`chroma run`) to use instead of the embedded store, e.g. http://127.0.0.1:8001."""
    embedding_model: str = "e5-small"
    """Registered embedding function name (knowledge.embedding.EMBEDDINGS)."""
    backend: str = "composer"
    """Drafting backend: composer (offline default), openai, langchain, fake (a test double; docs/llm-backends.md)."""
    min_faq_score: float | None = None
    """Retrieval score below which an FAQ entry is not used (unset: the store's calibrated default)."""
    openai_api_key: SecretStr | None = None
    """Key for the openai backend."""
    openai_base_url: str | None = None
    """Any OpenAI-compatible server (vLLM, Ollama, ...)."""
    openai_model: str = "gpt-4o-mini"
    """Model name for the openai backend."""
    langchain_model: str | None = None
    """Import path `module:Class` of a LangChain chat model for the langchain backend."""
    openai_response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    """How the openai backend has the server enforce the answer's JSON (none: the prompt asks, we validate)."""
    fake_replies: Path | None = None
    """A JSON list of answers the fake backend gives before it echoes the composer (tests)."""
    max_prompt_tokens: int = 3000
    """Token budget of one LLM prompt."""
    llm_timeout: float = 30.0
    """Seconds one LLM call may take before it counts as failed."""
    llm_retries: int = 1
    """Further attempts after an LLM call fails on a timeout, a refused connection, a 5xx or a 429."""
    api_keys: SecretStr | None = None
    """API keys and their brands: `key1=brandA|brandB,key2=*`; unset means no auth (local use)."""
    database_url: str | None = None
    """SQLAlchemy URL of the database for API keys, feedback and the audit log (e.g.
    postgresql+psycopg://user@host/db); unset: SQLite at <data_dir>/tactful.db."""
    max_body_bytes: int = 262_144
    """Largest request body the API reads (brand uploads: max_pack_bytes)."""
    max_pack_bytes: int = 8_388_608
    """Largest brand-pack upload body (all three files together)."""
    rate_limit: int = 600
    """Requests per minute per API key (and per client address for failed keys), across the workers."""
    request_timeout: float = 30.0
    """Seconds a request may take before the API answers 503."""

    allow_open: bool = False
    """Answer without API keys while none exists (set by `tactful serve` on loopback or with --insecure-open)."""
    workers: int = 1
    """API worker processes (set by `tactful serve --workers`); the rate limit is shared among them."""

    def database(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'tactful.db').resolve()}"
