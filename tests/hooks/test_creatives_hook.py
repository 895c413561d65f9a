"""The creative hook methods against the sandbox: the criteria finder, URN keys, sponsor once, diff, delete."""

from __future__ import annotations

import itertools
import json

import pytest

from maton_linkedin_provider.exceptions import LinkedInAPIError, LinkedInInputError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault

ACCOUNT = 507000001
CAMPAIGN = 610000001
DRAFT_CAMPAIGN = 610000015
ACTIVE, PAUSED, DRAFT = (f"urn:li:sponsoredCreative:{n}" for n in (700000001, 700000002, 700000003))
_TEXTS = itertools.count(1)


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


@pytest.fixture
def post(hook) -> str:
    return hook.create_post(f"Worth sponsoring ({next(_TEXTS)})")


def targets(sandbox) -> list[tuple[str, str]]:
    return [(r.method, r.raw_path.split("/rest/", 1)[-1]) for r in sandbox.requests]


class TestReads:
    def test_list_by_campaign_and_status_sends_top_level_lists(self, hook, sandbox):
        rows = hook.list_creatives(ACCOUNT, campaign_id=CAMPAIGN, status=["ACTIVE", "PAUSED"], page_size=1)
        assert [r["id"] for r in rows] == [ACTIVE, PAUSED]
        first = targets(sandbox)[0][1]
        assert first.startswith("adAccounts/507000001/creatives?q=criteria")
        assert "campaigns=List(urn%3Ali%3AsponsoredCampaign%3A610000001)" in first
        assert "intendedStatuses=List(ACTIVE,PAUSED)" in first
        assert len(sandbox.requests) == 2  # cursor paging followed

    def test_get_encodes_the_urn_whole(self, hook, sandbox):
        assert hook.get_creative(ACCOUNT, 700000001)["id"] == ACTIVE
        assert hook.get_creative(f"urn:li:sponsoredAccount:{ACCOUNT}", ACTIVE)["intendedStatus"] == "ACTIVE"
        assert targets(sandbox)[0] == (
            "GET",
            "adAccounts/507000001/creatives/urn%3Ali%3AsponsoredCreative%3A700000001",
        )

    def test_a_campaign_urn_is_not_a_creative(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="creative_id"):
            hook.get_creative(ACCOUNT, "urn:li:sponsoredCampaign:610000001")
        assert sandbox.requests == []


class TestCreate:
    def test_sponsors_a_post_and_returns_the_creative_urn(self, hook, sandbox, post):
        sandbox.clear_requests()
        urn = hook.create_creative(ACCOUNT, CAMPAIGN, post, status="ACTIVE", name="Launch")
        assert urn.startswith("urn:li:sponsoredCreative:")
        stored = sandbox.state.creatives[int(urn.rsplit(":", 1)[1])]
        assert stored["intendedStatus"] == "ACTIVE" and stored["content"] == {"reference": post}
        (request,) = sandbox.requests
        assert json.loads(request.body) == {
            "campaign": f"urn:li:sponsoredCampaign:{CAMPAIGN}",
            "content": {"reference": post},
            "intendedStatus": "ACTIVE",
            "name": "Launch",
        }  # no "account": creatives refuse it

    def test_an_airflow_retry_returns_the_earlier_creative(self, hook, sandbox, post):
        urn = hook.create_creative(ACCOUNT, CAMPAIGN, post)
        again = MatonLinkedInHook().create_creative(ACCOUNT, CAMPAIGN, post, check_existing=True)
        assert again == urn
        assert sum(c["content"]["reference"] == post for c in sandbox.state.creatives.values()) == 1

    def test_an_ambiguous_create_is_found_not_repeated(self, hook, sandbox, post):
        sandbox.clear_requests()
        sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="/creatives$"))
        urn = hook.create_creative(ACCOUNT, CAMPAIGN, post)
        assert sum(c["content"]["reference"] == post for c in sandbox.state.creatives.values()) == 1
        assert sandbox.state.creatives[int(urn.rsplit(":", 1)[1])]["content"]["reference"] == post
        assert [r.method for r in sandbox.requests] == ["POST", "GET"]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            pytest.param({"reference": "urn:li:organization:1"}, "fields.content.reference", id="not-a-post"),
            pytest.param({"status": "REMOVED"}, "fields.intendedStatus", id="system-status"),
            pytest.param({"status": "ARCHIVED"}, "fields.intendedStatus", id="not-a-create-status"),
            pytest.param(
                {"campaign_id": "urn:li:sponsoredCampaignGroup:1"}, "fields.campaign", id="group-not-campaign"
            ),
            pytest.param({"fields": {"isServing": True}}, "fields.isServing", id="read-only"),
        ],
    )
    def test_bad_input_costs_no_request(self, hook, sandbox, kwargs, field):
        arguments = {"campaign_id": CAMPAIGN, "reference": "urn:li:share:1", **kwargs}
        with pytest.raises(LinkedInInputError) as info:
            hook.create_creative(
                ACCOUNT, arguments.pop("campaign_id"), arguments.pop("reference"), **arguments
            )
        assert info.value.field == field
        assert sandbox.requests == []

    def test_linkedin_refuses_a_missing_post(self, hook):
        with pytest.raises(LinkedInAPIError, match="does not exist"):
            hook.create_creative(ACCOUNT, CAMPAIGN, "urn:li:share:7199999999999999999")


