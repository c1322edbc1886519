"""The API's database: API keys, feedback, the audit log and ingest leases.

The one home of SQLAlchemy and Alembic (STYLE.md); everything outside takes and returns the values of
api.records. SQLite by default (a file several worker processes share: WAL, a busy timeout, writes in
BEGIN IMMEDIATE so a writer waits for the lock instead of failing), PostgreSQL for a
postgresql+psycopg:// URL. `Database.open` brings the schema to the newest Alembic revision
(api/migrations), serialised so that processes opening a fresh database at the same moment do not race.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import string
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import ValidationError
from sqlalchemy import Connection, Dialect, Engine, Row, create_engine, delete, event, insert, or_, select, text, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.types import TypeDecorator

from api.records import ALL_BRANDS, ApiKey, AuditRecord, DatabaseUnavailable, FeedbackRecord, Role, Verdict

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
TOKEN_PREFIX = "tfk"  # noqa: S105 - the public prefix of every token, not a secret
KEY_ID_LENGTH = 8
LAST_USED_EVERY = timedelta(minutes=1)
"""last_used_at is written at most this often per key, so authenticating is not a write per request."""
SQLITE_BUSY_MS = 10_000
"""How long a SQLite writer waits for another process's write lock before giving up."""
PG_CONNECT_TIMEOUT_S = 10
_MIGRATION_LOCK = 0x74616374  # pg_advisory_xact_lock key ('tact'): one migrating process at a time
_KEY_ID_CHARS = string.ascii_lowercase + string.digits
_TOKEN = re.compile(rf"^{TOKEN_PREFIX}_([a-z0-9]{{{KEY_ID_LENGTH}}})_([A-Za-z0-9_-]{{16,128}})$")
_WRITE = "tactful_write"
_MIGRATE = "tactful_migrate"
SQLITE_MIGRATION_BUSY_MS = 120_000
"""A process opening a fresh database waits this long for another's migration (imports and DDL under load)."""
_URL_HELP = "give sqlite:///path/to/tactful.db or postgresql+psycopg://user@host:5432/dbname"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite keeps no zone: it stores naive UTC)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()
"""The tables as api/migrations creates them (a test compares the two)."""

