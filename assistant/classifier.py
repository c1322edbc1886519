"""Mood, intent and privacy need from a small classifier on the post's multilingual-e5-small query embedding.

Three heads (`mood`, `intent`, `private`), each a (multinomial) logistic regression on the standardised
384-d e5 query vector (the same vector the FAQ retrieval computes), trained by `python -m eval.train_reader`
mostly on real care tweets (the tune brands of eval/data/care and hand-labelled twcs tweets with
translations into de es fr pl zh fa hy), with the shared emotion corpora and banking77 at a low weight.
`private` is "helping needs this customer's own order, booking, payment or account" (DESIGN.md); its
threshold ships in the sidecar (`private_threshold`), null while the head does not beat the service's rule
on brands it did not see (eval/train_reader.py --cv).
Weights ship as assistant/data/reader_model.npz; the sidecar reader_model.json names the labels, the
embedding model, the training data and the held-out scores. Numpy only at run time.

Why a classifier and not word lists: the lexicons (assistant/mood.py) did not carry to brands they were not
written for (plastic in food read as happy, a happy Chinese post read as sad); e5 knows the meaning of a
post in any language it was trained on. The lexicon keeps the few cues a sentence embedding blurs
(sarcasm, irony, laughter, emoji): assistant/read.py combines the two.

`embed_query` is shared with retrieval (knowledge.embedding keeps one model per process, behind a lock),
so a post read by the drafting service is embedded once.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

import numpy as np

from assistant.reading import Intent, Mood
from knowledge import clean_post

DATA = Path(__file__).resolve().parent / "data"
MODEL_NPZ = DATA / "reader_model.npz"
MODEL_JSON = DATA / "reader_model.json"
MOODS: tuple[Mood, ...] = get_args(Mood)
INTENTS: tuple[Intent, ...] = get_args(Intent)
PRIVACY: tuple[str, ...] = ("public", "private")
HEADS: dict[str, tuple[str, ...]] = {"mood": MOODS, "intent": INTENTS, "private": PRIVACY}
DIMENSIONS = 384


class ReaderModel:
    """The trained heads: `predict(vector)` gives a probability per mood, per intent and for public/private."""

    def __init__(self, params: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        for head, labels in HEADS.items():
            if tuple(meta["heads"][head]) != labels:
                raise ValueError(f"{MODEL_JSON.name}: {head} labels {meta['heads'][head]} differ from "
                                 f"assistant/reading.py {labels}; retrain with python -m eval.train_reader")
        self._mean = params["mean"]
        self._std = params["std"]
        self._offsets = {str(lang): params["offsets"][i] for i, lang in enumerate(params["offset_languages"])}
        self._heads = {head: (params[f"{head}_W"], params[f"{head}_b"]) for head in HEADS}
        self.meta = meta
        threshold = meta.get("private_threshold")
        self.private_threshold = None if threshold is None else float(threshold)
        """p(private) from which read() takes a post to need account data; None: the head is not used."""

    @classmethod
    def load(cls, npz: Path = MODEL_NPZ, sidecar: Path = MODEL_JSON) -> ReaderModel:
        with np.load(npz) as data:
            params = {name: data[name] for name in data.files}
        return cls(params, json.loads(sidecar.read_text("utf-8")))

    def predict(self, vector: Any, language: str = "") -> dict[str, dict[str, float]]:
        """{"mood": {mood: p}, "intent": {intent: p}, "private": {"public": p, "private": p}} for one e5 query
        vector of a post in `language`.

        The language's offset (its mean shift from English on parallel text, measured in training) is taken
        off first, so a Polish post is read like its English counterpart; a language without an offset is
        read as it is (e5 still places it by meaning, a little less reliably)."""
        x = np.asarray(vector, dtype=np.float32).reshape(-1)
        if x.shape != (DIMENSIONS,):
            raise ValueError(f"expected a {DIMENSIONS}-d e5-small query embedding, got shape {x.shape}")
        if language in self._offsets:
            x = x - self._offsets[language]
        z = (x - self._mean) / self._std
        out: dict[str, dict[str, float]] = {}
        for head, (weight, bias) in self._heads.items():
            logits = z @ weight + bias
            p = np.exp(logits - logits.max())
            p /= p.sum()
            out[head] = {label: float(q) for label, q in zip(HEADS[head], p, strict=True)}
        return out


@lru_cache(maxsize=1)
def model() -> ReaderModel:
    """The shipped model, loaded once per process."""
    return ReaderModel.load()


_LOCK = threading.Lock()
_EMBEDDER: list[Any] = []


def embed(text: str) -> Any:
    """The post's e5 query embedding through knowledge.embedding (one shared model, loaded on first use)."""
    with _LOCK:
        if not _EMBEDDER:
            from knowledge.embedding import embedding_function

            _EMBEDDER.append(embedding_function("e5-small"))
        function = _EMBEDDER[0]
    return function.embed_query([clean_post(text) or text])[0]  # the text retrieval embeds: one vector for both


def classify(text: str, language: str = "", vector: Any = None,
             reader: ReaderModel | None = None) -> dict[str, dict[str, float]]:
    """Mood, intent and privacy distributions for a post in `language` (ISO 639-1); `vector` is its e5 query
    embedding when the caller already computed it; `reader` another model than the shipped one (the
    brand-held-out evaluation in eval/train_reader.py passes one per fold)."""
    return (reader or model()).predict(embed(text) if vector is None else vector, language)
