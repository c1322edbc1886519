"""twcs (Customer Support on Twitter, ../shared/data/twcs_customer_support_twitter) -> eval cases.

A case is a customer's tweet to a named brand with the brand's first reply to it as `reference`: by default
only tweets that open a thread (the customer's first tweet); with `later_turns` also later tweets, with the
earlier tweets of the chain as `thread`. Rows come from eval.jsonl.twcs_pairs (reserved brands dropped).
Labels (language, mood, FAQ...) are not in the corpus, so the metrics that need them skip these cases; the
rubric, the guardrails and the similarity to the real reply still judge every draft.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from eval.convert import DataError, refuse_reserved, tweet_text
from eval.jsonl import twcs_pairs

_TIME = "%a %b %d %H:%M:%S %z %Y"  # "Tue Oct 31 22:10:47 +0000 2017"


def _when(row: dict[str, Any]) -> tuple[datetime, int]:
    return datetime.strptime(row["reply_created_at"], _TIME), int(row["reply_tweet_id"])


def brands(rows: Sequence[dict[str, Any]] | None = None) -> Counter[str]:
    """Brands with how many opening tweets each has (the cases `convert` gives without later turns)."""
    rows = twcs_pairs() if rows is None else rows
    return Counter(brand for brand, _ in {(r["brand"], r["inbound_tweet_id"]) for r in rows
                                          if r["is_first_customer_tweet"]})


def convert(names: Sequence[str], later_turns: bool = False, pack: str | None = None) -> list[dict[str, Any]]:
    """Cases for the brands `names` (handles, any case), in corpus order. `pack` sets every case's `brand`
    (default: the handle in lower case, the pack ids of eval/data/care/packs)."""
    if not names:
        raise DataError("name at least one brand with --brand (--list shows them)")
    refuse_reserved(names, "--brand")
    if pack is not None and len(names) > 1:
        raise DataError("--pack names one pack: use it with one --brand, or leave it out")
    rows = twcs_pairs()
    handles = frozenset(r["brand"].lower() for r in rows)
    wanted = {n.lower() for n in names}
    missing = sorted(wanted - handles)
    if missing:
        raise DataError(f"--brand {', '.join(missing)}: no such brand in twcs; --list shows the brands")
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["brand"].lower() not in wanted or not (later_turns or row["is_first_customer_tweet"]):
            continue
        seen = first.get(row["inbound_tweet_id"])
        if seen is None or _when(row) < _when(seen):  # the brand's first reply to the tweet
            first[row["inbound_tweet_id"]] = row
    cases = []
    for row in sorted(first.values(), key=lambda r: r["index"]):
        case: dict[str, Any] = {
            "id": f"twcs-{row['pair_id']}", "brand": pack or row["brand"].lower(), "source": f"twcs:{row['pair_id']}",
            "channel": "twitter", "author": None, "text": tweet_text(row["inbound_text"], handles),
            "reference": tweet_text(row["reply_text"], handles),
        }
        if later_turns and row.get("prior_context"):
            case["thread"] = [{"role": "customer" if t["inbound"] else "agent", "text": tweet_text(t["text"], handles)}
                              for t in row["prior_context"]]
        cases.append(case)
    return cases
