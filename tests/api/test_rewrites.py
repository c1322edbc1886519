"""POST /v1/rewrites on a real uvicorn server over loopback HTTP: an agent's reply rewritten to a tone, checked."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

KEY, AGENT, OTHER = "rewrite-admin", "rewrite-agent", "rewrite-other"
POST = "My order is two weeks late and nobody answers me. This is ridiculous!"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pack_dir: Path, api_server: type) -> Iterator[str]:
    env = {"TACTFUL_DATA_DIR": str(tmp_path_factory.mktemp("rewrite-api")),
           "TACTFUL_API_KEYS": f"{KEY}=brightfern,{AGENT}=brightfern:agent,{OTHER}=acme"}
    subprocess.run([sys.executable, "-m", "tactful.cli", "ingest", str(pack_dir)], env={**os.environ, **env},
                   check=True, capture_output=True, timeout=300)
    running = api_server(env).wait_ready()
    yield running.url
    running.stop()


def _post(server: str, body: dict[str, object], key: str | None = AGENT) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{server}/v1/rewrites", json=body, headers=headers, timeout=60)


def test_an_agent_gets_the_reply_rewritten_and_checked(server: str) -> None:
    body = {"brand": "brightfern", "tone": "warmer", "channel": "twitter", "post": POST,
            "text": "Orders ship within 1 business day.", "faq": ["shipping-times"]}
    r = _post(server, body)
    assert r.status_code == 200, r.text
    data = r.json()
    assert set(data) == {"text", "tone", "language", "changes", "unchanged", "findings", "blocked", "backend"}
    assert data["tone"] == "warmer" and data["language"] == "en" and data["backend"] == "composer"
    assert data["text"].endswith("Orders ship within 1 business day.") and "sorry" in data["text"].lower()
    assert data["blocked"] is False and data["unchanged"], "it says what a mechanical rewrite cannot do"


def test_fix_over_http_takes_out_personal_data_without_echoing_it_in_the_notes(server: str) -> None:
    r = _post(server, {"brand": "brightfern", "tone": "fix", "text": "Hi Jo! We sent the label to jo@example.com."})
    assert r.status_code == 200, r.text
    data = r.json()
    assert "jo@example.com" not in r.text and "direct message" in data["text"] and not data["blocked"]
    assert any(c.startswith("pii") for c in data["changes"])


def test_an_unknown_tone_is_422_naming_the_field(server: str) -> None:
    r = _post(server, {"brand": "brightfern", "tone": "angrier", "text": "Orders ship within 1 business day."})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert "tone" in r.json()["detail"] and r.json()["errors"][0]["field"] == "tone"


def test_keys_are_checked_as_for_the_other_routes(server: str) -> None:
    body = {"brand": "brightfern", "tone": "formal", "text": "Hey, orders ship within 1 business day."}
    missing = _post(server, body, key=None)
    assert missing.status_code == 401 and missing.headers["content-type"].startswith("application/problem+json")
    assert _post(server, body, key=OTHER).status_code == 403, "a key scoped to another brand"
    assert _post(server, body, key=KEY).status_code == 200


def test_an_unknown_brand_is_404(server: str) -> None:
    r = _post(server, {"brand": "acme", "tone": "formal", "text": "Hey there."}, key=OTHER)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_an_unknown_faq_entry_is_400_naming_the_known_ones(server: str) -> None:
    r = _post(server, {"brand": "brightfern", "tone": "shorter", "text": "Orders ship soon.", "faq": ["nope"]})
    assert r.status_code == 400 and "shipping-times" in r.json()["detail"]


def test_the_route_is_documented_with_an_example_and_problem_json(server: str) -> None:
    schema = httpx.get(f"{server}/openapi.json", timeout=30).json()
    operation = schema["paths"]["/v1/rewrites"]["post"]
    assert operation["security"] == [{"bearer": []}]
    for status in ("400", "401", "403", "404", "422", "429"):
        assert "application/problem+json" in operation["responses"][status]["content"], status
    request = schema["components"]["schemas"]["RewriteIn"]
    assert set(request["properties"]["tone"]["enum"]) == {"warmer", "shorter", "formal", "simpler", "fix"}
    assert request["properties"]["text"]["pattern"] == "\\S" and request["examples"]
