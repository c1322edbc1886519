"""LLM prompt templates (prompts/templates/<name>.txt), rendered with str.format_map."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _template(name: str) -> str:
    path = resources.files("prompts") / "templates" / f"{name}.txt"
    return path.read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """Fill template `name`; a missing value raises KeyError naming it."""
    return _template(name).format_map(values)
