"""Advertising operators against the sandbox: results in XCom, partial failures, guarded deletes, retries, links."""

from __future__ import annotations

from datetime import datetime, timezone

import pendulum
import pytest

from maton_linkedin_provider import links
from maton_linkedin_provider.exceptions import LinkedInError, LinkedInInputError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.links import (
    LinkedInAdAccountLink,
    LinkedInCampaignGroupLink,
    LinkedInCampaignLink,
    LinkedInCreativeLink,
)
from maton_linkedin_provider.operators.ads import (
    LinkedInCreateCampaignGroupOperator,
    LinkedInCreateCampaignOperator,
    LinkedInCreateCreativeOperator,
    LinkedInDeleteCampaignGroupOperator,
    LinkedInDeleteCampaignOperator,
    LinkedInDeleteCreativeOperator,
    LinkedInUpdateAdAccountOperator,
    LinkedInUpdateCampaignGroupOperator,
    LinkedInUpdateCampaignOperator,
    LinkedInUpdateCreativeOperator,
)

ACCOUNT = "507000001"
GROUP = 600000001
DRAFT_GROUP = 600000002
ACTIVE_ID, PAUSED_ID, DRAFT_ID, ARCHIVED_ID = 610000001, 610000009, 610000015, 610000017


class FakeTI:
    """Just enough of a task instance: ``try_number`` and ``xcom_push``."""

    def __init__(self, try_number: int = 1) -> None:
        self.try_number = try_number
        self.xcom: dict = {}

    def xcom_push(self, key, value):
        self.xcom[key] = value


def run(op, try_number: int = 1):
    ti = FakeTI(try_number)
    return op.execute({"ti": ti}), ti


def methods(sandbox) -> list[str]:
    return [r.method for r in sandbox.requests]


@pytest.fixture(autouse=True)
def _conn(set_conn):
    """Every test talks to the sandbox through ``maton_linkedin_default`` (tiny backoff)."""


