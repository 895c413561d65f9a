"""Weekday campaign schedule: a campaign group's campaigns serve from 08:00 to 20:00 UTC, Monday to Friday.

The DAG runs twice a weekday (08:00 and 20:00 UTC). Which half of the day a run is comes from
its logical date, not from the clock: a run for 08:00 always activates and a run for 20:00
always pauses, whenever it actually executes (late, retried, or in ``dag.test(logical_date=...)``).

- morning (logical hour before 14:00 UTC): every PAUSED campaign of the group becomes ACTIVE;
- evening: every ACTIVE campaign of the group becomes PAUSED;
- every run: a dry run of a budget change (the group's campaigns at the launch daily budget),
  which reads, logs the diff and writes nothing: the review step before a real change.

Campaigns in other statuses (DRAFT, ARCHIVED, COMPLETED...) are never touched: the status filter
selects them out. The updates are diff-based, so a retried or repeated run writes nothing twice.
The params default to the sandbox's seeded ids (``make demo``); set yours in the run's config.
Nothing is read at parse time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from airflow.sdk import Param, dag, task

try:
    from airflow.sdk import CronTriggerTimetable
except ImportError:  # Airflow 3.0
    from airflow.timetables.trigger import CronTriggerTimetable  # type: ignore[assignment]

from maton_linkedin_provider.operators.ads import LinkedInUpdateCampaignOperator

#: Runs at or after this UTC hour are the evening run.
EVENING_FROM_HOUR = 14
ACCOUNT = "{{ params.ad_account }}"
GROUP = "{{ params.campaign_group }}"


@dag(
    dag_id="linkedin_campaign_schedule",
    schedule=CronTriggerTimetable("0 8,20 * * 1-5", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    tags=["linkedin", "example", "ads"],
    doc_md=__doc__,
    params={
        "ad_account": Param("507000001", type="string", description="ad account id or URN"),
        "campaign_group": Param("600000001", type="string", description="campaign group id or URN"),
        "launch_daily_budget": Param(
            "120", type="string", description="daily budget to preview, in the account's currency"
        ),
    },
)
def linkedin_campaign_schedule() -> None:
    @task.branch
    def morning_or_evening(**context: Any) -> str:
        """The run's scheduled time (its logical date; a manual run without one: when it was triggered)."""
        when = context.get("logical_date") or context["dag_run"].run_after
        hour = when.astimezone(timezone.utc).hour
        return "pause_campaigns" if hour >= EVENING_FROM_HOUR else "activate_campaigns"

    activate = LinkedInUpdateCampaignOperator(
        task_id="activate_campaigns",
        ad_account=ACCOUNT,
        campaign_group=GROUP,
        status="PAUSED",
        fields={"status": "ACTIVE"},
    )
    pause = LinkedInUpdateCampaignOperator(
        task_id="pause_campaigns",
        ad_account=ACCOUNT,
        campaign_group=GROUP,
        status="ACTIVE",
        fields={"status": "PAUSED"},
    )
    preview_budget = LinkedInUpdateCampaignOperator(
        task_id="preview_budget_change",
        ad_account=ACCOUNT,
        campaign_group=GROUP,
        status=["ACTIVE", "PAUSED"],
        fields={"dailyBudget": "{{ params.launch_daily_budget }}"},
        dry_run=True,
        trigger_rule="none_failed_min_one_success",
    )

    morning_or_evening() >> [activate, pause] >> preview_budget


linkedin_campaign_schedule()
