"""What may change while a process runs: the ``latest`` LinkedIn-Version and direct-mode OAuth tokens.

The one place both request paths (the sync hook's :mod:`._core` and the deferrable trigger) take
these from, so they resolve ``latest`` and refresh tokens the same way:

- :class:`Attempt`: one API request's choices. It starts at the cached (or configured) version and
  token; after a failure it says what to do: ``"refresh"`` (a 401 in direct mode with a refresh
  token: exchange it, at most once per 401), ``"step"`` (a 426 ``NONEXISTENT_VERSION`` under
  ``latest``: one month back, at most :data:`LATEST_STEPS` steps from the current UTC month) or
  ``"raise"``. A 426 is answered before LinkedIn does anything, so stepping back never doubles an
  effect.
- The process-wide caches (versions, tokens, the once-per-process expiry check), keyed by
  :attr:`~maton_linkedin_provider.hooks.settings.ClientSettings.cache_key` (connection id, base
  URL and a fingerprint of its credentials). A :class:`threading.Lock` guards only dictionary
  reads and writes (microseconds, never held across I/O), so the trigger's event loop never waits
  on it; the sync refresh is single-flight per key through :func:`refresh_lock` (held across the
  exchange, in worker threads only), the trigger's through an :class:`asyncio.Lock` per loop
  (:func:`async_refresh_lock`). A sync thread and a trigger in one process may each refresh once:
  harmless, LinkedIn's refresh token stays valid and both tokens work.
- The OAuth form bodies and the reading of LinkedIn's answers (facts and sources:
  ``docs/linkedin-oauth.md``). Nothing here sends a request.

No secret is ever logged or put in an exception here: messages name fields, never values.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from maton_linkedin_provider.exceptions import LinkedInTokenRefreshError, LinkedInTransportError
from maton_linkedin_provider.linkedin.retry import Failure
from maton_linkedin_provider.versions import LATEST

if TYPE_CHECKING:
    from collections.abc import Hashable

    from maton_linkedin_provider.exceptions import LinkedInAPIError
    from maton_linkedin_provider.hooks.settings import ClientSettings

#: Months ``latest`` steps back from the current UTC month (so at most 4 versions are tried).
LATEST_STEPS = 3
#: LinkedIn's OAuth 2.0 endpoints (``{base}/accessToken``, ``{base}/introspectToken``).
DEFAULT_OAUTH_BASE_URL = "https://www.linkedin.com/oauth/v2"
#: Warn when a token expires in fewer days than this.
EXPIRY_WARN_DAYS = 7
#: What the re-authorization messages say about refresh tokens' life.
REFRESH_LIFETIME = (
    "refresh tokens last about a year (365 days from the member's authorization; refreshing does "
    "not extend them)"
)

Step = Literal["refresh", "step", "raise"]


def month_versions(today: dt.date | None = None, steps: int = LATEST_STEPS) -> list[str]:
    """``YYYYMM`` of the current UTC month and the ``steps`` months before it, newest first."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    index = today.year * 12 + today.month - 1
    return [f"{(index - n) // 12:04d}{(index - n) % 12 + 1:02d}" for n in range(steps + 1)]


def is_nonexistent_version(err: LinkedInAPIError) -> bool:
    """A 426 that refuses the version (LinkedIn's ``NONEXISTENT_VERSION``; any 426 if no code)."""
    return err.status == 426 and err.code in (None, "NONEXISTENT_VERSION")


# --- process-wide state ---------------------------------------------------------------------------


@dataclass
class TokenState:
    """A token obtained in this process from a refresh token (never the connection's own fields)."""

    access_token: str
    expires_at: float | None = None
    refresh_token: str | None = None
    refresh_expires_at: float | None = None


@dataclass(frozen=True)
class Grant:
    """LinkedIn's answer to ``grant_type=refresh_token`` (seconds as LinkedIn gives them)."""

    access_token: str
    expires_in: float | None
    refresh_token: str | None
    refresh_token_expires_in: float | None


@dataclass(frozen=True)
class Introspection:
    """LinkedIn's answer to ``introspectToken``: ``status`` is active, expired or revoked."""

    active: bool
    status: str
    expires_at: float | None

    def days_left(self, now: float | None = None) -> float | None:
        if self.expires_at is None:
            return None
        return (self.expires_at - (time.time() if now is None else now)) / 86400


_LOCK = threading.Lock()
_VERSIONS: dict[Hashable, str] = {}
_TOKENS: dict[Hashable, TokenState] = {}
_CHECKED: set[Hashable] = set()
_REFRESH_LOCKS: dict[Hashable, threading.Lock] = {}
_ASYNC_LOCKS: dict[tuple[asyncio.AbstractEventLoop, Hashable], asyncio.Lock] = {}


def clear_caches() -> None:
    """Forget resolved versions, refreshed tokens and expiry checks (tests; a rotated secret)."""
    with _LOCK:
        _VERSIONS.clear()
        _TOKENS.clear()
        _CHECKED.clear()
        _ASYNC_LOCKS.clear()


