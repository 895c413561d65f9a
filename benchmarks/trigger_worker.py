"""N LinkedInMediaStatusTriggers in one event loop, as Airflow's triggerer runs them.

`python -m benchmarks.trigger_worker URN_FILE POLL_INTERVAL`.

Reads the video URNs (one per line) from a file, imports everything, prints ``ready`` and waits
for a line on stdin (so the caller can start the videos' processing clock just before the first
poll). Then it runs every trigger to its event in one event loop, all at once, and prints one JSON
line: events by status, seconds, the trigger module's open pools at the end, the first few
non-success messages, and this process's peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections import Counter
from typing import Any


async def wait_all(urns: list[str], poll_interval: float) -> tuple[Counter[str], list[str]]:
    from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger

    problems: list[str] = []

    async def one(urn: str) -> str:
        trigger = LinkedInMediaStatusTrigger(urn, poll_interval=poll_interval, max_failed_polls=10)
        events = [event.payload async for event in trigger.run()]
        assert len(events) == 1, f"{urn}: {len(events)} events"
        event: dict[str, Any] = events[0]
        if event["status"] != "success" and len(problems) < 5:
            problems.append(f"{urn}: {event}")
        return str(event["status"])

    statuses = await asyncio.gather(*(one(u) for u in urns))
    return Counter(statuses), problems


def main() -> None:
    urn_file, poll_interval = sys.argv[1], float(sys.argv[2])
    with open(urn_file) as f:
        urns = [line.strip() for line in f if line.strip()]
    # Imported before the clock starts, as in a running triggerer.
    import aiohttp  # noqa: F401

    import maton_linkedin_provider.hooks.linkedin  # noqa: F401
    from maton_linkedin_provider.triggers import media as trigger_module

    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    events, problems = asyncio.run(wait_all(urns, poll_interval))
    print(
        json.dumps(
            {
                "events": dict(events),
                "seconds": time.perf_counter() - started,
                "open_pools": len(trigger_module._SESSIONS),
                "problems": problems,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
