"""Fault injection: error statuses, Retry-After, redirects, latency, connection resets, lost responses."""

from __future__ import annotations

import random
import re
import threading
from dataclasses import asdict, dataclass, field, fields
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

#: LinkedIn's throttling body: no ``code`` and, at LinkedIn, no Retry-After header.
THROTTLE_BODY: dict[str, Any] = {
    "serviceErrorCode": 101,
    "message": "Resource level throttle limit for calls to this resource is reached.",
    "status": 429,
}

_CODES: dict[int, tuple[str, int]] = {
    400: ("BAD_REQUEST", 0),
    401: ("INVALID_ACCESS_TOKEN", 65600),
    403: ("ACCESS_DENIED", 100),
    404: ("RESOURCE_NOT_FOUND", 0),
    408: ("TIMEOUT", 0),
    409: ("CONFLICT", 0),
    422: ("UNPROCESSABLE_ENTITY", 0),
    500: ("INTERNAL_ERROR", 0),
    502: ("BAD_GATEWAY", 0),
    503: ("SERVICE_UNAVAILABLE", 0),
    504: ("GATEWAY_TIMEOUT", 0),
}

SERVERS = ("api", "upload", "oauth", "any")


def default_body(status: int) -> dict[str, Any]:
    """The LinkedIn-shaped error body a fault answers with when it names no ``body``."""
    if status == 429:
        return dict(THROTTLE_BODY)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    code, service_code = _CODES.get(status, (phrase.upper().replace(" ", "_").replace("-", "_"), 0))
    return {"status": status, "serviceErrorCode": service_code, "code": code, "message": phrase}


