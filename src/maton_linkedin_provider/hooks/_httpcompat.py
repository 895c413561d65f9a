"""The public methods ``MatonLinkedInHook`` inherits from Airflow's ``HttpHook``, made safe.

``HttpHook.run()`` and friends build their own request: no key, no ``LinkedIn-Version``, no
Rest.li encoding, no retry policy, and a bare ``AirflowException: 401:Unauthorized``. Here they
either go through the hook's single request path (:meth:`LinkedInHookCore.call`) or refuse with
a message that names :meth:`~LinkedInHookCore.request`, which stays the primary API:

- ``run(endpoint, data, headers, extra_options, **request_kwargs)`` sends ``self.method`` (the
  constructor's ``method``, default GET) through ``call`` and returns a ``requests.Response``
  built from the result, so ``HttpOperator(http_conn_id="maton_linkedin_default", ...)`` works too.
- ``run_with_advanced_retry`` runs ``run()`` once under the hook's own retry policy.
- ``run_and_check`` (a request prepared elsewhere) refuses.
- ``check_response`` raises the provider's typed errors; ``url_from_endpoint`` gives the REST URL.
- ``get_conn(headers=...)`` refuses (in :mod:`._core`): the shared session is never changed.
"""

from __future__ import annotations

import http.client
import json as jsonlib
from collections.abc import Mapping
from typing import Any, NamedTuple

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInInputError
from maton_linkedin_provider.hooks._core import METHODS, LinkedInHookCore
from maton_linkedin_provider.hooks.settings import check_version

_USE_REQUEST = (
    "use hook.request(method, path, params=..., json=...) (returns the JSON) or hook.run(endpoint, data)."
)
#: ``run()``'s keyword arguments besides HttpHook's own (anything else would go to ``requests``).
_RUN_KWARGS = ("json", "params", "restli_method", "linkedin_version")
#: HttpHook ``extra_options`` that ``run()`` honours, and the one value each may take where fixed.
_FIXED_OPTIONS = {"allow_redirects": True, "verify": True, "verify_ssl": True}
_REFUSED_OPTIONS = {
    "timeout": "set MatonLinkedInHook(timeout=...) or the connection's extra 'timeout'.",
    "proxies": "set HTTPS_PROXY / NO_PROXY in the worker's environment (requests reads them).",
    "proxy": "set HTTPS_PROXY / NO_PROXY in the worker's environment (requests reads them).",
    "cert": "client certificates are not used by the Maton gateway or LinkedIn.",
    "trust_env": "the hook's session reads proxies from the environment; unset them there.",
    "max_redirects": "the hook follows redirects itself (and drops credentials on another origin).",
}
_ATTR_RAW = "_httpcompat_raw"


class _RunOptions(NamedTuple):
    check_response: bool


