"""A throwaway PostgreSQL server for the storage tests (skipped only when the server binaries are missing)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

PG_ROOT = Path("/usr/lib/postgresql")
PG_USER = "postgres"
"""Superuser inside the cluster, and the OS user that runs the server when the tests run as root."""


def _pg_bin() -> Path | None:
    """TACTFUL_TEST_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else pg_ctl on PATH."""
    candidates = [Path(os.environ["TACTFUL_TEST_PG_BIN"])] if os.environ.get("TACTFUL_TEST_PG_BIN") else []
    versions = [p for p in PG_ROOT.glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda p: int(p.parent.name), reverse=True)
    if on_path := shutil.which("pg_ctl"):
        candidates.append(Path(on_path).parent)
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """postgresql+psycopg://postgres@127.0.0.1:PORT/tactful on a fresh cluster in a temporary folder.

    Listens on 127.0.0.1 only (and a unix socket in that folder), trust auth for loopback, no fsync; run as
    the `postgres` OS user when the tests run as root (the server refuses root). Stopped with
    `pg_ctl stop -m immediate` and deleted at the end of the session."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_ctl) not found in {PG_ROOT}/*/bin or on PATH: "
                    "install postgresql (e.g. apt-get install postgresql) or set TACTFUL_TEST_PG_BIN")
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(PG_USER)
        except KeyError:
            pytest.skip(f"running as root and there is no {PG_USER!r} OS user to run PostgreSQL as")
        as_user = ["runuser", "-u", PG_USER, "--"]
    root = Path(tempfile.mkdtemp(prefix="tactful-pg-"))  # not under pytest's 0700 tmp: postgres must reach it
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log = root / "data", root / "server.log"
    port = _free_port()

    def run(*args: str | Path) -> None:
        result = subprocess.run([*as_user, *map(str, args)], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")

    try:
        run(bin_dir / "initdb", "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{root}'\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 100\n")
        # initdb -A trust: trust for the unix socket and 127.0.0.1/::1 only; the server listens on nothing else
        run(bin_dir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start")
        with psycopg.connect(host="127.0.0.1", port=port, user=PG_USER, dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE tactful")
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/tactful"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def new_postgres_database(postgres_url: str) -> Callable[[], str]:
    """Makes an empty schema in the session's database and returns a URL whose search_path is that schema:
    a fresh database per test at a fraction of CREATE DATABASE's cost."""
    server = urlsplit(postgres_url)

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return server._replace(query=f"options=-csearch_path%3D{name}").geturl()

    return make
