"""The control plane on ``/_sandbox/*``: never faulted, not recorded, safe to leave running.

API port: ``GET /_sandbox/health``, ``GET|DELETE /_sandbox/requests`` (``?since=N``),
``GET|POST|DELETE /_sandbox/faults``, ``DELETE /_sandbox/faults/{id}``, ``POST /_sandbox/reset``,
``POST /_sandbox/connections/{id}/authorize`` (optional body ``{"member_id": ..}``),
``POST /_sandbox/config`` (``{"processing_seconds": {"video": 3}, "upload_url_ttl_seconds": 60,
"duplicate_post_check": true, "duplicate_post_window_seconds": 86400, "latest_version": "202611",
"today": "2026-12-02", "access_token_ttl_seconds": 5184000, "refresh_token_ttl_seconds": 31536000,
"member_quota": {"requests": 5, "per_seconds": 1}}`` (``member_quota``: see :mod:`.quota`);
answers the whole current config; ``POST /_sandbox/reset`` restores the defaults),
``POST /_sandbox/oauth/tokens`` (``{"kind": "access"|"refresh", "token": optional, "expires_in":
seconds, "revoked": bool}``: expire or revoke tokens; see :mod:`.oauth`).
Upload and OAuth ports: ``GET /_sandbox/health`` only.

Every control request passes :func:`refusal` first (a browser page or another host cannot drive it):

- ``Host`` must name the loopback (``127.0.0.1``, ``localhost``, ``[::1]``) or the address the
  sandbox is bound to, with this server's port if it gives one: 403 (DNS rebinding);
- an ``Origin``, when sent, must be such a host too: 403 (a page on another site);
- ``Authorization: Bearer <control key>`` (the sandbox's ``control_key``, by default its API key;
  ``GET /_sandbox/health`` is exempt): 401;
- a body is at most :data:`MAX_CONTROL_BODY` bytes: 413;
- a request with a body must say ``Content-Type: application/json``: 415 (a browser's
  ``text/plain`` form POST needs no preflight; JSON does).

Any failure in a handler is an answer, never a dropped connection: 400 for bad input (a body
nested too deeply included), 500 for anything else.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from maton_linkedin_provider.sandbox import gateway
from maton_linkedin_provider.sandbox.faults import Fault
from maton_linkedin_provider.sandbox.routing import Response

if TYPE_CHECKING:
    from collections.abc import Mapping

    from maton_linkedin_provider.sandbox.body import BodyReader
    from maton_linkedin_provider.sandbox.server import Sandbox

log = logging.getLogger(__name__)

#: The largest control-plane body accepted (a fault or a config is a few hundred bytes).
MAX_CONTROL_BODY = 1024 * 1024
#: Host names a control request may be addressed to (besides the address the sandbox is bound to).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})

_AUTHORIZE = re.compile(r"/_sandbox/connections/([^/]+)/authorize")
_FAULT = re.compile(r"/_sandbox/faults/([^/]+)")


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, json={"status": status, "code": code, "message": message})


class _TooLarge(Exception):
    pass


def _json_body(reader: BodyReader) -> Any:
    raw = bytearray()
    for data in reader.iter(1 << 16):
        raw += data
        if len(raw) > MAX_CONTROL_BODY:
            raise _TooLarge
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("the JSON body is nested too deeply") from None


def _split_host(value: str) -> tuple[str, int | None] | None:
    """``(host, port)`` of a ``Host`` header or an ``Origin``'s netloc; None when malformed."""
    try:
        parts = urlsplit("//" + value.strip())
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None


def _allowed_hosts(sb: Sandbox) -> frozenset[str]:
    bound = sb.host.strip("[]").lower()
    return LOOPBACK_HOSTS | ({bound} if bound not in _WILDCARD_HOSTS else set())


