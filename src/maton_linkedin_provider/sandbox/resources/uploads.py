"""Media asset records, their processing state machine, and the upload host (the second port).

Pre-signed upload URLs look like LinkedIn's
``{upload_base_url}/dms-uploads/sp/{kind}/{id}/{part}?ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut={token}%253D``
and are matched on the RAW request target, byte for byte: a client that decodes or re-encodes the
``%253D`` gets 403 "Signature mismatch". ``state.upload_path_extra`` / ``state.upload_query_extra``
append more to every URL handed out (:data:`ODD_PATH` and :data:`ODD_QUERY` hold lower-case
escapes, ``+``, ``~`` and ``|``, which urllib3 would normalize), still matched byte for byte.
Credentials (``Authorization``, ``Maton-Connection``) on an upload are refused with 400, to make a
leak loud. Bodies are streamed: only a running MD5, a byte
count and the first 64 bytes of part 0 are kept, so parallel PUTs of a 500 MB video stay cheap.

Status is computed lazily on read (no threads): PROCESSING turns into AVAILABLE (or
PROCESSING_FAILED when the magic bytes are not the kind's format) ``state.media_processing_seconds``
after the upload (images, documents) or the finalize (videos).
"""

from __future__ import annotations

import hashlib
import string
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

KINDS = ("image", "document", "video")
STATUSES = ("WAITING_UPLOAD", "PROCESSING", "AVAILABLE", "PROCESSING_FAILED")
PART_SIZE = 4_194_304
VIDEO_MIN_BYTES = 76_800
VIDEO_MAX_BYTES = 524_288_000
#: Upper bounds of a whole file (images: a generous cap; documents: LinkedIn's 100 MB).
MAX_BYTES = {"image": 36_152_320, "document": 104_857_600, "video": VIDEO_MAX_BYTES}
SIDECAR_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 36_152_320
HEAD_BYTES = 64
ID_PREFIX = {"image": "C4E10AQ", "video": "C5505AQ", "document": "D4D10AQ"}
UPLOAD_QUERY = "ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut={token}%253D"
#: Path and query additions with bytes a client must send as given (lower-case escapes stay lower case).
ODD_PATH = "/a%2fb%7ec~d+e"
ODD_QUERY = "&sig=x%2fy%2bz%7ew+v~u|t%253D&e=%2F%2B"
_ALPHABET = string.ascii_letters + string.digits + "-_"

_PNG = b"\x89PNG\r\n\x1a\n"
_FORMATS: dict[str, tuple[tuple[int, bytes], ...]] = {
    "image": ((0, _PNG), (0, b"\xff\xd8\xff"), (0, b"GIF87a"), (0, b"GIF89a")),
    "document": ((0, b"%PDF-"), (0, b"PK\x03\x04"), (0, b"\xd0\xcf\x11\xe0")),
    "video": ((4, b"ftyp"),),
}
_FORMAT_FAILURES = {
    "image": "UNSUPPORTED_FORMAT: not a PNG, JPEG or GIF image",
    "document": "UNSUPPORTED_FORMAT: not a PDF, PPT(X) or DOC(X) document",
    "video": "UNSUPPORTED_FORMAT: not an MP4 file (no 'ftyp' box at offset 4)",
}


@dataclass(frozen=True)
class UploadedPart:
    etag: str
    md5: str
    size: int


@dataclass(frozen=True)
class UploadSlot:
    """One pre-signed URL. ``part`` indexes the asset's parts, or names a sidecar (``captions``...).

    ``expected_size``: the exact byte count (video parts); None allows 1..``max_size`` bytes.
    """

    urn: str
    kind: str
    part: int | str
    expected_size: int | None
    max_size: int
    expires_at: float
    url: str


@dataclass
class MediaAsset:
    """An image, document or video as the sandbox tracks it (times are epoch seconds)."""

    urn: str
    kind: str
    owner: str
    created_at: float
    expires_at: float
    status: str = "WAITING_UPLOAD"
    file_size: int | None = None
    upload_token: str = ""
    ranges: list[tuple[int, int]] = field(default_factory=list)
    parts: list[UploadedPart | None] = field(default_factory=list)
    sidecars: dict[str, UploadedPart] = field(default_factory=dict)
    head: bytes = b""
    finalized_ids: list[str] | None = None
    uploaded_at: float | None = None
    ready_at: float | None = None
    outcome: str = "AVAILABLE"
    outcome_reason: str | None = None
    failure_reason: str | None = None
    dimensions: tuple[int, int] | None = None
    metadata: Json | None = None

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts if p is not None)

    def settle(self, now: float) -> str:
        """The current status, turning PROCESSING into its outcome once its time has come."""
        if self.status == "PROCESSING" and self.ready_at is not None and now >= self.ready_at:
            self.status = self.outcome
            self.failure_reason = self.outcome_reason
            self.ready_at = None
        return self.status

    def start_processing(self, now: float, delay: float) -> None:
        """All bytes are in: PROCESSING now, the outcome (judged by magic bytes) after ``delay``."""
        self.outcome_reason = judge(self.kind, self.head)
        self.outcome = "PROCESSING_FAILED" if self.outcome_reason else "AVAILABLE"
        self.dimensions = image_dimensions(self.head) if self.kind == "image" else None
        self.status = "PROCESSING"
        self.failure_reason = None
        self.uploaded_at = now
        self.ready_at = now + max(delay, 0.0)

    def force(self, status: str, reason: str | None = None) -> None:
        """Pin a status (tests): it no longer changes with time."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        self.status = status
        self.ready_at = None
        failed = status == "PROCESSING_FAILED"
        self.failure_reason = (reason or "UNSPECIFIED") if failed else None


# -- formats ---------------------------------------------------------------------------------------
def judge(kind: str, head: bytes) -> str | None:
    """None when ``head`` starts like the kind's format, else a ``processingFailureReason``."""
    if not any(head[at : at + len(magic)] == magic for at, magic in _FORMATS[kind]):
        return _FORMAT_FAILURES[kind]
    dims = image_dimensions(head) if kind == "image" else None
    if dims is not None and dims[0] * dims[1] > IMAGE_MAX_PIXELS:
        return f"IMAGE_TOO_LARGE: {dims[0]}x{dims[1]} is over {IMAGE_MAX_PIXELS:,} pixels"
    return None


