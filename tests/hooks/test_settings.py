"""ClientSettings: the connection read into URLs and headers (pure, no server)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from airflow.sdk import Connection

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.hooks.settings import (
    DEFAULT_LINKEDIN_VERSION,
    ClientSettings,
    check_version,
    version_age_months,
)


def conn(host=None, password="k-123456", **extra):
    return Connection(
        conn_id="c",
        conn_type="maton_linkedin",
        host=host,
        password=password,
        extra=json.dumps(extra) if extra else None,
    )


@pytest.mark.parametrize(
    ("host", "rest_root", "connections", "direct"),
    [
        pytest.param(
            None,
            "https://api.maton.ai/linkedin/rest",
            "https://api.maton.ai/connections",
            False,
            id="default",
        ),
        pytest.param(
            "api.maton.ai", "https://api.maton.ai/linkedin/rest", "https://api.maton.ai/connections", False
        ),
        pytest.param(
            "https://gateway.maton.ai/",
            "https://gateway.maton.ai/linkedin/rest",
            "https://gateway.maton.ai/connections",
            False,
        ),
        pytest.param(
            "https://api.linkedin.com",
            "https://api.linkedin.com/rest",
            "https://api.linkedin.com/connections",
            True,
            id="direct",
        ),
        pytest.param(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/linkedin/rest",
            "http://127.0.0.1:8080/connections",
            False,
            id="sandbox",
        ),
        pytest.param(
            "https://api.maton.ai/linkedin/rest",
            "https://api.maton.ai/linkedin/rest",
            "https://api.maton.ai/connections",
            False,
            id="full-root",
        ),
    ],
)
def test_base_urls(host, rest_root, connections, direct):
    s = ClientSettings.from_connection(conn(host))
    assert (s.rest_root, s.connections_url, s.direct) == (rest_root, connections, direct)


def test_headers_and_overrides():
    s = ClientSettings.from_connection(
        conn(maton_connection="abc", linkedin_version="202603"), linkedin_version="202605"
    )
    assert s.rest_headers() == {
        "Authorization": "Bearer k-123456",
        "Maton-Connection": "abc",
        "LinkedIn-Version": "202605",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    assert s.rest_headers("202601")["LinkedIn-Version"] == "202601"


def test_key_not_in_repr():
    s = ClientSettings.from_connection(conn(password="super-secret-key"))
    assert "super-secret-key" not in repr(s)


def test_prefixed_extras_from_the_ui_are_read():
    s = ClientSettings.from_connection(conn(**{"extra__maton_linkedin__timeout": "12", "max_retries": "2"}))
    assert (s.timeout, s.max_retries) == (12.0, 2)


def test_rest_url_encodes_urn_segments_and_merges_query():
    s = ClientSettings.from_connection(conn("http://h"))
    url, query = s.rest_url("posts/urn:li:share:1?viewContext=AUTHOR", {"x": ["a b"]})
    assert url == "http://h/linkedin/rest/posts/urn%3Ali%3Ashare%3A1"
    assert query == "viewContext=AUTHOR&x=List(a%20b)"


@pytest.mark.parametrize("value", ["202609", "202601.01", "202512"])
def test_good_versions(value):
    assert check_version(value) == value


@pytest.mark.parametrize("value", ["", None, "2026-09", "202613", "202600", "20260901", "newest", "202609.1"])
def test_bad_versions(value):
    with pytest.raises(LinkedInInputError, match="linkedin_version"):
        check_version(value)


def test_version_age():
    assert version_age_months("202609", dt.date(2026, 11, 28)) == 2
    assert version_age_months("202511", dt.date(2026, 11, 28)) == 12
    assert DEFAULT_LINKEDIN_VERSION == "202609"
