"""Lexical retrieval: Okapi BM25 over a brand version's documents, with a tokenizer for many scripts.

Why our own BM25 rather than a library: it is forty lines, it needs no new runtime dependency, and the
tokenizer is the part that matters. Words are lower-cased, stripped of accents (customers type "wysylka"
for "wysyłka") and cut to their first `STEM` characters, a crude stemmer that lets "shipping"/"shipped"
or the Polish "zamówienie"/"zamówienia" meet without a language-specific stemmer. Scripts without spaces
(Chinese, Japanese) become overlapping character bigrams. Lexical scores complement the dense model
where it is weakest: rare names, codes and product words ("Ember", "BLIK", "click & collect").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np

STEM = 6
"""Characters kept of each word: long enough to keep words apart, short enough to join inflections."""
K1, B = 1.2, 0.75

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MENTION_OR_URL = re.compile(r"@\w+|https?://\S+|www\.\S+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l")


def tokens(text: str) -> list[str]:
    """Index terms of `text`: folded word stems, CJK character bigrams; handles and links dropped."""
    out: list[str] = []
    for word in _WORD.findall(_MENTION_OR_URL.sub(" ", text)):
        if _CJK.search(word):
            chars = [c for c in word if not c.isdigit()]
            out += chars if len(chars) == 1 else [a + b for a, b in zip(chars, chars[1:], strict=False)]
        elif len(word) > 1 or word.isdigit():
            out.append(_fold(word)[:STEM])
    return out


class Bm25:
    """Okapi BM25 over a fixed list of documents; `scores` gives one score per document.

    A document's weight for a term does not depend on the query, so it is computed once at build time;
    a query then adds one precomputed vector slice per term (numpy), fast for 10,000 documents.
    """

    def __init__(self, documents: Sequence[str]):
        counts = [Counter(tokens(d)) for d in documents]
        lengths = [sum(c.values()) for c in counts]
        avg = (sum(lengths) / len(lengths)) if lengths else 0.0
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(counts)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, c in enumerate(counts):
            norm = K1 * (1 - B + B * lengths[i] / avg) if avg else K1
            for term, tf in c.items():
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                ids, weights = postings.setdefault(term, ([], []))
                ids.append(i)
                weights.append(idf * tf * (K1 + 1) / (tf + norm))
        self._n = n
        self._postings = {
            term: (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))
            for term, (ids, weights) in postings.items()
        }

    def __len__(self) -> int:
        return self._n

    def scores(self, query: str) -> list[float]:
        """BM25 score of every document for `query` (0 for documents sharing no term)."""
        result = np.zeros(self._n)
        for term in set(tokens(query)):
            posting = self._postings.get(term)
            if posting is not None:
                result[posting[0]] += posting[1]
        return [float(v) for v in result]


def _script(text: str) -> str:
    """The Unicode script most letters of `text` are written in ("LATIN", "CJK", "ARMENIAN"...); "" if none."""
    counts = Counter(unicodedata.name(c, " ").split(" ")[0] for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


class LanguageGuess:
    """Which of a brand's languages a post is written in, judged from the brand's own documents.

    The languages whose documents share the most index terms with the post; when no term is shared (a
    short post, or one about an entry that has no version in its language), the languages written in
    the post's script. Several languages, or none, when the documents cannot tell them apart.
    """

    def __init__(self, documents: Sequence[tuple[str, str]]):
        """`documents`: (language, text) pairs."""
        vocabulary: dict[str, set[str]] = {}
        scripts: dict[str, Counter[str]] = {}
        for language, text in documents:
            vocabulary.setdefault(language, set()).update(tokens(text))
            scripts.setdefault(language, Counter())[_script(text)] += 1
        self._vocabulary = {lang: frozenset(words) for lang, words in vocabulary.items()}
        self._scripts = {lang: counts.most_common(1)[0][0] for lang, counts in scripts.items()}

    def __call__(self, text: str) -> frozenset[str]:
        terms = set(tokens(text))
        shared = {lang: len(terms & words) for lang, words in self._vocabulary.items()}
        best = max(shared.values(), default=0)
        if best:
            return frozenset(lang for lang, n in shared.items() if n == best)
        script = _script(text)
        return frozenset(lang for lang, s in self._scripts.items() if script and s == script)
