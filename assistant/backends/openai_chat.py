"""`openai`: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, ...) via the openai SDK.

Public replies come from the model; the private DM draft of a private case comes from the composer, so
what the DM asks for stays exactly what the brand needs. Everything passes the same guardrails.
"""

from __future__ import annotations

from typing import Any

import openai
from pydantic import SecretStr

from assistant.backends import backend
from assistant.backends.base import Brief, Composed
from assistant.backends.composer import Composer
from assistant.backends.llm_prompt import build_messages, revise_prompt
from assistant.errors import BackendError, BadRequest


class OpenAIChat:
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

    def compose(self, brief: Brief) -> list[Composed]:
        messages: list[Any] = [
            {"role": role, "content": content} for role, content in build_messages(brief, self.max_prompt_tokens)
        ]
        drafts: list[Composed] = []
        faq_ids = tuple(e.id for e in brief.faq)
        for _ in range(brief.variants):
            try:
                answer = self._client.chat.completions.create(
                    model=self.model, messages=messages, temperature=0.7 if drafts else 0.2,
                )
            except openai.OpenAIError as exc:
                raise BackendError(f"the LLM endpoint failed ({type(exc).__name__}); check "
                                   "TACTFUL_OPENAI_BASE_URL / TACTFUL_OPENAI_API_KEY or use the composer") from None
            text = (answer.choices[0].message.content or "").strip() if answer.choices else ""
            if not text:
                raise BackendError("the LLM returned an empty reply")
            drafts.append(Composed(text=text, faq_ids=faq_ids))
        private = [c for c in Composer().compose(brief) if c.visibility == "private"]
        return drafts + private

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None:
        """One redraft that follows the guardrails' instructions; None when the endpoint fails."""
        messages: list[Any] = [{"role": r, "content": c} for r, c in build_messages(brief, self.max_prompt_tokens)]
        messages += [{"role": "assistant", "content": text},
                     {"role": "user", "content": revise_prompt(instructions)}]
        try:
            answer = self._client.chat.completions.create(model=self.model, messages=messages, temperature=0.2)
        except openai.OpenAIError:
            return None
        if not answer.choices:
            return None
        return (answer.choices[0].message.content or "").strip() or None


@backend("openai")
def make_openai(**options: Any) -> OpenAIChat:
    return OpenAIChat(**options)
