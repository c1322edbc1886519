"""The API's database as operators and the API see it, on SQLite and on a real PostgreSQL: keys that
authenticate until revoked and never show their secret, feedback that comes back and exports as eval cases,
an audit trail, ingest leases that exclude other processes, and a schema that several processes can create.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import main as alembic_main
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

import api.db
from api.db import MIGRATIONS, Database, metadata
from api.records import DatabaseUnavailable
from assistant import Settings
from eval.run import load_cases
from tactful.admin import add_commands


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file in a folder that does not exist yet, or a new PostgreSQL db."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'tactful.db'}"
    return str(request.getfixturevalue("new_postgres_database")())


@pytest.fixture
def db(url: str) -> Iterator[Database]:
    with Database.open(url) as database:
        yield database


def _secret(token: str) -> str:
    return token.split("_", 2)[2]


def _stored_text(url: str) -> bytes:
    """Everything the database holds: the SQLite files (WAL included), or every row of every table."""
    if url.startswith("sqlite"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        return b"".join(p.read_bytes() for p in folder.iterdir())
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        assert "api_keys" in tables
        rows = [r[0] for t in tables for r in conn.execute(f"SELECT t::text FROM {t} t")]  # noqa: S608 - our tables
    return "\n".join(rows).encode()


# --- keys --------------------------------------------------------------------------------------------------


def test_a_created_key_authenticates_and_a_wrong_or_revoked_one_does_not(db: Database) -> None:
    assert not db.has_keys()
    key, token = db.create_key("support team", "agent", ["acme", "brightfern"])
    other, other_token = db.create_key("ops", "admin", "*")
    assert token.startswith(f"tfk_{key.id}_") and len(key.id) == 8 and len(_secret(token)) >= 43
    assert db.has_keys()

    found = db.authenticate(token)
    assert found is not None and (found.id, found.role, found.brands) == (key.id, "agent", ("acme", "brightfern"))
    assert found.allows("acme") and not found.allows("other")
    admin = db.authenticate(f"  {other_token}\n")
    assert admin is not None and admin.allows("any-brand"), "'*' allows every brand"

    wrong_secret = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (wrong_secret, f"tfk_{key.id}_{_secret(other_token)}", f"tfk_zzzzzzzz_{_secret(token)}", "",
                "tfk_", f"Bearer {token}", token + "x" * 200, _secret(token), "test-key-1"):
        assert db.authenticate(bad) is None, bad

    assert db.revoke_key(key.id) is True
    assert db.authenticate(token) is None
    assert db.revoke_key(key.id) is True, "revoking twice is harmless"
    assert db.revoke_key("nokey123") is False
    assert db.has_keys(), "the admin key is still active"
    db.revoke_key(other.id)
    assert not db.has_keys()
    listed = {k.id: k for k in db.list_keys()}
    assert set(listed) == {key.id, other.id} and all(k.revoked_at is not None for k in listed.values())


def test_bad_key_input_says_what_to_fix(db: Database) -> None:
    cases = [("n", "root", ["acme"], "role"), ("n", "agent", [], "brands"), ("n", "agent", ["Acme Inc"], "brands"),
             ("n", "agent", ["acme", "*"], "every brand"), ("n", "agent", "acme", "list of brand ids"),
             ("  ", "agent", ["acme"], "name")]
    for name, role, brands, message in cases:
        with pytest.raises(ValueError, match=message):
            db.create_key(name, role, brands)  # type: ignore[arg-type]
    assert db.list_keys() == []


def test_keys_are_listed_without_secret_or_hash_and_the_secret_is_not_stored(db: Database, url: str) -> None:
    key, token = db.create_key("ops", "admin", "*")
    secret = _secret(token)
    digest = hashlib.sha256(secret.encode()).hexdigest()
    listed = json.dumps([k.model_dump(mode="json") for k in db.list_keys()])
    assert key.id in listed and secret not in listed and digest not in listed and "hash" not in listed
    stored = _stored_text(url)
    assert digest.encode() in stored, "scanned the wrong place: the hash must be there"
    assert secret.encode() not in stored and token.encode() not in stored


def test_last_used_is_written_at_most_once_a_minute(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    key, token = db.create_key("ops", "agent", ["acme"])
    assert db.list_keys()[0].last_used_at is None
    first = db.authenticate(token)
    assert first is not None and first.last_used_at is not None
    db.authenticate(token)
    assert db.list_keys()[0].last_used_at == first.last_used_at, "a second use within the minute writes nothing"
    later = datetime.now(UTC) + timedelta(minutes=2)
    monkeypatch.setattr(api.db, "_now", lambda: later)
    db.authenticate(token)
    assert db.list_keys()[0].last_used_at == later


# --- feedback and audit ------------------------------------------------------------------------------------


def test_feedback_round_trips(db: Database) -> None:
    start = datetime.now(UTC) - timedelta(seconds=1)
    first = db.add_feedback("acme", "d1", "edited", "Hi Sam, we are on it.", key_id="abcd1234",
                            post="My order [order id] is late", draft_text="Hi Sam!", language="en")
    second = db.add_feedback(brand="brightfern", draft_id="d2", verdict="rejected")
    assert second > first
    rows = db.feedback()
    assert [r.id for r in rows] == [first, second]
    assert rows[0].model_dump(exclude={"id", "created_at"}) == {
        "key_id": "abcd1234", "brand": "acme", "draft_id": "d1", "verdict": "edited",
        "final_text": "Hi Sam, we are on it.", "post": "My order [order id] is late", "draft_text": "Hi Sam!",
        "language": "en"}
    assert rows[0].created_at >= start and rows[0].created_at.tzinfo is not None
    assert [r.id for r in db.feedback(brand="brightfern")] == [second]
    assert db.feedback(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    with pytest.raises(ValueError, match="verdict"):
        db.add_feedback("acme", "d3", "loved")  # type: ignore[arg-type]


def test_audit_rows_are_written_newest_first(db: Database) -> None:
    db.audit("auth.refused", "refused", detail="401 /v1/draft", client="10.0.0.7")
    db.audit("brand.upload", "ok", key_id="abcd1234", brand="acme", detail="x" * 500, client="10.0.0.8")
    db.audit("brand.refused", "refused", key_id="k" * 100, brand="other")
    log = db.audit_log()
    assert [(r.action, r.outcome) for r in log] == [("brand.refused", "refused"), ("brand.upload", "ok"),
                                                    ("auth.refused", "refused")]
    assert log[1].brand == "acme" and log[1].key_id == "abcd1234" and log[1].client == "10.0.0.8"
    assert len(log[1].detail) == 200, "a long note is cut, not refused"
    assert log[0].key_id == "k" * 16, "a key id from a forged token is cut to the column"
    assert [r.action for r in db.audit_log(limit=1)] == ["brand.refused"]


# --- leases ------------------------------------------------------------------------------------------------


def test_a_lease_excludes_a_second_holder_until_released_or_expired(url: str) -> None:
    with Database.open(url) as one, Database.open(url) as two:
        assert one.acquire_lease("acme", "worker-1", 30)
        assert not two.acquire_lease("acme", "worker-2", 30)
        assert one.acquire_lease("acme", "worker-1", 30), "the holder may extend its lease"
        assert two.acquire_lease("brightfern", "worker-2", 30), "leases are per brand"
        assert not two.release_lease("acme", "worker-2"), "only the holder releases"
        assert not two.acquire_lease("acme", "worker-2", 30)
        assert one.release_lease("acme", "worker-1")
        assert two.acquire_lease("acme", "worker-2", 0.05)
        assert not one.acquire_lease("acme", "worker-1", 30)
        time.sleep(0.1)
        assert one.acquire_lease("acme", "worker-1", 30), "an expired lease may be taken over"
        assert not two.release_lease("acme", "worker-2"), "the old holder's release no longer counts"
        assert not two.acquire_lease("acme", "worker-2", 30)


@pytest.mark.parametrize("before", ["free", "expired"])
def test_exactly_one_of_many_racing_workers_gets_the_lease(url: str, before: str) -> None:
    with Database.open(url) as one, Database.open(url) as two:
        if before == "expired":
            assert one.acquire_lease("acme", "crashed-worker", 0.01)
            time.sleep(0.05)
        barrier = threading.Barrier(8)
        won: list[str] = []

        def race(database: Database, holder: str) -> None:
            barrier.wait()
            if database.acquire_lease("acme", holder, 30):
                won.append(holder)

        threads = [threading.Thread(target=race, args=(one if i % 2 else two, f"worker-{i}")) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert len(won) == 1, won


# --- opening -----------------------------------------------------------------------------------------------

def _open_and_use(url: str, name: str, barrier: Any, errors: Any) -> None:
    try:
        barrier.wait(timeout=30)
        with Database.open(url) as db:
            key, token = db.create_key(name, "agent", ["acme"])
            assert db.authenticate(token) is not None
    except BaseException as exc:  # noqa: BLE001 - a child process reports whatever ended it
        errors.put(f"{name}: {type(exc).__name__}: {exc}")
        raise SystemExit(1) from None


def _hold_write_lock(path: str, started: Any, seconds: float) -> None:
    conn = sqlite3.connect(path, isolation_level=None)  # a fresh file, not in WAL mode yet
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE other_process (a)")
    started.set()
    time.sleep(seconds)
    conn.execute("COMMIT")


def test_opening_waits_while_another_process_holds_a_fresh_file(tmp_path: Path) -> None:
    # switching a file to WAL does not wait on SQLite's busy timeout: it must be retried, not fail at once
    ctx = multiprocessing.get_context("fork")
    started = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(tmp_path / "t.db"), started, 1.0))
    holder.start()
    assert started.wait(timeout=30)
    with Database.open(f"sqlite:///{tmp_path / 't.db'}") as db:
        key, token = db.create_key("after-the-wait", "agent", ["acme"])
        assert db.authenticate(token) is not None
    holder.join(timeout=30)


def test_two_processes_opening_a_fresh_database_at_once_both_work(url: str) -> None:
    # fork: the children start with everything imported and open the database at the same moment
    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_open_and_use, args=(url, f"proc-{i}", barrier, errors)) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0], [errors.get(timeout=1) for p in procs if p.exitcode]
    with Database.open(url) as db:
        assert sorted(k.name for k in db.list_keys()) == ["proc-0", "proc-1"]


def test_the_migration_creates_exactly_the_tables_the_code_uses(db: Database, url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_alembic_runs_from_its_own_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'tactful.db'}"
    ini = tmp_path / "alembic.ini"
    ini.write_text(f"[alembic]\nscript_location = {MIGRATIONS}\nsqlalchemy.url = {url}\n", encoding="utf-8")
    alembic_main(["-c", str(ini), "upgrade", "head", "--sql"])
    assert "CREATE TABLE api_keys" in capsys.readouterr().out
    alembic_main(["-c", str(ini), "upgrade", "head"])
    with Database.open(url) as db:
        _, token = db.create_key("ops", "admin", "*")
        assert db.authenticate(token) is not None
    alembic_main(["-c", str(ini), "downgrade", "base"])
    with Database.open(url) as db:
        assert db.list_keys() == [], "downgraded to nothing, then upgraded again on open"


@pytest.mark.parametrize(("url", "says"), [
    ("postgresql+psycopg://tactful:s3cret-pw@127.0.0.1:1/tactful", "TACTFUL_DATABASE_URL"),
    ("not a url", "TACTFUL_DATABASE_URL is not a database URL"),
    ("mysql://tactful:s3cret-pw@127.0.0.1/tactful", "mysql is not supported"),
])
def test_a_database_that_cannot_be_used_says_what_to_check(url: str, says: str) -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        Database.open(url)
    assert says in str(caught.value) and "s3cret-pw" not in str(caught.value)


def test_a_sqlite_file_that_cannot_be_used_says_what_to_check(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder, not a database " * 100)
    with pytest.raises(DatabaseUnavailable, match="TACTFUL_DATA_DIR"):
        Database.open(f"sqlite:///{blocker / 'sub' / 'tactful.db'}")
    with pytest.raises(DatabaseUnavailable, match="not a SQLite database"):
        Database.open(f"sqlite:///{blocker}")


# --- the CLI -------------------------------------------------------------------------------------------------


def tactful(settings: Settings, *argv: str) -> int:
    """Run `tactful <argv>` through a parser built from tactful.admin.add_commands (as tactful/cli.py does)."""
    parser = argparse.ArgumentParser(prog="tactful")
    commands = add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return commands[args.command](args, settings)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")  # the default database: <data_dir>/tactful.db


def test_keys_create_list_revoke(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert tactful(settings, "keys", "create", "--name", "ops", "--role", "admin", "--brands", "*", "--json") == 0
    out, err = capsys.readouterr()
    created = json.loads(out)
    token = created["token"]
    assert "cannot be shown again" in err and token not in err
    assert tactful(settings, "keys", "create", "--name", "Support EU", "--role", "agent",
                   "--brands", "acme, brightfern") == 0
    out, _ = capsys.readouterr()
    assert "token: tfk_" in out and "acme, brightfern" in out and "cannot be shown again" in out
    agent_token = out.split("token: ", 1)[1].split()[0]

    assert tactful(settings, "keys", "list") == 0
    table, _ = capsys.readouterr()
    header = table.splitlines()[0].split()
    assert header[:4] == ["id", "name", "role", "brands"] and "revoked" in header
    assert created["id"] in table and "Support EU" in table and "acme,brightfern" in table
    assert tactful(settings, "keys", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert set(listed[0]) == {"id", "name", "role", "brands", "created_at", "revoked_at", "last_used_at"}
    for secret in (_secret(token), _secret(agent_token)):
        assert secret not in table and secret not in json.dumps(listed)

    assert tactful(settings, "keys", "revoke", created["id"]) == 0
    assert "no longer authenticates" in capsys.readouterr().out
    assert tactful(settings, "keys", "list", "--json") == 0
    assert next(k for k in json.loads(capsys.readouterr().out) if k["id"] == created["id"])["revoked_at"]
    with Database.open(settings.database()) as db:
        assert db.authenticate(token) is None and db.authenticate(agent_token) is not None

    assert tactful(settings, "keys", "revoke", "nokey123") == 2
    assert "no key 'nokey123'" in capsys.readouterr().err
    with Database.open(settings.database()) as db:
        trail = [(r.action, r.key_id, r.client) for r in db.audit_log()]
    assert trail[0] == ("key.revoke", created["id"], "cli") and ("key.create", created["id"], "cli") in trail


@pytest.mark.parametrize(("brands", "says"), [("", "--brands: give brand ids"), (" , ", "--brands: give brand ids"),
                                              ("Acme Inc", "--brands: String should match"),
                                              ("acme,*", "--brands: '*' already means every brand")])
def test_keys_create_refuses_bad_brands(settings: Settings, capsys: pytest.CaptureFixture[str], brands: str,
                                        says: str) -> None:
    assert tactful(settings, "keys", "create", "--name", "ops", "--role", "agent", "--brands", brands) == 2
    assert says in capsys.readouterr().err


def test_keys_create_refuses_an_unknown_role(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        tactful(settings, "keys", "create", "--name", "ops", "--role", "root", "--brands", "*")
    assert exited.value.code == 2 and "choose from" in capsys.readouterr().err


def test_an_unreachable_database_is_reported_without_its_password(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(database_url="postgresql+psycopg://tactful:s3cret-pw@127.0.0.1:1/tactful")
    assert tactful(settings, "keys", "list") == 1
    err = capsys.readouterr().err
    assert "TACTFUL_DATABASE_URL" in err and "s3cret-pw" not in err


def test_feedback_exports_as_eval_cases(settings: Settings, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(settings.database()) as db:
        db.add_feedback("acme", "d1", "accepted", "Hi! Refunds take 5 days.", post="When is my refund?",
                        draft_text="Hi! Refunds take 5 days.", language="en")
        db.add_feedback("acme", "d2", "edited", "Hola, lo siento.", post="Mi pedido no llegó", language="es")
        db.add_feedback("acme", "d3", "rejected", None, post="Your tent leaks!!")
        db.add_feedback("acme", "d4", "accepted", "Thanks!")  # the client sent no post
        db.add_feedback("brightfern", "d5", "accepted", "Sure.", post="Do you ship to Norway?")
    out = tmp_path / "exported" / "cases.jsonl"
    assert tactful(settings, "feedback", "export", "--brand", "acme", "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert "wrote 3 cases" in err and "skipped 1 rows without the customer's post" in err

    cases = load_cases(out)  # what `tactful eval` reads
    assert [(c.brand, c.text, c.reference, c.lang) for c in cases] == [
        ("acme", "When is my refund?", "Hi! Refunds take 5 days.", "en"),
        ("acme", "Mi pedido no llegó", "Hola, lo siento.", "es"),
        ("acme", "Your tent leaks!!", None, None),  # a rejected reply is no reference
    ]
    assert len({c.id for c in cases}) == 3

    assert tactful(settings, "feedback", "export") == 0
    everything = capsys.readouterr()
    assert len(everything.out.splitlines()) == 4 and "wrote 4 cases" in everything.err
