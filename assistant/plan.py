"""The reply plan (DESIGN.md, "The reply plan"): what a reply does, as data, before any text.

assistant/planner.py decides it.

Every backend renders the same plan: the composer from named phrase-pack slots, an LLM from a prompt built
from it. A sentence is written only when the plan makes it true.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.reading import Intent, Mood
from prompts.packs import Register

Action = Literal[
    "greet", "again", "thank", "apologise", "reassure", "answer", "foreign_answer", "ask_details", "dm",
    "escalate", "deflect", "unknown", "feedback_noted", "complaint_noted", "hours", "sign_off",
]
"""The things a reply can do, in the order a reply does them."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Plan(_Frozen):
    """What the reply must do and in which tone."""

    intent: Intent
    """What the post wants (from the reading)."""
    mood: Mood
    """The mood the reply mirrors."""
    language: str
    """Language the reply is written in (the customer's whenever a phrase pack exists)."""
    address: Register = "informal"
    """Form of address in languages that have two (du/Sie, tu/vous ...), from the brand pack."""
    name: str | None = None
    """First name to greet with; None for a handle or an unknown author."""
    actions: tuple[Action, ...] = ()
    """What the reply does, in order."""
    answer: tuple[str, ...] = ()
    """FAQ ids whose answers the reply gives."""
    answer_language: str | None = None
    """Language the answers are quoted in when no translation in `language` exists (a `warn` for the agent)."""
    dm_asks: tuple[str, ...] = ()
    """What the direct message asks for, as phrases in `language`."""
    recommend: Literal["reply", "no_reply"] = "reply"
    """`no_reply`: abuse with nothing to solve; the agent may prefer to leave it."""

    def does(self, action: Action) -> bool:
        """Whether the plan includes `action`."""
        return action in self.actions