@dataclass
class Fault:
    """One injected fault; matching requests get it until ``count`` runs out.

    :param status: answer this status with a LinkedIn-shaped body instead of handling the request.
    :param count: apply to the next N matching requests (None: no limit). When ``rate`` is given and
        ``count`` is left at 1, the fault has no limit (a rate applied to one request is rarely meant).
    :param rate: apply to this fraction of matching requests (deterministic RNG from the sandbox seed).
    :param method: only this HTTP method.
    :param path: regex searched in the decoded request path (e.g. ``"^/linkedin/rest/posts"``, ``"/me$"``).
    :param server: ``"api"``, ``"upload"``, ``"oauth"`` or ``"any"``.
    :param retry_after: value of a Retry-After header to add.
    :param latency: seconds to sleep before answering (alone: a slow response that then proceeds normally).
    :param reset: send the status line and part of the response, then reset the connection (TCP RST).
        With ``status`` the cut response is the fault's; without, the request is handled normally first.
    :param reset_at: where a reset cuts the response: ``"headers"`` (half-way through the headers; the
        client sees a connection error) or ``"body"`` (half-way through the body; ``requests`` raises
        ``ChunkedEncodingError``). ``"body"`` on an empty body cuts in the headers.
    :param after_effect: handle the request for real (state changes), then drop the connection
        unanswered; with ``status``, answer that status instead of dropping.
    :param body: custom error body (JSON object).
    :param location: a ``Location`` header to add; with a 3xx ``status`` the fault is a redirect
        (e.g. ``Fault(status=307, location="/linkedin/rest/videos/urn%3Ali%3Avideo%3AX")``). Sent
        byte for byte as given: absolute, or relative to the request.
    :param echo_key: a gateway that repeats the credentials (for the redaction tests): the error
        body's ``message`` (and every string in a custom ``body``, where ``{authorization}`` and
        ``{maton_connection}`` are replaced) quotes the request's ``Authorization`` and
        ``Maton-Connection`` values, and the ``x-li-uuid`` request id is the bearer key itself.
        Needs ``status``.
    """

    status: int | None = None
    count: int | None = 1
    rate: float | None = None
    method: str | None = None
    path: str | None = None
    server: str = "api"
    retry_after: str | None = None
    latency: float = 0.0
    reset: bool = False
    reset_at: str = "headers"
    after_effect: bool = False
    body: dict[str, Any] | None = None
    location: str | None = None
    echo_key: bool = False
    id: str = ""
    #: how many requests this fault has been applied to
    applied: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.server not in SERVERS:
            raise ValueError(f"server must be one of {SERVERS}, not {self.server!r}")
        if self.reset_at not in ("headers", "body"):
            raise ValueError("reset_at must be 'headers' or 'body'")
        if self.rate is not None:
            if not 0.0 <= self.rate <= 1.0:
                raise ValueError("rate must be between 0 and 1")
            if self.count == 1:
                self.count = None
        if self.count is not None and self.count < 1:
            raise ValueError("count must be >= 1 or None")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if self.method is not None:
            self.method = self.method.upper()
        if self.path is not None:
            try:
                re.compile(self.path)
            except re.error as exc:
                raise ValueError(f"path is not a valid regex: {exc}") from None
        if self.retry_after is not None:
            self.retry_after = str(self.retry_after)
        if self.location is not None:
            self.location = str(self.location)
            if self.status is None or not 300 <= self.status <= 399:
                raise ValueError("location needs a 3xx status (a redirect)")
            if not self.location or any(c in self.location for c in "\r\n"):
                raise ValueError("location must be a non-empty single-line URL")
        if self.echo_key and self.status is None:
            raise ValueError("echo_key needs a status (the error answer that echoes the key)")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        """Build a fault from JSON fields (unknown fields are an error)."""
        known = {f.name for f in fields(cls)} - {"id", "applied"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(unknown)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def matches(self, server: str, method: str, path: str) -> bool:
        if self.server != "any" and self.server != server:
            return False
        if self.method is not None and self.method != method.upper():
            return False
        return self.path is None or re.search(self.path, path) is not None

    def response_body(self, request_headers: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The error body; with ``echo_key``, quoting the credentials of ``request_headers``."""
        assert self.status is not None
        body = dict(self.body) if self.body is not None else default_body(self.status)
        if not self.echo_key:
            return body
        auth, maton = _credentials(request_headers or {})
        if self.body is None:
            body["message"] = f"{body['message']} (Authorization: {auth}; Maton-Connection: {maton})"
            return body
        return _fill(body, {"{authorization}": auth, "{maton_connection}": maton})

    def response_headers(self, request_headers: Mapping[str, str] | None = None) -> dict[str, str]:
        """Headers the fault adds: ``Retry-After``, ``Location``; with ``echo_key``, the key as request id."""
        headers: dict[str, str] = {}
        if self.retry_after is not None:
            headers["Retry-After"] = self.retry_after
        if self.location is not None:
            headers["Location"] = self.location
        if self.echo_key:
            auth, _ = _credentials(request_headers or {})
            headers["x-li-uuid"] = auth.removeprefix("Bearer ").strip() or "no-key"
        return headers


def _credentials(headers: Mapping[str, str]) -> tuple[str, str]:
    lower = {k.lower(): str(v) for k, v in headers.items()}
    return lower.get("authorization", ""), lower.get("maton-connection", "")


def _fill(value: Any, values: dict[str, str]) -> Any:
    """``value`` with the placeholders replaced in every string (keys included)."""
    if isinstance(value, str):
        for placeholder, text in values.items():
            value = value.replace(placeholder, text)
        return value
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {_fill(k, values): _fill(v, values) for k, v in value.items()}
    return value


class FaultBook:
    """The active faults, in the order added; thread-safe and deterministic for a given seed."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rngs: dict[str, random.Random] = {}
        self._serial = 0

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._serial += 1
            fault.id = f"fault-{self._serial}"
            self._rngs[fault.id] = random.Random(f"{self._seed}:{self._serial}")
            self._faults.append(fault)
        return fault

    def remove(self, fault_id: str) -> bool:
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            self._rngs.pop(fault_id, None)
            return len(self._faults) != before

    def clear(self, *, restart_ids: bool = False) -> None:
        with self._lock:
            self._faults.clear()
            self._rngs.clear()
            if restart_ids:
                self._serial = 0

    def snapshot(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, server: str, method: str, path: str) -> Fault | None:
        """The first fault that applies to this request, consuming one of its uses."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(server, method, path):
                    continue
                if fault.rate is not None and self._rngs[fault.id].random() >= fault.rate:
                    continue
                fault.applied += 1
                if fault.count is not None and fault.applied >= fault.count:
                    self._faults.remove(fault)
                    self._rngs.pop(fault.id, None)
                return fault
        return None
