"""Images, documents and videos: initialize, stream the bytes to the pre-signed URLs, finalize, read status.

Upload URLs are used byte for byte as LinkedIn gave them and get no credentials: they go through
``upload_session``, which has no Authorization or Maton header. Bytes are streamed from the
source, opened once (:meth:`~maton_linkedin_provider.hooks.sources.MediaSource.pin`): the
format checks and every part read from that one open file, and before a video is finalized (or an
image's or document's URN returned) the source is checked to be unchanged; a source that changed,
vanished or shrank raises :class:`~maton_linkedin_provider.hooks.sources.SourceChangedError`
(never retried) and nothing is finalized. A video's parts go up several at once, each retried on
its own.
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from maton_linkedin_provider.exceptions import LinkedInError, LinkedInInputError
from maton_linkedin_provider.hooks._profile import ProfileMixin
from maton_linkedin_provider.hooks.sources import PinnedSource, open_source
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin.uploads import (
    HEAD_BYTES,
    MediaKind,
    Part,
    Progress,
    RangeReader,
    check_media,
    plan_parts,
)
from maton_linkedin_provider.linkedin.urns import AUTHOR_TYPES, MEDIA_TYPES, parse_urn

#: Video parts in flight at once (memory stays at one read buffer per part in flight).
DEFAULT_PARALLELISM = 4
MAX_PARALLELISM = 16


class MediaMixin(ProfileMixin):
    """Hook methods for ``/rest/images``, ``/rest/documents`` and ``/rest/videos``."""

    @cached_property
    def media_owners(self) -> dict[str, str]:
        """Media owners this hook knows: URN -> owner URN (or :data:`~.constants.CONNECTION_MEMBER`).

        Filled by this hook's uploads, and by the post operator from the upload tasks that feed
        it; ``create_post`` refuses, before sending, media whose known owner is not the author.
        """
        return {}

    #: Seconds between progress lines in the task log.
    progress_interval: float = 5.0

    # --- public API ----------------------------------------------------------------------------

    def upload_image(self, source: Any, owner: str | None = None) -> str:
        """Upload a JPEG, PNG or GIF; return its ``urn:li:image:...``.

        :param source: a local path, an ``ObjectStoragePath``, or a ``file://``/``s3://``/``gs://`` URL.
        :param owner: person or organization URN; default the connection's member.
        """
        return self._upload_single("image", source, owner)

    def upload_document(self, source: Any, owner: str | None = None) -> str:
        """Upload a PDF, PPT(X) or DOC(X) (at most 100 MB); return its ``urn:li:document:...``."""
        return self._upload_single("document", source, owner)

    def upload_video(self, source: Any, owner: str | None = None, *, parallelism: int | None = None) -> str:
        """Upload an MP4 (75 KB to 500 MB) in parts, several at once; return its ``urn:li:video:...``.

        The video is then PROCESSING: wait for AVAILABLE (``LinkedInVideoProcessingSensor``)
        before posting it.

        :param parallelism: parts in flight at once (default 4, at most 16).
        """
        workers = DEFAULT_PARALLELISM if parallelism is None else int(parallelism)
        if not 1 <= workers <= MAX_PARALLELISM:
            raise LinkedInInputError("parallelism", f"must be 1 to {MAX_PARALLELISM}, got {parallelism}.")
        src, owner_urn = self._prepare("video", source, owner)
        with src:
            return self._upload_video(src, owner_urn, workers)

    def _upload_video(self, src: PinnedSource, owner_urn: str, workers: int) -> str:
        value = self._initialize(
            "videos",
            {
                "owner": owner_urn,
                "fileSizeBytes": src.size,
                "uploadCaptions": False,
                "uploadThumbnail": False,
            },
        )
        urn = str(value["video"])
        try:
            parts = plan_parts(value.get("uploadInstructions") or [], src.size)
        except ValueError as err:
            raise LinkedInError(f"LinkedIn's upload instructions for {urn} are unusable: {err}") from None
        self.log.info(
            "Uploading %s (%d bytes) as %s in %d part(s), %d at once",
            src.name,
            src.size,
            urn,
            len(parts),
            workers,
        )
        etags = self._put_parts(src, parts, workers)
        src.check()  # before the finalize: a changed source is never finalized
        self.call(
            "POST",
            "/videos",
            params={"action": "finalizeUpload"},
            json={
                "finalizeUploadRequest": {
                    "video": urn,
                    "uploadToken": value.get("uploadToken") or "",
                    "uploadedPartIds": etags,
                }
            },
        )
        self.log.info("Finalized %s; LinkedIn is processing it", urn)
        self.media_owners[urn] = owner_urn
        return urn

    def get_image(self, urn: str) -> dict[str, Any]:
        """An image's details, with ``status`` (WAITING_UPLOAD, PROCESSING, AVAILABLE, PROCESSING_FAILED)."""
        return self.get_media(urn, ("image",))

    def get_document(self, urn: str) -> dict[str, Any]:
        """A document's details, including ``status``."""
        return self.get_media(urn, ("document",))

    def get_video(self, urn: str) -> dict[str, Any]:
        """A video's details: ``status`` and, when it failed, ``processingFailureReason``."""
        return self.get_media(urn, ("video",))

    def get_media(self, urn: str, types: tuple[str, ...] = MEDIA_TYPES) -> dict[str, Any]:
        """Any image, video or document by URN."""
        from maton_linkedin_provider.linkedin.media import media_path

        with input_errors():
            path = media_path(urn, field="urn", types=types)
        result: dict[str, Any] = self.call("GET", path).json() or {}
        return result

    # --- steps -----------------------------------------------------------------------------

    def _prepare(self, kind: MediaKind, source: Any, owner: str | None) -> tuple[PinnedSource, str]:
        """Open the file once and check it, check the owner: all before any request.

        The caller closes the returned source (``with src:``).
        """
        src = open_source(source).pin()
        try:
            with input_errors():
                check_media(kind, src.size, src.read_at(0, HEAD_BYTES), name=src.name)
                owner_urn = str(parse_urn(owner, field="owner", types=AUTHOR_TYPES)) if owner else None
            return src, owner_urn or self.get_person_urn()
        except BaseException:
            src.close()
            raise

    def _initialize(self, collection: str, request: dict[str, Any]) -> dict[str, Any]:
        # An upload slot that was created but never used has no visible effect (it stays
        # WAITING_UPLOAD and expires), so after an ambiguous failure there is nothing to look for:
        # reconcile says "absent" and the initialization is sent again.
        result = self.call(
            "POST",
            f"/{collection}",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": request},
            reconcile=lambda: None,
        )
        value: dict[str, Any] = (result.json() or {}).get("value") or {}
        if not value:
            raise LinkedInError(f"initializeUpload on /{collection} returned no value")
        return value

    def _upload_single(self, kind: MediaKind, source: Any, owner: str | None) -> str:
        src, owner_urn = self._prepare(kind, source, owner)
        with src:
            value = self._initialize(f"{kind}s", {"owner": owner_urn})
            urn = str(value[kind])
            src.outcome = f"{urn} is not returned, so nothing is posted with it"
            part = Part(0, str(value["uploadUrl"]), 0, src.size - 1)
            self.log.info("Uploading %s (%d bytes) as %s", src.name, src.size, urn)
            self._put_parts(src, [part], 1)
            src.check()
            self.media_owners[urn] = owner_urn
            return urn

    def _put_parts(self, src: PinnedSource, parts: list[Part], workers: int) -> list[str]:
        """PUT every part (``workers`` at once); return the ETags in instruction order."""
        progress = Progress(src.size, self.log.info, self.progress_interval)
        started = time.monotonic()
        if len(parts) == 1 or workers == 1:
            etags = [self._put_part(src, part, progress) for part in parts]
        else:
            with ThreadPoolExecutor(
                max_workers=min(workers, len(parts)), thread_name_prefix="li-upload"
            ) as pool:
                futures = [pool.submit(self._put_part, src, part, progress) for part in parts]
                done, _ = wait(futures, return_when=FIRST_EXCEPTION)
                failed = next((f for f in done if f.exception() is not None), None)
                if failed is not None:
                    for future in futures:
                        future.cancel()
                    raise failed.exception()  # type: ignore[misc]
                etags = [f.result() for f in futures]
        elapsed = max(time.monotonic() - started, 1e-9)
        self.log.info(
            "Uploaded %.1f MiB in %.1fs (%.1f MiB/s)",
            src.size / (1 << 20),
            elapsed,
            src.size / elapsed / (1 << 20),
        )
        return etags

    def _put_part(self, src: PinnedSource, part: Part, progress: Progress) -> str:
        """One part, streamed, retried on its own; the URL is used exactly as given."""
        reader = RangeReader(src.view, part.first, part.length, progress)
        shown = f"{urlsplit(part.url).path} (part {part.index + 1})"  # never the signed query

        def body() -> RangeReader:
            reader.rewind()
            return reader

        try:
            result = self.put_presigned(part.url, body, shown)
        finally:
            reader.close()
        etag = result.headers.get("ETag") or result.headers.get("etag")
        if not etag:
            raise LinkedInError(f"PUT {shown} returned no ETag; cannot finalize the upload")
        return etag