class HttpHookCompatMixin(LinkedInHookCore):
    """``HttpHook``'s public surface on top of the hook's own request path (see the module docstring).

    :param method: the HTTP method ``run()`` sends (HttpHook's constructor argument): GET, POST, PUT,
        DELETE or PATCH; default GET.
    :param auth_type: HttpHook's; must stay ``None`` (the hook authenticates with the connection's key).
    :param adapter: HttpHook's; must stay ``None`` (the hook's sessions mount their own adapters).
    :param tcp_keep_alive: HttpHook's keep-alive arguments are accepted and have no effect (the
        hook's sessions keep pooled connections alive).
    """

    def __init__(
        self,
        maton_conn_id: str = LinkedInHookCore.default_conn_name,
        linkedin_version: str | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        method: str = "GET",
        auth_type: Any = None,
        adapter: Any = None,
        tcp_keep_alive: bool = True,
        tcp_keep_alive_idle: int = 120,
        tcp_keep_alive_count: int = 20,
        tcp_keep_alive_interval: int = 30,
    ) -> None:
        super().__init__(maton_conn_id, linkedin_version, timeout=timeout, max_retries=max_retries)
        if auth_type is not None:
            raise LinkedInInputError(
                "auth_type",
                "the hook authenticates with the connection's key (Authorization: Bearer).",
                "leave auth_type unset; put the Maton API key in the connection's password.",
            )
        if adapter is not None:
            raise LinkedInInputError(
                "adapter", "the hook's sessions mount their own adapters.", "leave adapter unset."
            )
        self.method = self._checked_method(method)

    # --- HttpHook.run and friends ------------------------------------------------------------

    def run(
        self,
        endpoint: str | None = None,
        data: dict[str, Any] | str | None = None,
        headers: dict[str, Any] | None = None,
        extra_options: dict[str, Any] | None = None,
        **request_kwargs: Any,
    ) -> requests.Response:
        """HttpHook's ``run()``, through the hook's request path (key, version, Rest.li, retries, errors).

        :param endpoint: a REST path, with or without ``/linkedin/rest`` or ``/rest``: ``"me"``,
            ``"/rest/adAccounts"``, ``"/linkedin/rest/posts/urn:li:share:1"``.
        :param data: GET: query parameters (a dict, Rest.li-encoded). Other methods: the JSON body
            (a dict or list, or a JSON string).
        :param headers: extra headers for this request only (``Authorization`` is refused: the key is
            the connection's). ``X-RestLi-Method`` and ``LinkedIn-Version`` are honoured.
        :param extra_options: ``check_response`` (default True; False returns error responses instead
            of raising, after the retry policy), ``stream`` (accepted; the body is read in full),
            ``allow_redirects``/``verify``/``verify_ssl`` (True only). Others are refused, each with
            where to set it instead.
        :param request_kwargs: ``json=`` (the body), ``params=`` (query parameters for any method),
            ``restli_method=``, ``linkedin_version=``.
        :return: a ``requests.Response`` (``status_code``, ``headers``, ``content``, ``text``,
            ``json()``; ``url`` is the REST URL; ``request`` is ``None``).
        :raises LinkedInAPIError: and its subclasses, as every hook method does.
        """
        options = self._run_options(extra_options)
        method = self._checked_method(self.method)
        path = self._rest_path(endpoint)
        params, body = self._run_payload(method, data, request_kwargs)
        restli_method = request_kwargs.pop("restli_method", None)
        linkedin_version = request_kwargs.pop("linkedin_version", None)
        if request_kwargs:
            raise LinkedInInputError(
                "run", f"unsupported keyword argument(s) {sorted(request_kwargs)}.", f"use {_RUN_KWARGS}."
            )
        send_headers: dict[str, str] = {}
        for name, value in (headers or {}).items():
            key = str(name).lower()
            if value is None:  # requests drops None-valued headers; so does run()
                continue
            if key == "authorization":
                raise LinkedInInputError(
                    "headers",
                    "Authorization is the connection's key; run() does not send another.",
                    "put the key in the connection's password field.",
                )
            if key == "x-restli-method":
                restli_method = restli_method or str(value)
            elif key == "linkedin-version":
                linkedin_version = linkedin_version or str(value)
            else:
                send_headers[str(name)] = str(value)
        if linkedin_version:
            linkedin_version = check_version(linkedin_version)
        url, query = self.settings.rest_url(path, params)
        shown_url = f"{url}?{query}" if query else url
        self.log.debug("run(): %s %s through the hook's request path", method, self.settings.shown_path(url))
        try:
            result = self.call(
                method,
                path,
                params=params,
                json=body,
                headers=send_headers or None,
                restli_method=restli_method,
                linkedin_version=linkedin_version,
            )
        except LinkedInAPIError as err:
            raw = getattr(err, _ATTR_RAW, None)
            if options.check_response or raw is None:
                raise
            return _response(*raw, url=shown_url)
        return _response(result.status, result.headers, result.content, url=shown_url)

    def run_and_check(
        self,
        session: requests.Session,
        prepped_request: requests.PreparedRequest,
        extra_options: dict[Any, Any],
    ) -> Any:
        """Refused: a request prepared elsewhere would skip the key, LinkedIn-Version, Rest.li and retries."""
        raise LinkedInInputError(
            "run_and_check",
            "a pre-built request would skip the hook's key, LinkedIn-Version, Rest.li encoding and retry "
            "policy; nothing was sent.",
            _USE_REQUEST,
        )

    def run_with_advanced_retry(self, _retry_args: dict[Any, Any], *args: Any, **kwargs: Any) -> Any:
        """``run(*args, **kwargs)`` under the hook's own retry policy; ``_retry_args`` is not used.

        The hook already retries what is safe to retry (429, 5xx, connection errors; creates only when
        they provably did not arrive). A tenacity loop around it would multiply the attempts, retry
        401s and input errors, and re-send a create after an ambiguous failure. The connection's extra
        ``max_retries`` (or ``MatonLinkedInHook(max_retries=...)``) sets the budget.
        """
        if _retry_args:
            self.log.warning(
                "run_with_advanced_retry: _retry_args %s are not used; the hook's own retry policy applies "
                "(budget: the connection's extra 'max_retries' or MatonLinkedInHook(max_retries=...)).",
                sorted(_retry_args),
            )
        return self.run(*args, **kwargs)

    def check_response(self, response: requests.Response) -> None:
        """Raise the provider's typed error for a 4xx/5xx response (not HttpHook's bare AirflowException)."""
        if response.status_code < 400:
            return
        method = (response.request.method if response.request else None) or self.method
        url, _, query = (response.url or "").partition("?")
        shown_path = self.settings.shown_path(url, query)
        raise self._error(response.status_code, response.headers, response.content, method, shown_path)

    def url_from_endpoint(self, endpoint: str | None) -> str:
        """The REST URL ``run(endpoint)`` calls (nothing is sent)."""
        url, query = self.settings.rest_url(self._rest_path(endpoint))
        return f"{url}?{query}" if query else url

    # --- helpers ------------------------------------------------------------------------------

    def _error(
        self,
        status: int,
        headers: Mapping[str, str],
        content: bytes,
        method: str,
        shown_path: str,
        version: str | None = None,
    ) -> LinkedInAPIError:
        """The core's mapping; keeps the raw answer (secrets redacted) for ``run(check_response=False)``."""
        err = super()._error(status, headers, content, method, shown_path, version)
        setattr(err, _ATTR_RAW, (status, *self.settings.redact_answer(headers, content)))
        return err

    @staticmethod
    def _checked_method(method: Any) -> str:
        verb = str(method).upper()
        if verb not in METHODS:
            raise LinkedInInputError("method", f"{method!r} is not supported.", f"use one of {METHODS}.")
        return verb

    @staticmethod
    def _rest_path(endpoint: Any) -> str:
        """``/linkedin/rest/me``, ``rest/me`` and ``me`` all mean ``/me`` under the REST root."""
        if not isinstance(endpoint, str) or not endpoint.strip("/ "):
            raise LinkedInInputError(
                "endpoint", f"{endpoint!r} is not a REST path.", "pass a path such as 'me' or '/adAccounts'."
            )
        path = "/" + endpoint.strip().lstrip("/")
        for prefix in ("/linkedin/rest", "/rest"):
            if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?"):
                return path[len(prefix) :]
        return path

    def _run_payload(
        self, method: str, data: Any, request_kwargs: dict[str, Any]
    ) -> tuple[Mapping[str, Any] | None, Any]:
        """``(params, json_body)`` from HttpHook's ``data`` and ``run()``'s ``json=``/``params=``."""
        params = request_kwargs.pop("params", None)
        body = request_kwargs.pop("json", None)
        if method == "GET":
            if body is not None:
                raise LinkedInInputError(
                    "json", "a GET has no body.", "pass query parameters as data or params."
                )
            if data is not None:
                if params is not None:
                    raise LinkedInInputError("data", "both data and params given.", "pass one dict.")
                if not isinstance(data, Mapping):
                    raise LinkedInInputError(
                        "data",
                        f"for GET, data is the query parameters as a dict, got {type(data).__name__}.",
                        "pass a dict (the hook Rest.li-encodes it), or put a ready query in the endpoint.",
                    )
                params = data
            return self._checked(params), None
        if data is not None:
            if body is not None:
                raise LinkedInInputError("data", "both data and json given.", "pass the body once.")
            if isinstance(data, (str, bytes, bytearray)):
                try:
                    body = jsonlib.loads(data)
                except ValueError:
                    raise LinkedInInputError(
                        "data",
                        "is not JSON; LinkedIn's REST API takes JSON bodies.",
                        "pass a dict or list (or a JSON string).",
                    ) from None
            elif isinstance(data, (Mapping, list, tuple)):
                body = data
            else:
                raise LinkedInInputError(
                    "data", f"a {type(data).__name__} is not a JSON body.", "pass a dict."
                )
        return self._checked(params), body

    @staticmethod
    def _run_options(extra_options: Mapping[str, Any] | None) -> _RunOptions:
        options = dict(extra_options or {})
        check = options.pop("check_response", True)
        options.pop("stream", None)  # the body is read in full either way
        for name, value in options.items():
            if name in _FIXED_OPTIONS:
                if value != _FIXED_OPTIONS[name]:
                    raise LinkedInInputError(
                        f"extra_options.{name}",
                        f"{value!r} is not supported: the hook always follows redirects (dropping "
                        "credentials on another origin) and always verifies TLS.",
                        f"leave {name} unset.",
                    )
            elif name in _REFUSED_OPTIONS:
                raise LinkedInInputError(
                    f"extra_options.{name}", "is not applied per call by this hook.", _REFUSED_OPTIONS[name]
                )
            else:
                raise LinkedInInputError(
                    f"extra_options.{name}",
                    "is not an option run() knows.",
                    "use check_response or stream; " + _USE_REQUEST,
                )
        return _RunOptions(check_response=bool(check))


def _response(status: int, headers: Mapping[str, str], content: bytes, *, url: str) -> requests.Response:
    """A ``requests.Response`` holding an answer the hook already read (no socket, no request attached)."""
    response = requests.Response()
    response.status_code = status
    response.headers = CaseInsensitiveDict(headers)
    response._content = content
    response._content_consumed = True  # type: ignore[attr-defined]
    response.reason = http.client.responses.get(status, "")
    response.url = url
    response.encoding = get_encoding_from_headers(response.headers)
    return response
