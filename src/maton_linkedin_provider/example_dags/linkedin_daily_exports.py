"""Daily LinkedIn exports for a warehouse: Ad Library results, ad analytics and share statistics.

Each run exports the day of its data interval (a backfill fills the past, a retry overwrites the
same files atomically) to ``{export_root}/{YYYY-MM-DD}/...``, the directory of the day a file holds:

- ``ad_library.jsonl``: Ad Library ads for a keyword that were shown that day;
- ``ad_analytics.csv``: that day's performance of each campaign of an ad account;
- ``share_statistics.jsonl``: the organization's share statistics of the day before, in that day's
  directory (LinkedIn serves them only for windows that start at least two days back).

The operators fill in ``{day}`` themselves, so a run triggered without a logical date (CLI or REST
API in Airflow 3: no data interval, ``{{ ds }}`` undefined) works too: it exports the last whole day
before the run, as a manual run with a logical date does.

The params default to the sandbox's seeded ids (``make demo``); set yours in the run's config.
Nothing is read at parse time.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import Param, dag

try:
    from airflow.sdk import CronDataIntervalTimetable
except ImportError:  # Airflow 3.0
    from airflow.timetables.interval import CronDataIntervalTimetable  # type: ignore[assignment]

from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInShareStatisticsToFileOperator,
)

#: One directory per exported day: ``{day}`` is filled in by each operator with the day its file
#: holds (no ``{{ ds }}``: it is undefined in a run without a logical date).
DAY_DIR = "{{ params.export_root }}/{day}"


@dag(
    dag_id="linkedin_daily_exports",
    # A data-interval timetable: the run for day D covers [D 00:00, D+1 00:00) UTC and starts once
    # that day is over. (Airflow 3's "@daily" is a CronTriggerTimetable with empty intervals: the
    # operators then export the day before the run.)
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["linkedin", "example", "exports"],
    doc_md=__doc__,
    params={
        "export_root": Param("/tmp/linkedin-exports", type="string", description="directory or URL"),
        "keyword": Param("data", type="string", description="Ad Library search words"),
        "ad_account": Param("507000001", type="string", description="ad account id or URN"),
        "organization": Param("2414183", type="string", description="organization id or URN"),
    },
)
def linkedin_daily_exports() -> None:
    LinkedInAdLibraryToFileOperator(
        task_id="ad_library",
        keyword="{{ params.keyword }}",
        output_path=f"{DAY_DIR}/ad_library.jsonl",
        max_results=5000,
    )
    LinkedInAdAnalyticsToFileOperator(
        task_id="ad_analytics",
        accounts=["{{ params.ad_account }}"],
        pivot="CAMPAIGN",
        time_granularity="DAILY",
        fields=["impressions", "clicks", "costInLocalCurrency", "landingPageClicks", "oneClickLeads"],
        output_path=f"{DAY_DIR}/ad_analytics.csv",
        output_format="csv",
    )
    LinkedInShareStatisticsToFileOperator(
        task_id="share_statistics",
        organization="{{ params.organization }}",
        granularity="DAY",
        lag_days=1,
        output_path=f"{DAY_DIR}/share_statistics.jsonl",
    )


linkedin_daily_exports()
