"""The one status -> class table and the messages users read."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.exceptions import (
    LinkedInAPIError,
    LinkedInAuthError,
    LinkedInError,
    LinkedInInputError,
    LinkedInNotFoundError,
    LinkedInRateLimitError,
    LinkedInServerError,
    MatonConnectionError,
    error_from_response,
)


def make(status, body, path="/linkedin/rest/posts", **kw):
    return error_from_response(status, body, method="POST", path=path, conn_id="my_conn", **kw)


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        pytest.param(
            400, {"status": 400, "code": "QUERY_PARAM_NOT_ALLOWED", "message": "x"}, LinkedInAPIError
        ),
        pytest.param(
            400, {"status": 400, "code": "CONNECTION_NOT_FOUND", "message": "x"}, MatonConnectionError
        ),
        pytest.param(
            400, {"error": "No connection found for app linkedin"}, MatonConnectionError, id="maton-text"
        ),
        pytest.param(
            401, {"message": "Empty oauth2_access_token", "serviceErrorCode": 401}, LinkedInAuthError
        ),
        pytest.param(403, {"serviceErrorCode": 100, "code": "ACCESS_DENIED"}, LinkedInAuthError),
        pytest.param(404, None, LinkedInNotFoundError),
        pytest.param(410, "gone", LinkedInNotFoundError),
        pytest.param(
            422, {"message": 'ERROR :: /objectiveType :: "X" is not an enum symbol'}, LinkedInAPIError
        ),
        pytest.param(426, {"code": "NONEXISTENT_VERSION"}, LinkedInAPIError),
        pytest.param(429, {"serviceErrorCode": 101, "status": 429}, LinkedInRateLimitError),
        pytest.param(500, "<html>oops</html>", LinkedInServerError),
        pytest.param(503, {"code": "UNDER_MAINTENANCE"}, LinkedInServerError),
    ],
)
def test_status_table(status, body, cls):
    err = make(status, body)
    assert type(err) is cls
    assert isinstance(err, LinkedInError)
    assert err.status == status
    assert f"POST /linkedin/rest/posts -> HTTP {status}" in str(err)


def test_fields_and_input_errors_are_shown():
    body = {
        "status": 400,
        "code": "INVALID_STATUS_TRANSITION",
        "serviceErrorCode": 65000,
        "message": "bad",
        "errorDetails": {
            "inputErrors": [{"code": "FIELD_VALUE_INVALID", "input": {"inputPath": {"fieldPath": "status"}}}]
        },
    }
    err = make(400, body, request_id="abc-123")
    assert (err.code, err.service_error_code, err.request_id) == (
        "INVALID_STATUS_TRANSITION",
        65000,
        "abc-123",
    )
    assert "status FIELD_VALUE_INVALID" in str(err)
    assert "request id abc-123" in str(err)


@pytest.mark.parametrize(
    ("status", "path", "expected"),
    [
        (401, "/linkedin/rest/me", "Maton API key (password field) of connection 'my_conn'"),
        (403, "/linkedin/rest/adAnalytics", "r_ads_reporting"),
        (403, "/linkedin/rest/adAccounts/1/adCampaigns", "rw_ads"),
        (403, "/linkedin/rest/posts", "w_organization_social"),
        (426, "/linkedin/rest/me", "'linkedin_version'"),
        (429, "/linkedin/rest/me", "midnight UTC"),
        (500, "/linkedin/rest/me", "re-authorize"),
    ],
)
def test_hints(status, path, expected):
    assert expected in str(make(status, {}, path=path, version="202506"))


def test_rate_limit_keeps_retry_after():
    err = make(429, {}, retry_after=30.0)
    assert isinstance(err, LinkedInRateLimitError) and err.retry_after == 30.0


def test_input_error_names_field_and_fix():
    err = LinkedInInputError("author", "is not a person URN.", "use urn:li:person:{id}.")
    assert str(err) == "author: is not a person URN. Fix: use urn:li:person:{id}."
    assert isinstance(err, ValueError) and err.field == "author"
