"""The request log: every API and upload request the sandbox received, as received (credentials redacted)."""

from __future__ import annotations

import base64
import json
import threading
from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Any

#: Request bodies up to this size are kept in the log.
LOG_BODY_LIMIT = 64 * 1024
#: The log keeps at most this many requests; the oldest are dropped first.
MAX_LOGGED_REQUESTS = 100_000
#: Headers whose value the log never keeps (only the scheme: ``Bearer ***``).
REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization"})


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with credentials replaced: ``Authorization: Bearer ***`` (the scheme is kept)."""
    out = {}
    for key, value in headers.items():
        if key.lower() in REDACTED_HEADERS:
            scheme, sep, _ = value.partition(" ")
            value = f"{scheme} ***" if sep else "***"
        out[key] = value
    return out


@dataclass
class RecordedRequest:
    """One request as received.

    :ivar server: ``"api"`` or ``"upload"``.
    :ivar raw_path: the request-target exactly as received (path and query, nothing decoded).
    :ivar path: the percent-decoded path, without the query.
    :ivar query: the raw query string.
    :ivar headers: headers as received (case preserved), except ``Authorization``, kept as
        ``Bearer ***`` (the log is served on the control plane); use :meth:`header` to look one up.
    :ivar credential: which credential the ``Authorization`` header carried: ``"api_key"``,
        ``"access_token"``, ``"other"`` (any other value), or None (no header).
    :ivar body: the body when at most 64 KiB, else None.
    :ivar status: the status answered, or None when the connection was dropped.
    :ivar fault: the injected fault's kind (``"503"``, ``"reset"``, ``"after_effect"``...), or None.
    """

    server: str
    method: str
    raw_path: str
    path: str
    query: str
    headers: dict[str, str]
    body_size: int = 0
    body: bytes | None = None
    status: int | None = None
    fault: str | None = None
    time: float = 0.0
    credential: str | None = None

    def header(self, name: str, default: str | None = None) -> str | None:
        """A header value, looked up case-insensitively."""
        lower = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lower:
                return value
        return default

    @property
    def json(self) -> Any:
        """The body parsed as JSON (None when absent or not kept)."""
        return json.loads(self.body) if self.body else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``body`` as text when it is UTF-8, ``body_base64`` always (when kept)."""
        text: str | None = None
        if self.body is not None:
            try:
                text = self.body.decode()
            except UnicodeDecodeError:
                text = None
        return {
            "server": self.server,
            "method": self.method,
            "raw_path": self.raw_path,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
            "body_size": self.body_size,
            "body": text,
            "body_base64": base64.b64encode(self.body).decode() if self.body is not None else None,
            "status": self.status,
            "fault": self.fault,
            "time": self.time,
            "credential": self.credential,
        }


class RequestLog:
    """Thread-safe list of :class:`RecordedRequest`, at most ``max_records`` long (oldest dropped).

    Positions (``since``) count from the first request logged since the last :meth:`clear`, also
    after older ones were dropped: ``snapshot(n)`` is always "what came after the first n".
    """

    def __init__(self, max_records: int = MAX_LOGGED_REQUESTS) -> None:
        if max_records < 1:
            raise ValueError("max_records must be >= 1")
        self.max_records = max_records
        self._items: deque[RecordedRequest] = deque(maxlen=max_records)
        self._dropped = 0
        self._lock = threading.Lock()

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            if len(self._items) == self.max_records:
                self._dropped += 1
            self._items.append(item)

    def snapshot(self, since: int = 0) -> list[RecordedRequest]:
        with self._lock:
            return list(islice(self._items, max(0, since - self._dropped), None))

    @property
    def dropped(self) -> int:
        """Requests dropped (oldest first) since the last :meth:`clear` to stay within the cap."""
        with self._lock:
            return self._dropped

    def clear(self) -> int:
        with self._lock:
            n = len(self._items)
            self._items.clear()
            self._dropped = 0
            return n

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
