"""Upload images, documents and videos to LinkedIn; each returns the media URN for a post task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.constants import CONNECTION_MEMBER
from maton_linkedin_provider.operators.base import LinkedInBaseOperator, argument_names, check_urn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from airflow.sdk import Context


class _LinkedInUploadOperator(LinkedInBaseOperator):
    """Shared arguments of the upload operators.

    :param source: a local path, an ``ObjectStoragePath``, or a ``file://``, ``s3://``, ``gs://``... URL
        (templated). Read as a stream, never whole into memory.
    :param owner_urn: person or organization URN that will own the media; default the connection's
        member (templated). Not ``owner``: that is every Airflow task's owner.
    :return: the media URN (XCom), to pass to ``LinkedInCreatePostOperator(media=...)``.
    """

    template_fields: Sequence[str] = ("source", "owner_urn", "linkedin_version")
    ui_color = "#e0ecf8"

    def __init__(self, *, source: Any, owner_urn: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.owner_urn = owner_urn
        check_urn(owner_urn, "owner_urn", "author")


class LinkedInUploadImageOperator(_LinkedInUploadOperator):
    """Upload a JPEG, PNG or GIF image; return its ``urn:li:image:...``."""

    def execute(self, context: Context) -> str:
        with argument_names(owner="owner_urn"):
            return self.hook.upload_image(self.source, owner=self.owner_urn or None)


class LinkedInUploadDocumentOperator(_LinkedInUploadOperator):
    """Upload a PDF, PPT, PPTX, DOC or DOCX (at most 100 MB); return its ``urn:li:document:...``."""

    def execute(self, context: Context) -> str:
        with argument_names(owner="owner_urn"):
            return self.hook.upload_document(self.source, owner=self.owner_urn or None)


class LinkedInUploadVideoOperator(_LinkedInUploadOperator):
    """Upload an MP4 (75 KB to 500 MB) in parts, several at once; return its ``urn:li:video:...``.

    LinkedIn then processes the video: put a ``LinkedInVideoProcessingSensor`` between this task
    and the post.

    :param parallelism: parts uploaded at once (default 4, at most 16).
    """

    def __init__(self, *, parallelism: int = 4, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parallelism = parallelism

    def execute(self, context: Context) -> str:
        with argument_names(owner="owner_urn"):
            return self.hook.upload_video(
                self.source, owner=self.owner_urn or None, parallelism=self.parallelism
            )


def declared_owner(value: Any) -> str | None:
    """The owner the upload task whose XCom ``value`` is declares, known at parse time.

    Its literal ``owner_urn``, or :data:`~maton_linkedin_provider.constants.CONNECTION_MEMBER` when
    it names none; ``None`` when unknown (not an upload task's result, or a templated owner).
    """
    upload = getattr(value, "operator", None)
    if not isinstance(upload, _LinkedInUploadOperator) or getattr(value, "key", None) != "return_value":
        return None
    owner = upload.owner_urn
    if not owner:
        return CONNECTION_MEMBER
    return owner if isinstance(owner, str) and "{{" not in owner else None


def declared_owners(media: Any, images: Any) -> list[tuple[str, int | None, str]]:
    """``(argument, index, owner)`` for each upload task feeding a post's ``media`` or ``images``."""
    found: list[tuple[str, int | None, str | None]] = [("media", None, declared_owner(media))]
    if isinstance(images, (list, tuple)):
        found += [("images", i, declared_owner(item)) for i, item in enumerate(images)]
    return [(name, index, owner) for name, index, owner in found if owner is not None]


def known_owners(declared: list[tuple[str, int | None, str]], media: Any, images: Any) -> dict[str, str]:
    """The rendered media URNs with the owners their upload tasks declared (for the hook's check)."""
    from maton_linkedin_provider.linkedin.urns import parse_urn

    owners: dict[str, str] = {}
    for name, index, owner in declared:
        value = media if name == "media" else images
        if index is not None:
            value = value[index] if isinstance(value, (list, tuple)) and index < len(value) else None
        if not isinstance(value, str) or not value:
            continue
        try:
            owners[value] = owner if owner == CONNECTION_MEMBER else str(parse_urn(owner, field="owner_urn"))
        except ValueError:  # a malformed owner failed its upload task already
            continue
    return owners
