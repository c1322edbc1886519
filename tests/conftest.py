"""Shared fixtures. The suite refuses every network connection except loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from assistant import DraftingService
from assistant.backends import make_backend
from knowledge import BrandPack, KnowledgeStore, load_pack
from knowledge.examples import example_pack
from knowledge.store import connect

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = str(address[0])
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise ConnectionRefusedError(f"tests are offline: refused connection to {host}")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign,assignment]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def pack_dir() -> Path:
    return example_pack()


@pytest.fixture(scope="session")
def pack(pack_dir: Path) -> BrandPack:
    return load_pack(pack_dir)


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory, pack: BrandPack) -> KnowledgeStore:
    """One embedded store with the example brand ingested, shared by the session (ingest costs seconds)."""
    store = KnowledgeStore(connect(tmp_path_factory.mktemp("data")))
    store.ingest(pack)
    return store


@pytest.fixture(scope="session")
def service(store: KnowledgeStore) -> DraftingService:
    return DraftingService(store, make_backend("composer"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """A real `tactful serve` in a subprocess on a loopback port; `stop()` ends it and returns its stderr."""

    def __init__(self, env: dict[str, str], *args: str, host: str = "127.0.0.1"):
        import os
        import subprocess
        import sys
        import tempfile

        self.port = free_port()
        self.url = f"http://{host}:{self.port}"
        # A file, not a pipe: the access log writes a line per request, and a pipe nobody reads fills up and
        # blocks the server.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed by stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tactful.cli", "serve", "--host", host, "--port", str(self.port), *args],
            env={**os.environ, **env}, stdout=self.log, stderr=self.log, start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90) -> ApiServer:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.stop()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.stop()}")

    def stop(self) -> str:
        import os
        import signal
        import subprocess

        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.log.closed:
            return ""
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.close()
        return text


@pytest.fixture(scope="session")
def api_server() -> type[ApiServer]:
    """The ApiServer class, for tests that start their own server."""
    return ApiServer


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on a loopback port, fresh for each test module; yields its URL."""
    import subprocess
    import sys
    import time

    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.is_file():
        pytest.fail(f"{chroma} not found: the chromadb package installs it; run `make setup`")
    port = free_port()
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connect(Path("unused"), url).heartbeat()
                break
            except Exception:  # noqa: BLE001 - not up yet; chroma raises several types while starting
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"`chroma run` did not start on {url} (exit code {server.poll()})")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class LlmServer(NamedTuple):
    """An OpenAI-compatible LLM server on loopback."""

    url: str
    """Base URL of its OpenAI API (ends in /v1)."""
    model: str
    """The model name it serves."""


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlmServer]:
    """llama.cpp's server with SmolLM2-135M (tests/llm_server.py) in a subprocess on a loopback port, shared
    by the session. Fails, never skips, when it cannot start: CI must run the tests that use it."""
    import subprocess
    import sys
    import time

    import httpx

    port = free_port()
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("llm_server.py")), str(port)],
                                  stdin=subprocess.PIPE, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                models = httpx.get(f"{base}/v1/models", timeout=2)
                if models.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                output = log.read_text(errors="replace").strip().splitlines()[-5:]
                pytest.fail(f"the LLM test server (tests/llm_server.py) did not start on {base} (exit code "
                            f"{server.poll()}); run `make setup` if a package is missing:\n" + "\n".join(output))
            time.sleep(0.2)
        yield LlmServer(url=f"{base}/v1", model=str(models.json()["data"][0]["id"]))
    finally:
        assert server.stdin is not None
        server.stdin.close()  # the server exits when its stdin closes
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
