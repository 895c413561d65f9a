"""A small ``make soak``: posts, videos and campaign updates through the operators, 20 % of requests faulted.

The full soak is ``make soak`` (``benchmarks/soak.py``); this runs the same code with less work
against the in-process sandbox, and asserts the goal: all done, nothing duplicated, nothing lost.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:  # the benchmarks package sits next to tests/, outside the installed package
    sys.path.insert(0, _ROOT)

from benchmarks.soak import PART_SIZE, SLOW_RUNS, TARGETS, SoakConfig, fault_plan, run_soak  # noqa: E402


def test_fault_plan_faults_the_asked_share_of_each_target():
    plan = fault_plan(0.2)
    for target in TARGETS:
        rates = [f.spec["rate"] for f in plan if f.target == target.label]
        passed = 1.0
        for rate in rates:
            passed *= 1.0 - rate
        assert abs((1.0 - passed) - 0.2) < 1e-4, target.label
    kinds = {f.kind for f in plan}
    assert {"429 with Retry-After", "503", "reset in the body", "applied, then connection dropped"} <= kinds
    assert all(f.spec["count"] is None for f in plan)
    # "applied, then ..." only where there is an effect to apply
    assert not [f for f in plan if f.spec.get("after_effect") and f.spec["method"] == "GET"]


def test_small_soak_all_done_nothing_duplicated_nothing_lost(set_conn, sandbox, tmp_path):
    set_conn(max_retries=2, timeout=10)
    set_conn("maton_linkedin_slow", max_retries=2, timeout=1)
    config = SoakConfig(
        posts=15,
        videos=2,
        updates=8,
        campaigns=4,
        video_bytes=PART_SIZE + 100_000,
        slow_creates=3,
        slow_latency=1.5,
    )
    report = run_soak(sandbox.base_url, sandbox.access_token, config, tmp_path)
    print(report.table())
    total = report.total()
    assert total.planned == 25 + 2 * 3
    for name in SLOW_RUNS:  # creates that landed after the client's timeout: each exactly once
        slow = report.tallies[name]
        assert (slow.done, slow.duplicated, slow.lost, slow.wrong) == (3, 0, 0, 0), report.problems
        assert report.final_state[f"{name}: posts present exactly once"] == "3/3"
    assert report.faults_by_kind["create lands after the timeout"] >= 6
    assert total.done == total.planned, report.problems
    assert total.failed == 0
    assert total.duplicated == 0, report.problems
    assert total.lost == 0, report.problems
    assert total.wrong == 0, report.problems
    assert report.stray_posts == 0
    assert report.holds
    # the faults really happened, of every broad sort
    assert report.faulted >= 0.1 * report.requests
    assert report.faults_by_target["post creates"] > 0
    assert report.faults_by_target["campaign PARTIAL_UPDATEs"] > 0
    assert sum(n for kind, n in report.faults_by_kind.items() if kind.startswith("applied")) > 0
    assert sum(n for kind, n in report.faults_by_kind.items() if kind.startswith("reset")) > 0
    assert not sandbox.faults.snapshot()  # the soak cleans up after itself
