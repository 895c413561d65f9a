"""The media path (one function for the hook and the trigger) and what a media status means."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.media import STATUSES, classify, media_path


@pytest.mark.parametrize(
    ("urn", "path"),
    [
        ("urn:li:video:C5505AQH-oV1qvnFtKA", "/videos/urn%3Ali%3Avideo%3AC5505AQH-oV1qvnFtKA"),
        ("urn:li:image:C4E10AQ_x", "/images/urn%3Ali%3Aimage%3AC4E10AQ_x"),
        ("urn:li:document:D1", "/documents/urn%3Ali%3Adocument%3AD1"),
    ],
)
def test_media_path_encodes_the_key_whole(urn: str, path: str) -> None:
    assert media_path(urn) == path
    assert ":" not in path  # nothing downstream has a ':' to normalize or re-encode


@pytest.mark.parametrize(
    ("value", "types", "says"),
    [
        ("", ("video",), "is empty"),
        ("urn:li:share:1", ("image", "video", "document"), "is not an image, video or document URN"),
        ("urn:li:image:C1", ("video",), "is not a video URN"),
        ("urn%3Ali%3Avideo%3AC1", ("video",), "percent-encoded"),
        ("urn:li:video:C1/../../me", ("video",), "invalid video id"),
        ("urn:li:video:", ("video",), "empty id"),
        (" urn:li:video:C1", ("video",), "whitespace"),
        (None, ("video",), "expected a URN string"),
    ],
)
def test_media_path_validates_the_urn(value: object, types: tuple[str, ...], says: str) -> None:
    with pytest.raises(InvalidValue) as info:
        media_path(value, field="video_urn", types=types)
    assert info.value.field == "video_urn"
    assert says in info.value.message


@pytest.mark.parametrize(
    ("status", "waited", "expected"),
    [
        ("AVAILABLE", 0, "success"),
        ("PROCESSING_FAILED", 0, "failed"),
        ("PROCESSING", 10_000, None),
        ("WAITING_UPLOAD", 10, None),
        ("WAITING_UPLOAD", 601, "error"),
        (None, 10_000, None),
    ],
)
def test_classify(status: str | None, waited: float, expected: str | None) -> None:
    event = classify({"id": "urn:li:video:C1", "status": status}, waited, 600)
    assert (event or {}).get("status") == expected


def test_classify_carries_the_reason_and_the_record() -> None:
    media = {"id": "urn:li:video:C1", "status": "PROCESSING_FAILED", "processingFailureReason": "BAD_FORMAT"}
    assert classify(media, 0, 600) == {"status": "failed", "reason": "BAD_FORMAT", "media": media}
    assert "never finalized" in (classify({"id": "x", "status": "WAITING_UPLOAD"}, 700, 600) or {})["message"]


def test_statuses_are_linkedins_enum() -> None:
    assert STATUSES == ("WAITING_UPLOAD", "PROCESSING", "AVAILABLE", "PROCESSING_FAILED")
