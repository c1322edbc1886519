"""`langchain`: any LangChain chat model, named by import path `package.module:ClassName` (constructed
with no arguments, so configure it by its own environment variables) or given as an instance.

Each call runs with the backend's time bound (a model that hangs counts as failed) and is retried like
every backend's. `max_tokens` and `temperature` are passed to the model's invoke, which LangChain hands to
the provider; `structured_output` also sends OpenAI's `response_format` (for ChatOpenAI and compatible).
"""

from __future__ import annotations

import importlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CallTimeout
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import model_validator

from assistant.backends import backend
from assistant.backends.chat import Capabilities, ChatBackend, ChatCall, ChatOptions
from assistant.errors import BackendError, BadRequest

_KINDS: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="langchain-call")


class LangChainOptions(ChatOptions):
    """Settings of the langchain backend (env: TACTFUL_LANGCHAIN_MODEL, TACTFUL_LLM_*)."""

    model: Any = None
    """A LangChain chat model instance (in code)."""
    model_path: str | None = None
    """Import path `package.module:ClassName` of a chat model built with no arguments (TACTFUL_LANGCHAIN_MODEL)."""
    sampling: bool = True
    """Pass `temperature` and `max_tokens` to the model's invoke (turn off for a provider that refuses them)."""
    structured_output: bool = False
    """Also pass OpenAI's `response_format` with the answer's JSON schema (ChatOpenAI and compatible)."""

    @model_validator(mode="after")
    def _named(self) -> LangChainOptions:
        if self.model is None and not self.model_path:
            raise ValueError("the langchain backend needs TACTFUL_LANGCHAIN_MODEL=package.module:ClassName")
        return self


def load_chat_model(path: str) -> BaseChatModel:
    """Instantiate `module:Class`."""
    module_name, _, class_name = path.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError):
        raise BadRequest(f"cannot import LangChain chat model {path!r}; set TACTFUL_LANGCHAIN_MODEL to "
                         "'package.module:ClassName' of an installed chat model", "langchain_model") from None
    model = cls()
    if not isinstance(model, BaseChatModel):
        raise BadRequest(f"{path!r} is not a LangChain chat model", "langchain_model")
    return model


class LangChainChat(ChatBackend):
    """Drafts with a LangChain chat model."""

    name = "langchain"
    capabilities = Capabilities(structured_output=False, streaming=False)
    options: LangChainOptions

    def __init__(self, **options: Any):
        super().__init__(LangChainOptions(**options))
        model = self.options.model or load_chat_model(str(self.options.model_path))
        if not isinstance(model, BaseChatModel):
            raise BadRequest(f"{type(model).__name__} is not a LangChain chat model", "langchain_model")
        self.model = model

    def _complete(self, call: ChatCall) -> str:
        kwargs: dict[str, Any] = {}
        if self.options.sampling:
            kwargs |= {"temperature": call.temperature, "max_tokens": call.max_tokens}
        if self.options.structured_output:
            kwargs["response_format"] = call.response_format()
        messages = [_KINDS[role](content=content) for role, content in call.messages]
        future = _POOL.submit(self.model.invoke, messages, **kwargs)
        try:
            reply = future.result(timeout=self.options.timeout)
        except CallTimeout:
            future.cancel()
            raise BackendError(f"the LangChain model did not answer within {self.options.timeout:g} s; raise "
                               "TACTFUL_LLM_TIMEOUT or check the provider", retryable=True) from None
        except Exception as exc:  # noqa: BLE001 - any provider error; say which and how to recover
            if "LengthFinishReason" in type(exc).__name__:
                return ""  # structured output cut off at max_tokens: an unusable answer, asked once more
            raise BackendError(f"the LangChain model failed ({type(exc).__name__}); check its settings "
                               "or use TACTFUL_BACKEND=composer", retryable=_transient(exc)) from None
        return reply.content if isinstance(reply.content, str) else str(reply.content)


def _transient(exc: Exception) -> bool:
    """Whether trying again may help: timeouts, connection errors, rate limits and server errors."""
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    if isinstance(status, int):
        return status == 429 or status >= 500
    return isinstance(exc, (TimeoutError, ConnectionError)) or "Timeout" in type(exc).__name__ or (
        "Connection" in type(exc).__name__)


@backend("langchain", LangChainOptions, LangChainChat.capabilities)
def make_langchain(**options: Any) -> LangChainChat:
    return LangChainChat(**options)
