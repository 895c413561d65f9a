"""Export operators against the sandbox: files written whole or not at all, inputs refused up front."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from maton_linkedin_provider.exceptions import LinkedInInputError, LinkedInServerError
from maton_linkedin_provider.linkedin.data import ANALYTICS_FIELDS
from maton_linkedin_provider.operators.data import (
    AD_LIBRARY_COLUMNS,
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInJobLibraryToFileOperator,
    LinkedInShareStatisticsToFileOperator,
)
from maton_linkedin_provider.sandbox import Fault

UTC = timezone.utc


def interval(day: date) -> dict:
    """The context of a daily run whose data interval is ``day``."""
    start = datetime.combine(day, datetime.min.time(), UTC)
    return {"data_interval_start": start, "data_interval_end": start + timedelta(days=1)}


def lines(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def table(path) -> list[list[str]]:
    return list(csv.reader(Path(path).read_text(encoding="utf-8").splitlines()))


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def no_interval() -> dict:
    return {"data_interval_start": None, "data_interval_end": None}


class TestAdLibraryExport:
    def test_jsonl_in_pages_of_25(self, set_conn, sandbox, tmp_path, no_interval):
        target = tmp_path / "2026-01-05" / "ads.jsonl"
        op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:137", output_path=str(target))
        result = op.execute(no_interval)
        assert result == {"path": str(target), "rows": 137}
        assert len(sandbox.requests) == 6
        rows = lines(target)
        assert len(rows) == 137 and rows[0]["adUrl"].startswith("https://www.linkedin.com/ad-library/detail/")
        assert leftovers(target.parent) == []

    def test_csv_with_flattened_columns(self, set_conn, sandbox, tmp_path, no_interval):
        target = tmp_path / "ads.csv"
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:30", output_path=f"file://{target}", output_format="CSV"
        )
        assert op.execute(no_interval)["rows"] == 30
        written = table(target)
        assert written[0] == list(AD_LIBRARY_COLUMNS)
        assert len(written) == 31
        row = dict(zip(written[0], written[1], strict=True))
        assert row["isRestricted"] in ("true", "false")
        assert json.loads(row["details.adTargeting"])[0]["facetName"] == "Location"

    def test_custom_csv_columns(self, set_conn, sandbox, tmp_path, no_interval):
        target = tmp_path / "ads.csv"
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads",
            keyword="rows:3",
            output_path=str(target),
            output_format="csv",
            csv_columns=["adUrl", "details.advertiser.advertiserName", "details.missing"],
        )
        op.execute(no_interval)
        header, *rows = table(target)
        assert header == ["adUrl", "details.advertiser.advertiserName", "details.missing"]
        assert len(rows) == 3 and all(r[1] and r[2] == "" for r in rows)

    def test_date_range_defaults_to_the_data_interval(self, set_conn, sandbox, tmp_path):
        day = sandbox.today - timedelta(days=3)
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="data", output_path=str(tmp_path / "a.jsonl")
        )
        op.execute(interval(day))
        restli_day = f"(year:{day.year},month:{day.month},day:{day.day})"
        assert f"dateRange=(start:{restli_day},end:{restli_day})" in sandbox.requests[0].query

    def test_an_empty_data_interval_means_the_day_before(self, set_conn, sandbox, tmp_path):
        moment = datetime(2026, 3, 10, 4, 30, tzinfo=UTC)
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="data", output_path=str(tmp_path / "a.jsonl")
        )
        op.execute({"data_interval_start": moment, "data_interval_end": moment})
        assert (
            "dateRange=(start:(year:2026,month:3,day:9),end:(year:2026,month:3,day:9))"
            in sandbox.requests[0].query
        )

    def test_explicit_range_and_no_range(self, set_conn, sandbox, tmp_path):
        path = str(tmp_path / "a.jsonl")
        LinkedInAdLibraryToFileOperator(
            task_id="a", keyword="data", date_range=("2026-02-01", "2026-02-03"), output_path=path
        ).execute(interval(date(2026, 1, 1)))
        LinkedInAdLibraryToFileOperator(
            task_id="b", keyword="data", use_data_interval=False, output_path=path
        ).execute(interval(date(2026, 1, 1)))
        first, second = (r.query for r in sandbox.requests[:1] + sandbox.requests[-1:])
        assert "dateRange=(start:(year:2026,month:2,day:1),end:(year:2026,month:2,day:3))" in first
        assert "dateRange" not in second

    def test_max_results_bounds_a_run(self, set_conn, sandbox, tmp_path, no_interval):
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:10000", max_results=60, output_path=str(tmp_path / "a.jsonl")
        )
        assert op.execute(no_interval)["rows"] == 60
        assert len(sandbox.requests) == 3

    def test_logs_pages_rows_and_rate(self, set_conn, sandbox, tmp_path, no_interval, capsys, caplog):
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:60", output_path=str(tmp_path / "a.jsonl")
        )
        with caplog.at_level("INFO"):
            op.execute(no_interval)
        text = caplog.text + capsys.readouterr().out  # the task logger may go through structlog to stdout
        assert "page 1, 25 rows so far" in text
        assert "wrote 60 rows from 3 page(s)" in text and "rows/s" in text


class TestAtomicWrites:
    def fail_from_page(self, op, sandbox, page: int) -> None:
        """Make every request from page ``page`` on fail, once the pages before it are read."""
        original = op.hook.iter_ad_library

        def iterate(**kwargs):
            for n, row in enumerate(original(**kwargs), start=1):
                if n == (page - 1) * 25:
                    sandbox.add_fault(Fault(status=500, count=None, path="/adLibrary"))
                yield row

        op.hook.iter_ad_library = iterate

    def test_failure_on_page_3_leaves_no_file_and_no_temporary(
        self, set_conn, sandbox, tmp_path, no_interval
    ):
        set_conn(max_retries=1)
        target = tmp_path / "out" / "ads.jsonl"
        op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:137", output_path=str(target))
        self.fail_from_page(op, sandbox, 3)
        with pytest.raises(LinkedInServerError):
            op.execute(no_interval)
        assert [r.status for r in sandbox.requests] == [200, 200, 500, 500]
        assert not target.exists()
        assert list(target.parent.iterdir()) == []

    def test_a_retry_overwrites_and_a_failure_keeps_the_last_complete_file(
        self, set_conn, sandbox, tmp_path, no_interval
    ):
        set_conn(max_retries=0)
        target = tmp_path / "ads.jsonl"
        target.write_text('{"stale": true}\n')
        run = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:80", output_path=str(target))
        assert run.execute(no_interval)["rows"] == 80
        assert len(lines(target)) == 80
        failing = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:137", output_path=str(target))
        self.fail_from_page(failing, sandbox, 2)
        with pytest.raises(LinkedInServerError):
            failing.execute(no_interval)
        assert len(lines(target)) == 80  # still the previous complete export
        assert leftovers(tmp_path) == []

    def test_object_storage_url(self, set_conn, sandbox, no_interval):
        from airflow.sdk import ObjectStoragePath
        from airflow.sdk.io import attach
        from fsspec.implementations.memory import MemoryFileSystem

        fs = MemoryFileSystem()
        attach("memory", fs=fs)
        url = "memory://exports/2026-01-05/ads.jsonl"
        op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:40", output_path=url)
        # The URL as ObjectStoragePath writes it (universal_pathlib 0.2, on Airflow 3.0, adds a "/").
        assert op.execute(no_interval) == {"path": str(ObjectStoragePath(url)), "rows": 40}
        assert fs.ls("/exports/2026-01-05", detail=False) == ["/exports/2026-01-05/ads.jsonl"]
        assert len(fs.cat("/exports/2026-01-05/ads.jsonl").splitlines()) == 40


BAD_OPERATOR_INPUT = [
    pytest.param(
        LinkedInAdLibraryToFileOperator, {"countries": ["uk"]}, "countries", "GB", id="country-not-iso"
    ),
    pytest.param(
        LinkedInAdLibraryToFileOperator,
        {"date_range": ("2026-02-02", "2026-02-01")},
        "date_range",
        "earlier",
        id="end-before-start",
    ),
    pytest.param(
        LinkedInAdLibraryToFileOperator, {"output_format": "parquet"}, "output_format", "jsonl", id="format"
    ),
    pytest.param(
        LinkedInAdLibraryToFileOperator,
        {"output_path": "s3://bucket/ads.jsonl"},
        "output_path",
        "apache-airflow-providers-amazon",
        id="s3-no-fs",
    ),
    pytest.param(
        LinkedInJobLibraryToFileOperator,
        {"output_path": "gs://bucket/jobs.jsonl"},
        "output_path",
        "apache-airflow-providers-google",
        id="gs-no-fs",
    ),
    pytest.param(
        LinkedInJobLibraryToFileOperator,
        {"output_path": "abfs://c/jobs.jsonl"},
        "output_path",
        "apache-airflow-providers-microsoft-azure",
        id="abfs-no-fs",
    ),
    pytest.param(LinkedInJobLibraryToFileOperator, {"countries": "usa"}, "countries", None, id="job-country"),
    pytest.param(
        LinkedInAdAnalyticsToFileOperator, {"pivot": "CAMPAIGNS"}, "pivot[0]", "CAMPAIGN", id="pivot"
    ),
    pytest.param(
        LinkedInAdAnalyticsToFileOperator,
        {"time_granularity": "HOURLY"},
        "time_granularity",
        "DAILY",
        id="granularity",
    ),
    pytest.param(
        LinkedInAdAnalyticsToFileOperator, {"fields": ["impressions", "leads"]}, "fields", None, id="field"
    ),
    pytest.param(
        LinkedInAdAnalyticsToFileOperator,
        {"fields": sorted(ANALYTICS_FIELDS - {"dateRange", "pivotValues"})[:25], "split_fields": False},
        "fields",
        "split_fields",
        id="over-20-fields",
    ),
    pytest.param(
        LinkedInAdAnalyticsToFileOperator,
        {"output_format": "xlsx"},
        "output_format",
        None,
        id="analytics-format",
    ),
    pytest.param(
        LinkedInShareStatisticsToFileOperator, {"lag_days": 0}, "start", "2 days", id="share-too-recent"
    ),
    pytest.param(
        LinkedInShareStatisticsToFileOperator,
        {"granularity": "WEEK"},
        "granularity",
        "DAY",
        id="share-granularity",
    ),
]
DEFAULTS = {
    LinkedInAdLibraryToFileOperator: {"keyword": "data"},
    LinkedInJobLibraryToFileOperator: {"keyword": "data"},
    LinkedInAdAnalyticsToFileOperator: {"accounts": [507000001]},
    LinkedInShareStatisticsToFileOperator: {"organization": 2414183},
}


@pytest.mark.parametrize(("operator", "kwargs", "field", "fix"), BAD_OPERATOR_INPUT)
def test_bad_input_is_refused_with_zero_requests(set_conn, sandbox, tmp_path, operator, kwargs, field, fix):
    arguments = {"output_path": str(tmp_path / "out.jsonl"), **DEFAULTS[operator], **kwargs}
    op = operator(task_id="export", **arguments)
    with pytest.raises(LinkedInInputError) as info:
        op.execute(interval(datetime.now(UTC).date() - timedelta(days=1)))
    assert info.value.field == field
    if fix:
        assert fix in str(info.value)
    assert sandbox.requests == []
    assert list(tmp_path.iterdir()) == []


class TestOtherExports:
    def test_job_library(self, set_conn, sandbox, tmp_path, no_interval):
        target = tmp_path / "jobs.csv"
        op = LinkedInJobLibraryToFileOperator(
            task_id="jobs", keyword="rows:50", output_path=str(target), output_format="csv"
        )
        assert op.execute(no_interval)["rows"] == 50
        assert [r.query.rsplit("&count=", 1)[1] for r in sandbox.requests] == ["24", "24", "24"]
        header = table(target)[0]
        assert "jobPostingUrl" in header and "jobDetails.title" in header

    def test_ad_analytics_csv_joins_split_requests(self, set_conn, sandbox, tmp_path):
        metrics = sorted(ANALYTICS_FIELDS - {"dateRange", "pivotValues"})[:30]
        target = tmp_path / "analytics.csv"
        op = LinkedInAdAnalyticsToFileOperator(
            task_id="analytics",
            accounts=["507000001"],
            fields=metrics,
            output_path=str(target),
            output_format="csv",
        )
        result = op.execute(interval(sandbox.today - timedelta(days=1)))
        assert len(sandbox.requests) == 2
        header, *rows = table(target)
        assert header == ["dateRange.start", "dateRange.end", "pivotValues", *metrics]
        assert len(rows) == result["rows"] >= 1
        day = (sandbox.today - timedelta(days=1)).isoformat()
        assert all(r[0] == r[1] == day and r[2].startswith('["urn:li:sponsoredCampaign:') for r in rows)
        assert all(all(cell != "" for cell in r) for r in rows)

    def test_share_statistics_lag_the_data_interval(self, set_conn, sandbox, tmp_path):
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        target = tmp_path / "share.jsonl"
        op = LinkedInShareStatisticsToFileOperator(
            task_id="share", organization="urn:li:organization:2414183", output_path=str(target)
        )
        assert op.execute(interval(yesterday))["rows"] == 1
        start = int(
            datetime.combine(yesterday - timedelta(days=1), datetime.min.time(), UTC).timestamp() * 1000
        )
        assert f"timeRange:(start:{start},end:{start + 86_400_000})" in sandbox.requests[0].query
        assert lines(target)[0]["timeRange"] == {"start": start, "end": start + 86_400_000}

    def test_share_statistics_lifetime(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "share.csv"
        op = LinkedInShareStatisticsToFileOperator(
            task_id="share",
            organization=2414183,
            use_data_interval=False,
            output_path=str(target),
            output_format="csv",
        )
        assert op.execute({})["rows"] == 1
        assert "timeIntervals" not in sandbox.requests[0].query
        header, row = table(target)
        assert row[header.index("organizationalEntity")] == "urn:li:organization:2414183"
        assert row[header.index("timeRange.start")] == ""

    def test_template_fields(self):
        assert {"output_path", "keyword", "countries", "date_range"} <= set(
            LinkedInAdLibraryToFileOperator.template_fields
        )
        assert {"output_path", "accounts", "campaigns", "fields", "pivot"} <= set(
            LinkedInAdAnalyticsToFileOperator.template_fields
        )
        assert "organization" in LinkedInShareStatisticsToFileOperator.template_fields

    def test_bad_lag_days(self):
        with pytest.raises(LinkedInInputError):
            LinkedInShareStatisticsToFileOperator(
                task_id="s", organization=1, output_path="/tmp/x", lag_days=-1
            )
