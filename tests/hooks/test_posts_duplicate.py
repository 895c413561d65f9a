"""LinkedIn's own duplicate guard (422 DUPLICATE_POST) and creates that land after the client timed out.

The sandbox answers a repeat of a recent post (same author and content) as LinkedIn does: 422,
"Content is a duplicate of urn:li:share:N", inputErrors code DUPLICATE_POST. On a first try that is
the DAG's own duplicate and the error names the existing post; after an ambiguous create or on a
retry, it is this very post, and the hook returns it.
"""

from __future__ import annotations

import time

import pytest

from maton_linkedin_provider.exceptions import LinkedInDuplicatePostError, LinkedInInputError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator
from maton_linkedin_provider.sandbox import Fault

DAY_MS = 86_400_000


class TI:
    def __init__(self, try_number: int) -> None:
        self.try_number = try_number


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def copies(sandbox, text: str) -> list[str]:
    with sandbox.state.lock:
        return [
            p.urn for p in sandbox.state.posts.values() if p.entity["commentary"] == text and not p.deleted
        ]


def creates(sandbox) -> int:
    return sum(1 for r in sandbox.requests if r.method == "POST" and r.path.endswith("/rest/posts"))


def test_first_try_duplicate_fails_naming_the_existing_post_and_the_fix(sandbox, hook):
    first = hook.create_post("Quarterly numbers")
    sandbox.clear_requests()
    with pytest.raises(LinkedInDuplicatePostError) as info:
        hook.create_post("Quarterly numbers")
    err = info.value
    assert err.status == 422 and err.existing_urn == first and not err.ghost
    assert first in str(err) and "if_duplicate='return_existing'" in str(err)
    assert "Change the commentary" in str(err)
    assert sandbox.api_key not in str(err)
    assert [(r.method, r.status) for r in sandbox.requests] == [("POST", 422)]  # no read spent
    assert copies(sandbox, "Quarterly numbers") == [first]


def test_return_existing_returns_the_named_post_after_one_read(sandbox, hook):
    first = hook.create_post("Weekly digest")
    sandbox.clear_requests()
    assert hook.create_post("Weekly digest", if_duplicate="return_existing") == first
    assert [(r.method, r.status) for r in sandbox.requests] == [("POST", 422), ("GET", 200)]
    assert sandbox.requests[1].raw_path.endswith("/rest/posts/" + first.replace(":", "%3A"))


def test_a_ghost_is_named_as_deleted(sandbox, hook):
    ghost = hook.create_post("Posted, deleted, posted again")
    hook.delete_post(ghost)
    with pytest.raises(LinkedInDuplicatePostError) as info:
        hook.create_post("Posted, deleted, posted again", if_duplicate="return_existing")
    assert info.value.ghost and info.value.existing_urn == ghost
    assert "no longer exists" in str(info.value) and ghost in str(info.value)


def test_on_a_retry_linkedins_guard_catches_what_our_window_missed(sandbox, hook):
    """Our look-back (24 h) misses an older copy that LinkedIn's longer window still counts."""
    first = hook.create_post("Made on the first try")
    with sandbox.state.lock:
        sandbox.state.posts[first].entity["createdAt"] -= 2 * DAY_MS
    sandbox.state.duplicate_post_window_seconds = 3 * 86400
    assert hook.create_post("Made on the first try", check_existing=True) == first
    assert copies(sandbox, "Made on the first try") == [first]


def test_after_an_ambiguous_create_duplicate_post_means_it_went_through(sandbox, hook, monkeypatch):
    """The create was applied and its answer lost; our look did not see it (e.g. a lagging finder)."""
    monkeypatch.setattr(hook, "find_recent_post", lambda body, **kw: None)
    sandbox.add_fault(Fault(method="POST", path="/rest/posts$", after_effect=True))
    urn = hook.create_post("Applied, answer lost")
    assert copies(sandbox, "Applied, answer lost") == [urn]
    assert creates(sandbox) == 2  # the second got 422 DUPLICATE_POST naming the first


@pytest.mark.parametrize("guard", [True, False], ids=["linkedin-guard-on", "linkedin-guard-off"])
def test_a_create_that_lands_after_the_timeout_is_posted_once(set_conn, sandbox, guard):
    """LinkedIn applies the create 1.5 s after it arrived; the client gave up after 1 s."""
    set_conn(timeout=1, max_retries=2)
    sandbox.state.duplicate_post_check = guard
    sandbox.add_fault(Fault(method="POST", path="/rest/posts$", latency=1.5))
    hook = MatonLinkedInHook()
    started = time.monotonic()
    urn = hook.create_post("Slow to land")
    assert copies(sandbox, "Slow to land") == [urn]
    assert creates(sandbox) == 1  # found on the second look: never sent again
    assert time.monotonic() - started >= 2.0  # it waited longer than the timeout before looking again


def test_operator_rejects_a_bad_if_duplicate_at_parse_time():
    with pytest.raises(LinkedInInputError, match="if_duplicate"):
        LinkedInCreatePostOperator(task_id="p", commentary="x", if_duplicate="ignore")


def test_operator_first_try_fails_and_return_existing_returns(set_conn, sandbox):
    first = LinkedInCreatePostOperator(task_id="a", commentary="Release day").execute({"ti": TI(1)})
    with pytest.raises(LinkedInDuplicatePostError, match=first):
        LinkedInCreatePostOperator(task_id="b", commentary="Release day").execute({"ti": TI(1)})
    again = LinkedInCreatePostOperator(task_id="c", commentary="Release day", if_duplicate="return_existing")
    assert again.execute({"ti": TI(1)}) == first
    assert copies(sandbox, "Release day") == [first]
