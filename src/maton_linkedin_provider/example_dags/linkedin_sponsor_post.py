"""Sponsored post of the day: publish a post at 08:00, sponsor it in a campaign, pause it at 20:00 UTC.

The DAG runs twice a weekday. Which half of the day a run is comes from its logical date (as in
``linkedin_campaign_schedule``):

- morning (logical hour before 14:00 UTC): publish the day's post, then sponsor it: a creative in
  the campaign whose content is the new post (``intendedStatus`` ACTIVE, so it goes to review and
  serves while the campaign does);
- evening: pause the campaign's ACTIVE creatives (diff-based: a rerun writes nothing).

Both halves are safe to retry: the post is created with ``if_duplicate="return_existing"`` and the
creative is looked for before it is created again. The params default to the sandbox's seeded
account and campaign (``make demo``); set yours in the run's config. Nothing is read at parse time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from airflow.sdk import Param, dag, task

try:
    from airflow.sdk import CronTriggerTimetable
except ImportError:  # Airflow 3.0
    from airflow.timetables.trigger import CronTriggerTimetable  # type: ignore[assignment]

from maton_linkedin_provider.operators.ads import (
    LinkedInCreateCreativeOperator,
    LinkedInUpdateCreativeOperator,
)
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

#: Runs at or after this UTC hour are the evening run.
EVENING_FROM_HOUR = 14
ACCOUNT = "{{ params.ad_account }}"
CAMPAIGN = "{{ params.campaign }}"
#: The run's day: its logical date's, or (a run triggered from the CLI or REST API without one, which
#: has no ``ds``) the day it was triggered for.
RUN_DAY = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}"


@dag(
    dag_id="linkedin_sponsor_post",
    schedule=CronTriggerTimetable("0 8,20 * * 1-5", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    tags=["linkedin", "example", "ads"],
    doc_md=__doc__,
    params={
        "ad_account": Param("507000001", type="string", description="ad account id or URN"),
        "campaign": Param("610000001", type="string", description="campaign id or URN to sponsor in"),
    },
)
def linkedin_sponsor_post() -> None:
    @task.branch
    def morning_or_evening(**context: Any) -> str:
        """The run's scheduled time (its logical date; a manual run without one: when it was triggered)."""
        when = context.get("logical_date") or context["dag_run"].run_after
        hour = when.astimezone(timezone.utc).hour
        return "pause_creatives" if hour >= EVENING_FROM_HOUR else "publish_post"

    publish = LinkedInCreatePostOperator(
        task_id="publish_post",
        commentary=f"Our pick for {RUN_DAY}: how we ship data pipelines with Airflow.",
        if_duplicate="return_existing",
    )
    sponsor = LinkedInCreateCreativeOperator(
        task_id="sponsor_post",
        ad_account=ACCOUNT,
        campaign_id=CAMPAIGN,
        reference="{{ ti.xcom_pull(task_ids='publish_post') }}",
        status="ACTIVE",
        name=f"Post of {RUN_DAY}",
    )
    pause = LinkedInUpdateCreativeOperator(
        task_id="pause_creatives",
        ad_account=ACCOUNT,
        campaign_id=CAMPAIGN,
        status="ACTIVE",
        fields={"intendedStatus": "PAUSED"},
    )

    branch = morning_or_evening()
    branch >> publish >> sponsor
    branch >> pause


linkedin_sponsor_post()
