"""The hook's transport: proxies from the environment, read once per session, and the retry loop's errors.

The hook sends prepared requests with ``session.send()`` and resolves the environment's proxy
(``HTTP(S)_PROXY``, ``NO_PROXY``) once per origin, instead of merging it on every call as
``Session.get`` does. These tests pin that proxies still work: through a tiny HTTP proxy started
here (it records the absolute-form targets it was asked for and forwards them to the sandbox),
around it when ``NO_PROXY`` names the host, and across a redirect.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests

from maton_linkedin_provider.exceptions import LinkedInTransportError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.linkedin.retry import Failure
from maton_linkedin_provider.sandbox import Fault

PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "proxy-authorization"}


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real proxy
    server: _Proxy

    def _forward(self) -> None:
        target = urlsplit(self.path)  # absolute form: http://host:port/path?query
        self.server.targets.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=10)
        try:
            origin_form = target.path + (f"?{target.query}" if target.query else "")
            upstream.request(self.command, origin_form, body=body, headers=headers)
            response = upstream.getresponse()
            content = response.read()
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = _forward

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Proxy(ThreadingHTTPServer):
    """An HTTP forward proxy on 127.0.0.1 that counts connections and records the targets it served."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.targets: list[str] = []
        self.connections = 0

    def verify_request(self, request: object, client_address: object) -> bool:
        self.connections += 1
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def proxy() -> Iterator[_Proxy]:
    server = _Proxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No proxy variables from the machine running the tests (CI often sets NO_PROXY)."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def new_hook() -> MatonLinkedInHook:
    hook = MatonLinkedInHook()
    hook._sleep = lambda s: None
    return hook


def me_url(hook: MatonLinkedInHook) -> str:
    return hook.settings.rest_root + "/me"


def test_a_proxy_from_the_environment_carries_the_requests(set_conn, sandbox, proxy, clean_env):
    clean_env.setenv("HTTP_PROXY", proxy.url)
    hook = new_hook()
    assert hook.get_profile()["id"]
    assert hook.get_profile()["id"]
    assert proxy.targets == [me_url(hook)] * 2  # the proxy was asked for both, in absolute form
    assert proxy.connections == 1  # and the hook kept its one connection to the proxy
    arrived = [r for r in sandbox.requests if r.server == "api"]
    assert [r.raw_path for r in arrived] == [urlsplit(me_url(hook)).path] * 2
    assert all(r.credential == "api_key" for r in arrived)


def test_no_proxy_for_the_host_goes_direct(set_conn, sandbox, proxy, clean_env):
    clean_env.setenv("HTTP_PROXY", proxy.url)
    clean_env.setenv("HTTPS_PROXY", proxy.url)
    clean_env.setenv("NO_PROXY", "localhost,127.0.0.1")
    hook = new_hook()
    assert hook.get_profile()["id"]
    assert proxy.targets == [] and proxy.connections == 0
    assert len([r for r in sandbox.requests if r.server == "api"]) == 1


def test_a_redirect_through_the_proxy_stays_on_it(set_conn, sandbox, proxy, clean_env):
    clean_env.setenv("HTTP_PROXY", proxy.url)
    hook = new_hook()
    urn = hook.create_post("Moved behind a proxy")
    root = urlsplit(hook.settings.rest_root).path
    moved = f"{root}/posts/{urn.replace(':', '%3A')}"
    sandbox.add_fault(Fault(status=307, location=moved, path="/posts/urn:li:share:99$", count=1))
    assert hook.get_post("urn:li:share:99")["id"] == urn
    assert proxy.targets[-2:] == [
        f"{hook.settings.rest_root}/posts/urn%3Ali%3Ashare%3A99",
        f"{hook.settings.base_url}{moved}",
    ]


def test_the_environment_is_read_once_per_session(set_conn, sandbox, proxy, clean_env):
    """``Session.get`` looks the proxy up on every call; the hook once per origin per session."""
    looked_up: list[str] = []
    real = requests.utils.get_environ_proxies

    def counting(url: str, no_proxy: str | None = None) -> dict[str, str]:
        looked_up.append(url)
        return real(url, no_proxy=no_proxy)

    clean_env.setattr(requests.utils, "get_environ_proxies", counting)
    clean_env.setattr(requests.sessions, "get_environ_proxies", counting)
    hook = new_hook()
    for _ in range(10):
        hook.get_profile()
    assert looked_up == [me_url(hook)]
    bare = requests.Session()
    for _ in range(3):
        bare.get(me_url(hook))
    assert len(looked_up) == 1 + 3  # a bare session: once per call
    clean_env.setenv("HTTP_PROXY", proxy.url)  # a change is seen by the next session, not this one
    hook.get_profile()
    assert proxy.targets == []
    new_hook().get_profile()
    assert len(proxy.targets) == 1


def test_a_ca_bundle_from_the_environment_is_used(set_conn, clean_env, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    clean_env.delenv("CURL_CA_BUNDLE", raising=False)
    clean_env.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    hook = new_hook()
    assert hook.get_conn().verify == str(bundle)
    assert hook.upload_session.verify == str(bundle)


def test_a_refused_connection_carries_its_failure_and_is_retried_within_the_budget(set_conn, clean_env):
    set_conn(host="http://127.0.0.1:9", max_retries=2)
    hook = MatonLinkedInHook()
    sleeps: list[float] = []
    hook._sleep = sleeps.append
    with pytest.raises(LinkedInTransportError) as info:
        hook.get_profile()
    assert info.value.failure is Failure.NOT_SENT
    assert info.value.maybe_sent is False and info.value.timed_out is False
    assert len(sleeps) == 2  # three attempts, two waits


def test_maybe_sent_follows_the_failure():
    ambiguous = LinkedInTransportError("POST", "/posts", "reset", failure=Failure.AMBIGUOUS, timed_out=True)
    assert ambiguous.maybe_sent is True and ambiguous.timed_out is True
    with pytest.raises(AttributeError):
        ambiguous.maybe_sent = False  # type: ignore[misc]
