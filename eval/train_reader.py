"""Train the reader's heads (assistant/classifier.py: mood, intent, private) on real care tweets and corpora.

    .venv/bin/python -m eval.train_reader                 # embeds (cached), trains, prints held-out scores, writes
    .venv/bin/python -m eval.train_reader --dry-run       # same, writes nothing
    .venv/bin/python -m eval.train_reader --cv --dry-run  # first leave-one-tune-brand-out on the care cases
    .venv/bin/python -m eval.train_reader --out /tmp/m.npz  # write elsewhere (sidecar /tmp/m.json), to compare

Writes assistant/data/reader_model.npz (weights) and assistant/data/reader_model.json (labels, embedding
model, training-data manifest, held-out scores, `private_threshold`). Embeddings are cached outside the
repo in $TACTFUL_EMBED_CACHE (default /tmp/tactful_embed_cache); a run takes ~1 min (--cv ~2 min) on 2 cores.

Data (eval/data/reader_label_map.yaml says how each corpus's labels map):
- care cases: the `tune` split of eval/data/care (239 EN + 10 translated tweets to amazonhelp, delta,
  comcastcares, tesco; mood, intent, private). Report-split rows are skipped on their `split` field.
- twcs tweets labelled by hand (eval/data/reader_labels_twcs.jsonl, 370, mood+intent; brands SpotifyCares,
  ChipotleTweets and the REPORT brands are dropped by the `brand` field before any text is read; 103 are
  from the tune brands, 63 of them also care cases) and translations of 32 into de es fr pl zh fa hy.
- at a low weight (WEIGHTS): mood from goemotions, xed (8 languages), clue, armanemo through
  eval/data/reading_mood_map.jsonl and lingua sentences as calm; intent from banking77.
- private: banking77 rows by their intent's account label (eval/data/reading_banking77_account.jsonl) and
  the brightfern posts' `private`, odd part only.

Model: per head a (multinomial) logistic regression on the standardised 384-d e5 query embedding after a
per-language offset (`language_offsets`); full-batch Adam, seed 13; L2, row weights and class balancing
per head (L2, WEIGHTS, BALANCE) chosen by leave-one-brand-out over the four tune brands (--cv): each fold
trains without the brand's care cases and twcs tweets and reads its care cases with read(). What it showed
(accuracy on the 249 held-out-brand cases, from sweeps of these knobs; majority: upset 0.486, problem 0.386):
  emotion corpora at full weight (the model before):            mood 0.43-0.49  intent 0.47-0.52
  care data only, L2 1e-2 -> 1 -> 3:                            mood 0.54 -> 0.64 -> 0.65, intent 0.53 -> 0.60 -> 0.59
  care data + corpora at 0.03 (mood) / 0.1 (intent), L2 1:     mood 0.66, intent 0.57 (classifier top)
  class balancing (inverse frequency ** 0.3-0.7): mood -1 to -4 points, intent -3 to -6 (brings `feedback` back)
  per-class prior fitted on the other three brands: no gain (mood 0.635 -> 0.627, intent 0.594 -> 0.562)
  read()'s old "calm -> the lexicon's mood" rule: 12 right readings made wrong for 5 fixed; removed.
  400 more twcs tweets to 59 other brands (eval/data/reading_twcs_brands.jsonl) in training: mood 0.663 ->
  0.675, intent 0.602 -> 0.602, but our own posts in 8 languages 0.656 -> 0.584 and a calm Chinese question
  read upset; they are an eval set instead (`python -m eval.reading brands`: mood 0.590, intent 0.600).
Shipped (`--cv`; posts embedded as retrieval embeds them, handles and links removed by knowledge.clean_post,
so the service reads and retrieves with one vector): mood reader 0.663 (amazonhelp 0.637 delta 0.661
comcastcares 0.704 tesco 0.667); intent reader 0.602 (0.648 0.610 0.593 0.511). On raw text the same
setup gave mood 0.627, intent 0.610. The model reads upset/calm/happy and almost never sad,
anxious, confused or playful (19% of the cases); calm vs upset is most of the remaining error.
Private (same folds, P/R/F1): lexicon or pii (read() before) 0.744/0.276/0.403; lexicon or intent ==
problem (the service's rule) 0.618/0.648/0.633; lexicon or p >= t with t chosen by F1 on the other three
brands 0.557/0.743/0.637 (t = 0.3 on all four: 0.569/0.781/0.659, in-sample). No better than the service's
rule, and p is 0.94 for "How long do refunds take after I send a return?" (banking77 teaches "refund ->
account"), so the head ships switched off (PRIVATE_THRESHOLD = None) until it is.

Held out of the shipped model (`--dry-run` prints all groups): mood 2,998 corpus rows acc 0.463 (macro-F1
0.209: the care priors cost the corpora's rare moods); twcs tweets (98) acc 0.694, translations (42) 0.810.
Intent 440 rows acc 0.750: banking77 0.870, twcs 0.500, translations 0.476. Private 356 rows acc 0.817
(banking77 0.837, brightfern 0.714).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.classifier import HEADS, INTENTS, MODEL_JSON, MODEL_NPZ, MOODS, PRIVACY, ReaderModel, classify
from assistant.read import read
from eval.reader_data import TUNE_BRANDS, Example, examples
from eval.reading import binary, macro_f1
from knowledge import clean_post

CACHE = Path(os.environ.get("TACTFUL_EMBED_CACHE", Path(tempfile.gettempdir()) / "tactful_embed_cache"))
EMBEDDING = "e5-small"
SEED = 13
# Row weight per head and kind of row (chosen by leave-one-brand-out over the tune brands, see --cv): the
# corpora only keep the model from forgetting other languages and registers; care posts decide.
WEIGHTS: dict[str, dict[str, float]] = {
    "mood": {"twcs": 3.0, "care": 1.0, "corpus": 0.03},
    "intent": {"twcs": 3.0, "care": 1.0, "corpus": 0.1},
    "private": {"care": 3.0, "corpus": 0.2},
}
L2 = {"mood": 1.0, "intent": 1.0, "private": 0.1}
BALANCE = {"mood": 0.0, "intent": 0.0, "private": 0.0}
PRIVATE_THRESHOLD: float | None = None
"""p(private) from which read() sets `private`; None ships the head switched off. --cv prints the threshold
maximising F1 of "lexicon OR pii OR p >= t" on held-out tune brands (0.3) and its figures: no better than the
service's "lexicon OR intent == problem", and a refund-policy question reads p 0.94 (see the docstring)."""
# --- embeddings -------------------------------------------------------------------------------------------


