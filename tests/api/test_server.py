"""The REST API on a real uvicorn server over loopback HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

KEY = "test-key-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pack_dir: Path, api_server: type) -> Iterator[str]:
    data = tmp_path_factory.mktemp("api-data")
    env = {"TACTFUL_DATA_DIR": str(data), "TACTFUL_API_KEYS": f"{KEY}=brightfern,other-key=acme"}
    subprocess.run([sys.executable, "-m", "tactful.cli", "ingest", str(pack_dir)], env={**os.environ, **env},
                   check=True, capture_output=True, timeout=300)
    running = api_server(env).wait_ready()
    yield running.url
    running.stop()


def _auth(key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_draft_over_http_matches_the_cli_shape(server: str) -> None:
    body = {"brand": "brightfern", "text": "Ile kosztuje wysyłka do Polski?", "channel": "twitter", "author": "Marta"}
    r = httpx.post(f"{server}/v1/drafts", json=body, headers=_auth(), timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    assert set(data) == {"reading", "drafts"}
    assert set(data["reading"]) == {"language", "script", "intent", "mood", "intensity", "faq", "private", "flags"}
    draft = data["drafts"][0]
    assert {"id", "text", "language", "visibility", "faq_ids", "findings", "blocked"} <= set(draft)
    assert data["reading"]["language"] == "pl" and "Marta" in draft["text"]


def test_check_over_http_finds_pii_without_echoing_it(server: str) -> None:
    body = {"brand": "brightfern", "text": "Hi Jo, we sent it to jo.doe@example.com", "channel": "twitter"}
    r = httpx.post(f"{server}/v1/checks", json=body, headers=_auth(), timeout=60)
    assert r.status_code == 200
    data = r.json()
    assert data["blocked"] is True
    assert "jo.doe@example.com" not in r.text.replace(body["text"], "")


def test_check_over_http_takes_the_customers_post_as_context(server: str) -> None:
    body = {"brand": "brightfern", "channel": "twitter", "text": "Haha, bad luck! Maybe don't leave your stove on 😂",
            "post": "My stove was left on and scorched my tent floor, I'm gutted"}
    r = httpx.post(f"{server}/v1/checks", json=body, headers=_auth(), timeout=60)
    assert r.status_code == 200, r.text
    assert {"blame", "humor_on_complaint"} <= {f["rule"] for f in r.json()["findings"]}


def test_missing_key_is_401_problem_json(server: str) -> None:
    r = httpx.post(f"{server}/v1/drafts", json={"brand": "brightfern", "text": "hi"}, timeout=30)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Bearer" in r.json()["detail"]


def test_key_scoped_to_another_brand_is_403(server: str) -> None:
    r = httpx.post(f"{server}/v1/drafts", json={"brand": "brightfern", "text": "hi"},
                   headers=_auth("other-key"), timeout=30)
    assert r.status_code == 403


def test_bad_body_is_422_naming_the_field(server: str) -> None:
    r = httpx.post(f"{server}/v1/drafts", json={"brand": "brightfern", "text": "hi", "channel": "myspace"},
                   headers=_auth(), timeout=30)
    assert r.status_code == 422
    assert "channel" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/v1/drafts", "/v1/checks", "/v1/analyze"])
def test_text_of_only_white_space_is_422_naming_the_field_as_the_schema_says(server: str, path: str) -> None:
    # "\f\x1c" satisfied the schema's minLength but was refused as empty (400): the schema now says `\S`
    r = httpx.post(f"{server}{path}", json={"brand": "brightfern", "text": "\f\x1c \u3000"}, headers=_auth(),
                   timeout=30)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert "text" in r.json()["detail"] and "white space" in r.json()["detail"]
    schema = httpx.get(f"{server}/openapi.json", timeout=30).json()["components"]["schemas"]
    assert all(schema[name]["properties"]["text"]["pattern"] == "\\S" for name in ("DraftIn", "CheckIn", "AnalyzeIn"))


def test_broken_pack_upload_is_422_and_keeps_the_old_brand(server: str, pack_dir: Path) -> None:
    files = {
        "brand_yaml": (pack_dir / "brand.yaml").read_text(encoding="utf-8"),
        "faq_yaml": "- id: a\n  question: q\n  answer: ''\n",
        "voice_md": (pack_dir / "voice.md").read_text(encoding="utf-8"),
    }
    r = httpx.put(f"{server}/v1/brands/brightfern", json=files, headers=_auth(), timeout=60)
    assert r.status_code == 422
    assert "faq.yaml:3" in r.json()["detail"]
    brand = httpx.get(f"{server}/v1/brands/brightfern", headers=_auth(), timeout=30).json()
    assert brand["faq"] >= 12
    files["brand_yaml"] = files["brand_yaml"].replace("languages: [en,", "languages: [it, en,")
    r = httpx.put(f"{server}/v1/brands/brightfern", json=files, headers=_auth(), timeout=60)
    errors = r.json()["errors"]
    assert r.status_code == 422 and len(errors) == 2, "every problem at once"
    assert errors[0]["field"].startswith("brand.yaml:") and "cannot draft in 'it'" in errors[0]["message"]
    assert errors[1]["field"] == "faq.yaml:3 0.answer"


def test_unknown_route_is_problem_json(server: str) -> None:
    r = httpx.get(f"{server}/v1/nothing-here", headers=_auth(), timeout=10)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert httpx.get(f"{server}/v1/nothing-here", timeout=10).status_code == 401  # the key is checked first


def test_health_and_docs(server: str) -> None:
    assert httpx.get(f"{server}/healthz", timeout=10).json() == {"status": "ok"}
    assert httpx.get(f"{server}/readyz", timeout=10).json()["brands"] == 1
    assert httpx.get(f"{server}/openapi.json", timeout=10).status_code == 200


def test_analyze_with_and_without_brand(server: str) -> None:
    plain = httpx.post(f"{server}/v1/analyze", json={"text": "Gdzie jest moja paczka?"}, headers=_auth(), timeout=30)
    assert plain.status_code == 200 and "faq" not in plain.json() and plain.json()["language"] == "pl"
    branded = httpx.post(f"{server}/v1/analyze", json={"text": "Ile kosztuje wysyłka?", "brand": "brightfern"},
                         headers=_auth(), timeout=30)
    assert branded.status_code == 200 and "faq" in branded.json()


def test_feedback_is_accepted_for_a_known_brand_only(server: str) -> None:
    body = {"brand": "brightfern", "draft_id": "d1", "verdict": "edited", "final_text": "Hi Marta, ..."}
    assert httpx.post(f"{server}/v1/feedback", json=body, headers=_auth(), timeout=30).status_code == 202
    unknown = httpx.post(f"{server}/v1/feedback", json={**body, "brand": "acme"}, headers=_auth("other-key"),
                         timeout=30)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
