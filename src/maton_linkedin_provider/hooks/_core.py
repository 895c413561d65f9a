"""The hook's core: the one place that talks HTTP to LinkedIn and the Maton gateway.

Every API call goes through :meth:`LinkedInHookCore.call` (URL and header building, Rest.li
encoding, query tunneling, the error mapping and the retry policy), every upload PUT through
:meth:`LinkedInHookCore.put_presigned`; both run in the one retry loop. Resource mixins (profile,
Maton connections, posts, media, ads, exports) are thin wrappers over them and never build a
request themselves. The sessions live in :mod:`~maton_linkedin_provider.hooks._sessions`.
"""

from __future__ import annotations

import json as jsonlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import requests
from airflow.providers.http.hooks.http import HttpHook

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.exceptions import (
    LinkedInAmbiguousWriteError,
    LinkedInAPIError,
    LinkedInInputError,
    LinkedInTransportError,
)
from maton_linkedin_provider.hooks import _credentials as creds
from maton_linkedin_provider.hooks._budget import pace
from maton_linkedin_provider.hooks._sessions import (
    UPLOAD_BLOCK_SIZE,
    ExactSession,
    new_session,
    timed_out,
    transport_failure,
)
from maton_linkedin_provider.hooks.settings import (
    TUNNEL_THRESHOLD,
    VERSION_WARN_MONTHS,
    ClientSettings,
    check_version,
    version_age_months,
)
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin import restli
from maton_linkedin_provider.linkedin.retry import (
    STILL_APPLYING_STATUSES,
    Action,
    Effect,
    Failure,
    RetryPolicy,
    decide,
    effect_of,
    settle_delay,
    sleep_time,
)

if TYPE_CHECKING:
    from airflow.sdk import Connection

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


@dataclass
class ApiResult:
    """One successful response (or a create found by reconciliation after an ambiguous failure)."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    reconciled: bool = False
    _json: Any = field(default=None, repr=False)

    def json(self) -> Any:
        """The body as JSON, ``None`` when empty."""
        if self._json is None and self.content:
            try:
                self._json = jsonlib.loads(self.content)
            except ValueError:
                return self.content.decode("utf-8", "replace")
        return self._json

    @property
    def restli_id(self) -> str | None:
        """The created entity's id from ``x-restli-id`` (``x-linkedin-id`` in Rest.li 1.0)."""
        value = self.headers.get("x-restli-id") or self.headers.get("x-linkedin-id")
        return restli.decode_reduced(value) if value else None


def _failure_of(err: LinkedInAPIError | LinkedInTransportError) -> tuple[Failure, int | None, float | None]:
    """What :func:`decide` needs to know about a failed attempt: how it failed, status, ``Retry-After``."""
    if isinstance(err, LinkedInTransportError):
        return err.failure, None, None
    return Failure.STATUS, err.status, getattr(err, "retry_after", None)


def _still_applying(err: BaseException) -> bool:
    """A failure after which the service may still be applying the request (a timeout on the way)."""
    if isinstance(err, LinkedInTransportError):
        return err.timed_out
    return isinstance(err, LinkedInAPIError) and err.status in STILL_APPLYING_STATUSES


