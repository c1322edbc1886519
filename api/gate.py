"""The door every request passes before any route: body size, who is calling, rate, and the access log.

A pure ASGI middleware, so a key is checked before the body is read or parsed (a malformed or huge body from
someone without a key gets 401, not 422), and the access log sees every answer, errors included. The log line
holds method, path, status, time and key id: never a body, never a query string.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import Authenticator, Principal
from api.errors import Forbidden, problem_response
from api.ratelimit import RateLimiter

access_log = logging.getLogger("tactful.access")
log = logging.getLogger(__name__)

Audit = Callable[..., None]


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit} bytes; send less (brand packs: "
                              "split the FAQ, or raise TACTFUL_MAX_PACK_BYTES)")


class Gate:
    """Wraps the app; see the module docstring."""

    def __init__(self, app: ASGIApp, *, auth: Authenticator, limiter: RateLimiter, failures: RateLimiter,
                 max_body: int, max_pack: int, audit: Audit | None = None):
        self.app = app
        self.auth = auth
        self.limiter = limiter
        self.failures = failures
        self.max_body = max_body
        self.max_pack = max_pack
        self.audit = audit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        key_id = "-"

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            path: str = scope["path"]
            headers = Headers(scope=scope)
            limit = self.max_pack if path.startswith("/v1/brands/") else self.max_body
            if path.startswith("/v1/"):
                principal = await self._principal(scope, headers, send_logged)
                if principal is None:
                    return
                key_id = principal.key_id
                wait = self.limiter.take(principal.key_id)
                if wait:
                    await self._refuse(scope, send_logged, 429, "Too many requests",
                                       f"this API key sent more than its rate; retry in {wait} s",
                                       {"Retry-After": str(wait)})
                    return
                scope.setdefault("state", {})["principal"] = principal
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await self._refuse(scope, send_logged, 413, "Request body too large", BodyTooLarge(limit).detail)
                return
            try:
                await self.app(scope, _bounded(receive, limit), send_logged)
            except Exception as exc:  # noqa: BLE001 - last resort: a problem+json 500, no traceback above DEBUG
                request_id = uuid.uuid4().hex[:12]
                log.error("unhandled %s in %s %s (request %s)", type(exc).__name__, scope.get("method"),
                          scope.get("path"), request_id)
                log.debug("request %s failed", request_id, exc_info=True)  # may hold customer text: DEBUG only
                if not status:
                    await self._refuse(scope, send_logged, 500, "Internal error",
                                       f"something went wrong; quote request id {request_id}", request_id=request_id)
        finally:
            client = (scope.get("client") or ("-",))[0]
            access_log.info("%s %s %s %d %.1fms key=%s", client, scope.get("method", "-"), scope.get("path", "-"),
                            status, (time.perf_counter() - started) * 1000, key_id)

    async def _principal(self, scope: Scope, headers: Headers, send: Send) -> Principal | None:
        authorization = headers.get("authorization")
        principal = self.auth.cached(authorization)
        if principal is not None:
            return principal
        client = (scope.get("client") or ("-",))[0]
        try:
            return await anyio.to_thread.run_sync(self.auth.authenticate, authorization)
        except Forbidden as exc:
            wait = self.failures.take(client)
            if wait:
                await self._refuse(scope, send, 429, "Too many requests",
                                   f"too many requests without a valid key from this address; retry in {wait} s",
                                   {"Retry-After": str(wait)})
                return None
            audit = self.audit
            if audit is not None:
                await anyio.to_thread.run_sync(
                    lambda: audit("auth.refused", "refused", detail=f"401 {scope['path']}"[:200], client=client))
            await self._refuse(scope, send, exc.status, "Unauthorized", str(exc))
            return None

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, title: str, detail: str,
                      headers: dict[str, str] | None = None, **extra: Any) -> None:
        response = problem_response(status, title, detail, str(scope.get("path", "")), headers=headers, **extra)

        async def no_body() -> Message:  # the body is never read for a refusal
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)


def _bounded(receive: Receive, limit: int) -> Receive:
    """`receive` that stops a body (chunked or lying about its length) once it passes `limit` bytes."""
    seen = 0

    async def inner() -> Message:
        nonlocal seen
        message: dict[str, Any] = dict(await receive())
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return inner