def image_dimensions(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or GIF header (None for JPEG or anything else)."""
    if head.startswith(_PNG) and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    return None


# -- creating assets and URLs ----------------------------------------------------------------------
def new_asset_urn(state: State, kind: str) -> str:
    """A deterministic LinkedIn-looking id: the prefix plus 11 characters of ``[A-Za-z0-9-_]``."""
    n = state.next_id(f"media-{kind}")
    value = (n * 0x9E3779B97F4A7C15 + state.seed) % (64**11)
    chars = []
    for _ in range(11):
        value, digit = divmod(value, 64)
        chars.append(_ALPHABET[digit])
    return f"urn:li:{kind}:{ID_PREFIX[kind]}{''.join(chars)}"


def add_slot(
    state: State,
    base_url: str,
    asset: MediaAsset,
    part: int | str,
    expected_size: int | None,
    max_size: int,
) -> str:
    """Hand out a pre-signed upload URL for one part of ``asset`` (call with ``state.lock`` held)."""
    asset_id = asset.urn.rsplit(":", 1)[1]
    target = (
        f"/dms-uploads/sp/{asset.kind}/{asset_id}/{part}{state.upload_path_extra}?"
        + UPLOAD_QUERY.format(token=state.random_token(12))
        + state.upload_query_extra
    )
    url = base_url + target
    state.upload_slots[target] = UploadSlot(
        asset.urn, asset.kind, part, expected_size, max_size, asset.expires_at, url
    )
    return url


# -- the upload host -------------------------------------------------------------------------------
def _forbidden(message: str) -> ApiError:
    return ApiError(403, None, message, service_error_code=None)


def _bad(code: str, message: str) -> ApiError:
    return ApiError(400, code, message, service_error_code=None)


def _find_slot(req: Request, now: float) -> UploadSlot:
    with req.state.lock:
        slot = req.state.upload_slots.get(req.raw_path)
        if slot is None:
            raise _forbidden("Signature mismatch")
        if now > slot.expires_at:
            raise _forbidden("Signature expired: this upload URL is no longer valid")
        asset = req.state.media.get(slot.urn)
        if asset is None:
            raise _forbidden("Signature mismatch")
        if asset.finalized_ids is not None and isinstance(slot.part, int):
            raise _bad("UPLOAD_ALREADY_FINALIZED", f"{asset.urn} was already finalized; its parts are sealed")
        return slot


def _consume(req: Request, keep_head: bool) -> tuple[str, int, bytes]:
    """Stream the body: (CRC-32 hex, byte count, first 64 bytes when ``keep_head``).

    CRC-32 rather than MD5: the ETag only has to tell contents apart, and a sandbox that hashes at
    500 MB/s would be the bottleneck of every upload benchmark.
    """
    crc = 0
    size = 0
    head = b""
    for piece in req.iter_body():
        if keep_head and len(head) < HEAD_BYTES:
            head += piece[: HEAD_BYTES - len(head)]
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    return f"{crc:08x}{size:x}", size, head


def _check_size(slot: UploadSlot, size: int) -> None:
    if slot.expected_size is not None and size != slot.expected_size:
        raise _bad(
            "INVALID_PART_SIZE",
            f"Part {slot.part} of {slot.urn} must be exactly {slot.expected_size} bytes "
            f"(lastByte - firstByte + 1), got {size}",
        )
    if slot.expected_size is None and not 0 < size <= slot.max_size:
        raise _bad(
            "INVALID_FILE_SIZE", f"The {slot.kind} upload must be 1 to {slot.max_size:,} bytes, got {size:,}"
        )


def put_upload(req: Request) -> Response:
    """``PUT`` on a pre-signed URL: 201 with an ``ETag`` header and an empty body."""
    for name in ("Authorization", "Maton-Connection"):
        if req.header(name) is not None:
            raise _bad(
                "CREDENTIALS_NOT_ALLOWED",
                f"{name} header refused: credentials must not be sent to upload URLs (they are pre-signed)",
            )
    now = time.time()
    slot = _find_slot(req, now)
    md5, size, head = _consume(req, keep_head=slot.part == 0)  # never under the lock
    _check_size(slot, size)
    etag = "/dms-part/" + hashlib.sha1(f"{slot.urn}|{slot.part}|{md5}".encode()).hexdigest()
    part = UploadedPart(etag, md5, size)
    with req.state.lock:
        asset = req.state.media.get(slot.urn)
        if asset is None or req.state.upload_slots.get(req.raw_path) is not slot:
            raise _forbidden("Signature mismatch")
        if asset.finalized_ids is not None and isinstance(slot.part, int):
            raise _bad("UPLOAD_ALREADY_FINALIZED", f"{asset.urn} was finalized during this upload")
        if isinstance(slot.part, str):
            asset.sidecars[slot.part] = part
        else:
            asset.parts[slot.part] = part
            if slot.part == 0:
                asset.head = head
            if asset.kind != "video":
                asset.start_processing(now, req.state.media_processing_seconds[asset.kind])
    return Response(201, headers={"ETag": etag})


def routes() -> list[Route]:
    return [Route("PUT", "/dms-uploads/{target:path}", put_upload, server="upload")]