class TestUpdateCampaign:
    def test_one_id_returns_one_result_and_pushes_the_account(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="resume",
            ad_account=f"urn:li:sponsoredAccount:{ACCOUNT}",
            campaign_id=PAUSED_ID,
            fields={"status": "ACTIVE"},
        )
        result, ti = run(op)
        assert result == {"id": str(PAUSED_ID), "changed": {"status": ["PAUSED", "ACTIVE"]}, "written": True}
        assert ti.xcom == {"ad_account": ACCOUNT}
        assert methods(sandbox) == ["GET", "POST"]

    def test_airflow_retry_is_harmless(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="raise",
            ad_account=ACCOUNT,
            campaign_id=PAUSED_ID,
            fields={"status": "ACTIVE", "dailyBudget": 90},
        )
        assert run(op)[0]["written"] is True
        sandbox.clear_requests()
        assert run(op, try_number=2)[0] == {"id": str(PAUSED_ID), "changed": {}, "written": False}
        assert methods(sandbox) == ["GET"]

    def test_group_with_status_filter(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="pause",
            ad_account=ACCOUNT,
            campaign_group=GROUP,
            status="ACTIVE",
            fields={"status": "PAUSED"},
        )
        results, _ = run(op)
        assert len(results) == 8 and all(
            r["written"] and r["changed"] == {"status": ["ACTIVE", "PAUSED"]} for r in results
        )
        assert methods(sandbox) == ["GET"] + ["POST"] * 8

    def test_dry_run_writes_nothing(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="preview",
            ad_account=ACCOUNT,
            campaign_group=GROUP,
            status=["ACTIVE", "PAUSED"],
            fields={"dailyBudget": 120},
            dry_run=True,
        )
        results, _ = run(op)
        assert len(results) == 14 and not any(r["written"] for r in results)
        assert results[0]["changed"]["dailyBudget"][1] == {"amount": "120.00", "currencyCode": "USD"}
        assert methods(sandbox) == ["GET"]
        assert sandbox.state.campaigns[ACTIVE_ID]["dailyBudget"]["amount"] == "50.00"

    def test_list_with_one_failing_fails_the_task_after_keeping_the_others(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="activate",
            ad_account=ACCOUNT,
            campaign_id=[PAUSED_ID, ARCHIVED_ID, 610000010],
            fields={"status": "ACTIVE"},
        )
        ti = FakeTI()
        with pytest.raises(LinkedInError) as info:
            op.execute({"ti": ti})
        message = str(info.value)
        assert f"1 of 3 campaign(s) failed (2 written, 0 unchanged): {ARCHIVED_ID}:" in message
        assert "INVALID_STATUS_TRANSITION" in message
        results = ti.xcom["return_value"]
        assert [r["written"] for r in results] == [True, False, True]
        assert "error" in results[1] and "error" not in results[0]
        assert sandbox.state.campaigns[PAUSED_ID]["status"] == "ACTIVE"
        assert sandbox.state.campaigns[610000010]["status"] == "ACTIVE"

        # The retry re-reads, writes nothing twice, and fails again only for the same campaign.
        sandbox.clear_requests()
        with pytest.raises(LinkedInError, match=f"1 of 3 .*0 written, 2 unchanged.*{ARCHIVED_ID}"):
            op.execute({"ti": FakeTI(try_number=2)})
        assert methods(sandbox) == ["GET"]

    def test_allow_partial_returns_the_failures_in_the_result(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="activate",
            ad_account=ACCOUNT,
            campaign_id=[PAUSED_ID, 999],
            fields={"status": "ACTIVE"},
            allow_partial=True,
        )
        results, ti = run(op)
        assert results[0]["written"] is True and results[1]["status"] == 404
        assert "return_value" not in ti.xcom  # returned normally: Airflow pushes it

    def test_validation_sends_nothing(self, sandbox):
        # Literal mistakes are refused when the operator is built (a DAG import error)...
        with pytest.raises(LinkedInInputError, match=r"known fields: .*dailyBudget"):
            LinkedInUpdateCampaignOperator(
                task_id="x", ad_account=ACCOUNT, campaign_id=ACTIVE_ID, fields={"budget": 5}
            )
        with pytest.raises(LinkedInInputError, match="ad_account"):
            LinkedInUpdateCampaignOperator(
                task_id="x", ad_account="acme", campaign_id=ACTIVE_ID, fields={"status": "PAUSED"}
            )
        # ... and the same mistakes, templated, when the task runs.
        op = LinkedInUpdateCampaignOperator(
            task_id="x",
            ad_account="{{ params.a }}",
            campaign_id=ACTIVE_ID,
            fields={"budget": "{{ params.b }}"},
        )
        op.render_template_fields({"params": {"a": ACCOUNT, "b": 5}})
        with pytest.raises(LinkedInInputError, match=r"known fields: .*dailyBudget"):
            run(op)
        op = LinkedInUpdateCampaignOperator(
            task_id="x", ad_account="{{ params.a }}", campaign_id=ACTIVE_ID, fields={"status": "PAUSED"}
        )
        op.render_template_fields({"params": {"a": "acme"}})
        with pytest.raises(LinkedInInputError, match="ad_account"):
            run(op)
        op = LinkedInUpdateCampaignOperator(task_id="x", ad_account=ACCOUNT, fields={"status": "PAUSED"})
        with pytest.raises(LinkedInInputError, match="neither"):
            run(op)
        assert sandbox.requests == []

    def test_templated_values_become_linkedin_values(self, sandbox):
        op = LinkedInUpdateCampaignOperator(
            task_id="launch",
            ad_account="{{ params.account }}",
            campaign_id="{{ params.campaign }}",
            fields={
                "dailyBudget": "{{ params.budget }}",
                "runSchedule": {"end": "{{ data_interval_end.add(days=30).isoformat() }}"},
            },
        )
        context = {
            "params": {"account": ACCOUNT, "campaign": str(ACTIVE_ID), "budget": "120"},
            "data_interval_end": pendulum.datetime(2026, 3, 2, 8, tz="UTC"),
        }
        op.render_template_fields(context)
        result, _ = run(op)
        campaign = sandbox.state.campaigns[ACTIVE_ID]
        assert campaign["dailyBudget"] == {"amount": "120.00", "currencyCode": "USD"}
        assert campaign["runSchedule"]["end"] == int(
            datetime(2026, 4, 1, 8, tzinfo=timezone.utc).timestamp() * 1000
        )
        assert set(result["changed"]) == {"dailyBudget", "runSchedule"}


