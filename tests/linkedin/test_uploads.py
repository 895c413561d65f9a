"""Upload planning: format sniffing, limits, byte ranges, the streaming reader, progress lines."""

from __future__ import annotations

import io

import pytest

from maton_linkedin_provider.example_dags._samples import gif_bytes, jpeg_bytes, pdf_bytes, png_bytes
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.uploads import (
    IMAGE_MAX_PIXELS,
    VIDEO_MAX_BYTES,
    VIDEO_MIN_BYTES,
    VIDEO_PART_SIZE,
    Progress,
    RangeReader,
    check_media,
    image_pixels,
    plan_parts,
    sniff,
)

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        pytest.param(MP4_HEAD, "mp4", id="mp4"),
        pytest.param(png_bytes(), "png", id="png"),
        pytest.param(jpeg_bytes(), "jpeg", id="jpeg"),
        pytest.param(gif_bytes(), "gif", id="gif"),
        pytest.param(pdf_bytes(), "pdf", id="pdf"),
        pytest.param(b"PK\x03\x04rest", "office-zip", id="docx"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "office-ole", id="doc"),
        pytest.param(b"<html>", None, id="html"),
        pytest.param(b"", None, id="empty"),
        pytest.param(b"\x00\x00\x00\x18moov", None, id="not-ftyp"),
    ],
)
def test_sniff(head, fmt):
    assert sniff(head) == fmt


@pytest.mark.parametrize(
    ("head", "pixels"),
    [
        (png_bytes(300, 200), 60_000),
        (gif_bytes(7, 5), 35),
        (jpeg_bytes(640, 480), 307_200),
        (pdf_bytes(), None),
    ],
)
def test_image_pixels(head, pixels):
    assert image_pixels(head) == pixels


@pytest.mark.parametrize(
    ("kind", "size", "head", "message"),
    [
        pytest.param("image", 0, b"", "is empty", id="empty"),
        pytest.param("image", 100, pdf_bytes(), "looks like pdf, not a JPEG, PNG or GIF", id="pdf-as-image"),
        pytest.param("image", 100, png_bytes(8000, 5000), "40,000,000 pixels", id="too-many-pixels"),
        pytest.param("video", VIDEO_MIN_BYTES - 1, MP4_HEAD, "at least 76,800 bytes", id="video-too-small"),
        pytest.param("video", VIDEO_MAX_BYTES + 1, MP4_HEAD, "at most 524,288,000 bytes", id="video-too-big"),
        pytest.param("video", 10**6, png_bytes(), "looks like png, not an MP4", id="png-as-video"),
        pytest.param("document", 10**6, b"hello", "not a recognised media file", id="text-as-document"),
        pytest.param("document", 101 * 2**20, pdf_bytes(), "at most 104,857,600", id="document-too-big"),
    ],
)
def test_check_media_refuses(kind, size, head, message):
    with pytest.raises(InvalidValue) as info:
        check_media(kind, size, head, name="f.bin")
    assert message in str(info.value)
    assert info.value.field == "source"


def test_check_media_accepts():
    assert check_media("image", 100, png_bytes(10, 10), name="a.png") == "png"
    assert check_media("video", VIDEO_MIN_BYTES, MP4_HEAD, name="v.mp4") == "mp4"
    assert check_media("document", 10, b"PK\x03\x04", name="d.docx") == "office-zip"
    assert IMAGE_MAX_PIXELS == 36_152_320


def instructions(size, part=VIDEO_PART_SIZE):
    return [
        {"uploadUrl": f"https://up/{i}?x=%253D", "firstByte": first, "lastByte": min(first + part, size) - 1}
        for i, first in enumerate(range(0, size, part))
    ]


def test_plan_parts_keeps_instruction_order_and_urls():
    size = 2 * VIDEO_PART_SIZE + 10
    parts = plan_parts(instructions(size), size)
    assert [(p.first, p.last, p.length) for p in parts] == [
        (0, VIDEO_PART_SIZE - 1, VIDEO_PART_SIZE),
        (VIDEO_PART_SIZE, 2 * VIDEO_PART_SIZE - 1, VIDEO_PART_SIZE),
        (2 * VIDEO_PART_SIZE, size - 1, 10),
    ]
    assert parts[0].url == "https://up/0?x=%253D"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(lambda ins: ins[:-1], "cover", id="missing-last"),
        pytest.param(lambda ins: [ins[0], ins[0], *ins[1:]], "overlap", id="duplicate"),
        pytest.param(lambda ins: [{"uploadUrl": "u"}], "malformed", id="malformed"),
    ],
)
def test_plan_parts_refuses_bad_instructions(mutate, message):
    size = 3 * VIDEO_PART_SIZE
    with pytest.raises(ValueError, match=message):
        plan_parts(mutate(instructions(size)), size)


def test_range_reader_streams_a_slice_and_rewinds():
    data = bytes(range(256)) * 100
    counted = []
    reader = RangeReader(lambda: io.BytesIO(data), 1000, 5000, counted.append)
    assert len(reader) == 5000
    got = b"".join(iter(lambda: reader.read(777), b""))
    assert got == data[1000:6000]
    assert sum(counted) == 5000
    reader.rewind()
    assert sum(counted) == 0
    assert reader.read() == data[1000:6000]


def test_range_reader_on_a_source_that_cannot_seek():
    class NoSeek(io.RawIOBase):
        def __init__(self, data):
            self._inner = io.BytesIO(data)

        def readable(self):
            return True

        def read(self, n=-1):
            return self._inner.read(n)

        def seek(self, *args):
            raise io.UnsupportedOperation("no seek")

    data = b"abcdefghij" * 10
    reader = RangeReader(lambda: NoSeek(data), 15, 20)
    assert reader.read() == data[15:35]


def test_range_reader_refuses_a_short_source():
    reader = RangeReader(lambda: io.BytesIO(b"abc"), 0, 10)
    with pytest.raises(ValueError, match="7 bytes early"):
        while reader.read(4):
            pass


def test_progress_reports_at_most_every_interval():
    now = [0.0]
    lines = []
    progress = Progress(100 * 2**20, lines.append, interval=5.0, clock=lambda: now[0])
    for _ in range(10):
        now[0] += 1.0
        progress(5 * 2**20)
    assert lines == [
        "uploaded 25.0 of 100.0 MiB (25%) at 5.0 MiB/s",
        "uploaded 50.0 of 100.0 MiB (50%) at 5.0 MiB/s",
    ]
