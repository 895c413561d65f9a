"""``python -m maton_linkedin_provider.sandbox sample-media``: files the sandbox processes to AVAILABLE."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from maton_linkedin_provider.sandbox.samples import parse_size, write

if TYPE_CHECKING:
    from pathlib import Path


def sample_media(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maton_linkedin_provider.sandbox", "sample-media", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("10MiB", 10 * 1024 * 1024),
        ("200KiB", 204_800),
        ("5MB", 5_000_000),
        ("1.5 MiB", 1_572_864),
        ("76800", 76_800),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["10 parsecs", "MiB", "-5MiB", ""])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="a size is a number with B, KB"):
        parse_size(text)


def test_cli_writes_a_video_of_the_size_asked_that_processes(tmp_path: Path, set_conn, sandbox) -> None:
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    path = tmp_path / "video.mp4"
    done = sample_media(str(path), "--size", "10MiB")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{path} (mp4, 10,485,760 bytes)\n"
    assert path.stat().st_size == 10 * 1024 * 1024
    sandbox.state.media_processing_seconds["video"] = 0
    hook = MatonLinkedInHook()
    urn = hook.upload_video(path)
    assert len([r for r in sandbox.requests if r.server == "upload"]) == 3  # 4 MiB parts
    assert hook.get_video(urn)["status"] == "AVAILABLE"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("chart.png", "image"),
        ("photo.jpg", "image"),
        ("a.gif", "image"),
        ("deck.pdf", "document"),
        ("notes.docx", "document"),
    ],
)
def test_images_and_documents_process(tmp_path: Path, set_conn, sandbox, name: str, kind: str) -> None:
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    path = tmp_path / name
    write(path)
    hook = MatonLinkedInHook()
    urn = getattr(hook, f"upload_{kind}")(path)
    assert hook.get_media(urn)["status"] == "AVAILABLE"


def test_cli_refusals_are_one_line(tmp_path: Path) -> None:
    small = sample_media(str(tmp_path / "v.mp4"), "--size", "10KiB")
    assert small.returncode == 2
    assert small.stderr == (
        "sample-media: --size 10,240 bytes: LinkedIn takes videos of 76,800 to 524,288,000 bytes (75KiB to 500MiB)\n"
    )
    unknown = sample_media(str(tmp_path / "v.mov"))
    assert unknown.returncode == 2
    assert "name the file with one of .mp4, .png" in unknown.stderr
    sized_image = sample_media(str(tmp_path / "a.png"), "--size", "1MiB")
    assert sized_image.stderr == "sample-media: --size applies to .mp4 videos only, not .png\n"
    assert not list(tmp_path.iterdir())
