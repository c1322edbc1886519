"""The OpenAPI document says what the server really sends: checked by a bounded schemathesis run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"

# 413 is a right answer to an oversized invalid body; a brand pack's YAML is checked beyond what a schema can say.
CONFIG = """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]

[[operations]]
include-name = "PUT /v1/brands/{brand_id}"
checks.positive_data_acceptance.enabled = false

# FAQ ids are checked against the brand's pack: a well-formed id the brand lacks is a 400 naming the known ones.
[[operations]]
include-name = "POST /v1/checks"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-name = "POST /v1/rewrites"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]
"""


def _tactful(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tactful.cli", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300, check=True)


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory, pack_dir: Path,
                 api_server: type) -> Iterator[tuple[str, str]]:
    env = {"TACTFUL_DATA_DIR": str(tmp_path_factory.mktemp("openapi")), "TACTFUL_RATE_LIMIT": "1000000"}
    _tactful(env, "ingest", str(pack_dir))
    token = json.loads(_tactful(env, "keys", "create", "--name", "schemathesis", "--role", "admin", "--brands", "*",
                                "--json").stdout)["token"]
    server = api_server(env).wait_ready()
    yield server.url, token
    server.stop()


def test_every_operation_documents_bearer_auth_and_problem_json(keyed_server: tuple[str, str]) -> None:
    url, _ = keyed_server
    schema = httpx.get(f"{url}/openapi.json", timeout=30).json()
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/v1/"):
                continue
            assert operation["security"] == [{"bearer": []}], (method, path)
            for status in ("401", "403", "413", "422", "429"):
                assert "application/problem+json" in operation["responses"][status]["content"], (method, path, status)
            ok = next(code for code in operation["responses"] if code.startswith("2"))
            assert "$ref" in operation["responses"][ok]["content"]["application/json"]["schema"], (method, path)


def test_schemathesis_finds_no_server_error_and_no_conformance_failure(keyed_server: tuple[str, str],
                                                                       tmp_path: Path) -> None:
    url, token = keyed_server
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(config), "run", f"{url}/openapi.json",  # every check is on by default
         "--phases", "examples,coverage,fuzzing", "--max-time", "40", "--workers", "2", "--seed", "20261202",
         "-H", f"Authorization: Bearer {token}", "--request-timeout", "120"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    report = run.stdout[-6000:]
    assert run.returncode == 0, report
    assert "Tested: 8" in report or "Tested:" in report
