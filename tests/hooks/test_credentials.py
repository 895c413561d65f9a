"""``linkedin_version="latest"``, direct-mode refresh tokens and expiry warnings, against the sandbox.

Pure helpers (month stepping, the refusal messages) are tested without a server at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from typing import Any

import pytest
import requests

from maton_linkedin_provider.constants import DEFAULT_LINKEDIN_VERSION
from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.exceptions import (
    LinkedInAPIError,
    LinkedInAuthError,
    LinkedInInputError,
    LinkedInTokenRefreshError,
)
from maton_linkedin_provider.hooks import _credentials as creds
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox.faults import Fault
from maton_linkedin_provider.sandbox.state import GRACE_MEMBER_ID, PENDING_CONNECTION_ID
from maton_linkedin_provider.sandbox.testing import control_headers
from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger


@pytest.fixture(autouse=True)
def fresh_caches() -> Any:
    creds.clear_caches()
    yield
    creds.clear_caches()


def months_back(n: int) -> str:
    return creds.month_versions(steps=n)[n]


def control(sb: Sandbox, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = requests.post(f"{sb.base_url}/_sandbox/{path}", json=body, headers=control_headers(sb), timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()


def api(sb: Sandbox) -> list[Any]:
    return [r for r in sb.requests if r.server == "api"]


def oauth(sb: Sandbox, endpoint: str = "") -> list[Any]:
    return [r for r in sb.requests if r.server == "oauth" and r.path.endswith(endpoint)]


def refreshes(sb: Sandbox) -> list[Any]:
    return oauth(sb, "/accessToken")


def logged(capfd: pytest.CaptureFixture[str]) -> str:
    """What the hooks logged (Airflow's task logging writes to stdout)."""
    out, err = capfd.readouterr()
    return out + err


def profiles_in_threads(n: int) -> list[BaseException]:
    """``get_profile()`` from ``n`` threads at once, each with its own hook; the errors raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def work() -> None:
        start.wait()
        try:
            MatonLinkedInHook().get_profile()
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture
def direct(set_conn, sandbox):
    """A direct-mode connection with the app's client id and secret (and a refresh token unless told)."""

    def _set(password: Any = ..., refresh: bool = True, **extra: Any) -> str:
        fields: dict[str, Any] = {
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
            "oauth_base_url": sandbox.oauth_base_url,
        }
        if refresh:
            fields["refresh_token"] = sandbox.refresh_token
        fields.update(extra)
        return set_conn(password=sandbox.access_token if password is ... else password, direct=True, **fields)

    return _set


# --- linkedin_version="latest" --------------------------------------------------------------------


class TestLatest:
    def test_steps_back_from_the_current_month_and_caches_per_process(self, set_conn, sandbox, capfd):
        control(sandbox, "config", {"latest_version": months_back(2)})
        set_conn(linkedin_version="latest")
        MatonLinkedInHook().get_profile()
        MatonLinkedInHook().get_profile()  # a second hook: the cached version, no probing
        sent = [(r.header("LinkedIn-Version"), r.status) for r in api(sandbox)]
        assert sent == [
            (months_back(0), 426),
            (months_back(1), 426),
            (months_back(2), 200),
            (months_back(2), 200),
        ]
        resolved = [line for line in logged(capfd).splitlines() if "resolved to LinkedIn-Version" in line]
        assert len(resolved) == 1 and months_back(2) in resolved[0]

    def test_gateway_test_button_reads_maton_first_and_resolves_on_rest_only(self, set_conn, sandbox, capfd):
        control(sandbox, "config", {"latest_version": months_back(1)})
        set_conn(linkedin_version="latest")
        ok, message = MatonLinkedInHook().test_connection()
        assert ok, message
        rest = [r for r in api(sandbox) if "/rest/" in r.path]
        first = api(sandbox)[0]
        assert (first.path, first.header("LinkedIn-Version")) == ("/connections", None)  # Maton: no version
        assert [(r.header("LinkedIn-Version"), r.status) for r in rest] == [
            (months_back(0), 426),
            (months_back(1), 200),
        ]
        assert f"LinkedIn-Version latest = {months_back(1)}" in message
        assert logged(capfd).count("resolved to LinkedIn-Version") == 1

    def test_hook_argument_and_per_call_override(self, set_conn, sandbox):
        control(sandbox, "config", {"latest_version": months_back(1)})
        hook = MatonLinkedInHook(linkedin_version="LATEST")
        hook.get_profile()
        hook.request("GET", "/me", linkedin_version=DEFAULT_LINKEDIN_VERSION)
        assert [r.header("LinkedIn-Version") for r in api(sandbox)] == [
            months_back(0),
            months_back(1),
            DEFAULT_LINKEDIN_VERSION,
        ]

    def test_at_most_three_steps_then_the_426_names_what_was_tried(self, set_conn, sandbox):
        control(sandbox, "config", {"latest_version": months_back(4)})
        set_conn(linkedin_version="latest")
        with pytest.raises(LinkedInAPIError) as info:
            MatonLinkedInHook().get_profile()
        assert info.value.status == 426
        tried = [months_back(n) for n in range(4)]
        assert [r.header("LinkedIn-Version") for r in api(sandbox)] == tried
        assert f"latest (tried {', '.join(tried)})" in str(info.value)

    def test_a_write_steps_back_without_doubling(self, set_conn, sandbox):
        control(sandbox, "config", {"latest_version": months_back(1)})
        set_conn(linkedin_version="latest")
        hook = MatonLinkedInHook()
        hook.create_post("latest, once")
        assert len(sandbox.state.posts) == 1

    def test_default_stays_pinned_and_latest_skips_the_age_warning(
        self, set_conn, sandbox, capfd, monkeypatch
    ):
        from maton_linkedin_provider.hooks import _core

        monkeypatch.setattr(_core, "VERSION_WARN_MONTHS", 0)  # every pinned version is "old" now
        MatonLinkedInHook().get_profile()
        assert api(sandbox)[-1].header("LinkedIn-Version") == DEFAULT_LINKEDIN_VERSION
        assert "months old" in logged(capfd)  # the pinned-version warning is live here
        set_conn(linkedin_version="latest")
        MatonLinkedInHook().get_profile()
        assert "months old" not in logged(capfd)

    def test_threads_resolve_once(self, set_conn, sandbox, capfd):
        control(sandbox, "config", {"latest_version": months_back(1)})
        set_conn(linkedin_version="latest")
        MatonLinkedInHook().get_profile()
        assert not profiles_in_threads(8)
        assert [r.header("LinkedIn-Version") for r in api(sandbox)][2:] == [months_back(1)] * 8
        assert logged(capfd).count("resolved to LinkedIn-Version") == 1

    def test_trigger_resolves_the_same_way(self, set_conn, sandbox, tmp_path):
        sandbox.state.media_processing_seconds["video"] = 0
        control(sandbox, "config", {"latest_version": months_back(1)})
        urn = MatonLinkedInHook().upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
        set_conn(linkedin_version="latest")
        sandbox.clear_requests()
        events = asyncio.run(_events(LinkedInMediaStatusTrigger(urn, poll_interval=0.01)))
        assert events[0]["status"] == "success", events
        assert [(r.header("LinkedIn-Version"), r.status) for r in api(sandbox)] == [
            (months_back(0), 426),
            (months_back(1), 200),
        ]

    def test_sandbox_window_refuses_future_and_sunset_months(self, sandbox):
        control(sandbox, "config", {"latest_version": "202611", "today": "2026-12-02"})
        headers = {"Authorization": f"Bearer {sandbox.api_key}", "X-Restli-Protocol-Version": "2.0.0"}
        answers = {
            v: requests.get(
                f"{sandbox.base_url}/linkedin/rest/me", headers={**headers, "LinkedIn-Version": v}, timeout=10
            ).status_code
            for v in ("202612", "202611", "202512", "202511", "202512", "202601")
        }
        # 202612 not yet released, 202512 never was, 202511 sunset on 2026-11-16.
        assert answers == {"202612": 426, "202611": 200, "202512": 426, "202511": 426, "202601": 200}
        sandbox.reset()
        assert sandbox.latest_version == "202609"


async def _events(trigger: LinkedInMediaStatusTrigger) -> list[dict[str, Any]]:
    return [e.payload async for e in trigger.run()]


# --- direct-mode refresh tokens -------------------------------------------------------------------


class TestRefresh:
    def test_no_access_token_refreshes_first_and_sends_secrets_only_to_oauth(self, direct, sandbox):
        direct(password="")
        profile = MatonLinkedInHook().get_profile()
        assert profile["id"]
        (exchange,) = oauth(sandbox)
        assert (exchange.method, exchange.path, exchange.status) == ("POST", "/oauth/v2/accessToken", 200)
        assert exchange.body == (
            b"grant_type=refresh_token&refresh_token=***&client_id=sandbox-client-id&client_secret=***"
        )
        assert [r.credential for r in api(sandbox)] == ["access_token"]
        for rec in api(sandbox) + [r for r in sandbox.requests if r.server == "upload"]:
            text = rec.raw_path + repr(rec.headers) + repr(rec.body)
            assert sandbox.client_secret not in text and sandbox.refresh_token not in text

    def test_an_expired_token_is_refreshed_once_and_cached(self, direct, sandbox):
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        MatonLinkedInHook().get_profile()
        MatonLinkedInHook().get_profile()  # another hook, same process: the cached token
        assert [r.status for r in api(sandbox)] == [401, 200, 200]
        assert len(refreshes(sandbox)) == 1
        assert len(oauth(sandbox)) == 1  # the refresh only: no introspection when a refresh renews it
        assert api(sandbox)[0].header("Authorization") == "Bearer ***"

    def test_at_most_one_refresh_per_401(self, direct, sandbox):
        direct()
        control(sandbox, "config", {"access_token_ttl_seconds": 0})
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        with pytest.raises(LinkedInAuthError):
            MatonLinkedInHook().get_profile()
        assert [r.status for r in api(sandbox)] == [401, 401]
        assert len(refreshes(sandbox)) == 1

    @pytest.mark.parametrize("change", [{"revoked": True}, {"expires_in": -1}], ids=["revoked", "expired"])
    def test_a_refused_refresh_says_reauthorize(self, direct, sandbox, change):
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        control(sandbox, "oauth/tokens", {"kind": "refresh", **change})
        with pytest.raises(LinkedInTokenRefreshError) as info:
            MatonLinkedInHook().get_profile()
        text = str(info.value)
        assert "invalid_grant" in text and "Re-authorize" in text and "about a year" in text
        assert sandbox.client_secret not in text and sandbox.refresh_token not in text
        assert info.value.code == "invalid_grant"

    def test_a_wrong_client_secret_names_the_fields(self, direct, sandbox):
        direct(password="", client_secret="not-the-secret")
        with pytest.raises(LinkedInTokenRefreshError, match="client_id/client_secret") as info:
            MatonLinkedInHook().get_profile()
        assert "not-the-secret" not in str(info.value)

    def test_a_working_token_with_a_refresh_token_costs_no_oauth_request(self, direct, sandbox, capfd):
        direct()
        MatonLinkedInHook().get_profile()
        assert [r.status for r in api(sandbox)] == [200]
        assert oauth(sandbox) == []
        assert "expires in" not in logged(capfd)

    def test_an_unavailable_token_endpoint_is_retried_not_a_refusal(self, direct, sandbox):
        direct(password="")
        sandbox.add_fault(Fault(status=503, server="oauth", path="/accessToken$"))
        MatonLinkedInHook().create_post("after a 503 from the token endpoint")
        assert [r.status for r in refreshes(sandbox)] == [503, 200]
        assert len(sandbox.state.posts) == 1  # the post was sent once, after the refresh

    def test_an_unavailable_introspection_endpoint_is_reported_as_such(self, direct, sandbox):
        direct(refresh=False)
        sandbox.add_fault(Fault(status=503, server="oauth", path="/introspectToken$", count=None))
        ok, message = MatonLinkedInHook().test_connection()
        assert not ok and "Could not reach LinkedIn" in message and "HTTP 503" in message
        assert "check both extras" not in message

    def test_threads_share_one_refresh(self, direct, sandbox):
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        assert not profiles_in_threads(8)
        assert len(refreshes(sandbox)) == 1

    def test_trigger_refreshes_the_same_way(self, direct, set_conn, sandbox, tmp_path):
        sandbox.state.media_processing_seconds["video"] = 0
        urn = MatonLinkedInHook().upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        sandbox.clear_requests()
        events = asyncio.run(_events(LinkedInMediaStatusTrigger(urn, poll_interval=0.01)))
        assert events[0]["status"] == "success", events
        assert [r.status for r in api(sandbox)] == [401, 200]
        assert len(refreshes(sandbox)) == 1

    def test_trigger_retries_an_unavailable_token_endpoint(self, direct, sandbox, tmp_path):
        sandbox.state.media_processing_seconds["video"] = 0
        urn = MatonLinkedInHook().upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        sandbox.add_fault(Fault(status=503, server="oauth", path="/accessToken$"))
        sandbox.clear_requests()
        events = asyncio.run(_events(LinkedInMediaStatusTrigger(urn, poll_interval=0.01)))
        assert events[0]["status"] == "success", events
        assert [r.status for r in refreshes(sandbox)] == [503, 200]

    def test_trigger_reports_a_refused_refresh(self, direct, sandbox):
        direct()
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": -1})
        control(sandbox, "oauth/tokens", {"kind": "refresh", "revoked": True})
        events = asyncio.run(_events(LinkedInMediaStatusTrigger("urn:li:video:C1", poll_interval=0.01)))
        assert events[0]["status"] == "error" and "Re-authorize" in events[0]["message"]
        assert sandbox.refresh_token not in str(events)

    def test_refresh_fields_are_checked_before_any_request(self, set_conn, sandbox):
        set_conn(refresh_token="rt", client_id="id", client_secret="s3cr3t-value")
        with pytest.raises(LinkedInInputError, match=r"extra\.refresh_token"):
            MatonLinkedInHook().get_profile()
        set_conn(password="", direct=True, refresh_token="rt", client_id="id")
        with pytest.raises(LinkedInInputError, match=r"extra\.client_secret"):
            MatonLinkedInHook().get_profile()
        set_conn(password="t", direct=True, oauth_base_url="ftp://x")
        with pytest.raises(LinkedInInputError, match=r"extra\.oauth_base_url"):
            MatonLinkedInHook().get_profile()
        assert sandbox.requests == []


# --- expiry you can see ---------------------------------------------------------------------------


class TestExpiry:
    def test_test_connection_reports_days_left(self, direct, sandbox):
        direct(refresh=False)
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": 12 * 86400 + 3600})
        ok, message = MatonLinkedInHook().test_connection()
        assert ok, message
        assert "expires in 12 days" in message
        assert len(oauth(sandbox)) == 1  # introspected once, not again by the profile call's check
        introspection = oauth(sandbox)[-1]
        assert introspection.path == "/oauth/v2/introspectToken"
        assert introspection.body == b"client_id=sandbox-client-id&client_secret=***&token=***"

    def test_warning_on_use_once_per_process(self, direct, sandbox, capfd):
        direct(refresh=False)
        control(sandbox, "oauth/tokens", {"kind": "access", "expires_in": 3 * 86400 + 3600})
        MatonLinkedInHook().get_profile()
        MatonLinkedInHook().get_profile()
        text = logged(capfd)
        assert text.count("expires in 3 days") == 1, text
        assert len(oauth(sandbox)) == 1  # introspected once

    def test_no_warning_with_time_to_spare(self, direct, sandbox, capfd):
        direct(refresh=False)
        MatonLinkedInHook().get_profile()
        assert len(oauth(sandbox)) == 1 and "expires in" not in logged(capfd)

    def test_refresh_token_near_its_end_is_warned_about(self, direct, sandbox, capfd):
        direct(password="")
        control(sandbox, "oauth/tokens", {"kind": "refresh", "expires_in": 5 * 86400 + 3600})
        MatonLinkedInHook().get_profile()
        text = logged(capfd)
        assert "refresh token of connection 'maton_linkedin_default' expires in 5 days" in text, text

    def test_without_client_credentials_expiry_is_unknown(self, set_conn, sandbox):
        set_conn(password=sandbox.access_token, direct=True)
        ok, message = MatonLinkedInHook().test_connection()
        assert ok and "Token expiry unknown" in message and "client_id" in message


class TestGatewayStatus:
    def test_a_pending_connection_gives_the_url_to_authorize(self, set_conn, sandbox):
        set_conn(maton_connection=PENDING_CONNECTION_ID)
        ok, message = MatonLinkedInHook().test_connection()
        assert not ok
        assert "PENDING" in message and "https://connect.maton.ai/?session_token=" in message
        assert PENDING_CONNECTION_ID not in message

    def test_several_active_connections_are_ambiguous(self, set_conn, sandbox, capfd):
        sandbox.state.authorize_connection(PENDING_CONNECTION_ID, GRACE_MEMBER_ID)
        ok, message = MatonLinkedInHook().test_connection()
        assert ok and "ambiguous" in message and PENDING_CONNECTION_ID in message
        assert "ambiguous" in logged(capfd)

    def test_no_active_connection(self, set_conn, sandbox):
        for cid in list(sandbox.state.connections):
            sandbox.state.set_connection_status(cid, "FAILED")
        ok, message = MatonLinkedInHook().test_connection()
        assert not ok and "no ACTIVE LinkedIn connection" in message

    def test_the_test_buttons_temporary_id_is_not_shown(self, set_conn, sandbox):
        temporary = set_conn("Xq7PzR2k", password="wrong-key")
        ok, message = MatonLinkedInHook(temporary).test_connection()
        assert not ok and temporary not in message and "this connection" in message


# --- pure helpers ---------------------------------------------------------------------------------


def test_month_versions_cross_the_year():
    assert creds.month_versions(dt.date(2026, 2, 1)) == ["202602", "202601", "202512", "202511"]


def test_expiry_text():
    assert [creds.expiry_text(d) for d in (12.9, 1.2, 0.5, -0.1)] == [
        "expires in 12 days",
        "expires in 1 day",
        "expires today",
        "expired",
    ]