def embed(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """e5 query embeddings, cached by text in a sqlite file outside the repo."""
    from knowledge.embedding import embedding_function

    texts = [clean_post(t) or t for t in texts]  # as the service embeds a post (knowledge.clean_post)
    CACHE.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(CACHE / f"{EMBEDDING}-query.sqlite")
    db.execute("CREATE TABLE IF NOT EXISTS v (k TEXT PRIMARY KEY, x BLOB)")
    keys = [hashlib.sha1(t.encode("utf-8"), usedforsecurity=False).hexdigest() for t in texts]
    found: dict[str, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for k, x in db.execute(f"SELECT k, x FROM v WHERE k IN ({marks})", chunk):  # noqa: S608 (placeholders only)
            found[k] = np.frombuffer(x, dtype=np.float32)
    todo = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in found))
    if todo:
        function = embedding_function(EMBEDDING)
        start = time.perf_counter()
        for i in range(0, len(todo), batch):
            part = todo[i:i + batch]
            vectors = function.embed_query([t for _, t in part])
            rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for (k, _), v in zip(part, vectors, strict=True)]
            db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)
            db.commit()
            for k, x in rows:
                found[k] = np.frombuffer(x, dtype=np.float32)
            done = i + len(part)
            rate = done / (time.perf_counter() - start)
            print(f"\rembedded {done}/{len(todo)} ({rate:.0f}/s)", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    db.close()
    return np.stack([found[k] for k in keys])


# --- model ------------------------------------------------------------------------------------------------


def language_offsets(data: list[Example], x: np.ndarray) -> dict[str, np.ndarray]:
    """Per language, the mean shift from an English tweet to our translation of it (training pairs only).

    e5 puts a language's posts in their own region; with emotion data that differs by language (no calm
    rows in most non-English corpora) the model would learn "Polish means upset". Subtracting the shift
    measured on parallel text (same content, other language) moves a post back next to its English
    counterparts; content stays, language goes.
    """
    english = {e.pair_id: i for i, e in enumerate(data) if e.source == "twcs" and not e.heldout}
    shifts: dict[str, list[np.ndarray]] = defaultdict(list)
    for i, e in enumerate(data):
        if e.source == "twcs-translated" and not e.heldout and e.pair_id in english:
            shifts[e.lang].append(x[i] - x[english[e.pair_id]])
    return {lang: np.mean(v, axis=0) for lang, v in sorted(shifts.items())}


def _weights(head: str, rows: Sequence[Example], labels: np.ndarray, classes: int) -> np.ndarray:
    """Sample weights of one head: the row kind's weight (WEIGHTS) times a class weight (inverse frequency **
    BALANCE[head]), mean 1. Mood is not balanced: the care priors (mostly upset/calm) are the ones the model
    meets. Balancing intent (power 0.5 or 0.7) brought back `feedback` but cost 3-6 points of intent accuracy on
    held-out tune brands, so it is off."""
    base = np.array([WEIGHTS[head][e.kind] for e in rows])
    mass = np.bincount(labels, weights=base, minlength=classes)
    scale = np.where(mass > 0, (mass.sum() / np.maximum(mass, 1e-9) / classes) ** BALANCE[head], 0.0)
    w = base * scale[labels]
    return w / w.mean()


def train_head(x: np.ndarray, y: np.ndarray, w: np.ndarray, classes: int, l2: float,
               epochs: int = 400, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by full-batch Adam; returns (W [d, k], b [k])."""
    rng = np.random.default_rng(SEED)
    d = x.shape[1]
    weight = rng.normal(0, 0.01, size=(d, classes))
    bias = np.zeros(classes)
    onehot = np.eye(classes)[y]
    m = [np.zeros_like(weight), np.zeros_like(bias)]
    v = [np.zeros_like(weight), np.zeros_like(bias)]
    total = w.sum()
    for t in range(1, epochs + 1):
        logits = x @ weight + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * w[:, None] / total
        grads = [x.T @ g + l2 * weight, g.sum(axis=0)]
        for i, (param, grad) in enumerate(zip((weight, bias), grads, strict=True)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad**2
            param -= lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)
    return weight, bias


def predict(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return np.argmax(x @ weight + bias, axis=1)


# --- reporting -----------------------------------------------------------------------------------------------


def _score(gold: Sequence[str], predicted: Sequence[str]) -> str:
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return f"acc {right / len(gold):.3f} ({right}/{len(gold)})  macro-F1 {macro_f1(gold, predicted):.3f}"


def report(head: str, rows: list[Example], predicted: list[str]) -> Iterable[tuple[str, str]]:
    """(group, score line) over all held-out rows of a head, per language and per source."""
    gold = [str(_label(r, head)) for r in rows]
    yield "all", _score(gold, predicted)
    for key in ("lang", "source"):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            groups[getattr(r, key)].append(i)
        for name, idx in sorted(groups.items()):
            yield f"{key}={name}", _score([gold[i] for i in idx], [predicted[i] for i in idx])


def fit(data: Sequence[Example], x_raw: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Train every head on the rows of `data` not held out: (params for ReaderModel, per-head manifest)."""
    offsets = language_offsets(list(data), x_raw)
    zero = np.zeros(x_raw.shape[1], dtype=np.float32)
    x = x_raw - np.stack([offsets.get(e.lang, zero) for e in data])
    train_rows = [i for i, e in enumerate(data) if not e.heldout]
    mean = x[train_rows].mean(axis=0)
    std = x[train_rows].std(axis=0) + 1e-6
    z = (x - mean) / std
    params: dict[str, np.ndarray] = {
        "mean": mean.astype(np.float32), "std": std.astype(np.float32),
        "offset_languages": np.array(list(offsets)), "offsets": np.stack(list(offsets.values())).astype(np.float32),
    }
    manifest: dict[str, Any] = {}
    for head, labels in HEADS.items():
        train = [i for i in train_rows if _label(data[i], head) is not None]
        y = np.array([labels.index(str(_label(data[i], head))) for i in train])
        weight, bias = train_head(z[train], y, _weights(head, [data[i] for i in train], y, len(labels)),
                                    len(labels), L2[head])
        params[f"{head}_W"] = weight.astype(np.float32)
        params[f"{head}_b"] = bias.astype(np.float32)
        manifest[head] = {"train": dict(Counter(data[i].source for i in train)),
                          "train_labels": dict(Counter(str(_label(data[i], head)) for i in train)),
                          "weights": WEIGHTS[head], "l2": L2[head], "balance_power": BALANCE[head]}
    return params, manifest


def _label(e: Example, head: str) -> str | None:
    if head == "private":
        return None if e.private is None else PRIVACY[e.private]
    value: str | None = getattr(e, head)
    return value


def _meta(threshold: float | None) -> dict[str, Any]:
    return {"heads": HEADS, "private_threshold": threshold}


# --- leave one tune brand out ------------------------------------------------------------------------------


def brand_cv(data: list[Example], x: np.ndarray) -> None:
    """Per tune brand: train without its care cases and twcs tweets, read its care cases with read(); print
    mood, intent and private against the lexicon baselines, and the threshold PRIVATE_THRESHOLD should be."""
    gold: dict[str, list[Any]] = defaultdict(list)
    got: dict[str, list[Any]] = defaultdict(list)
    for brand in TUNE_BRANDS:
        keep = [i for i, e in enumerate(data) if e.brand != brand]
        params, _ = fit([data[i] for i in keep], x[keep])
        fold = ReaderModel(params, _meta(threshold=None))  # read() then gives lexicon-only `private`
        for i, e in enumerate(data):
            if e.source != "care" or e.brand != brand:
                continue
            reading = read(e.text, vector=x[i], reader=fold)
            probs = classify(e.text, reading.language, x[i], fold)
            for key, value in (("mood", e.mood), ("intent", e.intent), ("private", e.private), ("brand", brand)):
                gold[key].append(value)
            got["mood"].append(reading.mood)
            got["intent"].append(reading.intent)
            got["lexicon"].append(reading.private)
            got["p"].append(probs["private"]["private"])
            got["mood_logits"].append(np.log([probs["mood"][m] for m in MOODS]))
            got["intent_logits"].append(np.log([probs["intent"][k] for k in INTENTS]))
    brands = np.array(gold["brand"])
    print(f"\n== leave one tune brand out: {len(brands)} care cases of {', '.join(TUNE_BRANDS)}")
    for head, labels in (("mood", MOODS), ("intent", INTENTS)):
        truth = np.array([labels.index(g) for g in gold[head]])
        logits = np.array(got[f"{head}_logits"])
        corrected = _prior_corrected(logits, truth, brands)
        print(f"  {head:7} reader {_score(gold[head], got[head])}")
        right = np.array(gold[head]) == np.array(got[head])
        per_brand = "  ".join(f"{b} {right[brands == b].mean():.3f}" for b in TUNE_BRANDS)
        print(f"          per brand: {per_brand}")
        print(f"          classifier top {np.mean(logits.argmax(1) == truth):.3f}, with a per-class prior fitted on "
              f"the other three brands {np.mean(corrected.argmax(1) == truth):.3f}")
    private = [bool(g) for g in gold["private"]]
    lexicon = np.array(got["lexicon"], dtype=bool)
    p = np.array(got["p"])
    problem = np.array([i == "problem" for i in got["intent"]])
    grid = [round(t, 2) for t in np.arange(0.2, 0.81, 0.05)]

    def f1(mask: np.ndarray, t: float) -> float:
        return binary(list(zip(np.array(private)[mask], (lexicon | (p >= t))[mask], strict=True)))["f1"]

    nested = np.zeros(len(private), dtype=bool)
    for brand in TUNE_BRANDS:
        t = max(grid, key=lambda t, mask=brands != brand: f1(mask, t))  # type: ignore[misc]
        nested[brands == brand] = (lexicon | (p >= t))[brands == brand]
    every = np.ones(len(private), dtype=bool)
    best = max(grid, key=lambda t: f1(every, t))
    for name, predicted in (("lexicon or pii (read() before)", lexicon),
                            ("lexicon or pii or intent == problem (service)", lexicon | problem),
                            ("lexicon or pii or p >= t (t by F1 on other 3)", nested),
                            (f"  same, t = {best} (best on all four)", lexicon | (p >= best))):
        m = binary(list(zip(private, predicted.tolist(), strict=True)))
        print(f"  private {name:46} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
              f"acc {m['accuracy']:.3f}")
    print(f"  threshold maximising F1 over all four held-out brands: {best} (shipped: {PRIVATE_THRESHOLD})")


def _prior_corrected(logits: np.ndarray, truth: np.ndarray, brands: np.ndarray) -> np.ndarray:
    """Logits plus a per-class bias fitted (cross-entropy, L2 1e-2) on the other brands' held-out cases."""
    out = logits.copy()
    onehot = np.eye(logits.shape[1])[truth]
    for brand in TUNE_BRANDS:
        rest = brands != brand
        bias = np.zeros(logits.shape[1])
        for _ in range(300):
            q = np.exp(logits[rest] + bias - (logits[rest] + bias).max(axis=1, keepdims=True))
            q /= q.sum(axis=1, keepdims=True)
            bias -= (q - onehot[rest]).mean(axis=0) + 1e-2 * bias
        out[~rest] = logits[~rest] + bias
    return out


def heldout_scores(data: list[Example], x_raw: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, dict[str, str]]:
    """Score every head on the held-out rows (corpora test parts, held-out twcs tweets, banking/brightfern)."""
    offsets = {str(lang): params["offsets"][i] for i, lang in enumerate(params["offset_languages"])}
    zero = np.zeros(x_raw.shape[1], dtype=np.float32)
    z = (x_raw - np.stack([offsets.get(e.lang, zero) for e in data]) - params["mean"]) / params["std"]
    scores: dict[str, dict[str, str]] = {}
    for head, labels in HEADS.items():
        test = [i for i, e in enumerate(data) if e.heldout and _label(e, head) is not None]
        predicted = [labels[k] for k in predict(z[test], params[f"{head}_W"], params[f"{head}_b"])]
        scores[head] = dict(report(head, [data[i] for i in test], predicted))
        print(f"\n== {head}: {len(test)} held out")
        for group, line in scores[head].items():
            print(f"  {group:28} {line}")
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.train_reader", description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="train and report, write nothing")
    parser.add_argument("--cv", action="store_true", help="also score leave-one-tune-brand-out on the care cases")
    parser.add_argument("--out", type=Path, default=MODEL_NPZ, help="weights file (the .json sidecar goes next to it)")
    args = parser.parse_args(argv)
    data = examples()
    print(f"{len(data)} texts ({sum(not e.heldout for e in data)} train, {sum(e.heldout for e in data)} held out)")
    x = embed([e.text for e in data])
    if args.cv:
        brand_cv(data, x)
    params, manifest = fit(data, x)
    scores = heldout_scores(data, x, params)
    if args.dry_run:
        return 0
    npz, sidecar = args.out, args.out.with_suffix(".json") if args.out != MODEL_NPZ else MODEL_JSON
    save: Any = np.savez_compressed  # numpy's stub types **arrays as if it were allow_pickle
    save(npz, **params)
    meta = {
        "embedding": EMBEDDING, "input": "e5 query embedding (\"query: \" prefix), 384-d, L2-normalised",
        **_meta(PRIVATE_THRESHOLD),
        "model": "(multinomial) logistic regression per head on the standardised input, after subtracting the "
                 "language's offset",
        "offset_languages": [str(lang) for lang in params["offset_languages"]], "seed": SEED,
        "trained_by": "python -m eval.train_reader", "data": manifest, "heldout_scores": scores,
        "heldout_rule": "shared corpora and banking77/brightfern: eval/reading.py test part (even id); twcs: "
                        "sha1(inbound_tweet_id) % 4 == 0; care cases: see `python -m eval.train_reader --cv`",
    }
    sidecar.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {npz} ({npz.stat().st_size // 1024} KB) and {sidecar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
