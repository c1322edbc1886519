"""IBM Twitter customer care (ibm_twitter_customer_care_cdp, ../shared/data) -> eval cases.

Each dialog gives one case. `reply="first"` (default): the customer's tweet the agent first answered, with
that first agent reply as `reference`; `reply="final"`: the last customer tweet before the dialog's final
agent reply (the one linking a help document, kept as `reference_url`), earlier turns as `thread`. Tweets
the customer sent in a row before the answered one go to `thread` too. Rows come from
eval.jsonl.ibm_dialogs, which drops the reserved brands' dialogs; the corpus holds real handles, so every
@mention of someone other than a company becomes @user and `author` stays empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from eval.convert import DataError, refuse_reserved, tweet_text
from eval.jsonl import ibm_dialogs

PARTS = ("dev", "test")


def _dialogs(part: str) -> list[dict[str, Any]]:
    if part not in (*PARTS, "all"):
        raise DataError(f"--part {part}: give dev, test or all")
    return [d for p in (PARTS if part == "all" else (part,)) for d in ibm_dialogs(p)]


def companies(part: str = "all") -> Counter[str]:
    """Companies with how many dialogs each has."""
    return Counter(d["company"] for d in _dialogs(part))


def convert(names: Sequence[str], part: str = "all", reply: Literal["first", "final"] = "first",
            pack: str | None = None) -> list[dict[str, Any]]:
    """Cases for the companies `names` (handles, any case), dev before test, in corpus order."""
    if not names:
        raise DataError("name at least one company with --company (--list shows them)")
    refuse_reserved(names, "--company")
    if pack is not None and len(names) > 1:
        raise DataError("--pack names one pack: use it with one --company, or leave it out")
    dialogs = _dialogs(part)
    handles = frozenset(d["company"].lower() for d in dialogs)
    wanted = {n.lower() for n in names}
    missing = sorted(wanted - handles)
    if missing:
        raise DataError(f"--company {', '.join(missing)}: no such company in the IBM corpus; --list shows them")
    cases = []
    for d in dialogs:
        if d["company"].lower() not in wanted:
            continue
        turns = [*d["context_turns"], {"role": "agent", "text": d["agent_reply_text"]}]
        answer = len(turns) - 1 if reply == "final" else next(i for i, t in enumerate(turns) if t["role"] == "agent")
        post = max((i for i in range(answer) if turns[i]["role"] == "customer"), default=None)
        if post is None:
            continue  # the agent spoke first: no customer post to draft for
        case: dict[str, Any] = {
            "id": f"ibm-{d['session_id']}", "brand": pack or d["company"].lower(),
            "source": f"ibm:{d['split']}:{d['session_id']}", "channel": "twitter", "author": None,
            "text": tweet_text(turns[post]["text"], handles), "reference": tweet_text(turns[answer]["text"], handles),
        }
        if post:
            case["thread"] = [{"role": t["role"], "text": tweet_text(t["text"], handles)} for t in turns[:post]]
        if answer == len(turns) - 1 and d.get("reply_url"):
            case["reference_url"] = d["reply_url"]
        cases.append(case)
    return cases