def cached_version(key: Hashable) -> str | None:
    with _LOCK:
        return _VERSIONS.get(key)


def remember_version(key: Hashable, version: str) -> bool:
    """Cache the version ``latest`` resolved to; True when it is news (then log it, once)."""
    with _LOCK:
        news = _VERSIONS.get(key) != version
        _VERSIONS[key] = version
        return news


def token_state(key: Hashable) -> TokenState | None:
    with _LOCK:
        return _TOKENS.get(key)


def store_grant(key: Hashable, grant: Grant, now: float | None = None) -> TokenState:
    """Cache a refreshed token (and a rotated refresh token, if LinkedIn sent one)."""
    now = time.time() if now is None else now
    with _LOCK:
        old = _TOKENS.get(key)
        state = TokenState(
            access_token=grant.access_token,
            expires_at=now + grant.expires_in if grant.expires_in is not None else None,
            refresh_token=grant.refresh_token or (old.refresh_token if old else None),
            refresh_expires_at=(
                now + grant.refresh_token_expires_in
                if grant.refresh_token_expires_in is not None
                else (old.refresh_expires_at if old else None)
            ),
        )
        _TOKENS[key] = state
        return state


def mask_secrets(*secrets: str | None) -> None:
    """Register secrets with Airflow's secret masker (task and triggerer logs, rendered fields)."""
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:  # Airflow 3.0
        from airflow.sdk.execution_time.secrets_masker import (  # type: ignore[no-redef]
            mask_secret,
        )
    for secret in secrets:
        if secret:
            mask_secret(secret)


def live_secrets(key: Hashable) -> tuple[str, ...]:
    """The secrets obtained in this process for ``key`` (refreshed access and refresh tokens)."""
    with _LOCK:
        state = _TOKENS.get(key)
    if state is None:
        return ()
    return tuple(v for v in (state.access_token, state.refresh_token) if v)


def first_expiry_check(key: Hashable) -> bool:
    """True exactly once per process and key: the expiry warning is checked at most once."""
    with _LOCK:
        if key in _CHECKED:
            return False
        _CHECKED.add(key)
        return True


def refresh_lock(key: Hashable) -> threading.Lock:
    """The lock that makes a sync refresh single-flight for ``key`` (worker threads only)."""
    with _LOCK:
        return _REFRESH_LOCKS.setdefault(key, threading.Lock())


def async_refresh_lock(key: Hashable) -> asyncio.Lock:
    """The running loop's lock that makes a trigger's refresh single-flight for ``key``."""
    loop = asyncio.get_running_loop()
    with _LOCK:
        return _ASYNC_LOCKS.setdefault((loop, key), asyncio.Lock())


# --- one request's choices ------------------------------------------------------------------------


class Attempt:
    """The version and token one API request uses, and what to do after a failure.

    :param version: the call's ``LinkedIn-Version`` override (``None``: the connection's).
    :param versioned: False for a call that sends no ``LinkedIn-Version`` (Maton's ``/connections``,
        OAuth): it never resolves or caches ``latest``.
    """

    def __init__(
        self, settings: ClientSettings, version: str | None = None, *, versioned: bool = True
    ) -> None:
        self.settings = settings
        wanted = version or settings.linkedin_version
        self.latest = versioned and wanted == LATEST
        if self.latest:
            cached = cached_version(settings.cache_key)
            months = month_versions()
            self.versions = [cached] + [m for m in months if m != cached] if cached else months
        else:
            self.versions = [wanted]
        self._index = 0
        self.refreshed = False

    @property
    def version(self) -> str:
        return self.versions[self._index]

    @property
    def previous(self) -> str | None:
        """The version tried before this one (``latest`` stepping back), if any."""
        return self.versions[self._index - 1] if self._index else None

    @property
    def tried(self) -> str:
        """The versions tried so far, for a 426 message under ``latest``."""
        return (
            f"latest (tried {', '.join(self.versions[: self._index + 1])})" if self.latest else self.version
        )

    def token(self) -> str | None:
        """The access token to send: one refreshed in this process, else the connection's."""
        state = token_state(self.settings.cache_key)
        return state.access_token if state else (self.settings.api_key or None)

    def after(self, err: LinkedInAPIError) -> Step:
        """What to do after ``err``: refresh once per 401, step back a month on a 426, or raise."""
        if err.status == 401 and self.settings.can_refresh and not self.refreshed:
            self.refreshed = True
            return "refresh"
        if self.latest and is_nonexistent_version(err) and self._index + 1 < len(self.versions):
            self._index += 1
            return "step"
        return "raise"

    def succeeded(self) -> str | None:
        """After a success: the resolved version when ``latest`` found a new one (log it), else None."""
        if self.latest and remember_version(self.settings.cache_key, self.version):
            return self.version
        return None


def resolved_message(settings: ClientSettings, version: str) -> str:
    return (
        f"linkedin_version='latest' resolved to LinkedIn-Version {version} for connection "
        f"'{settings.conn_id}' (cached for this process)."
    )


# --- OAuth forms and answers ----------------------------------------------------------------------


