"""Wait until LinkedIn has processed an uploaded video (or image, or document).

The step between ``LinkedInUploadVideoOperator`` and ``LinkedInCreatePostOperator``: LinkedIn
refuses to post media that is not AVAILABLE, and processing takes seconds to many minutes. In
deferrable mode the wait runs in the triggerer and holds no worker slot.
"""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseSensorOperator, PokeReturnValue

try:
    from airflow.sdk import conf
except ImportError:  # Airflow 3.0
    from airflow.configuration import conf  # type: ignore[assignment]

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.linkedin.media import classify
from maton_linkedin_provider.operators.base import LinkedInHookMixin, argument_names

if TYPE_CHECKING:
    from collections.abc import Sequence

    from airflow.sdk import Context

MEDIA_TYPES: tuple[str, ...] = ("image", "video", "document")


class LinkedInMediaProcessingSensor(LinkedInHookMixin, BaseSensorOperator):
    """Wait for an image, video or document URN to become AVAILABLE; return its details.

    Fails at once (no retries) on PROCESSING_FAILED, with LinkedIn's ``processingFailureReason``,
    and when the media stays WAITING_UPLOAD past ``waiting_upload_grace`` (its upload was never
    finalized).

    :param media_urn: ``urn:li:video:...``, ``urn:li:image:...`` or ``urn:li:document:...``
        (templated), e.g. an upload task's XCom.
    :param maton_conn_id: the ``maton_linkedin`` connection id.
    :param linkedin_version: ``LinkedIn-Version`` override (templated).
    :param deferrable: wait in the triggerer instead of a worker slot (default: the
        ``[operators] default_deferrable`` setting).
    :param waiting_upload_grace: seconds a media may stay WAITING_UPLOAD (default 600).
    :param max_failed_polls: consecutive failed polls tolerated in deferrable mode (default 5).
    :return: the media record, with ``status`` AVAILABLE (XCom).
    """

    template_fields: Sequence[str] = ("media_urn", "linkedin_version")
    ui_color = "#f0eee4"
    media_types: tuple[str, ...] = MEDIA_TYPES
    #: the argument the URN was given as (named in input errors)
    urn_argument = "media_urn"

    def __init__(
        self,
        *,
        media_urn: Any,
        maton_conn_id: str = DEFAULT_CONN_ID,
        linkedin_version: str | None = None,
        deferrable: bool = conf.getboolean("operators", "default_deferrable", fallback=False),
        waiting_upload_grace: float = 600.0,
        max_failed_polls: int = 5,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("poke_interval", 15.0)
        super().__init__(**kwargs)
        self.media_urn = media_urn
        self.maton_conn_id = maton_conn_id
        self.linkedin_version = linkedin_version
        self.deferrable = deferrable
        self.waiting_upload_grace = waiting_upload_grace
        self.max_failed_polls = max_failed_polls
        self._first_poke: float | None = None

    def _waited(self, context: Context) -> float:
        """Seconds since the wait began (across reschedules, from the first reschedule date)."""
        ti = context.get("ti")
        if self.reschedule and ti is not None:
            try:
                from airflow.sdk import timezone
            except ImportError:  # Airflow 3.0
                from airflow.utils import timezone  # type: ignore[attr-defined,no-redef]

            first = ti.get_first_reschedule_date(context)
            if first is not None:
                return (timezone.utcnow() - first).total_seconds()
        if self._first_poke is None:
            self._first_poke = time.monotonic()
        return time.monotonic() - self._first_poke

    def poke(self, context: Context) -> PokeReturnValue:
        with argument_names(urn=self.urn_argument):
            media = self.hook.get_media(self.media_urn, self.media_types)
        event = classify(media, self._waited(context), self.waiting_upload_grace)
        if event is None:
            self.log.info("%s is %s", self.media_urn, media.get("status"))
            return PokeReturnValue(is_done=False)
        return PokeReturnValue(is_done=True, xcom_value=self._result(event))

    def _result(self, event: dict[str, Any]) -> dict[str, Any]:
        """The XCom for a success event; raise for a failure (no retries: it will not get better)."""
        from maton_linkedin_provider.exceptions import LinkedInError, LinkedInMediaProcessingError

        if event["status"] == "success":
            media: dict[str, Any] = event["media"]
            self.log.info("%s is AVAILABLE", self.media_urn)
            return media
        if event["status"] == "failed":
            reason = event.get("reason")
            raise LinkedInMediaProcessingError(
                str(self.media_urn), self._redact(reason) if isinstance(reason, str) else reason
            )
        raise LinkedInError(self._redact(str(event.get("message") or f"waiting for {self.media_urn} failed")))

    def _redact(self, text: str) -> str:
        """Server text without the key or ``Maton-Connection`` id.

        When the connection cannot be read, the text goes out as the trigger (which redacts too)
        wrote it.
        """
        try:
            return self.hook.settings.redact(text)
        except Exception:
            return text

    def execute(self, context: Context) -> Any:
        if not self.deferrable:
            return super().execute(context)
        first = self.poke(context)  # done already? then no deferral at all
        if first.is_done:
            return first.xcom_value
        from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger

        self.defer(
            trigger=LinkedInMediaStatusTrigger(
                media_urn=str(self.media_urn),
                maton_conn_id=self.maton_conn_id,
                linkedin_version=self.linkedin_version or None,
                poll_interval=float(self.poke_interval),
                waiting_upload_grace=self.waiting_upload_grace,
                max_failed_polls=self.max_failed_polls,
            ),
            method_name="execute_complete",
            timeout=timedelta(seconds=float(self.timeout)),
        )

    def execute_complete(self, context: Context, event: dict[str, Any]) -> dict[str, Any]:
        """Back from the triggerer: return the media on success, raise on any other event.

        A resumed task built no hook before: reading the connection's settings here registers the
        key with Airflow's masker (one connection read, no request), so no later log line shows it.
        """
        with contextlib.suppress(Exception):
            _ = self.hook.settings
        return self._result(event)


class LinkedInVideoProcessingSensor(LinkedInMediaProcessingSensor):
    """Wait for an uploaded video to become AVAILABLE (between the upload and the post).

    :param video_urn: ``urn:li:video:...`` (templated), e.g. ``LinkedInUploadVideoOperator``'s XCom.
    """

    template_fields: Sequence[str] = ("media_urn", "linkedin_version")
    media_types = ("video",)
    urn_argument = "video_urn"

    def __init__(self, *, video_urn: Any, **kwargs: Any) -> None:
        super().__init__(media_urn=video_urn, **kwargs)

    @property
    def video_urn(self) -> Any:
        return self.media_urn
