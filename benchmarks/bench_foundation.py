"""Issue 2 figures: DAG-parse import cost of the operator modules, and the hook's per-request overhead."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from benchmarks._common import Figure, conn_env, control, sandbox_process

IMPORT_PROBE = """
import time
import airflow.sdk
t = time.perf_counter()
from maton_linkedin_provider.get_provider_info import get_provider_info
for entry in get_provider_info().get("operators", []) + get_provider_info().get("sensors", []):
    for module in entry["python-modules"]:
        __import__(module)
print(time.perf_counter() - t)
"""


def import_cost(runs: int = 7) -> Figure:
    """Median time to import every operator and sensor module, over ``import airflow.sdk`` alone."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]) * 1000)
    median = statistics.median(samples)
    return Figure(
        "2",
        f"import cost of all operator/sensor modules (median of {runs} fresh interpreters)",
        round(median, 1),
        "ms",
        "<= 50 ms",
        median <= 50,
        f"samples {', '.join(f'{s:.1f}' for s in samples)}",
    )


def hook_overhead(n: int = 1000, rounds: int = 10, goal: float = 0.8) -> Figure:
    """GETs of /me through the hook vs a bare ``requests.Session().get`` with the same headers.

    One sandbox (in its own process), both clients warmed up, the same number of requests each,
    in ``rounds`` interleaved rounds whose order alternates (hook first, then bare first), so drift
    hits both alike. The figure is the median of the per-round ratios. A bare ``Session.get``
    merges proxies and CA settings from the environment on every call; the hook reads them once
    per session (as LinkedIn's own Python client does), which is most of the difference.
    """
    import requests

    with sandbox_process() as info:
        os.environ.update(conn_env(info))
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        hook = MatonLinkedInHook()
        headers = hook.settings.rest_headers()
        bare = requests.Session()
        url = hook.settings.rest_root + "/me"

        def via_hook() -> None:
            hook.get_profile()

        def via_bare() -> None:
            r = bare.get(url, headers=headers)
            r.raise_for_status()
            r.json()

        def timed(call: Callable[[], None], count: int) -> float:
            t = time.perf_counter()
            for _ in range(count):
                call()
            return time.perf_counter() - t

        per_round = n // rounds
        timed(via_hook, 50)  # warm both connection pools and code paths
        timed(via_bare, 50)
        hook_times: list[float] = []
        bare_times: list[float] = []
        for i in range(rounds):
            if i % 2:
                bare_times.append(timed(via_bare, per_round))
                hook_times.append(timed(via_hook, per_round))
            else:
                hook_times.append(timed(via_hook, per_round))
                bare_times.append(timed(via_bare, per_round))
        control(info["base_url"], "DELETE", "requests")
    ratio = statistics.median(h / b for h, b in zip(hook_times, bare_times, strict=True))
    best = min(hook_times) / min(bare_times)
    ms = 1000 / per_round
    hook_ms, bare_ms = statistics.median(hook_times) * ms, statistics.median(bare_times) * ms
    return Figure(
        "15",
        f"hook per-request cost: {per_round * rounds} GET /me via hook / bare requests.Session.get",
        round(ratio, 3),
        "x",
        f"<= {goal}x",
        ratio <= goal,
        f"median of {rounds} interleaved rounds; best-of ratio {best:.3f}; "
        f"hook {hook_ms:.3f} ms/req, bare {bare_ms:.3f} ms/req",
    )


def run() -> list[Figure]:
    return [import_cost(), hook_overhead()]
