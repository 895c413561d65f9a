"""The request log, the control plane over HTTP, route plug-ins and the upload server's streaming."""

from __future__ import annotations

import http.client
import json
import tracemalloc
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import ApiError, Fault, Request, Response, Route, Sandbox


def test_raw_path_is_recorded_exactly(api: Api, sandbox: Sandbox) -> None:
    conn = http.client.HTTPConnection(urlsplit(sandbox.base_url).netloc, timeout=10)
    target = "/linkedin/rest/me?a=List(urn%3Ali%3Aperson%3A1)"
    conn.request("GET", target, headers={**api.headers(), "X-Custom-Thing": "Yes"})
    assert conn.getresponse().status == 200
    conn.close()
    [record] = sandbox.requests
    assert record.server == "api" and record.method == "GET"
    assert record.raw_path == target
    assert record.path == "/linkedin/rest/me"
    assert record.query == "a=List(urn%3Ali%3Aperson%3A1)"
    assert "X-Custom-Thing" in record.headers
    assert record.header("x-custom-thing") == "Yes"
    assert record.status == 200 and record.fault is None
    json.dumps(record.to_dict())


def test_path_is_decoded_once(api: Api, sandbox: Sandbox) -> None:
    api.get("/rest/posts/urn%3Ali%3Ashare%3A1")
    assert sandbox.requests[-1].path == "/linkedin/rest/posts/urn:li:share:1"


def test_bodies_kept_up_to_64_kib(api: Api, sandbox: Sandbox) -> None:
    api.post("/connections", mode="maton", json={"app": "linkedin"})
    small = sandbox.requests[-1]
    assert small.body == b'{"app": "linkedin"}' and small.body_size == len(small.body)
    big = json.dumps({"app": "linkedin", "pad": "x" * 100_000}).encode()
    api.post("/connections", mode="maton", data=big, headers={"Content-Type": "application/json"})
    record = sandbox.requests[-1]
    assert record.body is None and record.body_size == len(big)
    assert record.to_dict()["body"] is None


class TestControlPlane:
    def test_requests_endpoint(self, api: Api, sandbox: Sandbox, control: requests.Session) -> None:
        api.get("/rest/me")
        api.get("/rest/me", mode="direct")
        base = sandbox.base_url + "/_sandbox"
        every = control.get(f"{base}/requests", timeout=10).json()
        assert [r["raw_path"] for r in every] == ["/linkedin/rest/me", "/rest/me"]
        assert [r["raw_path"] for r in control.get(f"{base}/requests?since=1", timeout=10).json()] == [
            "/rest/me"
        ]
        assert control.delete(f"{base}/requests", timeout=10).json() == {"cleared": 2}
        assert sandbox.requests == []

    def test_faults_endpoint(self, api: Api, sandbox: Sandbox, control: requests.Session) -> None:
        base = sandbox.base_url + "/_sandbox"
        created = control.post(
            f"{base}/faults", json={"status": 500, "count": 2, "path": "/me"}, timeout=10
        ).json()
        assert created["id"]
        assert api.get("/rest/me").status_code == 500
        assert control.delete(f"{base}/faults/{created['id']}", timeout=10).status_code == 200
        assert api.get("/rest/me").status_code == 200
        control.post(f"{base}/faults", json={"status": 502, "count": None}, timeout=10)
        assert [f["status"] for f in control.get(f"{base}/faults", timeout=10).json()] == [502]
        assert control.delete(f"{base}/faults", timeout=10).status_code == 200
        assert api.get("/rest/me").status_code == 200
        bad = control.post(f"{base}/faults", json={"status": 500, "bogus": 1}, timeout=10)
        assert bad.status_code == 400 and "bogus" in bad.json()["message"]

    def test_reset_and_health(self, api: Api, sandbox: Sandbox, control: requests.Session) -> None:
        api.post("/connections", mode="maton", json={"app": "linkedin"})
        sandbox.add_fault(Fault(status=500, count=None))
        assert control.post(sandbox.base_url + "/_sandbox/reset", timeout=10).json() == {"reset": True}
        assert len(sandbox.state.connections) == 2
        assert sandbox.requests == [] and sandbox.faults.snapshot() == []
        assert control.get(sandbox.base_url + "/_sandbox/health", timeout=10).json()["status"] == "ok"
        assert control.post(sandbox.upload_base_url + "/_sandbox/reset", timeout=10).status_code == 404


