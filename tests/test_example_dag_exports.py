"""The linkedin_daily_exports example DAG runs against the sandbox under ``dag.test()``."""

from __future__ import annotations

import csv
import json

import pytest

from test_example_dags import _dagbag


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.usefixtures("airflow_db")
def test_linkedin_daily_exports_runs_against_the_sandbox(set_conn, sandbox, tmp_path):
    dag = _dagbag().dags["linkedin_daily_exports"]
    run = dag.test(run_conf={"export_root": str(tmp_path)})
    assert run.state == "success"

    (day_dir,) = tmp_path.iterdir()  # {{ ds }}: the run's data interval start
    assert sorted(p.name for p in day_dir.iterdir()) == [
        "ad_analytics.csv",
        "ad_library.jsonl",
        "share_statistics.jsonl",
    ]
    ads = lines(day_dir / "ad_library.jsonl")
    assert ads and all("adUrl" in ad for ad in ads)
    header, *rows = list(csv.reader((day_dir / "ad_analytics.csv").read_text(encoding="utf-8").splitlines()))
    assert header[:3] == ["dateRange.start", "dateRange.end", "pivotValues"]
    assert rows and all(r[0] == r[1] == day_dir.name for r in rows)  # the data interval's one day
    shares = lines(day_dir / "share_statistics.jsonl")
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
