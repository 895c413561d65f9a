"""The linkedin_campaign_schedule example DAG under ``dag.test()``: the logical date picks morning or evening."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from test_example_dags import _dagbag

GROUP_URN = "urn:li:sponsoredCampaignGroup:600000001"
UTC = timezone.utc


def group_statuses(sandbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for campaign in sandbox.state.campaigns.values():
        if campaign["campaignGroup"] == GROUP_URN:
            counts[campaign["status"]] = counts.get(campaign["status"], 0) + 1
    return counts


def writes(sandbox) -> list[dict]:
    return [json.loads(r.body) for r in sandbox.requests if r.method == "POST"]


@pytest.mark.usefixtures("airflow_db")
def test_morning_run_activates_and_evening_run_pauses(set_conn, sandbox):
    dag = _dagbag().dags["linkedin_campaign_schedule"]
    untouched = {"DRAFT": 2, "ARCHIVED": 2, "COMPLETED": 1, "CANCELED": 1}

    morning = dag.test(logical_date=datetime(2026, 3, 2, 8, tzinfo=UTC))  # a Monday, 08:00 UTC
    assert morning.state == "success"
    states = {ti.task_id: ti.state for ti in morning.get_task_instances()}
    assert states["activate_campaigns"] == "success" and states["pause_campaigns"] == "skipped"
    assert states["preview_budget_change"] == "success"
    assert group_statuses(sandbox) == {"ACTIVE": 14, **untouched}
    assert (
        writes(sandbox) == [{"patch": {"$set": {"status": "ACTIVE"}}}] * 6
    )  # the budget preview wrote nothing
    assert {c["dailyBudget"]["amount"] for c in sandbox.state.campaigns.values()} == {"50.00"}

    sandbox.clear_requests()
    evening = dag.test(logical_date=datetime(2026, 3, 2, 20, tzinfo=UTC))
    assert evening.state == "success"
    states = {ti.task_id: ti.state for ti in evening.get_task_instances()}
    assert states["pause_campaigns"] == "success" and states["activate_campaigns"] == "skipped"
    assert group_statuses(sandbox) == {"PAUSED": 14, **untouched}
    assert writes(sandbox) == [{"patch": {"$set": {"status": "PAUSED"}}}] * 14


@pytest.mark.usefixtures("airflow_db")
def test_a_failed_campaign_fails_the_task_and_keeps_the_others_results(set_conn, sandbox):
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    from maton_linkedin_provider.sandbox import Fault

    set_conn(max_retries=0)
    sandbox.add_fault(Fault(status=500, count=1, method="POST", path="/adCampaigns/610000009$"))
    dag = _dagbag().dags["linkedin_campaign_schedule"]
    run = dag.test(logical_date=datetime(2026, 3, 3, 8, tzinfo=UTC))  # Tuesday morning
    assert run.state == "failed"
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert states["activate_campaigns"] == "failed" and states["preview_budget_change"] == "upstream_failed"
    assert group_statuses(sandbox)["ACTIVE"] == 13  # the five others were activated
    with create_session() as session:
        row = (
            session.query(XComModel.value)
            .filter_by(dag_id=dag.dag_id, run_id=run.run_id, task_id="activate_campaigns", key="return_value")
            .one()
        )
    results = row.value if isinstance(row.value, list) else json.loads(row.value)
    failed = [r for r in results if "error" in r]
    assert len(results) == 6 and [r["id"] for r in failed] == ["610000009"]
    assert failed[0]["error_type"] == "LinkedInServerError"
