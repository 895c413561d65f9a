"""The retry policy as a table: what is retried, what is reconciled, how long to wait."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.linkedin.retry import (
    Action,
    Failure,
    RetryPolicy,
    decide,
    effect_of,
    parse_retry_after,
    sleep_time,
)

POLICY = RetryPolicy(max_retries=3, base_delay=1.0, max_delay=8.0, max_retry_after=60.0)
S, NS, AMB = Failure.STATUS, Failure.NOT_SENT, Failure.AMBIGUOUS


@pytest.mark.parametrize(
    ("effect", "failure", "status", "attempt", "retry_after", "expected"),
    [
        pytest.param("read", S, 503, 1, None, Action.RETRY, id="read-503"),
        pytest.param("read", S, 500, 3, None, Action.RETRY, id="read-500-last-retry"),
        pytest.param("read", S, 500, 4, None, Action.GIVE_UP, id="read-500-budget-spent"),
        pytest.param("read", S, 429, 1, 5.0, Action.RETRY, id="read-429-retry-after"),
        pytest.param("read", S, 429, 1, 3600.0, Action.GIVE_UP, id="read-429-daily-quota"),
        pytest.param("read", S, 400, 1, None, Action.GIVE_UP, id="read-400"),
        pytest.param("read", S, 401, 1, None, Action.GIVE_UP, id="read-401"),
        pytest.param("read", S, 404, 1, None, Action.GIVE_UP, id="read-404"),
        pytest.param("read", S, 426, 1, None, Action.GIVE_UP, id="read-426"),
        pytest.param("read", AMB, None, 1, None, Action.RETRY, id="read-reset"),
        pytest.param("write", S, 502, 2, None, Action.RETRY, id="update-502"),
        pytest.param("write", AMB, None, 1, None, Action.RETRY, id="update-reset"),
        pytest.param("write", S, 422, 1, None, Action.GIVE_UP, id="update-422"),
        pytest.param("create", S, 429, 1, None, Action.RETRY, id="create-429-not-applied"),
        pytest.param("create", NS, None, 1, None, Action.RETRY, id="create-refused"),
        pytest.param("create", NS, None, 4, None, Action.GIVE_UP, id="create-refused-budget"),
        pytest.param("create", S, 500, 1, None, Action.RECONCILE, id="create-500"),
        pytest.param("create", S, 504, 1, None, Action.RECONCILE, id="create-504"),
        pytest.param("create", AMB, None, 1, None, Action.RECONCILE, id="create-reset"),
        pytest.param("create", S, 400, 1, None, Action.GIVE_UP, id="create-400"),
        pytest.param("create", S, 429, 4, None, Action.GIVE_UP, id="create-429-budget"),
    ],
)
def test_decide(effect, failure, status, attempt, retry_after, expected):
    assert decide(effect, failure, attempt, POLICY, status, retry_after) is expected


@pytest.mark.parametrize(
    ("method", "restli_method", "action", "expected"),
    [
        ("GET", None, None, "read"),
        ("get", None, None, "read"),
        ("DELETE", None, None, "write"),
        ("PUT", None, None, "write"),
        ("POST", None, None, "create"),
        ("POST", "PARTIAL_UPDATE", None, "write"),
        ("POST", "partial_update", None, "write"),
        ("POST", "BATCH_PARTIAL_UPDATE", None, "write"),
        ("POST", "ACTION", "initializeUpload", "create"),
        ("POST", None, "initializeUpload", "create"),
        ("POST", None, "finalizeUpload", "write"),
        ("POST", "BATCH_GET", None, "read"),
        ("POST", "BATCH_CREATE", None, "create"),
    ],
)
def test_effect_of(method, restli_method, action, expected):
    assert effect_of(method, restli_method, action) == expected


@pytest.mark.parametrize(
    ("attempt", "retry_after", "rand", "expected"),
    [
        pytest.param(1, None, 0.0, 0.5, id="first-min"),
        pytest.param(1, None, 0.999999, 1.0, id="first-max"),
        pytest.param(2, None, 0.5, 1.5, id="second-mid"),
        pytest.param(3, None, 0.0, 2.0, id="third-min"),
        pytest.param(10, None, 1.0, 8.0, id="capped"),
        pytest.param(1, 7.0, 0.3, 7.0, id="retry-after-wins"),
        pytest.param(5, 0.0, 0.3, 0.0, id="retry-after-zero"),
    ],
)
def test_sleep_time(attempt, retry_after, rand, expected):
    assert sleep_time(attempt, POLICY, retry_after, rand) == pytest.approx(expected, abs=1e-5)


def test_jitter_spreads_waits():
    waits = {round(sleep_time(3, POLICY), 6) for _ in range(50)}
    assert len(waits) > 10
    assert all(2.0 <= w <= 4.0 for w in waits)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        ("", None),
        (None, None),
        ("soon", None),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 40.0),  # now = 60 s after the epoch
        ("Thu, 01 Jan 1970 00:00:10 GMT", 0.0),  # a date in the past: go now
        ("-3", 0.0),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=60.0) == expected
