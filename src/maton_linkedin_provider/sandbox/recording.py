"""The request log: every API and upload request the sandbox received, as received."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from typing import Any

#: Request bodies up to this size are kept in the log.
LOG_BODY_LIMIT = 64 * 1024


@dataclass
class RecordedRequest:
    """One request as received.

    :ivar server: ``"api"`` or ``"upload"``.
    :ivar raw_path: the request-target exactly as received (path and query, nothing decoded).
    :ivar path: the percent-decoded path, without the query.
    :ivar query: the raw query string.
    :ivar headers: headers as received (case preserved); use :meth:`header` to look one up.
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
        }


@dataclass
class RequestLog:
    """Thread-safe append-only list of :class:`RecordedRequest`."""

    _items: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self, since: int = 0) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items[since:])

    def clear(self) -> int:
        with self._lock:
            n = len(self._items)
            self._items.clear()
            return n

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
