"""`similarity_cosine`: e5 cosine between the first public draft and the case's reference agent reply.

Costly (`costly = True`): it embeds two texts per case with the e5-small model the knowledge store uses,
so the runner skips it with --no-cosine. Both texts are embedded as passages (a symmetric comparison).
Like chrF, a trend over many cases, not a verdict on one.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

import numpy as np

from eval.metrics.base import NOT_APPLICABLE, CareCase, Metric, Score, first_public, register, skip
from knowledge.embedding import embedding_function


@register
class SimilarityCosine(Metric):
    name = "similarity_cosine"
    description = "e5-small cosine similarity of the first public draft to the reference agent reply"
    group = "similarity"
    costly = True

    _embed: ClassVar[Any] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def embedder(cls) -> Any:
        """The embedding function in use: the e5 model (loaded on first use), or what `use` set."""
        with cls._lock:
            if cls._embed is None:
                cls._embed = embedding_function("e5-small")
            return cls._embed

    @classmethod
    def use(cls, embed: Any) -> None:
        """Embed with `embed` from now on (a runner puts a cache in front of the model; scores do not change)."""
        with cls._lock:
            cls._embed = embed

    @classmethod
    def embed(cls, texts: list[str]) -> np.ndarray:
        """Unit-length passage embeddings of `texts`, one row each."""
        vectors = np.asarray(cls.embedder()(texts), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def score(self, case: CareCase, response: dict[str, Any]) -> Score:
        if not case.reference:
            return NOT_APPLICABLE
        draft = first_public(response)
        if draft is None:
            return skip("no public draft")
        a, b = self.embed([str(draft.get("text", "")), case.reference])
        return Score(value=round(float(a @ b), 4), passed=None, reason="cosine")
