"""Politeness of a reply, 0..1: politeness strategies found by phrase lists, weighed by what people rated polite.

    .venv/bin/python -m eval.politeness               # held-out correlations of the shipped weights, speed
    .venv/bin/python -m eval.politeness --fit         # refit on the train part, write model.json, print the same
    .venv/bin/python -m eval.politeness --compare-e5  # also an e5-small ridge head on a sample (embeds ~3k texts)

Features: the politeness strategies of Danescu-Niculescu-Mizil et al. (ACL 2013), each yes/no per text:
gratitude, apology, greeting, "please" (anywhere, and opening a sentence), deference, positive and negative
words, insults, counterfactual ("could you") and indicative ("can you") modals, hedges, first person
singular and plural, second person, formal address, "by the way", factuality ("in fact"), a sentence
opening with so/and/but, "why" anywhere and opening a sentence, another question word opening one,
obligation ("you must"), a bare imperative ("Read the FAQ.") or a prohibition ("Don't ...") opening a
sentence, plus an exclamation mark. The phrases are data, one file per language
(eval/data/politeness/<lang>.yaml; en.yaml says how they match). The weights are one per feature, shared by
every language (model.json): a language without rated data gets what English, Spanish and French taught,
through its own lists.

Model: ridge regression of the human rating, z-scored per corpus part on its train rows; the L2 strength
and the weight of a TyDiP row are chosen by 5-fold cross-validation inside the train part (mean Spearman
over the parts). The score is Φ(predicted z), the normal CDF: 0.5 is as polite as the average rated
request, 0.84 one standard deviation of human ratings above it. About 0.1 ms a text; no model to load.

Data (../shared/data, human ratings): stanford_politeness_corpus (Wikipedia and Stack Exchange requests,
en) and tydip_politeness_multilingual (Wikipedia requests; en es fr are the languages we have lists for;
its English rows are Stanford Wikipedia texts). Split by a hash of the normalised text, so a text is in
the same part in both corpora: 2 of 5 buckets held out, never seen while fitting or choosing settings.
TyDiP's English rows are therefore not trained on (they are Stanford rows) and are reported separately.
No rated data exists for de, pl, zh, fa or hy: their lists are unvalidated against people; `main` also
prints how the scorer separates the project's hand-written good replies from dismissive or blaming ones
(eval/data/guardrail_replies.jsonl, never used to fit) in every drafting language, as a sanity check.

What it showed (held-out Spearman with the human score; Pearson and binary AUC in model.json):
Stanford Wikipedia 0.54 (AUC 0.87 top vs bottom quartile), Stack Exchange 0.23 (0.66), TyDiP en 0.54,
es 0.18, fr 0.40; all 4,762 held-out rows 0.35. Every rated text is a request, not a care reply. List
changes and settings were judged by cross-validation on the train part only: a "why" anywhere feature and
hedges asking for the other's view raised its mean Spearman 0.30 -> 0.32; a question-mark feature was
dropped (99.8% of the requests have one, so the corpora cannot weigh it); the bare-imperative feature is
rare in requests (CV-neutral) and kept for replies. An e5-small ridge head (--compare-e5; 2,869 train rows,
a held-out sample) ranked better: Wikipedia 0.65 vs 0.47, es 0.44 vs 0.18, fr 0.53 vs 0.40, Stack
Exchange 0.26 vs 0.25. It costs ~35 ms a text here (28 texts/s, one thread) against ~0.1 ms for the lists,
and no embedding of a draft exists to reuse, so the lists ship; the head would suit a `costly` metric.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from eval.jsonl import SHARED, read_jsonl
from guardrails.phrases import compile_phrases, normalise

DATA = Path(__file__).resolve().parent / "data" / "politeness"
MODEL = DATA / "model.json"
STRATEGIES: tuple[str, ...] = (
    "gratitude", "apology", "greeting", "please", "please_start", "deference_start", "positive", "negative",
    "insult", "counterfactual", "indicative", "hedge", "first_plural", "first_person", "first_person_start",
    "second_person", "second_person_start", "formal_you", "by_the_way", "factuality", "direct_start", "why",
    "why_start", "wh_start", "obligation", "imperative_start", "prohibition_start",
)
"""The keys every eval/data/politeness/<lang>.yaml has (`_start`: only at the start of a sentence)."""
MARKS: tuple[str, ...] = ("exclamation",)
"""Found in code; no question mark: nearly every rated request has one, so the corpora cannot weigh it."""
FEATURES: tuple[str, ...] = STRATEGIES + MARKS
FITTED_LANGUAGES = ("en", "es", "fr")
"""Languages with rated data: their lists shape the weights (model.json records their fingerprint)."""
SALT = "tactful-politeness/"
HELDOUT_BUCKETS = 2
"""Of 5 hash buckets."""
L2_GRID = (1.0, 10.0, 100.0, 1000.0)
TYDIP_WEIGHT_GRID = (1.0, 4.0, 16.0)

_LINKS = re.compile(r"@\w+|https?://\S+|<url>", re.IGNORECASE)
_PERSIAN = str.maketrans({"\u064A": "\u06CC", "\u0649": "\u06CC", "\u0643": "\u06A9", "\u200C": " "})
_ARABIC_VOWELS = re.compile("[\u064B-\u0652\u0670]")
_ARMENIAN_MARKS = re.compile("[\u055B\u055C\u055E]")
_SENTENCE = re.compile(r"[.!?;…。！？؟։\n]+")
_LEAD = re.compile(r"^[\W_]+")
_EXCLAIM = re.compile("[!！\u055C]")


def prepare(text: str) -> str:
    """The text as phrases are compared with it: handles and links out, apostrophes straight, Persian letters
    in one form (zero-width non-joiner as a space, no short vowels), Armenian marks over words removed."""
    text = normalise(_LINKS.sub(" ", text)).translate(_PERSIAN)
    return _ARMENIAN_MARKS.sub("", _ARABIC_VOWELS.sub("", text))


# --- strategies ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Strategy:
    """One strategy's phrases in one language, compiled."""

    name: str
    found: re.Pattern[str]
    unless: re.Pattern[str] | None
    """Exceptions: a match inside one of these does not count."""
    start: bool
    """Counts only at the start of a sentence."""

    def present(self, text: str, sentences: Sequence[str]) -> bool:
        if self.start:
            return any(self._counts(s, self.found.match(s)) for s in sentences)
        return any(self._counts(text, m) for m in self.found.finditer(text))

    def _counts(self, text: str, match: re.Match[str] | None) -> bool:
        if match is None:
            return False
        return self.unless is None or not any(
            u.start() <= match.start() and match.end() <= u.end() for u in self.unless.finditer(text))


