"""Runs when the per-account analytics export has updated its Asset: a summary of what is there.

Scheduled on the Asset of ``linkedin_ad_analytics_by_account`` (``{root}/ad_analytics``), so it
runs after each export, however that was triggered. It reads every account's day files and
returns, per account, the days, rows and impressions on disk: the place a warehouse load would go.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from airflow.sdk import dag, task

from maton_linkedin_provider.example_dags._exports import ANALYTICS_ASSET, EXPORT_ROOT


@dag(
    dag_id="linkedin_ad_analytics_report",
    schedule=[ANALYTICS_ASSET],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example", "exports", "assets"],
    doc_md=__doc__,
)
def linkedin_ad_analytics_report() -> None:
    @task
    def summarize(triggering_asset_events: Any = None) -> dict[str, dict[str, int]]:
        events = sum(len(v) for v in (triggering_asset_events or {}).values())
        print(f"triggered by {events} asset event(s)")
        summary: dict[str, dict[str, int]] = {}
        root = Path(EXPORT_ROOT) / "ad_analytics"
        for day_file in sorted(root.glob("*/*.jsonl.gz")):
            account = summary.setdefault(day_file.parent.name, {"days": 0, "rows": 0, "impressions": 0})
            with gzip.open(day_file, "rt", encoding="utf-8") as lines:
                rows = [json.loads(line) for line in lines]
            account["days"] += 1
            account["rows"] += len(rows)
            account["impressions"] += sum(int(row.get("impressions", 0)) for row in rows)
        return summary

    summarize()


linkedin_ad_analytics_report()