api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("brands", sa.JSON, nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    sa.Column("last_used_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("role IN ('agent', 'admin')", name="ck_api_keys_role"),
)
feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("key_id", sa.String(16), nullable=True),
    sa.Column("brand", sa.String(64), nullable=False),
    sa.Column("draft_id", sa.String(64), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("final_text", sa.Text, nullable=True),
    sa.Column("post", sa.Text, nullable=True),
    sa.Column("draft_text", sa.Text, nullable=True),
    sa.Column("language", sa.String(16), nullable=True),
    sa.CheckConstraint("verdict IN ('accepted', 'edited', 'rejected')", name="ck_feedback_verdict"),
    sa.Index("ix_feedback_brand_created_at", "brand", "created_at"),
)
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("key_id", sa.String(16), nullable=True),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("brand", sa.String(64), nullable=True),
    sa.Column("detail", sa.String(200), nullable=False),
    sa.Column("client", sa.String(128), nullable=True),
    sa.Index("ix_audit_log_at", "at"),
)
ingest_leases = sa.Table(
    "ingest_leases", metadata,
    sa.Column("brand", sa.String(64), primary_key=True),
    sa.Column("holder", sa.String(128), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(secret: str) -> str:
    # The secret is 32 random bytes: nothing to brute-force, so a fast hash is right (no bcrypt/argon2).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _max_length(column: sa.Column[Any]) -> int | None:
    length = getattr(column.type, "length", None)
    return length if isinstance(length, int) else None


def _cut(value: str | None, column: sa.Column[Any]) -> str | None:
    """`value` cut to the column's length (PostgreSQL refuses longer strings; an audit note may be cut)."""
    length = _max_length(column)
    return value[:length] if value is not None and length else value


class Database:
    """API keys, feedback, audit log and ingest leases in one SQL database. Thread-safe; share one per process."""

    def __init__(self, engine: Engine, url: URL) -> None:
        """Use `Database.open`, which also migrates the schema."""
        self._engine = engine
        self._writer = engine.execution_options(**{_WRITE: True})
        self._url = url
        self.url = url.render_as_string(hide_password=True)
        """The URL with its password hidden, safe to print."""

    # --- opening and errors ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str) -> Database:
        """Connect to `url` (creating a SQLite file's folder) and upgrade the schema to the newest revision."""
        engine = _engine(url)
        database = cls(engine, engine.url)
        try:
            database._migrate()
        except BaseException:
            database.close()
            raise
        return database

    def close(self) -> None:
        """Close the pooled connections."""
        self._engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.url!r})"

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with _translated(self._url), self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction that writes (SQLite: BEGIN IMMEDIATE, waiting up to SQLITE_BUSY_MS for the lock)."""
        with _translated(self._url), self._writer.begin() as conn:
            yield conn

    def _migrate(self) -> None:
        config = _alembic_config()
        head = ScriptDirectory.from_config(config).get_current_head()
        with self._read() as conn:  # the common case, already at head, takes no write lock
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        migrator = self._writer.execution_options(**{_MIGRATE: True})
        try:
            with _translated(self._url), migrator.begin() as conn:
                _lock_for_migration(conn)
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        finally:
            self._engine.dispose()  # SQLite: no pooled connection keeps the migration's longer lock wait

    # --- API keys -------------------------------------------------------------------------------------

    def create_key(self, name: str, role: Role, brands: Iterable[str] | Literal["*"]) -> tuple[ApiKey, str]:
        """A new key and its token `tfk_<id>_<secret>`; the token is shown once: only its hash is stored.

        `brands`: brand ids, or "*" for every brand. Bad input raises ValueError saying what to fix."""
        if isinstance(brands, str) and brands != ALL_BRANDS:
            raise ValueError(f"brands: give a list of brand ids or {ALL_BRANDS!r}, not the string {brands!r}")
        chosen: tuple[str, ...] | Literal["*"] = ALL_BRANDS
        if brands != ALL_BRANDS:
            chosen = tuple(dict.fromkeys(b.strip() for b in brands))
            if ALL_BRANDS in chosen:
                if len(chosen) > 1:
                    raise ValueError(f"brands: {ALL_BRANDS!r} already means every brand; give it alone")
                chosen = ALL_BRANDS
        for _ in range(5):  # 36**8 ids: a clash is astronomically rare, but an id must never be reused
            key_id = "".join(secrets.choice(_KEY_ID_CHARS) for _ in range(KEY_ID_LENGTH))
            try:
                key = ApiKey(id=key_id, name=name.strip(), role=role, brands=chosen, created_at=_now())
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"][:1])
                raise ValueError(f"{field}: {err['msg']} (got {err['input']!r})") from None
            secret = secrets.token_urlsafe(32)
            try:
                with self._write() as conn:
                    conn.execute(insert(api_keys).values(
                        id=key.id, name=key.name, role=key.role,
                        brands=key.brands if key.brands == ALL_BRANDS else list(key.brands),
                        secret_hash=_hash(secret), created_at=key.created_at))
            except IntegrityError:
                continue
            return key, f"{TOKEN_PREFIX}_{key.id}_{secret}"
        raise RuntimeError("could not find an unused key id in 5 tries")

    def authenticate(self, token: str) -> ApiKey | None:
        """The active key `token` belongs to, or None (malformed, unknown, wrong secret, revoked)."""
        match = _TOKEN.match(token.strip()) if len(token) <= 200 else None
        if match is None:
            return None
        key_id, secret = match.groups()
        with self._read() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        stored = row.secret_hash if row is not None else "0" * 64
        if not hmac.compare_digest(_hash(secret), stored) or row is None or row.revoked_at is not None:
            return None
        key = _key(row)
        now = _now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
            stale = or_(api_keys.c.last_used_at.is_(None), api_keys.c.last_used_at <= now - LAST_USED_EVERY)
            with self._write() as conn:
                conn.execute(update(api_keys).where(api_keys.c.id == key_id, stale).values(last_used_at=now))
            key = key.model_copy(update={"last_used_at": now})
        return key

    def list_keys(self) -> list[ApiKey]:
        """Every key, revoked ones too, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)).all()
        return [_key(r) for r in rows]

    def revoke_key(self, key_id: str) -> bool:
        """Revoke a key for good (idempotent); False when there is no such key."""
        with self._write() as conn:
            conn.execute(update(api_keys).where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                         .values(revoked_at=_now()))
            return conn.execute(select(api_keys.c.id).where(api_keys.c.id == key_id)).first() is not None

    def has_keys(self) -> bool:
        """Whether any key is active (none: the API runs without database keys)."""
        with self._read() as conn:
            return conn.execute(select(api_keys.c.id).where(api_keys.c.revoked_at.is_(None)).limit(1)).first() \
                is not None

    # --- feedback -------------------------------------------------------------------------------------

    def add_feedback(self, brand: str, draft_id: str, verdict: Verdict, final_text: str | None = None, *,
                     key_id: str | None = None, post: str | None = None, draft_text: str | None = None,
                     language: str | None = None) -> int:
        """Store what an agent did with a draft; returns the row id. Texts must already be redacted."""
        if verdict not in get_args(Verdict):
            raise ValueError(f"verdict: {verdict!r} is not one of {', '.join(get_args(Verdict))}")
        values = {"brand": brand, "draft_id": draft_id, "key_id": key_id, "language": language}
        for name, value in values.items():
            length = _max_length(feedback.c[name])
            if value is not None and length is not None and len(value) > length:
                raise ValueError(f"{name}: longer than {length} characters")
        with self._write() as conn:
            result = conn.execute(insert(feedback).values(
                created_at=_now(), verdict=verdict, final_text=final_text, post=post, draft_text=draft_text,
                **values))
            row_id = result.inserted_primary_key
            assert row_id is not None, "an INSERT of one row has its primary key"
            return int(row_id[0])

    def feedback(self, brand: str | None = None, since: datetime | None = None) -> list[FeedbackRecord]:
        """Feedback in arrival order, of one brand and from `since` on when given."""
        query = select(feedback).order_by(feedback.c.id)
        if brand is not None:
            query = query.where(feedback.c.brand == brand)
        if since is not None:
            query = query.where(feedback.c.created_at >= since)
        with self._read() as conn:
            return [FeedbackRecord.model_validate(r._asdict()) for r in conn.execute(query)]

    # --- audit log ------------------------------------------------------------------------------------

    def audit(self, action: str, outcome: str, *, key_id: str | None = None, brand: str | None = None,
              detail: str = "", client: str | None = None) -> None:
        """Record a security-relevant event. `detail` is a short note (cut to 200 characters), never customer
        text; `key_id` may come from a refused token, so every field is cut to its column."""
        c = audit_log.c
        with self._write() as conn:
            conn.execute(insert(audit_log).values(
                at=_now(), action=_cut(action, c.action), outcome=_cut(outcome, c.outcome),
                key_id=_cut(key_id, c.key_id), brand=_cut(brand, c.brand), detail=_cut(detail, c.detail) or "",
                client=_cut(client, c.client)))

    def audit_log(self, limit: int = 100) -> list[AuditRecord]:
        """The newest `limit` events, newest first."""
        if limit < 1:
            raise ValueError(f"limit: {limit} is not positive")
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        with self._read() as conn:
            return [AuditRecord.model_validate(r._asdict()) for r in conn.execute(query)]

    # --- ingest leases --------------------------------------------------------------------------------

    def acquire_lease(self, brand: str, holder: str, ttl_seconds: float) -> bool:
        """Take the ingest lease on `brand` for `ttl_seconds`: True when `holder` now holds it (taken, taken
        over after it expired, or extended because `holder` held it already), False when someone else does.

        Atomic across processes and hosts sharing the database: the UPDATE takes over an expired lease or
        extends our own; otherwise the INSERT fails on the primary key if another holder got there first.
        Expiry is judged by this host's clock: hosts sharing a database need synchronised clocks (NTP)."""
        if ttl_seconds <= 0:
            raise ValueError(f"ttl_seconds: {ttl_seconds} is not positive")
        now = _now()
        expires = now + timedelta(seconds=ttl_seconds)
        lease = ingest_leases.c
        try:
            with self._write() as conn:
                taken = conn.execute(update(ingest_leases)
                                     .where(lease.brand == brand, or_(lease.expires_at <= now, lease.holder == holder))
                                     .values(holder=holder, expires_at=expires))
                if taken.rowcount == 1:
                    return True
                conn.execute(insert(ingest_leases).values(brand=brand, holder=holder, expires_at=expires))
                return True
        except IntegrityError:
            return False

    def release_lease(self, brand: str, holder: str) -> bool:
        """Give the lease back; False when `holder` did not hold it (expired and taken over, or never held)."""
        with self._write() as conn:
            gone = conn.execute(delete(ingest_leases).where(ingest_leases.c.brand == brand,
                                                            ingest_leases.c.holder == holder))
            return gone.rowcount == 1


