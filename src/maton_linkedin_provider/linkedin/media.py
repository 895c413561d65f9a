"""Media records (images, videos, documents): their REST path and what their status means.

Shared by the hook (``get_media``), the sensor's poke and the deferrable trigger, so the sync and
async waits build the same path, validate the URN the same way and read a status the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.linkedin.urns import MEDIA_TYPES, parse_urn

if TYPE_CHECKING:
    from collections.abc import Collection

#: Media statuses (LinkedIn's enum for images, videos and documents).
WAITING_UPLOAD = "WAITING_UPLOAD"
PROCESSING = "PROCESSING"
AVAILABLE = "AVAILABLE"
PROCESSING_FAILED = "PROCESSING_FAILED"
STATUSES = (WAITING_UPLOAD, PROCESSING, AVAILABLE, PROCESSING_FAILED)


def media_path(urn: Any, *, field: str = "urn", types: Collection[str] = MEDIA_TYPES) -> str:
    """The REST path of a media record, its key percent-encoded whole as LinkedIn requires.

    ``urn:li:video:C5505`` -> ``/videos/urn%3Ali%3Avideo%3AC5505`` (likewise ``/images/...``,
    ``/documents/...``). The result has no literal ``:``, so nothing downstream re-encodes it.

    :param urn: ``urn:li:video:...``, ``urn:li:image:...`` or ``urn:li:document:...``.
    :param field: the user's parameter, named in the error.
    :param types: the media types allowed here.
    :raises InvalidValue: unless ``urn`` is a valid URN of one of ``types``.
    """
    parsed = parse_urn(urn, field=field, types=tuple(types))
    return f"/{parsed.entity_type}s/{parsed.encoded}"


def classify(media: dict[str, Any], waited: float, grace: float) -> dict[str, Any] | None:
    """The event for a media record, or ``None`` to keep waiting (the sensor's poke and the trigger).

    :param media: the record (``GET /rest/videos/{urn}``).
    :param waited: seconds since the wait began.
    :param grace: seconds a media may stay WAITING_UPLOAD before that is an error (never finalized).
    :return: ``{"status": "success", "media"}``, ``{"status": "failed", "reason", "media"}``,
        ``{"status": "error", "message"}``, or ``None``.
    """
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
