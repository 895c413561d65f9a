"""Uploads through the hook against the sandbox: streaming, parts, ETags, exact URLs, no credentials."""

from __future__ import annotations

import json

import pytest

from maton_linkedin_provider.example_dags._samples import pdf_bytes, png_bytes, write_docx, write_mp4
from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInInputError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.linkedin.uploads import VIDEO_PART_SIZE
from maton_linkedin_provider.sandbox import Fault

PART = VIDEO_PART_SIZE


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def uploads(sandbox):
    return [r for r in sandbox.requests if r.server == "upload"]


def test_image_upload_and_post_costs_four_requests(hook, sandbox, tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(png_bytes(40, 30))
    urn = hook.upload_image(path)
    post = hook.create_post("chart", media=urn, alt_text="a chart")
    assert urn.startswith("urn:li:image:") and post
    assert [f"{r.server}:{r.method}" for r in sandbox.requests] == [
        "api:GET",
        "api:POST",
        "upload:PUT",
        "api:POST",
    ]
    put = uploads(sandbox)[0]
    assert put.body_size == path.stat().st_size
    assert hook.get_image(urn)["status"] == "AVAILABLE"


def test_document_from_an_object_storage_url(hook, sandbox, tmp_path, memory_storage):
    from airflow.sdk import ObjectStoragePath

    target = ObjectStoragePath("memory://bucket/reports/q3.pdf")
    with target.open("wb") as f:
        f.write(pdf_bytes())
    urn = hook.upload_document("memory://bucket/reports/q3.pdf")
    assert urn.startswith("urn:li:document:")
    assert hook.get_document(urn)["status"] == "AVAILABLE"
    docx = write_docx(tmp_path / "deck.docx")
    assert hook.upload_document(f"file://{docx}").startswith("urn:li:document:")


def test_video_three_parts_in_parallel(hook, sandbox, tmp_path, capfd):
    size = 2 * PART + 123_457
    path = write_mp4(tmp_path / "v.mp4", size)
    sandbox.state.media_processing_seconds["video"] = 0.0
    hook.progress_interval = 0.0
    urn = hook.upload_video(path, parallelism=3)
    puts = uploads(sandbox)
    assert sorted(r.body_size for r in puts) == sorted([PART, PART, size - 2 * PART])
    finalize = next(r for r in sandbox.requests if "finalizeUpload" in r.raw_path)
    init = next(r for r in sandbox.requests if "initializeUpload" in r.raw_path)
    assert json.loads(init.body)["initializeUploadRequest"]["fileSizeBytes"] == size
    part_ids = json.loads(finalize.body)["finalizeUploadRequest"]["uploadedPartIds"]
    assert len(part_ids) == 3
    assert hook.get_video(urn)["status"] in ("PROCESSING", "AVAILABLE")
    logged = capfd.readouterr().out
    assert "uploaded 8.1 of 8.1 MiB (100%)" in logged and "MiB/s" in logged
    # 6 requests for a 3-part upload: profile, initialize, 3 PUTs, finalize
    assert len(sandbox.requests) - 1 == 6  # minus the get_video above


def test_upload_urls_are_used_byte_for_byte_without_credentials(hook, sandbox, tmp_path):
    path = write_mp4(tmp_path / "v.mp4", PART + 100_000)
    hook.upload_video(path)
    for put in uploads(sandbox):
        assert "%253D" in put.raw_path
        assert put.header("Authorization") is None
        assert put.header("Maton-Connection") is None
        assert sandbox.api_key not in json.dumps(put.headers)


def test_a_failed_part_is_retried_on_its_own(hook, sandbox, tmp_path):
    path = write_mp4(tmp_path / "v.mp4", 2 * PART + 10)
    sandbox.add_fault(Fault(status=503, count=1, server="upload", method="PUT", path="/1"))
    hook.upload_video(path, parallelism=1)
    statuses = [r.status for r in uploads(sandbox)]
    assert statuses.count(503) == 1 and statuses.count(201) + statuses.count(200) == 3
    assert len([r for r in sandbox.requests if "initializeUpload" in r.raw_path]) == 1


def test_a_reset_mid_part_is_retried(hook, sandbox, tmp_path):
    path = write_mp4(tmp_path / "v.mp4", PART + 10)
    sandbox.add_fault(Fault(reset=True, count=1, server="upload", method="PUT"))
    urn = hook.upload_video(path)
    assert urn
    assert len(uploads(sandbox)) == 3  # two parts, one of them twice


def test_a_file_that_is_not_mp4_is_refused_before_any_request(hook, sandbox, tmp_path):
    path = tmp_path / "fake.mp4"
    path.write_bytes(b"not a video" * 10_000)
    with pytest.raises(LinkedInInputError) as info:
        hook.upload_video(path)
    assert "not an MP4" in str(info.value) or "MP4" in str(info.value)
    assert sandbox.requests == []


@pytest.mark.parametrize(
    ("name", "content", "method", "message"),
    [
        pytest.param("missing.png", None, "upload_image", "does not exist", id="missing"),
        pytest.param("empty.png", b"", "upload_image", "is empty", id="empty"),
        pytest.param("pdf.png", pdf_bytes(), "upload_image", "not a JPEG, PNG or GIF", id="wrong-kind"),
        pytest.param(
            "tiny.mp4",
            b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100,
            "upload_video",
            "at least",
            id="tiny-video",
        ),
        pytest.param("img.pdf", png_bytes(), "upload_document", "not a PDF", id="image-as-document"),
    ],
)
def test_bad_files_send_nothing(hook, sandbox, tmp_path, name, content, method, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(LinkedInInputError) as info:
        getattr(hook, method)(path)
    assert message in str(info.value)
    assert info.value.field == "source"
    assert sandbox.requests == []


def test_unknown_scheme_names_the_package(hook, sandbox):
    with pytest.raises(LinkedInInputError) as info:
        hook.upload_image("s3://bucket/a.png")
    assert "apache-airflow-providers-amazon" in str(info.value)
    assert sandbox.requests == []


def test_bad_owner_and_parallelism(hook, sandbox, tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(png_bytes())
    with pytest.raises(LinkedInInputError, match="owner"):
        hook.upload_image(path, owner="urn:li:group:5")
    with pytest.raises(LinkedInInputError, match="parallelism"):
        hook.upload_video(path, parallelism=0)
    assert sandbox.requests == []


def test_posting_a_video_that_is_not_available_fails(hook, sandbox, tmp_path):
    sandbox.state.media_processing_seconds["video"] = 3600
    urn = hook.upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
    with pytest.raises(LinkedInAPIError) as info:
        hook.create_post("too early", media=urn)
    assert info.value.code == "MEDIA_ASSET_PROCESSING"


def test_memory_is_streamed_not_read_whole(hook, sandbox, tmp_path):
    """The reader handed to requests is a bounded stream: no read asks for the whole part."""
    from maton_linkedin_provider.linkedin import uploads as mod

    sizes = []
    original = mod.RangeReader.read

    def spy(self, size=-1):
        data = original(self, size)
        sizes.append(len(data))
        return data

    mod.RangeReader.read = spy  # type: ignore[method-assign]
    try:
        hook.upload_video(write_mp4(tmp_path / "v.mp4", 2 * PART))
    finally:
        mod.RangeReader.read = original  # type: ignore[method-assign]
    assert max(sizes) <= 1 << 20
    assert sum(sizes) == 2 * PART
