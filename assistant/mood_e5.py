"""Mood from e5 prototypes: the mood whose prototype posts (assistant/data/mood_prototypes.yaml) a post is
nearest to in multilingual-e5-small space. Works in any language e5 knows, with no per-language lexicon.

Costs one e5 embedding per post (about 30-80 ms on a busy 2-core machine, plus ~1 s to load the model
once), so the default `read()` does not use it; `read_mood_hybrid` asks e5 only when the lexicon found no
feeling words at all. Measured by `python -m eval.reading mood --e5` next to the lexicon and a majority
baseline.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from typing import Any, cast

import numpy as np
import yaml

from assistant.mood import read_mood
from assistant.reading import Mood
from knowledge.embedding import embedding_function

_TOP = 3  # a mood's score: mean cosine of its 3 nearest prototypes (robust to one odd prototype)
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _prototypes() -> tuple[tuple[Mood, ...], Any, Any]:
    data = yaml.safe_load((resources.files("assistant") / "data" / "mood_prototypes.yaml").read_text("utf-8"))
    moods: list[Mood] = []
    texts: list[str] = []
    for mood, sentences in data.items():
        for sentence in sentences:
            moods.append(cast(Mood, mood))
            texts.append(str(sentence))
    vectors = np.asarray(_embed(texts), dtype=np.float32)
    return tuple(moods), np.asarray(moods), vectors


@lru_cache(maxsize=1)
def _function() -> Any:
    return embedding_function("e5-small")


def _embed(texts: list[str]) -> list[Any]:
    with _LOCK:
        return list(_function().embed_query(texts))


@lru_cache(maxsize=1024)
def _vector(text: str) -> Any:
    return np.asarray(_embed([text])[0], dtype=np.float32)


def read_mood_e5(text: str, language: str = "") -> tuple[Mood, float]:
    """The nearest mood and a 0..1 intensity from its lead over the runner-up."""
    order, labels, vectors = _prototypes()
    vector = _vector(text)
    sims = vectors @ vector
    scores: dict[Mood, float] = {}
    for mood in dict.fromkeys(order):
        own = np.sort(sims[labels == mood])[-_TOP:]
        scores[mood] = float(own.mean())
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best, round(min(1.0, 0.3 + 10 * (top - second)), 2)


def read_mood_hybrid(text: str, language: str) -> tuple[Mood, float]:
    """The lexicon's answer when it found feeling words, else e5's (never e5's 'calm' over a question)."""
    mood, intensity = read_mood(text, language)
    if intensity > 0.1:  # the lexicon's "nothing found" answer is ("calm", 0.1)
        return mood, intensity
    return read_mood_e5(text, language)
