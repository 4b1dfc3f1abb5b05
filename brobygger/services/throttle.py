"""Rate limits that stop guessing without locking a room out: wrong join codes and wrong secrets.

Counted with the `limits` library in fixed windows, in the database every server shares (or in
Redis when BROBYGGER_REDIS_URL is set), so several servers behind a proxy count together and a
restart forgets nothing. Expired windows are deleted as new ones are counted, so the table holds
only windows still running. The arithmetic behind the numbers is in docs/reliability.md.

Unlike the other services these functions open their own short transactions: a miss must be
counted even when the request that made it is refused and rolled back.
"""

from __future__ import annotations

import threading
import time
from typing import Any, ClassVar

import sqlalchemy as sa
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from brobygger import settings
from brobygger.store import throttle_counters, write

#: Wrong join codes (and tokens that do not fit the code) per client address. A room of 300 behind
#: one address, a third of them mistyping once while arriving, makes about 100 misses in a few
#: minutes: inside every window. A script gets 1,500 guesses a day from an address.
CODE_MISSES: list[RateLimitItem] = parse_many("60/minute;600/hour;1500/day")
#: Wrong moderator secrets per client address (the secret has 72 random bits).
SECRET_MISSES: list[RateLimitItem] = parse_many("5/minute;30/hour;100/day")
PRUNE_EVERY_SECONDS = 60


class SqlStorage(Storage):
    """Fixed-window counters in the `throttle_counters` table (one row per key and window)."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["brobygger-sql"]

    def __init__(self, engine: Engine) -> None:
        super().__init__(None)
        self.engine = engine
        self._pruned = 0.0
        self._prune_lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sa.exc.SQLAlchemyError

    def _upsert(self) -> Any:
        return (postgresql if self.engine.dialect.name == "postgresql" else sqlite).insert(throttle_counters)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = throttle_counters
        expired = table.c.expires_at <= now
        statement = self._upsert().values(key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": sa.case((expired, amount), else_=table.c.count + amount),
                "expires_at": sa.case((expired, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with write(self.engine) as conn:
            count = conn.execute(statement).scalar_one()
        self._prune(now)
        return int(count)

    def _row(self, key: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(throttle_counters.c.count, throttle_counters.c.expires_at).where(
                    throttle_counters.c.key == key, throttle_counters.c.expires_at > time.time()
                )
            ).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row else time.time()

    def check(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(sa.select(1))
        return True

    def reset(self) -> int | None:
        with write(self.engine) as conn:
            return conn.execute(throttle_counters.delete()).rowcount

    def clear(self, key: str) -> None:
        with write(self.engine) as conn:
            conn.execute(throttle_counters.delete().where(throttle_counters.c.key == key))

    def _prune(self, now: float) -> None:
        """Delete windows that have run out (at most once a minute per process)."""
        with self._prune_lock:
            if now - self._pruned < PRUNE_EVERY_SECONDS:
                return
            self._pruned = now
        with write(self.engine) as conn:
            conn.execute(throttle_counters.delete().where(throttle_counters.c.expires_at <= now))


_limiters: dict[Any, FixedWindowRateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter(engine: Engine) -> FixedWindowRateLimiter:
    """The limiter for this engine: Redis when configured, else the database."""
    redis_url = settings.current().redis_url
    key = redis_url or engine
    with _limiters_lock:
        if key not in _limiters:
            storage = storage_from_string(redis_url) if redis_url else SqlStorage(engine)
            _limiters[key] = FixedWindowRateLimiter(storage)
        return _limiters[key]


def wait_seconds(engine: Engine, limits: list[RateLimitItem], *key: str) -> int:
    """0 when `key` (what is limited, and for whom) may try again now, else the seconds until its
    fullest window runs out."""
    found = limiter(engine)
    waits = [found.get_window_stats(item, *key).reset_time - time.time() for item in limits if not found.test(item, *key)]
    return max(1, int(max(waits)) + 1) if waits else 0


def count_miss(engine: Engine, limits: list[RateLimitItem], *key: str) -> bool:
    """One wrong try in every window of `key` (what is limited, and for whom); False once it is one too many."""
    found = limiter(engine)
    return all([found.hit(item, *key) for item in limits])
