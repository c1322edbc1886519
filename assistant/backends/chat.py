"""What every LLM backend shares: the plan-driven prompt, structured answers, variants that differ on
purpose, retries, the composer's DM draft, revisions and rewrites.

A concrete backend implements `_complete(call)` (one request to its model) and declares its options (a
pydantic model, in its own file) and its `Capabilities`. The model answers with a JSON object (`text`,
`faq_ids`) validated here: an answer that is not one gets one bounded retry that says what was wrong, and
then the composer's draft stands in with a `llm_fallback` finding saying why. Transport failures
(timeouts, refused connections, 5xx, 429) are retried `retries` times, then raise BackendError with what
to check. Public replies come from the model; the private DM draft of a private case comes from the
composer, so what the DM asks for stays exactly what the brand needs. Everything a model writes passes
the same guardrails as the composer's drafts.
"""

from __future__ import annotations

import json
import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.backends.base import Brief, Capabilities, Composed, RewriteBrief
from assistant.backends.composer import Composer
from assistant.backends.llm_prompt import (
    Messages,
    build_messages,
    invalid_message,
    reply_tokens,
    revise_message,
    rewrite_messages,
)
from assistant.errors import BackendError
from guardrails import Finding
from prompts import variant_styles

log = logging.getLogger(__name__)

_FENCED = re.compile(r"^```(?:json)?\s*|\s*```$")


class ChatOptions(BaseModel):
    """Options every LLM backend takes (each backend's own options extend these)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              use_attribute_docstrings=True)

    max_prompt_tokens: int = Field(default=3000, ge=500, le=200_000)
    """Token budget of one prompt (TACTFUL_MAX_PROMPT_TOKENS)."""
    timeout: float = Field(default=30.0, gt=0, le=600)
    """Seconds one model call may take before it counts as failed (TACTFUL_LLM_TIMEOUT)."""
    retries: int = Field(default=1, ge=0, le=5)
    """Further attempts after a transport failure: timeout, refused connection, 5xx, 429 (TACTFUL_LLM_RETRIES)."""


class Answer(BaseModel):
    """What the model must answer with."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str = Field(min_length=1)
    """The reply."""
    faq_ids: tuple[str, ...] = ()
    """FAQ entries the reply states (ids offered in the prompt; any other is dropped)."""


class RewriteAnswer(BaseModel):
    """What the model must answer a rewrite with."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str = Field(min_length=1)
    """The rewritten reply."""


@dataclass(frozen=True)
class ChatCall:
    """One request to a model."""

    messages: Messages
    temperature: float
    max_tokens: int
    schema: dict[str, Any]
    """JSON schema of the answer (sent to servers that constrain output)."""
    brief: Brief | RewriteBrief | None = None
    """What the call is for (the shipped `fake` model reads it; real models see only `messages`)."""
    variant: int = 0
    """Which draft variant this call writes."""

    def response_format(self) -> dict[str, Any]:
        """OpenAI's `response_format` holding the server to `schema`."""
        return {"type": "json_schema", "json_schema": {"name": "reply", "strict": True, "schema": self.schema}}


