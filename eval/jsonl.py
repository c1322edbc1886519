"""Reading the JSONL files every eval script uses (case files, labelled sets, the shared corpora)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


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
