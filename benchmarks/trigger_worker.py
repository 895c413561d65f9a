"""N LinkedInMediaStatusTriggers in one event loop, as a triggerer runs them.

`python -m benchmarks.trigger_worker URN_FILE POLL_INTERVAL`.

Reads the video URNs (one per line) from a file, runs every trigger to its event, and prints one
JSON line: events by status, seconds, and this process's peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections import Counter


async def wait_all(urns: list[str], poll_interval: float) -> Counter[str]:
    from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger

    async def one(urn: str) -> str:
        trigger = LinkedInMediaStatusTrigger(urn, poll_interval=poll_interval, max_failed_polls=10)
        events = [event.payload async for event in trigger.run()]
        assert len(events) == 1, f"{urn}: {len(events)} events"
        return str(events[0]["status"])

    return Counter(await asyncio.gather(*(one(u) for u in urns)))


def main() -> None:
    urn_file, poll_interval = sys.argv[1], float(sys.argv[2])
    with open(urn_file) as f:
        urns = [line.strip() for line in f if line.strip()]
    started = time.perf_counter()
    events = asyncio.run(wait_all(urns, poll_interval))
    print(
        json.dumps(
            {
                "events": dict(events),
                "seconds": time.perf_counter() - started,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
