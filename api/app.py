"""The FastAPI app (a composition root): routes return the same objects as the CLI's --json."""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from api import errors
from api.auth import KeyRing
from api.schemas import AnalyzeIn, BrandIn, CheckIn, DraftIn, FeedbackIn
from assistant import DraftingService, DraftRequest, Settings
from assistant.wiring import build_service
from guardrails import find_pii
from knowledge import load_pack
from knowledge.errors import PackError


def redact(text: str, order_id_pattern: str | None) -> str:
    """`text` with every personal-data span replaced by its kind, e.g. [email]."""
    for span in reversed(find_pii(text, order_id_pattern)):
        text = text[:span.start] + f"[{span.kind}]" + text[span.end:]
    return text


def _scopes(request: Request) -> frozenset[str]:
    """Brands the caller's API key may use."""
    keyring: KeyRing = request.app.state.keys
    return keyring.scopes(request.headers.get("authorization"))


Scopes = Annotated[frozenset[str], Depends(_scopes)]


def create_app(settings: Settings | None = None, service: DraftingService | None = None) -> FastAPI:
    """Build the app; `service` may be given by tests that share one store."""
    settings = settings or Settings()
    service = service or build_service(settings)
    keys = KeyRing.parse(settings.api_keys.get_secret_value() if settings.api_keys else "")
    feedback_lock = threading.Lock()
    app = FastAPI(title="Tactful", version="0.1.0", description="Kind, correct, safe customer-care replies.")
    app.state.keys = keys
    errors.install(app)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> dict[str, Any]:
        return {"status": "ready", "brands": len(service.store.brands())}

    @app.post("/v1/drafts")
    def drafts(body: DraftIn, allowed: Scopes) -> dict[str, Any]:
        keys.require(allowed, body.brand)
        pack = service.store.pack(body.brand)
        request = DraftRequest.model_validate(body.model_dump(exclude={"brand"}))
        return service.draft(request, pack).model_dump(mode="json")

    @app.post("/v1/checks")
    def checks(body: CheckIn, allowed: Scopes) -> dict[str, Any]:
        keys.require(allowed, body.brand)
        report = service.check_reply(body.text, service.store.pack(body.brand), body.channel, faq_ids=body.faq,
                                     language=body.language, complaint=body.complaint, post=body.post)
        return report.wire()

    @app.post("/v1/analyze")
    def analyze(body: AnalyzeIn, allowed: Scopes) -> dict[str, Any]:
        if body.brand is None:
            return service.analyze(body.text).without_faq()
        keys.require(allowed, body.brand)
        return service.analyze(body.text, service.store.pack(body.brand)).model_dump(mode="json")

    @app.put("/v1/brands/{brand_id}")
    def put_brand(brand_id: str, body: BrandIn, allowed: Scopes) -> dict[str, Any]:
        keys.require(allowed, brand_id)
        with tempfile.TemporaryDirectory(prefix="tactful-pack-") as tmp:
            root = Path(tmp)
            (root / "brand.yaml").write_text(body.brand_yaml, encoding="utf-8")
            (root / "faq.yaml").write_text(body.faq_yaml, encoding="utf-8")
            (root / "voice.md").write_text(body.voice_md, encoding="utf-8")
            try:
                pack = load_pack(root)
            except PackError as exc:
                raise PackError(Path(exc.file).name, exc.problem, exc.fix, exc.line, exc.field) from None
        if pack.brand.id != brand_id:
            raise PackError("brand.yaml", f"id is {pack.brand.id!r} but the URL says {brand_id!r}",
                            "make them the same", None, "id")
        return service.ingest(pack).model_dump(mode="json")

    @app.get("/v1/brands/{brand_id}")
    def get_brand(brand_id: str, allowed: Scopes) -> dict[str, Any]:
        keys.require(allowed, brand_id)
        pack = service.store.pack(brand_id)
        return {
            "id": pack.brand.id, "name": pack.brand.name, "languages": list(pack.brand.languages),
            "faq": len(pack.faq), "fingerprint": pack.fingerprint(),
            "voice_sections": [s.title for s in pack.voice.sections],
        }

    @app.post("/v1/feedback", status_code=202)
    def feedback(body: FeedbackIn, allowed: Scopes) -> JSONResponse:
        keys.require(allowed, body.brand)
        service.store.pack(body.brand)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        record = body.model_dump()
        if body.final_text:  # personal data in the agent's final text is not kept
            record["final_text"] = redact(body.final_text, service.store.pack(body.brand).brand.order_id_pattern)
        with feedback_lock, (settings.data_dir / "feedback.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return JSONResponse({"status": "accepted"}, status_code=202)

    return app
