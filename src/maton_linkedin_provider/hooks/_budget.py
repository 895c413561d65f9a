"""A request budget per connection, shared by every thread of a worker process.

A connection's ``max_requests_per_second`` extra caps the API requests this process sends with it:
every hook, task and thread of the process that uses the same connection (the same connection id
and base URL) draws from one budget, so the mapped tasks of a fan-out that run in one worker (or
the threads of one task) stay under the rate together. Requests are spaced evenly: each takes the
next free slot, ``1 / rate`` seconds after the one before, and waits for it if it lies ahead (no
burst, so a limit counted over any one-second window, like Maton's 10 a second, is never passed).
Every attempt counts, retries included. Pre-signed upload PUTs (another host) are not paced.

It is per process: Airflow runs each task in its own process (and workers on other machines), so
a limit across processes and workers is an Airflow pool on the tasks (see the README). Without
the extra nothing waits and no lock is taken.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["RequestBudget", "budget_for", "pace"]


class _Settings(Protocol):
    @property
    def conn_id(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def max_requests_per_second(self) -> float | None: ...


class RequestBudget:
    """At most ``per_second`` requests a second, evenly spaced, for all threads that share it."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not per_second > 0:
            raise ValueError(f"per_second must be > 0, got {per_second!r}")
        self.per_second = per_second
        self._interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = float("-inf")

    def take(self) -> float:
        """Wait for this request's slot; return the seconds waited."""
        with self._lock:  # only the slot is decided under the lock; the wait is not
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait


_budgets: dict[tuple[str, str], RequestBudget] = {}
_budgets_lock = threading.Lock()


def budget_for(conn_id: str, base_url: str, per_second: float) -> RequestBudget:
    """The process's budget of a connection (by id and base URL); a changed rate starts a new one."""
    key = (conn_id, base_url)
    with _budgets_lock:
        budget = _budgets.get(key)
        if budget is None or budget.per_second != per_second:
            budget = _budgets[key] = RequestBudget(per_second)
        return budget


def pace(settings: _Settings, url: str) -> None:
    """Before sending to ``url``: wait for the connection's next slot (API requests only)."""
    rate = settings.max_requests_per_second
    if rate and url.startswith(settings.base_url):
        budget_for(settings.conn_id, settings.base_url, rate).take()
