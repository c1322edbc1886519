"""Drafting backends, one module each, registered by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from assistant.backends.base import Backend, Brief, Composed
from assistant.errors import BadRequest

BACKENDS: dict[str, Callable[..., Backend]] = {}


def backend(name: str) -> Callable[[Callable[..., Backend]], Callable[..., Backend]]:
    """Register a backend factory under `name`."""

    def register(factory: Callable[..., Backend]) -> Callable[..., Backend]:
        BACKENDS[name] = factory
        return factory

    return register


# backend name -> module that registers it (imported on demand: LLM SDKs load only when used)
MODULES = {"composer": "composer", "openai": "openai_chat", "langchain": "langchain_chat"}


def make_backend(name: str, **options: Any) -> Backend:
    """Instantiate the backend called `name` with its options."""
    if name in MODULES:
        importlib.import_module(f"{__name__}.{MODULES[name]}")
    if name not in BACKENDS:
        raise BadRequest(f"unknown backend {name!r}; set TACTFUL_BACKEND to one of {sorted(MODULES)}", "backend")
    return BACKENDS[name](**options)


__all__ = ["BACKENDS", "Backend", "Brief", "Composed", "backend", "make_backend"]
