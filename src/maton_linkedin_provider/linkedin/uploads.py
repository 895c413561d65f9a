"""Upload plans: limits, format checks by magic bytes, byte ranges, bounded streaming readers.

Pure Python: the hook opens the source and does the HTTP; this module decides what is sent.
"""

from __future__ import annotations

import struct
import threading
import time
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Literal

from maton_linkedin_provider.linkedin.errors import InvalidValue

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

MediaKind = Literal["image", "video", "document"]

#: LinkedIn's video part size; the last part is shorter.
VIDEO_PART_SIZE = 4_194_304
#: Video size limits: 75 KB to 500 MB.
VIDEO_MIN_BYTES = 75 * 1024
VIDEO_MAX_BYTES = 500 * 1024 * 1024
#: Documents: at most 100 MB (and 300 pages, which only LinkedIn can count).
DOCUMENT_MAX_BYTES = 100 * 1024 * 1024
#: Images: at most 36,152,320 pixels; the same number caps the bytes (LinkedIn publishes no byte limit).
IMAGE_MAX_PIXELS = 36_152_320
IMAGE_MAX_BYTES = 36_152_320
#: How much of the file head :func:`sniff` needs (JPEG dimensions may sit after EXIF data).
HEAD_BYTES = 256 * 1024

_FORMATS: dict[MediaKind, tuple[str, ...]] = {
    "image": ("png", "jpeg", "gif"),
    "video": ("mp4",),
    "document": ("pdf", "office-zip", "office-ole"),
}
_HUMAN = {
    "image": "a JPEG, PNG or GIF image",
    "video": "an MP4 video",
    "document": "a PDF, PPT, PPTX, DOC or DOCX document",
}


def sniff(head: bytes) -> str | None:
    """The file format from its first bytes: ``mp4``, ``png``, ``jpeg``, ``gif``, ``pdf``,
    ``office-zip`` (DOCX/PPTX), ``office-ole`` (DOC/PPT) or ``None``."""
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "office-zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "office-ole"
    return None


