"""LLM prompt templates (prompts/templates/<name>.txt), rendered with str.format_map, and the styles of
LLM variants and rewrite tones (prompts/templates/styles.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _template(name: str) -> str:
    path = resources.files("prompts") / "templates" / f"{name}.txt"
    return path.read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """Fill template `name`; a missing value raises KeyError naming it."""
    return _template(name).format_map(values)


@cache
def _styles() -> dict[str, dict[str, str]]:
    path = resources.files("prompts") / "templates" / "styles.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def variant_styles() -> tuple[tuple[str, str], ...]:
    """(name, instruction) of each LLM draft variant, in the order variants are drafted."""
    return tuple(_styles()["variants"].items())


def tone_instruction(tone: str) -> str:
    """What a rewrite to `tone` asks of a model (KeyError for an unknown tone)."""
    return _styles()["tones"][tone]
