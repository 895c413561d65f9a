"""The checks in front of every route: Maton key or LinkedIn token, connection, version, Rest.li, body.

Order for ``/rest`` calls: 414 (URL too long), authorization, Maton rate limit (gateway), Maton
connection (gateway), ``LinkedIn-Version``, ``X-Restli-Protocol-Version``, path keys as received,
411, query tunneling, Rest.li query syntax, JSON body.

Path keys and query strings are judged on the raw request target, before anything is decoded:
LinkedIn wants a URN in a path percent-encoded whole (``/rest/posts/urn%3Ali%3Ashare%3A1``), and an
HTTP client that normalizes ``%3A`` back to ``:`` (aiohttp given a ``str`` URL) gets its 400.
"""

from __future__ import annotations

import collections
import re
import threading
import time
from datetime import date
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING

from maton_linkedin_provider.sandbox import restli
from maton_linkedin_provider.sandbox.routing import ApiError, Request, parse_json_body

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.server import Sandbox
    from maton_linkedin_provider.sandbox.state import Json, State

#: LinkedIn's limits behind its 414 answer.
MAX_QUERY = 4096
MAX_URL = 8192
#: The newest released LinkedIn version the sandbox emulates (``Sandbox(latest_version=...)``,
#: ``--latest-version``). The service's fact, kept apart from the client's default on purpose.
LATEST_VERSION = "202609"
#: Versions that were never released although their month passed.
NEVER_RELEASED = frozenset({(2025, 12)})
_VERSION = re.compile(r"(\d{4})(\d{2})(?:\.(\d{2}))?")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

NO_CONNECTION_MESSAGE = (
    "No active LinkedIn connection found for this API key. Create one with POST /connections "
    '{"app": "linkedin"} and authorize it at the returned url.'
)


