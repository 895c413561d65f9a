"""The control plane on ``/_sandbox/*``: no auth, never faulted, not recorded.

API port: ``GET /_sandbox/health``, ``GET|DELETE /_sandbox/requests`` (``?since=N``),
``GET|POST|DELETE /_sandbox/faults``, ``DELETE /_sandbox/faults/{id}``, ``POST /_sandbox/reset``,
``POST /_sandbox/connections/{id}/authorize`` (optional body ``{"member_id": ..}``),
``POST /_sandbox/config`` (``{"processing_seconds": {"video": 3}, "upload_url_ttl_seconds": 60,
"duplicate_post_check": true, "duplicate_post_window_seconds": 86400}``; answers the whole current
config; ``POST /_sandbox/reset`` restores the defaults).
Upload port: ``GET /_sandbox/health`` only.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from maton_linkedin_provider.sandbox.faults import Fault
from maton_linkedin_provider.sandbox.routing import Response

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.body import BodyReader
    from maton_linkedin_provider.sandbox.server import Sandbox

_AUTHORIZE = re.compile(r"/_sandbox/connections/([^/]+)/authorize")
_FAULT = re.compile(r"/_sandbox/faults/([^/]+)")


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, json={"status": status, "code": code, "message": message})


def _json_body(reader: BodyReader) -> Any:
    raw = reader.read_all()
    if not raw.strip():
        return None
    return json.loads(raw)


def handle(sb: Sandbox, server: str, method: str, path: str, query: str, reader: BodyReader) -> Response:
    """Answer one control-plane request."""
    try:
        return _handle(sb, server, method, path, query, reader)
    except (ValueError, TypeError) as exc:
        return _error(400, "BAD_REQUEST", str(exc))


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
        }
