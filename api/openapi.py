"""The OpenAPI document as the server really answers: bearer security and problem+json for every error."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM, Problem

_WHY = {
    400: "The body is not valid JSON, or the request cannot be served as sent.",
    401: "No valid API key: send `Authorization: Bearer <key>`.",
    403: "The key may not use this brand, or lacks the admin role.",
    404: "Unknown brand: upload it first (PUT /v1/brands/{id}).",
    409: "Another upload of this brand is in progress (see Retry-After), or the stored brand must be uploaded "
         "again because a rule was tightened since.",
    413: "The body is larger than the server accepts.",
    422: "A field is invalid; `errors` names each one.",
    429: "Rate limited; see Retry-After.",
    500: "Unexpected error; quote `request_id`.",
    502: "The drafting backend (LLM) failed.",
    503: "Out of time, or the knowledge store or database is unavailable; see Retry-After when given.",
}
_COMMON = (400, 401, 403, 413, 422, 429, 500, 503)
_BRANDED = (404, 409, 502)
_UPLOAD = (404, 409)


def _errors_for(path: str, method: str) -> tuple[int, ...]:
    if not path.startswith("/v1/"):
        return (500, 503) if path == "/readyz" else ()
    if method == "put":
        return _COMMON + _UPLOAD
    return _COMMON + _BRANDED


def document(app: FastAPI) -> None:
    """Replace `app.openapi` with one that describes the errors, their media type and the security scheme."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer",
                                                    "description": "An API key from `tactful keys create`."}}
        problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        retry = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status in _errors_for(path, method):
                    entry: dict[str, Any] = {"description": _WHY[status], "content": problem}
                    if status in (409, 429, 503):
                        entry["headers"] = retry
                    responses[str(status)] = entry
                if path.startswith("/v1/"):
                    operation["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
