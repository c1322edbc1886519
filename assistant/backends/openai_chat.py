"""`openai`: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, ...) via the openai SDK."""

from __future__ import annotations

from typing import Any

import openai
from pydantic import SecretStr

from assistant.backends import backend
from assistant.backends.chat import ChatBackend, Messages
from assistant.errors import BackendError, BadRequest


class OpenAIChat(ChatBackend):
    """Drafts with a chat-completions endpoint."""

    name = "openai"

    def __init__(self, model: str, base_url: str | None = None, api_key: SecretStr | None = None,
                 max_prompt_tokens: int = 3000, timeout: float = 30.0, client: Any = None):
        if client is None and api_key is None and base_url is None:
            raise BadRequest(
                "the openai backend needs TACTFUL_OPENAI_API_KEY, or TACTFUL_OPENAI_BASE_URL for a local "
                "OpenAI-compatible server (vLLM, Ollama); or use TACTFUL_BACKEND=composer offline", "backend",
            )
        self.model = model
        self.max_prompt_tokens = max_prompt_tokens
        self._client = client or openai.OpenAI(
            api_key=api_key.get_secret_value() if api_key else "unused", base_url=base_url,
            timeout=timeout, max_retries=1,
        )

    def _complete(self, messages: Messages, temperature: float) -> str:
        wire: list[Any] = [{"role": role, "content": content} for role, content in messages]
        try:
            answer = self._client.chat.completions.create(model=self.model, messages=wire, temperature=temperature)
        except openai.OpenAIError as exc:
            raise BackendError(f"the LLM endpoint failed ({type(exc).__name__}); check "
                               "TACTFUL_OPENAI_BASE_URL / TACTFUL_OPENAI_API_KEY or use the composer") from None
        return (answer.choices[0].message.content or "") if answer.choices else ""


@backend("openai")
def make_openai(**options: Any) -> OpenAIChat:
    return OpenAIChat(**options)
