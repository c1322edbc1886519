"""A worker warms every phrase-pack language before it reports ready, without ever calling an LLM backend."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import DraftingService, DraftRequest
from assistant.backends.langchain_chat import LangChainChat
from assistant.read import read
from assistant.service import WARM_UP_POSTS
from guardrails.phrases import data_file
from knowledge import BrandPack, KnowledgeStore
from knowledge.store import connect
from prompts.packs import languages


def _posts() -> dict[str, str]:
    return {str(k): str(v) for k, v in data_file(WARM_UP_POSTS, "assistant").items()}


def test_every_phrase_pack_language_has_a_warm_up_post_written_in_it() -> None:
    posts = _posts()
    assert sorted(posts) == languages(), "add a post to assistant/data/warmup.yaml for each phrase-pack language"
    assert {language: read(text).language for language, text in posts.items()} == {lang: lang for lang in posts}


def test_warm_up_drafts_one_post_per_language_for_the_first_brand(service: DraftingService, pack: BrandPack) -> None:
    assert service.warm_up() == len(languages())
    assert service.draft(DraftRequest(text="Ile trwa dostawa do Krakowa?"), pack).drafts


def test_warm_up_without_a_brand_does_nothing(tmp_path: Path) -> None:
    backend = LangChainChat(model=FakeListChatModel(responses=["never used"]))
    service = DraftingService(KnowledgeStore(connect(tmp_path)), backend)
    assert service.warm_up() == 0


def test_warm_up_never_calls_an_llm_backend(store: KnowledgeStore) -> None:
    model = FakeListChatModel(responses=["never used"])
    assert DraftingService(store, LangChainChat(model=model)).warm_up() == len(languages())
    assert model.i == 0, "the fake model's reply was consumed: warm-up called the LLM"
