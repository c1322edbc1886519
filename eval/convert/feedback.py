"""Agents' feedback on drafts (exported from the API's database) -> eval cases.

Reads either form a feedback export takes: the cases `tactful feedback export` writes (`text`, `reference`,
`verdict`, `draft`...) or raw feedback rows as the API stores and receives them (`post`, `final_text`,
`verdict`, `language`, `draft_text`). The agent's final text is the `reference` when they accepted or edited
the draft; a rejected draft's post is kept without one (its `draft` shows what was turned down), or left out
with `with_reference`. Rows without the customer's post cannot be drafted and are counted as skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

REFERENCE_VERDICTS = ("accepted", "edited")
"""Verdicts whose final text an agent sent, so it can be the reference."""


def convert(rows: Iterable[dict[str, Any]], brand: str | None = None,
            with_reference: bool = False) -> tuple[list[dict[str, Any]], Counter[str]]:
    """(cases, skipped rows by reason), cases in the rows' order, each id once."""
    cases: dict[str, dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    for number, row in enumerate(rows, 1):
        if brand is not None and row.get("brand") != brand:
            skipped["another brand"] += 1
            continue
        exported = "text" in row  # `tactful feedback export` already wrote it as a case
        post = row.get("text") if exported else row.get("post")
        if not isinstance(post, str) or not post.strip():
            skipped["no customer post"] += 1
            continue
        verdict = row.get("verdict")
        final = row.get("final_text")
        reference = row.get("reference") if exported else (final if verdict in REFERENCE_VERDICTS else None)
        if with_reference and not reference:
            skipped["no reference (rejected, or no final text)"] += 1
            continue
        raw_id = row.get("id", number)
        case_id = str(raw_id) if exported else f"feedback-{raw_id}"
        case: dict[str, Any] = {"id": case_id, "brand": row.get("brand"), "channel": row.get("channel", "twitter"),
                                "text": post}
        if reference:
            case["reference"] = reference
        lang = row.get("lang") if exported else row.get("language")
        if lang:
            case["lang"] = lang
        case["source"] = row.get("source") or f"feedback:{raw_id}"
        if verdict:
            case["verdict"] = verdict
        draft = row.get("draft") if exported else row.get("draft_text")
        if draft:
            case["draft"] = draft
        if case_id in cases:
            skipped["duplicate id"] += 1
            continue
        cases[case_id] = case
    return list(cases.values()), skipped
