"""Issue 3 figures: upload memory and time against the seed's recipe, and requests per operation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._common import Figure, conn_env, control, sandbox_process
from maton_linkedin_provider.example_dags._samples import png_bytes, write_mp4

MIB = 1 << 20


def _worker(mode: str, path: Path, info: dict[str, str], parallelism: int = 4) -> dict[str, float]:
    env = {**os.environ, **conn_env(info)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.upload_worker",
            mode,
            str(path),
            info["base_url"],
            info["api_key"],
            str(parallelism),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def upload_memory(tmp: Path, size_mib: int = 256) -> list[Figure]:
    video = write_mp4(tmp / "big.mp4", size_mib * MIB)
    with sandbox_process() as info:
        provider = _worker("provider", video, info)
        recipe = _worker("recipe", video, info)
    grow_p = (provider["peak_kib"] - provider["baseline_kib"]) / 1024
    grow_r = (recipe["peak_kib"] - recipe["baseline_kib"]) / 1024
    ratio = grow_p / grow_r
    detail = f"provider +{grow_p:.1f} MiB, recipe +{grow_r:.1f} MiB over their own footprint"
    return [
        Figure(
            "3",
            f"peak RSS growth uploading a {size_mib} MiB video: provider / recipe",
            round(ratio, 3),
            "x",
            "<= 0.15",
            ratio <= 0.15,
            detail,
        ),
        Figure(
            "3",
            f"peak RSS growth of the provider uploading {size_mib} MiB",
            round(grow_p, 1),
            "MiB",
            "< 64 MiB",
            grow_p < 64,
            detail,
        ),
    ]


def upload_time(tmp: Path, size_mib: int = 64, latency: float = 0.1) -> Figure:
    video = write_mp4(tmp / "mid.mp4", size_mib * MIB)
    with sandbox_process() as info:
        control(
            info["base_url"],
            "POST",
            "faults",
            {"server": "upload", "method": "PUT", "latency": latency, "count": None},
        )
        provider = _worker("provider", video, info)
        recipe = _worker("recipe", video, info)
    ratio = provider["seconds"] / recipe["seconds"]
    return Figure(
        "3",
        f"wall time, {size_mib} MiB video, {latency * 1000:.0f} ms latency per part PUT: provider / recipe",
        round(ratio, 3),
        "x",
        "<= 0.3",
        ratio <= 0.3,
        f"provider {provider['seconds']:.2f}s (4 parts in flight), recipe {recipe['seconds']:.2f}s",
    )


def requests_per_operation(tmp: Path) -> list[Figure]:
    png = tmp / "a.png"
    png.write_bytes(png_bytes(64, 64))
    video = write_mp4(tmp / "three.mp4", 2 * 4_194_304 + 200_000)
    figures = []
    with sandbox_process() as info:
        os.environ.update(conn_env(info))
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        def count(action) -> int:  # type: ignore[no-untyped-def]
            control(info["base_url"], "DELETE", "requests")
            action(MatonLinkedInHook())
            return len(control(info["base_url"], "GET", "requests"))

        me = "urn:li:person:sAnDbOx01"
        control(info["base_url"], "POST", "config", {"processing_seconds": {"video": 0}})
        cases = [
            ("text post, fresh hook", 2, lambda h: h.create_post("hello")),
            ("text post, author given", 1, lambda h: h.create_post("hello again", author=me)),
            ("image upload + post, fresh hook", 4, lambda h: h.create_post("img", media=h.upload_image(png))),
            (
                "image upload + post, author given",
                3,
                lambda h: h.create_post("img2", author=me, media=h.upload_image(png, owner=me)),
            ),
            (
                "3-part video upload, fresh hook (profile, init, 3 PUT, finalize)",
                6,
                lambda h: h.upload_video(video),
            ),
        ]
        for name, goal, action in cases:
            n = count(action)
            figures.append(Figure("3", f"requests: {name}", n, "req", f"= {goal}", n == goal))
        urn = MatonLinkedInHook().upload_video(video)
        n = count(lambda h: h.create_post("vid", author=me, media=urn))
        figures.append(Figure("3", "requests: post of the uploaded video", n, "req", "= 1", n == 1))
    return figures


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        return [*requests_per_operation(tmp), upload_time(tmp), *upload_memory(tmp)]
