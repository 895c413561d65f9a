"""Issue 12 figures: parse cost of a DAG whose operators take literal arguments (checked in ``__init__``)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._common import Figure

#: 16 operators, every argument literal, so each parse-time check runs.
DAG_TEXT = """
from datetime import datetime

from airflow.sdk import DAG

from maton_linkedin_provider.operators.ads import (
    LinkedInCreateCampaignOperator,
    LinkedInCreateCreativeOperator,
    LinkedInDeleteCampaignOperator,
    LinkedInUpdateCampaignOperator,
)
from maton_linkedin_provider.operators.generic import LinkedInApiOperator
from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator, LinkedInDeletePostOperator

ORG = "urn:li:organization:2414183"
ACCOUNT = 507000001
with DAG("parse_cost", schedule=None, start_date=datetime(2026, 1, 1)):
    for i in range(2):
        LinkedInUploadImageOperator(
            task_id=f"up{i}", source="x.png", owner_urn=ORG, linkedin_version="202601"
        )
        LinkedInCreatePostOperator(
            task_id=f"post{i}", author=ORG, commentary="Hello (world) #data " * 20, media="urn:li:image:C4E1"
        )
        LinkedInDeletePostOperator(task_id=f"del{i}", post_urn="urn:li:share:7000000000000000001")
        LinkedInUpdateCampaignOperator(
            task_id=f"upd{i}",
            ad_account="urn:li:sponsoredAccount:507000001",
            campaign_group=600000001,
            status=["ACTIVE", "PAUSED"],
            fields={"status": "PAUSED", "dailyBudget": 120, "name": "x"},
            unset=["totalBudget"],
        )
        LinkedInCreateCampaignOperator(
            task_id=f"cc{i}",
            ad_account=507000001,
            campaign_group="urn:li:sponsoredCampaignGroup:600000001",
            name="C",
            run_schedule={"start": "2026-06-01"},
            daily_budget=10,
            fields={"politicalIntent": "NOT_POLITICAL"},
        )
        LinkedInCreateCreativeOperator(
            task_id=f"cr{i}", ad_account=507000001, campaign_id=610000001, reference="urn:li:share:1"
        )
        LinkedInDeleteCampaignOperator(
            task_id=f"dc{i}", ad_account=ACCOUNT, campaign_id=610000001, confirm=True
        )
        LinkedInApiOperator(task_id=f"api{i}", endpoint="/me", linkedin_version="202601.01")
"""
OPERATORS = 16

PROBE = """
import runpy, sys, time
import airflow.sdk
t = time.perf_counter()
runpy.run_path(sys.argv[1])
first = time.perf_counter() - t
again = []
for _ in range(21):
    t = time.perf_counter()
    runpy.run_path(sys.argv[1])
    again.append(time.perf_counter() - t)
print(first * 1000, sorted(again)[10] * 1000)
"""


def parse_cost(runs: int = 7) -> list[Figure]:
    """Parse of :data:`DAG_TEXT` in fresh interpreters (after ``import airflow.sdk``): first, then again."""
    firsts, agains = [], []
    with tempfile.TemporaryDirectory() as folder:
        dag_file = Path(folder) / "parse_cost_dag.py"
        dag_file.write_text(DAG_TEXT, encoding="utf-8")
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", PROBE, str(dag_file)], capture_output=True, text=True, check=True
            )
            first, again = map(float, out.stdout.split()[-2:])
            firsts.append(first)
            agains.append(again)
    first, per_operator = statistics.median(firsts), statistics.median(agains) / OPERATORS
    return [
        Figure(
            "12",
            f"first parse of a DAG of {OPERATORS} operators with literal arguments (imports included)",
            round(first, 1),
            "ms",
            "<= 100 ms",
            first <= 100,
            f"median of {runs} fresh interpreters; samples {', '.join(f'{s:.1f}' for s in firsts)}",
        ),
        Figure(
            "12",
            "re-parse of that DAG, per operator (modules already imported)",
            round(per_operator, 3),
            "ms",
            "<= 0.5 ms",
            per_operator <= 0.5,
            f"median DAG re-parse {statistics.median(agains):.2f} ms",
        ),
    ]


def run() -> list[Figure]:
    return parse_cost()