# --- module helpers --------------------------------------------------------------------------------------


def _key(row: Row[Any]) -> ApiKey:
    brands = row.brands if row.brands == ALL_BRANDS else tuple(row.brands)
    return ApiKey(id=row.id, name=row.name, role=row.role, brands=brands, created_at=row.created_at,
                  revoked_at=row.revoked_at, last_used_at=row.last_used_at)


@contextmanager
def _translated(url: URL) -> Iterator[None]:
    """Driver errors become DatabaseUnavailable; a primary-key clash stays an IntegrityError for the caller."""
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise _unavailable(url, exc) from None


def _unavailable(url: URL, exc: DBAPIError) -> DatabaseUnavailable:
    """The domain error for a database we cannot use, naming what to check and never the password."""
    reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
    if url.password:
        reason = reason.replace(str(url.password), "***")
    safe = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if "locked" in reason or "busy" in reason:
            hint = (f"another process held the write lock for over {SQLITE_BUSY_MS // 1000} s; retry, or use "
                    "PostgreSQL (TACTFUL_DATABASE_URL=postgresql+psycopg://...) for many writers")
        elif "not a database" in reason:
            hint = "the file is not a SQLite database: move it away, or set TACTFUL_DATABASE_URL to another file"
        else:
            hint = ("check that its folder exists and is writable (TACTFUL_DATA_DIR), or set TACTFUL_DATABASE_URL "
                    "to a database you can write")
    else:
        hint = ("check TACTFUL_DATABASE_URL (host, port, user, password, database name) and that the server is "
                "running and reachable from here")
    return DatabaseUnavailable(f"cannot use the database {safe}: {reason}; {hint}")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _sqlite_begin), so the driver must not; WAL lets readers run while
    # one process writes, and the busy timeout makes a writer wait for the lock instead of failing at once.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
    _into_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _into_wal(cursor: Any) -> None:
    """Switch the file to WAL. The switch needs the file to itself and SQLite does not wait for it (the busy
    timeout does not apply): two processes opening a fresh file at once, one of them switching or already
    migrating, made the other fail at once with "database is locked". So it is retried for as long as a
    migration may take; a file already in WAL mode answers at once."""
    deadline = time.monotonic() + SQLITE_MIGRATION_BUSY_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    # A writing transaction takes the write lock up front: a deferred one that reads and then writes can fail
    # with "database is locked" at once when another process wrote in between, without waiting.
    options = conn.get_execution_options()
    if options.get(_MIGRATE):
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_MIGRATION_BUSY_MS}")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE) else "BEGIN")


