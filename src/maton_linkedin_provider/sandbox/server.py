"""HTTP plumbing: two threaded HTTP/1.1 servers (API + uploads), recording, faults, and the facade.

The body reader is in :mod:`.body`, the route table in :mod:`.router`, the checks in front of the
routes in :mod:`.gateway`, the routes themselves in :mod:`.resources`.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import socket
import struct
import threading
import time
from datetime import date, datetime, timezone
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from maton_linkedin_provider.sandbox import control, gateway, oauth, resources
from maton_linkedin_provider.sandbox.body import BodyError, BodyReader
from maton_linkedin_provider.sandbox.faults import Fault, FaultBook
from maton_linkedin_provider.sandbox.quota import MemberQuota
from maton_linkedin_provider.sandbox.recording import (
    MAX_LOGGED_REQUESTS,
    RecordedRequest,
    RequestLog,
    redact_headers,
)
from maton_linkedin_provider.sandbox.router import Router
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
from maton_linkedin_provider.sandbox.state import ADA_MEMBER_ID, State

if TYPE_CHECKING:
    from types import TracebackType

log = logging.getLogger(__name__)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: Sandbox, name: str) -> None:
        self.sandbox = sandbox
        self.name = name
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (getfqdn), which can stall; skip it.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        with self._open_lock:
            self._open.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        with self._open_lock:
            open_now = list(self._open)
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _request_id() -> str:
    return base64.b64encode(os.urandom(16)).decode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "maton-linkedin-sandbox"
    sys_version = ""
    timeout = 120
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    # -- the exchange ----------------------------------------------------------------------------
    def _serve(self) -> None:
        """One exchange; anything unexpected is a 500 answer (then the connection closes), not a drop."""
        try:
            self._exchange()
        except OSError:
            self.close_connection = True
        except Exception as exc:
            log.exception("sandbox failed on %s %s", self.command, self.path)
            self.close_connection = True
            with contextlib.suppress(Exception):
                self._send(ApiError(500, "INTERNAL_ERROR", f"Sandbox error: {type(exc).__name__}").response())

    def _exchange(self) -> None:
        sb = self.server.sandbox
        name = self.server.name
        received = time.time()
        raw_path, _, query = self.path.partition("?")
        path = unquote(raw_path)
        try:
            reader = self._body_reader()
        except ApiError as exc:
            self.close_connection = True
            self._send(exc.response())
            return
        raw_headers = self._header_dict()
        if path == "/_sandbox" or path.startswith("/_sandbox/"):
            try:
                response = control.handle(
                    sb, name, self.command, path, query, reader, raw_headers, self.server.server_port
                )
            except BodyError:
                self.close_connection = True
                return
            if not reader.done:  # refused or unread: never read (or drain) an unwanted body
                self.close_connection = True
            self._send(response)
            return

        record = RecordedRequest(
            server=name,
            method=self.command,
            raw_path=self.path,
            path=path,
            query=query,
            headers=redact_headers(raw_headers),
            time=received,
            credential=sb.credential_of(raw_headers),
        )
        fault = sb.faults.take(name, self.command, path)
        record.fault = fault_kind(fault) if fault else None
        try:
            if fault is not None and fault.latency > 0:
                time.sleep(fault.latency)
            if fault is not None and fault.status is not None and not fault.after_effect:
                response = Response(fault.status, json=fault.response_body(raw_headers))
            else:
                response = self._dispatch(sb, name, raw_path, path, query, reader)
                if fault is not None and fault.status is not None:
                    # after_effect with a status: applied, then answered with an error (a gateway
                    # timeout after LinkedIn did the work).
                    response = Response(fault.status, json=fault.response_body(raw_headers))
            if fault is not None:
                response.headers = {**(response.headers or {}), **fault.response_headers(raw_headers)}
            reader.drain()
        except (BodyError, OSError):
            record.body_size = reader.bytes_read
            sb.log.append(record)
            self.close_connection = True
            return
        dropped = fault is not None and ((fault.after_effect and fault.status is None) or fault.reset)
        record.body_size = reader.bytes_read
        record.body = reader.logged_body()
        if name == "oauth":
            record.body = oauth.redact_form(record.body)
        record.status = None if dropped else response.status
        sb.log.append(record)
        if fault is not None and fault.after_effect and fault.status is None:
            self._reset_connection()
            return
        self._send(response, cut=fault.reset_at if fault is not None and fault.reset else None)

    def _dispatch(
        self, sb: Sandbox, name: str, raw_path: str, path: str, query: str, reader: BodyReader
    ) -> Response:
        if name in ("upload", "oauth"):
            mode, route_path = name, raw_path
        elif raw_path.startswith("/linkedin/"):
            mode, route_path = "gateway", raw_path[len("/linkedin") :]
        elif raw_path == "/rest" or raw_path.startswith("/rest/"):
            mode, route_path = "direct", raw_path
        else:
            mode, route_path = "maton", raw_path
        req = Request(
            sandbox=sb,
            server=name,
            mode=mode,
            method=self.command,
            path=unquote(route_path),
            raw_path=self.path,
            query=query,
            headers=self.headers,
            body=reader,
        )
        try:
            if mode in ("gateway", "direct"):
                gateway.check_rest(req, sb)
            elif mode == "maton":
                if not sb.router.has_path(name, route_path):
                    sb.router.resolve(name, req.method, route_path)  # raises the 404
                gateway.check_maton(req, sb)
            else:
                gateway.check_length(req)
            route, req.params = sb.router.resolve(name, req.method, route_path)
            return route.handler(req)
        except ApiError as exc:
            return exc.response()
        except BodyError as exc:
            self.close_connection = True
            return ApiError(400, "INVALID_REQUEST_BODY", str(exc)).response()
        except OSError:
            raise
        except Exception as exc:
            log.exception("sandbox handler failed for %s %s", self.command, self.path)
            return ApiError(
                500, "INTERNAL_ERROR", f"Sandbox handler error: {type(exc).__name__}: {exc}"
            ).response()

    def _body_reader(self) -> BodyReader:
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        length: int | None = None
        raw_length = self.headers.get("Content-Length")
        if raw_length is not None and not chunked:
            try:
                length = int(raw_length)
            except ValueError:
                length = -1
            if length < 0:
                raise ApiError(400, "BAD_REQUEST", "Invalid Content-Length")
        return BodyReader(self.rfile, length, chunked)  # type: ignore[arg-type]

    def _header_dict(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        for key, value in self.headers.items():
            headers[key] = f"{headers[key]}, {value}" if key in headers else str(value)
        return headers

    def _send(self, response: Response, *, cut: str | None = None) -> None:
        body = response.encode()
        request_id = _request_id()
        headers: dict[str, str] = {
            "Content-Type": response.content_type,
            "x-li-uuid": request_id,
            "X-LI-Request-Id": request_id,
            "x-li-fabric": "sandbox",
            "Date": formatdate(usegmt=True),
            "Server": self.server_version,
        }
        lower = {k.lower(): k for k in headers}
        for key, value in (response.headers or {}).items():
            headers.pop(lower.get(key.lower(), key), None)
            headers[key] = value
        headers["Content-Length"] = str(len(body))
        if self.close_connection:
            headers["Connection"] = "close"
        try:
            phrase = HTTPStatus(response.status).phrase
        except ValueError:
            phrase = ""
        lines = [f"HTTP/1.1 {response.status} {phrase}"] + [f"{k}: {v}" for k, v in headers.items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if cut is not None:
            first_line = head.index(b"\r\n") + 2
            at = len(head) + len(body) // 2 if cut == "body" and body else (first_line + len(head)) // 2
            self.wfile.write((head + body)[:at])
            self._reset_connection()
            return
        self.wfile.write(head + body)

    def _reset_connection(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER on, timeout 0, then close)."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.rfile.close()
        except OSError:
            pass


def fault_kind(fault: Fault) -> str:
    """A short name of what a fault does, for the request log."""
    if fault.after_effect:
        return "after_effect"
    parts = [str(fault.status)] if fault.status is not None else []
    if fault.reset:
        parts.append("reset")
    if not parts:
        parts.append("latency")
    return "+".join(parts)


class SandboxBindError(OSError):
    """A server of the sandbox could not listen (port in use, address not local, port refused).

    An ``OSError`` with the cause's ``errno``, plus which server (``"api"`` or ``"upload"``), host
    and port, so the CLI can name the option to change.
    """

    def __init__(self, server: str, host: str, port: int, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.server = server
        self.host = host
        self.port = port


class Sandbox:
    """A local emulator of the Maton gateway + LinkedIn REST API (and its OAuth endpoints) on real sockets.

    :param api_key: the Maton API key the gateway accepts.
    :param access_token: the LinkedIn token accepted in direct mode (``/rest/...``).
    :param port: API port (0: a free port). :param upload_port: upload server port (0: free).
    :param seed: makes generated ids and fault rates deterministic.
    :param latest_version: the newest released LinkedIn version (``YYYYMM``).
    :param today: the date versions are judged against (default: today, UTC).
    :param maton_rate_limit: Maton's requests per second per key (None: no limit).
    :param control_key: the key every ``/_sandbox/*`` call must send as ``Authorization: Bearer ...``
        (``GET /_sandbox/health`` excepted). None (the default): the API key; ``""``: no key.
    :param max_logged_requests: the request log keeps this many requests (oldest dropped first).
    :param oauth_port: port of the OAuth server (``/oauth/v2/accessToken``, ``/oauth/v2/introspectToken``;
        0: free), apart from the API as www.linkedin.com is apart from api.linkedin.com.
    :param client_id: the LinkedIn app's client id the OAuth server accepts.
    :param client_secret: its client secret.
    :param refresh_token: the seeded refresh token (365 days; member Ada), exchanged for access tokens.

    Versions: a ``LinkedIn-Version`` is active when it is not after ``latest_version``, was released
    and is not yet sunset on ``today`` (the 15th of its month a year later): future and sunset
    months both answer 426 ``NONEXISTENT_VERSION``. ``POST /_sandbox/config`` moves the window
    (``{"latest_version": "202611", "today": "2026-12-02"}``).
    """

    def __init__(
        self,
        api_key: str = "sandbox-key",
        access_token: str = "sandbox-linkedin-token",
        port: int = 0,
        upload_port: int = 0,
        host: str = "127.0.0.1",
        seed: int = 0,
        latest_version: str = gateway.LATEST_VERSION,
        today: date | None = None,
        maton_rate_limit: float | None = None,
        control_key: str | None = None,
        max_logged_requests: int = MAX_LOGGED_REQUESTS,
        oauth_port: int = 0,
        client_id: str = "sandbox-client-id",
        client_secret: str = "sandbox-client-secret",
        refresh_token: str = "sandbox-refresh-token",
    ) -> None:
        latest = gateway.parse_version(latest_version)
        if latest is None:
            raise ValueError(f"latest_version must be YYYYMM, not {latest_version!r}")
        self.api_key = api_key
        self.access_token = access_token
        self.control_key = api_key if control_key is None else control_key
        self.host = host
        self.seed = seed
        self.latest_version = latest_version
        self.latest_version_tuple = latest
        self.fixed_today = today
        self._window = (latest_version, latest, today)
        self.state = State(seed=seed, access_token=access_token)
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.oauth = oauth.OAuthState(
            self.state,
            client_id=client_id,
            client_secret=client_secret,
            refresh_token=refresh_token,
            access_token=access_token,
            member_id=ADA_MEMBER_ID,
            seed=seed,
        )
        self.faults = FaultBook(seed)
        self.log = RequestLog(max_logged_requests)
        self.router = Router()
        self.rate_limiter = gateway.RateLimiter(maton_rate_limit)
        self.member_quota = MemberQuota()
        self._ports = {"api": port, "upload": upload_port, "oauth": oauth_port}
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        resources.install(self)
        for route in oauth.routes(self.oauth):
            self.register(route)

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> Sandbox:
        if self._servers:
            return self
        for name in ("api", "upload", "oauth"):
            try:
                self._servers[name] = _Server((self.host, self._ports[name]), self, name)
            except (OSError, OverflowError) as exc:  # OverflowError: a port past 65535
                self._close_servers()
                cause = exc if isinstance(exc, OSError) else OSError(None, str(exc))
                raise SandboxBindError(name, self.host, self._ports[name], cause) from exc
        for name, server in self._servers.items():
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sandbox-{name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
        self._close_servers()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def _close_servers(self) -> None:
        for server in self._servers.values():
            server.server_close()
            server.close_open_connections()
        self._servers.clear()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------------------
    def _url(self, name: str) -> str:
        server = self._servers.get(name)
        if server is None:
            raise RuntimeError("the sandbox is not started")
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{server.server_port}"

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``: the gateway (``/linkedin/rest/..``), direct API (``/rest/..``), control."""
        return self._url("api")

    @property
    def upload_base_url(self) -> str:
        """``http://HOST:UPLOADPORT``: where pre-signed upload URLs point."""
        return self._url("upload")

    @property
    def oauth_base_url(self) -> str:
        """``http://HOST:OAUTHPORT/oauth/v2``: the connection's ``oauth_base_url`` (LinkedIn's is
        https://www.linkedin.com/oauth/v2)."""
        return self._url("oauth") + "/oauth/v2"

    def set_version_window(self, latest_version: str | None = None, today: date | None = None) -> None:
        """Move the window of active versions (``None`` keeps a value)."""
        if latest_version is not None:
            latest = gateway.parse_version(latest_version)
            if latest is None:
                raise ValueError(f"latest_version must be YYYYMM, not {latest_version!r}")
            self.latest_version, self.latest_version_tuple = latest_version, latest
        if today is not None:
            self.fixed_today = today

    @property
    def today(self) -> date:
        return self.fixed_today or datetime.now(timezone.utc).date()

    # -- routes, log, faults ---------------------------------------------------------------------
    def register(self, route: Route) -> Route:
        """Add a route (resource modules call this through ``resources.install``)."""
        self.router.add(route)
        return route

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the request log (API and upload servers, control plane excluded)."""
        return self.log.snapshot()

    def credential_of(self, headers: dict[str, str]) -> str | None:
        """Which credential ``headers`` carry (what the log keeps instead of the value)."""
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
        if value is None:
            return None
        if value == f"Bearer {self.api_key}":
            return "api_key"
        if value == f"Bearer {self.access_token}":
            return "access_token"
        scheme, _, token = value.partition(" ")
        if scheme == "Bearer" and self.oauth.issued(token.strip()):
            return "access_token"
        return "other"

    def clear_requests(self) -> None:
        self.log.clear()

    def add_fault(self, fault: Fault) -> Fault:
        return self.faults.add(fault)

    def remove_fault(self, fault_id: str) -> bool:
        return self.faults.remove(fault_id)

    def clear_faults(self) -> None:
        self.faults.clear()

    def reset(self) -> None:
        """State back to the seed; request log, faults and rate-limit windows cleared."""
        self.faults.clear(restart_ids=True)
        self.log.clear()
        self.rate_limiter.reset()
        self.member_quota.reset()
        self.state.reset()
        self.oauth.reset()
        self.latest_version, self.latest_version_tuple, self.fixed_today = self._window
