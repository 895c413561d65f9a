"""Where upload bytes come from: a local path, an ``ObjectStoragePath`` or a URL string.

Sources are opened lazily and read as streams; only their size and first bytes are read up front
(to refuse a wrong or oversized file before any request).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from maton_linkedin_provider.constants import install_hint
from maton_linkedin_provider.exceptions import LinkedInInputError

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class MediaSource:
    """An opened-on-demand byte source.

    :param name: how messages name it (a path or URL; never credentials).
    :param size: its size in bytes.
    :param opener: returns a new binary file object positioned at byte 0.
    """

    name: str
    size: int
    opener: Callable[[], IO[bytes]]

    def head(self, nbytes: int) -> bytes:
        """The first ``nbytes`` bytes (fewer if the source is shorter)."""
        with self.opener() as f:
            return f.read(nbytes)


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
    return MediaSource(str(path), path.stat().st_size, lambda: path.open("rb"))


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
    return MediaSource(name, size, lambda: path.open("rb"))
