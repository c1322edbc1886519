"""Drafting backends, one module each, registered by name with the options they take."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.backends.base import Backend, Brief, Capabilities, Composed
from assistant.errors import BadRequest

BACKENDS: dict[str, Callable[..., Backend]] = {}
OPTIONS: dict[str, type[BaseModel] | None] = {}
"""Backend name -> the pydantic model of its options (None: it takes none)."""
CAPABILITIES: dict[str, Capabilities] = {}
"""Backend name -> what it can do."""


Factory = Callable[..., Backend]


def backend(name: str, options: type[BaseModel] | None = None,
            capabilities: Capabilities | None = None) -> Callable[[Factory], Factory]:
    """Register a backend factory under `name`, with the model its options are validated by and what it can do."""

    def register(factory: Factory) -> Factory:
        BACKENDS[name] = factory
        OPTIONS[name] = options
        CAPABILITIES[name] = capabilities or Capabilities()
        return factory

    return register


# backend name -> module that registers it (imported on demand: LLM SDKs load only when used)
MODULES = {"composer": "composer", "openai": "openai_chat", "langchain": "langchain_chat", "fake": "fake"}


def load(name: str) -> None:
    """Import the module that registers backend `name` (BadRequest when there is none)."""
    if name in MODULES:
        importlib.import_module(f"{__name__}.{MODULES[name]}")
    if name not in BACKENDS:
        raise BadRequest(f"unknown backend {name!r}; set TACTFUL_BACKEND to one of {sorted(MODULES)}", "backend")


def make_backend(name: str, **options: Any) -> Backend:
    """Instantiate the backend called `name` with its options; bad options are a BadRequest naming the first."""
    load(name)
    try:
        return BACKENDS[name](**options)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = str(error.get("ctx", {}).get("error") or error["msg"])
        raise BadRequest(f"backend {name!r}: {where + ': ' if where else ''}{message}", where or "backend") from None


def describe(name: str) -> dict[str, Any]:
    """A backend's capabilities and options (name, type, default, what it does), for `tactful backends`."""
    load(name)
    options = OPTIONS[name]
    fields = [] if options is None else [
        {"name": field, "type": _type_name(info.annotation), "default": _default(info.default),
         "doc": " ".join((info.description or "").split())}
        for field, info in options.model_fields.items() if info.annotation is not Any]  # Any: objects, in code only
    return {"name": name, "capabilities": CAPABILITIES[name].model_dump(), "options": fields}


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return re.sub(r"\b(?:[a-z_]+\.)+", "", str(annotation))  # typing.Literal[...] -> Literal[...]


def _default(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value) if not isinstance(value, tuple) else list(value)


__all__ = [
    "BACKENDS", "CAPABILITIES", "OPTIONS", "Backend", "Brief", "Composed", "backend", "describe", "load",
    "make_backend",
]
