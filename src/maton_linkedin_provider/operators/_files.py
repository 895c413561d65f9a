"""Writing exports: JSON Lines or CSV, to a local path or an object store, atomically and streamed.

Rows are written one at a time as the hook's iterator yields them (page by page), so memory stays
flat in the number of rows. The file appears complete or not at all: everything goes to a
temporary name beside the target (``.ads.jsonl.<12 hex digits>.part``), which is renamed over the
target only once the last row is written (an object store's rename is copy + delete of the
temporary key). A failed or killed run leaves the target as it was, and its retry overwrites it.

Local files:

- **Mode.** The temporary is created ``0600`` (no one else can read a half-written export) and,
  just before the rename, given the permission bits (``0o777`` part) of the file it replaces, so
  a ``0600`` export stays ``0600``. A new file gets the mode a plain ``open()`` would give it:
  ``0666`` less the process umask (``0644`` under the usual ``022``). Owner and group are not
  copied (only root could).
- **Leftovers.** A writer holds an exclusive ``flock`` on its temporary until the rename. Before
  writing, a run removes the temporaries of *the same target* (exactly ``.{name}.<12 hex>.part``,
  regular files only, never following a symlink) that no process holds locked and that were last
  modified more than :data:`LEFTOVER_AGE_SECONDS` ago: what a killed run left. A concurrent run's
  temporary is locked and kept; other files are never touched.

Object storage (``ObjectStoragePath``): there are no modes (access is the bucket's policy or the
object's ACL, which a rewrite leaves to the store's defaults), and leftovers are not removed: a
store has no locks, so a live run's temporary cannot be told from a dead one's. A run killed while
writing usually leaves only an incomplete multipart upload (invisible; expire it with the bucket's
lifecycle rule, e.g. ``AbortIncompleteMultipartUpload``); one killed between the write and the
rename leaves a ``.part`` key, which a lifecycle rule on the ``.part`` suffix can delete.

Text: the file is UTF-8. A lone surrogate in a row (which UTF-8 cannot encode, e.g. from a
``\\udXXX`` escape in a JSON response) is written as the escape ``\\udXXX`` (the
``backslashreplace`` error handler) instead of aborting the export. In JSON Lines that is JSON's
own escape, inside a string, so ``json.loads`` gives the same string back; in CSV it is the
six characters ``\\udXXX`` in the cell. Every other character is written as UTF-8.

Nothing here imports ``requests`` or the hook; ``ObjectStoragePath`` is imported only for
non-local paths.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

from maton_linkedin_provider.constants import install_hint
from maton_linkedin_provider.exceptions import LinkedInInputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from airflow.sdk import ObjectStoragePath

#: Output formats, by name.
FORMATS = ("jsonl", "csv")
_LOCAL_SCHEMES = ("", "file", "local")
#: Log a progress line for each of the first pages, then at most this often (seconds).
_LOG_FIRST_PAGES = 3
_LOG_EVERY_SECONDS = 10.0
#: A temporary of the target unlocked and untouched this long is a killed run's leftover (seconds).
LEFTOVER_AGE_SECONDS = 60.0
#: Compressions, by name (``None``: none).
COMPRESSIONS = ("gzip",)
#: gzip's level: 6, the ``gzip`` command's default (9 costs about twice the time for ~1% less).
GZIP_LEVEL = 6
#: The placeholder in ``output_path`` that a day's partition fills in (``.../{day}.jsonl``).
DAY = "{day}"
#: How text that UTF-8 cannot encode (lone surrogates) is written: as a ``\\udXXX`` escape.
TEXT_ERRORS = "backslashreplace"


def check_format(value: Any) -> str:
    """``"jsonl"`` or ``"csv"`` (case-insensitive; ``"json"``/``"ndjson"`` mean JSON Lines).

    :raises LinkedInInputError: for any other format.
    """
    text = str(value).strip().lower() if isinstance(value, str) else ""
    text = {"json": "jsonl", "ndjson": "jsonl"}.get(text, text)
    if text not in FORMATS:
        raise LinkedInInputError(
            "output_format", f"{value!r} is not a format the export writes.", "use 'jsonl' (default) or 'csv'"
        )
    return text


def check_compression(value: Any, output_path: Any) -> str | None:
    """``"gzip"`` or ``None``: as given, or (``None``, the default) inferred from a ``.gz`` suffix.

    ``"none"`` writes plain text whatever the suffix.

    :raises LinkedInInputError: for any other compression.
    """
    if value is None:
        return "gzip" if str(output_path).strip().lower().endswith(".gz") else None
    text = value.strip().lower() if isinstance(value, str) else ""
    text = {"gz": "gzip"}.get(text, text)
    if text in ("none", ""):
        return None
    if text not in COMPRESSIONS:
        raise LinkedInInputError(
            "compression",
            f"{value!r} is not a compression the export writes.",
            "use 'gzip', 'none', or leave it unset to infer gzip from a .gz suffix",
        )
    return text


@dataclass(frozen=True)
class ExportTarget:
    """Where an export goes: a local file, or a path on an object store."""

    shown: str
    local: Path | None = None
    remote: ObjectStoragePath | None = None


def _scheme(path: str) -> str:
    head, sep, _ = path.partition("://")
    return head.lower() if sep and head.isidentifier() else ""


def resolve_target(output_path: Any) -> ExportTarget:
    """Check ``output_path`` and decide how to write it, before any request is made.

    A plain path or ``file://`` URL is written with the local filesystem; any other URL
    (``s3://``, ``gs://``...) or an ``ObjectStoragePath`` through Airflow's object storage.

    :raises LinkedInInputError: empty path, a directory, or a scheme with no installed filesystem
        (naming the package to install).
    """
    if output_path is None or (isinstance(output_path, str) and not output_path.strip()):
        raise LinkedInInputError(
            "output_path", "is empty.", "give a file path or URL, e.g. /data/{{ ds }}/ads.jsonl"
        )
    if not isinstance(output_path, (str, os.PathLike)):
        return _object_target(output_path)
    text = os.fspath(output_path).strip()
    scheme = _scheme(text)
    if scheme in _LOCAL_SCHEMES:
        local = Path(text.split("://", 1)[1] if scheme else text).expanduser().absolute()
        if text.endswith(("/", os.sep)) or local.is_dir():
            raise LinkedInInputError(
                "output_path", f"{text!r} is a directory.", "name the file, e.g. .../ads.jsonl"
            )
        return ExportTarget(str(local), local=local)
    from airflow.sdk import ObjectStoragePath

    try:
        path = ObjectStoragePath(text)
    except (ValueError, ImportError) as err:  # a scheme fsspec does not know at all
        raise _no_filesystem(scheme, err) from None
    return _object_target(path)


def _no_filesystem(protocol: str, err: Exception) -> LinkedInInputError:
    fix = install_hint(protocol) or (
        f"install the provider that registers '{protocol}://', or attach a filesystem "
        "with airflow.sdk.io.attach"
    )
    return LinkedInInputError("output_path", f"no filesystem is installed for '{protocol}://' ({err}).", fix)


def _object_target(path: Any) -> ExportTarget:
    if getattr(type(path), "fs", None) is None:
        raise LinkedInInputError("output_path", f"expected a path or URL, got {type(path).__name__}.")
    protocol = str(path.protocol or "").lower()
    if protocol in _LOCAL_SCHEMES:
        return resolve_target(str(path.path))
    try:
        path.fs  # noqa: B018 - resolving the filesystem (as the write will) is the check
    except (ValueError, ImportError) as err:
        raise _no_filesystem(protocol, err) from None
    return ExportTarget(str(path), remote=path)


class Log(Protocol):
    """What the writer needs of a logger (the task's ``self.log``)."""

    def info(self, event: Any, /, *args: Any) -> Any: ...


# --- atomic files -----------------------------------------------------------------------------------


def _temporary_name(name: str) -> str:
    return f".{name}.{uuid.uuid4().hex[:12]}.part"


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux: /proc)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    old = os.umask(0o077)  # a thread creating a file meanwhile gets a narrower mode, never a wider one
    os.umask(old)
    return old


def final_mode(path: Path) -> int:
    """The mode an export to ``path`` ends with: the replaced file's permission bits, else 0666 & ~umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _lock(fd: int, *, wait: bool) -> bool:
    """Take an exclusive ``flock`` on ``fd``; ``False`` if another open file holds it (no wait)."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): an open file cannot be deleted there anyway
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def remove_leftovers(path: Path, *, now: float | None = None) -> list[str]:
    """Delete the temporaries a killed run left for ``path``; return their names.

    Only files named exactly ``.{name}.<12 hex>.part`` beside ``path``, regular (not symlinks),
    modified more than :data:`LEFTOVER_AGE_SECONDS` ago and not locked by a live writer.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + r"[0-9a-f]{12}\.part")
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if not entry.is_file(follow_symlinks=False) or now - info.st_mtime < LEFTOVER_AGE_SECONDS:
                continue
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(entry.path, flags)
            try:
                if os.fstat(fd).st_ino == info.st_ino and _lock(fd, wait=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
            finally:
                os.close(fd)
    return removed


@contextlib.contextmanager
def _local_file(path: Path, log: Log | None = None) -> Iterator[BinaryIO]:
    path.parent.mkdir(parents=True, exist_ok=True)
    removed = remove_leftovers(path)
    if removed and log is not None:
        log.info("Removed %d temporary file(s) a killed run left: %s", len(removed), ", ".join(removed))
    temporary = path.with_name(_temporary_name(path.name))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        _lock(fd, wait=True)
        with open(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), final_mode(path))
            os.fsync(handle.fileno())
            os.replace(temporary, path)  # still locked: no cleanup can take it before the rename
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _object_file(path: ObjectStoragePath) -> Iterator[BinaryIO]:
    parent = path.parent
    with contextlib.suppress(Exception):  # object stores have no directories; local-like ones need them
        parent.mkdir(parents=True, exist_ok=True)
    temporary = parent / _temporary_name(path.name)
    try:
        with temporary.open("wb") as raw:
            yield raw
        temporary.rename(path)
    except BaseException:
        with contextlib.suppress(Exception):
            temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _text(raw: BinaryIO, compression: str | None) -> Iterator[TextIO]:
    """UTF-8 text over ``raw``, gzip-compressed on the way when asked; everything flushed at the end."""
    zipped = None
    if compression == "gzip":
        # No file name or time in the header: the same rows give the same bytes.
        zipped = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0)
    stream: Any = zipped if zipped is not None else raw
    text = io.TextIOWrapper(stream, encoding="utf-8", errors=TEXT_ERRORS, newline="", write_through=False)
    try:
        yield text
        text.flush()
        text.detach()
        if zipped is not None:
            zipped.close()  # writes the trailer; leaves ``raw`` open
    except BaseException:  # in the block, or flushing, or the trailer (a full disk): the temporary is
        with contextlib.suppress(Exception):  # dropped anyway; leave no layer open
            text.close()
        if zipped is not None:
            with contextlib.suppress(Exception):
                zipped.close()
        raise


@contextlib.contextmanager
def atomic_text_file(
    target: ExportTarget, log: Log | None = None, compression: str | None = None
) -> Iterator[TextIO]:
    """A UTF-8 text stream whose content replaces ``target`` only when the block ends without an error.

    Lone surrogates are written as ``\\udXXX`` escapes; a local file keeps the replaced file's
    mode and removes a killed run's temporaries first (see the module docstring).

    :param compression: ``"gzip"``: the bytes are gzip-compressed as they are written.
    """
    if target.local is not None:
        raw = _local_file(target.local, log)
    else:
        assert target.remote is not None
        raw = _object_file(target.remote)
    with raw as handle, _text(handle, compression) as text:
        yield text


# --- rows -> text -----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A CSV cell: scalars as they are, Rest.li dates as ``YYYY-MM-DD``, anything nested as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if set(value) == {"year", "month", "day"}:
            return f"{value['year']:04d}-{value['month']:02d}-{value['day']:02d}"
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _lookup(row: Mapping[str, Any], path: str) -> Any:
    value: Any = row
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def infer_columns(row: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of a row's leaves (Rest.li dates and lists count as leaves)."""
    columns: list[str] = []
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and set(value) != {"year", "month", "day"}:
            columns.extend(infer_columns(value, name + "."))
        else:
            columns.append(name)
    return columns


class _Progress:
    """Logs pages, rows and rate: the first pages, then at most every 10 seconds, then a summary."""

    def __init__(self, log: Log, what: str, page_size: int | None) -> None:
        self.log = log
        self.what = what
        self.page_size = page_size or 0
        self.started = self.last = time.monotonic()
        self.pages = 0

    def rate(self, rows: int) -> float:
        return rows / max(time.monotonic() - self.started, 1e-9)

    def page(self, rows: int) -> None:
        self.pages += 1
        now = time.monotonic()
        if self.pages <= _LOG_FIRST_PAGES or now - self.last >= _LOG_EVERY_SECONDS:
            self.last = now
            self.log.info(
                "%s: page %d, %d rows so far (%.0f rows/s)", self.what, self.pages, rows, self.rate(rows)
            )

    def done(self, rows: int, shown: str) -> None:
        pages = ""
        if self.page_size:  # full pages were counted as they came; a short (or empty) last one ends it
            pages = f" from {max(1, -(-rows // self.page_size))} page(s)"
        elapsed = time.monotonic() - self.started
        self.log.info(
            "%s: wrote %d rows%s to %s in %.1fs (%.0f rows/s)",
            self.what,
            rows,
            pages,
            shown,
            elapsed,
            self.rate(rows),
        )


def _write_jsonl(rows: Iterable[Mapping[str, Any]], out: TextIO, on_page: Any, page_size: int) -> int:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    write = out.write
    count = 0
    for row in rows:
        write(dumps(row))
        write("\n")
        count += 1
        if page_size and count % page_size == 0:
            on_page(count)
    return count


def _write_csv(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    on_page: Any,
    page_size: int,
    columns: Sequence[str] | None,
) -> int:
    writer = csv.writer(out, lineterminator="\n")
    iterator = iter(rows)
    first = next(iterator, None)
    header = list(columns) if columns else (infer_columns(first) if first is not None else [])
    writer.writerow(header)
    if first is None:
        return 0
    count = 0
    for row in _chain(first, iterator):
        writer.writerow([_cell(_lookup(row, column)) for column in header])
        count += 1
        if page_size and count % page_size == 0:
            on_page(count)
    return count


def _chain(first: Mapping[str, Any], rest: Iterator[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    yield first
    yield from rest


def _write(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    output_format: str,
    on_page: Any,
    page_size: int,
    columns: Sequence[str] | None,
) -> int:
    if output_format == "csv":
        return _write_csv(rows, out, on_page, page_size, columns)
    return _write_jsonl(rows, out, on_page, page_size)


def export_rows(
    rows: Iterable[Mapping[str, Any]],
    target: ExportTarget,
    *,
    output_format: str,
    log: Log,
    what: str,
    page_size: int | None = None,
    columns: Sequence[str] | None = None,
    compression: str | None = None,
) -> dict[str, Any]:
    """Write ``rows`` to ``target`` atomically, logging progress.

    :param page_size: rows per page of the source, for the progress log (``None``: no pages).
    :param columns: CSV columns as dotted paths (``details.advertiser.advertiserName``); ``None``
        takes the first row's leaves.
    :param compression: ``"gzip"`` or ``None``.
    :return: ``{"path": ..., "rows": ...}`` for XCom.
    """
    progress = _Progress(log, what, page_size)
    with atomic_text_file(target, log, compression) as out:
        count = _write(rows, out, output_format, progress.page, page_size or 0, columns)
    progress.done(count, target.shown)
    return {"path": target.shown, "rows": count}


def export_partitions(
    windows: Iterable[tuple[tuple[date, date], Iterable[Mapping[str, Any]]]],
    target_of: Callable[[date], ExportTarget],
    day_of: Callable[[Mapping[str, Any]], date | None],
    *,
    output_format: str,
    log: Log,
    what: str,
    shown: str,
    columns: Sequence[str] | None = None,
    compression: str | None = None,
) -> dict[str, Any]:
    """Write one file per day: each day of each ``((first, last), rows)`` window replaces its partition.

    Every day of a window is written, a day without rows as an empty file (CSV: the header), so a
    re-run replaces what an earlier run wrote for that day and never adds to it. Each day's file is
    atomic (a temporary renamed over it); the days of a run are not one transaction: a run that
    fails midway has replaced some days, and its retry replaces them all again.

    :param target_of: where a day's partition goes.
    :param day_of: the day a row belongs to (``None``: the row cannot be placed, an error).
    :param shown: the path template, for the log and XCom.
    :return: ``{"path": shown, "rows": total, "partitions": [{"day", "path", "rows"}, ...]}``.
    """
    progress = _Progress(log, what, None)
    partitions: list[dict[str, Any]] = []
    seen: set[date] = set()
    total = 0
    for (first, last), rows in windows:
        by_day: dict[date, list[Mapping[str, Any]]] = {
            first + timedelta(days=n): [] for n in range((last - first).days + 1)
        }
        for row in rows:
            day = day_of(row)
            if day not in by_day:
                raise ValueError(f"{what}: a row of {first}..{last} has no day in that window: {row!r:.200}")
            by_day[day].append(row)
        for day, day_rows in by_day.items():
            if day in seen:
                raise ValueError(f"{what}: {day} came in two windows; refusing to overwrite its partition")
            seen.add(day)
            target = target_of(day)
            with atomic_text_file(target, log, compression) as out:
                count = _write(day_rows, out, output_format, None, 0, columns)
            partitions.append({"day": day.isoformat(), "path": target.shown, "rows": count})
            total += count
        log.info(
            "%s: %s..%s written, %d rows so far (%.0f rows/s)", what, first, last, total, progress.rate(total)
        )
    progress.done(total, f"{len(partitions)} day partition(s) of {shown}")
    return {"path": shown, "rows": total, "partitions": partitions}
