"""Issue 4 figure: 500 deferred video waits in one triggerer event loop against the sandbox."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks._common import Figure, conn_env, control, sandbox_process
from maton_linkedin_provider.example_dags._samples import write_mp4

N = 500
PROCESSING_SECONDS = 8.0
POLL_INTERVAL = 2.0


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as d, sandbox_process() as info:
        os.environ.update(conn_env(info))
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        video = write_mp4(Path(d) / "v.mp4", 100_000)
        control(info["base_url"], "POST", "config", {"processing_seconds": {"video": PROCESSING_SECONDS}})
        hook = MatonLinkedInHook()
        urns = [hook.upload_video(video) for _ in range(N)]
        urn_file = Path(d) / "urns.txt"
        urn_file.write_text("\n".join(urns))
        control(info["base_url"], "DELETE", "requests")
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.trigger_worker", str(urn_file), str(POLL_INTERVAL)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **conn_env(info)},
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        polls = Counter(
            r["path"].rsplit("/", 1)[-1]
            for r in control(info["base_url"], "GET", "requests")
            if r["method"] == "GET"
        )
    delivered = result["events"].get("success", 0)
    bound = math.ceil(PROCESSING_SECONDS / POLL_INTERVAL) + 1
    worst = max(polls.values()) if polls else 0
    mean = sum(polls.values()) / max(len(polls), 1)
    return [
        Figure(
            "4",
            f"{N} deferred waits in one event loop: success events delivered",
            delivered,
            "events",
            f"= {N}",
            delivered == N,
            f"{result['seconds']:.1f}s in all; events {result['events']}",
        ),
        Figure(
            "4",
            f"{N} deferred waits: peak RSS of the triggerer process",
            round(result["peak_rss_mib"], 1),
            "MiB",
            "< 250 MiB",
            result["peak_rss_mib"] < 250,
            f"poke mode would hold {N} worker slots for the whole wait; deferred: 0",
        ),
        Figure(
            "4",
            f"{N} deferred waits: most polls for one video",
            worst,
            "polls",
            f"<= {bound}",
            worst <= bound,
            f"processing {PROCESSING_SECONDS:.0f}s, poll every {POLL_INTERVAL:.0f}s; mean {mean:.1f}",
        ),
    ]