def _compile(phrases: list[str], case_sensitive: bool) -> re.Pattern[str] | None:
    if not case_sensitive:
        return compile_phrases(phrases)
    alternatives = sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if alternatives else None


@cache
def languages() -> tuple[str, ...]:
    """Languages with a phrase file."""
    return tuple(sorted(p.stem for p in DATA.glob("*.yaml")))


@cache
def strategies(language: str) -> tuple[Strategy, ...]:
    """The compiled strategies of a language (KeyError when it has no file; ValueError naming a missing key)."""
    if language not in languages():
        raise KeyError(f"no politeness phrases for {language!r}; add {DATA}/{language}.yaml (see en.yaml)")
    path = DATA / f"{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in STRATEGIES if not isinstance(data.get(k, None), list)]
    if missing:
        raise ValueError(f"{path}: no list for {', '.join(missing)}; every language lists every strategy "
                         "(an empty list [] when it has none)")
    case_sensitive = set(data.get("case_sensitive") or ())
    compiled = []
    for name in STRATEGIES:
        phrases = [prepare(str(p)) for p in data[name]]
        found = _compile([p for p in phrases if not p.startswith("!")], name in case_sensitive)
        if found is not None:
            unless = _compile([p[1:] for p in phrases if p.startswith("!")], name in case_sensitive)
            compiled.append(Strategy(name, found, unless, name.endswith("_start")))
    return tuple(compiled)


def features(text: str, language: str) -> dict[str, bool]:
    """Which features the text shows (formal address also counts as second person)."""
    clean = prepare(text)
    sentences = [_LEAD.sub("", s) for s in _SENTENCE.split(clean)]
    found = {s.name: s.present(clean, sentences) for s in strategies(language)}
    found["second_person"] = found.get("second_person", False) or found.get("formal_you", False)
    return {name: found.get(name, False) for name in STRATEGIES} | {"exclamation": bool(_EXCLAIM.search(text))}


def vector(text: str, language: str) -> np.ndarray:
    """The features as 0/1 in FEATURES order."""
    found = features(text, language)
    return np.array([float(found[f]) for f in FEATURES])


# --- scoring ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _weights() -> tuple[float, np.ndarray]:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"{MODEL}: its features are not eval/politeness.py's FEATURES; run "
                         "`python -m eval.politeness --fit`")
    return float(data["intercept"]), np.array([float(weights[f]) for f in FEATURES])


