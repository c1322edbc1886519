"""Who is calling: bearer API keys, each scoped to brands and to a role.

Keys live hashed in the database (`tactful keys create|list|revoke`). `TACTFUL_API_KEYS="k1=brandA|brandB,k2=*"`
still works for a fixed set of keys (an optional `:agent` suffix on the brands limits one to the agent role;
otherwise it is an admin, as before). With no key anywhere the API answers only when the operator allowed an
open server (`tactful serve` on loopback, or `--insecure-open`); then every caller is an anonymous admin.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from api.errors import Forbidden

if TYPE_CHECKING:
    from api.db import Database

ALL = "*"
Role = Literal["agent", "admin"]
OPEN_KEY_ID = "open"
"""The key id logged for callers of an open server."""


class Principal(BaseModel):
    """An authenticated caller: which key, which role, which brands."""

    model_config = ConfigDict(frozen=True)

    key_id: str
    role: Role
    brands: frozenset[str]

    def require(self, brand: str, role: Role = "agent") -> None:
        """Raise 403 unless this key covers `brand` with at least `role`."""
        if ALL not in self.brands and brand not in self.brands:
            raise Forbidden(f"this API key is not allowed to use brand {brand!r}")
        if role == "admin" and self.role != "admin":
            raise Forbidden("this API key has the agent role; uploading brands needs a key with the admin role "
                            "(tactful keys create --role admin)")


def parse_env_keys(spec: str) -> dict[str, Principal]:
    """`key=brandA|brandB[:agent],key2=*` -> principals by secret."""
    keys: dict[str, Principal] = {}
    for n, item in enumerate(filter(None, (part.strip() for part in spec.split(","))), start=1):
        key, _, brands = item.rpartition("=")  # keys may end in "=" (base64); brand ids never hold one
        brands, _, role = brands.partition(":")
        if not key or not brands or role not in ("", "agent", "admin"):
            raise ValueError("TACTFUL_API_KEYS: write key=brand1|brand2 (or key=*), comma-separated; "
                             "add :agent to limit a key to drafting")
        scoped = frozenset(b.strip() for b in brands.split("|") if b.strip())
        keys[key] = Principal(key_id=f"env{n}", role="agent" if role == "agent" else "admin", brands=scoped)
    return keys


class Authenticator:
    """Resolves `Authorization: Bearer ...` to a principal, from the env keys and the database's keys."""

    OPEN_CHECK_SECONDS = 5.0
    CACHE_SECONDS = 10.0
    """How long a database key stays trusted in this process without a look-up (a revoke takes this long)."""

    def __init__(self, env_keys: dict[str, Principal], database: Database | None, allow_open: bool):
        self._env = env_keys
        self._db = database
        self._allow_open = allow_open
        self._open_checked = -1e9
        self._any_db_key = False
        self._cache: dict[bytes, tuple[Principal, float]] = {}

    def _has_db_keys(self) -> bool:
        """Whether the database holds an active key (looked up at most every few seconds)."""
        now = time.monotonic()
        if self._db is not None and now - self._open_checked > self.OPEN_CHECK_SECONDS:
            self._any_db_key = self._db.has_keys()
            self._open_checked = now
        return self._any_db_key

    def cached(self, authorization: str | None) -> Principal | None:
        """The principal of a database key seen in the last few seconds, without touching the database."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        hit = self._cache.get(_digest(token.strip()))
        return hit[0] if hit and hit[1] > time.monotonic() else None

    def _from_db(self, token: str) -> Principal | None:
        record = self._db.authenticate(token) if self._db is not None else None
        if record is None:
            return None
        principal = Principal(key_id=record.id, role=record.role, brands=frozenset(record.brands))
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[_digest(token)] = (
            principal, time.monotonic() + self.CACHE_SECONDS)
        return principal

    def is_open(self) -> bool:
        """True while no key exists and the operator allowed an open server."""
        return self._allow_open and not self._env and not self._has_db_keys()

    def authenticate(self, authorization: str | None) -> Principal:
        """The caller's principal; raises 401 with what to send."""
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token:
            for secret, principal in self._env.items():
                if hmac.compare_digest(secret.encode(), token.encode()):
                    return principal
            if self._db is not None:
                found = self._from_db(token)
                if found is not None:
                    return found
        if self.is_open():
            return Principal(key_id=OPEN_KEY_ID, role="admin", brands=frozenset({ALL}))
        if not self._env and not self._has_db_keys():
            raise Forbidden("this server has no API keys yet: create one with `tactful keys create --name NAME "
                            "--role admin --brands '*'` and send it as `Authorization: Bearer <key>`", status=401)
        raise Forbidden("send `Authorization: Bearer <key>` with a valid API key", status=401)


def _digest(token: str) -> bytes:
    """The key of the principal cache: a token's hash, so the cache never holds a secret."""
    return hashlib.sha256(token.encode()).digest()
