"""Reading the JSONL files every eval script uses (case files, labelled sets, the shared corpora)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SHARED = Path(os.environ.get("TACTFUL_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
"""The shared corpora (../shared/data, or $TACTFUL_SHARED_DATA)."""
RESERVED_BRANDS = frozenset({"spotifycares", "chipotletweets"})
"""Brands whose tweets are kept for checks outside the project: never read, trained on or scored here."""
RESERVED_NAMES = ("spotify", "chipotle")
"""A row whose text names one of them is left out too, whichever brand answered it."""


class DataError(ValueError):
    """A data file is missing or malformed; the message names file, line and what to fix."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file; a missing file or bad line raises DataError naming file and line.

    Lines are split on "\\n" only: corpus text may hold U+2028, which str.splitlines would split on."""
    if not path.is_file():
        raise DataError(f"{path}: not found; set TACTFUL_SHARED_DATA to the folder holding the shared corpora")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{number}: not JSON ({exc.msg}); write one object per line") from None
    return rows


def _reserved(brand: str, *texts: str) -> bool:
    lowered = " ".join(texts).lower()
    return brand.lower() in RESERVED_BRANDS or any(name in lowered for name in RESERVED_NAMES)


def twcs_pairs() -> list[dict[str, Any]]:
    """Rows of the twcs pairs (customer tweet -> brand reply) without the reserved brands' tweets: dropped on
    the brand field, and any row naming one of them, before a caller sees any text. Each row keeps its
    position in pairs.jsonl as `index`, so splits by position do not move when rows are left out."""
    rows = read_jsonl(SHARED / "twcs_customer_support_twitter" / "pairs.jsonl")
    return [{**r, "index": i} for i, r in enumerate(rows)
            if not _reserved(r["brand"], r["inbound_text"], r["reply_text"])]


def ibm_dialogs(part: str) -> list[dict[str, Any]]:
    """Dialogs of the IBM care corpus (`part` dev or test) without the reserved brands' (SpotifyCares is in it)."""
    rows = read_jsonl(SHARED / "ibm_twitter_customer_care_cdp" / f"{part}.jsonl")
    return [r for r in rows if not _reserved(r["company"], r["agent_reply_text"])]
