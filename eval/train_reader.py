"""Train the reader's mood and intent heads (assistant/classifier.py) on the shared corpora and our labels.

    .venv/bin/python -m eval.train_reader            # embeds (cached), trains, prints held-out scores, writes
    .venv/bin/python -m eval.train_reader --dry-run  # same, writes nothing

Writes assistant/data/reader_model.npz (weights) and assistant/data/reader_model.json (labels, embedding
model, training-data manifest, held-out scores). Embeddings are cached outside the repo in
$TACTFUL_EMBED_CACHE (default /tmp/tactful_embed_cache), so a rerun takes seconds.

Data (eval/data/reader_label_map.yaml says how each corpus's labels map):
- mood: goemotions (en), xed_emotions_multilingual (en human-labelled; de es fr pl zh fa projected),
  clue_emotion_zh (zh), armanemo_persian_emotion (fa), through eval/data/reading_mood_map.jsonl (the same
  table `python -m eval.reading mood` scores against); lingua_langid_testdata sentences as calm (8 languages);
- intent: banking77 (question/problem);
- both: twcs tweets labelled by hand (eval/data/reader_labels_twcs.jsonl, 370 tweets, pair_id -> labels;
  brands SpotifyCares and ChipotleTweets are dropped by the `brand` field before any text is read, the
  REPORT brands are never used, and tweets already in eval/data/reading_*.jsonl are left out) and our
  translations of 32 of them into de es fr pl zh fa hy (eval/data/reader_labels_translations.jsonl).

Held out: for the shared corpora, the part eval/reading.py calls `test` (rows whose id ends in an even
number), so `python -m eval.reading mood|care` stays a held-out measurement; for twcs, tweets whose
sha1(inbound_tweet_id) is 0 mod 4, together with every translation of them. Classes are balanced by
weight (inverse frequency to the power 0.7); hand-labelled care posts weigh 3x a corpus row.

Model: per head, a multinomial logistic regression on the standardised 384-d multilingual-e5-small query
embedding after subtracting a per-language offset (mean shift English -> translation on the training
pairs; see `language_offsets`), L2 1e-2, full-batch Adam, seed 13. 13,062 texts; ~5 min to embed cold
on the 2-core machine, seconds from the cache.

Measured on the shipped model (held-out parts; `.venv/bin/python -m eval.train_reader --dry-run` prints all
groups):
  mood   all 2,998 rows: acc 0.502, macro-F1 0.399.  Per language acc: en 0.541  de 0.474  es 0.452
         fr 0.488  pl 0.514  zh 0.500  fa 0.491  hy 0.700 (30 rows).  Real care tweets (twcs, 98): acc
         0.531, macro-F1 0.372; their translations (42): acc 0.571.
  intent all 440 rows: acc 0.834, macro-F1 0.641.  banking77 (300): acc 0.950.  twcs tweets (98): acc
         0.602, macro-F1 0.504; translations (42, 6 per language): acc 0.548, macro-F1 0.659 (per
         language 2-4 of 6 right: too few rows to rank languages).
Against the lexicon-only reader, `.venv/bin/python -m eval.reading mood --e5 --limit 250` (macro-F1, held-
out part; lexicon / classifier / reader = read() with the lexicon's cues and the flags):
  goemotions en 0.414/0.388/0.396  xed en 0.130/0.501/0.500  xed pl 0.109/0.433/0.433
  xed de 0.072/0.390/0.381  xed es 0.079/0.416/0.411  xed fr 0.056/0.400/0.400  xed zh_cn 0.106/0.478/0.478
  xed zh_tw 0.028/0.342/0.326  xed fa 0.099/0.363/0.353  armanemo fa 0.193/0.470/0.455  clue zh 0.255/0.407/0.397
and `.venv/bin/python -m eval.reading care --e5` (accuracy; our own posts, written with the lexicons):
  care set (21 posts) lexicon 0.857, classifier 0.476, reader 0.762; all own posts (125) lexicon 0.744,
  classifier 0.496, reader 0.640 (hy 7/14, zh 7/14 are the weakest).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.classifier import HEADS, INTENTS, MODEL_JSON, MODEL_NPZ, MOODS
from eval.jsonl import read_jsonl
from eval.reading import OWN, SHARED, in_part, macro_f1
from eval.reading_mood import _corpora, _gold, _mapping

CACHE = Path(os.environ.get("TACTFUL_EMBED_CACHE", Path(tempfile.gettempdir()) / "tactful_embed_cache"))
EMBEDDING = "e5-small"
SEED = 13
FORBIDDEN_BRANDS = frozenset({"SpotifyCares", "ChipotleTweets"})
REPORT_BRANDS = frozenset({"AppleSupport", "Uber_Support", "British_Airways", "AskPlayStation", "McDonalds",
                           "AskPapaJohns"})
CARE_WEIGHT = 3.0
L2 = 1e-2
BALANCE_POWER = 0.7
# rows per corpus file and part: keeps the whole set under ~12k texts (e5 embeds ~60 short texts/s)
TRAIN_CAP = {"goemotions": 2400, "xed": 650, "clue": 1400, "armanemo": 600}
HELDOUT_CAP = 250
BANKING_CAP = (700, 300)


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    source: str
    mood: str | None
    intent: str | None
    heldout: bool
    weight: float = 1.0
    pair_id: str | None = None
    """twcs tweet (and its translations): the pair they come from."""


# --- data ---------------------------------------------------------------------------------------------


def _spread(rows: list[Any], limit: int) -> list[Any]:
    step = max(1, len(rows) // limit)  # evenly spread: some files are sorted by label
    return rows[::step][:limit]


def emotion_examples() -> list[Example]:
    mapping = _mapping()
    out: list[Example] = []
    for corpus, lang, path in _corpora():
        rows = read_jsonl(SHARED / path)
        for heldout in (False, True):
            part = "test" if heldout else "dev"
            kept = [(r["text"], _gold(corpus, r, mapping)) for i, r in enumerate(rows) if in_part(r, i, part)]
            kept = [(t, m) for t, m in kept if m is not None]
            limit = HELDOUT_CAP if heldout else TRAIN_CAP[corpus]
            source = f"xed:{path.split('/')[-1][:-6]}" if corpus == "xed" else corpus
            out += [Example(t, lang, source, m, None, heldout) for t, m in _spread(kept, limit)]
    return out


def banking_examples(label_map: dict[str, Any]) -> list[Example]:
    intent_of = {name: intent for intent in ("question", "problem") for name in label_map["banking77"][intent]}
    rows = read_jsonl(SHARED / "banking77_intents" / "test.jsonl")
    unmapped = {r["intent"] for r in rows} - set(intent_of) - set(label_map["banking77"].get("unmapped") or [])
    if unmapped:
        raise ValueError(f"eval/data/reader_label_map.yaml lacks banking77 intents {sorted(unmapped)}: add them")
    out: list[Example] = []
    for heldout, cap in zip((False, True), BANKING_CAP, strict=True):
        part = "test" if heldout else "dev"
        kept = [r for i, r in enumerate(rows) if in_part(r, i, part) and r["intent"] in intent_of]
        out += [Example(r["text"], "en", "banking77", None, intent_of[r["intent"]], heldout)
                for r in _spread(kept, cap)]
    return out


def lingua_examples(label_map: dict[str, Any]) -> list[Example]:
    langs = set(label_map["lingua_calm_languages"])
    rows = [r for r in read_jsonl(SHARED / "lingua_langid_testdata" / "test.jsonl")
            if r["lang"] in langs and r["kind"] == "sentences"]
    return [Example(r["text"], r["lang"], "lingua", "calm", None, in_part(r, i, "test"))
            for i, r in enumerate(rows)]


def _twcs_heldout(tweet_id: str) -> bool:
    return int(hashlib.sha1(tweet_id.encode(), usedforsecurity=False).hexdigest(), 16) % 4 == 0


def twcs_examples() -> list[Example]:
    labels = {r["pair_id"]: r for r in read_jsonl(OWN / "reader_labels_twcs.jsonl")}
    for r in labels.values():
        if r["mood"] not in MOODS or r["intent"] not in INTENTS:
            raise ValueError(f"eval/data/reader_labels_twcs.jsonl: bad label in {r}")
    texts: dict[str, tuple[str, str]] = {}
    for row in read_jsonl(SHARED / "twcs_customer_support_twitter" / "pairs.jsonl"):
        if row["brand"] in FORBIDDEN_BRANDS or row["brand"] in REPORT_BRANDS:
            continue  # filtered on the brand field before the text is looked at
        if row["pair_id"] in labels:
            texts[row["pair_id"]] = (row["inbound_text"], row["inbound_tweet_id"])
    missing = set(labels) - set(texts)
    if missing:
        raise ValueError(f"labelled pair_ids not found among usable twcs brands: {sorted(missing)[:5]}")
    out = [Example(text, "en", "twcs", labels[pid]["mood"], labels[pid]["intent"], _twcs_heldout(tid), CARE_WEIGHT,
                   pid) for pid, (text, tid) in texts.items()]
    for r in read_jsonl(OWN / "reader_labels_translations.jsonl"):
        source = labels[r["pair_id"]]
        out.append(Example(r["text"], r["lang"], "twcs-translated", source["mood"], source["intent"],
                           _twcs_heldout(texts[r["pair_id"]][1]), CARE_WEIGHT, r["pair_id"]))
    return out


def examples() -> list[Example]:
    label_map = yaml.safe_load((OWN / "reader_label_map.yaml").read_text("utf-8"))
    return emotion_examples() + banking_examples(label_map) + lingua_examples(label_map) + twcs_examples()


# --- embeddings -------------------------------------------------------------------------------------------


def embed(texts: Sequence[str], batch: int = 64) -> np.ndarray:
    """e5 query embeddings, cached by text in a sqlite file outside the repo."""
    from knowledge.embedding import embedding_function

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


def _weights(labels: np.ndarray, base: np.ndarray, classes: int) -> np.ndarray:
    """Sample weights: the source weight times a class weight (inverse frequency ** BALANCE_POWER)."""
    mass = np.bincount(labels, weights=base, minlength=classes)
    scale = np.where(mass > 0, (mass.sum() / np.maximum(mass, 1e-9) / classes) ** BALANCE_POWER, 0.0)
    w = base * scale[labels]
    return w / w.mean()


def train_head(x: np.ndarray, y: np.ndarray, w: np.ndarray, classes: int, l2: float = L2,
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
    gold = [getattr(r, head) for r in rows]
    yield "all", _score(gold, predicted)
    for key in ("lang", "source"):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            groups[getattr(r, key)].append(i)
        for name, idx in sorted(groups.items()):
            yield f"{key}={name}", _score([gold[i] for i in idx], [predicted[i] for i in idx])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.train_reader", description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="train and report, write nothing")
    args = parser.parse_args(argv)
    data = examples()
    print(f"{len(data)} texts ({sum(not e.heldout for e in data)} train, {sum(e.heldout for e in data)} held out)")
    x_all = embed([e.text for e in data])
    offsets = language_offsets(data, x_all)
    zero = np.zeros(x_all.shape[1], dtype=np.float32)
    x_all = x_all - np.stack([offsets.get(e.lang, zero) for e in data])
    train_rows = [i for i, e in enumerate(data) if not e.heldout]
    mean = x_all[train_rows].mean(axis=0)
    std = x_all[train_rows].std(axis=0) + 1e-6
    z = (x_all - mean) / std
    params: dict[str, np.ndarray] = {
        "mean": mean.astype(np.float32), "std": std.astype(np.float32),
        "offset_languages": np.array(list(offsets)), "offsets": np.stack(list(offsets.values())).astype(np.float32),
    }
    manifest: dict[str, Any] = {}
    scores: dict[str, dict[str, str]] = {}
    for head, labels in HEADS.items():
        index = {name: i for i, name in enumerate(labels)}
        have = [i for i, e in enumerate(data) if getattr(e, head) is not None]
        train = [i for i in have if not data[i].heldout]
        test = [i for i in have if data[i].heldout]
        y = np.array([index[getattr(data[i], head)] for i in train])
        w = _weights(y, np.array([data[i].weight for i in train]), len(labels))
        weight, bias = train_head(z[train], y, w, len(labels))
        params[f"{head}_W"] = weight.astype(np.float32)
        params[f"{head}_b"] = bias.astype(np.float32)
        predicted = [labels[k] for k in predict(z[test], weight, bias)]
        scores[head] = dict(report(head, [data[i] for i in test], predicted))
        manifest[head] = {
            "train": dict(Counter(data[i].source for i in train)),
            "heldout": dict(Counter(data[i].source for i in test)),
            "train_labels": dict(Counter(getattr(data[i], head) for i in train)),
        }
        print(f"\n== {head}: {len(train)} train, {len(test)} held out")
        for group, line in scores[head].items():
            print(f"  {group:28} {line}")
    if args.dry_run:
        return 0
    save: Any = np.savez_compressed  # numpy's stub types **arrays as if it were allow_pickle
    save(MODEL_NPZ, **params)
    meta = {
        "embedding": EMBEDDING, "input": "e5 query embedding (\"query: \" prefix), 384-d, L2-normalised",
        "heads": HEADS,
        "model": "multinomial logistic regression on the standardised input, after subtracting the language's offset",
        "offset_languages": list(offsets), "seed": SEED,
        "trained_by": "python -m eval.train_reader", "data": manifest, "heldout_scores": scores,
        "heldout_rule": "shared corpora: eval/reading.py test part (even id); twcs: sha1(inbound_tweet_id) % 4 == 0",
    }
    MODEL_JSON.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {MODEL_NPZ} ({MODEL_NPZ.stat().st_size // 1024} KB) and {MODEL_JSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