class TestGroupsAndAccounts:
    def test_update_one_group_and_a_list(self, sandbox):
        result, _ = run(
            LinkedInUpdateCampaignGroupOperator(
                task_id="rename",
                ad_account=ACCOUNT,
                campaign_group_id=GROUP,
                fields={"name": "Always-on (H1)"},
            )
        )
        assert result["changed"] == {"name": ["Always-on 2026", "Always-on (H1)"]}
        results, _ = run(
            LinkedInUpdateCampaignGroupOperator(
                task_id="pause",
                ad_account=ACCOUNT,
                campaign_group_id=[GROUP, 600000003],
                fields={"status": "PAUSED"},
            )
        )
        assert [r["written"] for r in results] == [True, True]  # ARCHIVED -> PAUSED unarchives

    def test_create_group_and_campaign_then_delete_them(self, sandbox):
        gid, ti = run(
            LinkedInCreateCampaignGroupOperator(
                task_id="group",
                ad_account=ACCOUNT,
                name="Summer",
                run_schedule={"start": "2026-06-01", "end": "2026-08-31"},
                total_budget="30000",
            )
        )
        assert sandbox.state.campaign_groups[int(gid)]["totalBudget"]["amount"] == "30000.00"
        assert ti.xcom["ad_account"] == ACCOUNT
        cid, _ = run(
            LinkedInCreateCampaignOperator(
                task_id="campaign",
                ad_account=ACCOUNT,
                campaign_group=gid,
                name="Summer video",
                cost_type="CPV",
                objective_type="VIDEO_VIEW",
                run_schedule={"start": "2026-06-01"},
                daily_budget=150,
            )
        )
        assert sandbox.state.campaigns[int(cid)]["status"] == "DRAFT"
        deleted, _ = run(
            LinkedInDeleteCampaignOperator(task_id="d", ad_account=ACCOUNT, campaign_id=cid, confirm=True)
        )
        assert deleted["action"] == "deleted"
        deleted, _ = run(
            LinkedInDeleteCampaignGroupOperator(
                task_id="dg", ad_account=ACCOUNT, campaign_group_id=gid, confirm=True
            )
        )
        assert deleted["action"] == "deleted" and int(gid) not in sandbox.state.campaign_groups

    def test_create_retry_returns_the_first_try_s_object(self, sandbox):
        op = LinkedInCreateCampaignGroupOperator(task_id="group", ad_account=ACCOUNT, name="Retried")
        first, _ = run(op)
        sandbox.clear_requests()
        again, _ = run(op, try_number=2)
        assert again == first and "POST" not in methods(sandbox)

    def test_update_ad_account(self, sandbox):
        result, _ = run(
            LinkedInUpdateAdAccountOperator(
                task_id="acct", ad_account=ACCOUNT, fields={"name": "Brand"}, dry_run=True
            )
        )
        assert result == {
            "id": ACCOUNT,
            "changed": {"name": ["Sandbox Labs - Brand", "Brand"]},
            "written": False,
        }
        assert methods(sandbox) == ["GET"]


class TestGuardedDelete:
    def test_without_confirm_nothing_is_sent(self, sandbox):
        with pytest.raises(LinkedInInputError, match="confirm=True"):  # refused at DAG parse
            LinkedInDeleteCampaignOperator(task_id="d", ad_account=ACCOUNT, campaign_id=DRAFT_ID)
        with pytest.raises(LinkedInInputError, match="confirm=True"):  # and by the hook
            MatonLinkedInHook().delete_campaign(ACCOUNT, DRAFT_ID)
        assert sandbox.requests == []

    def test_non_draft_explains_and_archives_only_when_asked(self, sandbox):
        op = LinkedInDeleteCampaignGroupOperator(
            task_id="d", ad_account=ACCOUNT, campaign_group_id=GROUP, confirm=True
        )
        with pytest.raises(LinkedInInputError, match="LinkedIn deletes only DRAFT campaign groups") as info:
            run(op)
        assert "archive_instead=True" in str(info.value)
        assert sandbox.state.campaign_groups[GROUP]["status"] == "ACTIVE"
        op = LinkedInDeleteCampaignGroupOperator(
            task_id="d", ad_account=ACCOUNT, campaign_group_id=GROUP, confirm=True, archive_instead=True
        )
        assert run(op)[0] == {"id": str(GROUP), "action": "archived", "status_before": "ACTIVE"}
        assert sandbox.state.campaign_groups[GROUP]["status"] == "ARCHIVED"


