"""The per-account analytics example: mapped over the active accounts, gzip day files, lookback
re-runs that replace days, and the Asset event that schedules the report DAG."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from test_example_dags import _dagbag

UTC = timezone.utc
ACTIVE = ["507000001", "507000002", "507000003"]


def rows_of(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def asset_events(uri: str) -> int:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        return (
            session.query(AssetEvent)
            .join(AssetModel, AssetEvent.asset_id == AssetModel.id)
            .filter(AssetModel.uri == uri)
            .count()
        )


def registered(dag):
    """The DAG and its Assets in the metadata DB, as the DAG processor leaves them before any run.

    ``dag.test()`` does this itself from Airflow 3.1; on 3.0 an outlet not registered so is refused
    as an inactive asset.
    """
    import airflow
    from packaging.version import Version

    if Version(airflow.__version__) < Version("3.1"):
        from airflow.models.dag import DAG as SchedulerDAG

        SchedulerDAG.from_sdk_dag(dag).sync_to_db()
    return dag


@pytest.fixture
def export_root(tmp_path, monkeypatch):
    monkeypatch.setenv("LINKEDIN_EXPORT_ROOT", str(tmp_path))  # read when the DAG file is parsed
    monkeypatch.delitem(sys.modules, "maton_linkedin_provider.example_dags._exports", raising=False)
    return tmp_path / "ad_analytics"


@pytest.mark.usefixtures("airflow_db")
def test_maps_over_active_accounts_and_reruns_replace_days(set_conn, sandbox, export_root):
    bag = _dagbag()
    dag = registered(bag.dags["linkedin_ad_analytics_by_account"])
    uri = export_root.as_uri()
    events_before = asset_events(uri)
    run = dag.test(logical_date=datetime(2026, 3, 9, tzinfo=UTC))
    assert run.state == "success"
    assert sorted(p.name for p in export_root.iterdir()) == ACTIVE
    day = run.data_interval_start.date()  # one day, and its 3 lookback days
    assert run.data_interval_end.date() == day + timedelta(days=1)
    days = [(day - timedelta(days=n)).isoformat() for n in (3, 2, 1, 0)]
    for account in ACTIVE:
        assert sorted(p.name for p in (export_root / account).iterdir()) == [f"{d}.jsonl.gz" for d in days]
    paths = [r.path for r in sandbox.requests]
    assert paths.count("/linkedin/rest/adAccounts") == 1
    assert paths.count("/linkedin/rest/adAnalytics") == 3  # one per account: 4 days are one window
    # each mapped task declared the Asset: an event per account, which schedules the report DAG
    assert asset_events(uri) - events_before == len(ACTIVE)

    first = {p: rows_of(p) for p in export_root.glob("*/*.gz")}
    run = dag.test(logical_date=datetime(2026, 3, 10, tzinfo=UTC))  # the next day, overlapping 3
    assert run.state == "success"
    for account in ACTIVE:
        files = sorted((export_root / account).iterdir())
        assert len(files) == 5
        rows = [row for f in files for row in rows_of(f)]
        keys = Counter((json.dumps(r["dateRange"], sort_keys=True), r["pivotValues"][0]) for r in rows)
        assert max(keys.values()) == 1  # no day was appended to
    for path, rows in first.items():  # the sandbox's numbers did not change: the same rows again
        assert rows_of(path) == rows


@pytest.mark.usefixtures("airflow_db")
def test_the_report_dag_is_scheduled_on_the_exports_asset(set_conn, sandbox, export_root):
    bag = _dagbag()
    producer = registered(bag.dags["linkedin_ad_analytics_by_account"])
    report = registered(bag.dags["linkedin_ad_analytics_report"])
    assert [a.uri for a in report.timetable.asset_condition.objects] == [export_root.as_uri()]
    (mapped,) = [t for t in producer.tasks if t.task_id == "ad_analytics"]
    assert [a.uri for a in mapped.outlets] == [export_root.as_uri()]
    assert producer.test(logical_date=datetime(2026, 3, 9, tzinfo=UTC)).state == "success"
    run = report.test()
    assert run.state == "success"


@pytest.mark.usefixtures("airflow_db")
def test_a_run_without_a_logical_date_exports_the_day_before_it(set_conn, sandbox, export_root):
    dag = registered(_dagbag().dags["linkedin_ad_analytics_by_account"])
    run = dag.test(logical_date=None)  # as `airflow dags trigger` / the REST API without one
    assert run.state == "success"
    day = run.run_after.date() - timedelta(days=1)
    expected = [f"{(day - timedelta(days=n)).isoformat()}.jsonl.gz" for n in (3, 2, 1, 0)]
    for account in ACTIVE:
        assert sorted(p.name for p in (export_root / account).iterdir()) == expected
