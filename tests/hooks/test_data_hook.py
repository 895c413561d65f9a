"""The hook's export reads against the sandbox: libraries, organizations, share statistics, analytics."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from maton_linkedin_provider.exceptions import (
    LinkedInAuthError,
    LinkedInInputError,
    LinkedInNotFoundError,
    LinkedInServerError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.linkedin.data import ANALYTICS_FIELDS, DateRange
from maton_linkedin_provider.sandbox import Fault

UTC = timezone.utc


@pytest.fixture
def hook(set_conn: object) -> MatonLinkedInHook:
    return MatonLinkedInHook()


def queries(sandbox) -> list[str]:
    return [r.raw_path.split("?", 1)[1] for r in sandbox.requests]


class TestAdLibrary:
    def test_137_rows_in_6_requests_of_25(self, hook, sandbox):
        rows = list(hook.iter_ad_library(keyword="rows:137"))
        assert len(rows) == 137
        assert queries(sandbox) == [
            f"q=criteria&keyword=rows%3A137&start={start}&count=25" for start in range(0, 150, 25)
        ]

    def test_filters_are_rest_li_encoded(self, hook, sandbox):
        rows = list(
            hook.iter_ad_library(
                keyword=["data", "cloud"],
                advertiser="Acme, Inc.",
                countries=["US", "gb"],
                date_range=("2026-01-01", date(2026, 1, 31)),
            )
        )
        assert rows == []  # nobody named "Acme, Inc." in the sandbox
        assert queries(sandbox) == [
            "q=criteria&keyword=data%20cloud&advertiser=Acme%2C%20Inc."
            "&countries=(value:List(urn%3Ali%3Acountry%3Aus,urn%3Ali%3Acountry%3Agb))"
            "&dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))&start=0&count=25"
        ]

    def test_filters_select_rows(self, hook, sandbox):
        yesterday = sandbox.today - timedelta(days=1)
        rows = list(hook.iter_ad_library(keyword="data", countries=["de"], date_range=(yesterday, yesterday)))
        everything = list(hook.iter_ad_library(keyword="data"))
        assert 0 < len(rows) < len(everything)

    def test_max_results_stops_paging(self, hook, sandbox):
        rows = list(hook.iter_ad_library(keyword="rows:1000", max_results=30))
        assert len(rows) == 30
        assert len(sandbox.requests) == 2

    def test_lazy_nothing_sent_until_iterated(self, hook, sandbox):
        rows = hook.iter_ad_library(keyword="rows:60")
        assert sandbox.requests == []
        assert next(iter(rows))["adUrl"]
        assert len(sandbox.requests) == 1

    def test_a_failing_page_is_retried(self, hook, sandbox):
        sandbox.add_fault(Fault(status=503, count=1, path="/adLibrary"))
        assert len(list(hook.iter_ad_library(keyword="rows:30"))) == 30
        assert [r.status for r in sandbox.requests] == [503, 200, 200]


class TestJobLibrary:
    def test_pages_of_24(self, hook, sandbox):
        rows = list(hook.iter_job_library(keyword="rows:50", organization="Sandbox Labs", countries="us"))
        assert all(r["jobDetails"]["organization"] == "Sandbox Labs" for r in rows)
        assert queries(sandbox)[0] == (
            "q=criteria&keyword=rows%3A50&organization=Sandbox%20Labs"
            "&countries=(value:List(urn%3Ali%3Acountry%3Aus))&start=0&count=24"
        )

    def test_all_rows(self, hook, sandbox):
        assert len(list(hook.iter_job_library(keyword="rows:100"))) == 100
        assert len(sandbox.requests) == 5


BAD_LIBRARY_INPUT = [
    pytest.param({"countries": ["uk"]}, "countries", id="not-iso-country"),
    pytest.param({"countries": ["usa"]}, "countries", id="alpha-3"),
    pytest.param({"date_range": ("2026-02-01", "2026-01-01")}, "date_range", id="end-before-start"),
    pytest.param({"date_range": ("2026-02-01", "soon")}, "date_range.end", id="bad-date"),
    pytest.param({"keyword": 7}, "keyword", id="keyword-not-text"),
    pytest.param({"max_results": -1}, "max_results", id="negative-max"),
]


@pytest.mark.parametrize(("kwargs", "field"), BAD_LIBRARY_INPUT)
@pytest.mark.parametrize("method", ["iter_ad_library", "iter_job_library"])
def test_bad_library_input_is_refused_before_any_request(hook, sandbox, method, kwargs, field):
    with pytest.raises(LinkedInInputError) as info:
        getattr(hook, method)(**kwargs)
    assert info.value.field == field
    assert sandbox.requests == []


class TestOrganizations:
    def test_acls_have_both_organization_keys(self, hook, sandbox):
        acls = hook.get_organization_acls()
        assert len(acls) == 5
        assert all(a["organization"] == a["organizationTarget"] for a in acls)
        admins = hook.get_organization_acls(role="ADMINISTRATOR")
        assert {a["organization"] for a in admins} == {
            "urn:li:organization:2414183",
            "urn:li:organization:90003",
        }
        assert "role=ADMINISTRATOR" in sandbox.requests[-1].raw_path

    @pytest.mark.parametrize("id_", [1337, "1337", "urn:li:organization:1337"])
    def test_get_organization(self, hook, sandbox, id_):
        assert hook.get_organization(id_)["vanityName"] == "acme"
        assert sandbox.requests[-1].path == "/linkedin/rest/organizations/1337"

    def test_get_organization_bad_id_sends_nothing(self, hook, sandbox):
        with pytest.raises(LinkedInInputError):
            hook.get_organization("urn:li:person:abc")
        assert sandbox.requests == []

    def test_missing_organization(self, hook):
        with pytest.raises(LinkedInNotFoundError):
            hook.get_organization(4242)

    def test_by_vanity_name(self, hook, sandbox):
        assert hook.get_organization_by_vanity_name("northwind")["id"] == 90001
        assert hook.get_organization_by_vanity_name("nobody") is None
        assert sandbox.requests[0].query == "q=vanityName&vanityName=northwind"


class TestShareStatistics:
    def test_lifetime(self, hook, sandbox):
        rows = hook.get_share_statistics("urn:li:organization:2414183")
        assert len(rows) == 1 and "totalShareStatistics" in rows[0]
        assert sandbox.requests[0].query == (
            "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183"
        )

    def test_days(self, hook, sandbox):
        today = datetime.now(UTC).date()
        rows = hook.get_share_statistics(2414183, today - timedelta(days=9), today - timedelta(days=3), "DAY")
        assert len(rows) == 7
        start = int(datetime.combine(today - timedelta(days=9), datetime.min.time(), UTC).timestamp() * 1000)
        assert sandbox.requests[0].query.endswith(
            f"&timeIntervals=(timeRange:(start:{start},end:{start + 7 * 86_400_000}),timeGranularityType:DAY)"
        )

    def test_months(self, hook):
        today = datetime.now(UTC).date()
        rows = hook.get_share_statistics(2414183, today - timedelta(days=100), None, "MONTH")
        assert 3 <= len(rows) <= 5

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            pytest.param({"start": "yesterday-ish"}, "start", id="bad-start"),
            pytest.param({"start": datetime.now(UTC) - timedelta(days=1)}, "start", id="under-2-days"),
            pytest.param({"start": date(2020, 1, 1)}, "start", id="over-12-months"),
            pytest.param(
                {"start": date.today() - timedelta(days=5), "granularity": "WEEK"},
                "granularity",
                id="granularity",
            ),
            pytest.param({"end": date.today()}, "start", id="end-without-start"),
        ],
    )
    def test_bad_window_sends_nothing(self, hook, sandbox, kwargs, field):
        with pytest.raises(LinkedInInputError) as info:
            hook.get_share_statistics(2414183, **kwargs)
        assert info.value.field == field
        assert sandbox.requests == []

    def test_not_an_administrator(self, hook):
        with pytest.raises(LinkedInAuthError) as info:
            hook.get_share_statistics(1337)
        assert "r_organization_social" in str(info.value)


def yesterday(sandbox) -> DateRange:
    day = sandbox.today - timedelta(days=1)
    return DateRange(day, day)


class TestAdAnalytics:
    def test_one_request_for_few_fields(self, hook, sandbox):
        rows = list(
            hook.iter_ad_analytics(
                campaigns=[5070000011, "urn:li:sponsoredCampaign:5070000012"],
                date_range=yesterday(sandbox),
                fields=["impressions", "clicks"],
            )
        )
        day = sandbox.today - timedelta(days=1)
        restli_day = f"(year:{day.year},month:{day.month},day:{day.day})"
        assert queries(sandbox) == [
            "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
            f"&dateRange=(start:{restli_day},end:{restli_day})"
            "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A5070000011,urn%3Ali%3AsponsoredCampaign%3A5070000012)"
            "&fields=impressions,clicks,dateRange,pivotValues"
        ]
        assert all(set(r) == {"impressions", "clicks", "dateRange", "pivotValues"} for r in rows)

    def test_more_than_20_fields_split_and_join(self, hook, sandbox):
        metrics = sorted(ANALYTICS_FIELDS - {"dateRange", "pivotValues"})[:45]
        span = DateRange(sandbox.today - timedelta(days=7), sandbox.today - timedelta(days=1))
        rows = list(hook.iter_ad_analytics(accounts=[507000001], date_range=span, fields=metrics))
        fields_sent = [r.query.split("&fields=")[1].split(",") for r in sandbox.requests]
        assert [len(f) for f in fields_sent] == [20, 20, 11]
        assert all(f[-2:] == ["dateRange", "pivotValues"] for f in fields_sent)
        assert rows and all(set(r) == set(metrics) | {"dateRange", "pivotValues"} for r in rows)

        def key(row):
            return (tuple(row["pivotValues"]), str(row["dateRange"]))

        assert len({key(r) for r in rows}) == len(rows)
        # the joined rows say what one request for some of the fields says
        tail = metrics[-5:]
        single = list(hook.iter_ad_analytics(accounts=[507000001], date_range=span, fields=tail))
        assert {key(r): [r[m] for m in tail] for r in rows} == {key(r): [r[m] for m in tail] for r in single}

    def test_statistics_finder_for_several_pivots(self, hook, sandbox):
        rows = list(
            hook.iter_ad_analytics(
                campaigns=[5070000011],
                pivot=["CAMPAIGN", "ACCOUNT"],
                time_granularity="ALL",
                date_range=yesterday(sandbox),
                fields=["impressions"],
            )
        )
        assert "q=statistics&pivots=List(CAMPAIGN,ACCOUNT)&timeGranularity=ALL" in sandbox.requests[0].query
        assert all(len(r["pivotValues"]) == 2 for r in rows)

    def test_long_campaign_list_is_tunneled(self, hook, sandbox):
        campaigns = list(range(5070000011, 5070000011 + 300))
        rows = list(
            hook.iter_ad_analytics(campaigns=campaigns, date_range=yesterday(sandbox), fields=["impressions"])
        )
        request = sandbox.requests[0]
        assert request.method == "POST"
        assert request.header("X-HTTP-Method-Override") == "GET"
        assert request.status == 200
        assert 200 < len(rows) <= 300

    def test_open_ended_range(self, hook, sandbox):
        list(hook.iter_ad_analytics(campaigns=[1], date_range={"start": "2026-11-01"}, fields=["clicks"]))
        assert "dateRange=(start:(year:2026,month:11,day:1))&" in sandbox.requests[0].query

    def test_server_error_surfaces(self, set_conn, sandbox):
        set_conn(max_retries=0)
        sandbox.add_fault(Fault(status=500, count=1, path="/adAnalytics"))
        with pytest.raises(LinkedInServerError):
            list(MatonLinkedInHook().iter_ad_analytics(campaigns=[1], date_range=yesterday(sandbox)))


BAD_ANALYTICS_INPUT = [
    pytest.param({"pivot": "CAMPAIGNS"}, "pivot[0]", id="unknown-pivot"),
    pytest.param({"pivot": ["CAMPAIGN"] * 2}, "pivot", id="repeated-pivot"),
    pytest.param({"time_granularity": "WEEKLY"}, "time_granularity", id="unknown-granularity"),
    pytest.param({"fields": ["impressions", "leads"]}, "fields", id="unknown-field"),
    pytest.param(
        {"fields": sorted(ANALYTICS_FIELDS - {"dateRange", "pivotValues"})[:19], "split_fields": False},
        "fields",
        id="over-20-fields-without-splitting",
    ),
    pytest.param({"date_range": None}, "date_range", id="no-date-range"),
    pytest.param({"date_range": ("2026-02-01", "2026-01-01")}, "date_range", id="end-before-start"),
    pytest.param({"campaigns": None}, "accounts", id="no-facet"),
    pytest.param({"campaigns": ["urn:li:sponsoredAccount:1"]}, "campaigns[0]", id="wrong-urn-type"),
    pytest.param({"accounts": "abc"}, "accounts[0]", id="bad-account"),
]


@pytest.mark.parametrize(("kwargs", "field"), BAD_ANALYTICS_INPUT)
def test_bad_analytics_input_is_refused_before_any_request(hook, sandbox, kwargs, field):
    arguments = {"campaigns": [1], "date_range": ("2026-01-01", "2026-01-02"), **kwargs}
    with pytest.raises(LinkedInInputError) as info:
        hook.iter_ad_analytics(**arguments)
    assert info.value.field == field
    assert sandbox.requests == []
