"""The connection, read and checked once: base URLs, headers and limits.

Shared by :class:`~maton_linkedin_provider.hooks.linkedin.MatonLinkedInHook` (requests) and the
deferrable trigger (aiohttp), so both build the same URLs and headers from the same code. It holds
the key; ``repr()`` never shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from maton_linkedin_provider.constants import DEFAULT_LINKEDIN_VERSION
from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInInputError, error_from_response
from maton_linkedin_provider.hooks._credentials import (
    DEFAULT_OAUTH_BASE_URL,
    cached_version,
    live_secrets,
)
from maton_linkedin_provider.linkedin import restli
from maton_linkedin_provider.linkedin.retry import parse_retry_after
from maton_linkedin_provider.versions import LATEST as LATEST
from maton_linkedin_provider.versions import check_version as check_version

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_GATEWAY_URL = "https://api.maton.ai"
DIRECT_HOST = "api.linkedin.com"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 5
#: Query strings longer than this go in a POST body with ``X-HTTP-Method-Override``
#: (LinkedIn answers 414 past about 4 KB).
TUNNEL_THRESHOLD = 4000
#: Warn when the version is older than this many months (it sunsets at about 12).
VERSION_WARN_MONTHS = 11

_REQUEST_ID_HEADERS = ("x-li-uuid", "x-li-request-id", "x-restli-request-id", "x-request-id")
_EXTRA_PREFIX = "extra__maton_linkedin__"
#: What a secret echoed back by the server is replaced with.
REDACTED = "***"
#: Secrets shorter than this are not searched for (a 1-character connection id would mangle text).
MIN_SECRET_LENGTH = 4


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every one of ``secrets`` replaced by :data:`REDACTED` (longest first)."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redact_json(value: Any, secrets: tuple[str, ...]) -> Any:
    """A parsed JSON body with every string redacted (catches secrets written with JSON escapes)."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, list):
        return [_redact_json(v, secrets) for v in value]
    if isinstance(value, dict):
        return {redact(str(k), secrets): _redact_json(v, secrets) for k, v in value.items()}
    return value


