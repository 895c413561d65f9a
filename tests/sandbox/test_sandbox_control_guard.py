"""The control plane is safe to leave running: a key, loopback hosts, JSON bodies, caps, no dropped connections.

Every test talks to a running sandbox over sockets (raw bytes where the HTTP library would tidy
the request up: a wrong ``Host``, a missing body, a body never sent).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
import requests

from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox import control as control_module
from maton_linkedin_provider.sandbox.control import MAX_CONTROL_BODY

KEY = "api-key-7c1e"
CONTROL_KEY = "control-key-44d0"


@pytest.fixture(scope="module")
def guarded() -> Iterator[Sandbox]:
    with Sandbox(api_key=KEY, control_key=CONTROL_KEY, max_logged_requests=5) as sb:
        yield sb


@pytest.fixture
def sb(guarded: Sandbox) -> Sandbox:
    guarded.reset()
    return guarded


def _port(sb: Sandbox) -> int:
    return int(sb.base_url.rsplit(":", 1)[1])


def raw(
    sb: Sandbox, head: str, body: bytes = b"", *, send_body: bool = True
) -> tuple[int, dict[str, str], bytes]:
    """Send ``head`` (request line and headers, ``Host`` and ``Connection: close`` added unless given)."""
    lines = [line for line in head.strip().split("\n") if line.strip()]
    names = {line.split(":", 1)[0].strip().lower() for line in lines[1:]}
    if "host" not in names:
        lines.append(f"Host: 127.0.0.1:{_port(sb)}")
    if "connection" not in names:
        lines.append("Connection: close")
    data = ("\r\n".join(line.strip() for line in lines) + "\r\n\r\n").encode("latin-1")
    with socket.create_connection(("127.0.0.1", _port(sb)), timeout=10) as sock:
        sock.sendall(data + (body if send_body else b""))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    top, _, payload = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return int(status_line.split(" ", 2)[1]), headers, payload


def auth(key: str = CONTROL_KEY) -> str:
    return f"Authorization: Bearer {key}"


# --- the key ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_sandbox/requests"),
        ("DELETE", "/_sandbox/requests"),
        ("GET", "/_sandbox/faults"),
        ("DELETE", "/_sandbox/faults"),
        ("POST", "/_sandbox/reset"),
        ("POST", "/_sandbox/connections/x/authorize"),
        ("DELETE", "/_sandbox/faults/fault-1"),
        ("GET", "/_sandbox/nope"),
    ],
)
def test_every_control_route_needs_the_control_key(sb, method, path):
    for header in ("", auth("wrong"), auth(KEY), "Authorization: Basic Y29udHJvbA=="):
        status, headers, body = raw(sb, f"{method} {path} HTTP/1.1\n{header}\nContent-Length: 0")
        assert status == 401, header
        assert headers["www-authenticate"].startswith("Bearer")
        assert json.loads(body)["code"] == "UNAUTHORIZED"
    status, _, _ = raw(sb, f"{method} {path} HTTP/1.1\n{auth()}\nContent-Length: 0")
    assert status != 401


def test_a_refused_call_changes_nothing(sb):
    status, _, _ = raw(
        sb,
        "POST /_sandbox/faults HTTP/1.1\nContent-Type: application/json\nContent-Length: 15",
        b'{"status": 500}',
    )
    assert status == 401 and sb.faults.snapshot() == []


def test_health_needs_no_key_and_says_nothing(sb):
    status, _, body = raw(sb, "GET /_sandbox/health HTTP/1.1")
    assert status == 200 and json.loads(body) == {"status": "ok", "server": "api"}


def test_the_default_control_key_is_the_api_key_and_empty_means_none():
    with Sandbox(api_key="k-default") as default:
        assert default.control_key == "k-default"
        url = default.base_url + "/_sandbox/faults"
        assert requests.get(url, timeout=10).status_code == 401
        assert requests.get(url, headers={"Authorization": "Bearer k-default"}, timeout=10).status_code == 200
    with Sandbox(control_key="") as open_:
        assert requests.get(open_.base_url + "/_sandbox/faults", timeout=10).status_code == 200


# --- the request log -------------------------------------------------------------------------------


def test_the_request_log_keeps_no_credential(sb):
    gateway = {
        "Authorization": f"Bearer {KEY}",
        "LinkedIn-Version": "202609",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    assert requests.get(sb.base_url + "/linkedin/rest/me", headers=gateway, timeout=10).status_code == 200
    wrong = {**gateway, "Authorization": "Bearer guessed-key-123"}
    assert requests.get(sb.base_url + "/linkedin/rest/me", headers=wrong, timeout=10).status_code == 401
    status, _, body = raw(sb, f"GET /_sandbox/requests HTTP/1.1\n{auth()}")
    assert status == 200
    assert KEY not in body.decode() and "guessed-key-123" not in body.decode()
    logged = json.loads(body)
    assert [r["headers"]["Authorization"] for r in logged] == ["Bearer ***", "Bearer ***"]
    assert [r["credential"] for r in logged] == ["api_key", "other"]
    assert [r.header("Authorization") for r in sb.requests] == ["Bearer ***", "Bearer ***"]  # in-process too
    assert CONTROL_KEY not in body.decode()  # control calls are not logged at all


def test_the_request_log_keeps_the_newest_requests_up_to_its_cap(sb):
    for i in range(8):
        requests.get(f"{sb.base_url}/linkedin/rest/n{i}", timeout=10)
    assert [r.path for r in sb.requests] == [f"/linkedin/rest/n{i}" for i in range(3, 8)]
    assert sb.log.dropped == 3
    status, _, body = raw(sb, f"GET /_sandbox/requests?since=6 HTTP/1.1\n{auth()}")
    assert status == 200 and [r["path"] for r in json.loads(body)] == [
        "/linkedin/rest/n6",
        "/linkedin/rest/n7",
    ]


# --- Host, Origin and Content-Type -----------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1:1",
        "localhost.evil.example:{port}",
        "10.0.0.1:{port}",
        "",
        "[::1",
    ],
)
def test_only_loopback_host_values_are_accepted(sb, host):
    head = f"GET /_sandbox/faults HTTP/1.1\nHost: {host.format(port=_port(sb))}\n{auth()}"
    status, _, body = raw(sb, head)
    assert status == 403 and json.loads(body)["code"] == "FORBIDDEN_HOST"


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1"]
)
def test_loopback_host_values_pass(sb, host):
    status, _, _ = raw(sb, f"GET /_sandbox/faults HTTP/1.1\nHost: {host.format(port=_port(sb))}\n{auth()}")
    assert status == 200


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "https://127.0.0.1.evil.example", "file://"]
)
def test_a_page_on_another_site_is_refused(sb, origin):
    status, _, body = raw(sb, f"POST /_sandbox/reset HTTP/1.1\nOrigin: {origin}\n{auth()}\nContent-Length: 0")
    assert status == 403 and json.loads(body)["code"] == "FORBIDDEN_ORIGIN"


def test_a_browser_text_plain_post_is_refused_and_json_passes(sb):
    fault = b'{"status": 503, "count": 5}'
    for content_type in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
    ):
        type_line = f"Content-Type: {content_type}\n" if content_type else ""
        head = f"POST /_sandbox/faults HTTP/1.1\n{auth()}\n{type_line}Content-Length: {len(fault)}"
        status, _, body = raw(sb, head, fault)
        assert status == 415 and json.loads(body)["code"] == "UNSUPPORTED_MEDIA_TYPE", content_type
    assert sb.faults.snapshot() == []
    head = f"POST /_sandbox/faults HTTP/1.1\n{auth()}\nContent-Type: application/json; charset=utf-8\nContent-Length: {len(fault)}"
    assert raw(sb, head, fault)[0] == 200 and len(sb.faults.snapshot()) == 1
    assert (
        raw(sb, f"POST /_sandbox/reset HTTP/1.1\n{auth()}\nContent-Length: 0")[0] == 200
    )  # no body: no type
    assert raw(sb, f"GET /_sandbox/faults HTTP/1.1\n{auth()}")[0] == 200


# --- caps ------------------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_refused_before_it_is_read(sb):
    size = 300 * 1024 * 1024
    head = f"POST /_sandbox/faults HTTP/1.1\n{auth()}\nContent-Type: application/json\nContent-Length: {size}"
    started = time.monotonic()
    status, headers, body = raw(sb, head, send_body=False)  # nothing of the 300 MiB is ever sent
    assert status == 413 and json.loads(body)["code"] == "PAYLOAD_TOO_LARGE"
    assert headers["connection"] == "close" and time.monotonic() - started < 5


def test_a_chunked_body_over_the_cap_is_refused(sb):
    chunk = b"x" * 65536
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_CONTROL_BODY // len(chunk) + 2)
    )
    head = f"POST /_sandbox/faults HTTP/1.1\n{auth()}\nContent-Type: application/json\nTransfer-Encoding: chunked"
    status, _, _ = raw(sb, head, chunks + b"0\r\n\r\n")
    assert status == 413 and sb.faults.snapshot() == []


def test_a_body_at_the_cap_is_read(sb):
    body = json.dumps({"processing_seconds": {}, "_": ""}).encode()
    padded = body[:-1] + b" " * (MAX_CONTROL_BODY - len(body)) + b"}"
    assert len(padded) == MAX_CONTROL_BODY
    head = f"POST /_sandbox/config HTTP/1.1\n{auth()}\nContent-Type: application/json\nContent-Length: {len(padded)}"
    status, _, answer = raw(sb, head, padded)
    assert status == 400 and "unknown config key" in json.loads(answer)["message"]  # read, parsed, judged


# --- every failure is an answer --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/_sandbox/faults", "/_sandbox/config", "/_sandbox/connections/x/authorize"]
)
def test_a_deeply_nested_body_is_a_400_not_a_dropped_connection(sb, path):
    nested = b"[" * 100_000
    head = f"POST {path} HTTP/1.1\n{auth()}\nContent-Type: application/json\nContent-Length: {len(nested)}"
    status, _, body = raw(sb, head, nested)
    assert status == 400 and "nested too deeply" in json.loads(body)["message"]


def test_a_deeply_nested_api_body_is_a_400(sb):
    nested = b"[" * 100_000
    head = (
        f"POST /linkedin/rest/posts HTTP/1.1\nAuthorization: Bearer {KEY}\nLinkedIn-Version: 202609\n"
        f"X-Restli-Protocol-Version: 2.0.0\nContent-Type: application/json\nContent-Length: {len(nested)}"
    )
    status, _, body = raw(sb, head, nested)
    assert status == 400 and "nested too deeply" in json.loads(body)["message"]


def test_an_unexpected_control_failure_is_a_500(sb, monkeypatch):
    def broken(*args: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(control_module, "_configure", broken)
    status, _, body = raw(
        sb,
        f"POST /_sandbox/config HTTP/1.1\n{auth()}\nContent-Type: application/json\nContent-Length: 2",
        b"{}",
    )
    assert status == 500 and "RuntimeError" in json.loads(body)["message"]


def test_an_unexpected_failure_outside_a_handler_is_a_500(sb, monkeypatch):
    def broken(*args: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(sb.faults, "take", broken)
    status, _, body = raw(sb, f"GET /linkedin/rest/me HTTP/1.1\nAuthorization: Bearer {KEY}")
    assert status == 500 and json.loads(body)["code"] == "INTERNAL_ERROR"
