"""LinkedInMediaStatusTrigger: wait for a video (image, document) to finish processing, in the triggerer.

It shares its parts with the sync hook instead of copying them: the media path and URN check
(:func:`~maton_linkedin_provider.linkedin.media.media_path`), the reading of a status
(:func:`~maton_linkedin_provider.linkedin.media.classify`), the retry decision
(:func:`~maton_linkedin_provider.linkedin.retry.decide` / ``sleep_time``), the credential rule on
redirects (:func:`~maton_linkedin_provider.linkedin.redirects.strip_credentials`), and URLs, headers
and error mapping (:class:`~maton_linkedin_provider.hooks.settings.ClientSettings`). It serializes
only primitives (never the key: the connection is read inside ``run()``, per trigger) and yields
exactly one event, whose text never carries the key or the ``Maton-Connection`` id (redacted,
as :meth:`~maton_linkedin_provider.hooks.settings.ClientSettings.error_for` redacts).

The triggers of one event loop share one HTTP connection pool per base URL (see
:func:`shared_session`): 2,000 deferred waits hold a bounded number of sockets, not 2,000.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING, Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.media import classify, media_path
from maton_linkedin_provider.linkedin.redirects import REDIRECT_STATUSES, strip_credentials
from maton_linkedin_provider.linkedin.retry import Action, Failure, RetryPolicy, decide, sleep_time

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Mapping

    import aiohttp

    from maton_linkedin_provider.hooks.settings import ClientSettings

#: Redirects one poll follows.
MAX_REDIRECTS = 5
#: Connections the shared pool of one (event loop, base URL) keeps open at most; polls beyond
#: that queue for a free connection (they are short GETs).
POOL_LIMIT = 64


class _Shared:
    """One pooled ``aiohttp.ClientSession`` and how many running triggers use it."""

    __slots__ = ("session", "users")

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.users = 0


#: Pools by (running event loop, base URL). Airflow's triggerer runs every trigger in one event
#: loop (one thread), so the get-or-create below has no await in it and needs no lock; keying by
#: loop keeps a session from ever being used on a loop it was not made on.
_SESSIONS: dict[tuple[asyncio.AbstractEventLoop, str], _Shared] = {}


@contextlib.asynccontextmanager
async def shared_session(base_url: str) -> AsyncIterator[aiohttp.ClientSession]:
    """The session the triggers of this event loop share for ``base_url``; closed with its last user.

    It holds no credentials and no per-connection setting: headers (the key, Maton-Connection,
    LinkedIn-Version) and the timeout go with each request, from each trigger's own connection.
    Cookies are not kept (a cookie set for one trigger's key must not travel with another's).
    """
    import aiohttp

    key = (asyncio.get_running_loop(), base_url)
    shared = _SESSIONS.get(key)
    if shared is None or shared.session.closed:
        shared = _Shared(
            aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=POOL_LIMIT, limit_per_host=POOL_LIMIT),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        )
        _SESSIONS[key] = shared
    shared.users += 1
    try:
        yield shared.session
    finally:
        shared.users -= 1
        if shared.users == 0:
            if _SESSIONS.get(key) is shared:
                del _SESSIONS[key]
            await shared.session.close()


async def _get(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], shown: str, timeout: float
) -> tuple[int, Mapping[str, str], bytes]:
    """GET ``url`` and follow redirects as the sync hook does: credentials never leave the origin.

    aiohttp drops ``Authorization`` on a redirect to another origin but forwards every other
    header, ``Maton-Connection`` included, so redirects are followed here instead.
    """
    import aiohttp
    from yarl import URL

    from maton_linkedin_provider.exceptions import LinkedInError

    limit = aiohttp.ClientTimeout(total=timeout)
    # encoded=True: yarl would otherwise normalize the URN's %3A back to ':' (LinkedIn's 400).
    target = URL(url, encoded=True)
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(target, headers=headers, allow_redirects=False, timeout=limit) as response:
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response.status, response.headers, await response.read()
            here = response.url
        target = here.join(URL(location, encoded=True))
        headers = strip_credentials(headers, str(here), str(target))
    raise LinkedInError(f"GET {shown} was redirected more than {MAX_REDIRECTS} times.")


class LinkedInMediaStatusTrigger(BaseTrigger):
    """Poll a media URN until it is AVAILABLE, PROCESSING_FAILED or stuck in WAITING_UPLOAD.

    A failed poll (5xx, 429, network) is retried as the sync hook retries a GET
    (:func:`~maton_linkedin_provider.linkedin.retry.decide`), with ``max_failed_polls`` as the
    retry budget: the policy's ``max_retries``, counted over consecutive failures (a good poll
    restores it). The wait before the next poll is the longer of ``poll_interval`` and the policy's
    backoff (or ``Retry-After``); a ``Retry-After`` longer than ``max_retry_after`` is not waited
    for: the trigger ends with an error event at once.

    :param media_urn: ``urn:li:video:...``, ``urn:li:image:...`` or ``urn:li:document:...``.
    :param maton_conn_id: the ``maton_linkedin`` connection id.
    :param linkedin_version: ``LinkedIn-Version`` override.
    :param poll_interval: seconds between polls (the least wait between two polls).
    :param waiting_upload_grace: seconds a media may stay WAITING_UPLOAD before it is an error.
    :param max_failed_polls: consecutive failed polls retried (5xx, 429, network).
    :param started_at: epoch seconds when the wait began (for the grace period across deferrals).
    :param max_retry_after: the longest ``Retry-After`` (seconds) waited for (the hook's default cap).
    """

    def __init__(
        self,
        media_urn: str,
        maton_conn_id: str = DEFAULT_CONN_ID,
        linkedin_version: str | None = None,
        poll_interval: float = 30.0,
        waiting_upload_grace: float = 600.0,
        max_failed_polls: int = 5,
        started_at: float | None = None,
        max_retry_after: float = RetryPolicy.max_retry_after,
    ) -> None:
        super().__init__()
        self.media_urn = media_urn
        self.maton_conn_id = maton_conn_id
        self.linkedin_version = linkedin_version
        self.poll_interval = float(poll_interval)
        self.waiting_upload_grace = float(waiting_upload_grace)
        self.max_failed_polls = int(max_failed_polls)
        self.started_at = float(started_at) if started_at is not None else time.time()
        self.max_retry_after = float(max_retry_after)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{self.__class__.__module__}.{self.__class__.__qualname__}",
            {
                "media_urn": self.media_urn,
                "maton_conn_id": self.maton_conn_id,
                "linkedin_version": self.linkedin_version,
                "poll_interval": self.poll_interval,
                "waiting_upload_grace": self.waiting_upload_grace,
                "max_failed_polls": self.max_failed_polls,
                "started_at": self.started_at,
                "max_retry_after": self.max_retry_after,
            },
        )

    def retry_policy(self, settings: ClientSettings) -> RetryPolicy:
        """The sync hook's policy shape (the connection's backoff) with this trigger's budget and cap."""
        return RetryPolicy(
            max_retries=self.max_failed_polls,
            base_delay=settings.backoff_base,
            max_delay=settings.backoff_cap,
            max_retry_after=self.max_retry_after,
        )

    async def _settings(self) -> ClientSettings:
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
        from maton_linkedin_provider.hooks.settings import ClientSettings

        try:
            from airflow.providers.common.compat.connection import get_async_connection

            conn = await get_async_connection(self.maton_conn_id, hook=MatonLinkedInHook)
        except ImportError:  # pragma: no cover - older common-compat
            from asgiref.sync import sync_to_async

            conn = await sync_to_async(MatonLinkedInHook.get_connection)(self.maton_conn_id)
        return ClientSettings.from_connection(conn, linkedin_version=self.linkedin_version)

    async def _poll(
        self, session: aiohttp.ClientSession, settings: ClientSettings, path: str
    ) -> dict[str, Any]:
        """One GET of the media record; errors mapped exactly as the sync hook maps them.

        The version and token come from the same :class:`~maton_linkedin_provider.hooks._credentials.Attempt`
        as the sync hook's: ``latest`` steps back a month on a 426, a 401 in direct mode with a
        refresh token refreshes once (:meth:`_refreshed_token`) and polls again.
        """
        import json

        from maton_linkedin_provider.hooks._credentials import Attempt, resolved_message

        url, query = settings.rest_url(path)
        shown = settings.shown_path(url, query)
        attempt = Attempt(settings)
        token = attempt.token() or await self._refreshed_token(settings, None)
        while True:
            headers = settings.rest_headers(attempt.version, token)
            status, answer_headers, content = await _get(session, url, headers, shown, settings.timeout)
            if status < 300:
                resolved = attempt.succeeded()
                if resolved:
                    self.log.info(resolved_message(settings, resolved))
                media: dict[str, Any] = json.loads(content) if content else {}
                return media
            err = settings.error_for(status, answer_headers, content, "GET", shown, attempt.tried)
            step = attempt.after(err)
            if step == "raise":
                raise err
            if step == "refresh":
                token = await self._refreshed_token(settings, token)

    async def _refreshed_token(self, settings: ClientSettings, stale: str | None) -> str:
        """The sync hook's refresh, on the event loop: single-flight per connection through an
        ``asyncio.Lock`` (no thread lock is held across the exchange), the form POSTed to
        ``oauth_base_url`` only, redirects not followed.

        :raises LinkedInTokenRefreshError: LinkedIn refused the refresh token (re-authorize).
        """
        import aiohttp
        from yarl import URL

        from maton_linkedin_provider.hooks import _credentials as creds

        if not settings.can_refresh:
            return settings.api_key
        key = settings.cache_key
        async with creds.async_refresh_lock(key):
            state = creds.token_state(key)
            if state is not None and state.access_token != stale:
                return state.access_token
            async with (
                shared_session(settings.oauth_base_url) as session,
                session.post(
                    URL(settings.oauth_url("accessToken"), encoded=True),
                    data=creds.refresh_form(settings),
                    headers=creds.FORM_HEADERS,
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=settings.timeout),
                ) as response,
            ):
                status, content = response.status, await response.read()
            creds.check_available(status, "accessToken")  # 429/5xx: a failed poll, retried
            grant = creds.parse_grant(settings, status, content)
            creds.mask_secrets(grant.access_token, grant.refresh_token)
            state = creds.store_grant(key, grant)
        self.log.info("Refreshed the LinkedIn access token of connection '%s'.", settings.conn_id)
        return state.access_token

    async def run(self) -> AsyncIterator[TriggerEvent]:
        # The pooled session is released before the event is yielded: a triggerer that drops the
        # generator after its one event leaves nothing open.
        yield TriggerEvent(await self._wait())

    async def _wait(self) -> dict[str, Any]:
        try:
            path = media_path(self.media_urn, field="media_urn")
        except InvalidValue as err:
            return {"status": "error", "message": str(err)}
        try:
            settings = await self._settings()
        except Exception as err:
            return {"status": "error", "message": f"{type(err).__name__}: {err}"}
        async with shared_session(settings.base_url) as session:
            return await self._poll_until_done(session, settings, path)

    async def _poll_until_done(
        self, session: aiohttp.ClientSession, settings: ClientSettings, path: str
    ) -> dict[str, Any]:
        import aiohttp

        from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInError, LinkedInTransportError

        policy = self.retry_policy(settings)
        failures = 0
        polls = 0
        while True:
            status: int | None = None
            retry_after: float | None = None
            error: Exception
            try:
                media = await self._poll(session, settings, path)
            except LinkedInAPIError as err:
                failure, status, error = Failure.STATUS, err.status, err
                retry_after = getattr(err, "retry_after", None)
            except aiohttp.ClientConnectorError as err:  # refused, DNS, connect timeout: never sent
                failure, error = Failure.NOT_SENT, err
            except LinkedInTransportError as err:  # the token endpoint was unavailable: poll not sent
                failure, error = err.failure, err
            except (aiohttp.ClientError, asyncio.TimeoutError) as err:
                failure, error = Failure.AMBIGUOUS, err
            except LinkedInError as err:  # too many redirects
                return {"status": "error", "message": settings.redact(str(err))}
            else:
                polls += 1
                failures = 0
                event = classify(media, time.time() - self.started_at, self.waiting_upload_grace)
                if event is not None:
                    event["polls"] = polls
                    if isinstance(event.get("reason"), str):
                        event["reason"] = settings.redact(event["reason"])
                    return event
                self.log.info("%s is %s (poll %d)", self.media_urn, media.get("status"), polls)
                await asyncio.sleep(self.poll_interval)
                continue
            failures += 1
            what = settings.redact(str(error)) or type(error).__name__  # aiohttp's text may quote a URL
            if decide("read", failure, failures, policy, status, retry_after) is not Action.RETRY:
                return {
                    "status": "error",
                    "message": what + self._why_not(failure, status, retry_after, failures),
                }
            delay = max(self.poll_interval, sleep_time(failures, policy, retry_after))
            self.log.warning(
                "Poll of %s failed (%s); retry %d/%d in %.1fs",
                self.media_urn,
                what,
                failures,
                policy.max_retries,
                delay,
            )
            await asyncio.sleep(delay)

    def _why_not(self, failure: Failure, status: int | None, retry_after: float | None, failures: int) -> str:
        """Why a failed poll was not retried, appended to the error event's message."""
        from maton_linkedin_provider.linkedin.retry import RETRYABLE_STATUSES

        if failure is Failure.STATUS and status not in RETRYABLE_STATUSES:
            return ""
        if retry_after is not None and retry_after > self.max_retry_after:
            return (
                f" (Retry-After {retry_after:.0f}s is longer than the trigger's max_retry_after "
                f"{self.max_retry_after:.0f}s: not waiting)"
            )
        return f" ({failures} failed polls in a row)"
