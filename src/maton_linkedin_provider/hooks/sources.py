"""Where upload bytes come from: a local path, an ``ObjectStoragePath`` or a URL string.

:func:`open_source` resolves a source and reads nothing; :meth:`MediaSource.pin` opens it once for
an upload (:class:`PinnedSource`): the head checks and every part read from that one open file, so
a file renamed over the path, deleted or rewritten mid-upload cannot splice two files together.
Before an upload is finalized (video) or its URN returned (image, document),
:meth:`PinnedSource.check` confirms the source is the one it started as:

- local files: size and modification time of the open file (``fstat``), and that the path still
  names it (``stat``: same inode and device; a deleted or replaced path fails);
- object storage: its size and, where the store reports them in ``fs.info``, ETag / MD5 /
  generation / modification time (S3, GCS and Azure do; fsspec's memory store has ``created``). A
  store that reports only the size catches a changed size only.

A change, disappearance, shrink or read error raises :class:`SourceChangedError` (a
:class:`LinkedInInputError`: never retried, and never reported as a network problem).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from maton_linkedin_provider.constants import install_hint
from maton_linkedin_provider.exceptions import LinkedInInputError

if TYPE_CHECKING:
    from collections.abc import Callable

#: ``fs.info`` keys that identify an object's version, checked when the store reports them.
VERSION_KEYS = (
    "ETag",
    "etag",
    "md5Hash",
    "md5",
    "content_md5",
    "generation",
    "version_id",
    "LastModified",
    "last_modified",
    "mtime",
    "updated",
    "created",
)


class SourceChangedError(LinkedInInputError):
    """The source changed, vanished or shrank during an upload: nothing was finalized or posted."""

    def __init__(self, name: str, what: str, outcome: str = "nothing was finalized or posted") -> None:
        super().__init__(
            "source",
            f"{name} changed during the upload ({what}): {outcome}.",
            "upload a file that nothing writes to meanwhile (write it elsewhere, then rename it into place).",
        )


@dataclass(frozen=True)
class MediaSource:
    """A resolved, not yet opened byte source.

    :param name: how messages name it (a path or URL; never credentials).
    :param size: its size in bytes when it was resolved.
    :param opener: returns a new binary file object positioned at byte 0.
    :param local: the local path, when the source is a local file (opened with ``os.open``).
    :param remote: the ``ObjectStoragePath``, when it is on an object store.
    """

    name: str
    size: int
    opener: Callable[[], IO[bytes]]
    local: Path | None = None
    remote: Any = None

    def head(self, nbytes: int) -> bytes:
        """The first ``nbytes`` bytes (fewer if the source is shorter)."""
        with self.opener() as f:
            return f.read(nbytes)

    def pin(self) -> PinnedSource:
        """Open the source once for an upload (see :class:`PinnedSource`)."""
        if self.local is not None:
            return _LocalPinned(self.name, self.size, self.local)
        return _StreamPinned(self.name, self.size, self.opener, self.remote)


class PinnedSource:
    """One open source that every part is read from, and the identity it had when opened.

    :meth:`read_at` is thread-safe (parts go up in parallel); :meth:`view` gives a file-like
    object for :class:`~maton_linkedin_provider.linkedin.uploads.RangeReader`.
    """

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self.outcome = "nothing was finalized or posted"

    def changed(self, what: str) -> SourceChangedError:
        return SourceChangedError(self.name, what, self.outcome)

    def read_at(self, offset: int, nbytes: int) -> bytes:
        """``nbytes`` bytes from ``offset`` (fewer only at the end of the size it had when opened)."""
        want = max(0, min(nbytes, self.size - offset))
        try:
            data = self._read(offset, want)
        except SourceChangedError:
            raise
        except Exception as err:  # any read failure means the source is not what it was
            raise self.changed(
                f"it could not be read at byte {offset}: {type(err).__name__}: {err}"
            ) from None
        if len(data) < want:
            raise self.changed(f"it ended at byte {offset + len(data):,} of {self.size:,}: it shrank")
        return data

    def view(self) -> IO[bytes]:
        """A seekable read-only file-like object over :meth:`read_at` (closing it closes nothing)."""
        return cast("IO[bytes]", _View(self))

    def check(self) -> None:
        """Raise :class:`SourceChangedError` if the source is not the one opened."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _read(self, offset: int, nbytes: int) -> bytes:
        raise NotImplementedError

    def __enter__(self) -> PinnedSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _View:
    def __init__(self, pinned: PinnedSource) -> None:
        self._pinned = pinned
        self._offset = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence != 0:
            raise OSError("only absolute seeks")
        self._offset = offset
        return offset

    def read(self, nbytes: int = -1) -> bytes:
        if nbytes is None or nbytes < 0:
            nbytes = self._pinned.size - self._offset
        data = self._pinned.read_at(self._offset, nbytes)
        self._offset += len(data)
        return data

    def close(self) -> None:
        pass

    def __enter__(self) -> _View:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _LocalPinned(PinnedSource):
    """A local file: one descriptor, read with ``os.pread`` (no shared offset, so no lock)."""

    def __init__(self, name: str, size: int, path: Path) -> None:
        super().__init__(name, size)
        self._path = path
        try:
            self._fd: int | None = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            raise LinkedInInputError("source", f"{path} does not exist.") from None
        except OSError as err:
            raise LinkedInInputError("source", f"{path} cannot be opened: {err}.") from None
        self._stamp = os.fstat(self._fd)
        if self._stamp.st_size != size:
            self.close()
            raise self.changed(f"size {size:,} -> {self._stamp.st_size:,} before the first byte was read")

    def _read(self, offset: int, nbytes: int) -> bytes:
        if self._fd is None:
            raise self.changed("it was closed")
        chunks = []
        while nbytes > 0:
            chunk = os.pread(self._fd, nbytes, offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
            nbytes -= len(chunk)
        return b"".join(chunks)

    def check(self) -> None:
        assert self._fd is not None
        now = os.fstat(self._fd)
        old = self._stamp
        if now.st_size != old.st_size:
            raise self.changed(f"size {old.st_size:,} -> {now.st_size:,}")
        if now.st_mtime_ns != old.st_mtime_ns:
            raise self.changed("it was modified: its modification time moved")
        try:
            at_path = os.stat(self._path)
        except FileNotFoundError:
            raise self.changed("it was deleted") from None
        except OSError as err:
            raise self.changed(f"it can no longer be found: {err}") from None
        if (at_path.st_ino, at_path.st_dev) != (old.st_ino, old.st_dev):
            raise self.changed("it was replaced: the path now names another file")

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _StreamPinned(PinnedSource):
    """An object-store (or other fsspec) file: one file object, seek + read under a lock."""

    def __init__(self, name: str, size: int, opener: Callable[[], IO[bytes]], remote: Any) -> None:
        super().__init__(name, size)
        self._remote = remote
        self._lock = threading.Lock()
        self._stamp = self._version()
        try:
            self._file: IO[bytes] | None = opener()
        except FileNotFoundError:
            raise LinkedInInputError("source", f"{name} does not exist.") from None
        if self._stamp.get("size", size) != size:
            self.close()
            raise self.changed(f"size {size:,} -> {self._stamp['size']:,} before the first byte was read")

    def _version(self) -> dict[str, Any]:
        """Size and whatever version fields the store reports (empty when it cannot say)."""
        if self._remote is None:
            return {}
        info = self._remote.fs.info(self._remote.path)
        found = {key: info[key] for key in VERSION_KEYS if info.get(key) is not None}
        found["size"] = int(info.get("size") or 0)
        return found

    def _read(self, offset: int, nbytes: int) -> bytes:
        with self._lock:
            if self._file is None:
                raise self.changed("it was closed")
            self._file.seek(offset)
            chunks = []
            while nbytes > 0:
                chunk = self._file.read(nbytes)
                if not chunk:
                    break
                chunks.append(chunk)
                nbytes -= len(chunk)
            return b"".join(chunks)

    def check(self) -> None:
        try:
            now = self._version()
        except FileNotFoundError:
            raise self.changed("it was deleted") from None
        except Exception as err:  # the store cannot vouch for it
            raise self.changed(f"its details could not be read: {type(err).__name__}: {err}") from None
        old = self._stamp
        if now.get("size") != old.get("size"):
            raise self.changed(f"size {old.get('size', 0):,} -> {now.get('size', 0):,}")
        for key, value in old.items():
            if now.get(key) != value:
                raise self.changed(f"its {key} changed")

    def close(self) -> None:
        if self._file is not None:
            with self._lock:
                self._file.close()
                self._file = None


def object_path(url: str, field: str = "source") -> Any:
    """An ``ObjectStoragePath`` for ``url``; :class:`LinkedInInputError` names the package to install."""
    from airflow.sdk import ObjectStoragePath

    scheme = urlsplit(url).scheme
    try:
        path = ObjectStoragePath(url)
        path.fs  # noqa: B018 - resolves the filesystem now, so a missing one fails here
    except (ImportError, ValueError) as err:
        fix = install_hint(scheme) or (
            f"install the provider that registers '{scheme}://', or attach a filesystem "
            "with airflow.sdk.io.attach"
        )
        raise LinkedInInputError(
            field, f"no filesystem for {scheme}:// URLs is installed ({err}).", fix
        ) from None
    return path


def open_source(source: Any, field: str = "source") -> MediaSource:
    """Resolve a path, a ``file://``/``s3://``/``gs://`` URL or an ``ObjectStoragePath``; read nothing."""
    if source is None or (isinstance(source, str) and not source.strip()):
        raise LinkedInInputError(field, "no file given.", "pass a local path or an object storage URL.")
    if isinstance(source, str) and "://" in source:
        parts = urlsplit(source)
        if parts.scheme == "file":
            return _local(Path(unquote(parts.path)), field)
        return _remote(object_path(source, field), source, field)
    if isinstance(source, (str, os.PathLike)) and not hasattr(source, "fs"):
        return _local(Path(os.fspath(source)).expanduser(), field)
    if hasattr(source, "fs") and hasattr(source, "open"):
        if getattr(source, "protocol", "") in ("file", "local", ""):
            return _local(Path(source.path), field)
        return _remote(source, str(source), field)
    raise LinkedInInputError(
        field, f"{type(source).__name__} is not a path or URL.", "pass a str, Path or ObjectStoragePath."
    )


def _local(path: Path, field: str) -> MediaSource:
    if not path.exists():
        raise LinkedInInputError(
            field, f"{path} does not exist.", "check the path (templated fields render first)."
        )
    if not path.is_file():
        raise LinkedInInputError(field, f"{path} is not a file.")
    if not os.access(path, os.R_OK):
        raise LinkedInInputError(field, f"{path} is not readable by this worker.", "fix its permissions.")
    return MediaSource(str(path), path.stat().st_size, lambda: path.open("rb"), local=path)


def _remote(path: Any, name: str, field: str) -> MediaSource:
    try:
        if not path.is_file():
            raise FileNotFoundError(name)
        size = int(path.size())
    except FileNotFoundError:
        raise LinkedInInputError(
            field, f"{name} does not exist.", "check the URL and its connection."
        ) from None
    except PermissionError as err:
        raise LinkedInInputError(field, f"{name} is not readable: {err}.") from None
    return MediaSource(name, size, lambda: path.open("rb"), remote=path)
