"""Server-sent events for POST /v1/drafts when the client sends `Accept: text/event-stream`.

Events, in order: `reading` (how the post was read), `text` ({"variant": n, "text": piece}: reply text as a
streaming model writes it, before any check; none with the composer), `draft` (each draft once checked: the
one to show), then `done` (the whole response, as the JSON route returns it) or `error` (a problem object:
the stream ends there).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import anyio.from_thread
from pydantic import BaseModel

from api.errors import TABLE, Busy, _short

log = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"
OnEvent = Callable[[str, Any], None]


def wants_events(accept: str | None) -> bool:
    """Whether the client asked for server-sent events."""
    return EVENT_STREAM in (accept or "")


def _event(kind: str, data: Any) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _problem(exc: BaseException, instance: str) -> dict[str, Any]:
    status, title = 500, "Internal error"
    if isinstance(exc, Busy):
        status, title = exc.status, "Service unavailable"
    else:
        for kind, code, name in TABLE:
            if isinstance(exc, kind):
                status, title = code, name
                break
    detail = _short(str(exc)) if status != 500 else "the server failed while drafting; retry, and report it if it lasts"
    if status == 500:
        log.error("streamed draft failed: %s", type(exc).__name__)
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance}


async def events(run: Callable[[OnEvent], Awaitable[BaseModel]], instance: str) -> AsyncIterator[bytes]:
    """The events of one draft: `run(on_event)` drafts in a worker thread, calling `on_event` from there."""
    send, receive = anyio.create_memory_object_stream[tuple[str, Any]](max_buffer_size=math.inf)

    def on_event(kind: str, payload: Any) -> None:
        anyio.from_thread.run_sync(send.send_nowait, (kind, payload))

    async def produce() -> None:
        async with send:
            try:
                await send.send(("done", await run(on_event)))
            except Exception as exc:  # noqa: BLE001 - every failure becomes the stream's last event
                await send.send(("error", exc))

    task = asyncio.create_task(produce())
    try:
        async with receive:
            async for kind, payload in receive:
                if kind == "error":
                    yield _event("error", _problem(payload, instance))
                elif kind == "text":
                    variant, piece = payload
                    yield _event("text", {"variant": variant, "text": piece})
                else:
                    yield _event(kind, payload.model_dump(mode="json"))
    finally:
        task.cancel()
