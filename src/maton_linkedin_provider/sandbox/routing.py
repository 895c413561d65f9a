"""What resource modules use: :class:`Route`, :class:`Request`, :class:`Response`, :class:`ApiError`.

A resource module exposes ``routes() -> list[Route]`` (and optionally ``seed(state)``) and is
listed in ``sandbox/resources/__init__.py``. Patterns are paths as on ``api.linkedin.com``
(``/rest/posts/{urn}``); the gateway prefix ``/linkedin`` is stripped before matching, so one route
serves both gateway and direct mode. Patterns not under ``/rest`` are Maton routes (``/connections``,
Maton key) and upload-server routes (``server="upload"``, no auth: pre-signed URLs).
``{name}`` matches one path segment, ``{name:path}`` the rest; both are percent-decoded exactly once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from maton_linkedin_provider.sandbox import restli

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from email.message import Message

    from maton_linkedin_provider.sandbox.body import BodyReader
    from maton_linkedin_provider.sandbox.server import Sandbox
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(:path)?\}")


class ApiError(Exception):
    """Raised by a handler (or the gateway layer); becomes a LinkedIn-shaped error response.

    :param service_error_code: LinkedIn's ``serviceErrorCode``; None leaves it out (Maton's own errors).
    :param details: extra body fields (``errorDetailType``, ``errorDetails``...).
    """

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        *,
        service_error_code: int | None = 0,
        details: Json | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.service_error_code = service_error_code
        self.details = details or {}
        self.headers = headers or {}

    def body(self) -> Json:
        body: Json = {"status": self.status}
        if self.service_error_code is not None:
            body["serviceErrorCode"] = self.service_error_code
        if self.code is not None:
            body["code"] = self.code
        body["message"] = self.message
        body.update(self.details)
        return body

    def response(self) -> Response:
        return Response(self.status, json=self.body(), headers=dict(self.headers))


@dataclass
class Response:
    """A handler's answer. ``json`` is serialized unless ``body`` (raw bytes) is given.

    A 201 create is ``Response(201, headers={"x-restli-id": urn})``; 204 is ``Response(204)``.
    """

    status: int = 200
    json: Any = None
    headers: dict[str, str] | None = None
    body: bytes | None = None
    content_type: str = "application/json"

    def encode(self) -> bytes:
        if self.body is not None:
            return self.body
        if self.json is None:
            return b""
        return json.dumps(self.json, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Route:
    """``Route("GET", "/rest/posts/{urn}", handler)``; ``server``: ``"api"``, ``"upload"`` or ``"oauth"``."""

    method: str
    pattern: str
    handler: Callable[[Request], Response]
    server: str = "api"
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.server not in ("api", "upload", "oauth"):
            raise ValueError("server must be 'api', 'upload' or 'oauth'")
        if not self.pattern.startswith("/"):
            raise ValueError("pattern must start with '/'")
        object.__setattr__(self, "method", self.method.upper())
        parts: list[str] = []
        last = 0
        for m in _PARAM.finditer(self.pattern):
            parts.append(re.escape(self.pattern[last : m.start()]))
            parts.append(f"(?P<{m.group(1)}>{'.+' if m.group(2) else '[^/]+'})")
            last = m.end()
        parts.append(re.escape(self.pattern[last:]))
        object.__setattr__(self, "regex", re.compile("".join(parts)))

    def match(self, raw_path: str) -> dict[str, str] | None:
        """Path parameters (decoded once) if ``raw_path`` (still percent-encoded) matches."""
        m = self.regex.fullmatch(raw_path)
        if m is None:
            return None
        return {k: unquote(v) for k, v in m.groupdict().items()}


class Request:
    """What a handler receives.

    :ivar mode: ``"gateway"`` (``/linkedin/rest``, Maton key), ``"direct"`` (``/rest``, LinkedIn token),
        ``"maton"`` (Maton's own API such as ``/connections``) or ``"upload"``.
    :ivar method: the effective method (``X-HTTP-Method-Override`` applied for tunneled queries).
    :ivar path: the decoded route path (gateway prefix removed), e.g. ``/rest/me``.
    :ivar query: the effective raw query string (the tunneled body for a tunneled query).
    :ivar params: path parameters, percent-decoded once.
    :ivar member: the member the call acts for (gateway: the connection's; direct: the token's).
    :ivar connection: the selected Maton connection record (gateway mode only).
    """

    def __init__(
        self,
        *,
        sandbox: Sandbox,
        server: str,
        mode: str,
        method: str,
        path: str,
        raw_path: str,
        query: str,
        headers: Message,
        body: BodyReader,
    ) -> None:
        self.sandbox = sandbox
        self.server = server
        self.mode = mode
        self.method = method
        self.path = path
        self.raw_path = raw_path
        self.query = query
        self.headers = headers
        self.params: dict[str, str] = {}
        self.member: Json | None = None
        self.connection: Json | None = None
        self._body = body
        self._query_params: dict[str, Any] | None = None
        self._json: Any = None
        self._json_parsed = False
        self._override_body: bytes | None = None

    @property
    def state(self) -> State:
        return self.sandbox.state

    def header(self, name: str, default: str | None = None) -> str | None:
        """A request header, case-insensitively."""
        value = self.headers.get(name)
        return default if value is None else str(value)

    @property
    def restli_method(self) -> str | None:
        value = self.header("X-RestLi-Method")
        return value.upper() if value else None

    @property
    def body(self) -> bytes:
        """The whole request body, read into memory (use :meth:`iter_body` for large uploads)."""
        if self._override_body is not None:
            return self._override_body
        return self._body.read_all()

    def iter_body(self, chunk: int = 1 << 20) -> Iterator[bytes]:
        """Stream the request body in pieces of at most ``chunk`` bytes without buffering it."""
        if self._override_body is not None:
            data = self._override_body
            for i in range(0, len(data), chunk):
                yield data[i : i + chunk]
            return
        yield from self._body.iter(chunk)

    @property
    def json(self) -> Any:
        """The JSON body, or None when empty. :raises ApiError: 400 when it is not valid JSON."""
        if not self._json_parsed:
            raw = self.body
            self._json = parse_json_body(raw) if raw.strip() else None
            self._json_parsed = True
        return self._json

    def json_object(self) -> Json:
        """The JSON body, which must be an object. :raises ApiError: 400 otherwise."""
        value = self.json
        if not isinstance(value, dict):
            raise ApiError(400, "INVALID_REQUEST_BODY", "The request body must be a JSON object")
        return value

    def query_params(self) -> dict[str, Any]:
        """Decoded query parameters.

        Rest calls: Rest.li 2.0 values (``List(..)`` -> list, ``(k:v)`` -> dict, leaves -> str);
        ``fields`` stays the plain comma string. Other calls: plain form decoding.
        :raises ApiError: 400 for malformed Rest.li values.
        """
        if self._query_params is None:
            if self.mode in ("gateway", "direct"):
                self._query_params = decode_restli_query(self.query)
            else:
                self._query_params = dict(parse_qsl(self.query, keep_blank_values=True))
        return self._query_params

    def set_tunneled(self, method: str, query: str, body: bytes | None) -> None:
        """Apply query tunneling: the effective method, query and (JSON) body."""
        self.method = method
        self.query = query
        self._query_params = None
        if body is not None:
            self._override_body = body
            self._json_parsed = False


def parse_json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "INVALID_REQUEST_BODY", f"Request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "INVALID_REQUEST_BODY", "Request body is nested too deeply") from None


def decode_restli_query(query: str) -> dict[str, Any]:
    """:func:`restli.parse_query` with its errors mapped to LinkedIn's 400 answers."""
    try:
        return restli.parse_query(query)
    except restli.Restli1SyntaxError as exc:
        raise ApiError(
            400,
            "QUERY_PARAM_NOT_ALLOWED",
            f"Query parameter {exc.param!r} is not allowed: Rest.li 1.0 syntax (dot notation or indexed "
            "arrays) is not accepted with X-Restli-Protocol-Version 2.0.0; use (key:value) and List(...)",
        ) from None
    except restli.RestliDecodeError as exc:
        raise ApiError(400, "INVALID_PARAM", exc.message) from None
