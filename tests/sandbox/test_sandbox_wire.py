"""The sandbox judges the request target as it arrives, before decoding (raw sockets, no HTTP library)."""

from __future__ import annotations

import json
import socket

import pytest
from sandbox_client import VERSION

from maton_linkedin_provider.sandbox import Sandbox


def raw_get(sb: Sandbox, target: str, *, gateway: bool = True) -> tuple[int, dict[str, object]]:
    """Send ``GET target`` with these exact bytes on a socket; the status and JSON body."""
    token = sb.api_key if gateway else sb.access_token
    prefix = "/linkedin" if gateway else ""
    host, port = sb.base_url.rsplit("//", 1)[1].rsplit(":", 1)
    request = (
        f"GET {prefix}{target} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"LinkedIn-Version: {VERSION}\r\nX-Restli-Protocol-Version: 2.0.0\r\nConnection: close\r\n\r\n"
    ).encode("ascii")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body) if body else {}


@pytest.mark.parametrize("gateway", [True, False], ids=["gateway", "direct"])
@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/rest/posts/urn:li:share:7400000000000000001", id="post-colons"),
        pytest.param("/rest/videos/urn:li:video:C5505AQH-oV1qvnFtKA", id="video-colons"),
        pytest.param("/rest/videos/urn%3Ali%3Avideo:C5505AQH-oV1qvnFtKA", id="half-encoded"),
        pytest.param("/rest/images/urn:li:image:C5505AQH-oV1qvnFtKA", id="image-colons"),
    ],
)
def test_an_unencoded_urn_path_key_gets_linkedins_400(sandbox: Sandbox, target: str, gateway: bool) -> None:
    status, body = raw_get(sandbox, target, gateway=gateway)
    assert status == 400
    assert body["code"] == "INVALID_PATH"
    assert str(body["message"]).startswith("Syntax exception in path variables")


@pytest.mark.parametrize("gateway", [True, False], ids=["gateway", "direct"])
def test_an_encoded_urn_path_key_is_decoded_once(sandbox: Sandbox, gateway: bool) -> None:
    status, body = raw_get(sandbox, "/rest/videos/urn%3Ali%3Avideo%3ANOPE", gateway=gateway)
    assert status == 404, body  # routed and looked up: the key was accepted


def test_a_compound_key_keeps_its_structure_but_encodes_its_leaves(sandbox: Sandbox) -> None:
    status, body = raw_get(sandbox, "/rest/posts/(a:urn:li:share:1)")
    assert status == 400 and body["code"] == "INVALID_PATH"


def test_an_unencoded_urn_in_the_query_is_refused_too(sandbox: Sandbox) -> None:
    status, body = raw_get(sandbox, "/rest/posts?q=author&author=urn:li:person:sAnDbOx01")
    assert status == 400 and body["code"] == "INVALID_PARAM"
    status, body = raw_get(sandbox, "/rest/posts?q=author&author=urn%3Ali%3Aperson%3AsAnDbOx01")
    assert status == 200, body