def rating(text: str, language: str) -> float:
    """The predicted human rating, in standard deviations from the average rated request."""
    intercept, weights = _weights()
    return intercept + float(vector(text, language) @ weights)


def politeness(text: str, language: str) -> float | None:
    """0..1: Φ of the predicted rating (0.5 = an average rated request); None for a language without
    phrases or a text with no words."""
    if language not in languages() or not re.search(r"\w", text):
        return None
    return 0.5 * (1.0 + math.erf(rating(text, language) / math.sqrt(2.0)))


# --- rated corpora, split --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rated:
    """One human-rated request."""

    part: str
    """Corpus part: stanford-wikipedia, stanford-stackexchange, tydip-<lang>."""
    language: str
    text: str
    score: float
    """The corpus's (normalised) human politeness score."""
    polite: bool | None
    """The binary setting of the papers: top (True) or bottom (False) quartile; None in between."""
    heldout: bool

    @property
    def trainable(self) -> bool:
        """In the train part, and not a TyDiP English row (those are Stanford texts)."""
        return not self.heldout and self.part != "tydip-en"


def bucket(text: str, salt: str = SALT, buckets: int = 5) -> int:
    """A deterministic bucket of the normalised text."""
    key = (salt + " ".join(text.lower().split())).encode("utf-8")
    return int(hashlib.sha256(key).hexdigest()[:12], 16) % buckets


def rated() -> list[Rated]:
    """Every rated request in a language with phrases, with its split."""
    rows = []
    for name in ("wikipedia", "stackexchange"):
        part = read_jsonl(SHARED / "stanford_politeness_corpus" / f"{name}.jsonl")
        lo, hi = np.quantile([r["normalized_score"] for r in part], [0.25, 0.75])
        for r in part:
            s = float(r["normalized_score"])
            rows.append(Rated(f"stanford-{name}", "en", r["text"], s, True if s >= hi else False if s <= lo else None,
                              bucket(r["text"]) < HELDOUT_BUCKETS))
    for r in read_jsonl(SHARED / "tydip_politeness_multilingual" / "test.jsonl"):
        if r["lang"] in languages():
            rows.append(Rated(f"tydip-{r['lang']}", r["lang"], r["text"], float(r["politeness_score"]),
                              {"polite": True, "impolite": False}.get(r["binary_label"]),
                              bucket(r["text"]) < HELDOUT_BUCKETS))
    return rows


def zscores(rows: Sequence[Rated]) -> np.ndarray:
    """Each row's score in standard deviations of its part's train rows."""
    stats = {}
    for part in {r.part for r in rows}:
        train = np.array([r.score for r in rows if r.part == part and not r.heldout])
        stats[part] = (train.mean(), train.std())
    return np.array([(r.score - stats[r.part][0]) / stats[r.part][1] for r in rows])


# --- fitting ---------------------------------------------------------------------------------------------


