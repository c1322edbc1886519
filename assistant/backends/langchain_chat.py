"""`langchain`: any LangChain chat model, named by import path `package.module:ClassName` (constructed
with no arguments, so configure it by its own environment variables) or given as an instance."""

from __future__ import annotations

import importlib
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.backends import backend
from assistant.backends.chat import ChatBackend, Messages
from assistant.errors import BackendError, BadRequest

_KINDS: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


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

    def __init__(self, model: BaseChatModel | None = None, model_path: str | None = None,
                 max_prompt_tokens: int = 3000):
        if model is None:
            if not model_path:
                raise BadRequest("the langchain backend needs TACTFUL_LANGCHAIN_MODEL=package.module:ClassName",
                                 "langchain_model")
            model = load_chat_model(model_path)
        self.model = model
        self.max_prompt_tokens = max_prompt_tokens

    def _complete(self, messages: Messages, temperature: float) -> str:
        try:
            reply = self.model.invoke([_KINDS[role](content=content) for role, content in messages])
        except Exception as exc:  # noqa: BLE001 - any provider error; say which and how to recover
            raise BackendError(f"the LangChain model failed ({type(exc).__name__}); check its settings "
                               "or use TACTFUL_BACKEND=composer") from None
        return reply.content if isinstance(reply.content, str) else str(reply.content)


@backend("langchain")
def make_langchain(**options: Any) -> LangChainChat:
    return LangChainChat(**options)