class TestUpdate:
    def test_pause_is_diffed_and_written_once(self, hook, sandbox):
        result = hook.update_creative(ACCOUNT, ACTIVE, {"intendedStatus": "paused"})
        assert result == {"id": ACTIVE, "changed": {"intendedStatus": ["ACTIVE", "PAUSED"]}, "written": True}
        assert json.loads(sandbox.requests[-1].body) == {"patch": {"$set": {"intendedStatus": "PAUSED"}}}
        again = hook.update_creative(ACCOUNT, ACTIVE, {"intendedStatus": "PAUSED"})
        assert again["written"] is False

    def test_every_active_creative_of_a_campaign(self, hook, sandbox):
        results = hook.update_creatives(
            ACCOUNT, campaign_id=CAMPAIGN, status="ACTIVE", fields={"intendedStatus": "PAUSED"}
        )
        assert [r["id"] for r in results] == [ACTIVE]
        assert sandbox.state.creatives[700000001]["intendedStatus"] == "PAUSED"

    def test_several_by_urn_with_one_batch_get(self, hook, sandbox):
        results = hook.update_creatives(ACCOUNT, [ACTIVE, PAUSED], {"name": "Renamed"}, dry_run=True)
        assert [r["id"] for r in results] == [ACTIVE, PAUSED] and not any(r["written"] for r in results)
        assert [r.headers.get("X-RestLi-Method") for r in sandbox.requests] == ["BATCH_GET"]

    def test_ids_or_a_campaign_not_both(self, hook):
        with pytest.raises(LinkedInInputError, match="give either creative ids or a campaign_id"):
            hook.update_creatives(ACCOUNT, [ACTIVE], {"name": "x"}, campaign_id=CAMPAIGN)

    def test_the_post_is_fixed(self, hook):
        with pytest.raises(LinkedInInputError, match="fixed when the creative is created"):
            hook.update_creative(ACCOUNT, ACTIVE, {"content": {"reference": "urn:li:share:1"}})

    def test_nothing_goes_back_to_draft(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="INVALID_STATUS_TRANSITION"):
            hook.update_creative(ACCOUNT, ACTIVE, {"intendedStatus": "DRAFT"})
        assert [r.method for r in sandbox.requests] == ["GET"]


class TestDelete:
    def test_a_draft_is_deleted_with_the_restli_header(self, hook, sandbox):
        assert hook.delete_creative(ACCOUNT, DRAFT, confirm=True) == {
            "id": DRAFT,
            "action": "deleted",
            "status_before": "DRAFT",
        }
        assert sandbox.requests[-1].headers.get("X-RestLi-Method") == "DELETE"
        assert hook.delete_creative(ACCOUNT, DRAFT, confirm=True)["action"] == "already_gone"

    def test_an_active_one_is_archived_only_when_asked(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="confirm=True"):
            hook.delete_creative(ACCOUNT, ACTIVE)
        with pytest.raises(LinkedInInputError, match="archive_instead=True"):
            hook.delete_creative(ACCOUNT, ACTIVE, confirm=True)
        result = hook.delete_creative(ACCOUNT, ACTIVE, confirm=True, archive_instead=True)
        assert result == {"id": ACTIVE, "action": "archived", "status_before": "ACTIVE"}
        assert sandbox.state.creatives[700000001]["intendedStatus"] == "ARCHIVED"
