"""MatonLinkedInHook against the sandbox: headers, encoding, errors, retries, pagination."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.exceptions import (
    LinkedInAmbiguousWriteError,
    LinkedInAPIError,
    LinkedInAuthError,
    LinkedInInputError,
    LinkedInNotFoundError,
    LinkedInRateLimitError,
    LinkedInServerError,
    LinkedInTransportError,
    MatonConnectionError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.hooks.settings import DEFAULT_LINKEDIN_VERSION
from maton_linkedin_provider.sandbox import Fault, Sandbox


@pytest.fixture
def hook(set_conn: object) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h.sleeps = []  # type: ignore[attr-defined]
    h._sleep = h.sleeps.append  # type: ignore[attr-defined]
    return h


def api_requests(sandbox: Sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "api"]


class TestHeaders:
    def test_every_rest_call_carries_auth_version_and_protocol(self, hook, sandbox):
        hook.get_profile()
        hook.request("GET", "/me")
        assert len(api_requests(sandbox)) == 2
        for rec in api_requests(sandbox):
            assert rec.credential == "api_key" and rec.header("Authorization") == "Bearer ***"
            assert rec.header("LinkedIn-Version") == DEFAULT_LINKEDIN_VERSION
            assert rec.header("X-Restli-Protocol-Version") == "2.0.0"
            assert rec.header("Maton-Connection") is None
            assert rec.path == "/linkedin/rest/me"

    def test_maton_connection_header_when_configured(self, set_conn, sandbox):
        active = next(c for c in sandbox.state.connections.values() if c["status"] == "ACTIVE")
        set_conn(maton_connection=active["connection_id"])
        MatonLinkedInHook().get_profile()
        assert sandbox.requests[-1].header("Maton-Connection") == active["connection_id"]

    def test_version_from_connection_then_hook_argument(self, set_conn, sandbox):
        set_conn(linkedin_version="202603")
        MatonLinkedInHook().get_profile()
        MatonLinkedInHook(linkedin_version="202605").get_profile()
        assert [r.header("LinkedIn-Version") for r in api_requests(sandbox)] == ["202603", "202605"]

    def test_direct_mode_uses_rest_root_and_no_maton_header(self, set_conn, sandbox):
        set_conn(password=sandbox.access_token, direct=True, maton_connection="ignored-in-direct-mode")
        profile = MatonLinkedInHook().get_profile()
        rec = sandbox.requests[-1]
        assert profile["id"]
        assert rec.path == "/rest/me"
        assert rec.credential == "access_token"
        assert rec.header("Maton-Connection") is None


class TestRestliOnTheWire:
    def test_query_is_sent_exactly_as_encoded(self, hook, sandbox):
        hook.request(
            "GET",
            "/me",
            {
                "q": "search",
                "search": {"status": {"values": ["ACTIVE", "PAUSED"]}},
                "campaigns": ["urn:li:sponsoredCampaign:1", "urn:li:sponsoredCampaign:2"],
                "keyword": "data & AI, (2026)",
                "fields": "id,localizedFirstName",
            },
        )
        assert sandbox.requests[-1].raw_path == (
            "/linkedin/rest/me?q=search&search=(status:(values:List(ACTIVE,PAUSED)))"
            "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1,urn%3Ali%3AsponsoredCampaign%3A2)"
            "&keyword=data%20%26%20AI%2C%20%282026%29&fields=id,localizedFirstName"
        )

    def test_long_query_is_tunneled_as_post(self, hook, sandbox):
        urns = [f"urn:li:sponsoredCampaign:{n}" for n in range(1000, 1300)]
        hook.request("GET", "/me", {"campaigns": urns})
        rec = sandbox.requests[-1]
        assert rec.method == "POST"
        assert rec.header("X-HTTP-Method-Override") == "GET"
        assert rec.header("Content-Type") == "application/x-www-form-urlencoded"
        assert rec.query == ""
        assert rec.body.decode().startswith("campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1000,")


ERROR_CASES = [
    pytest.param(400, LinkedInAPIError, "INVALID_PARAM", id="400"),
    pytest.param(401, LinkedInAuthError, "password field", id="401"),
    pytest.param(403, LinkedInAuthError, "w_member_social", id="403-scope"),
    pytest.param(404, LinkedInNotFoundError, "Check the id", id="404"),
    pytest.param(422, LinkedInAPIError, "422", id="422"),
    pytest.param(429, LinkedInRateLimitError, "midnight UTC", id="429"),
    pytest.param(500, LinkedInServerError, "re-authorize", id="500"),
    pytest.param(503, LinkedInServerError, "503", id="503"),
]


class TestErrors:
    @pytest.mark.parametrize(("status", "cls", "says"), ERROR_CASES)
    def test_status_maps_to_class_with_useful_message(self, set_conn, sandbox, status, cls, says):
        set_conn(max_retries=0)
        body = {"status": status, "code": "INVALID_PARAM" if status == 400 else None, "message": "nope"}
        sandbox.add_fault(Fault(status=status, count=1, path="/posts", body=body))
        with pytest.raises(cls) as info:
            MatonLinkedInHook().request("GET", "/posts/urn:li:share:1")
        err = info.value
        text = str(err)
        assert err.status == status
        assert "GET /linkedin/rest/posts/urn%3Ali%3Ashare%3A1 -> HTTP" in text
        assert says in text
        assert sandbox.api_key not in text and sandbox.api_key not in repr(err.__dict__)

    def test_sunset_version_names_the_setting(self, set_conn, sandbox):
        with pytest.raises(LinkedInAPIError) as info:
            MatonLinkedInHook(linkedin_version="202506").get_profile()
        assert info.value.status == 426
        assert info.value.code == "NONEXISTENT_VERSION"
        assert "linkedin_version" in str(info.value)

    def test_bad_key_is_401_and_never_echoed(self, set_conn, sandbox):
        set_conn(password="not-the-right-key-123")
        with pytest.raises(LinkedInAuthError) as info:
            MatonLinkedInHook().get_profile()
        assert info.value.status == 401
        assert "not-the-right-key-123" not in str(info.value)
        assert "maton_linkedin_default" in str(info.value)

    def test_gateway_without_active_connection(self, set_conn, sandbox):
        pending = next(c for c in sandbox.state.connections.values() if c["status"] != "ACTIVE")
        set_conn(maton_connection=pending["connection_id"])
        with pytest.raises(MatonConnectionError) as info:
            MatonLinkedInHook().get_profile()
        assert "Authorize a LinkedIn connection" in str(info.value)


class TestRetries:
    def test_429_with_retry_after_then_success(self, hook, sandbox):
        sandbox.add_fault(Fault(status=429, count=1, retry_after="2", path="/me"))
        assert hook.get_profile()["id"]
        assert hook.sleeps == [2.0]
        assert [r.status for r in api_requests(sandbox)] == [429, 200]

    def test_503_twice_then_success(self, hook, sandbox):
        sandbox.add_fault(Fault(status=503, count=2, path="/me"))
        assert hook.get_profile()["id"]
        assert [r.status for r in api_requests(sandbox)] == [503, 503, 200]
        assert len(hook.sleeps) == 2

    def test_reset_on_a_read_is_retried(self, hook, sandbox):
        sandbox.add_fault(Fault(reset=True, count=1, path="/me"))
        assert hook.get_profile()["id"]
        assert len(api_requests(sandbox)) == 2

    def test_budget_is_bounded(self, set_conn, sandbox):
        set_conn(max_retries=2)
        hook = MatonLinkedInHook()
        hook._sleep = lambda s: None
        sandbox.add_fault(Fault(status=503, count=None, path="/me"))
        with pytest.raises(LinkedInServerError):
            hook.get_profile()
        assert len(api_requests(sandbox)) == 3

    def test_long_retry_after_is_not_waited_for(self, hook, sandbox):
        sandbox.add_fault(Fault(status=429, count=1, retry_after="86400", path="/me"))
        with pytest.raises(LinkedInRateLimitError) as info:
            hook.get_profile()
        assert info.value.retry_after == 86400
        assert hook.sleeps == []

    def test_ambiguous_create_is_not_resent(self, hook, sandbox):
        before = len(sandbox.state.connections)
        sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="^/connections"))
        with pytest.raises(LinkedInAmbiguousWriteError):
            hook.create_maton_connection()
        posts = [r for r in sandbox.requests if r.method == "POST"]
        assert len(posts) == 1
        assert len(sandbox.state.connections) == before + 1  # it did go through, once

    def test_create_after_5xx_is_not_resent(self, hook, sandbox):
        sandbox.add_fault(Fault(status=500, count=1, method="POST", path="^/connections"))
        with pytest.raises(LinkedInAmbiguousWriteError):
            hook.create_maton_connection()
        assert len([r for r in sandbox.requests if r.method == "POST"]) == 1

    def test_create_after_429_is_retried(self, hook, sandbox):
        sandbox.add_fault(Fault(status=429, count=1, method="POST", path="^/connections"))
        assert hook.create_maton_connection()["status"] == "PENDING"
        assert [r.status for r in sandbox.requests if r.method == "POST"] == [429, 200]

    def test_connection_refused_is_a_transport_error(self, set_conn):
        set_conn(host="http://127.0.0.1:9", max_retries=1)
        hook = MatonLinkedInHook()
        hook._sleep = lambda s: None
        with pytest.raises(LinkedInTransportError) as info:
            hook.get_profile()
        assert info.value.maybe_sent is False


class TestMatonConnections:
    def test_lifecycle(self, hook, sandbox):
        active = hook.list_maton_connections()
        assert active and all(c["status"] == "ACTIVE" for c in active)
        created = hook.create_maton_connection()
        assert created["status"] == "PENDING" and created["url"].startswith("https://")
        cid = created["connection_id"]
        assert hook.get_maton_connection(cid)["connection_id"] == cid
        assert cid in {c["connection_id"] for c in hook.list_maton_connections(status=None)}
        hook.delete_maton_connection(cid)
        with pytest.raises(LinkedInNotFoundError):
            hook.get_maton_connection(cid)
        rec = next(r for r in sandbox.requests if r.path.startswith("/connections"))
        assert rec.raw_path == "/connections?app=linkedin&status=ACTIVE"
        assert rec.header("LinkedIn-Version") is None

    def test_direct_mode_has_no_maton_connections(self, set_conn, sandbox):
        set_conn(password=sandbox.access_token, direct=True)
        with pytest.raises(LinkedInInputError, match="host"):
            MatonLinkedInHook().list_maton_connections()
        assert sandbox.requests == []


class TestProfileAndTestButton:
    def test_person_urn_is_cached(self, hook, sandbox):
        urn = hook.get_person_urn()
        assert urn.startswith("urn:li:person:")
        assert hook.get_person_urn() == urn
        assert len(api_requests(sandbox)) == 1

    def test_test_connection_ok(self, hook):
        ok, message = hook.test_connection()
        assert ok
        assert "Ada Lovelace" in message and "urn:li:person:" in message

    def test_test_connection_bad_key(self, set_conn, sandbox):
        set_conn(password="wrong-key-abcdef")
        ok, message = MatonLinkedInHook().test_connection()
        assert not ok
        assert "401" in message and "wrong-key-abcdef" not in message


class TestPagination:
    def test_offset_style_follows_all_pages(self, hook, sandbox):
        total = len(sandbox.state.organization_acls)
        items = list(hook.paginate("/organizationAcls", {"q": "roleAssignee"}, page_size=2))
        assert len(items) == total >= 3
        starts = [r.raw_path for r in api_requests(sandbox)]
        assert "start=0&count=2" in starts[0] and "start=2&count=2" in starts[1]
        assert len(starts) == -(-total // 2)

    def test_max_items_stops_early(self, hook, sandbox):
        items = list(hook.paginate("/organizationAcls", {"q": "roleAssignee"}, page_size=2, max_items=3))
        assert len(items) == 3
        assert len(api_requests(sandbox)) == 2

    def test_cursor_style_follows_tokens(self, hook, sandbox):
        total = len(sandbox.state.ad_accounts)
        items = list(hook.paginate("/adAccounts", {"q": "search"}, style="cursor", page_size=2))
        assert len(items) == total >= 3
        recs = api_requests(sandbox)
        assert "pageToken" not in recs[0].raw_path and "pageToken=" in recs[1].raw_path


BAD_INPUT = [
    pytest.param({"password": ""}, "password", id="missing-key"),
    pytest.param({"host": "ftp://example.com"}, "host", id="bad-scheme"),
    pytest.param({"host": "http://exa mple.com"}, "host", id="space-in-host"),
    pytest.param({"host": "http://127.0.0.1:notaport"}, "host", id="bad-port"),
    pytest.param({"linkedin_version": "2026-09"}, "linkedin_version", id="bad-version-extra"),
    pytest.param({"timeout": "soon"}, "timeout", id="bad-timeout"),
    pytest.param({"max_retries": -1}, "max_retries", id="negative-retries"),
]


class TestBadInput:
    @pytest.mark.parametrize(("conn", "field"), BAD_INPUT)
    def test_bad_connection_fails_before_any_request(self, set_conn, sandbox, conn, field):
        set_conn(**conn)
        with pytest.raises(LinkedInInputError) as info:
            MatonLinkedInHook().get_profile()
        assert field in str(info.value)
        assert sandbox.requests == []

    def test_bad_version_argument(self, set_conn):
        with pytest.raises(LinkedInInputError, match="linkedin_version"):
            MatonLinkedInHook(linkedin_version="newest")

    def test_unknown_method(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="method"):
            hook.request("FETCH", "/me")
        assert sandbox.requests == []

    def test_absolute_url_endpoint_refused(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="endpoint"):
            hook.request("GET", "https://evil.example.com/steal")
        assert sandbox.requests == []

    def test_missing_connection(self, sandbox):
        from airflow_compat import AirflowNotFoundException

        with pytest.raises(AirflowNotFoundException):
            MatonLinkedInHook(maton_conn_id="does_not_exist").get_profile()


class TestVersionWarning:
    @pytest.mark.parametrize(("version", "warned"), [("202609", False), ("202512", False), ("202511", True)])
    def test_warns_when_older_than_eleven_months(self, set_conn, capfd, monkeypatch, version, warned):
        import datetime as dt

        from maton_linkedin_provider.hooks import _core
        from maton_linkedin_provider.hooks.settings import version_age_months

        today = dt.date(2026, 11, 28)  # the clock is pinned so the test does not age
        monkeypatch.setattr(_core, "version_age_months", lambda v: version_age_months(v, today))
        MatonLinkedInHook(linkedin_version=version).settings  # noqa: B018 - reading the connection warns
        assert ("more than 11 months old" in capfd.readouterr().out) is warned
