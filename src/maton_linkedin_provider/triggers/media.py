"""LinkedInMediaStatusTrigger: wait for a video (image, document) to finish processing, in the triggerer.

It builds its URL and headers with the hook's :class:`~maton_linkedin_provider.hooks.settings.ClientSettings`
and maps errors with the same ``error_for``, so the sync and async paths cannot drift apart. It
serializes only primitives (never the key: the connection is read inside ``run()``), honours
``Retry-After``, tolerates a bounded number of consecutive failed polls, and yields exactly one event.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Mapping

    import aiohttp

    from maton_linkedin_provider.hooks.settings import ClientSettings

#: Media statuses (LinkedIn's enum for images, videos and documents).
AVAILABLE, PROCESSING_FAILED, WAITING_UPLOAD = "AVAILABLE", "PROCESSING_FAILED", "WAITING_UPLOAD"
#: Redirects one poll follows.
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Headers dropped when a redirect leaves the gateway's origin (as the sync hook's session does).
_CREDENTIAL_HEADERS = frozenset({"authorization", "maton-connection"})


def media_path(urn: str) -> str:
    """``/videos/{urn}`` (or images/documents) for a media URN."""
    kind = urn.split(":")[2] if urn.count(":") >= 3 else ""
    return f"/{kind}s/{urn}"


def classify(media: dict[str, Any], waited: float, grace: float) -> dict[str, Any] | None:
    """The event for a media record, or ``None`` to keep waiting (shared with the sensor's poke)."""
    status = media.get("status")
    if status == AVAILABLE:
        return {"status": "success", "media": media}
    if status == PROCESSING_FAILED:
        return {"status": "failed", "reason": media.get("processingFailureReason"), "media": media}
    if status == WAITING_UPLOAD and waited > grace:
        return {
            "status": "error",
            "message": f"{media.get('id')} is still WAITING_UPLOAD after {waited:.0f}s: its upload was never "
            "finalized. Upload it again (LinkedInUploadVideoOperator finalizes for you).",
        }
    return None


async def _get(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], shown: str
) -> tuple[int, Mapping[str, str], bytes]:
    """GET ``url`` and follow redirects as the sync hook does: credentials never leave the origin.

    aiohttp drops ``Authorization`` on a redirect to another origin but forwards every other
    header, ``Maton-Connection`` included, so redirects are followed here instead.
    """
    from yarl import URL

    from maton_linkedin_provider.exceptions import LinkedInError

    # encoded=True: yarl would otherwise normalize the URN's %3A back to ':' (LinkedIn's 400).
    target = URL(url, encoded=True)
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(target, headers=headers, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.status not in _REDIRECT_STATUSES or not location:
                return response.status, response.headers, await response.read()
            here = response.url
        target = here.join(URL(location, encoded=True))
        if target.origin() != here.origin():
            headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}
    raise LinkedInError(f"GET {shown} was redirected more than {MAX_REDIRECTS} times.")


class LinkedInMediaStatusTrigger(BaseTrigger):
    """Poll a media URN until it is AVAILABLE, PROCESSING_FAILED or stuck in WAITING_UPLOAD.

    :param media_urn: ``urn:li:video:...``, ``urn:li:image:...`` or ``urn:li:document:...``.
    :param maton_conn_id: the ``maton_linkedin`` connection id.
    :param linkedin_version: ``LinkedIn-Version`` override.
    :param poll_interval: seconds between polls.
    :param waiting_upload_grace: seconds a media may stay WAITING_UPLOAD before it is an error.
    :param max_failed_polls: consecutive failed polls (5xx, 429, network) tolerated.
    :param started_at: epoch seconds when the wait began (for the grace period across deferrals).
    """

    def __init__(
        self,
        media_urn: str,
        maton_conn_id: str = "maton_linkedin_default",
        linkedin_version: str | None = None,
        poll_interval: float = 30.0,
        waiting_upload_grace: float = 600.0,
        max_failed_polls: int = 5,
        started_at: float | None = None,
    ) -> None:
        super().__init__()
        self.media_urn = media_urn
        self.maton_conn_id = maton_conn_id
        self.linkedin_version = linkedin_version
        self.poll_interval = float(poll_interval)
        self.waiting_upload_grace = float(waiting_upload_grace)
        self.max_failed_polls = int(max_failed_polls)
        self.started_at = float(started_at) if started_at is not None else time.time()

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
            },
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

    async def _poll(self, session: aiohttp.ClientSession, settings: ClientSettings) -> dict[str, Any]:
        """One GET of the media record; errors mapped exactly as the sync hook maps them."""
        url, query = settings.rest_url(media_path(self.media_urn))
        shown = settings.shown_path(url, query)
        status, headers, content = await _get(session, url, settings.rest_headers(), shown)
        if status >= 300:
            raise settings.error_for(status, headers, content, "GET", shown)
        import json

        media: dict[str, Any] = json.loads(content) if content else {}
        return media

    async def run(self) -> AsyncIterator[TriggerEvent]:
        import aiohttp

        from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInError, LinkedInRateLimitError
        from maton_linkedin_provider.linkedin.retry import RETRYABLE_STATUSES

        try:
            settings = await self._settings()
        except Exception as err:
            yield TriggerEvent({"status": "error", "message": f"{type(err).__name__}: {err}"})
            return
        failures = 0
        polls = 0
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while True:
                delay = self.poll_interval
                try:
                    media = await self._poll(session, settings)
                    polls += 1
                    failures = 0
                    event = classify(media, time.time() - self.started_at, self.waiting_upload_grace)
                    if event is not None:
                        event["polls"] = polls
                        yield TriggerEvent(event)
                        return
                    self.log.info("%s is %s (poll %d)", self.media_urn, media.get("status"), polls)
                except (LinkedInAPIError, aiohttp.ClientError, asyncio.TimeoutError) as err:
                    retryable = not isinstance(err, LinkedInAPIError) or err.status in RETRYABLE_STATUSES
                    failures += 1
                    if not retryable or failures > self.max_failed_polls:
                        why = "" if not retryable else f" ({failures} failed polls in a row)"
                        yield TriggerEvent({"status": "error", "message": f"{err}{why}"})
                        return
                    if isinstance(err, LinkedInRateLimitError) and err.retry_after is not None:
                        delay = max(delay, err.retry_after)
                    self.log.warning("Poll of %s failed (%s); retrying in %.0fs", self.media_urn, err, delay)
                except LinkedInError as err:
                    yield TriggerEvent({"status": "error", "message": str(err)})
                    return
                await asyncio.sleep(delay)
