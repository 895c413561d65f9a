"""The post duplicate guard reads the whole dedupe window, not a fixed number of newest posts.

Found by the soak (``make soak --workers 4``): a post task's first try published the post and then
failed; while it was retried, other tasks of the same author published more than 20 posts, so the
retry's check (which read only the newest 20) missed the first copy and published a second one.
"""

from __future__ import annotations

import time

import pytest

from maton_linkedin_provider.hooks._posts import DEDUPE_PAGE_SIZE
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator
from maton_linkedin_provider.sandbox import Fault

ADA = "urn:li:person:sAnDbOx01"
DAY_MS = 86_400_000


class TI:
    def __init__(self, try_number: int) -> None:
        self.try_number = try_number


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def copies(sandbox, text: str) -> int:
    with sandbox.state.lock:
        return sum(1 for p in sandbox.state.posts.values() if p.entity["commentary"] == text)


def finder_reads(sandbox) -> int:
    return sum(1 for r in sandbox.requests if r.method == "GET" and r.path.endswith("/rest/posts"))


def age(sandbox, days: float) -> None:
    """Make every post so far ``days`` old."""
    with sandbox.state.lock:
        for stored in sandbox.state.posts.values():
            stored.entity["createdAt"] -= int(days * DAY_MS)
            stored.entity["lastModifiedAt"] -= int(days * DAY_MS)
            stored.entity["publishedAt"] -= int(days * DAY_MS)


@pytest.mark.parametrize(
    "others",
    [
        pytest.param(25, id="past-the-old-20-lookback"),
        pytest.param(DEDUPE_PAGE_SIZE + 20, id="on-the-second-page"),
    ],
)
def test_retried_task_finds_its_post_behind_other_posts_of_the_author(set_conn, sandbox, hook, others):
    first = LinkedInCreatePostOperator(task_id="p", commentary="Daily digest").execute({"ti": TI(1)})
    for n in range(others):  # other tasks of the same author publish while this one is retried
        hook.create_post(f"other {n}", author=ADA)
    sandbox.clear_requests()
    again = LinkedInCreatePostOperator(task_id="p", commentary="Daily digest").execute({"ti": TI(2)})
    assert again == first
    assert copies(sandbox, "Daily digest") == 1
    assert finder_reads(sandbox) == 1 + others // DEDUPE_PAGE_SIZE


def test_ambiguous_create_is_reconciled_behind_other_posts(hook, sandbox):
    """The reconcile after a dropped connection uses the same check."""
    hook.get_person_urn()
    for n in range(30):
        hook.create_post(f"other {n}", author=ADA)
    sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="/rest/posts$"))
    urn = hook.create_post("Exactly once")
    assert copies(sandbox, "Exactly once") == 1
    assert hook.get_post(urn)["commentary"] == "Exactly once"


def test_the_read_stops_at_the_window(hook, sandbox):
    for n in range(DEDUPE_PAGE_SIZE + 10):
        hook.create_post(f"old {n}", author=ADA)
    hook.create_post("Weekly digest", author=ADA)
    age(sandbox, 2)  # all older than the 24-hour window
    sandbox.clear_requests()
    started = time.time()
    hook.create_post("Weekly digest", author=ADA, check_existing=True)
    assert time.time() - started < 5
    assert finder_reads(sandbox) == 1  # the first page already reached past the window
    assert copies(sandbox, "Weekly digest") == 2  # a day-old copy is not "the same post"
