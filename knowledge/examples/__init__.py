"""Brand packs that ship with Tactful (used by `tactful demo` and the tests)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def example_pack(name: str = "brightfern") -> Path:
    """Folder of a shipped example pack."""
    return Path(str(resources.files("knowledge") / "examples" / name))
