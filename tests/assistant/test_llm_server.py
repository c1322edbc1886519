"""The LLM backends against a real OpenAI-compatible server: llama.cpp serving SmolLM2-135M on loopback (the
`llm_server` fixture, tests/llm_server.py).

Nothing is faked between Tactful and the model. The tests assert what an agent would notice (drafts arrive,
every one checked by the guardrails, the DM for a private case, the post's language, a clear error when the
endpoint is down), never the tiny model's prose. Requests are few and short: the file takes about half a
minute on two idle cores.
"""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from typing import Any, Protocol

import openai
import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant import BackendError, DraftingService, DraftRequest, DraftResponse
from assistant.backends.langchain_chat import LangChainChat
from assistant.backends.openai_chat import OpenAIChat
from knowledge import BrandPack, KnowledgeStore


class LlmServer(Protocol):
    """What the `llm_server` fixture yields."""

    url: str
    model: str


TIMEOUT = 120.0
"""Seconds per model call: a 2,000-token prompt takes ~8 s on two idle cores, several times that when other
processes compete for them."""
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
"""A fixed time (support hours): the same request, the same prompt, the same reply from the seeded server."""
MAX_TOKENS = 200
"""Reply cap where a test sets one (the server caps a reply at the same length when the request sets none)."""


def _checked(response: DraftResponse) -> DraftResponse:
    """Assert every draft has text and went through the guardrails: `blocked` exactly when a finding blocks."""
    assert response.drafts
    for draft in response.drafts:
        assert draft.text.strip()
        assert isinstance(draft.findings, tuple)
        assert draft.blocked == any(f.severity == "block" for f in draft.findings), draft
    return response


def _closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_openai_sdk_gets_replies_from_the_server(llm_server: LlmServer) -> None:
    client = openai.OpenAI(base_url=llm_server.url, api_key="unused", timeout=TIMEOUT, max_retries=0)
    messages: list[Any] = [{"role": "user", "content": "Say hello to Marta."}]
    answer = client.chat.completions.create(model=llm_server.model, messages=messages, max_tokens=24)
    assert (answer.choices[0].message.content or "").strip()
    chunks = client.chat.completions.create(model=llm_server.model, messages=messages, max_tokens=24, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).strip()


def test_the_server_holds_the_reply_to_a_json_schema(llm_server: LlmServer) -> None:
    """Structured output is grammar-constrained: even asked for a poem, the model can only write the schema."""
    schema = {"type": "object", "additionalProperties": False, "required": ["text", "faq_ids"], "properties": {
        "text": {"type": "string", "maxLength": 80},
        "faq_ids": {"type": "array", "maxItems": 2, "items": {"type": "string", "enum": ["returns", "shipping"]}}}}
    client = openai.OpenAI(base_url=llm_server.url, api_key="unused", timeout=TIMEOUT, max_retries=0)
    answer = client.chat.completions.create(
        model=llm_server.model, messages=[{"role": "user", "content": "Write a short poem about the sea."}],
        max_tokens=MAX_TOKENS,
        response_format={"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}})
    reply = json.loads(answer.choices[0].message.content or "")
    assert set(reply) == {"text", "faq_ids"} and len(reply["text"]) <= 80
    assert set(reply["faq_ids"]) <= {"returns", "shipping"} and len(reply["faq_ids"]) <= 2


def test_openai_backend_drafts_a_private_case_in_the_posts_language(
    llm_server: LlmServer, store: KnowledgeStore, pack: BrandPack, service: DraftingService
) -> None:
    backend = OpenAIChat(model=llm_server.model, base_url=llm_server.url, api_key=SecretStr("unused"),
                         timeout=TIMEOUT)
    request = DraftRequest(text="Gdzie jest moje zamówienie #12345? Miało dotrzeć w zeszłym tygodniu.",
                           channel="twitter", author="Marta")
    events: list[tuple[str, Any]] = []
    response = _checked(DraftingService(store, backend).draft(request, pack, now=NOW,
                                                              on_event=lambda *e: events.append(e)))
    streamed = "".join(piece for kind, (_, piece) in ((k, p) for k, p in events if k == "text"))
    assert streamed.strip(), "the reply text streamed from the server as it was written"
    assert response.reading.private and response.reading.language == "pl"
    assert [d.visibility for d in response.drafts] == ["public", "private"]
    assert all(d.language == "pl" for d in response.drafts)
    # The server holds the answer to the backend's JSON schema, so even a 135M model's answer is usable: the
    # public draft is the model's, not the composer's words the service falls back to.
    composed = service.draft(request, pack, now=NOW)
    assert response.drafts[0].text != composed.drafts[0].text, "the model's answer was replaced by the composer's"


def test_langchain_backend_drafts_a_private_case_through_the_service(
    llm_server: LlmServer, store: KnowledgeStore, pack: BrandPack, service: DraftingService
) -> None:
    model = ChatOpenAI(base_url=llm_server.url, api_key=SecretStr("unused"), model=llm_server.model,
                       timeout=TIMEOUT, max_retries=0, max_completion_tokens=MAX_TOKENS)
    backend = LangChainChat(model=model, timeout=TIMEOUT, structured_output=True)
    request = DraftRequest(text="Where is my order #12345? It was due last week", channel="twitter", author="Sam")
    response = _checked(DraftingService(store, backend).draft(request, pack, now=NOW))
    assert response.reading.private and response.reading.language == "en"
    assert [d.visibility for d in response.drafts] == ["public", "private"]
    assert all(d.language == "en" for d in response.drafts)
    assert response.drafts[0].text != service.draft(request, pack, now=NOW).drafts[0].text, \
        "with response_format sent through LangChain, the public draft is the model's"


def test_unreachable_endpoint_is_a_backend_error_that_says_what_to_check(
    store: KnowledgeStore, pack: BrandPack
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    backend = OpenAIChat(model="smollm2", base_url=url, api_key=SecretStr("unused"), timeout=5)
    with pytest.raises(BackendError, match="TACTFUL_OPENAI_BASE_URL"):
        DraftingService(store, backend).draft(DraftRequest(text="How long do refunds take?"), pack)
    model = ChatOpenAI(base_url=url, api_key=SecretStr("unused"), model="smollm2", timeout=5, max_retries=0)
    with pytest.raises(BackendError, match="composer"):
        DraftingService(store, LangChainChat(model=model)).draft(DraftRequest(text="How long do refunds take?"), pack)