def _engine(url: str) -> Engine:
    """An engine for `url` with the SQLite settings above; DatabaseUnavailable for a URL we cannot use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(f"TACTFUL_DATABASE_URL is not a database URL; {_URL_HELP}") from None
    safe = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(f"TACTFUL_DATABASE_URL {safe}: {backend} is not supported; {_URL_HELP}")
    options: dict[str, Any] = {"hide_parameters": True}  # errors and logs never show customer text or hashes
    if backend == "sqlite":
        name = parsed.database or ""
        if name and name != ":memory:" and not name.startswith("file:"):
            try:
                Path(name).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(f"cannot create the folder of the database {safe} ({exc.strerror}); "
                                          "set TACTFUL_DATA_DIR or TACTFUL_DATABASE_URL to a writable place") from None
    else:
        options["pool_pre_ping"] = True
        if "connect_timeout" not in parsed.query:
            options["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(parsed, **options)
    except (NoSuchModuleError, ImportError):
        raise DatabaseUnavailable(f"TACTFUL_DATABASE_URL {safe}: no driver for {parsed.drivername}; "
                                  "use postgresql+psycopg:// (psycopg 3 is installed with Tactful)") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _alembic_config() -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def _lock_for_migration(conn: Connection) -> None:
    """Serialise migrations: PostgreSQL by an advisory lock held to the end of the transaction; SQLite by the
    write lock its BEGIN IMMEDIATE already holds. A second process waits, then finds the schema at head."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


@contextmanager
def migration_connection(url: str) -> Iterator[Connection]:
    """A connection in a transaction that holds the migration lock: for api/migrations/env.py when Alembic is
    run from its own command line (`alembic -c your.ini upgrade head`)."""
    engine = _engine(url)
    try:
        with _translated(engine.url), engine.execution_options(**{_WRITE: True}).begin() as conn:
            _lock_for_migration(conn)
            yield conn
    finally:
        engine.dispose()
