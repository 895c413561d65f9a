"""The linkedin_sponsor_post example DAG under ``dag.test()``: publish and sponsor in the morning, pause at night."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from test_example_dags import _dagbag

CAMPAIGN_URN = "urn:li:sponsoredCampaign:610000001"
UTC = timezone.utc


def creatives_of_campaign(sandbox) -> dict[str, str]:
    return {
        c["id"]: c["intendedStatus"]
        for c in sandbox.state.creatives.values()
        if c["campaign"] == CAMPAIGN_URN
    }


@pytest.mark.usefixtures("airflow_db")
def test_morning_sponsors_the_new_post_and_evening_pauses_it(set_conn, sandbox):
    dag = _dagbag().dags["linkedin_sponsor_post"]

    morning = dag.test(logical_date=datetime(2026, 3, 2, 8, tzinfo=UTC))  # a Monday, 08:00 UTC
    assert morning.state == "success"
    states = {ti.task_id: ti.state for ti in morning.get_task_instances()}
    assert states["publish_post"] == "success" and states["sponsor_post"] == "success"
    assert states["pause_creatives"] == "skipped"
    (post,) = [p for p in sandbox.state.posts.values() if not p.deleted]
    (creative,) = [c for c in sandbox.state.creatives.values() if c["content"]["reference"] == post.urn]
    assert creative["campaign"] == CAMPAIGN_URN and creative["intendedStatus"] == "ACTIVE"
    assert creative["name"] == "Post of 2026-03-02"

    evening = dag.test(logical_date=datetime(2026, 3, 2, 20, tzinfo=UTC))
    assert evening.state == "success"
    states = {ti.task_id: ti.state for ti in evening.get_task_instances()}
    assert states["pause_creatives"] == "success" and states["publish_post"] == "skipped"
    statuses = creatives_of_campaign(sandbox)
    assert statuses[creative["id"]] == "PAUSED"
    assert "ACTIVE" not in statuses.values()
