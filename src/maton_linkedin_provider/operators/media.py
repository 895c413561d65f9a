"""Upload images, documents and videos to LinkedIn; each returns the media URN for a post task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.constants import CONNECTION_MEMBER
from maton_linkedin_provider.operators.base import (
    LinkedInBaseOperator,
    argument_names,
    check_urn,
    is_templated,
)

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
        check_urn(owner_urn, "owner_urn", "author", self.template_markers)


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


def declared_owner(value: Any) -> tuple[str, str] | None:
    """``(owner, task_id)`` the upload task whose XCom ``value`` is declares, known at parse time.

    The owner is its literal ``owner_urn``, or
    :data:`~maton_linkedin_provider.constants.CONNECTION_MEMBER` when it names none; ``None`` when
    unknown (not an upload task's result, or a templated owner).
    """
    upload = getattr(value, "operator", None)
    if not isinstance(upload, _LinkedInUploadOperator) or getattr(value, "key", None) != "return_value":
        return None
    owner = upload.owner_urn
    if not owner:
        return CONNECTION_MEMBER, upload.task_id
    literal = isinstance(owner, str) and not is_templated(owner, upload.template_markers)
    return (owner, upload.task_id) if literal else None


#: ``(argument, index, owner, upload task id)`` of one upload task feeding a post.
Declared = tuple[str, "int | None", str, str]


def declared_owners(media: Any, images: Any) -> list[Declared]:
    """One :data:`Declared` for each upload task feeding a post's ``media`` or ``images``."""
    found: list[tuple[str, int | None, tuple[str, str] | None]] = [("media", None, declared_owner(media))]
    if isinstance(images, (list, tuple)):
        found += [("images", i, declared_owner(item)) for i, item in enumerate(images)]
    return [(name, index, *known) for name, index, known in found if known is not None]


def _differs(owner: str, author: str | None) -> bool:
    """Whether media of ``owner`` surely cannot go into a post by ``author`` (None: the member)."""
    if owner == CONNECTION_MEMBER:
        return author is not None and not author.startswith("urn:li:person:")
    if author is None:  # the member is a person; which one is known only at run time
        return not owner.startswith("urn:li:person:")
    if owner == author:
        return False
    from maton_linkedin_provider.linkedin.urns import parse_urn

    try:
        return str(parse_urn(owner)) != str(parse_urn(author))
    except ValueError:  # a malformed URN has its own error
        return False


def check_declared_owners(declared: list[Declared], author: Any, markers: Sequence[str]) -> None:
    """At DAG parse: refuse a literal ``author`` that cannot use the media its upload tasks make.

    :raises LinkedInInputError: naming ``media`` (or ``images[i]``) and the fix.
    """
    if author and (not isinstance(author, str) or is_templated(author, markers)):
        return  # checked in execute, once rendered
    author = author or None
    for name, index, owner, task_id in declared:
        if not _differs(owner, author):
            continue
        from maton_linkedin_provider.exceptions import LinkedInInputError

        whose = "the connection's member (no owner_urn)" if owner == CONNECTION_MEMBER else owner
        by = author or "the connection's member"
        fix = (
            f"upload it with owner_urn={author}."
            if author
            else f"set author={owner}, or upload it without owner_urn."
        )
        raise LinkedInInputError(
            name if index is None else f"{name}[{index}]",
            f"task '{task_id}' uploads it for {whose}, but the post's author is {by}; a post can only use "
            "media its author owns (LinkedIn answers 403).",
            fix,
        )


def known_owners(declared: list[Declared], media: Any, images: Any) -> dict[str, str]:
    """The rendered media URNs with the owners their upload tasks declared (for the hook's check)."""
    from maton_linkedin_provider.linkedin.urns import parse_urn

    owners: dict[str, str] = {}
    for name, index, owner, _ in declared:
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
