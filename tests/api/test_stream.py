"""POST /v1/drafts as server-sent events, on a real uvicorn server over loopback HTTP, with the shipped `fake`
LLM backend (it streams like a model) and with the composer (it does not stream text; the drafts still come
one event each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

KEY = "stream-key"
BODY = {"brand": "brightfern", "channel": "twitter", "author": "Marta", "variants": 2,
        "text": "My parcel is late, where is my order?"}


def _ingest(env: dict[str, str], pack_dir: Path) -> None:
    subprocess.run([sys.executable, "-m", "tactful.cli", "ingest", str(pack_dir)], env={**os.environ, **env},
                   check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, pack_dir: Path, api_server: type) -> Iterator[dict[str, str]]:
    running = {}
    for backend in ("fake", "composer"):
        env = {"TACTFUL_DATA_DIR": str(tmp_path_factory.mktemp(f"stream-{backend}")), "TACTFUL_BACKEND": backend,
               "TACTFUL_API_KEYS": f"{KEY}=brightfern"}
        _ingest(env, pack_dir)
        running[backend] = api_server(env).wait_ready()
    yield {name: r.url for name, r in running.items()}
    for r in running.values():
        r.stop()


def _events(url: str, body: dict[str, object]) -> tuple[httpx.Response, list[tuple[str, object]]]:
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "text/event-stream"}
    with httpx.stream("POST", f"{url}/v1/drafts", json=body, headers=headers, timeout=120) as r:
        raw = "".join(r.iter_text())
    events = []
    for block in raw.strip().split("\n\n") if r.status_code == 200 else []:
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return r, events


def test_a_streaming_backend_sends_the_reading_the_text_as_written_then_each_checked_draft(
    servers: dict[str, str]
) -> None:
    r, events = _events(servers["fake"], BODY)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    kinds = [k for k, _ in events]
    assert kinds[0] == "reading" and kinds[-1] == "done" and "text" in kinds
    assert kinds.index("text") < kinds.index("draft")
    done = events[-1][1]
    assert isinstance(done, dict)
    drafts = [d for k, d in events if k == "draft"]
    assert drafts == done["drafts"], "each checked draft was sent as it was ready, then the whole response"
    first_text = "".join(str(e["text"]) for k, e in events if k == "text" and isinstance(e, dict) and e["variant"] == 0)
    assert first_text and first_text == done["drafts"][0]["text"] or done["drafts"][0]["repaired"]
    plain = httpx.post(f"{servers['fake']}/v1/drafts", json=BODY, headers={"Authorization": f"Bearer {KEY}"},
                       timeout=120)
    assert plain.json()["drafts"] == done["drafts"], "the same drafts as the JSON route"


def test_the_composer_streams_drafts_without_text_events(servers: dict[str, str]) -> None:
    _, events = _events(servers["composer"], BODY)
    kinds = [k for k, _ in events]
    assert kinds[0] == "reading" and kinds[-1] == "done" and "text" not in kinds and "draft" in kinds


def test_errors_before_the_stream_are_plain_problems(servers: dict[str, str]) -> None:
    r, events = _events(servers["fake"], BODY | {"brand": "nope"})
    assert r.status_code == 403 and events == []
    r, _ = _events(servers["fake"], BODY | {"variants": 9})
    assert r.status_code == 422


def test_a_failure_while_streaming_is_the_last_event_a_problem_saying_what_to_check() -> None:
    import anyio

    from api.stream import events
    from assistant import BackendError

    async def run(on_event: object) -> object:
        raise BackendError("cannot reach the LLM endpoint http://127.0.0.1:9/v1; check TACTFUL_OPENAI_BASE_URL")

    async def collect() -> list[bytes]:
        return [chunk async for chunk in events(run, "/v1/drafts")]  # type: ignore[arg-type]

    chunks = anyio.run(collect)
    assert len(chunks) == 1 and chunks[0].startswith(b"event: error\n")
    problem = json.loads(chunks[0].decode().split("data: ", 1)[1])
    assert problem["status"] == 502 and "TACTFUL_OPENAI_BASE_URL" in problem["detail"]
