"""Pure helpers of data exports: pivots, granularities, fields, countries, date ranges, share windows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from maton_linkedin_provider.linkedin import data
from maton_linkedin_provider.linkedin.data import DateRange, Pivot, ShareGranularity, TimeGranularity
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.restli import encode, encode_query

UTC = timezone.utc


class TestEnums:
    @pytest.mark.parametrize(
        ("enum", "value", "expected"),
        [
            pytest.param(Pivot, "CAMPAIGN", Pivot.CAMPAIGN, id="pivot"),
            pytest.param(Pivot, " campaign_group ", Pivot.CAMPAIGN_GROUP, id="pivot-lower-padded"),
            pytest.param(TimeGranularity, "monthly", TimeGranularity.MONTHLY, id="granularity"),
            pytest.param(ShareGranularity, ShareGranularity.MONTH, ShareGranularity.MONTH, id="member"),
        ],
    )
    def test_known_values(self, enum, value, expected):
        assert data.parse_enum(enum, value, field="f") is expected

    @pytest.mark.parametrize(
        ("enum", "value"),
        [
            pytest.param(Pivot, "CAMPAIGNS", id="plural-pivot"),
            pytest.param(TimeGranularity, "WEEKLY", id="weekly"),
            pytest.param(ShareGranularity, "DAILY", id="analytics-name-for-share"),
            pytest.param(Pivot, None, id="none"),
            pytest.param(Pivot, 3, id="number"),
        ],
    )
    def test_unknown_values_name_the_accepted_ones(self, enum, value):
        with pytest.raises(InvalidValue) as info:
            data.parse_enum(enum, value, field="pivot")
        assert info.value.field == "pivot"
        assert next(iter(enum)).value in info.value.fix

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param("CAMPAIGN", [Pivot.CAMPAIGN], id="one"),
            pytest.param(["campaign", "CREATIVE"], [Pivot.CAMPAIGN, Pivot.CREATIVE], id="two"),
            pytest.param(
                ("ACCOUNT", "CAMPAIGN", "CREATIVE"),
                [Pivot.ACCOUNT, Pivot.CAMPAIGN, Pivot.CREATIVE],
                id="three",
            ),
        ],
    )
    def test_pivots(self, value, expected):
        assert data.parse_pivots(value) == expected

    @pytest.mark.parametrize(
        "value",
        [
            pytest.param([], id="none"),
            pytest.param(["CAMPAIGN", "CAMPAIGN"], id="repeat"),
            pytest.param(["ACCOUNT", "CAMPAIGN", "CREATIVE", "COMPANY"], id="four"),
            pytest.param(["CAMPAIGN", "NOPE"], id="unknown-second"),
        ],
    )
    def test_bad_pivots(self, value):
        with pytest.raises(InvalidValue):
            data.parse_pivots(value)


class TestFieldChunks:
    def test_few_fields_are_one_request_with_the_identifiers(self):
        assert data.analytics_field_chunks(["impressions", "clicks"]) == [
            ["impressions", "clicks", "dateRange", "pivotValues"]
        ]

    def test_identifiers_given_by_the_user_are_not_repeated(self):
        chunks = data.analytics_field_chunks("pivotValues,impressions,dateRange,impressions")
        assert chunks == [["impressions", "dateRange", "pivotValues"]]

    def test_many_fields_split_into_chunks_of_20_each_with_identifiers(self):
        metrics = sorted(data.ANALYTICS_FIELDS - set(data.ALWAYS_FIELDS))[:40]
        chunks = data.analytics_field_chunks(metrics)
        assert [len(c) for c in chunks] == [20, 20, 6]
        assert all(c[-2:] == ["dateRange", "pivotValues"] for c in chunks)
        assert [m for c in chunks for m in c[:-2]] == metrics

    def test_exactly_18_metrics_fit_one_request(self):
        metrics = sorted(data.ANALYTICS_FIELDS - set(data.ALWAYS_FIELDS))[:18]
        assert len(data.analytics_field_chunks(metrics, split=False)) == 1

    def test_too_many_without_splitting_is_refused(self):
        metrics = sorted(data.ANALYTICS_FIELDS - set(data.ALWAYS_FIELDS))[:19]
        with pytest.raises(InvalidValue) as info:
            data.analytics_field_chunks(metrics, split=False)
        assert "21 fields" in info.value.message
        assert "split_fields=True" in info.value.fix

    @pytest.mark.parametrize(
        ("fields", "says"),
        [
            pytest.param(["impressions", "leads"], "'leads' is not an adAnalytics field", id="unknown"),
            pytest.param(["Impressions"], "did you mean impressions", id="case"),
            pytest.param(["dateRange", "pivotValues"], "no metric", id="no-metric"),
            pytest.param([], "no metric", id="empty"),
            pytest.param(42, "expected a list", id="not-a-list"),
        ],
    )
    def test_bad_fields(self, fields, says):
        with pytest.raises(InvalidValue) as info:
            data.analytics_field_chunks(fields)
        assert says in str(info.value)


class TestCountries:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param("US", ["us"], id="one-upper"),
            pytest.param("us,gb", ["us", "gb"], id="comma-text"),
            pytest.param(["de", "DE", "fr"], ["de", "fr"], id="repeat"),
            pytest.param(["urn:li:country:gb"], ["gb"], id="urn"),
            pytest.param(None, None, id="none"),
            pytest.param([], None, id="empty"),
        ],
    )
    def test_valid(self, value, expected):
        assert data.check_countries(value) == expected

    @pytest.mark.parametrize(
        ("value", "fix"),
        [
            pytest.param(["uk"], "use GB", id="uk"),
            pytest.param(["usa"], "two-letter", id="alpha3"),
            pytest.param(["xx"], "two-letter", id="unassigned"),
            pytest.param(["EU"], "member states", id="eu"),
            pytest.param([1], "alpha-2", id="number"),
            pytest.param(5, None, id="not-a-list"),
        ],
    )
    def test_not_iso_alpha2(self, value, fix):
        with pytest.raises(InvalidValue) as info:
            data.check_countries(value)
        assert info.value.field == "countries"
        if fix:
            assert fix in info.value.fix

    def test_encoded_in_the_job_library_form(self):
        value = data.encode_countries(["us", "gb"])
        assert value == {"value": ["urn:li:country:us", "urn:li:country:gb"]}
        assert encode(value) == "(value:List(urn%3Ali%3Acountry%3Aus,urn%3Ali%3Acountry%3Agb))"


class TestDateRanges:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param(
                (date(2026, 1, 1), date(2026, 1, 31)),
                DateRange(date(2026, 1, 1), date(2026, 1, 31)),
                id="dates",
            ),
            pytest.param(
                ("2026-01-05", "2026-01-05"), DateRange(date(2026, 1, 5), date(2026, 1, 5)), id="iso-one-day"
            ),
            pytest.param(
                {"start": "2026-01-05", "end": date(2026, 2, 1)},
                DateRange(date(2026, 1, 5), date(2026, 2, 1)),
                id="dict",
            ),
            pytest.param(
                (datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 6, tzinfo=UTC)),
                DateRange(date(2026, 1, 5), date(2026, 1, 5)),
                id="data-interval-one-day",
            ),
            pytest.param(
                (datetime(2026, 1, 5, 6, tzinfo=UTC), datetime(2026, 1, 6, 6, tzinfo=UTC)),
                DateRange(date(2026, 1, 5), date(2026, 1, 6)),
                id="instants-not-at-midnight",
            ),
            pytest.param(
                ("2026-01-05T00:00:00+02:00", "2026-01-06T00:00:00Z"),
                DateRange(date(2026, 1, 4), date(2026, 1, 5)),
                id="offsets-to-utc",
            ),
            pytest.param(None, None, id="none"),
        ],
    )
    def test_valid(self, value, expected):
        assert data.coerce_date_range(value) == expected

    @pytest.mark.parametrize(
        ("value", "field"),
        [
            pytest.param((date(2026, 2, 1), date(2026, 1, 1)), "date_range", id="end-before-start"),
            pytest.param(("2026-01-05", "yesterday"), "date_range.end", id="not-a-date"),
            pytest.param((date(2026, 1, 1), None), "date_range.end", id="missing-end"),
            pytest.param({"from": "2026-01-01"}, "date_range", id="bad-keys"),
            pytest.param("2026-01-01", "date_range", id="one-value"),
            pytest.param(
                (datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC)),
                "date_range",
                id="empty-instants",
            ),
        ],
    )
    def test_invalid(self, value, field):
        with pytest.raises(InvalidValue) as info:
            data.coerce_date_range(value)
        assert info.value.field == field

    def test_open_end_where_allowed(self):
        assert data.coerce_date_range({"start": "2026-01-05"}, require_end=False) == DateRange(
            date(2026, 1, 5), None
        )

    def test_restli_form(self):
        record = data.restli_date_range(DateRange(date(2026, 1, 1), date(2026, 1, 31)))
        assert encode_query({"dateRange": record}) == (
            "dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))"
        )
        assert (
            encode(data.restli_date_range(DateRange(date(2026, 1, 1), None)))
            == "(start:(year:2026,month:1,day:1))"
        )

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            pytest.param(
                datetime(2026, 1, 5, tzinfo=UTC),
                datetime(2026, 1, 6, tzinfo=UTC),
                (date(2026, 1, 5),) * 2,
                id="day",
            ),
            pytest.param(
                datetime(2026, 1, 5, tzinfo=UTC),
                datetime(2026, 1, 12, tzinfo=UTC),
                (date(2026, 1, 5), date(2026, 1, 11)),
                id="week",
            ),
            pytest.param(
                datetime(2026, 1, 5, 14, 35, tzinfo=UTC),
                datetime(2026, 1, 5, 14, 35, tzinfo=UTC),
                (date(2026, 1, 4),) * 2,
                id="empty-means-day-before",
            ),
        ],
    )
    def test_data_interval(self, start, end, expected):
        assert tuple(data.interval_date_range(start, end)) == expected


class TestKeyword:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param("  data   engineering ", "data engineering", id="spaces"),
            pytest.param(["data", "ai"], "data ai", id="list"),
            pytest.param("", None, id="empty"),
            pytest.param(None, None, id="none"),
        ],
    )
    def test_keyword(self, value, expected):
        assert data.keyword_text(value) == expected

    def test_not_text(self):
        with pytest.raises(InvalidValue):
            data.keyword_text(42)


NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class TestShareWindow:
    def test_days_are_whole_days_in_epoch_ms(self):
        value = data.share_time_intervals(date(2026, 11, 20), date(2026, 11, 21), "DAY", now=NOW)
        start = int(datetime(2026, 11, 20, tzinfo=UTC).timestamp() * 1000)
        assert value["timeRange"] == {"start": start, "end": start + 2 * 86_400_000}
        assert (
            encode(value)
            == f"(timeRange:(start:{start},end:{start + 2 * 86_400_000}),timeGranularityType:DAY)"
        )

    def test_open_end_is_now(self):
        value = data.share_time_intervals("2026-06-01", None, "month", now=NOW)
        assert value["timeRange"]["end"] == int(NOW.timestamp() * 1000)
        assert value["timeGranularityType"] is ShareGranularity.MONTH

    @pytest.mark.parametrize(
        ("start", "end", "says"),
        [
            pytest.param(date(2026, 11, 28), None, "less than 2 days ago", id="yesterday"),
            pytest.param(
                NOW - timedelta(days=2) + timedelta(minutes=1),
                None,
                "less than 2 days ago",
                id="just-under-2-days",
            ),
            pytest.param(date(2025, 11, 1), date(2025, 11, 2), "more than 12 months ago", id="too-old"),
            pytest.param(date(2026, 11, 10), date(2026, 11, 9), "not after the start", id="end-before-start"),
        ],
    )
    def test_linkedin_rule_checked_before_the_request(self, start, end, says):
        with pytest.raises(InvalidValue) as info:
            data.share_time_intervals(start, end, "DAY", now=NOW)
        assert says in info.value.message

    def test_exactly_two_days_back_is_allowed(self):
        start = NOW - timedelta(days=2)
        assert data.share_time_intervals(start, None, "DAY", now=NOW)["timeRange"]["start"] == int(
            start.timestamp() * 1000
        )

    def test_unknown_granularity(self):
        with pytest.raises(InvalidValue) as info:
            data.share_time_intervals(date(2026, 11, 1), None, "WEEK", now=NOW)
        assert info.value.field == "granularity"
