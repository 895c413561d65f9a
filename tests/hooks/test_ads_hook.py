"""The advertising hook methods against the sandbox: finders, diff-based updates, creates, guarded deletes."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from maton_linkedin_provider.exceptions import (
    LinkedInAPIError,
    LinkedInInputError,
    LinkedInNotFoundError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault

ACCOUNT = 507000001
GROUP = 600000001
DRAFT_GROUP = 600000002
ACTIVE_ID, PAUSED_ID, DRAFT_ID, ARCHIVED_ID = 610000001, 610000009, 610000015, 610000017
UTC = timezone.utc


@pytest.fixture
def hook(set_conn) -> MatonLinkedInHook:
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def calls(sandbox) -> list[tuple[str, str]]:
    return [(r.method, r.path.removeprefix("/linkedin/rest")) for r in sandbox.requests]


def body(record) -> dict:
    return json.loads(record.body)


class TestReads:
    def test_list_campaigns_encodes_the_search_and_follows_cursor_pages(self, hook, sandbox):
        rows = hook.list_campaigns(ACCOUNT, campaign_group=GROUP, status=["ACTIVE", "PAUSED"], page_size=5)
        assert len(rows) == 14 and {r["status"] for r in rows} == {"ACTIVE", "PAUSED"}
        first, *rest = sandbox.requests
        assert first.raw_path == (
            f"/linkedin/rest/adAccounts/{ACCOUNT}/adCampaigns?q=search&search=(status:(values:List(ACTIVE,PAUSED)),"
            f"campaignGroup:(values:List(urn%3Ali%3AsponsoredCampaignGroup%3A{GROUP})))&pageSize=5"
        )
        assert len(rest) == 2 and all("pageToken=" in r.query for r in rest)

    def test_list_ad_accounts_and_groups(self, hook, sandbox):
        assert [a["id"] for a in hook.list_ad_accounts("ACTIVE", page_size=2)] == [
            507000001,
            507000002,
            507000003,
        ]
        assert len(sandbox.requests) == 2
        groups = hook.list_campaign_groups(f"urn:li:sponsoredAccount:{ACCOUNT}")
        assert {g["id"] for g in groups} == {600000001, 600000002, 600000003}
        assert [g["id"] for g in hook.list_campaign_groups(ACCOUNT, status="DRAFT")] == [DRAFT_GROUP]

    def test_gets(self, hook):
        assert hook.get_campaign(ACCOUNT, f"urn:li:sponsoredCampaign:{ACTIVE_ID}")["id"] == ACTIVE_ID
        assert hook.get_campaign_group(ACCOUNT, GROUP)["name"] == "Always-on 2026"
        assert hook.get_ad_account(ACCOUNT)["currency"] == "USD"
        with pytest.raises(LinkedInNotFoundError):
            hook.get_campaign(507000003, ACTIVE_ID)

    def test_account_currency_is_read_once(self, hook, sandbox):
        assert hook.get_account_currency(507000003) == "EUR"
        assert hook.get_account_currency("urn:li:sponsoredAccount:507000003") == "EUR"
        assert len(sandbox.requests) == 1

    def test_targeting_facets(self, hook, sandbox):
        facets = hook.get_targeting_facets()
        assert facets[0]["adTargetingFacetUrn"] == "urn:li:adTargetingFacet:locations"
        dollar = {
            "elements": [{"facetName": "skills", "$URN": "urn:li:adTargetingFacet:skills"}],
            "paging": {},
        }
        sandbox.add_fault(Fault(status=200, count=1, path="/adTargetingFacets", body=dollar))
        assert hook.get_targeting_facets()[0]["adTargetingFacetUrn"] == "urn:li:adTargetingFacet:skills"


class TestDiffBasedUpdate:
    def test_changed_field_is_one_read_and_one_partial_update(self, hook, sandbox):
        result = hook.update_campaign(ACCOUNT, PAUSED_ID, {"status": "ACTIVE", "dailyBudget": 50})
        assert result == {"id": str(PAUSED_ID), "changed": {"status": ["PAUSED", "ACTIVE"]}, "written": True}
        get, post = sandbox.requests
        assert (get.method, post.method) == ("GET", "POST")
        assert post.header("X-RestLi-Method") == "PARTIAL_UPDATE" and post.status == 204
        assert body(post) == {"patch": {"$set": {"status": "ACTIVE"}}}
        assert sandbox.state.campaigns[PAUSED_ID]["status"] == "ACTIVE"

    def test_unchanged_sends_no_write(self, hook, sandbox):
        result = hook.update_campaign(ACCOUNT, ACTIVE_ID, {"status": "ACTIVE", "dailyBudget": "50.00"})
        assert result == {"id": str(ACTIVE_ID), "changed": {}, "written": False}
        assert calls(sandbox) == [("GET", f"/adAccounts/{ACCOUNT}/adCampaigns/{ACTIVE_ID}")]

    def test_dry_run_reads_and_reports_writes_nothing(self, hook, sandbox):
        result = hook.update_campaign(
            ACCOUNT, ACTIVE_ID, {"status": "PAUSED", "dailyBudget": 80}, dry_run=True
        )
        assert result["written"] is False
        assert result["changed"] == {
            "status": ["ACTIVE", "PAUSED"],
            "dailyBudget": [
                {"amount": "50.00", "currencyCode": "USD"},
                {"amount": "80.00", "currencyCode": "USD"},
            ],
        }
        assert [r.method for r in sandbox.requests] == ["GET"]
        assert sandbox.state.campaigns[ACTIVE_ID]["status"] == "ACTIVE"

    def test_money_uses_the_currency_of_the_object_read(self, hook, sandbox):
        hook.update_campaign(507000003, 610000030, {"dailyBudget": 75})
        assert [r.method for r in sandbox.requests] == ["GET", "POST"]  # no account read
        assert body(sandbox.requests[1])["patch"]["$set"]["dailyBudget"] == {
            "amount": "75.00",
            "currencyCode": "EUR",
        }

    def test_money_on_an_object_without_money_reads_the_account_once(self, hook, sandbox):
        fields = {"totalBudget": 20000, "runSchedule": {"end": datetime(2026, 6, 30, tzinfo=UTC)}}
        hook.update_campaign_group(ACCOUNT, GROUP, fields, dry_run=True)
        assert calls(sandbox) == [
            ("GET", f"/adAccounts/{ACCOUNT}/adCampaignGroups/{GROUP}"),
            ("GET", f"/adAccounts/{ACCOUNT}"),
        ]
        sandbox.clear_requests()
        result = hook.update_campaign_group(ACCOUNT, GROUP, fields)
        assert [r.method for r in sandbox.requests] == ["GET", "POST"]
        assert (
            result["written"] and sandbox.state.campaign_groups[GROUP]["totalBudget"]["amount"] == "20000.00"
        )

    def test_unset_is_sent_as_delete(self, hook, sandbox):
        result = hook.update_campaign(ACCOUNT, ACTIVE_ID, unset=["unitCost"])
        assert result["changed"] == {"unitCost": [{"amount": "8.50", "currencyCode": "USD"}, None]}
        assert body(sandbox.requests[-1]) == {"patch": {"$delete": ["unitCost"]}}
        assert "unitCost" not in sandbox.state.campaigns[ACTIVE_ID]
        sandbox.clear_requests()
        assert hook.update_campaign(ACCOUNT, ACTIVE_ID, unset=["unitCost"])["written"] is False
        assert len(sandbox.requests) == 1

    def test_schedule_from_iso_string_merged_with_the_current_start(self, hook, sandbox):
        hook.update_campaign(ACCOUNT, ACTIVE_ID, {"runSchedule": {"end": "2026-12-31T23:00:00+01:00"}})
        schedule = sandbox.state.campaigns[ACTIVE_ID]["runSchedule"]
        assert schedule == {"start": 1767571200000, "end": 1798754400000}  # 2026-12-31T22:00:00Z

    def test_account_update(self, hook, sandbox):
        result = hook.update_ad_account(ACCOUNT, {"name": "Brand 2027", "notifiedOnEndOfCampaign": True})
        assert result["written"] and sandbox.state.ad_accounts[ACCOUNT]["name"] == "Brand 2027"
        assert sandbox.requests[-1].path == f"/linkedin/rest/adAccounts/{ACCOUNT}"


class TestManyCampaigns:
    def test_group_and_status_filter_is_one_search_plus_one_write_per_change(self, hook, sandbox):
        results = hook.update_campaigns(
            ACCOUNT, fields={"status": "ACTIVE"}, campaign_group=GROUP, status="PAUSED"
        )
        assert len(results) == 6 and all(r["written"] for r in results)
        assert [r.method for r in sandbox.requests] == ["GET"] + ["POST"] * 6
        assert (
            sum(
                c["status"] == "ACTIVE"
                for c in sandbox.state.campaigns.values()
                if c["campaignGroup"].endswith(str(GROUP))
            )
            == 14
        )

    def test_one_failing_id_is_reported_and_the_others_are_kept(self, hook, sandbox):
        ids = [PAUSED_ID, ARCHIVED_ID, 999, 610000010]
        results = hook.update_campaigns(ACCOUNT, ids, {"status": "ACTIVE"})
        assert [r["id"] for r in results] == [str(i) for i in ids]
        ok = [r for r in results if "error" not in r]
        failed = {r["id"]: r for r in results if "error" in r}
        assert [r["written"] for r in ok] == [True, True]
        assert "INVALID_STATUS_TRANSITION" in failed[str(ARCHIVED_ID)]["error"]
        assert failed[str(ARCHIVED_ID)]["error_type"] == "LinkedInInputError"
        assert failed["999"]["status"] == 404 and failed["999"]["error_type"] == "LinkedInNotFoundError"
        first = sandbox.requests[0]
        assert first.header("X-RestLi-Method") == "BATCH_GET"
        assert first.raw_path.endswith(f"adCampaigns?ids=List({PAUSED_ID},{ARCHIVED_ID},999,610000010)")
        assert [r.method for r in sandbox.requests] == ["GET", "POST", "POST"]
        assert sandbox.state.campaigns[ARCHIVED_ID]["status"] == "ARCHIVED"

    def test_a_failing_write_keeps_the_others(self, hook, sandbox, set_conn):
        set_conn(max_retries=0)
        hook = MatonLinkedInHook()
        sandbox.add_fault(Fault(status=500, count=1, method="POST", path=f"/adCampaigns/{PAUSED_ID}$"))
        results = hook.update_campaigns(ACCOUNT, [PAUSED_ID, 610000010], {"status": "ACTIVE"})
        assert results[0]["error_type"] == "LinkedInServerError"
        assert results[0]["changed"] == {"status": ["PAUSED", "ACTIVE"]} and results[0]["written"] is False
        assert results[1]["written"] is True

    def test_groups_by_ids(self, hook, sandbox):
        results = hook.update_campaign_groups(ACCOUNT, [GROUP, DRAFT_GROUP], {"name": "Renamed"})
        assert [r["written"] for r in results] == [True, True]
        assert [r.method for r in sandbox.requests] == ["GET", "POST", "POST"]


class TestRetriesAreHarmless:
    def test_second_run_writes_nothing(self, hook, sandbox):
        fields = {"status": "ACTIVE", "dailyBudget": 65}
        assert hook.update_campaign(ACCOUNT, PAUSED_ID, fields)["written"] is True
        sandbox.clear_requests()
        assert MatonLinkedInHook().update_campaign(ACCOUNT, PAUSED_ID, fields) == {
            "id": str(PAUSED_ID),
            "changed": {},
            "written": False,
        }
        assert [r.method for r in sandbox.requests] == ["GET"]

    def test_partial_update_is_retried_after_a_503(self, hook, sandbox):
        sandbox.add_fault(Fault(status=503, count=2, method="POST", path="/adCampaigns/"))
        assert hook.update_campaign(ACCOUNT, PAUSED_ID, {"status": "ACTIVE"})["written"] is True
        assert [r.status for r in sandbox.requests] == [200, 503, 503, 204]

    def test_lost_response_after_the_write_is_retried_safely(self, hook, sandbox):
        sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="/adCampaigns/"))
        assert hook.update_campaign(ACCOUNT, PAUSED_ID, {"status": "ACTIVE"})["written"] is True
        assert [r.method for r in sandbox.requests] == ["GET", "POST", "POST"]
        assert sandbox.state.campaigns[PAUSED_ID]["status"] == "ACTIVE"


class TestCreate:
    SCHEDULE = {"start": "2026-03-02T08:00:00Z", "end": "2026-03-31"}

    def test_group_and_campaign(self, hook, sandbox):
        gid = hook.create_campaign_group(ACCOUNT, "Launch", run_schedule=self.SCHEDULE, total_budget=5000)
        group = sandbox.state.campaign_groups[int(gid)]
        assert group["status"] == "DRAFT" and group["totalBudget"] == {
            "amount": "5000.00",
            "currencyCode": "USD",
        }
        post = next(r for r in sandbox.requests if r.method == "POST")
        assert body(post)["account"] == f"urn:li:sponsoredAccount:{ACCOUNT}" and post.status == 201
        cid = hook.create_campaign(
            ACCOUNT,
            gid,
            "Launch video",
            campaign_type="SPONSORED_UPDATES",
            cost_type="CPV",
            objective_type="VIDEO_VIEW",
            run_schedule=self.SCHEDULE,
            daily_budget=40,
        )
        campaign = sandbox.state.campaigns[int(cid)]
        assert campaign["campaignGroup"] == f"urn:li:sponsoredCampaignGroup:{gid}"
        assert campaign["dailyBudget"] == {"amount": "40.00", "currencyCode": "USD"}
        assert campaign["locale"] == {"country": "US", "language": "en"}
        assert [r.path.rsplit("/", 1)[-1] for r in sandbox.requests].count(
            str(ACCOUNT)
        ) == 1  # currency read once

    def test_check_existing_returns_the_earlier_group(self, hook, sandbox):
        gid = hook.create_campaign_group(ACCOUNT, "Retry me")
        again = MatonLinkedInHook().create_campaign_group(ACCOUNT, "Retry me", check_existing=True)
        assert again == gid
        assert sum(g["name"] == "Retry me" for g in sandbox.state.campaign_groups.values()) == 1

    def test_ambiguous_create_is_reconciled_not_repeated(self, hook, sandbox):
        sandbox.add_fault(Fault(after_effect=True, count=1, method="POST", path="/adCampaignGroups$"))
        gid = hook.create_campaign_group(ACCOUNT, "Lost response")
        assert sandbox.state.campaign_groups[int(gid)]["name"] == "Lost response"
        assert sum(g["name"] == "Lost response" for g in sandbox.state.campaign_groups.values()) == 1
        assert [r.method for r in sandbox.requests] == ["POST", "GET"]

    def test_active_campaign_in_a_draft_group_is_refused_by_linkedin(self, hook):
        with pytest.raises(LinkedInAPIError) as info:
            hook.create_campaign(
                ACCOUNT,
                DRAFT_GROUP,
                "Too early",
                campaign_type="SPONSORED_UPDATES",
                cost_type="CPM",
                run_schedule=self.SCHEDULE,
                daily_budget={"amount": 10, "currencyCode": "USD"},
                status="ACTIVE",
            )
        assert info.value.code == "ONLY_DRAFT_CAMPAIGNS_ALLOWED_IN_DRAFT_CAMPAIGN_GROUPS"

    def test_ad_account(self, hook, sandbox):
        new_id = hook.create_ad_account("Sandbox Labs - EMEA", "EUR", 2414183)
        assert sandbox.state.ad_accounts[int(new_id)]["reference"] == "urn:li:organization:2414183"


class TestDelete:
    def test_needs_confirm(self, hook, sandbox):
        with pytest.raises(LinkedInInputError, match="confirm=True"):
            hook.delete_campaign(ACCOUNT, DRAFT_ID)
        assert sandbox.requests == []

    def test_draft_is_deleted_and_a_retry_finds_it_gone(self, hook, sandbox):
        assert hook.delete_campaign(ACCOUNT, DRAFT_ID, confirm=True) == {
            "id": str(DRAFT_ID),
            "action": "deleted",
            "status_before": "DRAFT",
        }
        assert [r.method for r in sandbox.requests] == ["GET", "DELETE"]
        assert hook.delete_campaign(ACCOUNT, DRAFT_ID, confirm=True)["action"] == "already_gone"
        with pytest.raises(LinkedInNotFoundError):
            hook.delete_campaign(ACCOUNT, DRAFT_ID, confirm=True, missing_ok=False)

    def test_non_draft_explains_and_offers_archiving(self, hook, sandbox):
        with pytest.raises(LinkedInInputError) as info:
            hook.delete_campaign(ACCOUNT, ACTIVE_ID, confirm=True)
        assert "only DRAFT" in str(info.value) and "archive_instead=True" in str(info.value)
        assert [r.method for r in sandbox.requests] == ["GET"]
        result = hook.delete_campaign(ACCOUNT, ACTIVE_ID, confirm=True, archive_instead=True)
        assert result == {"id": str(ACTIVE_ID), "action": "archived", "status_before": "ACTIVE"}
        assert sandbox.state.campaigns[ACTIVE_ID]["status"] == "ARCHIVED"
        assert (
            hook.delete_campaign(ACCOUNT, ACTIVE_ID, confirm=True, archive_instead=True)["action"]
            == "already_archived"
        )

    def test_archiving_follows_the_transition_rules(self, hook, sandbox):
        sandbox.state.campaigns[ACTIVE_ID]["status"] = "PENDING_DELETION"
        with pytest.raises(LinkedInInputError, match="INVALID_STATUS_TRANSITION"):
            hook.delete_campaign(ACCOUNT, ACTIVE_ID, confirm=True, archive_instead=True)

    def test_draft_group(self, hook, sandbox):
        assert hook.delete_campaign_group(ACCOUNT, DRAFT_GROUP, confirm=True)["action"] == "deleted"
        assert DRAFT_GROUP not in sandbox.state.campaign_groups


NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)
VALIDATION_CASES = [
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"status": "RUNNING"}),
        {},
        "fields.status",
        id="unknown-status",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"status": "COMPLETED"}),
        {},
        "fields.status",
        id="system-status",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"dailyBudget": -10}),
        {},
        "fields.dailyBudget",
        id="negative-budget",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"dailyBudget": {"amount": 5, "currencyCode": "dollars"}}),
        {},
        "fields.dailyBudget.currencyCode",
        id="bad-currency-code",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"runSchedule": {"start": NOON, "end": "2026-03-01"}}),
        {},
        "fields.runSchedule",
        id="end-before-start",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"runSchedule": {"start": datetime(2026, 3, 2)}}),
        {},
        "fields.runSchedule.start",
        id="naive-datetime",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, "urn:li:sponsoredCampaignGroup:1", {"status": "PAUSED"}),
        {},
        "campaign_id",
        id="wrong-urn-type",
    ),
    pytest.param(
        "update_campaign", ("acme", ACTIVE_ID, {"status": "PAUSED"}), {}, "ad_account", id="bad-account"
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"dailybudget": 5}),
        {},
        "fields.dailybudget",
        id="unknown-field",
    ),
    pytest.param(
        "update_campaign",
        (ACCOUNT, ACTIVE_ID, {"objectiveType": "WEBSITE_VISITS"}),
        {},
        "fields.objectiveType",
        id="plural-objective",
    ),
    pytest.param("update_campaign", (ACCOUNT, ACTIVE_ID, {}), {}, "fields", id="nothing-to-change"),
    pytest.param(
        "update_campaign", (ACCOUNT, ACTIVE_ID, None), {"unset": ["name"]}, "unset", id="unset-required"
    ),
    pytest.param(
        "update_campaigns",
        (ACCOUNT, [ACTIVE_ID], {"status": "PAUSED"}),
        {"campaign_group": GROUP},
        "campaign_id",
        id="ids-and-group",
    ),
    pytest.param("update_campaigns", (ACCOUNT, None, {"status": "PAUSED"}), {}, "campaign_id", id="neither"),
    pytest.param(
        "update_campaigns",
        (ACCOUNT, [ACTIVE_ID], {"status": "PAUSED"}),
        {"status": "ACTIVE"},
        "status",
        id="filter-with-ids",
    ),
    pytest.param(
        "update_campaign_group",
        (ACCOUNT, GROUP, {"objectiveType": "ENGAGEMENT"}),
        {},
        "fields.objectiveType",
        id="group-immutable",
    ),
    pytest.param(
        "update_ad_account", (ACCOUNT, {"currency": "EUR"}), {}, "fields.currency", id="account-currency"
    ),
    pytest.param("delete_campaign_group", (ACCOUNT, DRAFT_GROUP), {}, "confirm", id="delete-unconfirmed"),
    pytest.param("list_campaigns", (ACCOUNT,), {"status": "RUNNING"}, "status", id="list-status"),
    pytest.param(
        "create_campaign",
        (ACCOUNT, GROUP, "x"),
        {
            "campaign_type": "SPONSORED_UPDATES",
            "cost_type": "CPM",
            "run_schedule": {"start": NOON},
            "daily_budget": 5,
            "objective_type": "VIDEO_VIEWS",
        },
        "fields.objectiveType",
        id="create-plural-objective",
    ),
    pytest.param(
        "create_campaign",
        (ACCOUNT, GROUP, "x"),
        {"campaign_type": "SPONSORED_UPDATES", "cost_type": "CPM", "run_schedule": {"start": NOON}},
        "fields",
        id="create-without-budget",
    ),
    pytest.param(
        "create_campaign_group",
        (ACCOUNT, "g"),
        {"status": "ACTIVE"},
        "fields.runSchedule",
        id="create-active-group-without-schedule",
    ),
    pytest.param(
        "create_campaign_group",
        (ACCOUNT, "g"),
        {"fields": {"name": "h"}},
        "fields.name",
        id="create-given-twice",
    ),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "field"), VALIDATION_CASES)
def test_bad_input_is_refused_before_any_request(hook, sandbox, method, args, kwargs, field):
    with pytest.raises(LinkedInInputError) as info:
        getattr(hook, method)(*args, **kwargs)
    assert info.value.field == field
    assert sandbox.requests == []


def test_refused_transition_costs_one_read_and_no_write(hook, sandbox):
    with pytest.raises(LinkedInInputError, match="unarchive it first"):
        hook.update_campaign(ACCOUNT, ARCHIVED_ID, {"status": "ACTIVE"})
    assert [r.method for r in sandbox.requests] == ["GET"]
