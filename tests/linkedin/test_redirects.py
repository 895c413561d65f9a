"""One credential rule for redirects, for the sync hook and the trigger."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.linkedin.redirects import origin, same_origin, strip_credentials

HEADERS = {
    "Authorization": "Bearer k",
    "maton-connection": "c1",
    "LinkedIn-Version": "202609",
    "X-Restli-Protocol-Version": "2.0.0",
}
KEPT = {"LinkedIn-Version": "202609", "X-Restli-Protocol-Version": "2.0.0"}


@pytest.mark.parametrize(
    ("from_url", "to_url"),
    [
        ("https://api.maton.ai/linkedin/rest/videos/a", "https://api.maton.ai/linkedin/rest/videos/b"),
        ("https://api.maton.ai/x", "https://API.maton.ai:443/y?z=1"),  # default port, host case
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"),
        ("http://h/a", "http://h:80/b"),
    ],
)
def test_same_origin_keeps_every_header(from_url: str, to_url: str) -> None:
    assert strip_credentials(HEADERS, from_url, to_url) == HEADERS


@pytest.mark.parametrize(
    ("from_url", "to_url"),
    [
        ("https://api.maton.ai/a", "https://evil.example/a"),  # another host
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a"),  # another port
        ("http://127.0.0.1:8080/a", "http://localhost:8080/a"),  # another name for the host
        ("http://api.maton.ai/a", "https://api.maton.ai/a"),  # another scheme (even an upgrade)
        ("https://api.maton.ai/a", "http://api.maton.ai/a"),  # a downgrade
        ("https://api.maton.ai/a", "/relative"),  # not absolute: never the same origin
        ("https://api.maton.ai/a", "http://[::1/x"),  # unparsable
    ],
)
def test_another_origin_drops_the_credentials_in_any_case(from_url: str, to_url: str) -> None:
    assert strip_credentials(HEADERS, from_url, to_url) == KEPT


def test_the_input_is_not_changed() -> None:
    headers = dict(HEADERS)
    strip_credentials(headers, "https://a/", "https://b/")
    assert headers == HEADERS


def test_origin() -> None:
    assert origin("HTTPS://Api.Maton.AI/linkedin") == ("https", "api.maton.ai", 443)
    assert origin("http://127.0.0.1:9/") == ("http", "127.0.0.1", 9)
    assert not same_origin("", "")
