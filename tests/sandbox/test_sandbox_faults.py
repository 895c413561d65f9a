"""Fault injection: statuses, rates, Retry-After, latency, resets, responses lost after the effect."""

from __future__ import annotations

import time

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Fault, Sandbox


def statuses(api: Api, n: int, path: str = "/rest/me") -> list[int]:
    return [api.get(path).status_code for _ in range(n)]


def test_status_for_next_n_then_normal(api: Api, sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(status=503, count=2, path="/me$"))
    first = api.get("/rest/me")
    assert first.json() == {
        "status": 503,
        "serviceErrorCode": 0,
        "code": "SERVICE_UNAVAILABLE",
        "message": "Service Unavailable",
    }
    assert [first.status_code, *statuses(api, 2)] == [503, 503, 200]
    assert [(r.status, r.fault) for r in sandbox.requests] == [(503, "503"), (503, "503"), (200, None)]


def test_default_bodies(api: Api, sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(status=429))
    throttled = api.get("/rest/me")
    assert throttled.status_code == 429
    assert throttled.json() == {
        "serviceErrorCode": 101,
        "message": "Resource level throttle limit for calls to this resource is reached.",
        "status": 429,
    }
    assert "Retry-After" not in throttled.headers
    sandbox.add_fault(Fault(status=500))
    assert api.get("/rest/me").json() == {
        "status": 500,
        "serviceErrorCode": 0,
        "code": "INTERNAL_ERROR",
        "message": "Internal Server Error",
    }
    sandbox.add_fault(Fault(status=403, body={"status": 403, "message": "custom"}))
    assert api.get("/rest/me").json() == {"status": 403, "message": "custom"}


def test_retry_after(api: Api, sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(status=429, retry_after="2"))
    assert api.get("/rest/me").headers["Retry-After"] == "2"


def test_redirect(api: Api, sandbox: Sandbox) -> None:
    target = "/linkedin/rest/videos/urn%3Ali%3Avideo%3AC5505AQmoved"
    sandbox.add_fault(Fault(status=307, location=target, path="/me$"))
    moved = api.get("/rest/me", allow_redirects=False)
    assert moved.status_code == 307 and moved.headers["Location"] == target  # byte for byte
    assert [(r.status, r.fault) for r in sandbox.requests] == [(307, "307")]
    assert api.get("/rest/me").status_code == 200  # count 1: the next one is served


def test_method_path_and_server_filters(api: Api, sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(status=500, method="POST", count=None))
    sandbox.add_fault(Fault(status=502, path="^/linkedin/rest/other", count=None))
    sandbox.add_fault(Fault(status=504, server="upload", count=None))
    assert statuses(api, 2) == [200, 200]
    assert api.post("/connections", mode="maton", json={"app": "linkedin"}).status_code == 500
    assert api.get("/rest/other").status_code == 502
    assert requests.get(sandbox.upload_base_url + "/anything", timeout=10).status_code == 504
    sandbox.clear_faults()
    assert requests.get(sandbox.upload_base_url + "/anything", timeout=10).status_code == 404


def test_rate_is_roughly_that_fraction_and_deterministic(api: Api, sandbox: Sandbox) -> None:
    def run() -> list[int]:
        sandbox.reset()
        sandbox.add_fault(Fault(status=500, rate=0.3))
        return statuses(api, 200)

    first = run()
    assert 40 <= first.count(500) <= 80
    assert set(first) == {200, 500}
    assert run() == first


def test_latency_alone_is_a_slow_success(api: Api, sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(latency=0.3))
    start = time.monotonic()
    assert api.get("/rest/me").status_code == 200
    assert time.monotonic() - start >= 0.3
    assert sandbox.requests[-1].fault == "latency"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        pytest.param(Fault(reset=True), requests.ConnectionError, id="in-headers"),
        pytest.param(Fault(reset=True, status=503), requests.ConnectionError, id="fault-status"),
        pytest.param(
            Fault(reset=True, reset_at="body"), requests.exceptions.ChunkedEncodingError, id="in-body"
        ),
    ],
)
def test_reset(api: Api, sandbox: Sandbox, fault: Fault, error: type[Exception]) -> None:
    sandbox.add_fault(fault)
    with pytest.raises(error):
        api.get("/rest/me")
    record = sandbox.requests[-1]
    assert record.status is None and record.fault is not None and "reset" in record.fault
    assert api.get("/rest/me").status_code == 200


def test_after_effect_applies_then_drops(api: Api, sandbox: Sandbox) -> None:
    before = len(sandbox.state.connections)
    sandbox.add_fault(Fault(after_effect=True, method="POST", path="^/connections"))
    with pytest.raises(requests.ConnectionError):
        api.post("/connections", mode="maton", json={"app": "linkedin"})
    assert len(sandbox.state.connections) == before + 1
    assert sandbox.requests[-1].status is None and sandbox.requests[-1].fault == "after_effect"


def test_control_plane_is_never_faulted_nor_recorded(sandbox: Sandbox) -> None:
    sandbox.add_fault(Fault(status=500, count=None, server="any"))
    for base in (sandbox.base_url, sandbox.upload_base_url):
        assert requests.get(base + "/_sandbox/health", timeout=10).status_code == 200
    assert sandbox.requests == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"server": "elsewhere"},
        {"rate": 1.5},
        {"count": 0},
        {"status": 42},
        {"path": "("},
        {"reset_at": "x"},
        {"location": "/x"},
        {"status": 500, "location": "/x"},
        {"status": 302, "location": "/x\r\nSet-Cookie: a=b"},
    ],
)
def test_invalid_faults(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Fault(**kwargs)


def test_rate_without_count_is_unlimited() -> None:
    assert Fault(status=500, rate=0.5).count is None
    assert Fault(status=500).count == 1
