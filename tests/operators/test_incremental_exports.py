"""Incremental ad analytics against the sandbox: lookback, day partitions replaced on re-run, windows,
finished campaigns skipped, gzip on local paths and object storage, runs without a logical date."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.linkedin.data import MAX_ANALYTICS_ELEMENTS
from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInListAdAccountsOperator,
    LinkedInShareStatisticsToFileOperator,
    export_asset,
)

UTC = timezone.utc
ACCOUNT = "507000001"
DAY = date(2026, 3, 10)


def interval(day: date) -> dict:
    start = datetime.combine(day, datetime.min.time(), UTC)
    return {"data_interval_start": start, "data_interval_end": start + timedelta(days=1)}


def read_lines(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def analytics_queries(sandbox) -> list[str]:
    return [r.query for r in sandbox.requests if r.path.endswith("/adAnalytics")]


def export(tmp_path: Path, **kwargs) -> LinkedInAdAnalyticsToFileOperator:
    kwargs.setdefault("output_path", str(tmp_path / "{account}" / "{day}.jsonl.gz"))
    return LinkedInAdAnalyticsToFileOperator(
        task_id="analytics", accounts=[ACCOUNT], fields=["impressions", "clicks"], **kwargs
    )


def all_rows(root: Path) -> list[dict]:
    return [row for path in sorted(root.glob("*.jsonl.gz")) for row in read_lines(path)]


class TestLookbackPartitions:
    def test_lookback_writes_one_file_per_day_in_one_request(self, set_conn, sandbox, tmp_path):
        result = export(tmp_path, lookback_days=3).execute(interval(DAY))
        days = [(DAY - timedelta(days=n)).isoformat() for n in (3, 2, 1, 0)]
        folder = tmp_path / ACCOUNT
        assert sorted(p.name for p in folder.iterdir()) == [f"{d}.jsonl.gz" for d in days]
        assert [p["day"] for p in result["partitions"]] == days
        for part in result["partitions"]:
            rows = read_lines(Path(part["path"]))
            assert len(rows) == part["rows"] > 0
            assert {r["dateRange"]["start"]["day"] for r in rows} == {int(part["day"][-2:])}
        assert result["rows"] == sum(p["rows"] for p in result["partitions"])
        (query,) = analytics_queries(sandbox)  # 4 days: one window
        assert len(sandbox.requests) == 1  # skip_finished_campaigns is off: no campaigns read
        assert "dateRange=(start:(year:2026,month:3,day:7),end:(year:2026,month:3,day:10))" in query

    def test_a_rerun_replaces_the_overlapping_days_and_never_appends(self, set_conn, sandbox, tmp_path):
        export(tmp_path, lookback_days=3).execute(interval(DAY))
        stale = tmp_path / ACCOUNT / f"{DAY}.jsonl.gz"
        with gzip.open(stale, "wt") as handle:  # what an earlier export of the day held
            handle.write('{"stale": true}\n' * 5)
        export(tmp_path, lookback_days=3).execute(interval(DAY + timedelta(days=1)))
        folder = tmp_path / ACCOUNT
        assert len(list(folder.iterdir())) == 5  # 03-07 .. 03-11, no temporaries left
        rows = all_rows(folder)
        keys = Counter((json.dumps(r["dateRange"]), r["pivotValues"][0]) for r in rows)
        assert max(keys.values()) == 1  # no row twice
        assert not any("stale" in r for r in rows)
        # exactly what one request for the whole range gives: nothing lost, nothing doubled
        sandbox.clear_requests()
        whole = LinkedInAdAnalyticsToFileOperator(
            task_id="whole",
            accounts=[ACCOUNT],
            fields=["impressions", "clicks"],
            date_range=("2026-03-07", "2026-03-11"),
            output_path=str(tmp_path / "whole.jsonl"),
        )
        whole.execute({})
        expected = read_lines(tmp_path / "whole.jsonl")
        key = lambda r: (json.dumps(r["dateRange"], sort_keys=True), r["pivotValues"][0])  # noqa: E731
        assert sorted(rows, key=key) == sorted(expected, key=key)

    def test_a_day_without_rows_becomes_an_empty_partition(self, set_conn, sandbox, tmp_path):
        path = tmp_path / "{day}.jsonl"
        (tmp_path / f"{DAY}.jsonl").write_text('{"old": 1}\n')
        op = LinkedInAdAnalyticsToFileOperator(
            task_id="a", campaigns=[1], fields=["impressions"], output_path=str(path)
        )
        for day in range(60):  # find a day campaign 1 has no impressions (1 in 5 days)
            when = DAY - timedelta(days=day)
            (tmp_path / f"{when}.jsonl").write_text('{"old": 1}\n')  # an earlier run's file of that day
            op.execute(interval(when))
            assert '"old"' not in (tmp_path / f"{when}.jsonl").read_text()
            if (tmp_path / f"{when}.jsonl").read_text() == "":
                break
        else:
            pytest.fail("campaign 1 had impressions on 60 days in a row")
        assert (tmp_path / f"{DAY}.jsonl").read_text() != '{"old": 1}\n'

    def test_csv_partitions_with_gzip_have_a_header_each(self, set_conn, sandbox, tmp_path):
        op = export(
            tmp_path, lookback_days=1, output_path=str(tmp_path / "{day}.csv.gz"), output_format="csv"
        )
        op.execute(interval(DAY))
        for path in sorted(tmp_path.glob("*.csv.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                header, *rows = handle.read().splitlines()
            assert header == "dateRange.start,dateRange.end,pivotValues,impressions,clicks"
            assert rows and all(r.startswith(path.name[:10]) for r in rows)

    def test_partitions_need_daily_granularity(self, set_conn, sandbox, tmp_path):
        with pytest.raises(LinkedInInputError, match="time_granularity='DAILY'"):
            export(tmp_path, time_granularity="MONTHLY").execute(interval(DAY))
        assert sandbox.requests == []

    def test_account_placeholder_needs_one_account(self, set_conn, sandbox, tmp_path):
        op = export(tmp_path)
        op.accounts = [ACCOUNT, "507000002"]
        with pytest.raises(LinkedInInputError, match="exactly one account"):
            op.execute(interval(DAY))
        assert sandbox.requests == []

    @pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
    def test_bad_lookback_is_refused_at_parse_time(self, bad):
        with pytest.raises(LinkedInInputError, match="lookback_days"):
            LinkedInAdAnalyticsToFileOperator(
                task_id="a", accounts=[1], output_path="/x/{day}.jsonl", lookback_days=bad
            )


class TestWindows:
    def test_a_long_range_goes_in_30_day_windows(self, set_conn, sandbox, tmp_path):
        op = export(tmp_path, date_range=("2026-01-01", "2026-04-30"))  # 120 days
        result = op.execute({})
        queries = analytics_queries(sandbox)
        assert len(queries) == 4
        assert "dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:30))" in queries[0]
        assert "dateRange=(start:(year:2026,month:4,day:1),end:(year:2026,month:4,day:30))" in queries[3]
        assert len(result["partitions"]) == 120

    def test_a_full_answer_is_asked_for_again_in_halves(self, set_conn, sandbox, tmp_path):
        # 700 campaigns x 30 days (active 4 days in 5): more than 15,000 rows, which the sandbox (as LinkedIn) cuts off
        campaigns = list(range(1000, 1700))
        op = LinkedInAdAnalyticsToFileOperator(
            task_id="a",
            campaigns=campaigns,
            fields=["impressions"],
            date_range=("2026-01-01", "2026-01-30"),
            output_path=str(tmp_path / "{day}.jsonl"),
        )
        result = op.execute({})
        assert len(analytics_queries(sandbox)) == 3  # 30 days (full), then 15 + 15
        rows = [r for p in sorted(tmp_path.glob("*.jsonl")) for r in read_lines(p)]
        assert len(rows) == result["rows"] > MAX_ANALYTICS_ELEMENTS
        assert len({(json.dumps(r["dateRange"]), r["pivotValues"][0]) for r in rows}) == len(rows)

    def test_window_days_is_a_parameter(self, set_conn, sandbox, tmp_path):
        export(tmp_path, date_range=("2026-01-01", "2026-01-10"), window_days=4).execute({})
        assert len(analytics_queries(sandbox)) == 3

    def test_a_single_file_export_is_windowed_too(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "all.jsonl"
        result = export(tmp_path, output_path=str(target), date_range=("2026-01-01", "2026-03-02")).execute(
            {}
        )  # 61 days
        assert len(analytics_queries(sandbox)) == 3
        assert len(read_lines(target)) == result["rows"]


class TestSkipFinishedCampaigns:
    def end_campaigns(self, sandbox, ids, when: date) -> None:
        end_ms = int(datetime.combine(when, datetime.min.time(), UTC).timestamp() * 1000)
        with sandbox.state.lock:
            for campaign in sandbox.state.campaigns.values():
                if campaign["id"] in ids:
                    campaign["runSchedule"] = {**campaign["runSchedule"], "end": end_ms}

    def test_ended_campaigns_are_left_out_after_one_read(self, set_conn, sandbox, tmp_path):
        with sandbox.state.lock:
            mine = sorted(c["id"] for c in sandbox.state.campaigns.values() if c["account"].endswith(ACCOUNT))
        ended = mine[:5]
        self.end_campaigns(sandbox, ended, DAY - timedelta(days=20))
        result = export(tmp_path, lookback_days=2, skip_finished_campaigns=True).execute(interval(DAY))
        paths = [r.path for r in sandbox.requests]
        campaign_reads = [p for p in paths if p.endswith("/adCampaigns")]
        assert len(campaign_reads) == 1 and paths.index(campaign_reads[0]) == 0  # before any analytics
        (query,) = analytics_queries(sandbox)
        assert "accounts=" not in query
        for cid in ended:
            assert f"sponsoredCampaign%3A{cid}," not in query + ","
        # nothing lost: the same rows as asking for the whole account
        rows = all_rows(tmp_path / ACCOUNT)
        sandbox.clear_requests()
        whole = export(tmp_path / "whole", lookback_days=2).execute(interval(DAY))
        assert result["rows"] == whole["rows"] == len(rows)

    def test_with_every_campaign_finished_no_analytics_call_is_made(self, set_conn, sandbox, tmp_path):
        with sandbox.state.lock:
            mine = [c["id"] for c in sandbox.state.campaigns.values() if c["account"].endswith(ACCOUNT)]
        self.end_campaigns(sandbox, mine, DAY - timedelta(days=30))
        result = export(tmp_path, lookback_days=1, skip_finished_campaigns=True).execute(interval(DAY))
        assert analytics_queries(sandbox) == []
        assert result["rows"] == 0 and len(result["partitions"]) == 2

    def test_bad_input_is_refused_before_the_campaigns_read(self, set_conn, sandbox, tmp_path):
        for bad in ({"pivot": "NOT_A_PIVOT"}, {"fields": ["impressions", "notAMetric"]}):
            op = LinkedInAdAnalyticsToFileOperator(
                task_id="a",
                accounts=[ACCOUNT],
                skip_finished_campaigns=True,
                output_path=str(tmp_path / "{day}.jsonl"),
                **bad,
            )
            with pytest.raises(LinkedInInputError, match=next(iter(bad))):
                op.execute(interval(DAY))
        assert sandbox.requests == []

    def test_needs_accounts(self, set_conn, sandbox, tmp_path):
        op = LinkedInAdAnalyticsToFileOperator(
            task_id="a", campaigns=[1], skip_finished_campaigns=True, output_path=str(tmp_path / "a.jsonl")
        )
        with pytest.raises(LinkedInInputError, match="skip_finished_campaigns"):
            op.execute(interval(DAY))
        assert sandbox.requests == []


class TestCompression:
    def test_gzip_is_inferred_from_the_suffix_and_streams(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "ads.jsonl.gz"
        LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:137", output_path=str(target), use_data_interval=False
        ).execute({})
        assert target.read_bytes()[:2] == b"\x1f\x8b"
        assert len(read_lines(target)) == 137
        assert [p.name for p in tmp_path.iterdir()] == ["ads.jsonl.gz"]

    def test_explicit_gzip_and_none(self, set_conn, sandbox, tmp_path):
        for compression, name, magic in (("gzip", "a.jsonl", True), ("none", "b.jsonl.gz", False)):
            LinkedInAdLibraryToFileOperator(
                task_id="ads",
                keyword="rows:3",
                output_path=str(tmp_path / name),
                compression=compression,
                use_data_interval=False,
            ).execute({})
            assert ((tmp_path / name).read_bytes()[:2] == b"\x1f\x8b") is magic

    def test_a_failed_gzip_export_leaves_the_old_file(self, set_conn, sandbox, tmp_path):
        from maton_linkedin_provider.exceptions import LinkedInServerError
        from maton_linkedin_provider.sandbox import Fault

        set_conn(max_retries=0)
        target = tmp_path / "ads.jsonl.gz"
        target.write_bytes(gzip.compress(b'{"old": 1}\n'))
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:137", output_path=str(target), use_data_interval=False
        )
        original = op.hook.iter_ad_library

        def iterate(**kwargs):  # page 3 fails, once two pages are written
            for n, row in enumerate(original(**kwargs), start=1):
                if n == 50:
                    sandbox.add_fault(Fault(status=500, count=None, path="/adLibrary"))
                yield row

        op.hook.iter_ad_library = iterate
        with pytest.raises(LinkedInServerError):
            op.execute({})
        assert gzip.decompress(target.read_bytes()) == b'{"old": 1}\n'
        assert [p.name for p in tmp_path.iterdir()] == ["ads.jsonl.gz"]

    @pytest.mark.parametrize("compression", ["gzip", None])
    def test_a_write_failing_at_the_end_closes_every_layer(self, compression):
        import io

        from maton_linkedin_provider.operators import _files

        class FullDisk(io.BytesIO):
            full = False

            def write(self, data):
                if self.full:
                    raise OSError(28, "No space left on device")
                return super().write(data)

        raw = FullDisk()
        with pytest.raises(OSError, match="No space"), _files._text(raw, compression) as text:
            text.write('{"row": 1}\n')
            layer = text.buffer  # the gzip stream (or raw itself)
            raw.full = True  # the flush (or the trailer) after the block fails
        assert layer.closed and text.closed

    def test_unknown_compression_is_refused_before_any_request(self, set_conn, sandbox, tmp_path):
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="x", output_path=str(tmp_path / "a.jsonl"), compression="zstd"
        )
        with pytest.raises(LinkedInInputError, match="compression"):
            op.execute({})
        assert sandbox.requests == []

    def test_gzip_partitions_on_object_storage(self, set_conn, sandbox, memory_storage):
        from airflow.sdk import ObjectStoragePath

        op = export(
            Path("/unused"), lookback_days=1, output_path="memory://bucket/la/{account}/{day}.jsonl.gz"
        )
        result = op.execute(interval(DAY))
        root = ObjectStoragePath(f"memory://bucket/la/{ACCOUNT}")
        names = sorted(p.name for p in root.iterdir())
        assert names == [f"{DAY - timedelta(days=1)}.jsonl.gz", f"{DAY}.jsonl.gz"]
        for part in result["partitions"]:
            data = gzip.decompress(ObjectStoragePath(part["path"]).read_bytes()).decode()
            assert len(data.splitlines()) == part["rows"] > 0


class TestNoLogicalDate:
    def test_falls_back_to_the_day_before_run_after_and_says_so(
        self, set_conn, sandbox, tmp_path, caplog, capsys
    ):
        run_after = datetime(2026, 3, 11, 6, 30, tzinfo=UTC)
        context = {"data_interval_start": None, "data_interval_end": None}
        context["dag_run"] = SimpleNamespace(run_after=run_after, logical_date=None)
        op = export(tmp_path)
        with caplog.at_level("INFO"):
            result = op.execute(context)
        assert [p["day"] for p in result["partitions"]] == ["2026-03-10"]
        text = caplog.text + capsys.readouterr().out  # the task logger may go through structlog to stdout
        assert "no data interval" in text and "run_after" in text

    def test_day_placeholder_in_other_exports(self, set_conn, sandbox, tmp_path):
        context = {"dag_run": SimpleNamespace(run_after=datetime(2026, 3, 11, tzinfo=UTC))}
        result = LinkedInShareStatisticsToFileOperator(
            task_id="s", organization=2414183, output_path=str(tmp_path / "{day}" / "shares.jsonl")
        ).execute(context)
        assert result["path"] == str(tmp_path / "2026-03-09" / "shares.jsonl")  # lag_days=1


class TestListAdAccounts:
    def test_returns_the_active_ids(self, set_conn, sandbox):
        ids = LinkedInListAdAccountsOperator(task_id="accounts").execute({})
        assert ids == ["507000001", "507000002", "507000003"]
        (request,) = sandbox.requests
        assert "search=(status:(values:List(ACTIVE)))" in request.query

    def test_every_status_and_a_limit(self, set_conn, sandbox):
        assert len(LinkedInListAdAccountsOperator(task_id="a", status=None).execute({})) == 5
        assert LinkedInListAdAccountsOperator(task_id="a", status=None, max_accounts=2).execute({}) == [
            "507000001",
            "507000002",
        ]


class TestAssets:
    @pytest.mark.parametrize(
        ("path", "uri"),
        [
            ("/data/la.jsonl", "file:///data/la.jsonl"),
            ("/data/la/{account}/{day}.jsonl.gz", "file:///data/la"),
            ("s3://bucket/la/{day}.jsonl", "s3://bucket/la"),
            ("file:///data/x.csv", "file:///data/x.csv"),
        ],
    )
    def test_a_path_known_at_parse_time_is_the_outlet(self, path, uri):
        op = LinkedInAdAnalyticsToFileOperator(task_id="a", accounts=[1], output_path=path)
        assert [a.uri for a in op.outlets] == [uri] == [export_asset(path).uri]

    @pytest.mark.parametrize("path", ["/data/{{ ds }}/la.jsonl", "{day}.jsonl"])
    def test_a_templated_path_declares_none(self, path):
        op = LinkedInAdAnalyticsToFileOperator(task_id="a", accounts=[1], output_path=path)
        assert op.outlets == [] and export_asset(path) is None

    def test_outlets_given_win(self):
        from airflow.sdk import Asset

        op = LinkedInAdAnalyticsToFileOperator(
            task_id="a", accounts=[1], output_path="/data/x.jsonl", outlets=[Asset("s3://b/k")]
        )
        assert [a.uri for a in op.outlets] == ["s3://b/k"]
