"""Guardrail rules: one file per rule, each registering itself with `@rule`."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Protocol

from guardrails.context import CheckContext
from guardrails.findings import Finding


class Rule(Protocol):
    """Looks at one reply and returns its findings (possibly none)."""

    def __call__(self, text: str, ctx: CheckContext, language: str) -> list[Finding]: ...


RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule function under `name`."""

    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


_LOADED: list[bool] = []


def load_rules() -> dict[str, Rule]:
    """Import every module of this package once, so each rule registers itself (cached: check() runs often)."""
    if not _LOADED:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _LOADED.append(True)
    return RULES
