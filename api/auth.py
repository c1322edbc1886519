"""Bearer API keys, each scoped to brands (`TACTFUL_API_KEYS="k1=brandA|brandB,k2=*"`).

With no keys configured the API is open (local use). Keys are compared in constant time.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from api.errors import Forbidden

ALL = "*"


@dataclass(frozen=True)
class KeyRing:
    """Known keys and the brands each may use."""

    keys: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        keys: dict[str, frozenset[str]] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            key, _, brands = item.rpartition("=")  # keys may end in "=" (base64); brand ids never hold one
            if not key or not brands:
                raise ValueError("TACTFUL_API_KEYS: write key=brand1|brand2 (or key=*), comma-separated")
            keys[key] = frozenset(b.strip() for b in brands.split("|") if b.strip())
        return cls(keys)

    def scopes(self, authorization: str | None) -> frozenset[str]:
        """Brands the caller may use; raises 401 when keys are configured and none matches."""
        if not self.keys:
            return frozenset({ALL})
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and token:
            for key, brands in self.keys.items():
                if hmac.compare_digest(key.encode(), token.strip().encode()):
                    return brands
        raise Forbidden("send `Authorization: Bearer <key>` with a valid API key", status=401)

    @staticmethod
    def require(scopes: frozenset[str], brand: str) -> None:
        """Raise 403 unless the key covers `brand`."""
        if ALL not in scopes and brand not in scopes:
            raise Forbidden(f"this API key is not allowed to use brand {brand!r}")
