"""`openai`: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, a llama.cpp server) via the openai SDK."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import openai
from pydantic import SecretStr, model_validator

from assistant.backends import backend
from assistant.backends.chat import Capabilities, ChatBackend, ChatCall, ChatOptions
from assistant.errors import BackendError


class OpenAIOptions(ChatOptions):
    """Settings of the openai backend (env: TACTFUL_OPENAI_*, TACTFUL_LLM_*)."""

    model: str = "gpt-4o-mini"
    """Model name as the server knows it (TACTFUL_OPENAI_MODEL)."""
    base_url: str | None = None
    """The server's /v1 URL; unset: api.openai.com (TACTFUL_OPENAI_BASE_URL)."""
    api_key: SecretStr | None = None
    """Bearer key (TACTFUL_OPENAI_API_KEY); local servers take any value."""
    response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    """How the answer's JSON is enforced: the server constrains output to our schema (OpenAI, vLLM, Ollama,
    llama.cpp), only to some JSON object, or not at all (the prompt asks; the answer is validated)
    (TACTFUL_OPENAI_RESPONSE_FORMAT)."""
    client: Any = None
    """An openai.OpenAI client to use instead (tests, custom transports)."""

    @model_validator(mode="after")
    def _reachable(self) -> OpenAIOptions:
        if self.client is None and self.api_key is None and self.base_url is None:
            raise ValueError(
                "the openai backend needs TACTFUL_OPENAI_API_KEY, or TACTFUL_OPENAI_BASE_URL for a local "
                "OpenAI-compatible server (vLLM, Ollama, llama.cpp); or use TACTFUL_BACKEND=composer offline")
        return self


class OpenAIChat(ChatBackend):
    """Drafts with a chat-completions endpoint."""

    name = "openai"
    capabilities = Capabilities(structured_output=True, streaming=True)
    options: OpenAIOptions

    def __init__(self, **options: Any):
        super().__init__(OpenAIOptions(**options))
        o = self.options
        self._client = o.client or openai.OpenAI(
            api_key=o.api_key.get_secret_value() if o.api_key else "unused", base_url=o.base_url,
            timeout=o.timeout, max_retries=0,  # ChatBackend retries, with the same policy for every backend
        )

    def _request(self, call: ChatCall) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.options.response_format == "json_schema":
            extra["response_format"] = call.response_format()
        elif self.options.response_format == "json_object":
            extra["response_format"] = {"type": "json_object"}
        return {"model": self.options.model, "temperature": call.temperature, "max_tokens": call.max_tokens,
                "timeout": self.options.timeout,
                "messages": [{"role": role, "content": content} for role, content in call.messages]} | extra

    def _complete(self, call: ChatCall) -> str:
        with self._errors():
            answer = self._client.chat.completions.create(**self._request(call))
        return (answer.choices[0].message.content or "") if answer.choices else ""

    def _stream(self, call: ChatCall) -> Iterator[str]:
        with self._errors():
            for chunk in self._client.chat.completions.create(**self._request(call), stream=True):
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """The SDK's errors as BackendError, saying what to check; transient ones retryable."""
        try:
            yield
        except openai.APITimeoutError:
            raise BackendError(f"the LLM endpoint did not answer within {self.options.timeout:g} s; raise "
                               "TACTFUL_LLM_TIMEOUT or check the server's load", retryable=True) from None
        except openai.APIConnectionError:
            raise BackendError(f"cannot reach the LLM endpoint {self.options.base_url or 'api.openai.com'}; check "
                               "TACTFUL_OPENAI_BASE_URL and that the server runs, or use the composer",
                               retryable=True) from None
        except openai.APIStatusError as exc:
            retryable = exc.status_code == 429 or exc.status_code >= 500
            raise BackendError(f"the LLM endpoint answered HTTP {exc.status_code}; check TACTFUL_OPENAI_MODEL, "
                               "TACTFUL_OPENAI_BASE_URL / TACTFUL_OPENAI_API_KEY or use the composer",
                               retryable=retryable) from None
        except openai.OpenAIError as exc:
            raise BackendError(f"the LLM endpoint failed ({type(exc).__name__}); check TACTFUL_OPENAI_BASE_URL / "
                               "TACTFUL_OPENAI_API_KEY or use the composer") from None


@backend("openai", OpenAIOptions, OpenAIChat.capabilities)
def make_openai(**options: Any) -> OpenAIChat:
    return OpenAIChat(**options)
