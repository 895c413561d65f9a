"""Posts through the hook against the sandbox: every kind, escaping on the wire, no duplicates."""

from __future__ import annotations

import json

import pytest

from maton_linkedin_provider.exceptions import (
    LinkedInAmbiguousWriteError,
    LinkedInAPIError,
    LinkedInAuthError,
    LinkedInInputError,
    LinkedInNotFoundError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.linkedin.text import compose, hashtag, mention
from maton_linkedin_provider.sandbox import Fault

ADA = "urn:li:person:sAnDbOx01"
SANDBOX_LABS = "urn:li:organization:2414183"


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def posts_sent(sandbox) -> list[dict]:
    return [
        json.loads(r.body) for r in sandbox.requests if r.method == "POST" and r.path.endswith("/rest/posts")
    ]


class TestCreate:
    def test_text_post_costs_two_requests_with_a_fresh_hook(self, hook, sandbox):
        urn = hook.create_post("Hello from Airflow")
        assert urn.startswith(("urn:li:share:", "urn:li:ugcPost:"))
        assert [f"{r.method} {r.path}" for r in sandbox.requests] == [
            "GET /linkedin/rest/me",
            "POST /linkedin/rest/posts",
        ]
        assert hook.get_post(urn)["author"] == ADA

    def test_one_request_when_the_author_is_given(self, hook, sandbox):
        hook.create_post("As the page", author=SANDBOX_LABS)
        assert len(sandbox.requests) == 1

    def test_reserved_characters_survive(self, hook):
        text = "Q3 (final) results: 100% of *our* data_team's {goals} met #win <3 ~ [ok] | \\ @ _"
        urn = hook.create_post(text)
        stored = hook.get_post(urn)["commentary"]
        from maton_linkedin_provider.linkedin.text import unescape

        assert unescape(stored) == text  # nothing was cut

    def test_unescaped_text_is_cut_by_linkedin(self, hook):
        urn = hook.create_post("before (after", escape_commentary=False)
        assert hook.get_post(urn)["commentary"] == "before "

    def test_mentions_and_hashtags_stay_markup(self, hook, sandbox):
        text = compose("Thanks ", mention("Sandbox Labs", SANDBOX_LABS), " ", hashtag("Airflow"))
        hook.create_post(text)
        assert posts_sent(sandbox)[0]["commentary"] == (
            "Thanks @[Sandbox Labs](urn:li:organization:2414183) {hashtag|\\#|Airflow}"
        )

    @pytest.mark.parametrize(
        "kwargs",
        [
            pytest.param({"article": {"source": "https://example.com/post", "title": "T"}}, id="article"),
            pytest.param(
                {"poll": {"question": "Best scheduler?", "options": ["Airflow", "cron"]}}, id="poll"
            ),
        ],
    )
    def test_other_kinds(self, hook, kwargs):
        urn = hook.create_post("A post", **kwargs)
        assert set(kwargs) & {"article", "poll"} <= set(hook.get_post(urn)["content"])

    def test_reshare(self, hook):
        parent = hook.create_post("original")
        urn = hook.create_post("", reshare_of=parent)
        assert hook.get_post(urn)["reshareContext"]["parent"] == parent

    def test_org_without_role_is_refused_by_linkedin(self, hook):
        with pytest.raises(LinkedInAuthError) as info:
            hook.create_post("as a page I only analyse", author="urn:li:organization:90001")
        assert "w_organization_social" in str(info.value)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            pytest.param({"commentary": "x" * 3001}, "commentary", id="too-long"),
            pytest.param({"commentary": ""}, "commentary", id="empty"),
            pytest.param({"commentary": "hi", "visibility": "EVERYONE"}, "visibility", id="visibility"),
            pytest.param({"commentary": "hi", "author": "urn:li:company:1"}, "author", id="author"),
            pytest.param({"commentary": "hi", "images": ["urn:li:image:C1"]}, "images", id="one-image"),
        ],
    )
    def test_bad_input_sends_nothing(self, hook, sandbox, kwargs, field):
        with pytest.raises(LinkedInInputError) as info:
            hook.create_post(**kwargs)
        assert info.value.field == field
        assert sandbox.requests == []


class TestNoDuplicates:
    def test_effect_applied_then_connection_dropped(self, hook, sandbox):
        hook.get_person_urn()
        sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="/rest/posts$"))
        urn = hook.create_post("Exactly once, please")
        assert len(posts_sent(sandbox)) == 1
        assert [p["id"] for p in hook.iter_posts()] == [urn]

    def test_500_after_the_effect_is_reconciled(self, hook, sandbox):
        hook.get_person_urn()
        # The sandbox creates the post, then answers 500 (a gateway timeout after LinkedIn applied it).
        sandbox.add_fault(Fault(status=500, after_effect=True, count=1, method="POST", path="/rest/posts$"))
        try:
            urn = hook.create_post("Once more")
        except LinkedInAmbiguousWriteError:  # pragma: no cover - if the sandbox did not apply it
            pytest.fail("the post existed; the hook should have found it")
        assert len(posts_sent(sandbox)) == 1
        assert len(list(hook.iter_posts())) == 1 and urn

    def test_500_before_the_effect_is_retried_once_checked(self, hook, sandbox):
        hook.get_person_urn()
        sandbox.add_fault(Fault(status=503, count=1, method="POST", path="/rest/posts$"))
        urn = hook.create_post("Not there yet")
        assert len(posts_sent(sandbox)) == 2  # the first never applied: checked (one read), then sent again
        assert [p["id"] for p in hook.iter_posts()] == [urn]

    def test_retry_of_the_task_finds_the_post(self, hook, sandbox):
        first = hook.create_post("Daily digest", author=ADA)
        again = hook.create_post("Daily digest", author=ADA, check_existing=True)
        assert again == first
        assert len(posts_sent(sandbox)) == 1

    def test_check_existing_still_posts_new_text(self, hook, sandbox):
        first = hook.create_post("Monday digest", author=ADA)
        second = hook.create_post("Tuesday digest", author=ADA, check_existing=True)
        assert first != second and len(posts_sent(sandbox)) == 2


class TestReadAndDelete:
    def test_iter_posts_newest_first_across_pages(self, hook, sandbox):
        urns = [hook.create_post(f"post {i}", author=ADA) for i in range(7)]
        sandbox.clear_requests()
        listed = [p["id"] for p in hook.iter_posts(ADA)]
        assert listed == list(reversed(urns))
        assert "q=author&author=urn%3Ali%3Aperson%3AsAnDbOx01" in sandbox.requests[0].raw_path

    def test_delete_is_safe_to_repeat(self, hook):
        urn = hook.create_post("short-lived")
        assert hook.delete_post(urn) is True
        with pytest.raises(LinkedInNotFoundError):
            hook.get_post(urn)
        assert hook.delete_post(urn) in (True, False)

    def test_malformed_post_urn(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="post_urn"):
            hook.get_post("urn:li:image:C1")
        assert sandbox.requests == []

    def test_get_missing_post(self, hook):
        with pytest.raises(LinkedInAPIError) as info:
            hook.get_post("urn:li:share:999999999")
        assert info.value.status == 404
