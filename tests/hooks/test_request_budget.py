"""max_requests_per_second: one budget per connection shared by every thread of the process, which
keeps a fan-out under the sandbox's per-member quota; without it the quota answers 429."""

from __future__ import annotations

import threading
import time

import pytest

from maton_linkedin_provider.exceptions import LinkedInInputError, LinkedInRateLimitError
from maton_linkedin_provider.hooks import _budget
from maton_linkedin_provider.hooks._budget import RequestBudget, budget_for
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_requests_are_spaced_evenly_without_a_burst():
    clock = FakeClock()
    budget = RequestBudget(4, clock=clock, sleep=clock.sleep)
    waits = [budget.take() for _ in range(5)]  # all asked at the same instant
    assert waits == [0.0, 0.25, 0.5, 0.75, 1.0]
    clock.now += 10  # idle for a while: no credit saved up
    assert budget.take() == 0.0 and budget.take() == 0.25


def test_threads_share_one_budget():
    budget = RequestBudget(200)
    stamps: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            budget.take()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stamps) == 80
    assert time.monotonic() - started >= 79 / 200 - 0.01  # 80 slots 5 ms apart, whatever the threads


def test_budgets_are_keyed_by_connection_and_base_url():
    a = budget_for("conn_a", "http://gw", 5)
    assert budget_for("conn_a", "http://gw", 5) is a
    assert budget_for("conn_b", "http://gw", 5) is not a
    assert budget_for("conn_a", "http://other", 5) is not a
    assert budget_for("conn_a", "http://gw", 7) is not a  # a changed rate starts afresh


@pytest.mark.parametrize(("raw", "expected"), [("5", 5.0), (2.5, 2.5), (0, None), (None, None), ("", None)])
def test_the_extra_is_read(set_conn, sandbox, raw, expected):
    set_conn(max_requests_per_second=raw)
    assert MatonLinkedInHook().settings.max_requests_per_second == expected


@pytest.mark.parametrize("raw", ["fast", -1])
def test_a_bad_extra_names_the_field(set_conn, sandbox, raw):
    set_conn(max_requests_per_second=raw)
    with pytest.raises(LinkedInInputError, match=r"extra\.max_requests_per_second"):
        MatonLinkedInHook().settings  # noqa: B018


def fan_out(threads: int, calls: int) -> list[BaseException]:
    """``threads`` hooks (as mapped tasks in one worker process), each making ``calls`` reads."""
    errors: list[BaseException] = []

    def task() -> None:
        hook = MatonLinkedInHook()
        try:
            for _ in range(calls):
                hook.request("GET", "/me")
        except BaseException as err:  # collected for the assertion
            errors.append(err)

    workers = [threading.Thread(target=task) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


def test_a_fan_out_without_a_budget_hits_the_member_quota(set_conn, sandbox):
    set_conn(max_retries=0)
    sandbox.member_quota.configure({"requests": 5, "per_seconds": 1})
    errors = fan_out(threads=4, calls=3)
    assert errors and all(isinstance(e, LinkedInRateLimitError) for e in errors)
    assert sandbox.member_quota.refused > 0


def test_the_shared_budget_keeps_the_fan_out_under_the_quota(set_conn, sandbox):
    conn_id = set_conn(max_retries=0, max_requests_per_second=8)
    _budget._budgets.pop((conn_id, sandbox.base_url), None)
    sandbox.member_quota.configure({"requests": 10, "per_seconds": 1})
    started = time.monotonic()
    assert fan_out(threads=4, calls=4) == []
    assert sandbox.member_quota.refused == 0
    assert [r.status for r in sandbox.requests] == [200] * 16
    assert time.monotonic() - started >= 15 / 8 - 0.05  # 16 requests at 8 a second


def test_a_429_without_retry_after_backs_off_with_jitter_and_succeeds(set_conn, sandbox, monkeypatch):
    set_conn(max_retries=6, backoff_base=0.2, backoff_cap=0.6)
    sandbox.member_quota.configure({"requests": 2, "per_seconds": 0.5})
    hook = MatonLinkedInHook()
    waits: list[float] = []
    monkeypatch.setattr(hook, "_sleep", lambda s: (waits.append(s), time.sleep(s)))
    for _ in range(4):
        hook.request("GET", "/me")
    statuses = [r.status for r in sandbox.requests]
    assert statuses.count(429) >= 1 and statuses[-1] == 200
    assert waits and all(0 < w <= 0.6 for w in waits)  # backoff (capped), not a Retry-After
