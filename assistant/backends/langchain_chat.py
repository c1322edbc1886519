"""`langchain`: any LangChain chat model, named by import path `package.module:ClassName` (constructed
with no arguments, so configure it by its own environment variables) or given as an instance."""

from __future__ import annotations

import importlib
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.backends import backend
from assistant.backends.base import Brief, Composed
from assistant.backends.composer import Composer
from assistant.backends.llm_prompt import build_messages, revise_prompt
from assistant.errors import BackendError, BadRequest


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


class LangChainChat:
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

    def compose(self, brief: Brief) -> list[Composed]:
        kinds = {"system": SystemMessage, "user": HumanMessage}
        messages = [kinds[role](content=content) for role, content in build_messages(brief, self.max_prompt_tokens)]
        drafts = []
        for _ in range(brief.variants):
            try:
                reply = self.model.invoke(messages)
            except Exception as exc:  # noqa: BLE001 - any provider error; say which and how to recover
                raise BackendError(f"the LangChain model failed ({type(exc).__name__}); check its settings "
                                   "or use TACTFUL_BACKEND=composer") from None
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
            if not text.strip():
                raise BackendError("the LangChain model returned an empty reply")
            drafts.append(Composed(text=text.strip(), faq_ids=tuple(e.id for e in brief.faq)))
        return drafts + [c for c in Composer().compose(brief) if c.visibility == "private"]

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None:
        """One redraft that follows the guardrails' instructions; None when the model fails."""
        kinds = {"system": SystemMessage, "user": HumanMessage}
        messages: list[Any] = [kinds[r](content=c) for r, c in build_messages(brief, self.max_prompt_tokens)]
        messages += [AIMessage(content=text), HumanMessage(content=revise_prompt(instructions))]
        try:
            reply = self.model.invoke(messages)
        except Exception:  # noqa: BLE001 - any provider error: keep the repaired draft as it is
            return None
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
        return content.strip() or None


@backend("langchain")
def make_langchain(**options: Any) -> LangChainChat:
    return LangChainChat(**options)
