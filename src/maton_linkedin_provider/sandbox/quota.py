"""LinkedIn's per-member request quota, emulated: at most ``requests`` calls per member in any
``per_seconds`` window, then LinkedIn's 429.

LinkedIn counts calls per member and application and answers a call over the quota with 429
``{"serviceErrorCode": 101, "message": "Resource level throttle limit for calls to this resource is
reached.", "status": 429}``, with no ``Retry-After`` and no rate-limit headers (its daily quotas
reset at midnight UTC; ``per_seconds`` makes the window short enough to test against). Off by default.
Set it with ``POST /_sandbox/config {"member_quota": {"requests": 5, "per_seconds": 1}}`` (``null``:
off) or :meth:`MemberQuota.configure`; ``POST /_sandbox/reset`` turns it off. Only ``/rest`` calls
count, after the gateway's own checks; a refused call does not count.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any

from maton_linkedin_provider.sandbox.faults import THROTTLE_BODY
from maton_linkedin_provider.sandbox.routing import ApiError


class MemberQuota:
    """Calls per member in a sliding window; :meth:`check` raises LinkedIn's 429 over it."""

    def __init__(self) -> None:
        self.requests: int | None = None
        self.per_seconds = 1.0
        self.refused = 0
        self._lock = threading.Lock()
        self._seen: dict[str, collections.deque[float]] = {}

    def configure(self, value: Any) -> dict[str, Any] | None:
        """Apply ``{"requests": N, "per_seconds": S}`` (``None``: off); the current setting.

        :raises ValueError: anything else (nothing changes).
        """
        if value is None:
            requests, per_seconds = None, 1.0
        else:
            if (
                not isinstance(value, dict)
                or set(value) - {"requests", "per_seconds"}
                or "requests" not in value
            ):
                raise ValueError('member_quota must be null or {"requests": N, "per_seconds": S}')
            requests, per_seconds = value["requests"], value.get("per_seconds", 1.0)
            if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
                raise ValueError(f"member_quota.requests must be an int >= 1, got {requests!r}")
            if isinstance(per_seconds, bool) or not isinstance(per_seconds, (int, float)) or per_seconds <= 0:
                raise ValueError(f"member_quota.per_seconds must be a number > 0, got {per_seconds!r}")
        with self._lock:
            self.requests, self.per_seconds = requests, float(per_seconds)
            self._seen.clear()
            self.refused = 0
        return self.setting()

    def setting(self) -> dict[str, Any] | None:
        if self.requests is None:
            return None
        return {"requests": self.requests, "per_seconds": self.per_seconds}

    def check(self, member_id: str | None) -> None:
        """Count a call of ``member_id``; LinkedIn's 429 (no Retry-After) when over the quota."""
        if self.requests is None:
            return
        now = time.monotonic()
        with self._lock:
            window = self._seen.setdefault(str(member_id), collections.deque())
            while window and now - window[0] >= self.per_seconds:
                window.popleft()
            if len(window) >= self.requests:
                self.refused += 1
                raise ApiError(429, None, str(THROTTLE_BODY["message"]), service_error_code=101)
            window.append(now)

    def reset(self) -> None:
        self.configure(None)
