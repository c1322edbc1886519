"""Two API replicas, one Chroma server and one PostgreSQL: brands, keys and feedback are shared."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _tactful(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tactful.cli", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def test_two_replicas_share_brands_keys_and_feedback(chroma_server: str, new_postgres_database: Callable[[], str],
                                                      pack_dir: Path, tmp_path: Path, api_server: type) -> None:
    database = new_postgres_database()
    env = {"TACTFUL_CHROMA_URL": chroma_server, "TACTFUL_DATABASE_URL": database}
    created = _tactful({**env, "TACTFUL_DATA_DIR": str(tmp_path / "cli")}, "keys", "create", "--name", "ops",
                       "--role", "admin", "--brands", "*", "--json")
    assert created.returncode == 0, created.stderr
    auth = {"Authorization": f"Bearer {json.loads(created.stdout)['token']}"}
    replicas = [api_server({**env, "TACTFUL_DATA_DIR": str(tmp_path / f"replica{n}")}, "--workers", "1")
                for n in range(2)]
    try:
        a, b = (r.wait_ready().url for r in replicas)
        files = {name: (pack_dir / file).read_text(encoding="utf-8")
                 for name, file in (("brand_yaml", "brand.yaml"), ("faq_yaml", "faq.yaml"), ("voice_md", "voice.md"))}
        uploaded = httpx.put(f"{a}/v1/brands/brightfern", json=files, headers=auth, timeout=180)
        assert uploaded.status_code == 200, uploaded.text

        draft = httpx.post(f"{b}/v1/drafts", json={"brand": "brightfern", "text": "How much is shipping?"},
                           headers=auth, timeout=60)
        assert draft.status_code == 200 and draft.json()["reading"]["faq"], draft.text

        changed = [{**files, "faq_yaml": files["faq_yaml"] + f"\n- id: replica-{n}\n  question: Replica {n}?\n"
                                                          f"  answer: Answer from replica {n}.\n"} for n in range(2)]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            both = list(pool.map(lambda job: httpx.put(f"{job[0]}/v1/brands/brightfern", json=job[1], headers=auth,
                                                       timeout=180), zip((a, b), changed, strict=True)))
        assert {r.status_code for r in both} <= {200, 409} and 200 in {r.status_code for r in both}
        for url in (a, b):
            assert httpx.post(f"{url}/v1/drafts", json={"brand": "brightfern", "text": "Do you ship to Poland?"},
                              headers=auth, timeout=60).status_code == 200

        for url, verdict in ((a, "accepted"), (b, "rejected")):
            body = {"brand": "brightfern", "draft_id": "d1", "verdict": verdict, "post": "Do you ship to Poland?"}
            assert httpx.post(f"{url}/v1/feedback", json=body, headers=auth, timeout=30).status_code == 202
    finally:
        for replica in replicas:
            replica.stop()
    out = tmp_path / "cases.jsonl"
    exported = _tactful({**env, "TACTFUL_DATA_DIR": str(tmp_path / "cli")}, "feedback", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # one from each replica, in one database
