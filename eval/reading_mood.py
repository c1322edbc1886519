"""Mood eval: the shared emotion corpora mapped onto Tactful's moods, and our own customer-care posts.

The mapping is data with a reason per label (eval/data/reading_mood_map.jsonl). A row keeps a mood only
when all its mapped labels agree (multi-label rows that mix, say, joy and anger are left out, as are
labels with no single care mood: surprise, anticipation, curiosity). Corpora: goemotions (en, Reddit),
xed_emotions_multilingual (subtitles; en human-labelled, pl de es fr zh fa projected), armanemo (fa,
native user text), clue_emotion_zh (zh, Weibo). Per language and corpus: macro-F1 over the moods present,
for (a) the majority mood of the dev part, (b) the old lexicon-only reader (assistant/mood.py `read_mood`),
and with `--e5`: (c) the e5 classifier's top mood alone (assistant/classifier.py) and (d) the reader as
shipped, `read()`: classifier plus the lexicon's sarcasm/irony/laughter/emoji cues and the flags (its
ms/post reuses the classifier's cached embeddings, so the embedding cost shows under `classifier`).
Held out: the even part (see eval/reading.py); eval/train_reader.py trains on the odd part only.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from assistant.mood import read_mood
from assistant.read import read
from eval.jsonl import read_jsonl
from eval.reading import OWN, SHARED, macro_f1, own_posts, part_of

Reader = Callable[[str, str], str]


def _mapping() -> dict[tuple[str, str], str | None]:
    return {(m["corpus"], m["label"]): m["mood"] for m in read_jsonl(OWN / "reading_mood_map.jsonl")}


def _corpora() -> list[tuple[str, str, str]]:
    """(corpus key in the mapping, language, file) for every shared emotion file."""
    xed = [("xed", lang.split("_")[0], f"xed_emotions_multilingual/{lang}.jsonl")
           for lang in ("en", "pl", "de", "es", "fr", "zh_cn", "zh_tw", "fa")]
    return [("goemotions", "en", "goemotions/test.jsonl"), *xed,
            ("armanemo", "fa", "armanemo_persian_emotion/test.jsonl"), ("clue", "zh", "clue_emotion_zh/test.jsonl")]


def _gold(corpus: str, row: dict[str, Any], mapping: dict[tuple[str, str], str | None]) -> str | None:
    labels = row.get("labels") or [row["label"]]
    unknown = [label for label in labels if (corpus, label) not in mapping]
    if unknown:
        raise ValueError(f"eval/data/reading_mood_map.jsonl has no line for {corpus} label(s) {unknown}: add them")
    moods = {mapping[(corpus, label)] for label in labels} - {None}
    return moods.pop() if len(moods) == 1 else None


def labelled(corpus: str, path: str, part: str, limit: int) -> list[tuple[str, str]]:
    """(text, gold mood) of one corpus file and part: up to `limit` rows with a single mood, evenly spread."""
    mapping = _mapping()
    out = []
    for row in part_of(read_jsonl(SHARED / path), part):
        mood = _gold(corpus, row, mapping)
        if mood is not None:
            out.append((row["text"], mood))
    step = max(1, len(out) // limit)  # evenly spread: some files are sorted by label
    return out[::step][:limit]


def _lexicon(text: str, lang: str) -> str:
    return read_mood(text, lang)[0]


def _top(p: dict[str, float]) -> str:
    return max(p, key=lambda k: p[k])


def readers(e5: bool) -> dict[str, Reader]:
    found: dict[str, Reader] = {"lexicon": _lexicon}
    if e5:
        from assistant.classifier import classify

        found["classifier"] = lambda text, lang: _top(classify(text, lang)["mood"])
        found["reader"] = lambda text, lang: read(text).mood
    return found


def eval_mood(part: str, limit: int, e5: bool = False) -> Iterator[str]:
    systems = readers(e5)
    yield (f"mood macro-F1 ({part} part, <= {limit} rows per file; majority = most common mood of the dev part)")
    yield f"{'corpus':11} {'lang':4} {'n':>5}  {'majority':>8}  " + "  ".join(f"{s:>8}" for s in systems)
    for corpus, lang, path in _corpora():
        data = labelled(corpus, path, part, limit)
        if not data:
            continue
        majority = Counter(m for _, m in labelled(corpus, path, "dev", limit)).most_common(1)[0][0]
        gold = [m for _, m in data]
        cells = [f"{macro_f1(gold, [majority] * len(gold)):8.3f}"]
        timing = []
        for reader in systems.values():
            start = time.perf_counter()
            predicted = [reader(text, lang) for text, _ in data]
            timing.append((time.perf_counter() - start) / len(data) * 1e3)
            cells.append(f"{macro_f1(gold, predicted):8.3f}")
        moods = " ".join(f"{m}:{c}" for m, c in sorted(Counter(gold).items()))
        ms = " ".join(f"{t:.1f}" for t in timing)
        name = f"xed:{path.split('/')[-1][:-6]}" if corpus == "xed" else corpus
        yield f"{name:11} {lang:4} {len(data):5}  " + "  ".join(cells) + f"   ms/post {ms}  [{moods}]"


def eval_care(part: str, e5: bool = False) -> Iterator[str]:
    """The customer-care set (real twcs tweets + written posts, 8 languages) on its own, then all our posts."""
    care = [p for p in part_of(read_jsonl(OWN / "reading_posts_care.jsonl"), part) if p.get("mood")]
    everything = [p for p in part_of(own_posts(), part) if p.get("mood")]
    for name, posts in (("care set, eval/data/reading_posts_care.jsonl", care), ("all own posts", everything)):
        yield f"{name} ({part} part): {len(posts)} posts"
        yield from _care_lines(posts, readers(e5))


def _care_lines(posts: list[dict[str, Any]], systems: dict[str, Reader]) -> Iterator[str]:
    brand = tuple(sorted({p["lang"] for p in posts}))
    for prior in ((), brand):
        right = sum(read(p["text"], prior=prior).language == p["lang"] for p in posts)
        yield f"  language: {right}/{len(posts)} right with prior {prior or 'none'}"
    gold = [p["mood"] for p in posts]
    majority = Counter(gold).most_common(1)[0][0]
    yield f"  majority '{majority}': macro-F1 {macro_f1(gold, [majority] * len(posts)):.3f}"
    for name, reader in systems.items():
        predicted = {p["id"]: reader(p["text"], p["lang"]) for p in posts}
        right = [predicted[p["id"]] == p["mood"] for p in posts]
        yield (f"  {name}: accuracy {sum(right) / len(posts):.3f}  "
               f"macro-F1 {macro_f1(gold, [predicted[p['id']] for p in posts]):.3f}")
        by_lang: dict[str, list[bool]] = {}
        for p, ok in zip(posts, right, strict=True):
            by_lang.setdefault(p["lang"], []).append(ok)
        yield "    " + "  ".join(f"{lang}: {sum(v)}/{len(v)}" for lang, v in sorted(by_lang.items()))
        for tag in ("sarcasm", "sarcasm-negative", "playful-vs-upset"):
            tagged = [p for p in posts if tag in p.get("tags", ())]
            if tagged:
                hits = sum(predicted[p["id"]] == p["mood"] for p in tagged)
                yield f"    tag {tag}: {hits}/{len(tagged)} right"
