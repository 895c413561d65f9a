"""Issue 2 figures: DAG-parse import cost of the operator modules, and the hook's per-request overhead."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

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


def hook_overhead(n: int = 1000, rounds: int = 5) -> Figure:
    """1,000 GETs of /me through the hook vs a bare requests.Session with the same headers."""
    import requests

    with sandbox_process() as info:
        os.environ.update(conn_env(info))
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        hook = MatonLinkedInHook()
        headers = hook.settings.rest_headers()
        bare = requests.Session()
        url = hook.settings.rest_root + "/me"
        per_round = n // rounds
        hook_time = bare_time = 0.0
        for _ in range(3):  # warm both connection pools
            hook.get_profile()
            bare.get(url, headers=headers).json()
        for _ in range(rounds):  # interleave so drift hits both equally
            t = time.perf_counter()
            for _ in range(per_round):
                hook.get_profile()
            hook_time += time.perf_counter() - t
            t = time.perf_counter()
            for _ in range(per_round):
                r = bare.get(url, headers=headers)
                r.raise_for_status()
                r.json()
            bare_time += time.perf_counter() - t
        control(info["base_url"], "DELETE", "requests")
    ratio = hook_time / bare_time
    return Figure(
        "2",
        f"hook overhead: {n} GET /me via hook / bare requests.Session",
        round(ratio, 3),
        "x",
        "<= 1.3x",
        ratio <= 1.3,
        f"hook {hook_time * 1000 / n:.3f} ms/req, bare {bare_time * 1000 / n:.3f} ms/req",
    )


def run() -> list[Figure]:
    return [import_cost(), hook_overhead()]
