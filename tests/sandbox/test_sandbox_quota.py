"""The sandbox's per-member request quota: LinkedIn's 429 (no Retry-After) past N calls in a window."""

from __future__ import annotations

import time

import pytest
from sandbox_client import Api


@pytest.fixture
def api(sandbox):
    return Api(sandbox)


def configure(control, sandbox, value):
    return control.post(f"{sandbox.base_url}/_sandbox/config", json={"member_quota": value}, timeout=10)


def test_calls_past_the_quota_get_linkedins_429(sandbox, control, api):
    resp = configure(control, sandbox, {"requests": 3, "per_seconds": 60})
    assert resp.json()["config"]["member_quota"] == {"requests": 3, "per_seconds": 60.0}
    statuses = [api.request("GET", "/rest/me").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    over = api.request("GET", "/rest/me")
    assert over.json() == {
        "serviceErrorCode": 101,
        "message": "Resource level throttle limit for calls to this resource is reached.",
        "status": 429,
    }
    assert "Retry-After" not in over.headers
    assert sandbox.member_quota.refused == 3


def test_the_quota_is_per_member_and_direct_calls_count_too(sandbox, control, api):
    configure(control, sandbox, {"requests": 2, "per_seconds": 60})
    assert [api.request("GET", "/rest/me", mode="direct").status_code for _ in range(2)] == [200, 200]
    assert (
        api.request("GET", "/rest/me").status_code == 429
    )  # the gateway's connection is the same member (Ada)


def test_the_window_slides(sandbox, control, api):
    configure(control, sandbox, {"requests": 1, "per_seconds": 0.3})
    assert api.request("GET", "/rest/me").status_code == 200
    assert api.request("GET", "/rest/me").status_code == 429
    time.sleep(0.35)
    assert api.request("GET", "/rest/me").status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"requests": 0},
        {"requests": "5"},
        {"per_seconds": 1},
        {"requests": 1, "per_seconds": 0},
        [5],
        {"requests": 1, "x": 1},
    ],
)
def test_a_bad_setting_is_refused_and_changes_nothing(sandbox, control, bad):
    resp = control.post(
        f"{sandbox.base_url}/_sandbox/config",
        json={"member_quota": bad, "upload_url_ttl_seconds": 5},
        timeout=10,
    )
    assert resp.status_code == 400 and "member_quota" in resp.text
    assert sandbox.member_quota.setting() is None
    assert sandbox.state.upload_url_ttl_seconds != 5


def test_off_by_default_and_after_reset(sandbox, control, api):
    configure(control, sandbox, {"requests": 1})
    control.post(f"{sandbox.base_url}/_sandbox/reset", timeout=10)
    assert sandbox.member_quota.setting() is None
    assert [api.request("GET", "/rest/me").status_code for _ in range(3)] == [200, 200, 200]
    assert configure(control, sandbox, None).json()["config"]["member_quota"] is None
