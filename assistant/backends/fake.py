"""`fake`: a stand-in chat model that ships with the code, so the LLM path (prompt, structured answer,
validation, retry, fallback, guardrails) runs offline in the CLI, API and extension tests.

It answers from `replies` (or the JSON list in TACTFUL_FAKE_REPLIES) in order, then echoes: a draft call
gets the composer's draft for the brief as a valid answer, a rewrite gets the agent's text back unchanged.
Never use it for real customers: it is a test double, not a model.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from assistant.backends import backend
from assistant.backends.base import Brief, RewriteBrief
from assistant.backends.chat import Capabilities, ChatBackend, ChatCall, ChatOptions
from assistant.backends.composer import Composer
from assistant.errors import BadRequest


class FakeOptions(ChatOptions):
    """Settings of the fake backend."""

    replies: tuple[str, ...] = ()
    """What the model answers, in order, before it starts echoing."""
    replies_file: Path | None = Field(default=None)
    """A JSON file with a list of such answers (TACTFUL_FAKE_REPLIES)."""

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        path = data.get("replies_file") if isinstance(data, dict) else None
        if path is None:
            return data
        try:
            replies = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"TACTFUL_FAKE_REPLIES: cannot read {path} as JSON ({exc})") from None
        if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
            raise ValueError(f"TACTFUL_FAKE_REPLIES: {path} must hold a JSON list of strings")
        return data | {"replies": (*data.get("replies", ()), *replies)}


class FakeChat(ChatBackend):
    """Scripted answers, then the composer's drafts as a model would send them."""

    name = "fake"
    capabilities = Capabilities(structured_output=True, streaming=True, offline=True)
    options: FakeOptions

    def __init__(self, **options: Any):
        super().__init__(FakeOptions(**options))
        self._queue = list(self.options.replies)
        self._lock = threading.Lock()
        self.calls: list[ChatCall] = []
        """Every call received, for tests to read."""

    def _complete(self, call: ChatCall) -> str:
        with self._lock:
            self.calls.append(call)
            if self._queue:
                return self._queue.pop(0)
        return _echo(call)

    def _stream(self, call: ChatCall) -> Iterator[str]:
        answer = self._complete(call)
        yield from (answer[i:i + 12] for i in range(0, len(answer), 12))


def _echo(call: ChatCall) -> str:
    brief = call.brief
    if isinstance(brief, RewriteBrief):
        return json.dumps({"text": brief.text}, ensure_ascii=False)
    if not isinstance(brief, Brief):
        raise BadRequest("the fake backend answers only calls made for a brief", "backend")
    public = [c for c in Composer().compose(brief) if c.visibility == "public"]
    draft = public[min(call.variant, len(public) - 1)]
    return json.dumps({"text": draft.text, "faq_ids": list(draft.faq_ids)}, ensure_ascii=False)


@backend("fake", FakeOptions, FakeChat.capabilities)
def make_fake(**options: Any) -> FakeChat:
    return FakeChat(**options)
