"""The linkedin_daily_exports example DAG runs against the sandbox under ``dag.test()``."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import pytest

from test_example_dags import _dagbag


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.usefixtures("airflow_db")
def test_linkedin_daily_exports_runs_against_the_sandbox(set_conn, sandbox, tmp_path):
    dag = _dagbag().dags["linkedin_daily_exports"]
    run = dag.test(run_conf={"export_root": str(tmp_path)})
    assert run.state == "success"

    # {day}: the day each file holds; share statistics lag one day behind the data interval
    share_dir, day_dir = sorted(tmp_path.iterdir())
    assert sorted(p.name for p in day_dir.iterdir()) == ["ad_analytics.csv", "ad_library.jsonl"]
    assert [p.name for p in share_dir.iterdir()] == ["share_statistics.jsonl"]
    assert date.fromisoformat(share_dir.name) == date.fromisoformat(day_dir.name) - timedelta(days=1)
    ads = lines(day_dir / "ad_library.jsonl")
    assert ads and all("adUrl" in ad for ad in ads)
    header, *rows = list(csv.reader((day_dir / "ad_analytics.csv").read_text(encoding="utf-8").splitlines()))
    assert header[:3] == ["dateRange.start", "dateRange.end", "pivotValues"]
    assert rows and all(r[0] == r[1] == day_dir.name for r in rows)  # the data interval's one day
    shares = lines(share_dir / "share_statistics.jsonl")
    assert len(shares) == 1 and "totalShareStatistics" in shares[0]

    paths = {r.path for r in sandbox.requests}
    assert {
        "/linkedin/rest/adLibrary",
        "/linkedin/rest/adAnalytics",
        "/linkedin/rest/organizationalEntityShareStatistics",
    } <= paths
    day = day_dir.name.split("-")
    restli_day = f"(year:{int(day[0])},month:{int(day[1])},day:{int(day[2])})"
    library = next(r for r in sandbox.requests if r.path.endswith("/adLibrary"))
    assert f"dateRange=(start:{restli_day},end:{restli_day})" in library.query


@pytest.mark.usefixtures("airflow_db")
def test_linkedin_daily_exports_runs_without_a_logical_date(set_conn, sandbox, tmp_path):
    dag = _dagbag().dags["linkedin_daily_exports"]
    run = dag.test(run_conf={"export_root": str(tmp_path)}, logical_date=None)
    assert run.state == "success"
    day = run.run_after.date() - timedelta(days=1)  # the last whole day before the run
    assert sorted(p.name for p in (tmp_path / day.isoformat()).iterdir()) == [
        "ad_analytics.csv",
        "ad_library.jsonl",
    ]
    assert (tmp_path / (day - timedelta(days=1)).isoformat() / "share_statistics.jsonl").exists()