def version_age_months(version: str, today: dt.date | None = None) -> int:
    """Whole months between a ``YYYYMM`` version's release and ``today``."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    year, month = int(version[:4]), int(version[4:6])
    return (today.year * 12 + today.month) - (year * 12 + month)


def _extra(extra: Mapping[str, Any], name: str) -> Any:
    value = extra.get(name)
    if value in (None, ""):
        value = extra.get(_EXTRA_PREFIX + name)
    return None if value == "" else value


def _number(value: Any, field_name: str, conn_id: str, *, integer: bool = False) -> float:
    try:
        number = int(value) if integer else float(value)
    except (TypeError, ValueError):
        raise LinkedInInputError(
            f"extra.{field_name}",
            f"{value!r} in connection '{conn_id}' is not a number.",
            f"set a {'whole ' if integer else ''}number, or remove it for the default.",
        ) from None
    if number < 0:
        raise LinkedInInputError(f"extra.{field_name}", f"must not be negative in '{conn_id}'.")
    return number


def _oauth_base_url(value: Any, conn_id: str) -> str:
    """The ``oauth_base_url`` extra (LinkedIn's OAuth endpoints are on www.linkedin.com, not the API)."""
    raw = str(value).strip() if value else DEFAULT_OAUTH_BASE_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in raw or parts.query:
        raise LinkedInInputError(
            "extra.oauth_base_url",
            f"{raw!r} in connection '{conn_id}' is not an http(s) base URL.",
            f"use {DEFAULT_OAUTH_BASE_URL} (LinkedIn's) or the sandbox's oauth_base_url, or remove it.",
        )
    return raw.rstrip("/")


_REFRESH_FIELDS = ("client_id", "client_secret", "refresh_token")


def _refresh_fields(extra: Mapping[str, Any], conn_id: str, direct: bool) -> dict[str, str | None]:
    """``client_id``, ``client_secret`` and ``refresh_token``: all three or none, direct mode only."""
    found = {
        name: (str(_extra(extra, name)).strip() or None) if _extra(extra, name) else None
        for name in _REFRESH_FIELDS
    }
    given = [name for name, value in found.items() if value]
    if found["refresh_token"] and not direct:
        raise LinkedInInputError(
            "extra.refresh_token",
            f"connection '{conn_id}' goes through the Maton gateway, which manages LinkedIn tokens itself.",
            "remove client_id, client_secret and refresh_token, or set the host to https://api.linkedin.com "
            "(direct mode).",
        )
    if found["refresh_token"] and len(given) < len(_REFRESH_FIELDS):
        missing = [name for name in _REFRESH_FIELDS if not found[name]]
        raise LinkedInInputError(
            "extra." + missing[0],
            f"connection '{conn_id}' has a refresh_token but no {' and no '.join(missing)}.",
            "a refresh needs client_id, client_secret and refresh_token (the app's Auth tab in the "
            "LinkedIn Developer Portal has the first two).",
        )
    return found


def _base_url(host: str | None, port: int | None, conn_id: str) -> tuple[str, bool]:
    raw = (host or "").strip() or DEFAULT_GATEWAY_URL
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        parsed_port = parts.port
    except ValueError as err:
        raise LinkedInInputError(
            "host", f"{host!r} in connection '{conn_id}' is not a URL ({err}).", "use https://api.maton.ai"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in raw or parts.query:
        raise LinkedInInputError(
            "host",
            f"{host!r} in connection '{conn_id}' is not an http(s) base URL.",
            "use https://api.maton.ai (the gateway), https://api.linkedin.com (direct) or the sandbox's URL.",
        )
    netloc = parts.netloc
    if port and parsed_port is None:
        netloc = f"{netloc}:{port}"
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{netloc}{path}", parts.hostname == DIRECT_HOST


@dataclass(frozen=True)
class ClientSettings:
    """Everything a request needs from the connection, validated.

    :param conn_id: the Airflow connection id (named in error messages).
    :param base_url: scheme, host and port (and an optional path) of the gateway or api.linkedin.com.
    :param direct: direct mode: ``/rest`` without the ``/linkedin`` prefix, no Maton headers.
    :param maton_connection: the ``Maton-Connection`` header value, if set.
    :param linkedin_version: the ``LinkedIn-Version`` header value.
    :param timeout: request timeout in seconds.
    :param max_retries: retries after the first attempt.
    :param backoff_base: first backoff in seconds (doubles per attempt, capped at ``backoff_cap``).
    :param connections_url: Maton's connection-management base (``{gateway}/connections``).
    :param client_id: direct mode: the LinkedIn app's client id (refresh and introspection).
    :param client_secret: direct mode: the app's client secret (sent only to ``oauth_base_url``).
    :param refresh_token: direct mode: exchanged for access tokens (sent only to ``oauth_base_url``).
    :param oauth_base_url: LinkedIn's OAuth endpoints, default ``https://www.linkedin.com/oauth/v2``.
    :param max_requests_per_second: this process's request budget for the connection (``None``/0: none).
    """

    conn_id: str
    base_url: str
    direct: bool
    api_key: str = field(repr=False)
    maton_connection: str | None = None
    linkedin_version: str = DEFAULT_LINKEDIN_VERSION
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    connections_url: str = ""
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    max_requests_per_second: float | None = None

    @classmethod
    def from_connection(
        cls,
        conn: Any,
        *,
        linkedin_version: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ClientSettings:
        """Read an Airflow ``Connection``; explicit arguments win over the connection's extras."""
        conn_id = conn.conn_id
        key = (conn.password or "").strip()
        extra = conn.extra_dejson if isinstance(conn.extra_dejson, dict) else {}
        base_url, direct = _base_url(conn.host, conn.port, conn_id)
        forced = _extra(extra, "direct")
        if forced is not None:
            direct = str(forced).strip().lower() in ("1", "true", "yes")
        oauth = _refresh_fields(extra, conn_id, direct)
        if not key and not oauth["refresh_token"]:
            raise LinkedInInputError(
                "password",
                f"connection '{conn_id}' has no Maton API key (or, in direct mode, LinkedIn access token).",
                "put the key in the connection's password field ('Maton API key' in the UI), or "
                'AIRFLOW_CONN_... \'{"conn_type": "maton_linkedin", "password": "..."}\' (direct mode may '
                "instead set the client_id, client_secret and refresh_token extras).",
            )
        version = linkedin_version or _extra(extra, "linkedin_version") or DEFAULT_LINKEDIN_VERSION
        field_name = "linkedin_version" if linkedin_version else "extra.linkedin_version"
        maton_connection = _extra(extra, "maton_connection")
        raw_timeout = timeout if timeout is not None else _extra(extra, "timeout")
        raw_retries = max_retries if max_retries is not None else _extra(extra, "max_retries")
        base = _extra(extra, "backoff_base")
        cap = _extra(extra, "backoff_cap")
        origin = base_url
        for suffix in ("/linkedin/rest", "/rest", "/linkedin"):
            if origin.endswith(suffix):
                origin = origin[: -len(suffix)]
                break
        return cls(
            conn_id=conn_id,
            base_url=base_url,
            direct=direct,
            api_key=key,
            maton_connection=str(maton_connection).strip() if maton_connection else None,
            linkedin_version=check_version(version, field_name),
            timeout=DEFAULT_TIMEOUT if raw_timeout is None else _number(raw_timeout, "timeout", conn_id),
            max_retries=(
                DEFAULT_MAX_RETRIES
                if raw_retries is None
                else int(_number(raw_retries, "max_retries", conn_id, integer=True))
            ),
            backoff_base=1.0 if base is None else _number(base, "backoff_base", conn_id),
            backoff_cap=30.0 if cap is None else _number(cap, "backoff_cap", conn_id),
            connections_url=str(_extra(extra, "connections_url") or origin + "/connections").rstrip("/"),
            client_id=oauth["client_id"] if direct else None,
            client_secret=oauth["client_secret"] if direct else None,
            refresh_token=oauth["refresh_token"],
            oauth_base_url=_oauth_base_url(_extra(extra, "oauth_base_url"), conn_id),
            max_requests_per_second=_number(
                _extra(extra, "max_requests_per_second") or 0, "max_requests_per_second", conn_id
            )
            or None,
        )

    @cached_property
    def cache_key(self) -> tuple[str, str, str]:
        """What the process-wide caches (``latest``, refreshed tokens) are keyed by: the connection
        id, its base URL and a fingerprint of its credentials (a changed secret starts afresh)."""
        material = "\0".join((self.api_key, self.client_id or "", self.refresh_token or ""))
        return self.conn_id, self.base_url, hashlib.sha256(material.encode()).hexdigest()[:16]

    @property
    def can_refresh(self) -> bool:
        """Direct mode with a refresh token (and so a client id and secret)."""
        return self.direct and bool(self.refresh_token)

    @property
    def can_introspect(self) -> bool:
        """Direct mode with the app's client id and secret (what ``introspectToken`` needs)."""
        return self.direct and bool(self.client_id and self.client_secret)

    def oauth_url(self, endpoint: str) -> str:
        """``{oauth_base_url}/accessToken`` or ``/introspectToken``: the only place the client
        secret and refresh token are sent."""
        return f"{self.oauth_base_url}/{endpoint}"

    @property
    def rest_root(self) -> str:
        """``{base}/linkedin/rest`` through the gateway, ``{base}/rest`` in direct mode."""
        if self.base_url.endswith("/rest"):
            return self.base_url
        if self.direct:
            return self.base_url + "/rest"
        if self.base_url.endswith("/linkedin"):
            return self.base_url + "/rest"
        return self.base_url + "/linkedin/rest"

    def auth_headers(self, token: str | None = None) -> dict[str, str]:
        """Authorization (and Maton-Connection through the gateway). Only ever sent to ``base_url``.

        :param token: direct mode: the access token to send (one refreshed in this process).
        """
        headers = {"Authorization": f"Bearer {token or self.api_key}"}
        if self.maton_connection and not self.direct:
            headers["Maton-Connection"] = self.maton_connection
        return headers

    def rest_headers(self, linkedin_version: str | None = None, token: str | None = None) -> dict[str, str]:
        """Headers of every REST call: auth, ``LinkedIn-Version``, ``X-Restli-Protocol-Version``."""
        headers = self.auth_headers(token)
        headers["LinkedIn-Version"] = linkedin_version or self.linkedin_version
        headers["X-Restli-Protocol-Version"] = "2.0.0"
        return headers

    def rest_url(self, path: str, params: Mapping[str, Any] | None = None) -> tuple[str, str]:
        """``(url_without_query, encoded_query)`` for a REST path such as ``/me`` or ``/posts/{key}``."""
        route = path.split("?", 1)[0].strip().strip("/") if isinstance(path, str) else ""
        if route in ("", "rest") or "://" in path or ".." in route.split("/"):
            raise LinkedInInputError(
                "endpoint", f"{path!r} must be a path under /rest, like '/me' or 'adAccounts'."
            )
        path = "/" + path.lstrip("/")
        if path.startswith("/rest/"):
            path = path[len("/rest") :]
        query = ""
        if "?" in path:
            path, query = path.split("?", 1)
        if "urn:" in path:  # a raw URN segment is encoded whole, as LinkedIn requires
            path = "/".join(
                restli.encode_key(seg) if seg.startswith("urn:") else seg for seg in path.split("/")
            )
        encoded = restli.encode_query(params) if params else ""
        if encoded:
            query = f"{query}&{encoded}" if query else encoded
        return self.rest_root + path, query

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values no message may show: the key, the ``Maton-Connection`` id, the client secret,
        the refresh token and the tokens refreshed in this process (and their percent-encoded
        forms), longest first."""
        found: set[str] = set()
        values = (self.api_key, self.maton_connection, self.client_secret, self.refresh_token)
        for value in values + live_secrets(self.cache_key):
            if value and len(value) >= MIN_SECRET_LENGTH:
                found.update((value, quote(value, safe="")))
        return tuple(sorted(found, key=len, reverse=True))

    def redact(self, text: str) -> str:
        """``text`` (a message, body excerpt or request id from the server) without the secrets."""
        return redact(text, self.secrets)

    def redact_answer(self, headers: Mapping[str, str], content: bytes) -> tuple[dict[str, str], bytes]:
        """A raw answer's headers and body without the secrets (a gateway may echo them)."""
        for secret in self.secrets:
            content = content.replace(secret.encode(), REDACTED.encode())
        return {k: self.redact(str(v)) for k, v in headers.items()}, content

    def describe(self) -> str:
        """Where requests go, for logs and the Test button (no key)."""
        mode = "LinkedIn directly" if self.direct else "the Maton gateway"
        version = self.linkedin_version
        if version == LATEST:
            resolved = cached_version(self.cache_key)
            version = f"latest = {resolved}" if resolved else "latest"
        return f"{mode} at {self.base_url} (LinkedIn-Version {version})"

    def shown_path(self, url: str, query: str = "") -> str:
        """The request as messages show it: path and (start of the) query, never host or key."""
        path = url[len(self.base_url) :] if url.startswith(self.base_url) else urlsplit(url).path
        return (path or "/") + (f"?{query[:200]}" if query else "")

    def error_for(
        self,
        status: int,
        headers: Mapping[str, str],
        content: bytes,
        method: str,
        shown_path: str,
        version: str | None = None,
    ) -> LinkedInAPIError:
        """The exception for a failed response: the one mapping, used by the hook and the trigger.

        What the server echoes (message, body excerpt, request id) is redacted first: a gateway that
        repeats the key or the ``Maton-Connection`` id puts ``***`` in the message, never the secret.

        :param version: the version the message names (``latest (tried ...)``); default the setting.
        """
        secrets = self.secrets
        for secret in secrets:
            content = content.replace(secret.encode(), REDACTED.encode())
        try:
            body: Any = _redact_json(json.loads(content), secrets) if content else None
        except ValueError:
            body = content.decode("utf-8", "replace")
        request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)
        if request_id is not None:
            request_id = redact(request_id, secrets)
        return error_from_response(
            status,
            body,
            method=method,
            path=shown_path,
            conn_id=self.conn_id,
            request_id=request_id,
            retry_after=parse_retry_after(headers.get("Retry-After")),
            direct=self.direct,
            version=version or self.linkedin_version,
        )