# -- plug-in routes on a private sandbox ----------------------------------------------------------
def echo(req: Request) -> Response:
    return Response(200, json={"params": req.params, "query": req.query_params(), "member": req.member["id"]})


def create(req: Request) -> Response:
    body = req.json_object()
    if "name" not in body:
        raise ApiError(422, "MISSING_FIELD", "name is required", details={"errorDetailType": "x.BadRequest"})
    return Response(201, headers={"x-restli-id": "urn:li:thing:1"})


def boom(req: Request) -> Response:
    raise RuntimeError("kaput")


def upload(req: Request) -> Response:
    total = 0
    biggest = 0
    for piece in req.iter_body(chunk=1 << 16):
        total += len(piece)
        biggest = max(biggest, len(piece))
    return Response(201, json={"bytes": total, "biggest": biggest}, headers={"ETag": f'"{total}"'})


@pytest.fixture(scope="module")
def custom() -> Iterator[Sandbox]:
    sb = Sandbox()
    sb.register(Route("GET", "/rest/echo/{key}", echo))
    sb.register(Route("POST", "/rest/things", create))
    sb.register(Route("GET", "/rest/boom", boom))
    sb.register(Route("PUT", "/upload/{name}", upload, server="upload"))
    with sb:
        yield sb


class TestPlugins:
    def test_path_param_decoded_exactly_once_and_query_decoded(self, custom: Sandbox) -> None:
        api = Api(custom)
        resp = api.get("/rest/echo/urn%3Ali%3Ashare%3A1?q=x&ids=List(urn%3Ali%3Ashare%3A1)&fields=id,name")
        assert resp.json() == {
            "params": {"key": "urn:li:share:1"},
            "query": {"q": "x", "ids": ["urn:li:share:1"], "fields": "id,name"},
            "member": "sAnDbOx01",
        }
        twice = api.get("/rest/echo/urn%253Ali%253Ashare%253A1").json()
        assert twice["params"] == {"key": "urn%3Ali%3Ashare%3A1"}

    def test_created_and_errors(self, custom: Sandbox) -> None:
        api = Api(custom)
        created = api.post("/rest/things", json={"name": "x"})
        assert created.status_code == 201 and created.content == b""
        assert created.headers["x-restli-id"] == "urn:li:thing:1"
        invalid = api.post("/rest/things", json={})
        assert invalid.status_code == 422
        assert invalid.json() == {
            "status": 422,
            "serviceErrorCode": 0,
            "code": "MISSING_FIELD",
            "message": "name is required",
            "errorDetailType": "x.BadRequest",
        }
        crashed = api.get("/rest/boom")
        assert crashed.status_code == 500 and "kaput" in crashed.json()["message"]

    def test_upload_server_streams_large_bodies(self, custom: Sandbox) -> None:
        custom.clear_requests()
        piece = b"\0" * (1 << 20)
        size = 64 * len(piece)
        tracemalloc.start()
        try:
            resp = requests.put(
                custom.upload_base_url + "/upload/a", data=(piece for _ in range(64)), timeout=60
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert resp.status_code == 201
        assert resp.json() == {"bytes": size, "biggest": 1 << 16}
        assert peak < 16 * (1 << 20)
        fixed = requests.put(custom.upload_base_url + "/upload/b", data=b"x" * 300_000, timeout=60)
        assert fixed.json()["bytes"] == 300_000 and fixed.headers["ETag"] == '"300000"'
        records = custom.requests
        assert [(r.server, r.method, r.body_size, r.body) for r in records] == [
            ("upload", "PUT", size, None),
            ("upload", "PUT", 300_000, None),
        ]

    def test_upload_server_unknown_route_and_length(self, custom: Sandbox) -> None:
        assert requests.get(custom.upload_base_url + "/nothing", timeout=10).status_code == 404
        conn = http.client.HTTPConnection(urlsplit(custom.upload_base_url).netloc, timeout=10)
        conn.putrequest("PUT", "/upload/x")
        conn.endheaders()
        assert conn.getresponse().status == 411
        conn.close()