class TestLinks:
    @pytest.fixture
    def xcom(self, monkeypatch):
        values: dict = {}
        monkeypatch.setattr(links, "_xcom", lambda ti_key, key="return_value": values.get(key))
        return values

    def test_campaign_link(self, xcom):
        xcom.update(ad_account=ACCOUNT, return_value={"id": str(ACTIVE_ID), "changed": {}, "written": False})
        link = LinkedInCampaignLink().get_link(None, ti_key=None)
        assert (
            link
            == f"https://www.linkedin.com/campaignmanager/accounts/{ACCOUNT}/campaigns/{ACTIVE_ID}/details"
        )
        xcom["return_value"] = [{"id": "1"}, {"id": "2"}]
        assert LinkedInCampaignLink().get_link(None, ti_key=None).endswith(f"/accounts/{ACCOUNT}/campaigns")
        xcom["return_value"] = str(PAUSED_ID)  # a create's id
        assert LinkedInCampaignLink().get_link(None, ti_key=None).endswith(f"/campaigns/{PAUSED_ID}/details")

    def test_group_and_account_links(self, xcom):
        xcom.update(ad_account=ACCOUNT, return_value="600000101")
        assert LinkedInCampaignGroupLink().get_link(None, ti_key=None) == (
            f"https://www.linkedin.com/campaignmanager/accounts/{ACCOUNT}/campaign-groups/600000101"
        )
        assert (
            LinkedInAdAccountLink()
            .get_link(None, ti_key=None)
            .endswith(f"/accounts/{ACCOUNT}/campaign-groups")
        )

    def test_no_link_before_the_task_ran(self, xcom):
        assert LinkedInCampaignLink().get_link(None, ti_key=None) == ""


CREATIVE_CAMPAIGN = 610000001
C_ACTIVE, C_PAUSED, C_DRAFT = (f"urn:li:sponsoredCreative:{n}" for n in (700000001, 700000002, 700000003))


class TestCreatives:
    def test_sponsor_a_post_then_a_retry_finds_it(self, sandbox):
        post = MatonLinkedInHook().create_post("Our launch, sponsored")
        op = LinkedInCreateCreativeOperator(
            task_id="sponsor",
            ad_account=ACCOUNT,
            campaign_id=CREATIVE_CAMPAIGN,
            reference=post,
            status="ACTIVE",
            name="",
        )
        urn, ti = run(op)
        assert ti.xcom["ad_account"] == ACCOUNT
        assert sandbox.state.creatives[int(urn.rsplit(":", 1)[1])]["intendedStatus"] == "ACTIVE"
        again, _ = run(op, try_number=2)
        assert again == urn
        assert sum(c["content"]["reference"] == post for c in sandbox.state.creatives.values()) == 1

    def test_pause_every_active_creative_of_a_campaign(self, sandbox):
        op = LinkedInUpdateCreativeOperator(
            task_id="pause",
            ad_account=ACCOUNT,
            campaign_id=str(CREATIVE_CAMPAIGN),
            status="ACTIVE",
            fields={"intendedStatus": "PAUSED"},
        )
        results, _ = run(op)
        assert results == [
            {"id": C_ACTIVE, "changed": {"intendedStatus": ["ACTIVE", "PAUSED"]}, "written": True}
        ]
        assert run(op)[0] == []  # nothing ACTIVE is left: a rerun writes nothing

    def test_one_creative_dry_run(self, sandbox):
        op = LinkedInUpdateCreativeOperator(
            task_id="preview",
            ad_account=ACCOUNT,
            creative_id=C_PAUSED,
            fields={"name": "Renamed"},
            dry_run=True,
        )
        result, _ = run(op)
        assert result["id"] == C_PAUSED and result["written"] is False
        assert sandbox.state.creatives[700000002]["name"] != "Renamed"

    def test_delete_is_guarded(self, sandbox):
        with pytest.raises(LinkedInInputError, match="confirm=True"):
            LinkedInDeleteCreativeOperator(task_id="d", ad_account=ACCOUNT, creative_id=C_DRAFT)
        deleted, _ = run(
            LinkedInDeleteCreativeOperator(task_id="d", ad_account=ACCOUNT, creative_id=C_DRAFT, confirm=True)
        )
        assert deleted == {"id": C_DRAFT, "action": "deleted", "status_before": "DRAFT"}
        with pytest.raises(LinkedInInputError, match="archive_instead=True"):
            run(
                LinkedInDeleteCreativeOperator(
                    task_id="d", ad_account=ACCOUNT, creative_id=C_ACTIVE, confirm=True
                )
            )

    def test_creative_link(self, monkeypatch):
        values = {"ad_account": ACCOUNT, "return_value": C_ACTIVE}
        monkeypatch.setattr(links, "_xcom", lambda ti_key, key="return_value": values.get(key))
        assert LinkedInCreativeLink().get_link(None, ti_key=None) == (
            f"https://www.linkedin.com/campaignmanager/accounts/{ACCOUNT}/creatives/700000001"
        )
        values["return_value"] = [{"id": C_ACTIVE}, {"id": C_PAUSED}]
        assert LinkedInCreativeLink().get_link(None, ti_key=None).endswith(f"/accounts/{ACCOUNT}/creatives")
