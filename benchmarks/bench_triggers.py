"""Issue 10 figures: 2,000 deferred video waits in one triggerer event loop against the strict sandbox.

Setup: 2,000 videos are uploaded through the hook (initialize, PUT, finalize; in a thread pool)
while the sandbox holds them in PROCESSING. Then a separate process (the triggerer:
``benchmarks.trigger_worker``) imports everything, and once it is ready every video's processing
clock is restarted at ``PROCESSING_SECONDS`` and the 2,000 triggers start at once, polling the
sandbox over sockets. The sandbox judges each request target as LinkedIn does (an unencoded URN
key gets 400), and its request log is what the GETs are counted from.

Counted honestly: the first figure counts *success* events (an error event is a failed wait, not
a delivered one), and the GET figure counts only GETs of media paths, keyed by URN.
"""

from __future__ import annotations

import json
import logging
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

from benchmarks._common import Figure, conn_env
from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.sandbox import Sandbox

N = 2000
PROCESSING_SECONDS = 10.0
POLL_INTERVAL = 2.0
RSS_GOAL_MIB = 300
UPLOAD_THREADS = 8
_MEDIA_PREFIX = "/linkedin/rest/videos/"


def _upload_all(video: Path) -> list[str]:
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    hook = MatonLinkedInHook()
    quiet = logging.getLogger("benchmarks.bench_triggers.uploads")
    quiet.setLevel(logging.WARNING)
    # 2,000 uploads' progress lines are not the figure (warnings still show).
    hook._log = quiet  # type: ignore[assignment]
    hook.get_person_urn()  # once, before the threads share the hook

    def one(_: int) -> str:
        return hook.upload_video(video, parallelism=1)

    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        urns = list(pool.map(one, range(N)))
    hook.close()
    return urns


def run() -> list[Figure]:
    # The sandbox runs in this process (the triggers run in their own): its state is set directly.
    with tempfile.TemporaryDirectory() as d, Sandbox() as sb:
        env = conn_env({"base_url": sb.base_url, "api_key": sb.api_key})
        os.environ.update(env)
        sb.state.media_processing_seconds["video"] = 24 * 3600.0  # PROCESSING until the clock starts
        urns = _upload_all(write_mp4(Path(d) / "v.mp4", 100_000))
        assert len(set(urns)) == N
        urn_file = Path(d) / "urns.txt"
        urn_file.write_text("\n".join(urns))
        worker = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.trigger_worker", str(urn_file), str(POLL_INTERVAL)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )
        assert worker.stdin is not None and worker.stdout is not None
        try:
            assert worker.stdout.readline().strip() == "ready"
            sb.clear_requests()
            for urn in urns:
                sb.state.restart_processing(urn, PROCESSING_SECONDS)
            worker.stdin.write("go\n")
            worker.stdin.flush()
            out, _ = worker.communicate(timeout=300)
        finally:
            if worker.poll() is None:
                worker.kill()
        if worker.returncode != 0:
            raise RuntimeError(f"trigger worker failed ({worker.returncode}): {out[-2000:]}")
        result = json.loads(out.strip().splitlines()[-1])
        gets = [r for r in sb.requests if r.method == "GET" and r.raw_path.startswith(_MEDIA_PREFIX)]
    polls = Counter(unquote(r.raw_path[len(_MEDIA_PREFIX) :]) for r in gets)
    refused = Counter(r.status for r in gets if r.status != 200)
    unencoded = sum(1 for r in gets if ":" in r.raw_path)
    successes = result["events"].get("success", 0)
    bound = math.floor(PROCESSING_SECONDS / POLL_INTERVAL) + 1
    worst = max(polls.values()) if polls else 0
    mean = sum(polls.values()) / max(len(polls), 1)
    seconds = result["seconds"]
    others = {k: v for k, v in result["events"].items() if k != "success"}
    return [
        Figure(
            "10",
            f"{N} deferred waits in one event loop: success events",
            successes,
            "successes",
            f"= {N}",
            successes == N,
            f"{seconds:.1f}s for all; other events {others or 'none'}"
            + (f"; e.g. {result['problems'][0][:200]}" if result["problems"] else "")
            + f"; pools left open {result['open_pools']}",
        ),
        Figure(
            "10",
            f"{N} deferred waits: peak RSS of the triggerer process",
            round(result["peak_rss_mib"], 1),
            "MiB",
            f"< {RSS_GOAL_MIB} MiB",
            result["peak_rss_mib"] < RSS_GOAL_MIB,
            f"one shared aiohttp pool (<= 64 sockets); poke mode would hold {N} worker slots, deferred 0",
        ),
        Figure(
            "10",
            f"{N} deferred waits: most status GETs for one video",
            worst,
            "GETs",
            f"<= {bound}",
            worst <= bound and len(polls) == N,
            f"processing {PROCESSING_SECONDS:g}s / poll every {POLL_INTERVAL:g}s + 1; mean {mean:.2f}; "
            f"{len(gets)} GETs of {len(polls)} videos ({len(gets) / max(seconds, 1e-9):.0f}/s), "
            f"non-200 {dict(refused) or 'none'}, with an unencoded ':' {unencoded}",
        ),
    ]
