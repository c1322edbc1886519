"""The REST API as an outside tester attacks it: safe defaults, keys and roles, limits, concurrent uploads.

Each test talks to a real `tactful serve` over loopback HTTP; keys are made with the real `tactful keys` CLI.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _tactful(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    own = {k: v for k, v in env.items() if k.startswith("TACTFUL_")}
    return subprocess.run([sys.executable, "-m", "tactful.cli", *args], env={**os.environ, **own},
                          capture_output=True, text=True, timeout=300)


def _create_key(env: dict[str, str], role: str, brands: str) -> dict[str, str]:
    done = _tactful(env, "keys", "create", "--name", f"test {role}", "--role", role, "--brands", brands, "--json")
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def _pack_files(pack_dir: Path, extra_faq: str = "") -> dict[str, str]:
    return {
        "brand_yaml": (pack_dir / "brand.yaml").read_text(encoding="utf-8"),
        "faq_yaml": (pack_dir / "faq.yaml").read_text(encoding="utf-8") + extra_faq,
        "voice_md": (pack_dir / "voice.md").read_text(encoding="utf-8"),
    }


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory, pack_dir: Path, api_server: type) -> Iterator[dict[str, str]]:
    """A server with database keys: an admin, an agent for brightfern, and a low rate limit."""
    env = {"TACTFUL_DATA_DIR": str(tmp_path_factory.mktemp("keyed")), "TACTFUL_RATE_LIMIT": "120"}
    assert _tactful(env, "ingest", str(pack_dir)).returncode == 0
    keys = {"admin": _create_key(env, "admin", "*")["token"], "agent": _create_key(env, "agent", "brightfern")["token"],
            "burst": _create_key(env, "agent", "brightfern")["token"],
            "uploader": _create_key(env, "admin", "*")["token"]}  # its own rate bucket: 9 requests, burst 10
    server = api_server(env, "--workers", "2").wait_ready()
    yield {"url": server.url, **keys, **env}
    server.stop()


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_without_keys_a_public_address_is_refused_and_loopback_warns(tmp_path: Path, api_server: type) -> None:
    env = {"TACTFUL_DATA_DIR": str(tmp_path)}
    refused = _tactful(env, "serve", "--host", "0.0.0.0", "--port", "1")
    assert refused.returncode == 2
    assert "tactful keys create" in refused.stderr and "--insecure-open" in refused.stderr
    server = api_server(env).wait_ready()
    try:
        analyzed = httpx.post(f"{server.url}/v1/analyze", json={"text": "Where is my parcel?"}, timeout=30)
        assert analyzed.status_code == 200  # open on loopback while no key exists
    finally:
        assert "OPEN" in server.stop()


def test_an_agent_key_drafts_but_cannot_upload_and_a_revoked_key_is_refused(keyed: dict[str, str],
                                                                           pack_dir: Path) -> None:
    url = keyed["url"]
    body = {"brand": "brightfern", "text": "How much is shipping to Poland?"}
    assert httpx.post(f"{url}/v1/drafts", json=body, headers=_auth(keyed["agent"]), timeout=60).status_code == 200
    upload = httpx.put(f"{url}/v1/brands/brightfern", json=_pack_files(pack_dir), headers=_auth(keyed["agent"]),
                       timeout=60)
    assert upload.status_code == 403 and "admin" in upload.json()["detail"]
    assert httpx.post(f"{url}/v1/drafts", json=body, timeout=60).status_code == 401

    created = _create_key(keyed, "agent", "brightfern")
    spare = created["token"]
    assert _tactful(keyed, "keys", "revoke", created["id"]).returncode == 0
    assert httpx.post(f"{url}/v1/analyze", json={"text": "hi"}, headers=_auth(spare), timeout=30).status_code == 401
    listed = _tactful(keyed, "keys", "list", "--json")
    assert spare not in listed.stdout and spare.split("_")[-1] not in listed.stdout
    audit = json.loads(_tactful(keyed, "audit", "--json").stdout)
    assert any(e["action"] == "brand.refused" and e["detail"].startswith("403") for e in audit)
    assert any(e["action"] == "auth.refused" for e in audit)


def test_limits_answer_problem_json_that_says_what_to_do(keyed: dict[str, str]) -> None:
    url, auth = keyed["url"], _auth(keyed["admin"])
    huge = httpx.post(f"{url}/v1/checks", content=b"x" * 400_000, timeout=30,
                      headers={**auth, "content-type": "application/json"})
    assert huge.status_code == 413 and huge.headers["content-type"].startswith("application/problem+json")
    no_key = httpx.post(f"{url}/v1/checks", content=b"{not json", timeout=30)
    assert no_key.status_code == 401  # the key is checked before the body is read
    broken = httpx.post(f"{url}/v1/checks", content=b'{"brand": "brightfern", "text": ', timeout=30,
                        headers={**auth, "content-type": "application/json"})
    assert broken.status_code == 400 and "JSON" in broken.json()["detail"]
    long_post = httpx.post(f"{url}/v1/drafts", json={"brand": "brightfern", "text": "a" * 10_001}, headers=auth,
                           timeout=30)
    assert long_post.status_code == 422 and len(long_post.text) < 2_000  # the field is never echoed back
    thread = [{"role": "customer", "text": "hi"}] * 51
    too_long = httpx.post(f"{url}/v1/drafts", json={"brand": "brightfern", "text": "hi", "thread": thread},
                          headers=auth, timeout=30)
    assert too_long.status_code == 422 and "thread" in too_long.json()["detail"]
    wrong_method = httpx.delete(f"{url}/v1/drafts", headers=auth, timeout=30)
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["allow"]


def test_a_key_over_its_rate_gets_429_with_retry_after(keyed: dict[str, str]) -> None:
    url, auth = keyed["url"], _auth(keyed["burst"])
    with httpx.Client(timeout=30) as client:
        statuses = [client.get(f"{url}/v1/brands/brightfern", headers=auth) for _ in range(40)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    assert int(limited[0].headers["retry-after"]) >= 1
    assert {r.status_code for r in statuses} <= {200, 429}


def test_concurrent_uploads_never_break_the_brand(keyed: dict[str, str], pack_dir: Path) -> None:
    # Its own key: sharing the admin key's bucket with the test before it drew a 429 when uploads ran fast.
    url, auth = keyed["url"], _auth(keyed["uploader"])
    for round_ in range(3):
        versions = [_pack_files(pack_dir, f"\n- id: extra-{round_}-{n}\n  question: Extra question {round_} {n}?\n"
                                          f"  answer: Extra answer number {round_}{n}.\n") for n in range(2)]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda files: httpx.put(f"{url}/v1/brands/brightfern", json=files,
                                                            headers=auth, timeout=120), versions))
        assert {r.status_code for r in answers} <= {200, 409}, [r.text for r in answers]
        assert any(r.status_code == 200 for r in answers)
        for refused in (r for r in answers if r.status_code == 409):
            assert refused.headers["retry-after"]
        draft = httpx.post(f"{url}/v1/drafts", json={"brand": "brightfern", "text": "Do you ship to Poland?"},
                           headers=auth, timeout=60)
        assert draft.status_code == 200, draft.text


def test_feedback_is_stored_redacted_with_its_key_and_exports_as_cases(keyed: dict[str, str], tmp_path: Path) -> None:
    url = keyed["url"]
    body = {"brand": "brightfern", "draft_id": "d1", "verdict": "edited", "language": "en",
            "final_text": "Hi Jo, we wrote to jo.doe@example.com",
            "post": "Where is my order? Mail me: jo.doe@example.com"}
    stored = httpx.post(f"{url}/v1/feedback", json=body, headers=_auth(keyed["agent"]), timeout=30)
    assert stored.status_code == 202 and stored.json()["id"]
    out = tmp_path / "cases.jsonl"
    assert _tactful(keyed, "feedback", "export", "--brand", "brightfern", "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "jo.doe@example.com" not in text and "[email]" in text
