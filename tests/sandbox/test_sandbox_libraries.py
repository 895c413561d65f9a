"""The sandbox's data resources on the wire: Ad Library, Job Library, adAnalytics, share statistics.

Requests are written by hand (Rest.li 2.0 as LinkedIn documents it), independent of our encoder.
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone

import pytest

from maton_linkedin_provider.sandbox.resources import libraries

AD = "/rest/adLibrary?q=criteria"
JOB = "/rest/jobLibrary?q=criteria"


def restli_day(day: date) -> str:
    return f"(year:{day.year},month:{day.month},day:{day.day})"


def date_range(start: date, end: date) -> str:
    return f"dateRange=(start:{restli_day(start)},end:{restli_day(end)})"


def all_pages(api, path: str, count: int) -> tuple[list[dict], int]:
    rows, start, requests = [], 0, 0
    while True:
        body = api.get(f"{path}&start={start}&count={count}").json()
        requests += 1
        rows += body["elements"]
        start += len(body["elements"])
        if len(body["elements"]) < count or start >= body["paging"]["total"]:
            return rows, requests


class TestAdLibrary:
    def test_element_shape_is_the_audits(self, api):
        body = api.get(f"{AD}&keyword=rows%3A50&count=25").json()
        assert body["paging"]["total"] == 50
        assert body["paging"]["links"][0]["rel"] == "next"
        ad = body["elements"][0]
        assert ad["adUrl"].startswith("https://www.linkedin.com/ad-library/detail/")
        assert isinstance(ad["isRestricted"], bool)
        details = ad["details"]
        assert set(details["advertiser"]) == {"advertiserName", "advertiserUrl", "adPayer"}
        assert details["type"] in libraries.AD_TYPES
        assert {"facetName", "isIncluded", "isExcluded", "includedSegments", "excludedSegments"} <= set(
            details["adTargeting"][0]
        )
        with_stats = [a for a in body["elements"] if "adStatistics" in a["details"]]
        assert with_stats, "ads with EU/EEA impressions carry adStatistics"
        stats = with_stats[0]["details"]["adStatistics"]
        assert stats["firstImpressionAt"] <= stats["latestImpressionAt"]
        assert set(stats["totalImpressions"]) == {"from", "to"}
        assert stats["impressionsDistributionByCountry"][0]["country"].startswith("urn:li:country:")

    def test_rows_are_deterministic(self, api, sandbox):
        first = api.get(f"{AD}&keyword=data&count=25").json()
        sandbox.reset()
        assert api.get(f"{AD}&keyword=data&count=25").json() == first

    def test_sized_keyword_pages_exactly(self, api):
        rows, requests = all_pages(api, f"{AD}&keyword=rows%3A137", 25)
        assert len(rows) == 137
        assert requests == 6
        assert len({r["adUrl"] for r in rows}) == 137

    def test_default_size_comes_from_the_state(self, api, sandbox):
        assert api.get(f"{AD}&count=1").json()["paging"]["total"] == libraries.DEFAULT_AD_LIBRARY_SIZE
        sandbox.state.ad_library_size = 42
        assert api.get(f"{AD}&count=1").json()["paging"]["total"] == 42

    def test_keyword_words_are_anded(self, api):
        one = api.get(f"{AD}&keyword=data&count=1").json()["paging"]["total"]
        both = api.get(f"{AD}&keyword=data%20cloud&count=1").json()["paging"]["total"]
        assert 0 < both < one < libraries.DEFAULT_AD_LIBRARY_SIZE

    def test_advertiser_is_a_loose_name_match(self, api):
        rows, _ = all_pages(api, f"{AD}&advertiser=acme", 25)
        assert rows
        assert {r["details"]["advertiser"]["advertiserName"] for r in rows} == {"Acme Corp"}

    def test_countries_in_the_job_library_form(self, api):
        rows, _ = all_pages(api, f"{AD}&countries=(value:List(urn%3Ali%3Acountry%3Ajp))", 25)
        assert rows
        assert all("Japan" in r["details"]["adTargeting"][0]["includedSegments"] for r in rows)

    def test_date_range_selects_ads_shown_in_it(self, api, sandbox):
        day = sandbox.today - timedelta(days=30)
        rows, _ = all_pages(api, f"{AD}&{date_range(day, day)}", 25)
        assert 0 < len(rows) < libraries.DEFAULT_AD_LIBRARY_SIZE // 2
        shown = [r["details"]["adStatistics"] for r in rows if "adStatistics" in r["details"]]
        start = datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc).timestamp() * 1000
        assert all(
            s["firstImpressionAt"] < start + 86_400_000 and s["latestImpressionAt"] >= start for s in shown
        )

    @pytest.mark.parametrize(
        ("query", "code", "says"),
        [
            pytest.param("&count=26", "INVALID_PARAM", "at most 25", id="count-over-25"),
            pytest.param(
                "&countries=List(us)", "FIELD_INVALID", "not backed by a DataList", id="countries-list"
            ),
            pytest.param(
                "&countries=List(urn%3Ali%3Acountry%3Aus)",
                "FIELD_INVALID",
                "DataList",
                id="countries-urn-list",
            ),
            pytest.param(
                "&countries=(value:List(usa))", "FIELD_INVALID", "country URN", id="countries-not-urn"
            ),
            pytest.param(
                "&advertiserUrn=urn%3Ali%3Aorganization%3A1",
                "QUERY_PARAM_NOT_ALLOWED",
                "advertiserUrn",
                id="advertiserUrn",
            ),
            pytest.param("&adType=TEXT_AD", "QUERY_PARAM_NOT_ALLOWED", "adType", id="adType"),
            pytest.param(
                "&dateRange.start.day=1", "QUERY_PARAM_NOT_ALLOWED", "dateRange.start.day", id="dot-notation"
            ),
            pytest.param(
                "&dateRange=(start:(year:2026,month:13,day:1))",
                "FIELD_INVALID",
                "not a valid date",
                id="bad-date",
            ),
            pytest.param(
                "&dateRange=(start:(year:2026,month:2,day:1),end:(year:2026,month:1,day:1))",
                "FIELD_INVALID",
                "before",
                id="end-before-start",
            ),
            pytest.param("&keyword=rows%3A1000001", "INVALID_PARAM", "at most", id="too-many-rows"),
        ],
    )
    def test_refused_like_linkedin(self, api, query, code, says):
        response = api.get(AD + query)
        assert response.status_code == 400
        assert response.json()["code"] == code
        assert says in response.json()["message"]

    def test_other_finder_is_refused(self, api):
        assert api.get("/rest/adLibrary?q=search").status_code == 400

    def test_a_huge_library_is_generated_lazily(self, api):
        tracemalloc.start()
        try:
            started = time.perf_counter()
            body = api.get(f"{AD}&keyword=rows%3A1000000&start=999990&count=25").json()
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert body["paging"]["total"] == 1_000_000
        assert len(body["elements"]) == 10
        assert elapsed < 1.0
        assert peak < 5 * 2**20


class TestJobLibrary:
    def test_shape_filters_and_count_limit(self, api, sandbox):
        body = api.get(f"{JOB}&keyword=engineer&count=24").json()
        job = body["elements"][0]
        assert job["jobPostingUrl"].startswith("https://www.linkedin.com/jobs/view/")
        assert {"title", "location", "description", "salary", "benefits"} <= set(job["jobDetails"])
        assert "impressions" in job["statistics"]
        assert all(
            "engineer" in j["jobDetails"]["title"].lower()
            or "engineer" in j["jobDetails"]["description"].lower()
            for j in body["elements"]
        )
        org = api.get(f"{JOB}&organization=northwind&count=24").json()["elements"]
        assert org and {j["jobDetails"]["organization"] for j in org} == {"Northwind Traders"}
        gb = api.get(f"{JOB}&countries=(value:List(urn%3Ali%3Acountry%3AGB))&count=24").json()["elements"]
        assert gb and all(j["jobDetails"]["country"] == "urn:li:country:gb" for j in gb)
        assert api.get(f"{JOB}&count=25").status_code == 400
        assert api.get(f"{JOB}&advertiser=acme").json()["code"] == "QUERY_PARAM_NOT_ALLOWED"

    def test_sized(self, api):
        rows, requests = all_pages(api, f"{JOB}&keyword=rows%3A100", 24)
        assert (len(rows), requests) == (100, 5)


ANALYTICS = "/rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
CAMPAIGN_1 = "urn%3Ali%3AsponsoredCampaign%3A5070000011"


class TestAdAnalytics:
    def range_param(self, sandbox, days: int = 3) -> str:
        end = sandbox.today - timedelta(days=1)
        return date_range(end - timedelta(days=days - 1), end)

    def test_rows_per_campaign_and_day_of_the_accounts_campaigns(self, api, sandbox):
        url = (
            f"{ANALYTICS}&{self.range_param(sandbox)}&accounts=List(urn%3Ali%3AsponsoredAccount%3A507000001)"
        )
        body = api.get(url + "&fields=impressions,clicks,costInLocalCurrency,dateRange,pivotValues").json()
        rows = body["elements"]
        served = {
            f"urn:li:sponsoredCampaign:{c['id']}"
            for c in sandbox.state.campaigns.values()
            if c["account"] == "urn:li:sponsoredAccount:507000001" and c["status"] != "DRAFT"
        }
        assert served and "paging" in body and len(served) <= len(rows) <= 3 * len(served)
        assert {r["pivotValues"][0] for r in rows} <= served
        row = rows[0]
        assert set(row) == {"impressions", "clicks", "costInLocalCurrency", "dateRange", "pivotValues"}
        assert row["dateRange"]["start"] == row["dateRange"]["end"]
        assert isinstance(row["costInLocalCurrency"], str)

    def test_split_requests_agree_on_rows(self, api, sandbox):
        url = f"{ANALYTICS}&{self.range_param(sandbox, 10)}&campaigns=List({CAMPAIGN_1})"
        a = api.get(url + "&fields=impressions,dateRange,pivotValues").json()["elements"]
        b = api.get(url + "&fields=clicks,likes,dateRange,pivotValues").json()["elements"]
        assert [(r["dateRange"], r["pivotValues"]) for r in a] == [
            (r["dateRange"], r["pivotValues"]) for r in b
        ]

    def test_monthly_and_all_sum_the_days(self, api, sandbox):
        url = f"{ANALYTICS.replace('DAILY', '{g}')}&{self.range_param(sandbox, 40)}&campaigns=List({CAMPAIGN_1})&fields=impressions"
        daily = sum(r["impressions"] for r in api.get(url.format(g="DAILY")).json()["elements"])
        monthly = api.get(url.format(g="MONTHLY")).json()["elements"]
        total = api.get(url.format(g="ALL")).json()["elements"]
        assert 2 <= len(monthly) <= 3
        assert sum(r["impressions"] for r in monthly) == daily == total[0]["impressions"]

    def test_accounts_without_campaigns_get_generated_ones(self, api, sandbox):
        url = f"{ANALYTICS}&{self.range_param(sandbox, 10)}&accounts=List(urn%3Ali%3AsponsoredAccount%3A42)"
        rows = api.get(url + "&fields=impressions,pivotValues").json()["elements"]
        assert {r["pivotValues"][0] for r in rows} == {f"urn:li:sponsoredCampaign:42{k}" for k in (1, 2, 3)}

    def test_statistics_finder_takes_up_to_three_pivots(self, api, sandbox):
        base = f"/rest/adAnalytics?q=statistics&timeGranularity=ALL&{self.range_param(sandbox)}&campaigns=List({CAMPAIGN_1})"
        rows = api.get(base + "&pivots=List(CAMPAIGN,ACCOUNT)&fields=impressions,pivotValues").json()[
            "elements"
        ]
        assert rows[0]["pivotValues"] == [
            "urn:li:sponsoredCampaign:5070000011",
            "urn:li:sponsoredAccount:507000001",
        ]
        assert api.get(base + "&pivots=List(CAMPAIGN,ACCOUNT,CREATIVE,COMPANY)").status_code == 400

    @pytest.mark.parametrize(
        ("query", "says"),
        [
            pytest.param("&fields=" + ",".join(["impressions"] * 21), "at most 20 fields", id="21-fields"),
            pytest.param("&campaigns=urn%3Ali%3AsponsoredCampaign%3A1", "DataList", id="facet-not-a-list"),
            pytest.param(
                "&campaigns=List(urn%3Ali%3AsponsoredAccount%3A1)",
                "urn:li:sponsoredCampaign",
                id="facet-wrong-urn",
            ),
            pytest.param("&campaigns=List(1)&start=0", "not allowed", id="no-paging"),
            pytest.param(
                "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1)&pivot=NOPE",
                "repeated",
                id="pivot-repeated",
            ),
        ],
    )
    def test_refused(self, api, sandbox, query, says):
        response = api.get(f"{ANALYTICS}&{self.range_param(sandbox)}{query}")
        assert response.status_code == 400
        assert says in response.json()["message"]

    @pytest.mark.parametrize(
        ("url", "says"),
        [
            pytest.param(
                "/rest/adAnalytics?q=analytics&pivot=NOPE&timeGranularity=DAILY",
                "not an adAnalytics pivot",
                id="pivot",
            ),
            pytest.param(
                "/rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=WEEKLY",
                "timeGranularity",
                id="granularity",
            ),
            pytest.param(
                "/rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY",
                "dateRange is required",
                id="no-range",
            ),
            pytest.param("/rest/adAnalytics?q=attributedRevenueMetrics", "supports q=analytics", id="finder"),
        ],
    )
    def test_required_parameters(self, api, url, says):
        response = api.get(url + f"&campaigns=List({CAMPAIGN_1})")
        assert response.status_code == 400
        assert says in response.json()["message"]


STATS = "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A"


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class TestShareStatistics:
    def test_lifetime_totals(self, api):
        body = api.get(STATS + "2414183").json()
        assert len(body["elements"]) == 1
        totals = body["elements"][0]["totalShareStatistics"]
        assert {"impressionCount", "clickCount", "likeCount", "engagement"} <= set(totals)

    def test_daily_window(self, api):
        start = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
            days=5
        )
        end = start + timedelta(days=3)
        body = api.get(
            STATS
            + f"2414183&timeIntervals=(timeRange:(start:{ms(start)},end:{ms(end)}),timeGranularityType:DAY)"
        ).json()
        assert [e["timeRange"] for e in body["elements"]] == [
            {"start": ms(start + timedelta(days=n)), "end": ms(start + timedelta(days=n + 1))}
            for n in range(3)
        ]

    @pytest.mark.parametrize(
        "days_back",
        [pytest.param(1, id="yesterday"), pytest.param(400, id="over-12-months")],
    )
    def test_window_rule(self, api, days_back):
        start = ms(datetime.now(timezone.utc) - timedelta(days=days_back))
        response = api.get(
            STATS
            + f"2414183&timeIntervals=(timeRange:(start:{start},end:{start + 86_400_000}),timeGranularityType:DAY)"
        )
        assert response.status_code == 400
        assert response.json()["message"] == "Invalid timeIntervals parameter"

    def test_needs_the_administrator_role(self, api):
        assert api.get(STATS + "1337").status_code == 403  # Ada is CONTENT_ADMINISTRATOR there
        assert api.get(STATS + "999").status_code == 404
