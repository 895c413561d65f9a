"""A source that changes during an upload, against the sandbox: one open file, checked before finalizing.

Each case changes the file after part 1 has gone up (or before any part): it is replaced by a
rename, grows, shrinks, is rewritten in place or deleted. Each gets a ``SourceChangedError`` (a
``LinkedInInputError``, never retried, never called a network problem), and no finalize is sent.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from maton_linkedin_provider.example_dags._samples import pdf_bytes, png_bytes, write_mp4
from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.hooks.sources import SourceChangedError
from maton_linkedin_provider.linkedin.uploads import VIDEO_PART_SIZE

PART = VIDEO_PART_SIZE
SIZE = 2 * PART + 123_457


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


@pytest.fixture(autouse=True)
def settled(sandbox):
    """After each test, wait for the PUTs the client cut mid-body to be recorded (not in the next test)."""
    yield
    deadline = time.monotonic() + 5
    seen = -1
    while time.monotonic() < deadline and seen != len(sandbox.requests):
        seen = len(sandbox.requests)
        time.sleep(0.2)


def after_part(hook: MatonLinkedInHook, index: int, change) -> list[int]:
    """Run ``change()`` once part ``index`` is up; return the parts that were PUT, in order."""
    original = hook._put_part
    done: list[int] = []

    def put(src, part, progress):
        etag = original(src, part, progress)
        done.append(part.index)
        if part.index == index:
            change()
        return etag

    hook._put_part = put  # type: ignore[method-assign]
    return done


def upload_puts(sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "upload"]


def assert_nothing_finalized(sandbox) -> None:
    paths = [r.raw_path for r in sandbox.requests if r.server == "api"]
    assert not any("finalizeUpload" in p for p in paths)
    assert not any("/posts" in p for p in paths)


def replace_by_rename(path: Path) -> None:
    other = write_mp4(path.with_name("other.mp4"), SIZE)
    with other.open("r+b") as f:  # another file of the same size, with other bytes
        f.seek(PART)
        f.write(b"\xff" * (SIZE - PART))
    os.replace(other, path)


def grow(path: Path) -> None:
    with path.open("ab") as f:
        f.write(b"\0" * 1000)


def truncate(path: Path, size: int) -> None:
    os.truncate(path, size)


def rewrite_in_place(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(PART + 10)
        f.write(b"spliced")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a coarse clock still moves


CASES = [
    pytest.param(replace_by_rename, "it was replaced: the path now names another file", id="replaced"),
    pytest.param(grow, f"size {SIZE:,} -> {SIZE + 1000:,}", id="grew"),
    pytest.param(rewrite_in_place, "it was modified", id="rewritten-in-place"),
    pytest.param(os.unlink, "it was deleted", id="deleted"),
]


@pytest.mark.parametrize(("change", "what"), CASES)
def test_a_video_whose_source_changes_after_part_1_is_not_finalized(hook, sandbox, tmp_path, change, what):
    path = write_mp4(tmp_path / "v.mp4", SIZE)
    done = after_part(hook, 0, lambda: change(path))
    with pytest.raises(SourceChangedError) as info:
        hook.upload_video(path, parallelism=1)
    err = info.value
    assert isinstance(err, LinkedInInputError) and err.field == "source"
    assert str(path) in str(err) and "changed during the upload" in str(err) and what in str(err)
    assert "nothing was finalized or posted" in str(err)
    assert "network" not in str(err)
    # every part came from the file as it was opened, once each, and nothing was retried
    assert done == [0, 1, 2]
    assert [r.status for r in upload_puts(sandbox)] == [201, 201, 201]
    assert_nothing_finalized(sandbox)


def test_a_file_replaced_by_rename_is_never_spliced(hook, sandbox, tmp_path):
    """All three parts carry the bytes of the file that was opened, not the one renamed over it."""
    import zlib

    path = write_mp4(tmp_path / "v.mp4", SIZE)
    original = path.read_bytes()
    after_part(hook, 0, lambda: replace_by_rename(path))
    with pytest.raises(SourceChangedError, match="replaced"):
        hook.upload_video(path, parallelism=1)
    assert path.read_bytes() != original
    (asset,) = sandbox.state.media.values()
    ranges = [(0, PART), (PART, 2 * PART), (2 * PART, SIZE)]
    expected = [f"{zlib.crc32(original[a:b]):08x}{b - a:x}" for a, b in ranges]
    assert [p.md5 for p in asset.parts] == expected
    assert asset.finalized_ids is None


def test_a_video_truncated_mid_upload_fails_in_the_part_not_as_a_network_error(hook, sandbox, tmp_path):
    path = write_mp4(tmp_path / "v.mp4", SIZE)
    done = after_part(hook, 0, lambda: truncate(path, PART + 10))
    with pytest.raises(SourceChangedError) as info:
        hook.upload_video(path, parallelism=1)
    message = str(info.value)
    assert f"it ended at byte {PART + 10:,} of {SIZE:,}: it shrank" in message
    assert "nothing was finalized or posted" in message
    assert done == [0]  # part 2 raised while its body was streaming; part 3 was never started
    assert len(upload_puts(sandbox)) <= 2  # part 2 at most once (cut mid-body), never retried
    assert_nothing_finalized(sandbox)


def test_a_truncation_with_parts_in_parallel_stops_the_upload(hook, sandbox, tmp_path):
    path = write_mp4(tmp_path / "v.mp4", 3 * PART + 5)
    original = hook._initialize

    def initialize(collection, request):
        value = original(collection, request)
        truncate(path, PART // 2)  # after LinkedIn was told the size, before any part
        return value

    hook._initialize = initialize  # type: ignore[method-assign]
    with pytest.raises(SourceChangedError, match="it shrank"):
        hook.upload_video(path, parallelism=4)
    assert_nothing_finalized(sandbox)


def test_a_file_already_changed_before_the_first_read_is_refused(hook, sandbox, tmp_path, monkeypatch):
    from maton_linkedin_provider.hooks import _media

    path = write_mp4(tmp_path / "v.mp4", SIZE)
    real_open = _media.open_source

    def open_then_grow(source):
        resolved = real_open(source)
        grow(path)
        return resolved

    monkeypatch.setattr(_media, "open_source", open_then_grow)
    with pytest.raises(SourceChangedError, match="before the first byte was read"):
        hook.upload_video(path)
    assert sandbox.requests == []


@pytest.mark.parametrize(
    ("method", "name", "content"),
    [("upload_image", "a.png", png_bytes(40, 30)), ("upload_document", "d.pdf", pdf_bytes() * 50)],
)
@pytest.mark.parametrize("change", ["replace", "delete"])
def test_an_image_or_document_that_changed_returns_no_urn(
    hook, sandbox, tmp_path, method, name, content, change
):
    path = tmp_path / name
    path.write_bytes(content)

    def act() -> None:
        if change == "delete":
            path.unlink()
        else:
            path.with_name("new").write_bytes(content)
            os.replace(path.with_name("new"), path)

    after_part(hook, 0, act)
    with pytest.raises(SourceChangedError) as info:
        getattr(hook, method)(path)
    assert "is not returned, so nothing is posted with it" in str(info.value)
    assert len(upload_puts(sandbox)) == 1
    assert_nothing_finalized(sandbox)


def test_an_unchanged_source_still_uploads_from_one_descriptor(hook, sandbox, tmp_path, monkeypatch):
    """The happy path opens the file once, however many parts and threads read it."""
    import maton_linkedin_provider.hooks.sources as sources

    path = write_mp4(tmp_path / "v.mp4", SIZE)
    opened: list[str] = []
    real_open = sources.os.open

    def counting_open(file, *args, **kwargs):
        if str(file) == str(path):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(sources.os, "open", counting_open)
    sandbox.state.media_processing_seconds["video"] = 0.0
    urn = hook.upload_video(path, parallelism=3)
    assert opened == [str(path)]
    assert hook.get_video(urn)["status"] == "AVAILABLE"


def test_an_object_storage_source_rewritten_mid_upload_is_not_finalized(hook, sandbox, memory_storage):
    from airflow.sdk import ObjectStoragePath

    url = "memory://bucket/videos/v.mp4"
    local = write_mp4(Path(os.environ["AIRFLOW_HOME"]) / "v-src.mp4", SIZE)
    target = ObjectStoragePath(url)
    target.write_bytes(local.read_bytes())

    def rewrite() -> None:
        target.write_bytes(local.read_bytes()[::-1][:SIZE])  # same size, another object

    after_part(hook, 0, rewrite)
    with pytest.raises(SourceChangedError, match="changed during the upload"):
        hook.upload_video(url, parallelism=1)
    assert_nothing_finalized(sandbox)


def test_an_object_storage_source_deleted_mid_upload_is_not_finalized(hook, sandbox, memory_storage):
    from airflow.sdk import ObjectStoragePath

    url = "memory://bucket/videos/v.mp4"
    local = write_mp4(Path(os.environ["AIRFLOW_HOME"]) / "v-src2.mp4", SIZE)
    target = ObjectStoragePath(url)
    target.write_bytes(local.read_bytes())
    after_part(hook, 0, target.unlink)
    with pytest.raises(SourceChangedError, match="it was deleted"):
        hook.upload_video(url, parallelism=1)
    assert_nothing_finalized(sandbox)


def test_the_operator_fails_without_a_retry_and_posts_nothing(set_conn, sandbox, tmp_path):
    from maton_linkedin_provider.operators.media import LinkedInUploadVideoOperator

    path = write_mp4(tmp_path / "v.mp4", SIZE)
    op = LinkedInUploadVideoOperator(task_id="video", source=str(path), parallelism=1)
    after_part(op.hook, 1, lambda: truncate(path, PART))
    with pytest.raises(SourceChangedError):
        op.execute({})
    assert_nothing_finalized(sandbox)