class LinkedInHookCore(HttpHook):
    """The transport under :class:`~maton_linkedin_provider.hooks.linkedin.MatonLinkedInHook`.

    Resource mixins (Maton connections, posts, media, ads, exports) subclass it and call
    :meth:`call` / :meth:`paginate`; none of them builds a request or maps an error itself.
    """

    conn_name_attr = "maton_conn_id"
    default_conn_name = DEFAULT_CONN_ID
    conn_type = "maton_linkedin"
    hook_name = "LinkedIn (Maton)"
    default_host = "https://api.maton.ai"

    def __init__(
        self,
        maton_conn_id: str = default_conn_name,
        linkedin_version: str | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> None:
        super().__init__(method="GET", http_conn_id=maton_conn_id)
        self.maton_conn_id = maton_conn_id
        self.linkedin_version = check_version(linkedin_version) if linkedin_version else None
        self._timeout = timeout
        self._max_retries = max_retries
        self._sleep: Callable[[float], None] = time.sleep

    # --- connection and sessions ------------------------------------------------------------

    @cached_property
    def settings(self) -> ClientSettings:
        """The connection, read once and validated (raises :class:`LinkedInInputError`)."""
        conn: Connection = self.get_connection(self.maton_conn_id)
        settings = ClientSettings.from_connection(
            conn, linkedin_version=self.linkedin_version, timeout=self._timeout, max_retries=self._max_retries
        )
        creds.mask_secrets(
            settings.api_key,
            settings.client_secret,
            settings.refresh_token,
            *creds.live_secrets(settings.cache_key),
        )
        if (
            settings.linkedin_version != creds.LATEST
            and version_age_months(settings.linkedin_version[:6]) > VERSION_WARN_MONTHS
        ):
            self.log.warning(
                "LinkedIn-Version %s is more than %d months old and sunsets about a year after release; "
                "set 'linkedin_version' to a newer YYYYMM.",
                settings.linkedin_version,
                VERSION_WARN_MONTHS,
            )
        self.base_url = settings.base_url
        return settings

    @cached_property
    def retry_policy(self) -> RetryPolicy:
        s = self.settings
        return RetryPolicy(max_retries=s.max_retries, base_delay=s.backoff_base, max_delay=s.backoff_cap)

    def get_conn(
        self, headers: dict[Any, Any] | None = None, extra_options: dict[str, Any] | None = None
    ) -> requests.Session:
        """The API session (built once, shared by every call of this hook), never changed here.

        It holds no credentials itself: each request adds the key, version and Rest.li headers. So
        HttpHook's ``headers``/``extra_options`` (which would stick to every later call) are refused.
        """
        if headers or extra_options:
            raise LinkedInInputError(
                "headers" if headers else "extra_options",
                "get_conn() returns the hook's shared session, which is never changed (options set on it "
                "would apply to every later call).",
                "pass per-call headers to hook.request(method, path, headers=...) or hook.run(endpoint, "
                "headers=...).",
            )
        return self._api_session

    @cached_property
    def _api_session(self) -> ExactSession:
        """For the gateway (or api.linkedin.com) only: requests to it carry the key."""
        return new_session()

    @cached_property
    def upload_session(self) -> ExactSession:
        """For pre-signed upload URLs: no Authorization, no Maton header, ever.

        Request targets go out byte for byte as LinkedIn gave them (``%2f`` stays ``%2f``; see
        :func:`~maton_linkedin_provider.hooks._sessions.sendable_target`). Bodies are sent in
        blocks of :data:`UPLOAD_BLOCK_SIZE` (urllib3's default, 16 KiB, costs a Python round trip
        per 16 KiB on multi-MiB parts).
        """
        return new_session(UPLOAD_BLOCK_SIZE, exact_targets=True)

    def close(self) -> None:
        """Close pooled connections."""
        for name in ("_api_session", "upload_session", "_oauth_session"):
            if name in self.__dict__:
                self.__dict__.pop(name).close()

    # --- the single request path -----------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        restli_method: str | None = None,
        api: Literal["rest", "maton"] = "rest",
        effect: Effect | None = None,
        reconcile: Callable[[], str | None] | None = None,
        linkedin_version: str | None = None,
    ) -> ApiResult:
        """Send one logical API request under the retry policy; return the result or raise the mapped error.

        The one method resource code (posts, media, ads, exports, Maton connections) sends API
        requests through; :meth:`put_presigned` is its counterpart for pre-signed upload URLs, in the
        same retry loop. Users call :meth:`request` (the JSON body) or :meth:`paginate`.

        :param method: the HTTP method (a tunneled long query is sent as POST).
        :param path: the path under ``/rest`` (``api="rest"``) or under Maton's ``/connections``.
        :param params: query parameters, Rest.li-encoded.
        :param json: the JSON body.
        :param restli_method: ``X-RestLi-Method``.
        :param effect: ``read``, ``write`` or ``create``; default from the method, Rest.li method and action.
        :param reconcile: for creates: called after an ambiguous failure; returns the id of the
            object if it exists (then no second create is sent), ``None`` if it does not.
        """
        method = method.upper()
        s = self.settings
        send_headers: dict[str, str] = {}
        if api == "rest":
            url, query = s.rest_url(path, params)
            send_headers["X-Restli-Protocol-Version"] = "2.0.0"
        else:
            url = s.connections_url + ("/" + path.strip("/") if path.strip("/") else "")
            query = restli.encode_query(params) if params else ""
        if restli_method:
            send_headers["X-RestLi-Method"] = restli_method
        if headers:
            send_headers.update(headers)
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json, separators=(",", ":")).encode()
            send_headers["Content-Type"] = "application/json"
        elif method == "POST":
            body = b""
        send_method = method
        if len(query) > TUNNEL_THRESHOLD:
            send_method, body, tunnel_headers = self._tunnel(method, query, body)
            send_headers.update(tunnel_headers)
            query = ""
        full_url = f"{url}?{query}" if query else url
        shown_path = s.shown_path(url, query)
        action = params.get("action") if params else None
        effect = effect or effect_of(method, restli_method, action if isinstance(action, str) else None)
        return self._with_retries(
            lambda: self._send_api(
                send_method, full_url, send_headers, body, method, shown_path, linkedin_version, api == "rest"
            ),
            effect=effect,
            method=method,
            shown_path=shown_path,
            reconcile=reconcile,
        )

    def _send_api(
        self,
        send_method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        method: str,
        shown_path: str,
        version: str | None,
        versioned: bool,
    ) -> ApiResult:
        """One attempt of an API request, with the connection's current token and version.

        What :class:`~._credentials.Attempt` decides after a failure is carried out here (the
        trigger carries out the same decisions): a 401 in direct mode with a refresh token
        refreshes the token once and sends again; a 426 ``NONEXISTENT_VERSION`` under ``latest``
        steps back a month and sends again. Anything else goes to the retry loop around it.
        """
        s = self.settings
        attempt = creds.Attempt(s, version, versioned=versioned)
        token = attempt.token() or self._refreshed_token(None)
        # A bare access token: introspect once per process to warn before it lapses. With a refresh
        # token the hook renews the access token itself, and _refreshed_token warns about the
        # refresh token's end from the exchange's answer: introspecting would be a wasted request.
        if s.can_introspect and not s.can_refresh and creds.first_expiry_check(s.cache_key):
            self._warn_if_expiring(token)
        while True:
            send_headers = s.rest_headers(attempt.version, token) if versioned else s.auth_headers(token)
            send_headers.update(headers)
            prepared = self._api_session.prepare_exact(send_method, url, send_headers, body)
            try:
                result = self._send(self._api_session, prepared, method, shown_path, attempt.tried)
            except LinkedInAPIError as err:
                step = attempt.after(err)
                if step == "raise":
                    raise
                if step == "refresh":
                    token = self._refreshed_token(token)
                else:
                    self.log.info(
                        "LinkedIn-Version %s is not active; trying %s", attempt.previous, attempt.version
                    )
                continue
            resolved = attempt.succeeded()
            if resolved:
                self.log.info(creds.resolved_message(s, resolved))
            return result

    # --- direct-mode OAuth (refresh, introspection) -----------------------------------------------

    @cached_property
    def _oauth_session(self) -> ExactSession:
        """For LinkedIn's OAuth endpoints only: the one session the client secret and refresh token go on."""
        return new_session()

    def _oauth_post(self, endpoint: str, form: bytes) -> tuple[int, bytes]:
        """``POST {oauth_base_url}/{endpoint}`` with a form body; redirects are not followed (the
        secrets in the body go nowhere else). A network failure, a 429 or a 5xx is a transport
        error marked not-sent: the API request it was for has not gone out (retried)."""
        s = self.settings
        session = self._oauth_session
        prepared = session.prepare_exact("POST", s.oauth_url(endpoint), dict(creds.FORM_HEADERS), form)
        try:
            response = session.send(prepared, timeout=s.timeout, allow_redirects=False)
            content = response.content
        except requests.RequestException as exc:
            raise LinkedInTransportError(
                "POST",
                f"/oauth/v2/{endpoint}",
                type(exc).__name__ + _short_reason(exc, s.redact),
                failure=Failure.NOT_SENT,
                timed_out=timed_out(exc),
            ) from None
        creds.check_available(response.status_code, endpoint)  # 429/5xx: retried, not a refusal
        return response.status_code, content

    def _refreshed_token(self, stale: str | None) -> str:
        """A fresh access token from the refresh token (single-flight per connection and process).

        :param stale: the token that was refused (``None``: there is none yet). When another thread
            has already replaced it, that token is used and no second exchange is sent.
        :raises LinkedInTokenRefreshError: LinkedIn refused (``invalid_grant``: re-authorize).
        """
        s = self.settings
        if not s.can_refresh:  # from_connection guarantees a password otherwise
            return s.api_key
        key = s.cache_key
        with creds.refresh_lock(key):
            state = creds.token_state(key)
            if state is not None and state.access_token != stale:
                return state.access_token
            status, content = self._oauth_post("accessToken", creds.refresh_form(s))
            grant = creds.parse_grant(s, status, content)
            creds.mask_secrets(grant.access_token, grant.refresh_token)
            state = creds.store_grant(key, grant)
        days = (state.expires_at - time.time()) / 86400 if state.expires_at else None
        self.log.info(
            "Refreshed the LinkedIn access token of connection '%s'%s.",
            s.conn_id,
            f" (it {creds.expiry_text(days)})" if days is not None else "",
        )
        warning = creds.expiry_warning(s, days)
        if warning and creds.first_expiry_check((key, "refresh")):
            self.log.warning(warning)
        return state.access_token

    def introspect(self, token: str | None = None) -> creds.Introspection | None:
        """LinkedIn's view of the access token (``POST {oauth_base_url}/introspectToken``).

        Needs the connection's client_id and client_secret (direct mode); None when they are not set
        or LinkedIn refused them.
        """
        s = self.settings
        if not s.can_introspect:
            return None
        token = token or creds.Attempt(s).token()
        if not token:
            return None
        status, content = self._oauth_post("introspectToken", creds.introspect_form(s, token))
        return creds.parse_introspection(status, content)

    def _warn_if_expiring(self, token: str | None) -> None:
        """Warn when fewer than 7 days remain on a bare access token (never fails a call)."""
        try:
            found = self.introspect(token)
        except LinkedInTransportError as err:
            self.log.debug("Could not check the token's expiry: %s", err)
            return
        warning = creds.expiry_warning(self.settings, found.days_left() if found else None)
        if warning:
            self.log.warning(warning)

    def _with_retries(
        self,
        send_once: Callable[[], ApiResult],
        *,
        effect: Effect,
        method: str,
        shown_path: str,
        reconcile: Callable[[], str | None] | None = None,
    ) -> ApiResult:
        """Run ``send_once`` under the retry policy: the loop carries out what :func:`decide` says.

        Used for API calls and upload PUTs alike, so there is one retry loop in the provider:

        - ``RETRY``: wait :func:`sleep_time` (``Retry-After`` when given) and send again;
        - ``GIVE_UP``: raise the attempt's error;
        - ``RECONCILE`` (a create that may have been applied): look for the object with
          ``reconcile`` (:meth:`_reconciled`); return it if it exists, else retry within the budget.

        A plain loop rather than tenacity: the policy already lives in :func:`decide` and
        :func:`sleep_time`, a found create ends the loop with a result (which tenacity's ``retry=``
        callbacks cannot return), and building a ``Retrying`` per call showed in the request profile.
        """
        policy = self.retry_policy
        attempt = 0
        while True:
            attempt += 1
            try:
                return send_once()
            except (LinkedInAPIError, LinkedInTransportError) as err:
                failure, status, retry_after = _failure_of(err)
                action = decide(effect, failure, attempt, policy, status, retry_after)
                if action is Action.RECONCILE:
                    found = self._reconciled(err, reconcile, method, shown_path)
                    if found:
                        return ApiResult(201, {"x-restli-id": found}, b"", reconciled=True)
                    action = Action.RETRY if attempt <= policy.max_retries else Action.GIVE_UP
                if action is Action.GIVE_UP:
                    raise
                delay = sleep_time(attempt, policy, retry_after)
                self.log.warning(
                    "%s %s failed (%s); retry %d/%d in %.1fs",
                    method,
                    shown_path,
                    f"HTTP {status}" if status else failure.value,
                    attempt,
                    policy.max_retries,
                    delay,
                )
            self._sleep(delay)  # outside the except block: the next attempt's error has no context

    def _reconciled(
        self,
        err: LinkedInAPIError | LinkedInTransportError,
        reconcile: Callable[[], str | None] | None,
        method: str,
        shown_path: str,
    ) -> str | None:
        """After a create failed ambiguously: the id of the object if it exists, ``None`` if it does not.

        A create that timed out (read timeout, 408, 504) may still be landing: when the first look
        finds nothing, look again after :func:`settle_delay` (longer than the timeout) before the
        caller sends it a second time. Without ``reconcile`` the outcome stays unknown:
        :class:`LinkedInAmbiguousWriteError`.
        """
        status = err.status if isinstance(err, LinkedInAPIError) else None
        reason = self.settings.redact(f"HTTP {status}" if status else str(getattr(err, "reason", err)))
        if reconcile is None:
            raise LinkedInAmbiguousWriteError(method, shown_path, reason) from err
        found = reconcile()
        if not found and _still_applying(err):
            settle = settle_delay(self.settings.timeout)
            self.log.warning(
                "%s %s timed out (%s) and is not there yet; LinkedIn may still be applying it: "
                "looking again in %.1fs before sending it again",
                method,
                shown_path,
                reason,
                settle,
            )
            self._sleep(settle)
            found = reconcile()
        if found:
            self.log.warning(
                "%s %s failed ambiguously (%s) but the object exists (%s): not creating it again",
                method,
                shown_path,
                reason,
                found,
            )
        return found

    def put_presigned(self, url: str, body: Callable[[], Any], shown_path: str) -> ApiResult:
        """PUT bytes to a pre-signed upload URL, under the hook's retry loop (an idempotent write).

        The URL goes out byte for byte as LinkedIn gave it, through :attr:`upload_session`, which
        carries no Authorization or Maton header.

        :param body: makes the body of one attempt (e.g. a rewound streaming reader).
        :param shown_path: the request as messages show it (never the signed query).
        """
        session = self.upload_session
        headers = {"Content-Type": "application/octet-stream"}

        def send_once() -> ApiResult:
            prepared = session.prepare_exact("PUT", url, headers, body())
            return self._send(session, prepared, "PUT", shown_path)

        return self._with_retries(send_once, effect="write", method="PUT", shown_path=shown_path)

    def _send(
        self,
        session: requests.Session,
        prepared: requests.PreparedRequest,
        method: str,
        shown_path: str,
        version: str | None = None,
    ) -> ApiResult:
        """One HTTP exchange; errors become our exceptions, transport failures are classified."""
        s = self.settings
        pace(s, str(prepared.url))  # the connection's max_requests_per_second, shared in this process
        try:
            response = session.send(prepared, timeout=s.timeout, allow_redirects=True)
            content = response.content
        except requests.RequestException as exc:
            raise LinkedInTransportError(
                method,
                shown_path,
                type(exc).__name__ + _short_reason(exc, s.redact),
                failure=transport_failure(exc),
                timed_out=timed_out(exc),
            ) from None
        if response.status_code < 300:
            return ApiResult(response.status_code, response.headers, content)
        raise self._error(response.status_code, response.headers, content, method, shown_path, version)

    def _error(
        self,
        status: int,
        headers: Mapping[str, str],
        content: bytes,
        method: str,
        shown_path: str,
        version: str | None = None,
    ) -> LinkedInAPIError:
        """Map a failed response to its exception (``ClientSettings.error_for``, shared with the trigger)."""
        return self.settings.error_for(status, headers, content, method, shown_path, version)

    @staticmethod
    def _tunnel(method: str, query: str, body: bytes | None) -> tuple[str, bytes, dict[str, str]]:
        """Query tunneling: a long query string travels in a POST body (LinkedIn's rule past 4 KB)."""
        headers = {"X-HTTP-Method-Override": method}
        if not body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return "POST", query.encode(), headers
        boundary = "xxx" + format(abs(hash((query, len(body)))), "x")[:12]
        parts = (
            f"--{boundary}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{query}\r\n"
            f"--{boundary}\r\nContent-Type: application/json\r\n\r\n"
        ).encode()
        headers["Content-Type"] = f"multipart/mixed; boundary={boundary}"
        return "POST", parts + body + f"\r\n--{boundary}--\r\n".encode(), headers

    # --- public request API ----------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        restli_method: str | None = None,
        linkedin_version: str | None = None,
    ) -> Any:
        """Call any LinkedIn REST endpoint with the hook's auth, encoding and retries.

        :param method: GET, POST, PUT, DELETE or PATCH.
        :param path: the path under ``/rest``, e.g. ``/me`` or ``/adAccounts``.
        :param params: query parameters, Rest.li-encoded (lists, dicts, URNs nest freely).
        :param json: a JSON body.
        :param restli_method: ``X-RestLi-Method`` (``PARTIAL_UPDATE``, ``BATCH_GET``...).
        :return: the JSON body; ``{"id": ...}`` for a create answered with ``x-restli-id`` only;
            ``None`` for an empty answer.
        """
        verb = str(method).upper()
        if verb not in METHODS:
            raise LinkedInInputError("method", f"{method!r} is not an HTTP method.", f"use one of {METHODS}.")
        if linkedin_version:
            check_version(linkedin_version)
        result = self.call(
            verb,
            path,
            params=self._checked(params),
            json=json,
            headers=headers,
            restli_method=restli_method,
            linkedin_version=linkedin_version,
        )
        body = result.json()
        if body is None and result.restli_id:
            return {"id": result.restli_id}
        return body

    @staticmethod
    def _checked(params: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        if params is None:
            return None
        if not isinstance(params, Mapping):
            raise LinkedInInputError("params", f"must be a dict, got {type(params).__name__}.")
        with input_errors():
            restli.encode_query(params)
        return params

    def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        style: Literal["offset", "cursor"] = "offset",
        page_size: int | None = None,
        max_items: int | None = None,
        elements_key: str = "elements",
        restli_method: str | None = None,
    ) -> Iterator[Any]:
        """Yield elements across pages.

        Offset style (``start``/``count``, ``paging.total``) stops at a short or empty page or at the
        total; cursor style (``pageSize``/``pageToken``, ``metadata.nextPageToken``) stops when no
        token comes back. ``max_items`` stops early without fetching further pages.
        """
        if max_items is not None and max_items <= 0:
            return
        query = dict(self._checked(params) or {})
        seen = 0
        if style == "cursor":
            if page_size:
                query["pageSize"] = page_size
            while True:
                body = self.call("GET", path, params=query, restli_method=restli_method).json() or {}
                for element in body.get(elements_key) or []:
                    yield element
                    seen += 1
                    if max_items is not None and seen >= max_items:
                        return
                token = (body.get("metadata") or {}).get("nextPageToken")
                if not token:
                    return
                query["pageToken"] = token
        else:
            start = int(query.get("start") or 0)
            count = int(page_size or query.get("count") or 10)
            while True:
                query["start"], query["count"] = start, count
                body = self.call("GET", path, params=query, restli_method=restli_method).json() or {}
                elements = body.get(elements_key) or []
                for element in elements:
                    yield element
                    seen += 1
                    if max_items is not None and seen >= max_items:
                        return
                total = (body.get("paging") or {}).get("total")
                start += len(elements)
                if len(elements) < count or (isinstance(total, int) and start >= total):
                    return


def _short_reason(exc: BaseException, redact: Callable[[str], str]) -> str:
    """The network layer's words, secrets redacted before they are cut to 200 characters."""
    text = redact(str(exc))
    return f": {text[:200]}" if text else ""
