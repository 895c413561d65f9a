"""The HTTP sessions under the hook: exact request targets, no stray credentials, the environment read once.

:class:`ExactSession` sends a request target byte for byte (Rest.li syntax and pre-signed upload
URLs must not be re-quoted), never adds credentials of its own, drops ours on a redirect to another
origin, and resolves proxies and the CA bundle from the environment once instead of per request.
:func:`transport_failure` and :func:`timed_out` classify what the network layer raised.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.auth import _basic_auth_str
from requests.cookies import RequestsCookieJar, merge_cookies
from requests.sessions import merge_setting
from requests.structures import CaseInsensitiveDict
from requests.utils import get_auth_from_url, resolve_proxies
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError, ReadTimeoutError

from maton_linkedin_provider.linkedin.retry import Failure

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Connection pool size: room for parallel upload parts and paging.
POOL_SIZE = 16
#: Upload bodies go out in blocks of this size (memory per part in flight: one block).
UPLOAD_BLOCK_SIZE = 1024 * 1024


class _Adapter(HTTPAdapter):
    """An adapter whose connections send request bodies in blocks of ``blocksize`` bytes."""

    def __init__(self, blocksize: int, **kwargs: Any) -> None:
        self._blocksize = blocksize
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, blocksize=self._blocksize, **pool_kwargs)


# --- exact request targets (upload URLs) ---------------------------------------------------------
#
# urllib3's ``HTTPConnectionPool.urlopen`` passes every target through ``_encode_target``, which
# upper-cases percent-escapes (``%2f`` -> ``%2F``) and quotes characters outside RFC 3986
# (``|`` -> ``%7C``). A pre-signed URL may be signed over its exact bytes, so for upload sessions
# the adapter remembers the target it means (per thread: ``urlopen`` runs in the caller's thread)
# and the connection writes that target on the request line instead of urllib3's re-encoding.

_exact = threading.local()


def sendable_target(url: str) -> str:
    """The request target (path and query) of ``url`` exactly as written, fragment dropped.

    Only what cannot travel on an HTTP request line is changed: ASCII control characters, space,
    DEL and non-ASCII characters are percent-encoded (UTF-8). Existing escapes keep their case
    (``%2f`` stays ``%2f``), ``+``, ``~``, ``|`` and every other printable byte are sent as given.
    """
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.split("#", 1)[0]
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=-1)
    target = rest[cut:] if cut >= 0 else "/"
    if target.startswith("?"):
        target = "/" + target
    if target.isascii() and all(" " < c < "\x7f" for c in target):
        return target
    return "".join(
        c
        if c.isascii() and " " < c < "\x7f"
        else "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))
        for c in target
    )


class _ExactTargetMixin:
    """A connection that writes the adapter's exact target instead of urllib3's re-encoded one."""

    def putrequest(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        target = getattr(_exact, "target", None)
        if target is not None and url.startswith(
            "/"
        ):  # origin-form only (not an absolute-form proxy request)
            _exact.target = None
            url = target
        super().putrequest(method, url, *args, **kwargs)  # type: ignore[misc]


class _ExactHTTPConnection(_ExactTargetMixin, urllib3.connection.HTTPConnection):
    pass


class _ExactHTTPSConnection(_ExactTargetMixin, urllib3.connection.HTTPSConnection):
    pass


class _ExactHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _ExactHTTPConnection


class _ExactHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _ExactHTTPSConnection


_EXACT_POOLS = {"http": _ExactHTTPPool, "https": _ExactHTTPSPool}


class _ExactAdapter(_Adapter):
    """An :class:`_Adapter` that sends each request's target byte for byte (see :func:`sendable_target`).

    Direct connections and HTTPS through an HTTP(S) proxy (a CONNECT tunnel) are exact. A plain
    ``http://`` URL through a proxy (absolute-form target) and SOCKS proxies keep urllib3's encoding.
    """

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_EXACT_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, urllib3.ProxyManager):
            manager.pool_classes_by_scheme = dict(_EXACT_POOLS)
        return manager

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        _exact.target = sendable_target(request.url or "")
        try:
            return super().send(request, *args, **kwargs)
        finally:
            _exact.target = None


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


class ExactSession(requests.Session):
    """A session that never adds credentials of its own and drops ours on a cross-origin redirect.

    ``auth`` is a no-op so ``requests`` does not pull credentials from ``~/.netrc`` (which would
    replace the Bearer key, or give an upload host a password). On a redirect to another origin
    (scheme, host or port), Authorization and Maton-Connection are removed by
    :func:`~maton_linkedin_provider.linkedin.redirects.strip_credentials`, the rule the trigger follows too.

    The environment's settings are read once, not on every request: ``REQUESTS_CA_BUNDLE`` /
    ``CURL_CA_BUNDLE`` when the session is made, and the proxy of each origin (``HTTP(S)_PROXY``,
    ``ALL_PROXY``, ``NO_PROXY``, as ``requests`` resolves them) on the first request to it. A
    ``Session.get`` merges them again on every call, which costs as much as the rest of the client.
    """

    #: origins whose proxy is remembered (a session talks to the gateway and an upload host or two)
    _MAX_ORIGINS = 64

    def __init__(self) -> None:
        super().__init__()
        self.auth = _no_auth
        self._origin_proxies: dict[str, dict[str, str]] = {}
        if self.trust_env:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            if bundle:
                self.verify = bundle

    def prepare_exact(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> requests.PreparedRequest:
        """``prepare_request`` for a URL that is already encoded: it goes out byte for byte.

        The same steps in the same order (session headers under ours, cookies, body, auth, hooks),
        but the URL is not parsed and re-quoted, which would break Rest.li syntax and cost a parse.
        """
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        prepared.url = url
        prepared.prepare_headers(merge_setting(headers, self.headers, dict_class=CaseInsensitiveDict))
        prepared.prepare_cookies(merge_cookies(RequestsCookieJar(), self.cookies))
        prepared.prepare_body(body, None)
        prepared.prepare_auth(self.auth, url)
        prepared.prepare_hooks(self.hooks)
        return prepared

    def proxies_for(self, url: str) -> dict[str, str]:
        """The proxies for ``url``: the session's own plus the environment's, resolved once per origin."""
        cut = url.find("/", url.find("//") + 2)
        origin = url if cut < 0 else url[:cut]
        proxies = self._origin_proxies.get(origin)
        if proxies is None:
            if len(self._origin_proxies) >= self._MAX_ORIGINS:
                self._origin_proxies.clear()
            probe = requests.Request(url=url)
            proxies = self._origin_proxies[origin] = resolve_proxies(
                probe, dict(self.proxies), self.trust_env
            )
        return proxies

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if kwargs.get("proxies") is None:
            kwargs["proxies"] = self.proxies_for(request.url or "")
        return super().send(request, **kwargs)

    def rebuild_proxies(
        self, prepared_request: requests.PreparedRequest, proxies: dict[str, str] | None
    ) -> dict[str, str]:
        """On a redirect: ``requests``' own rule, with the environment's part resolved once per origin."""
        url = prepared_request.url or ""
        scheme = url.split(":", 1)[0].lower()
        new_proxies = dict(proxies or {})
        proxy = self.proxies_for(url).get(scheme)
        if proxy:
            new_proxies.setdefault(scheme, proxy)
        headers = prepared_request.headers
        if "Proxy-Authorization" in headers:
            del headers["Proxy-Authorization"]
        username, password = get_auth_from_url(new_proxies[scheme]) if scheme in new_proxies else ("", "")
        # urllib3 sends proxy credentials itself; never add them to a TLS-tunneled request.
        if not scheme.startswith("https") and username and password:
            headers["Proxy-Authorization"] = _basic_auth_str(username, password)
        return new_proxies

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: requests.Response) -> None:
        from maton_linkedin_provider.linkedin.redirects import strip_credentials

        headers = prepared_request.headers
        kept = strip_credentials(headers, response.request.url or "", prepared_request.url or "")
        for name in [name for name in headers if name not in kept]:
            del headers[name]


def transport_failure(exc: requests.RequestException) -> Failure:
    """Was the request provably not sent (connect failure), or may it have been applied?"""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return Failure.NOT_SENT
    if isinstance(exc, requests.exceptions.ConnectionError) and exc.args:
        reason = getattr(exc.args[0], "reason", None)
        if isinstance(reason, (NewConnectionError, ConnectTimeoutError, NameResolutionError)):
            return Failure.NOT_SENT
    return Failure.AMBIGUOUS


def timed_out(exc: requests.RequestException) -> bool:
    """Did the response not come in time (as opposed to a refused or broken connection)?"""
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    return isinstance(reason, ReadTimeoutError) or isinstance(
        getattr(reason, "reason", None), ReadTimeoutError
    )


def new_session(blocksize: int = 16384, *, exact_targets: bool = False) -> ExactSession:
    """A session with a pool of :data:`POOL_SIZE` connections per host, no retries of its own
    (the hook's loop decides), sending bodies in blocks of ``blocksize`` bytes.

    :param exact_targets: send request targets byte for byte, bypassing urllib3's re-encoding
        (:class:`_ExactAdapter`; for pre-signed upload URLs). The API session does not need it:
        the targets it sends are built by our Rest.li encoder, which urllib3 leaves unchanged.
    """
    session = ExactSession()
    adapter_cls = _ExactAdapter if exact_targets else _Adapter
    adapter = adapter_cls(blocksize, pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
