"""The FastAPI app (a composition root): routes return the same objects as the CLI's --json.

Every /v1 request passes the gate first (api/gate.py: body size, key, rate, access log). Work that embeds or
checks runs in a worker thread with a time bound, so the event loop keeps answering /healthz under load.
"""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api import errors
from api.auth import Authenticator, Principal, Role, parse_env_keys
from api.db import Database
from api.errors import Busy, Forbidden
from api.gate import Gate
from api.openapi import document
from api.ratelimit import RateLimiter
from api.records import INGEST_LEASE_SECONDS
from api.schemas import (
    BRAND_ID,
    Accepted,
    AnalyzeIn,
    BrandIn,
    BrandInfo,
    CheckIn,
    DraftIn,
    FeedbackIn,
    Health,
    Ready,
    RewriteIn,
)
from api.stream import EVENT_STREAM, OnEvent, events, wants_events
from assistant import DraftingService, DraftRequest, Settings
from assistant.drafts import CheckReport, DraftResponse
from assistant.reading import Reading
from assistant.rewrite import RewriteResult, rewrite
from assistant.service import load_brand_pack
from assistant.wiring import build_service
from guardrails import find_pii
from knowledge import IngestReport, PackProblems
from knowledge.errors import PackError

log = logging.getLogger(__name__)
T = TypeVar("T")
WORK_THREADS = 4
"""Requests one worker process works on at once; the rest wait their turn as coroutines."""
INLINE_CHECK_CHARS = 1_000
"""A check naming its FAQ entries and giving no post needs no embedding: up to this length (about 10 ms of
CPU) it runs on the event loop, sparing the thread hand-off and the GIL contention that set its tail."""



def redact(text: str, order_id_pattern: str | None) -> str:
    """`text` with every personal-data span replaced by its kind, e.g. [email]."""
    for span in reversed(find_pii(text, order_id_pattern)):
        text = text[:span.start] + f"[{span.kind}]" + text[span.end:]
    return text


async def _principal(request: Request) -> Principal:
    """The caller the gate let in (async: FastAPI would run a plain function in a worker thread)."""
    principal = getattr(request.state, "principal", None)
    if principal is None:  # only reachable when the gate is bypassed
        raise Forbidden("send `Authorization: Bearer <key>` with a valid API key", status=401)
    return principal  # type: ignore[no-any-return]


Caller = Annotated[Principal, Depends(_principal)]
BrandPath = Annotated[str, PathParam(pattern=BRAND_ID, description="The brand id.", examples=["brightfern"])]


