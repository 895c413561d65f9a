"""Reading a request body as it arrives (Content-Length or chunked), keeping a bounded copy for the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from maton_linkedin_provider.sandbox.recording import LOG_BODY_LIMIT

if TYPE_CHECKING:
    from collections.abc import Iterator


class BodyError(Exception):
    """The request body is malformed (bad chunked encoding) or the client went away mid-body."""


class BodyReader:
    """Reads a request body lazily (Content-Length or chunked), keeping at most 64 KiB for the log."""

    def __init__(self, rfile: BinaryIO, length: int | None, chunked: bool) -> None:
        self._rfile = rfile
        self._chunked = chunked
        self._remaining = length or 0
        self._chunk_left = 0
        self._done = not chunked and not length
        self._kept = bytearray()
        self._cache: bytes | None = None
        self.bytes_read = 0

    def _next_chunk_size(self) -> int:
        line = self._rfile.readline(1 << 16)
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            raise BodyError(f"malformed chunk size line {line[:40]!r}") from None
        if size == 0:
            while self._rfile.readline(1 << 16) not in (b"\r\n", b"\n", b""):
                pass
        return size

    def _read_some(self, limit: int) -> bytes:
        if self._done:
            return b""
        if self._chunked:
            if self._chunk_left == 0:
                self._chunk_left = self._next_chunk_size()
                if self._chunk_left == 0:
                    self._done = True
                    return b""
            data = self._rfile.read(min(limit, self._chunk_left))
            self._chunk_left -= len(data)
            if self._chunk_left == 0 and data:
                self._rfile.readline(16)
        else:
            data = self._rfile.read(min(limit, self._remaining))
            self._remaining -= len(data)
            self._done = self._remaining == 0
        if not data:
            raise BodyError("the client closed the connection before sending the whole body")
        self.bytes_read += len(data)
        if len(self._kept) <= LOG_BODY_LIMIT:
            self._kept += data[: LOG_BODY_LIMIT + 1 - len(self._kept)]
        return data

    def iter(self, chunk: int = 1 << 20) -> Iterator[bytes]:
        if self._cache is not None:
            for i in range(0, len(self._cache), chunk):
                yield self._cache[i : i + chunk]
            return
        while True:
            data = self._read_some(chunk)
            if not data:
                return
            yield data

    def read_all(self) -> bytes:
        if self._cache is None:
            self._cache = b"".join(self.iter(1 << 20))
        return self._cache

    def drain(self) -> None:
        for _ in self.iter(1 << 20):
            pass

    @property
    def done(self) -> bool:
        """The whole body has been read (or there was none)."""
        return self._done

    def logged_body(self) -> bytes | None:
        return bytes(self._kept) if self._done and self.bytes_read <= LOG_BODY_LIMIT else None
