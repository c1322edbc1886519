"""Shared fixtures. The suite refuses every network connection except loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

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