def ridge(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Weighted least squares with an unpenalised intercept: (intercept, weights)."""
    a = np.hstack([np.ones((len(x), 1)), x])
    penalty = np.eye(a.shape[1]) * l2
    penalty[0, 0] = 0.0
    beta = np.linalg.solve(a.T @ (a * w[:, None]) + penalty, a.T @ (w * y))
    return float(beta[0]), beta[1:]


def ranks(a: np.ndarray) -> np.ndarray:
    """Ranks from 0, ties sharing their mean rank."""
    order = np.argsort(a, kind="mergesort")
    r = np.empty(len(a))
    r[order] = np.arange(len(a))
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    return (np.bincount(inverse, weights=r) / counts)[inverse]


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def auc(predicted: np.ndarray, positive: np.ndarray) -> float | None:
    """P(a positive outranks a negative); None without both."""
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return None
    return float((ranks(predicted)[positive].sum() - n_pos * (n_pos - 1) / 2) / (n_pos * n_neg))


def _row_weights(rows: Sequence[Rated], tydip: float) -> np.ndarray:
    return np.array([tydip if r.part.startswith("tydip") else 1.0 for r in rows])


def _mean_spearman(rows: Sequence[Rated], y: np.ndarray, predicted: np.ndarray) -> float:
    parts = sorted({r.part for r in rows})
    return float(np.mean([spearman(predicted[m], y[m]) for p in parts
                          if (m := np.array([r.part == p for r in rows])).any()]))


def cross_validate(rows: Sequence[Rated], x: np.ndarray, y: np.ndarray, l2_grid: Sequence[float] = L2_GRID,
                   tydip_grid: Sequence[float] = TYDIP_WEIGHT_GRID) -> dict[tuple[float, float], float]:
    """Mean Spearman over the parts of out-of-fold predictions, per (l2, TyDiP row weight); train rows only."""
    folds = np.array([bucket(r.text, SALT + "cv/") for r in rows])
    results = {}
    for l2 in l2_grid:
        for tydip in tydip_grid:
            predicted = np.zeros(len(rows))
            for k in range(5):
                b, w = ridge(x[folds != k], y[folds != k], _row_weights(rows, tydip)[folds != k], l2)
                predicted[folds == k] = b + x[folds == k] @ w
            results[(l2, tydip)] = _mean_spearman(rows, y, predicted)
    return results


def heldout_table(rows: Sequence[Rated], predicted: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    """Per held-out part, and all non-duplicate held-out rows pooled: n, Spearman, Pearson, binary AUC."""
    groups = [(p, np.array([r.heldout and r.part == p for r in rows])) for p in sorted({r.part for r in rows})]
    groups.append(("all (tydip-en left out)", np.array([r.heldout and r.part != "tydip-en" for r in rows])))
    table = []
    for name, mask in groups:
        binary = mask & np.array([r.polite is not None for r in rows])
        positive = np.array([bool(r.polite) for r in rows])[binary]
        langs = sorted({r.language for r, m in zip(rows, mask, strict=True) if m})
        table.append({"part": name, "language": ",".join(langs), "n": int(mask.sum()),
                      "spearman": round(spearman(predicted[mask], y[mask]), 3),
                      "pearson": round(float(np.corrcoef(predicted[mask], y[mask])[0, 1]), 3),
                      "binary_auc": None if (a := auc(predicted[binary], positive)) is None else round(a, 3),
                      "binary_n": int(binary.sum())})
    return table


def fingerprint() -> str:
    """sha256 of the phrase files of the languages with rated data (they shape the weights)."""
    digest = hashlib.sha256()
    for language in FITTED_LANGUAGES:
        digest.update((DATA / f"{language}.yaml").read_bytes())
    return digest.hexdigest()


def fit(rows: Sequence[Rated]) -> dict[str, Any]:
    """Choose settings by cross-validation on the train part, fit on all of it, report the held-out part."""
    x_all = np.stack([vector(r.text, r.language) for r in rows])
    y_all = zscores(rows)
    train = np.array([r.trainable for r in rows])
    train_rows = [r for r in rows if r.trainable]
    cv = cross_validate(train_rows, x_all[train], y_all[train])
    l2, tydip = max(cv, key=lambda k: cv[k])
    intercept, weights = ridge(x_all[train], y_all[train], _row_weights(train_rows, tydip), l2)
    predicted = intercept + x_all @ weights
    return {
        "about": "Weights of eval/politeness.py (politeness strategies -> predicted human rating, z-scored); "
                 "refit with `python -m eval.politeness --fit`.",
        "method": "ridge regression (numpy, unpenalised intercept) of the human score z-scored per corpus part "
                  "on its train rows, on 0/1 features; l2 and the TyDiP row weight chosen by 5-fold CV on "
                  "the train part (mean Spearman over parts)",
        "data": "../shared/data/stanford_politeness_corpus (wikipedia, stackexchange) and "
                "tydip_politeness_multilingual (es, fr; its en rows are Stanford texts, not trained on)",
        "split": f"int(sha256('{SALT}' + lower-cased, space-normalised text)[:12 hex], 16) % 5 < {HELDOUT_BUCKETS}: "
                 f"held out (eval.politeness.bucket); CV folds: the same with salt '{SALT}cv/'",
        "fitted_on": {p: sum(1 for r in train_rows if r.part == p) for p in sorted({r.part for r in train_rows})},
        "lexicon_sha256": fingerprint(),
        "l2": l2, "tydip_row_weight": tydip,
        "cv_mean_spearman": {f"l2={a:g} tydip={b:g}": round(v, 4) for (a, b), v in cv.items()},
        "intercept": round(intercept, 5),
        "weights": {f: round(float(w), 5) for f, w in zip(FEATURES, weights, strict=True)},
        "heldout": heldout_table(rows, predicted, y_all),
    }


# --- checks ----------------------------------------------------------------------------------------------

CARE_REPLIES = Path(__file__).resolve().parent / "data" / "guardrail_replies.jsonl"
CURT_RULES = frozenset({"dismissive", "blame"})


def care_check(score: Callable[[str, str], float | None] = politeness) -> list[dict[str, Any]]:
    """Per language: mean score of the hand-written good replies and of the dismissive or blaming ones, and
    how often a good one outranks a curt one (AUC). Not human ratings: a sanity check for every language."""
    rows = [r for r in read_jsonl(CARE_REPLIES) if r["lang"] in languages()]
    table = []
    for language in sorted({r["lang"] for r in rows}):
        mine = [r for r in rows if r["lang"] == language]
        good = [score(r["text"], language) or 0.0 for r in mine if not r["rules"]]
        curt = [score(r["text"], language) or 0.0 for r in mine if CURT_RULES & set(r["rules"])]
        both = np.array(good + curt)
        a = auc(both, np.array([True] * len(good) + [False] * len(curt)))
        table.append({"language": language, "good": len(good), "curt": len(curt),
                      "good_mean": round(float(np.mean(good)), 3), "curt_mean": round(float(np.mean(curt)), 3),
                      "auc": None if a is None else round(a, 3)})
    return table


def speed(texts: Sequence[str], language: str = "en") -> float:
    """Microseconds per text of `politeness` (warm)."""
    politeness(texts[0], language)
    start = time.perf_counter()
    for t in texts:
        politeness(t, language)
    return 1e6 * (time.perf_counter() - start) / len(texts)


def compare_e5(rows: Sequence[Rated]) -> list[dict[str, Any]]:
    """Held-out Spearman per part of an e5-small ridge head against the shipped lists, on a sample: TyDiP
    rows all, Stanford train 1 in 3, Stanford held-out 1 in 4. Embeds (cached in $TACTFUL_EMBED_CACHE)."""
    from eval.train_reader import embed  # heavy: the embedding model

    def sampled(r: Rated, k: int) -> bool:
        return r.part.startswith("tydip") or bucket(r.text, SALT + "e5/", k) == 0

    y_all = zscores(rows)
    train = [i for i, r in enumerate(rows) if r.trainable and sampled(r, 3)]
    test = [i for i, r in enumerate(rows) if r.heldout and r.part != "tydip-en" and sampled(r, 4)]
    x = embed([rows[i].text for i in train + test]).astype(np.float64)
    x = (x - x[:len(train)].mean(0)) / (x[:len(train)].std(0) + 1e-6)
    train_rows = [rows[i] for i in train]
    cv = cross_validate(train_rows, x[:len(train)], y_all[train], (1e2, 1e3, 1e4, 3e4, 1e5), (1.0, 4.0))
    l2, tydip = max(cv, key=lambda k: cv[k])
    b, w = ridge(x[:len(train)], y_all[train], _row_weights(train_rows, tydip), l2)
    e5, lists = b + x[len(train):] @ w, np.array([rating(rows[i].text, rows[i].language) for i in test])
    table = []
    for part in sorted({rows[i].part for i in test}):
        m = np.array([rows[i].part == part for i in test])
        table.append({"part": part, "n": int(m.sum()), "e5_ridge": round(spearman(e5[m], y_all[test][m]), 3),
                      "lists": round(spearman(lists[m], y_all[test][m]), 3), "e5_l2": l2, "e5_train": len(train)})
    return table


# --- command line ----------------------------------------------------------------------------------------


def _print(table: list[dict[str, Any]], out: Any) -> None:
    keys = list(table[0])
    cells = [[str(k) for k in keys]] + [["—" if row[k] is None else str(row[k]) for k in keys] for row in table]
    widths = [max(len(c[i]) for c in cells) for i in range(len(keys))]
    for c in cells:
        print("  " + "  ".join(v.ljust(wd) for v, wd in zip(c, widths, strict=True)), file=out)


def main(argv: Sequence[str] | None = None, out: Any = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.politeness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help=f"refit and write {MODEL.name}")
    parser.add_argument("--compare-e5", action="store_true", help="also fit an e5-small ridge head on a sample")
    args = parser.parse_args(argv)
    rows = rated()
    if args.fit:
        model = fit(rows)
        MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        _weights.cache_clear()
        print(f"wrote {MODEL} (l2 {model['l2']:g}, TyDiP row weight {model['tydip_row_weight']:g})", file=out)
    y = zscores(rows)
    predicted = np.array([rating(r.text, r.language) for r in rows])
    print("Held-out correlation with the human scores (Spearman, Pearson; binary AUC: top vs bottom quartile)",
          file=out)
    _print(heldout_table(rows, predicted, y), out)
    print("Hand-written care replies, good vs dismissive/blaming (eval/data/guardrail_replies.jsonl; not "
          "human ratings)", file=out)
    _print(care_check(), out)
    print(f"Speed: {speed([r.text for r in rows[:2000]]):.0f} µs per text (2,000 requests, one thread)", file=out)
    if args.compare_e5:
        print("e5-small ridge head vs the lists (held-out Spearman, on a sample)", file=out)
        _print(compare_e5(rows), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