def answer_schema(limit: int, offered: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The JSON schema a server constrains the answer to: `text` at most `limit` characters and, for a draft,
    `faq_ids` only among the ids the prompt offered. Every string and list is bounded: a grammar-constrained
    small model otherwise goes on (inventing ids, white space) until `max_tokens` cuts its JSON short."""
    properties: dict[str, Any] = {"text": {"type": "string", "minLength": 1, "maxLength": limit}}
    if offered is not None:
        ids: dict[str, Any] = {"type": "string", "enum": list(offered)} if offered else {"type": "string"}
        properties["faq_ids"] = {"type": "array", "items": ids, "maxItems": len(offered)}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


class ChatBackend(ABC):
    """Drafts with a chat model."""

    name: str
    capabilities: ClassVar[Capabilities] = Capabilities()
    options: ChatOptions
    backoff: float = 0.5
    """Seconds before the first retry (doubling after each)."""

    def __init__(self, options: ChatOptions):
        self.options = options

    @property
    def streams(self) -> bool:
        """Whether `compose` can pass reply text on as the model writes it."""
        return self.capabilities.streaming

    @abstractmethod
    def _complete(self, call: ChatCall) -> str:
        """The model's answer to `call`; BackendError (retryable or not) when the model fails."""

    def _stream(self, call: ChatCall) -> Iterator[str]:
        """The model's answer to `call` in pieces as it is written (backends with `capabilities.streaming`)."""
        yield self._complete(call)

    # --- calls ----------------------------------------------------------------------------------

    def _call(self, call: ChatCall) -> str:
        """`_complete` with retries on transport failures."""
        for attempt in range(self.options.retries + 1):
            try:
                return self._complete(call)
            except BackendError as exc:
                if not exc.retryable or attempt == self.options.retries:
                    raise
                log.info("the %s model failed (%s); retrying", self.name, exc)
                time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _streamed(self, call: ChatCall, on_text: Callable[[str], None]) -> str:
        """The whole answer, passing the reply text to `on_text` piece by piece as the model writes it; a
        stream that fails before its first piece is retried as a plain call."""
        field, pieces = TextField(), []
        try:
            for piece in self._stream(call):
                pieces.append(piece)
                if text := field.feed(piece):
                    on_text(text)
        except BackendError:
            if pieces:
                raise
            return self._call(call)
        return "".join(pieces)

    def _structured(self, call: ChatCall, model: type[BaseModel],
                    on_text: Callable[[str], None] | None = None) -> tuple[BaseModel | None, str]:
        """The validated answer and "" , or None and what was wrong after one retry that said so. With
        `on_text`, the first attempt is streamed to it (when the backend can stream)."""
        problem = ""
        for attempt in range(2):
            streaming = on_text is not None and attempt == 0 and self.capabilities.streaming
            raw = self._streamed(call, on_text) if streaming and on_text else self._call(call)
            answer, problem = parse_answer(raw, model)
            if answer is not None:
                return answer, ""
            log.info("the %s model's answer was unusable (%s)%s", self.name, problem,
                     "; asking once more" if attempt == 0 else "")
            retry = [("assistant", raw[:2000]), ("user", invalid_message(problem))]
            call = replace(call, messages=[*call.messages, *retry])
        return None, problem

    # --- drafting -------------------------------------------------------------------------------

    def compose(self, brief: Brief, on_text: Callable[[int, str], None] | None = None) -> list[Composed]:
        """The public drafts of the brief's variants and the composer's DM draft; with `on_text`, each
        variant's reply text is passed to it as the model writes it (variant number, piece)."""
        offered = brief.plan.answer  # only the entries the plan answers with: the overpromise check relies on it
        styles = variant_styles()
        max_tokens = reply_tokens(brief.language, brief.limit)
        composed = Composer().compose(brief)
        fallbacks = [c for c in composed if c.visibility == "public"]
        drafts: list[Composed] = []
        for variant in range(brief.variants):
            style = styles[variant % len(styles)][1] if brief.variants > 1 else ""
            call = ChatCall(messages=build_messages(brief, self.options.max_prompt_tokens, style),
                            temperature=0.3, max_tokens=max_tokens, schema=answer_schema(brief.limit, offered),
                            brief=brief, variant=variant)
            stream = (lambda piece, n=variant: on_text(n, piece)) if on_text else None
            answer, problem = self._structured(call, Answer, stream)
            if isinstance(answer, Answer):
                if any(d.text == answer.text.strip() for d in drafts):
                    continue  # a variant the model wrote twice
                drafts.append(Composed(text=answer.text.strip(),
                                       faq_ids=tuple(i for i in dict.fromkeys(answer.faq_ids) if i in offered)))
                continue
            stand_in = fallbacks[min(variant, len(fallbacks) - 1)]
            if any(d.text == stand_in.text for d in drafts):
                continue
            drafts.append(stand_in.model_copy(update={"notes": (_fallback_note(self.name, problem, brief.language),)}))
        return drafts + [c for c in composed if c.visibility == "private"]

    def revise(self, brief: Brief, text: str, instructions: tuple[str, ...]) -> str | None:
        """One redraft that follows the guardrails' instructions; None when the model fails."""
        messages = build_messages(brief, self.options.max_prompt_tokens)
        messages += [("assistant", json.dumps({"text": text}, ensure_ascii=False)),
                     ("user", revise_message(instructions))]
        call = ChatCall(messages=messages, temperature=0.2, max_tokens=reply_tokens(brief.language, brief.limit),
                        schema=answer_schema(brief.limit, brief.plan.answer), brief=brief)
        try:
            answer, _ = self._structured(call, Answer)
        except BackendError:
            return None
        return answer.text.strip() if isinstance(answer, Answer) else None

    def rewrite(self, brief: RewriteBrief) -> str | None:
        """The agent's text rewritten to `brief.tone` by the model; None when the model fails."""
        call = ChatCall(messages=rewrite_messages(brief, self.options.max_prompt_tokens), temperature=0.2,
                        max_tokens=reply_tokens(brief.language, brief.limit), schema=answer_schema(brief.limit),
                        brief=brief)
        try:
            answer, problem = self._structured(call, RewriteAnswer)
        except BackendError as exc:
            log.warning("the %s model could not rewrite (%s)", self.name, exc)
            return None
        if not isinstance(answer, RewriteAnswer):
            log.warning("the %s model's rewrite was unusable (%s)", self.name, problem)
            return None
        return answer.text.strip()


class TextField:
    """Reads the `text` string of a JSON answer as it streams in: `feed` returns the newly readable text."""

    _START = re.compile(r'"text"\s*:\s*"')

    def __init__(self) -> None:
        self._raw = ""
        self._start = -1
        self._read = 0  # characters of the raw string value consumed
        self._done = False

    def feed(self, piece: str) -> str:
        self._raw += piece
        if self._done:
            return ""
        if self._start < 0:
            found = self._START.search(self._raw)
            if not found:
                return ""
            self._start = self._read = found.end()
        out, i, raw = [], self._read, self._raw
        while i < len(raw):
            ch = raw[i]
            if ch == '"':
                self._done = True
                break
            if ch != "\\":
                out.append(ch)
                i += 1
                continue
            escape = raw[i:i + 6] if raw[i + 1:i + 2] == "u" else raw[i:i + 2]
            if escape[1:2] == "u" and len(escape) == 6 and escape[2:4].lower() in ("d8", "d9", "da", "db"):
                escape = raw[i:i + 12]  # a surrogate pair: both halves make one character
                if len(escape) < 12:
                    break
            if len(escape) < 2 or (escape[1] == "u" and len(escape) < 6):
                break  # wait for the rest of the escape
            try:
                out.append(json.loads(f'"{escape}"'))
            except ValueError:
                out.append(escape)
            i += len(escape)
        self._read = i
        return "".join(out)


def parse_answer(raw: str, model: type[BaseModel]) -> tuple[BaseModel | None, str]:
    """The answer as `model`, or None and what was wrong with it (in words a model can act on)."""
    text = _FENCED.sub("", raw.strip())
    if not text:
        return None, "the answer was empty"
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None, "the answer was not a JSON object"
    try:
        return model.model_validate_json(text[start:end + 1]), ""
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "the object"
        return None, f"{where}: {error['msg']}"


def _fallback_note(backend: str, problem: str, language: str) -> Finding:
    return Finding(
        rule="llm_fallback", severity="warn", start=0, end=0, language=language,
        message=f"the {backend} model gave no usable reply twice ({problem}); this draft is the offline composer's. "
                "Check the model's settings, or use a larger model if this happens often",
    )