def refresh_form(settings: ClientSettings) -> bytes:
    """The ``application/x-www-form-urlencoded`` body of a refresh (secrets in the body, never a URL)."""
    state = token_state(settings.cache_key)
    refresh_token = (state.refresh_token if state else None) or settings.refresh_token
    return urlencode(
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token or "",
            "client_id": settings.client_id or "",
            "client_secret": settings.client_secret or "",
        }
    ).encode()


def introspect_form(settings: ClientSettings, token: str) -> bytes:
    """The body of ``POST {oauth_base_url}/introspectToken``."""
    return urlencode(
        {"client_id": settings.client_id or "", "client_secret": settings.client_secret or "", "token": token}
    ).encode()


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


def _body(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content) if content else {}
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _seconds(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def check_available(status: int, endpoint: str) -> None:
    """A 429 or 5xx from an OAuth endpoint is no refusal: a transport error marked not-sent (the API
    request the token was for has not gone out), which the retry loops retry for any effect.

    :raises LinkedInTransportError: for 429 and 5xx; other statuses are the parsers' to read.
    """
    if status == 429 or status >= 500:
        raise LinkedInTransportError(
            "POST", f"/oauth/v2/{endpoint}", f"HTTP {status}", failure=Failure.NOT_SENT
        )


def parse_grant(settings: ClientSettings, status: int, content: bytes) -> Grant:
    """A refresh's answer, or :class:`LinkedInTokenRefreshError` saying what to do."""
    body = _body(content)
    token = body.get("access_token")
    if status == 200 and isinstance(token, str) and token:
        rotated = body.get("refresh_token")
        return Grant(
            access_token=token,
            expires_in=_seconds(body.get("expires_in")),
            refresh_token=rotated if isinstance(rotated, str) and rotated else None,
            refresh_token_expires_in=_seconds(body.get("refresh_token_expires_in")),
        )
    raise refresh_error(settings, status, body)


def refresh_error(settings: ClientSettings, status: int, body: dict[str, Any]) -> LinkedInTokenRefreshError:
    code = str(body.get("error") or "") or None
    said = settings.redact(str(body.get("error_description") or ""))[:200]
    conn = f"connection '{settings.conn_id}'"
    if code == "invalid_grant":
        text = (
            f"LinkedIn refused the refresh token of {conn} (invalid_grant: it expired or was revoked). "
            "Re-authorize the app (LinkedIn's authorization code flow) and put the new refresh token "
            f"in the connection's 'refresh_token' extra: {REFRESH_LIFETIME}."
        )
    elif code == "invalid_client" or status == 401:
        text = (
            f"LinkedIn refused the client_id/client_secret of {conn} (invalid_client). Copy both "
            "from the app's Auth tab in the LinkedIn Developer Portal into the connection's extras."
        )
    elif status == 200:
        text = f"LinkedIn's token endpoint answered {conn}'s refresh without an access_token."
    else:
        why = f"HTTP {status}, {code}" if code else f"HTTP {status}"
        text = f"LinkedIn's token endpoint refused {conn}'s refresh ({why})."
    if said:
        text += f" LinkedIn said: {said}"
    return LinkedInTokenRefreshError(text, status=status, code=code)


def parse_introspection(status: int, content: bytes) -> Introspection | None:
    """An ``introspectToken`` answer; None when LinkedIn refused it (bad client id/secret, 400/401)."""
    if status != 200:
        return None
    body = _body(content)
    active = body.get("active") is True
    return Introspection(
        active=active,
        status=str(body.get("status") or ("active" if active else "expired")),
        expires_at=_seconds(body.get("expires_at")),
    )


def expiry_text(days: float) -> str:
    """``"expires in 12 days"`` (``"expires today"`` under a day, ``"expired"`` past it)."""
    if days < 0:
        return "expired"
    whole = int(days)
    if whole == 0:
        return "expires today"
    return f"expires in {whole} day{'s' if whole != 1 else ''}"


def expiry_warning(settings: ClientSettings, access_days: float | None) -> str | None:
    """The warning when the binding deadline is fewer than :data:`EXPIRY_WARN_DAYS` days away.

    With a refresh token the access token is renewed on its own; the deadline that needs a person
    is the refresh token's (known once a refresh has answered ``refresh_token_expires_in``).
    """
    conn = f"connection '{settings.conn_id}'"
    if settings.can_refresh:
        state = token_state(settings.cache_key)
        if state is None or state.refresh_expires_at is None:
            return None
        days = (state.refresh_expires_at - time.time()) / 86400
        if days >= EXPIRY_WARN_DAYS:
            return None
        return (
            f"The LinkedIn refresh token of {conn} {expiry_text(days)}: re-authorize the app and put "
            f"the new refresh token in the 'refresh_token' extra ({REFRESH_LIFETIME})."
        )
    if access_days is None or access_days >= EXPIRY_WARN_DAYS:
        return None
    return (
        f"The LinkedIn access token of {conn} {expiry_text(access_days)} (access tokens last 60 days). "
        "Put a new one in the password field, or set the client_id, client_secret and refresh_token "
        "extras so the hook refreshes it."
    )