def image_pixels(head: bytes) -> int | None:
    """Width x height of a PNG, GIF or JPEG from its head, or ``None`` if not found."""
    fmt = sniff(head)
    if fmt == "png" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width) * int(height)
    if fmt == "gif" and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width) * int(height)
    if fmt == "jpeg":
        i = 2
        while i + 9 < len(head):
            if head[i] != 0xFF:
                i += 1
                continue
            marker = head[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            (length,) = struct.unpack(">H", head[i + 2 : i + 4])
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", head[i + 5 : i + 9])
                return int(width) * int(height)
            i += 2 + length
    return None


def check_media(kind: MediaKind, size: int, head: bytes, *, name: str, field: str = "source") -> str:
    """Refuse a file LinkedIn would refuse, before any request. Returns the sniffed format.

    :param size: the file size in bytes.
    :param head: the first :data:`HEAD_BYTES` bytes (or the whole file if shorter).
    :param name: how to name the file in messages.
    """
    if size <= 0:
        raise InvalidValue(field, f"{name} is empty.", f"upload {_HUMAN[kind]}.")
    limits = {
        "image": (1, IMAGE_MAX_BYTES),
        "video": (VIDEO_MIN_BYTES, VIDEO_MAX_BYTES),
        "document": (1, DOCUMENT_MAX_BYTES),
    }
    low, high = limits[kind]
    if size > high:
        raise InvalidValue(
            field, f"{name} is {size:,} bytes; LinkedIn takes {kind}s of at most {high:,} bytes.", None
        )
    if size < low:
        raise InvalidValue(
            field,
            f"{name} is {size:,} bytes; LinkedIn takes {kind}s of at least {low:,} bytes (75 KB).",
            None,
        )
    fmt = sniff(head)
    if fmt not in _FORMATS[kind]:
        found = f"looks like {fmt}" if fmt else "is not a recognised media file"
        raise InvalidValue(field, f"{name} {found}, not {_HUMAN[kind]}.", f"upload {_HUMAN[kind]}.")
    if kind == "image":
        pixels = image_pixels(head)
        if pixels is not None and pixels > IMAGE_MAX_PIXELS:
            raise InvalidValue(
                field, f"{name} has {pixels:,} pixels; LinkedIn takes at most {IMAGE_MAX_PIXELS:,}.", None
            )
    return fmt


@dataclass(frozen=True)
class Part:
    """One upload instruction: PUT bytes ``first..last`` (inclusive) to ``url``."""

    index: int
    url: str
    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def plan_parts(instructions: Sequence[dict[str, Any]], size: int) -> list[Part]:
    """Parts from ``uploadInstructions``, in instruction order, checked to cover the file exactly once.

    :raises ValueError: when LinkedIn's instructions do not tile ``0..size-1`` (a protocol error).
    """
    if not isinstance(instructions, (list, tuple)):
        raise ValueError(f"upload instructions are not a list: {type(instructions).__name__}")
    parts = []
    for index, ins in enumerate(instructions):
        try:
            part = Part(index, str(ins["uploadUrl"]), int(ins["firstByte"]), int(ins["lastByte"]))
        except (KeyError, TypeError, ValueError, OverflowError) as err:  # OverflowError: int(inf)
            raise ValueError(f"upload instruction {index} is malformed: {ins!r}") from err
        parts.append(part)
    covered = sorted((p.first, p.last) for p in parts)
    expected = 0
    for first, last in covered:
        if first != expected or last < first:
            raise ValueError(f"upload instructions do not cover the file: gap or overlap at byte {expected}")
        expected = last + 1
    if expected != size:
        raise ValueError(f"upload instructions cover {expected} bytes, the file has {size}")
    return parts


class RangeReader:
    """A file-like view of bytes ``first..first+length-1`` of a source, read in small pieces.

    ``requests`` streams it (it has ``__len__``, so Content-Length is set and nothing is buffered);
    memory per part in flight is one read buffer, not the part. :meth:`rewind` starts over for a retry.

    :param opener: returns a new binary file object for the source (seekable or not).
    :param progress: called with the number of bytes each read hands out.
    """

    def __init__(
        self,
        opener: Callable[[], IO[bytes]],
        first: int,
        length: int,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self._opener = opener
        self._first = first
        self._length = length
        self._progress = progress
        self._file: IO[bytes] | None = None
        self._left = length
        self._sent = 0

    def __len__(self) -> int:
        return self._length

    def _open(self) -> IO[bytes]:
        if self._file is None:
            f = self._opener()
            if self._first:
                try:
                    f.seek(self._first)
                except (OSError, ValueError, AttributeError):  # not seekable: skip forward
                    skip = self._first
                    while skip:
                        chunk = f.read(min(skip, 1 << 20))
                        if not chunk:
                            raise ValueError("the source ended before the part's first byte") from None
                        skip -= len(chunk)
            self._file = f
        return self._file

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data = self._open().read(want)
        if not data:
            raise ValueError(f"the source ended {self._left} bytes early (it changed during the upload?)")
        self._left -= len(data)
        self._sent += len(data)
        if self._progress:
            self._progress(len(data))
        return data

    def rewind(self) -> None:
        """Start the part again (a retry): un-count what was sent and reopen."""
        self.close()
        if self._progress and self._sent:
            self._progress(-self._sent)
        self._left, self._sent = self._length, 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Progress:
    """Thread-safe byte counter that reports (bytes, percent, MiB/s) at most every ``interval`` seconds.

    :param total: bytes to send.
    :param report: called with a ready-to-log message.
    """

    def __init__(
        self,
        total: int,
        report: Callable[[str], None],
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self._report = report
        self._interval = interval
        self._clock = clock
        self._start = clock()
        self._last = self._start
        self._lock = threading.Lock()

    def __call__(self, nbytes: int) -> None:
        with self._lock:
            self.done += nbytes
            now = self._clock()
            if now - self._last < self._interval:
                return
            self._last = now
            message = self.message(now)
        self._report(message)

    def message(self, now: float | None = None) -> str:
        elapsed = max((now if now is not None else self._clock()) - self._start, 1e-9)
        pct = 100.0 * self.done / self.total if self.total else 100.0
        rate = self.done / elapsed / (1 << 20)
        mib = 1 << 20
        return (
            f"uploaded {self.done / mib:.1f} of {self.total / mib:.1f} MiB ({pct:.0f}%) at {rate:.1f} MiB/s"
        )
