"""LLM backends against a fake OpenAI-compatible HTTP server on loopback and LangChain's fake chat model.

Our own code is not mocked: the openai SDK really talks HTTP to the fake server, and whatever the model
says goes through the same guardrails as the composer's drafts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from pydantic import SecretStr

from assistant import BackendError, DraftingService, DraftRequest
from assistant.backends.base import Brief
from assistant.backends.langchain_chat import LangChainChat
from assistant.backends.llm_prompt import build_messages
from assistant.backends.openai_chat import OpenAIChat
from assistant.budget import count_tokens
from assistant.planner import Situation, make_plan
from knowledge import BrandPack, KnowledgeStore


class FakeOpenAI:
    """A chat-completions endpoint that answers from a queue and records what it was sent."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, str]] = []
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                status, text = fake.replies.pop(0) if fake.replies else (200, "Thanks!")
                payload = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": text}}]}
                data = json.dumps(payload if status == 200 else {"error": {"message": text}}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()


def _service(store: KnowledgeStore, backend: object) -> DraftingService:
    return DraftingService(store, backend)  # type: ignore[arg-type]


def test_openai_backend_drafts_and_guardrails_check_its_output(
    fake_openai: FakeOpenAI, store: KnowledgeStore, pack: BrandPack
) -> None:
    fake_openai.replies = [(200, "Cześć Marta! Wysyłka jest darmowa od 79 €. – Brightfern Care"),
                           (200, "Calm down Marta, po prostu poczekaj."),
                           (200, "Marta, calm down, seriously.")]  # the revision is no better: kept blocked
    backend = OpenAIChat(model="test-model", base_url=fake_openai.url, api_key=SecretStr("k"))
    response = _service(store, backend).draft(
        DraftRequest(text="Ile kosztuje wysyłka do Polski?", author="Marta", variants=2), pack)
    good, bad = response.drafts
    assert good.text.startswith("Cześć Marta") and not good.blocked
    assert bad.blocked and {f.rule for f in bad.findings} >= {"dismissive"}
    assert bad.text == "Calm down Marta, po prostu poczekaj." and bad.repaired == ()
    system, user = fake_openai.requests[0]["messages"]
    assert "Polish" in system["content"] and "Brightfern" in system["content"]
    assert "Ile kosztuje wysyłka" in user["content"] and "data" in user["content"]
    assert pack.entry("shipping-costs").translations["pl"].answer in system["content"]


def test_openai_failure_is_a_backend_error_that_says_what_to_do(
    fake_openai: FakeOpenAI, store: KnowledgeStore, pack: BrandPack
) -> None:
    fake_openai.replies = [(500, "boom"), (500, "boom")]
    backend = OpenAIChat(model="m", base_url=fake_openai.url, api_key=SecretStr("k"))
    with pytest.raises(BackendError, match="composer"):
        _service(store, backend).draft(DraftRequest(text="Where is the Ember manual?"), pack)


def test_openai_backend_refuses_to_start_without_key_or_url() -> None:
    with pytest.raises(Exception, match="TACTFUL_OPENAI_API_KEY"):
        OpenAIChat(model="m")


def test_langchain_backend_with_private_case_adds_the_dm(store: KnowledgeStore, pack: BrandPack) -> None:
    model = FakeListChatModel(responses=["Hi Jo, sorry about the double charge – please DM us. – Brightfern Care"])
    response = _service(store, LangChainChat(model=model)).draft(
        DraftRequest(text="You charged me twice for order BF-123456!", author="Jo"), pack)
    assert [d.visibility for d in response.drafts] == ["public", "private"]
    assert response.drafts[0].text.startswith("Hi Jo")


def test_prompt_stays_within_the_token_budget(store: KnowledgeStore, pack: BrandPack) -> None:
    long_post = "Where is my parcel? " * 400
    reading = _service(store, LangChainChat(model=FakeListChatModel(responses=["ok"]))).analyze(long_post, pack)
    now = datetime.now(UTC)
    plan = make_plan(Situation(pack=pack, reading=reading, post=long_post, language="en", now=now))
    brief = Brief(pack=pack, reading=reading, plan=plan, post=long_post, language="en", channel="twitter",
                  limit=280, now=now)
    messages = build_messages(brief, 700)
    assert sum(count_tokens(content) for _, content in messages) <= 720
    assert "Where is my parcel?" in messages[1][1], "the post itself survives trimming"


def test_blocked_llm_draft_is_repaired_and_rechecked(
    fake_openai: FakeOpenAI, store: KnowledgeStore, pack: BrandPack
) -> None:
    # the model's first draft leaks an email; the service removes it, adds the DM hand-off, re-checks
    fake_openai.replies = [(200, "Hi Sam, we will write to sam.doe@example.com about the refund. – Brightfern Care")]
    backend = OpenAIChat(model="m", base_url=fake_openai.url, api_key=SecretStr("k"))
    response = _service(store, backend).draft(DraftRequest(text="How long do refunds take?", author="Sam"), pack)
    draft = response.drafts[0]
    assert "sam.doe@example.com" not in draft.text
    assert "pii" in draft.repaired and not draft.blocked


def test_blocked_llm_draft_is_revised_by_the_model_when_no_mechanical_fix_exists(
    fake_openai: FakeOpenAI, store: KnowledgeStore, pack: BrandPack
) -> None:
    fake_openai.replies = [
        (200, "Sam, you should have read the returns page before ordering. – Brightfern Care"),
        (200, "Hi Sam, refunds arrive 5–7 business days after your return reaches us. – Brightfern Care"),
    ]
    backend = OpenAIChat(model="m", base_url=fake_openai.url, api_key=SecretStr("k"))
    response = _service(store, backend).draft(DraftRequest(text="How long do refunds take?", author="Sam"), pack)
    draft = response.drafts[0]
    assert draft.text.startswith("Hi Sam, refunds arrive")
    assert "blame" in draft.repaired
    revise_request = fake_openai.requests[1]["messages"]
    assert revise_request[-2]["role"] == "assistant" and "[blame]" in revise_request[-1]["content"]


def test_the_model_is_told_the_plan_and_only_the_faq_it_answers_with(
    fake_openai: FakeOpenAI, store: KnowledgeStore, pack: BrandPack
) -> None:
    backend = OpenAIChat(model="m", base_url=fake_openai.url, api_key=SecretStr("k"))
    fake_openai.replies = [(200, "Hi Tom! Please stop using the stove now; our safety team will contact you.")]
    response = _service(store, backend).draft(
        DraftRequest(text="My Ember stove smells of gas when I light it", author="Tom"), pack)
    system = fake_openai.requests[0]["messages"][0]["content"]
    assert "stop using the product" in system and "safety team" in system  # the plan's escalation step
    assert "Intent of the post: safety" in system
    public = response.drafts[0]
    assert public.plan is not None and public.plan.does("escalate")
    assert public.faq_ids == public.plan.answer  # stamped with what the plan answers with, not every hit
