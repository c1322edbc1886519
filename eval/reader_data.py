"""Training data of the reader (assistant/classifier.py), built by eval/train_reader.py from the real corpora
in ../shared/data and the labels in eval/data: which rows, which labels, which part is held out.

Hard rules, enforced here: in twcs, SpotifyCares and ChipotleTweets are never read (filtered by brand before
any text), and the report brands of the care dev set are never trained on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import yaml

from assistant.classifier import INTENTS, MOODS
from eval.jsonl import read_jsonl, twcs_pairs
from eval.reading import OWN, SHARED, in_part
from eval.reading_mood import _corpora, _gold, _mapping

REPORT_BRANDS = frozenset({"AppleSupport", "Uber_Support", "British_Airways", "AskPlayStation", "McDonalds",
                           "AskPapaJohns"})
TUNE_BRANDS = ("amazonhelp", "delta", "comcastcares", "tesco")
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
    pair_id: str | None = None
    """twcs tweet or care case (and its translations): the pair they come from."""
    private: bool | None = None
    brand: str | None = None
    """Lower-case brand of a real care tweet (the care packs' id), for holding out by brand."""

    @property
    def kind(self) -> str:
        return "twcs" if self.source.startswith("twcs") else "care" if self.source == "care" else "corpus"


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
    texts: dict[str, tuple[str, str, str]] = {}
    for row in twcs_pairs():
        if row["brand"] in REPORT_BRANDS:
            continue  # filtered on the brand field before the text is looked at
        if row["pair_id"] in labels:
            texts[row["pair_id"]] = (row["inbound_text"], row["inbound_tweet_id"], row["brand"].lower())
    missing = set(labels) - set(texts)
    if missing:
        raise ValueError(f"labelled pair_ids not found among usable twcs brands: {sorted(missing)[:5]}")
    out = [Example(text, "en", "twcs", labels[pid]["mood"], labels[pid]["intent"], _twcs_heldout(tid), pid,
                   brand=brand) for pid, (text, tid, brand) in texts.items()]
    for r in read_jsonl(OWN / "reader_labels_translations.jsonl"):
        source = labels[r["pair_id"]]
        _, tid, brand = texts[r["pair_id"]]
        out.append(Example(r["text"], r["lang"], "twcs-translated", source["mood"], source["intent"],
                           _twcs_heldout(tid), r["pair_id"], brand=brand))
    return out


def care_examples() -> list[Example]:
    """The tune split of the care dev set (real tweets to 4 brands, eval/data/care): mood, intent, private.
    Rows of the report split are skipped on their `split` field; their text is never used."""
    rows = [r for path in sorted((OWN / "care").glob("cases*.jsonl")) for r in read_jsonl(path)]
    if not {r["brand"] for r in rows if r["split"] == "tune"} <= set(TUNE_BRANDS):
        raise ValueError("eval/data/care: a tune case names a brand outside TUNE_BRANDS")
    return [Example(r["text"], r["lang"], "care", r["mood"], r["intent"], False, r["source"], bool(r["private"]),
                    r["brand"]) for r in rows if r["split"] == "tune"]


def private_examples() -> list[Example]:
    """Account need: banking77 rows by their intent's label (eval/data/reading_banking77_account.jsonl) and
    our brightfern posts; the odd part trains, the even part is held out (as `python -m eval.reading`)."""
    account = {r["intent"]: bool(r["account"]) for r in read_jsonl(OWN / "reading_banking77_account.jsonl")}
    bank = read_jsonl(SHARED / "banking77_intents" / "test.jsonl")
    posts = read_jsonl(OWN / "brightfern_posts.jsonl")
    out: list[Example] = []
    for heldout, cap in zip((False, True), BANKING_CAP, strict=True):
        part = "test" if heldout else "dev"
        kept = [r for i, r in enumerate(bank) if in_part(r, i, part)]
        out += [Example(r["text"], "en", "banking77-account", None, None, heldout, private=account[r["intent"]])
                for r in _spread(kept, cap)]
        out += [Example(r["text"], r["lang"], "brightfern", None, None, heldout, private=bool(r["private"]))
                for i, r in enumerate(posts) if in_part(r, i, part)]
    return out


def examples() -> list[Example]:
    label_map = yaml.safe_load((OWN / "reader_label_map.yaml").read_text("utf-8"))
    return (emotion_examples() + banking_examples(label_map) + lingua_examples(label_map) + twcs_examples()
            + care_examples() + private_examples())
