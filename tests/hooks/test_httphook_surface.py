"""The methods MatonLinkedInHook inherits from HttpHook go through the hook's request path, or refuse.

``run()``, ``run_with_advanced_retry()``, ``check_response()``, ``url_from_endpoint()``,
``run_and_check()`` and ``get_conn(headers=...)``, against the sandbox (nothing mocked).
"""

from __future__ import annotations

import json
import logging

import pytest
import requests
import tenacity

from maton_linkedin_provider.exceptions import (
    LinkedInAmbiguousWriteError,
    LinkedInAuthError,
    LinkedInError,
    LinkedInInputError,
    LinkedInNotFoundError,
    LinkedInServerError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.hooks.settings import DEFAULT_LINKEDIN_VERSION
from maton_linkedin_provider.sandbox.faults import Fault

ACCOUNT = 507000001
GROUP = 600000001


def make_hook(**kwargs) -> MatonLinkedInHook:
    h = MatonLinkedInHook(**kwargs)
    h.sleeps = []  # type: ignore[attr-defined]
    h._sleep = h.sleeps.append  # type: ignore[attr-defined]
    return h


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    return make_hook()


def api(sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "api"]


def assert_rest_headers(rec, sandbox) -> None:
    assert rec.credential == "api_key" and rec.header("Authorization") == "Bearer ***"
    assert rec.header("LinkedIn-Version") == DEFAULT_LINKEDIN_VERSION
    assert rec.header("X-Restli-Protocol-Version") == "2.0.0"


class TestRun:
    @pytest.mark.parametrize(
        "endpoint", ["/linkedin/rest/me", "linkedin/rest/me", "/rest/me", "rest/me", "me", "/me"]
    )
    def test_any_spelling_of_the_endpoint_reaches_rest_me_with_the_hook_headers(
        self, hook, sandbox, endpoint
    ):
        response = hook.run(endpoint)
        assert isinstance(response, requests.Response)
        assert response.status_code == 200
        assert response.ok
        assert response.json()["id"]
        assert json.loads(response.text) == response.json()
        assert response.headers["content-type"].startswith("application/json")
        assert response.url == sandbox.base_url + "/linkedin/rest/me"
        assert response.request is None  # nothing that carries the key rides along
        [rec] = api(sandbox)
        assert rec.method == "GET"
        assert rec.raw_path == "/linkedin/rest/me"
        assert_rest_headers(rec, sandbox)

    def test_direct_mode_strips_the_gateway_prefix_too(self, set_conn, sandbox):
        set_conn(password=sandbox.access_token, direct=True)
        assert make_hook().run("/linkedin/rest/me").json()["id"]
        assert api(sandbox)[-1].raw_path == "/rest/me"
        assert api(sandbox)[-1].credential == "access_token"

    def test_get_data_is_restli_encoded_query(self, hook, sandbox):
        response = hook.run(
            "adAccounts",
            {"q": "search", "search": {"status": {"values": ["ACTIVE", "DRAFT"]}}, "count": 2},
        )
        assert response.status_code == 200
        assert {a["status"] for a in response.json()["elements"]} <= {"ACTIVE", "DRAFT"}
        expected = "/linkedin/rest/adAccounts?q=search&search=(status:(values:List(ACTIVE,DRAFT)))&count=2"
        assert api(sandbox)[-1].raw_path == expected
        assert response.url == sandbox.base_url + expected

    def test_urn_path_keys_are_encoded_whole(self, hook, sandbox):
        with pytest.raises(LinkedInNotFoundError):
            hook.run("/rest/posts/urn:li:share:999999")
        assert api(sandbox)[-1].raw_path == "/linkedin/rest/posts/urn%3Ali%3Ashare%3A999999"

    def test_post_with_a_json_body_creates(self, set_conn, sandbox):
        hook = make_hook(method="POST")
        response = hook.run(
            f"adAccounts/{ACCOUNT}/adCampaignGroups", {"name": "Through run()", "status": "DRAFT"}
        )
        assert response.status_code == 201
        new_id = response.headers["x-restli-id"]
        rec = api(sandbox)[-1]
        assert rec.method == "POST"
        assert json.loads(rec.body) == {"name": "Through run()", "status": "DRAFT"}
        assert rec.header("Content-Type") == "application/json"
        assert_rest_headers(rec, sandbox)
        assert hook.get_campaign_group(ACCOUNT, int(new_id))["name"] == "Through run()"

    @pytest.mark.parametrize("how", ["json-string", "json-kwarg"])
    def test_post_body_as_json_string_or_json_kwarg(self, set_conn, sandbox, how):
        hook = make_hook(method="POST")
        body = {"name": f"Body as {how}", "status": "DRAFT"}
        path = f"/linkedin/rest/adAccounts/{ACCOUNT}/adCampaignGroups"
        response = hook.run(path, json.dumps(body)) if how == "json-string" else hook.run(path, json=body)
        assert response.status_code == 201
        assert json.loads(api(sandbox)[-1].body) == body

    def test_partial_update_header_is_honoured_and_retried_after_503(self, set_conn, sandbox):
        hook = make_hook(method="POST")
        sandbox.add_fault(Fault(status=503, count=1, path="/adCampaignGroups/"))
        response = hook.run(
            f"adAccounts/{ACCOUNT}/adCampaignGroups/{GROUP}",
            {"patch": {"$set": {"name": "Renamed by run()"}}},
            headers={"X-RestLi-Method": "PARTIAL_UPDATE"},
        )
        assert response.status_code == 204
        recs = api(sandbox)
        assert [r.status for r in recs] == [503, 204]
        assert all(r.header("X-RestLi-Method") == "PARTIAL_UPDATE" for r in recs)
        assert len(hook.sleeps) == 1
        assert hook.get_campaign_group(ACCOUNT, GROUP)["name"] == "Renamed by run()"

    def test_get_is_retried_through_run(self, hook, sandbox):
        sandbox.add_fault(Fault(status=503, count=2, path="/me$"))
        assert hook.run("me").status_code == 200
        assert [r.status for r in api(sandbox)] == [503, 503, 200]
        assert len(hook.sleeps) == 2

    def test_create_is_not_resent_after_an_ambiguous_503(self, set_conn, sandbox):
        hook = make_hook(method="POST")
        sandbox.add_fault(Fault(status=503, count=1, path="/adCampaignGroups$"))
        with pytest.raises(LinkedInAmbiguousWriteError):
            hook.run(f"adAccounts/{ACCOUNT}/adCampaignGroups", {"name": "Once", "status": "DRAFT"})
        assert len(api(sandbox)) == 1

    def test_per_call_headers_do_not_stick(self, hook, sandbox):
        hook.run("me", headers={"X-Trace": "abc"})
        hook.run("me")
        assert [r.header("X-Trace") for r in api(sandbox)] == ["abc", None]

    def test_linkedin_version_header_is_checked_and_sent(self, hook, sandbox):
        hook.run("me", headers={"LinkedIn-Version": "202605"})
        assert api(sandbox)[-1].header("LinkedIn-Version") == "202605"
        with pytest.raises(LinkedInInputError, match="linkedin_version"):
            hook.run("me", headers={"LinkedIn-Version": "2026-05"})


class TestRunErrors:
    def test_404_is_typed(self, set_conn, sandbox):
        set_conn(max_retries=0)
        with pytest.raises(LinkedInNotFoundError) as info:
            make_hook().run(f"adAccounts/{ACCOUNT}/adCampaignGroups/1")
        assert info.value.status == 404
        assert sandbox.api_key not in str(info.value)

    def test_401_is_typed_and_never_shows_the_key(self, set_conn, sandbox):
        set_conn(password="mk-wrong-key-123456")
        with pytest.raises(LinkedInAuthError) as info:
            make_hook().run("/linkedin/rest/me")
        assert info.value.status == 401
        assert "mk-wrong-key-123456" not in str(info.value)
        assert "401:Unauthorized" not in str(info.value)
        assert "password" in str(info.value)  # says where the key goes

    def test_5xx_after_the_retry_budget_is_typed(self, set_conn, sandbox):
        set_conn(max_retries=1)
        sandbox.add_fault(Fault(status=503, count=None, path="/me$"))
        with pytest.raises(LinkedInServerError):
            make_hook().run("me")
        assert len(api(sandbox)) == 2

    def test_check_response_false_returns_the_error_response_after_retries(self, set_conn, sandbox):
        set_conn(max_retries=1)
        sandbox.add_fault(Fault(status=503, count=None, path="/me$"))
        response = make_hook().run("me", extra_options={"check_response": False})
        assert response.status_code == 503
        assert response.reason == "Service Unavailable"
        assert response.json()["code"] == "SERVICE_UNAVAILABLE"
        assert not response.ok
        assert len(api(sandbox)) == 2
        with pytest.raises(LinkedInServerError):
            make_hook().check_response(response)

    def test_check_response_raises_typed_errors(self, set_conn, sandbox):
        make_hook().check_response(make_hook().run("me"))  # a 2xx passes
        set_conn(password="mk-wrong-key-123456")
        hook = make_hook()
        response = hook.run("me", extra_options={"check_response": False})
        assert response.status_code == 401
        with pytest.raises(LinkedInAuthError) as info:
            hook.check_response(response)
        assert info.value.path == "/linkedin/rest/me"
        assert "mk-wrong-key-123456" not in str(info.value)


class TestRunInput:
    @pytest.mark.parametrize(
        ("extra_options", "says"),
        [
            ({"verify": False}, "verifies TLS"),
            ({"verify_ssl": False}, "verifies TLS"),
            ({"allow_redirects": False}, "follows redirects"),
            ({"timeout": 5}, "MatonLinkedInHook(timeout=...)"),
            ({"proxies": {"https": "http://proxy:3128"}}, "HTTPS_PROXY"),
            ({"cert": "/tmp/c.pem"}, "certificates"),
            ({"something": 1}, "hook.request("),
        ],
    )
    def test_options_that_would_bypass_the_hook_are_refused_before_sending(
        self, hook, sandbox, extra_options, says
    ):
        with pytest.raises(LinkedInInputError) as info:
            hook.run("me", extra_options=extra_options)
        assert says in str(info.value)
        assert api(sandbox) == []

    def test_harmless_options_are_accepted(self, hook, sandbox):
        options = {"verify": True, "allow_redirects": True, "stream": True, "check_response": True}
        assert b"".join(hook.run("me", extra_options=options).iter_content(64))

    @pytest.mark.parametrize(
        ("method", "call", "field"),
        [
            ("GET", lambda h: h.run(None), "endpoint"),
            ("GET", lambda h: h.run("/linkedin/rest"), "endpoint"),
            ("GET", lambda h: h.run("https://evil.example/me"), "endpoint"),
            ("GET", lambda h: h.run("me", "q=search"), "data"),
            ("GET", lambda h: h.run("me", json={"a": 1}), "json"),
            ("GET", lambda h: h.run("me", {"a": 1}, params={"b": 2}), "data"),
            ("GET", lambda h: h.run("me", {"bad": object()}), "bad"),
            ("GET", lambda h: h.run("me", headers={"authorization": "Bearer other"}), "headers"),
            ("GET", lambda h: h.run("me", files={"f": b"x"}), "run"),
            ("POST", lambda h: h.run("posts", "not json"), "data"),
            ("POST", lambda h: h.run("posts", {"a": 1}, json={"a": 1}), "data"),
        ],
    )
    def test_bad_input_is_refused_before_sending(self, hook, sandbox, method, call, field):
        hook.method = method
        with pytest.raises(LinkedInInputError) as info:
            call(hook)
        assert info.value.field == field
        assert api(sandbox) == []

    def test_unsupported_method(self, set_conn, sandbox):
        with pytest.raises(LinkedInInputError, match="method"):
            MatonLinkedInHook(method="HEAD")
        hook = make_hook()
        hook.method = "OPTIONS"
        with pytest.raises(LinkedInInputError, match="method"):
            hook.run("me")
        assert api(sandbox) == []

    def test_http_hook_constructor_arguments(self, set_conn):
        assert MatonLinkedInHook(method="post").method == "POST"
        assert MatonLinkedInHook(tcp_keep_alive=False, tcp_keep_alive_idle=10).method == "GET"
        with pytest.raises(LinkedInInputError, match="auth_type"):
            MatonLinkedInHook(auth_type=requests.auth.HTTPBasicAuth)
        with pytest.raises(LinkedInInputError, match="adapter"):
            MatonLinkedInHook(adapter=requests.adapters.HTTPAdapter())

    def test_url_from_endpoint_is_the_rest_url(self, hook, sandbox):
        assert hook.url_from_endpoint("me") == sandbox.base_url + "/linkedin/rest/me"
        assert hook.url_from_endpoint("/linkedin/rest/posts/urn:li:share:1?x=1") == (
            sandbox.base_url + "/linkedin/rest/posts/urn%3Ali%3Ashare%3A1?x=1"
        )
        assert api(sandbox) == []


class TestRefusals:
    def test_run_and_check_refuses_and_names_request(self, hook, sandbox):
        session = requests.Session()
        prepared = requests.Request("GET", sandbox.base_url + "/linkedin/rest/me").prepare()
        with pytest.raises(LinkedInInputError) as info:
            hook.run_and_check(session, prepared, {})
        assert "hook.request(" in str(info.value)
        assert isinstance(info.value, LinkedInError)
        assert api(sandbox) == []

    def test_get_conn_with_headers_refuses_and_leaves_the_session_alone(self, hook, sandbox):
        session = hook.get_conn()
        before = dict(session.headers)
        with pytest.raises(LinkedInInputError) as info:
            hook.get_conn(headers={"X": "1"})
        assert "request(method, path, headers=...)" in str(info.value)
        with pytest.raises(LinkedInInputError):
            hook.get_conn(extra_options={"verify": True})
        assert hook.get_conn() is session
        assert dict(session.headers) == before
        assert "Authorization" not in session.headers  # the shared session holds no key
        hook.get_profile()
        hook.run("me")
        assert [r.header("X") for r in api(sandbox)] == [None, None]

    def test_run_with_advanced_retry_uses_the_hooks_policy_and_warns(self, hook, sandbox, caplog, capsys):
        sandbox.add_fault(Fault(status=503, count=1, path="/me$"))
        retry_args = {
            "stop": tenacity.stop_after_attempt(10),
            "retry": tenacity.retry_if_exception_type(Exception),
        }
        with caplog.at_level(logging.WARNING):
            response = hook.run_with_advanced_retry(retry_args, "me", extra_options={})
        assert response.status_code == 200
        assert [r.status for r in api(sandbox)] == [503, 200]
        text = caplog.text + capsys.readouterr().out  # the task logger may go through structlog to stdout
        assert "_retry_args" in text
        assert "max_retries" in text

    def test_run_with_advanced_retry_does_not_retry_a_401_ten_times(self, set_conn, sandbox):
        set_conn(password="mk-wrong-key-123456")
        retry_args = {
            "stop": tenacity.stop_after_attempt(10),
            "retry": tenacity.retry_if_exception_type(Exception),
        }
        with pytest.raises(LinkedInAuthError):
            make_hook().run_with_advanced_retry(retry_args, endpoint="me")
        assert len(api(sandbox)) == 1


def test_http_operator_with_a_maton_connection_goes_through_the_hook(set_conn, sandbox):
    from airflow.providers.http.operators.http import HttpOperator

    op = HttpOperator(
        task_id="me",
        http_conn_id="maton_linkedin_default",
        method="GET",
        endpoint="/linkedin/rest/me",
        response_filter=lambda response: response.json()["id"],
    )
    if not isinstance(op.hook, MatonLinkedInHook):  # older http providers build a plain HttpHook
        pytest.skip("this HttpOperator does not build the connection type's hook")
    assert op.execute(context={})
    [rec] = api(sandbox)
    assert_rest_headers(rec, sandbox)
