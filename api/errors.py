"""Domain errors to RFC 9457 problem+json, in one table; unmapped errors are 500 with a request id."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from api.records import DatabaseUnavailable
from assistant import BackendError, BadRequest
from knowledge import KnowledgeError, PackError, PackProblems, UnknownBrand
from knowledge.errors import StoredPackInvalid, StoreUnavailable

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
MAX_DETAIL = 600
"""Longest `detail` sent back: an error never echoes a huge field."""

# exception type -> (status, title); the first matching entry wins, so subclasses come first.
TABLE: list[tuple[type[Exception], int, str]] = [
    (UnknownBrand, 404, "Unknown brand"),
    (StoredPackInvalid, 409, "Brand must be uploaded again"),
    (PackError, 422, "Invalid brand pack"),
    (StoreUnavailable, 503, "Knowledge store unavailable"),
    (DatabaseUnavailable, 503, "Database unavailable"),
    (BackendError, 502, "Drafting backend failed"),
    (BadRequest, 400, "Bad request"),
    (KnowledgeError, 400, "Bad request"),
]


class Forbidden(Exception):
    """The API key may not use this brand, or is missing."""

    def __init__(self, detail: str, status: int = 403):
        self.status = status
        super().__init__(detail)


class Busy(Exception):
    """The thing is being changed by someone else right now (409), or the server is out of time (503)."""

    def __init__(self, detail: str, status: int = 409, retry_after: int = 5):
        self.status = status
        self.retry_after = retry_after
        super().__init__(detail)


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong and what to do."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, str]] | None = Field(default=None, description="Per-field problems (422).")
    request_id: str | None = Field(default=None, description="Quote it when reporting a 500.")


def _short(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + f"... ({len(text) - MAX_DETAIL} more characters)"


def problem_response(status: int, title: str, detail: str, instance: str, headers: dict[str, str] | None = None,
                     **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": _short(detail),
            "instance": instance, **extra}
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers or None)


def problem(status: int, title: str, detail: str, request: Request, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    return problem_response(status, title, detail, str(request.url.path), headers, **extra)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return problem(exc.status, "Unauthorized" if exc.status == 401 else "Forbidden", str(exc), request)

    @app.exception_handler(PackProblems)
    async def _pack(request: Request, exc: PackProblems) -> JSONResponse:
        errors = [{"field": f"{p.file}{f':{p.line}' if p.line else ''}{f' {p.field}' if p.field else ''}",
                   "message": _short(f"{p.problem}. {p.fix}")} for p in exc.problems[:50]]
        return problem(422, "Invalid brand pack", str(exc), request, errors=errors)

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> JSONResponse:
        title = "Conflict" if exc.status == 409 else "Service unavailable"
        return problem(exc.status, title, str(exc), request, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = HTTPStatus(exc.status_code).phrase if exc.status_code in HTTPStatus._value2member_map_ else "Error"
        headers = dict(exc.headers or {})
        detail = str(exc.detail)
        if exc.status_code == 405:  # Starlette names the first matching route's methods only: name them all
            methods = sorted({m for route in app.routes if isinstance(route, BaseRoute)
                              and route.matches(request.scope)[0] == Match.PARTIAL
                              for m in (getattr(route, "methods", None) or ())})
            headers["Allow"] = ", ".join(methods)
            detail = f"{request.method} is not allowed here; use {' or '.join(methods)}"
        return problem(exc.status_code, title, detail, request, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        broken = [e for e in exc.errors() if e.get("type") == "json_invalid"]
        if broken:
            where = broken[0]["loc"][-1] if broken[0].get("loc") else "?"
            why = (broken[0].get("ctx") or {}).get("error", "syntax error")
            return problem(400, "Malformed JSON", f"the body is not valid JSON (at character {where}: {why}); "
                           "send a JSON object with Content-Type: application/json", request)
        errors = [{"field": ".".join(str(p) for p in e["loc"] if p != "body") or "body", "message": e["msg"]}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, "Invalid request", detail, request, errors=errors[:20])

    for exc_type, status, title in TABLE:
        def handler(request: Request, exc: Exception, status: int = status, title: str = title) -> JSONResponse:
            return problem(status, title, str(exc), request)

        app.add_exception_handler(exc_type, handler)  # type: ignore[arg-type]
