"""What every LLM backend shares: the prompt, variants, the composer's DM draft, and one revision.

A concrete backend implements only `_complete(messages, temperature)`, returning the model's text or
raising BackendError. Public replies come from the model; the private DM draft of a private case comes
from the composer, so what the DM asks for stays exactly what the brand needs. Everything the model
writes passes the same guardrails as the composer's drafts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from assistant.backends.base import Brief, Composed
from assistant.backends.composer import Composer
from assistant.backends.llm_prompt import build_messages, revise_prompt
from assistant.errors import BackendError

Messages = list[tuple[str, str]]
"""(role, content) pairs; role is system, user or assistant."""


class ChatBackend(ABC):
    """Drafts with a chat model."""

    name: str
    max_prompt_tokens: int = 3000

    @abstractmethod
    def _complete(self, messages: Messages, temperature: float) -> str:
        """The model's reply to `messages`; BackendError when the model fails."""

    def compose(self, brief: Brief) -> list[Composed]:
        messages = build_messages(brief, self.max_prompt_tokens)
        faq_ids = brief.plan.answer  # only the entries the plan answers with: the overpromise check relies on it
        drafts = []
        for variant in range(brief.variants):
            text = self._complete(messages, temperature=0.7 if variant else 0.2).strip()
            if not text:
                raise BackendError(f"the {self.name} model returned an empty reply")
            drafts.append(Composed(text=text, faq_ids=faq_ids))
        return drafts + [c for c in Composer().compose(brief) if c.visibility == "private"]

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None:
        """One redraft that follows the guardrails' instructions; None when the model fails."""
        messages = build_messages(brief, self.max_prompt_tokens)
        messages += [("assistant", text), ("user", revise_prompt(instructions))]
        try:
            return self._complete(messages, temperature=0.2).strip() or None
        except BackendError:
            return None
