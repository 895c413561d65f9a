"""The sandbox's OAuth token endpoint judges the bytes that arrive (docs/linkedin-oauth.md).

Raw requests through ``http.client``: no client library chooses the encoding, the content type or
where the fields go.
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from maton_linkedin_provider.sandbox import Sandbox


def post(sb: Sandbox, target: str, body: bytes, content_type: str | None) -> tuple[int, dict[str, Any]]:
    """POST ``body`` to ``{oauth_base_url}{target}`` exactly as given; the status and JSON answer."""
    parts = urlsplit(sb.oauth_base_url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        conn.request("POST", parts.path + target, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def grant(sb: Sandbox, **change: str | None) -> bytes:
    fields = {
        "grant_type": "refresh_token",
        "refresh_token": sb.refresh_token,
        "client_id": sb.client_id,
        "client_secret": sb.client_secret,
        **change,
    }
    return urlencode({k: v for k, v in fields.items() if v is not None}).encode()


FORM = "application/x-www-form-urlencoded"


def test_a_form_encoded_refresh_is_answered(sandbox):
    status, body = post(sandbox, "/accessToken", grant(sandbox), FORM + "; charset=UTF-8")
    assert status == 200, body
    assert body["access_token"] and body["refresh_token"] == sandbox.refresh_token
    assert 0 < body["expires_in"] <= 60 * 86400


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (None, None),
        ("application/json", "json"),
        ("text/plain", None),
        ("multipart/form-data; boundary=x", None),
    ],
    ids=["none", "json", "text", "multipart"],
)
def test_another_content_type_is_refused(sandbox, content_type, body):
    raw = json.dumps(dict(grant_type="refresh_token")).encode() if body == "json" else grant(sandbox)
    status, answer = post(sandbox, "/accessToken", raw, content_type)
    assert (status, answer["error"]) == (400, "invalid_request")
    assert sandbox.oauth.exchanges == 0


@pytest.mark.parametrize("name", ["client_secret", "client%5Fsecret", "refresh_token", "client_id"])
def test_a_secret_in_the_query_is_refused_even_with_a_good_body(sandbox, name):
    status, answer = post(sandbox, f"/accessToken?{name}=x", grant(sandbox), FORM)
    assert (status, answer["error"]) == (400, "invalid_request")
    assert "never in the URL" in answer["error_description"]
    assert sandbox.oauth.exchanges == 0


def test_grant_type_must_be_in_the_body(sandbox):
    status, answer = post(
        sandbox, "/accessToken?grant_type=refresh_token", grant(sandbox, grant_type=None), FORM
    )
    assert (status, answer["error"]) == (400, "invalid_request")
    assert "grant_type" in answer["error_description"]
    status, answer = post(sandbox, "/accessToken", grant(sandbox, grant_type="client_credentials"), FORM)
    assert (status, answer["error"]) == (400, "unsupported_grant_type")
    assert sandbox.oauth.exchanges == 0


def test_a_parameter_sent_twice_is_refused(sandbox):
    # RFC 6749 section 3.2: parameters MUST NOT be included more than once; the last one does not win.
    twice = grant(sandbox) + b"&client_secret=" + sandbox.client_secret.encode()
    status, answer = post(sandbox, "/accessToken", twice, FORM)
    assert (status, answer["error"]) == (400, "invalid_request")
    assert "client_secret" in answer["error_description"]
    assert sandbox.oauth.exchanges == 0


def test_a_non_ascii_body_is_refused(sandbox):
    status, answer = post(sandbox, "/accessToken", grant(sandbox) + "&x=é".encode(), FORM)
    assert (status, answer["error"]) == (400, "invalid_request")


def test_introspection_judges_the_same_bytes(sandbox):
    form = urlencode(
        {
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
            "token": sandbox.access_token,
        }
    ).encode()
    status, answer = post(sandbox, "/introspectToken", form, FORM)
    assert status == 200 and answer["active"] is True and answer["status"] == "active"
    assert post(sandbox, "/introspectToken", form, "application/json")[0] == 400
    assert post(sandbox, f"/introspectToken?token={sandbox.access_token}", form, FORM)[0] == 400
