"""``python -m maton_linkedin_provider.sandbox sample-media PATH [--size 10MiB]``: write sample media.

The kind comes from the file name: ``.mp4`` (a video of ``--size`` bytes, default 200 KiB, within
LinkedIn's 75 KB to 500 MB), ``.png`` (1200 x 627, LinkedIn's link-image shape), ``.jpg``/``.jpeg``,
``.gif``, ``.pdf``, ``.docx``. The files carry the real headers LinkedIn (and the sandbox) judge a
format by, so an upload of them processes to AVAILABLE. They are the generators the example DAGs
and the tests use (:mod:`maton_linkedin_provider.example_dags._samples`).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from maton_linkedin_provider.sandbox.resources.uploads import VIDEO_MAX_BYTES, VIDEO_MIN_BYTES

if TYPE_CHECKING:
    from collections.abc import Sequence

#: File suffix -> sample kind.
SUFFIXES = {
    ".mp4": "mp4",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".pdf": "pdf",
    ".docx": "docx",
}
DEFAULT_VIDEO_BYTES = 200 * 1024
PNG_SIZE = (1200, 627)
_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """``"10MiB"`` -> 10485760; units B, KB/MB/GB (powers of 1000), KiB/MiB/GiB (of 1024); none: bytes."""
    match = _SIZE.fullmatch(text)
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        raise ValueError(f"a size is a number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 10MiB), not {text!r}")
    return int(float(match.group(1)) * unit)


def kind_of(path: Path) -> str:
    """The sample kind for ``path``'s suffix (ValueError naming the known ones otherwise)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(SUFFIXES)
        raise ValueError(f"{path.name}: name the file with one of {known} (the suffix picks the format)")
    return kind


def write(path: Path, size: int | None = None) -> int:
    """Write the sample ``path``'s suffix names; ``size`` (bytes) for ``.mp4`` only. Returns the size."""
    from maton_linkedin_provider.example_dags import _samples

    kind = kind_of(path)
    if kind != "mp4":
        if size is not None:
            raise ValueError(f"--size applies to .mp4 videos only, not {path.suffix}")
        if kind == "png":
            path.write_bytes(_samples.png_bytes(*PNG_SIZE))
        else:
            _samples.write_sample(path, kind)
        return path.stat().st_size
    size = DEFAULT_VIDEO_BYTES if size is None else size
    if not VIDEO_MIN_BYTES <= size <= VIDEO_MAX_BYTES:
        raise ValueError(
            f"--size {size:,} bytes: LinkedIn takes videos of {VIDEO_MIN_BYTES:,} to "
            f"{VIDEO_MAX_BYTES:,} bytes (75KiB to 500MiB)"
        )
    _samples.write_mp4(path, size)
    return size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m maton_linkedin_provider.sandbox sample-media",
        description="Write a sample file LinkedIn's (and the sandbox's) format checks accept.",
    )
    parser.add_argument(
        "path", type=Path, help="where to write; the suffix picks the format: " + ", ".join(SUFFIXES)
    )
    parser.add_argument("--size", default=None, help="video size, e.g. 10MiB (default 200KiB; .mp4 only)")
    args = parser.parse_args(argv)
    try:
        size = write(args.path, None if args.size is None else parse_size(args.size))
    except ValueError as exc:
        parser.exit(2, f"sample-media: {exc}\n")
    except OSError as exc:
        parser.exit(1, f"sample-media: cannot write {args.path}: {exc.strerror}\n")
    sys.stdout.write(f"{args.path} ({kind_of(args.path)}, {size:,} bytes)\n")
    return 0