def create_app(settings: Settings | None = None, service: DraftingService | None = None,
               database: Database | None = None) -> FastAPI:
    """Build the app; `service` and `database` may be given by tests that share them."""
    settings = settings or Settings()
    service = service or build_service(settings)
    database = database or Database.open(settings.database())
    env_keys = parse_env_keys(settings.api_keys.get_secret_value() if settings.api_keys else "")
    auth = Authenticator(env_keys, database, allow_open=settings.allow_open)
    app = FastAPI(title="Tactful", version="0.1.0", description="Kind, correct, safe customer-care replies.")
    errors.install(app)
    app.add_middleware(
        Gate, auth=auth, audit=database.audit,
        limiter=RateLimiter(settings.rate_limit, settings.workers),
        failures=RateLimiter(max(settings.rate_limit // 10, 10), settings.workers),
        max_body=settings.max_body_bytes, max_pack=settings.max_pack_bytes,
    )
    _sweep(service, database)

    limiter: list[anyio.CapacityLimiter] = []  # made in the worker's event loop, on first use

    async def work(fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work in one of a few threads, answering 503 when waiting plus work outlive the request
        timeout. Few threads, because each holds the GIL for much of its work: more would only slice the CPU
        thinner and starve the event loop (and /healthz) without answering sooner."""
        if not limiter:
            limiter.append(anyio.CapacityLimiter(WORK_THREADS))
        try:
            with anyio.fail_after(settings.request_timeout):
                return await anyio.to_thread.run_sync(partial(fn, *args), abandon_on_cancel=True,
                                                      limiter=limiter[0])
        except TimeoutError:
            raise Busy(f"the request took longer than {settings.request_timeout:g} s; retry later or send less",
                       status=503, retry_after=int(settings.request_timeout)) from None

    def allow(caller: Principal, brand: str, role: Role = "agent", client: str | None = None) -> None:
        try:
            caller.require(brand, role)
        except Forbidden as exc:
            database.audit("brand.refused", "refused", key_id=caller.key_id, brand=brand, detail=f"403 {exc}"[:200],
                           client=client)
            raise

    @app.get("/healthz", response_model=Health, tags=["health"])
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz", response_model=Ready, tags=["health"])
    async def readyz() -> JSONResponse:
        brands = await work(lambda: (database.has_keys(), len(service.store.brands()))[1])
        return JSONResponse({"status": "ready", "brands": brands})

    @app.post("/v1/drafts", response_model=DraftResponse, tags=["drafting"], responses={200: {
        "description": "The reading and the checked drafts; with `Accept: text/event-stream`, server-sent events "
                       "(`reading`, `text` while a streaming model writes, `draft` as each is checked, then `done` "
                       "or `error`).",
        "content": {EVENT_STREAM: {"schema": {"type": "string"}}}}})
    async def drafts(body: DraftIn, caller: Caller, http: Request) -> Response:
        allow(caller, body.brand)
        request = DraftRequest.model_validate(body.model_dump(exclude={"brand"}))
        if wants_events(http.headers.get("accept")):
            pack = await work(service.store.pack, body.brand)  # an unknown brand is a 404, not a stream

            async def run(on_event: OnEvent) -> DraftResponse:
                return await work(lambda: service.draft(request, pack, on_event=on_event))

            return StreamingResponse(events(run, http.url.path), media_type=EVENT_STREAM,
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return JSONResponse(await work(
            lambda: service.draft(request, service.store.pack(body.brand)).model_dump(mode="json")))

    @app.post("/v1/checks", response_model=CheckReport, response_model_exclude_none=True, tags=["drafting"])
    async def checks(body: CheckIn, caller: Caller) -> JSONResponse:
        allow(caller, body.brand)

        def run() -> dict[str, Any]:
            report = service.check_reply(body.text, service.store.pack(body.brand), body.channel, faq_ids=body.faq,
                                         language=body.language, complaint=body.complaint, post=body.post)
            return report.wire()

        if body.faq and not body.post and len(body.text) <= INLINE_CHECK_CHARS:
            return JSONResponse(run())  # nothing to embed: faster than a hand-off to a thread and back
        return JSONResponse(await work(run))

    @app.post("/v1/rewrites", response_model=RewriteResult, tags=["drafting"])
    async def rewrites(body: RewriteIn, caller: Caller) -> JSONResponse:
        """An agent's reply rewritten to a tone and checked: what was done, what could not be, the findings."""
        allow(caller, body.brand)

        def run() -> dict[str, Any]:
            return rewrite(service, body.text, service.store.pack(body.brand), body.channel, body.tone,
                           post=body.post, language=body.language, faq_ids=body.faq).model_dump(mode="json")

        return JSONResponse(await work(run))

    @app.post("/v1/analyze", response_model=Reading, tags=["drafting"])
    async def analyze(body: AnalyzeIn, caller: Caller) -> JSONResponse:
        if body.brand is None:
            return JSONResponse(await work(lambda: service.analyze(body.text).model_dump(mode="json",
                                                                                         exclude={"faq"})))
        allow(caller, body.brand)
        return JSONResponse(await work(
            lambda: service.analyze(body.text, service.store.pack(str(body.brand))).model_dump(mode="json")))

    @app.put("/v1/brands/{brand_id}", response_model=IngestReport, tags=["brands"])
    async def put_brand(brand_id: BrandPath, body: BrandIn, caller: Caller, request: Request) -> JSONResponse:
        client = request.client.host if request.client else None
        allow(caller, brand_id, "admin", client)
        try:
            pack = await work(_load_uploaded, brand_id, body)
        except PackError as exc:
            database.audit("brand.upload", "refused", key_id=caller.key_id, brand=brand_id,
                           detail=f"422 {exc}"[:200], client=client)
            raise
        holder = uuid.uuid4().hex
        if not database.acquire_lease(brand_id, holder, INGEST_LEASE_SECONDS):
            database.audit("brand.upload", "refused", key_id=caller.key_id, brand=brand_id,
                           detail="409 another upload of this brand is in progress", client=client)
            raise Busy(f"another upload of brand {brand_id!r} is in progress; retry when it has finished",
                       retry_after=10)
        try:
            report = await work(service.ingest, pack)
        finally:
            database.release_lease(brand_id, holder)
        database.audit("brand.upload", "ok", key_id=caller.key_id, brand=brand_id, client=client,
                       detail=f"{report.documents} documents, {report.embedded} embedded"
                              + (", unchanged" if report.unchanged else ""))
        return JSONResponse(report.model_dump(mode="json"))

    @app.get("/v1/brands/{brand_id}", response_model=BrandInfo, tags=["brands"])
    async def get_brand(brand_id: BrandPath, caller: Caller) -> JSONResponse:
        allow(caller, brand_id)
        pack = await work(service.store.pack, brand_id)
        return JSONResponse(BrandInfo(
            id=pack.brand.id, name=pack.brand.name, languages=list(pack.brand.languages),
            faq=len(pack.faq), fingerprint=pack.fingerprint(), voice_sections=[s.title for s in pack.voice.sections],
        ).model_dump(mode="json"))

    @app.post("/v1/feedback", status_code=202, response_model=Accepted, tags=["feedback"])
    async def feedback(body: FeedbackIn, caller: Caller) -> JSONResponse:
        allow(caller, body.brand)

        def store() -> int:
            pattern = service.store.pack(body.brand).brand.order_id_pattern  # unknown brand: 404
            clean = partial(redact, order_id_pattern=pattern)  # personal data is never stored
            return database.add_feedback(
                key_id=caller.key_id, brand=body.brand, draft_id=body.draft_id, verdict=body.verdict,
                final_text=clean(body.final_text) if body.final_text else None,
                post=clean(body.post) if body.post else None, language=body.language)

        return JSONResponse({"status": "accepted", "id": await work(store)}, status_code=202)

    document(app)
    return app


def _load_uploaded(brand_id: str, body: BrandIn) -> Any:
    """The uploaded files as a validated pack (errors name the file, never the temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="tactful-pack-") as tmp:
        root = Path(tmp)
        (root / "brand.yaml").write_text(body.brand_yaml, encoding="utf-8")
        (root / "faq.yaml").write_text(body.faq_yaml, encoding="utf-8")
        (root / "voice.md").write_text(body.voice_md, encoding="utf-8")
        try:
            pack = load_brand_pack(root)
        except PackProblems as exc:
            raise PackProblems([PackError(Path(p.file).name, p.problem, p.fix, p.line, p.field)
                                for p in exc.problems]) from None
    if pack.brand.id != brand_id:
        raise PackError("brand.yaml", f"id is {pack.brand.id!r} but the URL says {brand_id!r}",
                        "make them the same", None, "id")
    return pack


def _sweep(service: DraftingService, database: Database) -> None:
    """Drop collections left by uploads that were killed, brand by brand, under the brand's lease."""
    holder = uuid.uuid4().hex
    for brand_id in service.store.orphaned():
        if database.acquire_lease(brand_id, holder, 60):
            try:
                service.store.drop_inactive(brand_id)
            finally:
                database.release_lease(brand_id, holder)


def serve_app() -> FastAPI:
    """The app as `tactful serve` starts it in each worker process (settings from the environment)."""
    access = logging.getLogger("tactful.access")
    if not access.handlers:  # each worker is a fresh process: the access log goes to stderr
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d access %(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False
    settings = Settings()
    service = build_service(settings)
    service.analyze("Warm-up: where is my order?")  # loads the models before the worker reports ready
    service.warm_up()  # and every language's lexicons and phrase packs, when a brand exists to draft for
    app = create_app(settings, service)
    gc.collect()
    gc.freeze()  # the models and libraries loaded so far live as long as the worker: keep them out of GC passes
    sys.setswitchinterval(0.002)  # the event loop gets the GIL back sooner from a thread that is embedding
    return app
