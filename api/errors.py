"""Domain errors to RFC 9457 problem+json, in one table; unmapped errors are 500 with a request id."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import BackendError, BadRequest
from knowledge import KnowledgeError, PackError, UnknownBrand
from knowledge.errors import StoreUnavailable

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"

# exception type -> (status, title); the first matching entry wins, so subclasses come first.
TABLE: list[tuple[type[Exception], int, str]] = [
    (UnknownBrand, 404, "Unknown brand"),
    (PackError, 422, "Invalid brand pack"),
    (StoreUnavailable, 503, "Knowledge store unavailable"),
    (BackendError, 502, "Drafting backend failed"),
    (BadRequest, 400, "Bad request"),
    (KnowledgeError, 400, "Bad request"),
]


class Forbidden(Exception):
    """The API key may not use this brand, or is missing."""

    def __init__(self, detail: str, status: int = 403):
        self.status = status
        super().__init__(detail)


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path), **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return problem(exc.status, "Unauthorized" if exc.status == 401 else "Forbidden", str(exc), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), str(exc.detail), request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, "Invalid request", detail, request, errors=errors)

    for exc_type, status, title in TABLE:
        def handler(request: Request, exc: Exception, status: int = status, title: str = title) -> JSONResponse:
            return problem(status, title, str(exc), request)

        app.add_exception_handler(exc_type, handler)  # type: ignore[arg-type]

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = uuid.uuid4().hex[:12]
        log.error("unhandled %s in %s (request %s)", type(exc).__name__, request.url.path, request_id)
        return problem(500, "Internal error", f"something went wrong; quote request id {request_id}",
                       request, request_id=request_id)
