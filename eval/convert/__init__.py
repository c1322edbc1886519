"""Converters from outside data to eval cases (DESIGN.md, "Eval cases"): one module per source.

    python -m eval.convert twcs --brand AmazonHelp [--brand Delta ...] [--later-turns] --out cases.jsonl
    python -m eval.convert ibm --company Google [--part dev|test|all] [--reply first|final] --out cases.jsonl
    python -m eval.convert feedback EXPORT.jsonl [--brand B] [--with-reference] --out cases.jsonl
    python -m eval.convert twcs --list           # (or ibm --list) the brands there are, with case counts

Every case is checked as `tactful eval` reads it (eval.metrics.CareCase) before it is written, and the real
reply becomes its `reference`. The two Twitter corpora are read only through eval.jsonl, which drops the
reserved brands' rows (SpotifyCares, ChipotleTweets, and any row naming them) before any text is seen;
asking for one of them is refused. `author` stays empty and every @mention of someone other than a brand
becomes @user, so no customer handle reaches a case file (IBM's handles are real).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from html import unescape
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eval.jsonl import RESERVED_BRANDS, RESERVED_NAMES, DataError
from eval.metrics import CareCase

__all__ = ["DataError", "is_reserved", "refuse_reserved", "tweet_text", "write_cases"]

_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})")


def is_reserved(name: str) -> bool:
    """Whether `name` is, or names, a brand whose rows are kept for checks outside the project."""
    lowered = name.lower()
    return lowered in RESERVED_BRANDS or any(n in lowered for n in RESERVED_NAMES)


def refuse_reserved(names: Iterable[str], flag: str) -> None:
    """DataError when one of `names` is reserved (no row of it is ever read here)."""
    reserved = [n for n in names if is_reserved(n)]
    if reserved:
        raise DataError(f"{flag} {', '.join(reserved)}: reserved for checks outside the project; its tweets are "
                        "never read here. Pick another brand (--list shows them)")


def tweet_text(text: str, brands: frozenset[str]) -> str:
    """A tweet as a case holds it: HTML entities of the Twitter API unescaped, and every @mention that is not
    one of `brands` (lower-case handles) replaced by @user."""
    return _MENTION.sub(lambda m: m.group(0) if m.group(1).lower() in brands else "@user", unescape(text))


def write_cases(cases: Iterable[dict[str, Any]], out: Path | None) -> int:
    """Validate every case as `tactful eval` reads it, then write them as JSONL to `out` (stdout when None);
    returns how many. DataError names the first case that is not valid."""
    lines = []
    for case in cases:
        try:
            CareCase.model_validate(case)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DataError(f"case {case.get('id')}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
        lines.append(json.dumps(case, ensure_ascii=False) + "\n")
    if out is None:
        sys.stdout.write("".join(lines))
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(lines), encoding="utf-8")
    return len(lines)
