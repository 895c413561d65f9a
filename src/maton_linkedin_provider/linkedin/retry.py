"""Retry decisions as pure functions: what may be retried, and how long to wait.

The hook asks :func:`decide` after every failed attempt and its retry loop carries out the answer.
Nothing here does I/O, so the policy is tested with tables.

Effects:

``read``
    GET: retrying changes nothing.
``write``
    An idempotent write: PUT of an upload part, PARTIAL_UPDATE that sets fields, DELETE, finalize.
    Doing it twice leaves the same state.
``create``
    A POST that makes a new object (post, campaign, group, upload initialization). LinkedIn has no
    idempotency key, so a repeat may duplicate it: it is retried only when the request provably
    did not reach the service (connect error, 429); after an ambiguous failure the caller must
    look for the object first (``RECONCILE``).
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass
from enum import Enum
from typing import Literal

Effect = Literal["read", "write", "create"]

#: Statuses that say "not now", not "never".
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Statuses that say "it timed out on the way": the service may still be applying the request.
STILL_APPLYING_STATUSES = frozenset({408, 504})
#: The longest wait for a timed-out create to land before it is looked for the second time.
MAX_SETTLE_SECONDS = 120.0


class Action(str, Enum):
    """What to do after a failed attempt."""

    RETRY = "retry"
    GIVE_UP = "give_up"
    RECONCILE = "reconcile"  # a create may have gone through: look for it, retry only if absent


class Failure(str, Enum):
    """How an attempt failed, as far as the client can tell."""

    STATUS = "status"  # the service answered with an error status
    NOT_SENT = "not_sent"  # connection refused or connect timeout: the request never left
    AMBIGUOUS = "ambiguous"  # reset, read timeout, broken response: it may have been applied


@dataclass(frozen=True)
class RetryPolicy:
    """The retry budget and backoff shape.

    :param max_retries: retries after the first attempt (0 disables retries).
    :param base_delay: first backoff in seconds, doubled each attempt.
    :param max_delay: cap of one computed backoff.
    :param max_retry_after: a ``Retry-After`` longer than this is not waited for (a daily quota);
        the error is raised at once with ``retry_after`` set.
    """

    max_retries: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0


_RESTLI_EFFECTS: dict[str, Effect] = {
    "GET": "read",
    "BATCH_GET": "read",
    "GET_ALL": "read",
    "FINDER": "read",
    "BATCH_FINDER": "read",
    "PARTIAL_UPDATE": "write",
    "BATCH_PARTIAL_UPDATE": "write",
    "UPDATE": "write",
    "BATCH_UPDATE": "write",
    "DELETE": "write",
    "BATCH_DELETE": "write",
    "CREATE": "create",
    "BATCH_CREATE": "create",
}

#: Actions that are safe to repeat (finalizing the same upload twice changes nothing).
IDEMPOTENT_ACTIONS = frozenset({"finalizeUpload"})


def effect_of(method: str, restli_method: str | None = None, action: str | None = None) -> Effect:
    """The effect of a request, from its verb, ``X-RestLi-Method`` and ``?action=``."""
    method = method.upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return "read"
    if method in ("PUT", "DELETE"):
        return "write"
    if restli_method and restli_method.upper() in _RESTLI_EFFECTS:
        return _RESTLI_EFFECTS[restli_method.upper()]
    if action in IDEMPOTENT_ACTIONS:
        return "write"
    return "create"


def decide(
    effect: Effect,
    failure: Failure,
    attempt: int,
    policy: RetryPolicy,
    status: int | None = None,
    retry_after: float | None = None,
) -> Action:
    """Decide what to do after attempt number ``attempt`` (1-based) failed.

    :param effect: ``read``, ``write`` or ``create``.
    :param failure: how it failed.
    :param status: the HTTP status when ``failure`` is ``STATUS``.
    :param retry_after: seconds from a ``Retry-After`` header, if any.
    """
    if failure is Failure.STATUS and status not in RETRYABLE_STATUSES:
        return Action.GIVE_UP
    if retry_after is not None and retry_after > policy.max_retry_after:
        return Action.GIVE_UP
    out_of_budget = attempt > policy.max_retries
    if failure is Failure.NOT_SENT or status == 429:
        # Provably not applied: safe for every effect.
        return Action.GIVE_UP if out_of_budget else Action.RETRY
    if effect == "create":
        # 5xx, 408 or a broken connection after sending: the object may exist now.
        return Action.RECONCILE
    return Action.GIVE_UP if out_of_budget else Action.RETRY


def sleep_time(
    attempt: int,
    policy: RetryPolicy,
    retry_after: float | None = None,
    rand: float | None = None,
) -> float:
    """Seconds to wait before attempt ``attempt + 1``.

    ``Retry-After`` wins when given. Otherwise capped exponential backoff with "equal jitter":
    half the step fixed, half random, so many clients spread out without ever retrying at once.

    :param rand: a number in [0, 1) for the jitter (tests pass one; default ``random.random()``).
    """
    if retry_after is not None:
        return max(0.0, retry_after)
    step = min(policy.max_delay, policy.base_delay * (2 ** max(0, attempt - 1)))
    r = random.random() if rand is None else rand
    return step / 2 + (step / 2) * r


def settle_delay(timeout: float) -> float:
    """Seconds to wait, after a create timed out and a first look did not find it, before looking again.

    A create that timed out may still be in flight at LinkedIn and land later: re-sending it at once
    can publish it twice. Waiting longer than the request's own timeout (twice it, at least 1 s, at
    most :data:`MAX_SETTLE_SECONDS`) lets a request that was still being applied finish first.
    """
    return min(max(2.0 * timeout, 1.0), MAX_SETTLE_SECONDS)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); ``None`` if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds < 0:  # NaN or past
        return 0.0 if seconds == seconds else None
    return seconds