# -- versions --------------------------------------------------------------------------------------
def parse_version(text: str) -> tuple[int, int] | None:
    """``"202609"`` or ``"202609.01"`` -> ``(2026, 9)``; None when not of that form."""
    m = _VERSION.fullmatch(text.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def sunset_date(year: int, month: int) -> date:
    """Version YYYYMM sunsets on the 15th of month MM of year YYYY+1."""
    return date(year + 1, month, 15)


def version_is_active(version: tuple[int, int], latest: tuple[int, int], today: date) -> bool:
    """Released (not after ``latest``, not a never-released month) and not yet sunset."""
    if version > latest or version in NEVER_RELEASED:
        return False
    return today < sunset_date(*version)


def check_version(req: Request, latest: tuple[int, int], today: date) -> None:
    value = req.header("LinkedIn-Version")
    if value is None or not value.strip():
        raise ApiError(
            400,
            "VERSION_MISSING",
            "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
            service_error_code=None,
        )
    version = parse_version(value)
    if version is None:
        raise ApiError(
            400,
            "INVALID_VERSION",
            f"Invalid LinkedIn-Version {value.strip()[:20]!r}: expected YYYYMM or YYYYMM.RR (e.g. 202609)",
            service_error_code=None,
        )
    if not version_is_active(version, latest, today):
        raise ApiError(
            426,
            "NONEXISTENT_VERSION",
            f"Requested version {version[0]:04d}{version[1]:02d}01 is not active",
            service_error_code=None,
        )


# -- authorization and connections -----------------------------------------------------------------
def bearer_token(req: Request) -> str | None:
    value = req.header("Authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_maton_key(req: Request, api_key: str) -> None:
    if bearer_token(req) != api_key:
        raise ApiError(401, "UNAUTHORIZED", "Invalid or missing Maton API key", service_error_code=None)


def check_access_token(req: Request, sb: Sandbox) -> Json:
    """The token's member; 401 for an unknown (65600), expired (65602) or revoked (65601) token."""
    token = bearer_token(req)
    member = sb.state.member_for_token(token) if token else None
    if member is None or token is None:
        raise ApiError(401, "INVALID_ACCESS_TOKEN", "Invalid access token", service_error_code=65600)
    lapsed = sb.oauth.lapsed(token)
    if lapsed == "expired":
        raise ApiError(
            401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", service_error_code=65602
        )
    if lapsed == "revoked":
        raise ApiError(
            401,
            "REVOKED_ACCESS_TOKEN",
            "The token used in the request has been revoked by the user",
            service_error_code=65601,
        )
    return member


def select_connection(state: State, wanted: str | None) -> Json:
    """The LinkedIn connection a gateway call uses: the named one, else the oldest ACTIVE one."""
    if wanted is not None and wanted.strip():
        cid = wanted.strip()
        record = state.get_connection(cid)
        if record is None or record["app"] != "linkedin":
            raise ApiError(
                400,
                "CONNECTION_NOT_FOUND",
                f"LinkedIn connection {cid!r} (Maton-Connection header) was not found for this API key.",
                service_error_code=None,
            )
        if record["status"] != "ACTIVE":
            raise ApiError(
                400,
                "CONNECTION_NOT_FOUND",
                f"LinkedIn connection {cid!r} is not ACTIVE (status {record['status']}); "
                "authorize it at its url or choose another connection.",
                service_error_code=None,
            )
        return record
    active = state.find_connections(app="linkedin", status="ACTIVE")
    if not active:
        raise ApiError(400, "CONNECTION_NOT_FOUND", NO_CONNECTION_MESSAGE, service_error_code=None)
    return active[0]


class RateLimiter:
    """Maton's per-key limit: at most ``limit`` requests in any one-second window."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._seen: dict[str, collections.deque[float]] = {}

    def check(self, key: str) -> None:
        if self.limit is None:
            return
        now = time.monotonic()
        with self._lock:
            window = self._seen.setdefault(key, collections.deque())
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.limit:
                raise ApiError(
                    429,
                    "RATE_LIMITED",
                    f"Rate limited ({self.limit:g} requests/second per account)",
                    service_error_code=None,
                    headers={"Retry-After": "1"},
                )
            window.append(now)

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


# -- protocol, body --------------------------------------------------------------------------------
def check_protocol(req: Request) -> None:
    value = req.header("X-Restli-Protocol-Version")
    if value is None or value.strip() != "2.0.0":
        raise ApiError(
            400,
            "PROTOCOL_VERSION_REQUIRED",
            "The sandbox requires the header X-Restli-Protocol-Version: 2.0.0 on every /rest call "
            "(without it LinkedIn reads queries as Rest.li 1.0).",
        )


#: LinkedIn's answer to an unencoded URN in a path ("Syntax exception in path variables", observed
#: from the REST API when ``urn:li:...`` goes into a path with literal colons).
PATH_SYNTAX_MESSAGE = "Syntax exception in path variables"


def check_path_keys(raw_path: str) -> None:
    """Refuse path segments that are not encoded as LinkedIn requires, judged on the raw bytes.

    A key segment is percent-encoded whole: no literal ``:``, ``,``, ``(`` or ``)`` in it, so
    ``urn:li:video:1`` must arrive as ``urn%3Ali%3Avideo%3A1``. The one exception is a compound key
    in Rest.li 2.0 object notation, ``(campaign:urn%3Ali%3A...,conversion:urn%3Ali%3A...)``, whose
    structure is literal and whose leaves are encoded: it is parsed with the sandbox's own decoder.
    """
    path = raw_path.split("?", 1)[0]
    for segment in path.split("/"):
        if segment.startswith("(") and segment.endswith(")"):
            try:
                restli.decode(segment)
            except restli.RestliDecodeError as exc:
                raise ApiError(400, "INVALID_PATH", f"{PATH_SYNTAX_MESSAGE}: {exc.message}") from None
            continue
        bad = sorted({c for c in segment if c in restli.RESERVED})
        if bad:
            raise ApiError(
                400,
                "INVALID_PATH",
                f"{PATH_SYNTAX_MESSAGE}: {segment[:80]!r} holds unencoded {''.join(bad)!r}; a key in a "
                "path is percent-encoded whole (urn%3Ali%3A...)",
            )


def check_length(req: Request) -> None:
    chunked = "chunked" in (req.header("Transfer-Encoding") or "").lower()
    if req.method in BODY_METHODS and req.header("Content-Length") is None and not chunked:
        raise ApiError(411, "LENGTH_REQUIRED", "Length Required: send Content-Length (0 for no body)")


def is_json(req: Request) -> bool:
    ctype = (req.header("Content-Type") or "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def apply_tunneling(req: Request) -> None:
    """LinkedIn's query tunneling: POST + X-HTTP-Method-Override with the query in the body."""
    override = req.header("X-HTTP-Method-Override")
    if req.method != "POST" or not override:
        return
    ctype = (req.header("Content-Type") or "").lower()
    raw = req.body
    body: bytes | None = None
    if ctype.startswith("application/x-www-form-urlencoded"):
        tunneled = raw
    elif ctype.startswith("multipart/mixed"):
        header = f"Content-Type: {req.header('Content-Type')}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(header + raw)
        parts = list(message.iter_parts()) if message.is_multipart() else []
        if len(parts) != 2:
            raise ApiError(400, "INVALID_REQUEST_BODY", "A tunneled multipart/mixed body needs 2 parts")
        tunneled = parts[0].get_payload(decode=True) or b""  # type: ignore[assignment]
        body = parts[1].get_payload(decode=True) or b""  # type: ignore[assignment]
    else:
        raise ApiError(
            400,
            "INVALID_REQUEST_BODY",
            "X-HTTP-Method-Override needs an application/x-www-form-urlencoded or multipart/mixed body",
        )
    try:
        query = tunneled.decode("ascii").strip()
    except UnicodeDecodeError:
        raise ApiError(400, "INVALID_PARAM", "A tunneled query must be ASCII (percent-encoded)") from None
    if req.query:
        query = f"{req.query}&{query}" if query else req.query
    req.set_tunneled(override.strip().upper(), query, body)
    if body is not None:
        parse_json_body(body)


def check_rest(req: Request, sb: Sandbox) -> None:
    """All gateway/LinkedIn checks of a ``/rest`` call; sets ``req.member`` and ``req.connection``."""
    if len(req.query) > MAX_QUERY or len(req.raw_path) > MAX_URL:
        raise ApiError(
            414, "URI_TOO_LONG", "Request-URI Too Long: tunnel long queries (POST + X-HTTP-Method-Override)"
        )
    if req.mode == "gateway":
        check_maton_key(req, sb.api_key)
        sb.rate_limiter.check(sb.api_key)
        req.connection = select_connection(sb.state, req.header("Maton-Connection"))
        req.member = sb.state.member(req.connection["_member_id"])
    else:
        req.member = check_access_token(req, sb)
    sb.member_quota.check((req.member or {}).get("id"))  # sandbox/quota.py: off unless configured
    check_version(req, sb.latest_version_tuple, sb.today)
    check_protocol(req)
    check_path_keys(req.raw_path)
    check_length(req)
    apply_tunneling(req)
    req.query_params()
    if req.method in BODY_METHODS and is_json(req):
        _ = req.json


def check_maton(req: Request, sb: Sandbox) -> None:
    """Checks of Maton's own API (``/connections``): key, rate limit, length, JSON body."""
    check_maton_key(req, sb.api_key)
    sb.rate_limiter.check(sb.api_key)
    check_length(req)
    if req.method in BODY_METHODS and is_json(req):
        _ = req.json
