"""Server mode: the same store code against a real `chroma run` on a loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import BrandPack, KnowledgeStore, StoreUnavailable
from knowledge.store import connect

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.is_file():
        pytest.fail(f"{CHROMA} not found: the chromadb package installs it; run `make setup`")
    port = _free_port()
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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


@pytest.mark.slow
def test_ingest_and_query_through_a_chroma_server(chroma_url: str, pack: BrandPack, tmp_path: Path) -> None:
    store = KnowledgeStore(connect(tmp_path, chroma_url))
    report = store.ingest(pack)
    assert not report.unchanged and report.documents > len(pack.faq)
    hits = store.search(pack.brand.id, "Ile kosztuje wysyłka? Czy jest darmowa dostawa?", language="pl")
    assert hits and hits[0].id == "shipping-costs" and hits[0].language == "pl"
    assert store.search(pack.brand.id, "Czy macie w ofercie kajaki albo deski SUP?", language="pl") == []
    # a second process (here: a second client) sees the same knowledge without ingesting
    again = KnowledgeStore(connect(tmp_path, chroma_url))
    assert again.ingest(pack).unchanged
    assert not (tmp_path / "chroma").exists(), "server mode must not write an embedded store"


def test_unreachable_server_says_what_to_check(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="TACTFUL_CHROMA_URL"):
        KnowledgeStore(connect(tmp_path, f"http://127.0.0.1:{_free_port()}"))
