"""Ad analytics of every active ad account, one mapped task per account, one gzip file per day.

Each daily run lists the member's ACTIVE ad accounts and maps the analytics export over them
(dynamic task mapping), writing ``{root}/ad_analytics/{account}/{YYYY-MM-DD}.jsonl.gz``:

- each run exports its data interval's day and the ``LOOKBACK_DAYS`` days before it, replacing those
  days' files (LinkedIn revises recent numbers; a day's file always holds one run's rows, never two);
- campaigns whose run schedule ended before the window are left out before any analytics call
  (one read of each account's campaigns);
- at most 4 accounts are exported at once (``max_active_tis_per_dag``); for a limit across workers,
  give the tasks an Airflow pool (see the README), and ``max_requests_per_second`` on the connection
  paces the requests of each worker process.

The mapped tasks declare the export's Asset (the ``ad_analytics`` directory), so
``linkedin_ad_analytics_report`` runs after each export. The root comes from ``LINKEDIN_EXPORT_ROOT``
(see ``_exports.py``). Nothing is read at parse time, and a run without a logical date (triggered
from the CLI or REST API) exports the last whole day before it.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag

try:
    from airflow.sdk import CronDataIntervalTimetable
except ImportError:  # Airflow 3.0
    from airflow.timetables.interval import CronDataIntervalTimetable  # type: ignore[assignment]

from maton_linkedin_provider.example_dags._exports import ANALYTICS_ASSET, ANALYTICS_PATH, LOOKBACK_DAYS
from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInListAdAccountsOperator,
)


@dag(
    dag_id="linkedin_ad_analytics_by_account",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["linkedin", "example", "exports"],
    doc_md=__doc__,
)
def linkedin_ad_analytics_by_account() -> None:
    accounts = LinkedInListAdAccountsOperator(task_id="active_accounts", status="ACTIVE")
    LinkedInAdAnalyticsToFileOperator.partial(
        task_id="ad_analytics",
        pivot="CAMPAIGN",
        time_granularity="DAILY",
        fields=["impressions", "clicks", "costInLocalCurrency", "landingPageClicks", "oneClickLeads"],
        lookback_days=LOOKBACK_DAYS,
        skip_finished_campaigns=True,
        output_path=ANALYTICS_PATH,
        # A mapped task's outlets are declared here: its __init__ runs only when the task does.
        outlets=[ANALYTICS_ASSET],
        max_active_tis_per_dag=4,
    ).expand(accounts=accounts.output)


linkedin_ad_analytics_by_account()