def refusal(sb: Sandbox, port: int, method: str, path: str, headers: Mapping[str, str]) -> Response | None:
    """Why this control request is refused (the answer to send), or None when it may proceed."""
    headers = {k.lower(): v for k, v in headers.items()}
    allowed = _allowed_hosts(sb)
    host = _split_host(headers.get("host") or "")
    if host is None or host[0] not in allowed or (host[1] is not None and host[1] != port):
        return _error(
            403, "FORBIDDEN_HOST", "The control plane answers only requests addressed to the loopback"
        )
    origin = headers.get("origin")
    if origin is not None:
        parts = _split_host(origin.partition("://")[2]) if "://" in origin else None
        if parts is None or parts[0] not in allowed:
            return _error(403, "FORBIDDEN_ORIGIN", f"The control plane refuses requests from {origin!r}")
    key = sb.control_key
    if key and (method, path) != ("GET", "/_sandbox/health"):
        given = headers.get("authorization") or ""
        if not hmac.compare_digest(given.encode(), f"Bearer {key}".encode()):
            response = _error(401, "UNAUTHORIZED", "Send Authorization: Bearer <control key>")
            response.headers = {"WWW-Authenticate": 'Bearer realm="sandbox control"'}
            return response
    length = headers.get("content-length")
    chunked = "chunked" in (headers.get("transfer-encoding") or "").lower()
    if length is not None and not chunked and length.strip().isdigit() and int(length) > MAX_CONTROL_BODY:
        return _too_large()
    has_body = chunked or (length is not None and length.strip() not in ("", "0"))
    if has_body:
        media_type = (headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            return _error(
                415, "UNSUPPORTED_MEDIA_TYPE", "A control body must be Content-Type: application/json"
            )
    return None


def _too_large() -> Response:
    return _error(413, "PAYLOAD_TOO_LARGE", f"Control bodies are at most {MAX_CONTROL_BODY} bytes")


def handle(
    sb: Sandbox,
    server: str,
    method: str,
    path: str,
    query: str,
    reader: BodyReader,
    headers: Mapping[str, str] | None = None,
    port: int = 0,
) -> Response:
    """Answer one control-plane request (``headers`` given: checked by :func:`refusal` first)."""
    from maton_linkedin_provider.sandbox.body import BodyError

    if headers is not None:
        refused = refusal(sb, port, method, path, headers)
        if refused is not None:
            return refused
    try:
        return _handle(sb, server, method, path, query, reader)
    except _TooLarge:
        return _too_large()
    except BodyError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        return _error(400, "BAD_REQUEST", str(exc) or type(exc).__name__)
    except Exception as exc:
        log.exception("sandbox control handler failed for %s %s", method, path)
        return _error(500, "INTERNAL_ERROR", f"Sandbox control error: {type(exc).__name__}: {exc}")


def _handle(sb: Sandbox, server: str, method: str, path: str, query: str, reader: BodyReader) -> Response:
    route = (method, path)
    if route == ("GET", "/_sandbox/health"):
        return Response(200, json={"status": "ok", "server": server})
    if server != "api":
        return _error(404, "NOT_FOUND", f"No control route {method} {path} on the upload server")
    if route == ("GET", "/_sandbox/requests"):
        since = int(dict(parse_qsl(query)).get("since", "0"))
        return Response(200, json=[r.to_dict() for r in sb.log.snapshot(since)])
    if route == ("DELETE", "/_sandbox/requests"):
        return Response(200, json={"cleared": sb.log.clear()})
    if route == ("GET", "/_sandbox/faults"):
        return Response(200, json=[f.to_dict() for f in sb.faults.snapshot()])
    if route == ("POST", "/_sandbox/faults"):
        data = _json_body(reader)
        if not isinstance(data, dict):
            raise ValueError("send the fault's fields as a JSON object")
        fault = sb.add_fault(Fault.from_dict(data))
        return Response(200, json={"id": fault.id, "fault": fault.to_dict()})
    if route == ("DELETE", "/_sandbox/faults"):
        sb.clear_faults()
        return Response(200, json={"cleared": True})
    if route == ("POST", "/_sandbox/config"):
        return Response(200, json={"config": _configure(sb, _json_body(reader) or {})})
    if route == ("POST", "/_sandbox/reset"):
        sb.reset()
        return Response(200, json={"reset": True})
    if route == ("POST", "/_sandbox/oauth/tokens"):
        data = _json_body(reader)
        if not isinstance(data, dict) or set(data) - {"kind", "token", "expires_in", "revoked"}:
            raise ValueError('send {"kind": "access"|"refresh", "token"?, "expires_in"?, "revoked"?}')
        token = data.get("token")
        if token is not None and not isinstance(token, str):
            raise ValueError("token must be a string")
        changed = sb.oauth.set_tokens(
            str(data.get("kind", "access")), token, data.get("expires_in"), data.get("revoked")
        )
        return Response(200, json={"changed": changed})
    m = _FAULT.fullmatch(path)
    if m and method == "DELETE":
        if sb.remove_fault(m.group(1)):
            return Response(200, json={"deleted": True})
        return _error(404, "NOT_FOUND", f"No fault {m.group(1)!r}")
    m = _AUTHORIZE.fullmatch(path)
    if m and method == "POST":
        data = _json_body(reader) or {}
        try:
            record = sb.state.authorize_connection(m.group(1), data.get("member_id"))
        except KeyError as exc:
            return _error(404, "NOT_FOUND", f"Unknown connection or member {exc}")
        return Response(200, json={"connection": sb.state.public_connection(record)})
    return _error(404, "NOT_FOUND", f"No control route {method} {path}")


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number of seconds >= 0, got {value!r}")
    return float(value)


def _configure(sb: Sandbox, data: Any) -> dict[str, Any]:
    """Apply ``POST /_sandbox/config`` (all checked before anything changes); the current config."""
    if not isinstance(data, dict):
        raise ValueError("send the config as a JSON object")
    unknown = set(data) - {
        "processing_seconds",
        "upload_url_ttl_seconds",
        "duplicate_post_check",
        "duplicate_post_window_seconds",
        "latest_version",
        "today",
        "access_token_ttl_seconds",
        "refresh_token_ttl_seconds",
        "member_quota",
    }
    if unknown:
        raise ValueError(f"unknown config key(s) {sorted(unknown)}")
    processing = data.get("processing_seconds", {})
    if not isinstance(processing, dict):
        raise ValueError('processing_seconds must be an object like {"video": 3}')
    state = sb.state
    with state.lock:
        kinds = set(state.media_processing_seconds)
        bad = set(processing) - kinds
        if bad:
            raise ValueError(f"processing_seconds: unknown kind(s) {sorted(bad)}; use {sorted(kinds)}")
        checked = {kind: _seconds(f"processing_seconds.{kind}", v) for kind, v in processing.items()}
        ttl = data.get("upload_url_ttl_seconds")
        window = data.get("duplicate_post_window_seconds")
        window = None if window is None else _seconds("duplicate_post_window_seconds", window)
        check = data.get("duplicate_post_check")
        if check is not None and not isinstance(check, bool):
            raise ValueError(f"duplicate_post_check must be true or false, got {check!r}")
        latest, today = data.get("latest_version"), data.get("today")
        if latest is not None and (not isinstance(latest, str) or gateway.parse_version(latest) is None):
            raise ValueError(f"latest_version must be YYYYMM, got {latest!r}")
        day = date.fromisoformat(today) if isinstance(today, str) else None
        if today is not None and day is None:
            raise ValueError(f"today must be an ISO date (YYYY-MM-DD), got {today!r}")
        ttls = {
            name: _seconds(name, data[name])
            for name in ("access_token_ttl_seconds", "refresh_token_ttl_seconds")
            if data.get(name) is not None
        }
        if "member_quota" in data:  # checked (and refused) before anything changes
            sb.member_quota.configure(data["member_quota"])
        sb.set_version_window(latest, day)
        oauth_config = sb.oauth.configure(
            ttls.get("access_token_ttl_seconds"), ttls.get("refresh_token_ttl_seconds")
        )
        if ttl is not None:
            state.upload_url_ttl_seconds = _seconds("upload_url_ttl_seconds", ttl)
        if window is not None:
            state.duplicate_post_window_seconds = window
        if check is not None:
            state.duplicate_post_check = check
        state.media_processing_seconds.update(checked)
        return {
            "processing_seconds": dict(state.media_processing_seconds),
            "upload_url_ttl_seconds": state.upload_url_ttl_seconds,
            "duplicate_post_check": state.duplicate_post_check,
            "duplicate_post_window_seconds": state.duplicate_post_window_seconds,
            "latest_version": sb.latest_version,
            "today": sb.today.isoformat(),
            **oauth_config,
            "member_quota": sb.member_quota.setting(),
        }
