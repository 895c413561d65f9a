"""Gateway and LinkedIn front-door checks: key/token, connection, version, Rest.li, body, limits."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox.gateway import parse_version, version_is_active
from maton_linkedin_provider.sandbox.state import ACTIVE_CONNECTION_ID, PENDING_CONNECTION_ID


def raw_request(
    sb: Sandbox, method: str, target: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes]:
    """Send exactly this request-target (no re-encoding) with http.client."""
    conn = http.client.HTTPConnection(urlsplit(sb.base_url).netloc, timeout=10)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for key, value in headers.items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class TestAuthorization:
    def test_gateway_accepts_the_maton_key(self, api: Api) -> None:
        resp = api.get("/rest/me")
        assert resp.status_code == 200
        assert resp.json()["id"] == "sAnDbOx01"
        assert resp.json()["localizedFirstName"] == "Ada"

    @pytest.mark.parametrize("auth", [None, "Bearer sk-wrong-secret-123", "Basic sandbox-key", "Bearer "])
    def test_gateway_refuses_missing_or_wrong_key(self, api: Api, auth: str | None) -> None:
        resp = api.get("/rest/me", headers={"Authorization": auth})
        assert resp.status_code == 401
        assert resp.json() == {
            "status": 401,
            "code": "UNAUTHORIZED",
            "message": "Invalid or missing Maton API key",
        }
        assert "sk-wrong-secret-123" not in resp.text and "sk-wrong-secret-123" not in str(resp.headers)

    def test_gateway_refuses_the_linkedin_token(self, api: Api, sandbox: Sandbox) -> None:
        resp = api.get("/rest/me", headers={"Authorization": f"Bearer {sandbox.access_token}"})
        assert resp.status_code == 401

    def test_direct_mode_uses_the_linkedin_token(self, api: Api) -> None:
        resp = api.get("/rest/me", mode="direct")
        assert resp.status_code == 200
        assert resp.json()["vanityName"] == "ada-lovelace"

    @pytest.mark.parametrize("auth", [None, "Bearer sandbox-key", "Bearer nope"])
    def test_direct_mode_refuses_other_tokens(self, api: Api, auth: str | None) -> None:
        resp = api.get("/rest/me", mode="direct", headers={"Authorization": auth})
        assert resp.status_code == 401
        assert resp.json() == {
            "status": 401,
            "serviceErrorCode": 65600,
            "code": "INVALID_ACCESS_TOKEN",
            "message": "Invalid access token",
        }

    def test_maton_routes_need_the_key(self, api: Api) -> None:
        assert api.get("/connections", mode="maton", headers={"Authorization": None}).status_code == 401
        assert api.get("/connections", mode="maton").status_code == 200


class TestConnectionSelection:
    def test_named_active_connection(self, api: Api) -> None:
        resp = api.get("/rest/me", headers={"Maton-Connection": ACTIVE_CONNECTION_ID})
        assert resp.status_code == 200

    def test_named_pending_connection_is_refused(self, api: Api) -> None:
        resp = api.get("/rest/me", headers={"Maton-Connection": PENDING_CONNECTION_ID})
        assert resp.status_code == 400
        body = resp.json()
        assert body["code"] == "CONNECTION_NOT_FOUND"
        assert "not ACTIVE (status PENDING)" in body["message"] and PENDING_CONNECTION_ID in body["message"]

    def test_unknown_connection_is_refused(self, api: Api) -> None:
        resp = api.get("/rest/me", headers={"Maton-Connection": "no-such-connection"})
        assert resp.status_code == 400
        assert resp.json()["code"] == "CONNECTION_NOT_FOUND"

    def test_no_active_connection(self, api: Api, sandbox: Sandbox) -> None:
        sandbox.state.delete_connection(ACTIVE_CONNECTION_ID)
        resp = api.get("/rest/me")
        assert resp.status_code == 400
        assert resp.json() == {
            "status": 400,
            "code": "CONNECTION_NOT_FOUND",
            "message": "No active LinkedIn connection found for this API key. Create one with POST /connections "
            '{"app": "linkedin"} and authorize it at the returned url.',
        }

    def test_member_follows_the_connection(self, api: Api, sandbox: Sandbox) -> None:
        sandbox.state.authorize_connection(PENDING_CONNECTION_ID)
        resp = api.get("/rest/me", headers={"Maton-Connection": PENDING_CONNECTION_ID})
        assert resp.status_code == 200
        assert resp.json()["localizedFirstName"] == "Grace"

    def test_direct_mode_needs_no_connection(self, api: Api, sandbox: Sandbox) -> None:
        sandbox.state.delete_connection(ACTIVE_CONNECTION_ID)
        assert api.get("/rest/me", mode="direct").status_code == 200


@pytest.fixture(scope="module")
def dated() -> Iterator[Sandbox]:
    with Sandbox(today=date(2026, 11, 28)) as sb:
        yield sb


class TestVersions:
    @pytest.mark.parametrize(
        ("version", "status", "body"),
        [
            pytest.param(
                None,
                400,
                {
                    "status": 400,
                    "code": "VERSION_MISSING",
                    "message": "A version must be present. Please specify a version by adding the "
                    "LinkedIn-Version header.",
                },
                id="missing",
            ),
            pytest.param(
                "202511",
                426,
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "Requested version 20251101 is not active",
                },
                id="sunset",
            ),
            pytest.param(
                "202512",
                426,
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "Requested version 20251201 is not active",
                },
                id="never-released",
            ),
            pytest.param(
                "202610",
                426,
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "Requested version 20261001 is not active",
                },
                id="not-yet-released",
            ),
            pytest.param("202601", 200, None, id="oldest-active"),
            pytest.param("202609", 200, None, id="latest"),
            pytest.param("202609.01", 200, None, id="patch"),
        ],
    )
    def test_version_header(
        self, dated: Sandbox, version: str | None, status: int, body: dict | None
    ) -> None:
        resp = Api(dated).get("/rest/me", headers={"LinkedIn-Version": version})
        assert resp.status_code == status
        if body is not None:
            assert resp.json() == body

    @pytest.mark.parametrize("version", ["2026-09", "202613", "20260901", "v202609", "202609.1"])
    def test_malformed_version(self, dated: Sandbox, version: str) -> None:
        resp = Api(dated).get("/rest/me", headers={"LinkedIn-Version": version})
        assert resp.status_code == 400
        assert resp.json()["code"] == "INVALID_VERSION"

    def test_sunset_rule(self) -> None:
        latest = (2026, 9)
        assert version_is_active((2025, 11), latest, date(2026, 11, 14))
        assert not version_is_active((2025, 11), latest, date(2026, 11, 15))
        assert not version_is_active((2025, 12), latest, date(2026, 1, 1))
        assert parse_version("202609.03") == (2026, 9)
        assert parse_version("202600") is None


class TestRestli:
    def test_protocol_header_required(self, api: Api) -> None:
        for value in (None, "1.0.0"):
            resp = api.get("/rest/me", headers={"X-Restli-Protocol-Version": value})
            assert resp.status_code == 400
            assert resp.json()["code"] == "PROTOCOL_VERSION_REQUIRED"
            assert "2.0.0" in resp.json()["message"]

    @pytest.mark.parametrize(
        ("query", "param"),
        [
            ("q=analytics&dateRange.start.year=2026", "dateRange.start.year"),
            ("q=search&accounts[0]=urn%3Ali%3AsponsoredAccount%3A1", "accounts[0]"),
        ],
    )
    def test_restli_1_syntax_refused(self, api: Api, sandbox: Sandbox, query: str, param: str) -> None:
        status, body = raw_request(sandbox, "GET", f"/linkedin/rest/me?{query}", api.headers())
        assert status == 400
        assert b'"QUERY_PARAM_NOT_ALLOWED"' in body and param.encode() in body

    @pytest.mark.parametrize(
        "query",
        ["campaigns=List(urn:li:sponsoredCampaign:1)", "search=(status:(values:List(ACTIVE))", "x=%ZZ"],
    )
    def test_malformed_value_refused(self, api: Api, sandbox: Sandbox, query: str) -> None:
        status, body = raw_request(sandbox, "GET", f"/linkedin/rest/me?{query}", api.headers())
        assert status == 400
        assert b'"INVALID_PARAM"' in body

    def test_well_formed_query_passes(self, api: Api, sandbox: Sandbox) -> None:
        target = "/linkedin/rest/me?q=x&search=(status:(values:List(ACTIVE,PAUSED)))&fields=id,vanityName"
        assert raw_request(sandbox, "GET", target, api.headers())[0] == 200

    def test_uri_too_long(self, api: Api) -> None:
        resp = api.get("/rest/me", params={"q": "a" * 5000})
        assert resp.status_code == 414


class TestBodyAndRoutes:
    def test_post_without_length_is_411(self, api: Api, sandbox: Sandbox) -> None:
        status, body = raw_request(sandbox, "POST", "/linkedin/rest/posts", api.headers())
        assert status == 411
        assert b'"LENGTH_REQUIRED"' in body

    def test_invalid_json_is_400(self, api: Api) -> None:
        resp = api.post("/rest/posts", data=b"{not json", headers={"Content-Type": "application/json"})
        assert resp.status_code == 400
        assert resp.json()["code"] == "INVALID_REQUEST_BODY"

    @pytest.mark.parametrize("mode", ["gateway", "direct"])
    def test_unknown_route(self, api: Api, mode: str) -> None:
        resp = api.get("/rest/xyz", mode=mode)
        assert resp.status_code == 404
        assert resp.json() == {
            "status": 404,
            "serviceErrorCode": 0,
            "code": "RESOURCE_NOT_FOUND",
            "message": "No route for GET /rest/xyz",
        }

    def test_wrong_method(self, api: Api) -> None:
        resp = api.request("DELETE", "/rest/me")
        assert resp.status_code == 405
        assert resp.headers["Allow"] == "GET"

    def test_unknown_top_level_path_is_404_without_auth(self, sandbox: Sandbox) -> None:
        resp = requests.get(sandbox.base_url + "/favicon.ico", timeout=10)
        assert resp.status_code == 404

    def test_response_headers_and_keep_alive(self, api: Api, sandbox: Sandbox) -> None:
        conn = http.client.HTTPConnection(urlsplit(sandbox.base_url).netloc, timeout=10)
        ids = []
        for _ in range(3):
            conn.request("GET", "/linkedin/rest/me", headers=api.headers())
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200
            assert resp.getheader("Content-Type") == "application/json"
            assert resp.getheader("Content-Length") is not None
            ids.append(resp.getheader("x-li-uuid"))
            assert resp.getheader("X-LI-Request-Id")
        conn.close()
        assert len(set(ids)) == 3

    def test_query_tunneling(self, api: Api) -> None:
        resp = api.post(
            "/rest/me",
            data="q=x&search=(status:(values:List(ACTIVE)))",
            headers={"X-HTTP-Method-Override": "GET", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert resp.status_code == 200
        bad = api.post(
            "/rest/me",
            data="accounts[0]=1",
            headers={"X-HTTP-Method-Override": "GET", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert bad.status_code == 400
        assert bad.json()["code"] == "QUERY_PARAM_NOT_ALLOWED"


def test_maton_rate_limit() -> None:
    with Sandbox(maton_rate_limit=3) as sb:
        api = Api(sb)
        statuses = [api.get("/rest/me").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        resp = api.get("/rest/me")
        assert resp.headers["Retry-After"] == "1"
        assert resp.json() == {
            "status": 429,
            "code": "RATE_LIMITED",
            "message": "Rate limited (3 requests/second per account)",
        }
        time.sleep(1.05)
        assert api.get("/rest/me").status_code == 200
        assert api.get("/rest/me", mode="direct").status_code == 200
