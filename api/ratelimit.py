"""Per-key token buckets: a steady rate per minute with a burst of one second's worth (at least 10)."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """`take(key)` returns 0 when the request may go, else the seconds to wait before retrying.

    Each worker process holds its own buckets, so `per_minute` is divided by the number of workers: the kernel
    spreads connections over them, and a key sees about the configured rate in total.
    """

    MAX_KEYS = 100_000

    def __init__(self, per_minute: int, workers: int = 1):
        self.rate = max(per_minute, 1) / 60.0 / max(workers, 1)
        self.burst = max(10.0, self.rate)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> int:
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens >= 1.0:
                self._remember(key, tokens - 1.0, now)
                return 0
            self._remember(key, tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.rate))

    def _remember(self, key: str, tokens: float, now: float) -> None:
        if len(self._buckets) >= self.MAX_KEYS and key not in self._buckets:  # many addresses: forget full ones
            self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.burst}
        self._buckets[key] = (tokens, now)
