"""Ad analytics (``GET /rest/adAnalytics``): ``q=analytics`` (one ``pivot``) and ``q=statistics``
(``pivots=List(...)``, up to 3). No paging, at most 15,000 elements, at most 20 ``fields``.

Checked as LinkedIn does: the finder, known pivots and ``timeGranularity``, a Rest.li ``dateRange``
record, facets as ``List(urn...)`` of the right URN type
(``campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1)``; a bare value is 400 ``array type is not
backed by a DataList``), more than 20 fields -> 400, unknown parameters (``start``/``count``
included: this finder does not page) -> 400 ``QUERY_PARAM_NOT_ALLOWED``.

Numbers are generated from (seed, campaign, day, field), so two requests that project different
fields agree on every row: rows of split requests join cleanly. Each campaign is active on most
days (DRAFT campaigns never, and none after its ``runSchedule.end``); a day without impressions has no
row, as at LinkedIn.

Campaigns come from ``state.campaigns`` (the seeded and created ones, with their account and group).
An account or group with none there gets generated ones: ``{account}{k}`` for k = 1..3 (account 5
-> campaigns 51..53), ``{group}{k}`` for k = 1..2; a creative ``{campaign}{k}`` belongs to
``{campaign}``; an unknown campaign ``{c}`` belongs to account and group ``{c // 10}``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from maton_linkedin_provider.sandbox.resources.libraries import parse_date_range
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from collections.abc import Iterator

    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

MAX_FIELDS = 20
MAX_ELEMENTS = 15_000
MAX_PIVOTS = 3
#: Longest date range the sandbox computes (days), to keep requests quick.
MAX_DAYS = 3 * 366
_PIVOTS = """COMPANY ACCOUNT SHARE CAMPAIGN CREATIVE CAMPAIGN_GROUP CONVERSION CONVERSATION_NODE
    CONVERSATION_NODE_OPTION_INDEX SERVING_LOCATION CARD_INDEX MEMBER_COMPANY_SIZE MEMBER_INDUSTRY
    MEMBER_SENIORITY MEMBER_JOB_TITLE MEMBER_JOB_FUNCTION MEMBER_COUNTRY_V2 MEMBER_REGION_V2
    MEMBER_COMPANY"""
PIVOTS = frozenset(_PIVOTS.split())
GRANULARITIES = ("DAILY", "MONTHLY", "YEARLY", "ALL")
#: facet parameter -> URN entity type
FACETS = {
    "accounts": "sponsoredAccount",
    "campaignGroups": "sponsoredCampaignGroup",
    "campaigns": "sponsoredCampaign",
    "creatives": "sponsoredCreative",
}
ALLOWED = frozenset({"q", "pivot", "pivots", "timeGranularity", "dateRange", "fields", *FACETS})
MONEY = frozenset(
    {"costInLocalCurrency", "costInUsd", "conversionValueInLocalCurrency", "costPerQualifiedLead"}
)
#: One exchange rate per currency (units of it per US dollar): ``costInUsd`` is always
#: ``costInLocalCurrency / rate`` of the campaign's account (equal for a USD account).
USD_RATES = {
    "USD": 1.0,
    "EUR": 0.92,
    "GBP": 0.79,
    "CAD": 1.37,
    "AUD": 1.52,
    "CHF": 0.88,
    "JPY": 150.0,
    "INR": 83.0,
    "BRL": 5.0,
    "SEK": 10.5,
    "NOK": 10.6,
    "DKK": 6.9,
    "SGD": 1.34,
}
IDENTITY = ("dateRange", "pivotValues")
DEFAULT_FIELDS = "impressions,clicks"
_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _hash(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


def _urn_ids(params: Json, name: str) -> list[int]:
    value = params.get(name)
    if value is None:
        return []
    entity = FACETS[name]
    if not isinstance(value, list):
        raise ApiError(
            400,
            "FIELD_INVALID",
            f"{name}: array type is not backed by a DataList; use List(urn%3Ali%3A{entity}%3A1)",
        )
    ids = []
    for item in value:
        m = re.fullmatch(rf"urn:li:{entity}:(\d+)", item) if isinstance(item, str) else None
        if m is None:
            raise ApiError(400, "FIELD_INVALID", f"{name}: {item!r} is not a urn:li:{entity}:{{id}} URN")
        ids.append(int(m.group(1)))
    return ids


class Campaign(NamedTuple):
    id: int
    account: int
    group: int
    draft: bool = False
    #: the last day it serves (its ``runSchedule.end``), ``None``: no end
    last_day: date | None = None


def _last_day(record: Json) -> date | None:
    """The last day a campaign serves: the day before its ``runSchedule.end`` instant (epoch ms, UTC)."""
    end = (record.get("runSchedule") or {}).get("end")
    if isinstance(end, bool) or not isinstance(end, int):
        return None
    return (datetime.fromtimestamp((end - 1) / 1000, tz=timezone.utc)).date()


def _known_campaigns(state: State) -> list[Campaign]:
    """The campaigns in the sandbox's state, with their account and group ids."""
    known = []
    with state.lock:
        for record in state.campaigns.values():
            account = str(record.get("account", "")).rpartition(":")[2]
            group = str(record.get("campaignGroup", "")).rpartition(":")[2]
            if account.isdigit() and group.isdigit():
                draft = record.get("status") == "DRAFT"
                known.append(Campaign(int(record["id"]), int(account), int(group), draft, _last_day(record)))
    return known


def _campaigns(params: Json, state: State) -> list[Campaign]:
    """The campaigns the facets select (accounts and groups expand to their campaigns)."""
    known = _known_campaigns(state)
    by_id = {c.id: c for c in known}
    selected = [by_id.get(c, Campaign(c, c // 10, c // 10)) for c in _urn_ids(params, "campaigns")]
    for account in _urn_ids(params, "accounts"):
        mine = [c for c in known if c.account == account]
        selected += mine or [Campaign(account * 10 + k, account, account) for k in (1, 2, 3)]
    for group in _urn_ids(params, "campaignGroups"):
        mine = [c for c in known if c.group == group]
        selected += mine or [Campaign(group * 10 + k, group // 10, group) for k in (1, 2)]
    for creative in _urn_ids(params, "creatives"):
        campaign = creative // 10
        selected.append(by_id.get(campaign, Campaign(campaign, campaign // 10, campaign // 10)))
    return list({c.id: c for c in selected}.values())


def pivot_value(pivot: str, campaign: Campaign) -> str:
    """The pivot value a campaign's numbers are reported under."""
    if pivot == "CAMPAIGN":
        return f"urn:li:sponsoredCampaign:{campaign.id}"
    if pivot == "ACCOUNT":
        return f"urn:li:sponsoredAccount:{campaign.account}"
    if pivot == "CAMPAIGN_GROUP":
        return f"urn:li:sponsoredCampaignGroup:{campaign.group}"
    if pivot == "CREATIVE":
        return f"urn:li:sponsoredCreative:{campaign.id * 10 + 1}"
    if pivot == "COMPANY":
        return f"urn:li:organization:{90000 + campaign.id % 7}"
    if pivot == "MEMBER_COUNTRY_V2":
        return f"urn:li:geo:{101174742 + campaign.id % 5}"
    return f"urn:li:sandbox{pivot.title().replace('_', '')}:{campaign.id % 4}"


def _buckets(start: date, end: date, granularity: str) -> Iterator[tuple[date, date]]:
    """The report's time buckets, clipped to the range."""
    if granularity == "ALL":
        yield start, end
        return
    day = start
    while day <= end:
        if granularity == "DAILY":
            last = day
        elif granularity == "MONTHLY":
            nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            last = min(nxt - timedelta(days=1), end)
        else:
            last = min(date(day.year, 12, 31), end)
        yield day, last
        day = last + timedelta(days=1)


def _day_metric(seed: int, campaign: int, day: date, field: str) -> float:
    impressions = _impressions(seed, campaign, day)
    if field == "impressions" or impressions == 0:
        return impressions
    ratio = (_hash(seed, campaign, day, field) % 1000) / 10000  # 0 .. 10% of impressions
    value = impressions * ratio
    return round(value, 2) if field in MONEY else int(value)


def _impressions(seed: int, campaign: int, day: date) -> int:
    h = _hash(seed, campaign, day)
    return 0 if h % 5 == 0 else 100 + h % 5000  # active on about 4 days in 5


def _parse_fields(params: Json) -> list[str]:
    raw = params.get("fields", DEFAULT_FIELDS)
    fields = [f for f in str(raw).split(",") if f]
    if len(fields) > MAX_FIELDS:
        raise ApiError(
            400,
            "INVALID_PARAM",
            f"Requested {len(fields)} fields; at most {MAX_FIELDS} fields are allowed per request",
        )
    for name in fields:
        if not _FIELD.fullmatch(name):
            raise ApiError(400, "INVALID_PARAM", f"fields: {name!r} is not a field name")
    return list(dict.fromkeys(fields))


def _parse_pivots(params: Json) -> list[str]:
    if params.get("q") == "analytics":
        if "pivots" in params or not isinstance(params.get("pivot"), str):
            raise ApiError(400, "INVALID_PARAM", "q=analytics takes one pivot=..., e.g. pivot=CAMPAIGN")
        pivots = [params["pivot"]]
    elif params.get("q") == "statistics":
        given = params.get("pivots")
        if "pivot" in params or not isinstance(given, list) or not 1 <= len(given) <= MAX_PIVOTS:
            raise ApiError(400, "INVALID_PARAM", "q=statistics takes pivots=List(...) of 1 to 3 pivots")
        pivots = given
    else:
        raise ApiError(400, "INVALID_PARAM", "adAnalytics supports q=analytics and q=statistics")
    for pivot in pivots:
        if pivot not in PIVOTS:
            raise ApiError(400, "INVALID_PARAM", f"{pivot!r} is not an adAnalytics pivot")
    return pivots


def report(req: Request) -> Response:
    params = req.query_params()
    for key in params:
        if key not in ALLOWED:
            raise ApiError(
                400, "QUERY_PARAM_NOT_ALLOWED", f"Query parameter {key!r} is not allowed on adAnalytics"
            )
    pivots = _parse_pivots(params)
    granularity = params.get("timeGranularity")
    if granularity not in GRANULARITIES:
        raise ApiError(400, "INVALID_PARAM", f"timeGranularity must be one of {', '.join(GRANULARITIES)}")
    if "dateRange" not in params:
        raise ApiError(400, "INVALID_PARAM", "dateRange is required")
    start, end = parse_date_range(params["dateRange"])
    end = end or req.sandbox.today
    if (end - start).days >= MAX_DAYS:
        raise ApiError(400, "INVALID_PARAM", f"the sandbox reports at most {MAX_DAYS} days per request")
    fields = _parse_fields(params)
    campaigns = _campaigns(params, req.state)
    if not campaigns:
        raise ApiError(
            400,
            "INVALID_PARAM",
            "adAnalytics needs a facet: accounts, campaignGroups, campaigns or creatives",
        )
    metrics = [f for f in fields if f not in IDENTITY]
    rates = _usd_rates(req.state, campaigns)
    elements = _rows(req.state.seed, campaigns, pivots, granularity, start, end, metrics, fields, rates)
    return Response(
        200, json={"elements": elements[:MAX_ELEMENTS], "paging": {"start": 0, "count": 10, "links": []}}
    )


def _rows(
    seed: int,
    campaigns: list[Campaign],
    pivots: list[str],
    granularity: str,
    start: date,
    end: date,
    metrics: list[str],
    fields: list[str],
    rates: dict[int, float],
) -> list[Json]:
    totals: dict[tuple[tuple[str, ...], date, date], dict[str, float]] = {}
    for first, last in _buckets(start, end, granularity):
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        for campaign in campaigns:
            if campaign.draft:
                continue
            served = [d for d in days if campaign.last_day is None or d <= campaign.last_day]
            active = [d for d in served if _impressions(seed, campaign.id, d)]
            if not active:
                continue
            key = (tuple(pivot_value(p, campaign) for p in pivots), first, last)
            sums = totals.setdefault(key, dict.fromkeys(metrics, 0.0))
            for metric in metrics:
                sums[metric] += _metric_sum(seed, campaign.id, active, metric, rates[campaign.id])
    return [_element(key, sums, fields) for key, sums in totals.items()]


def _usd_rates(state: State, campaigns: list[Campaign]) -> dict[int, float]:
    """Each campaign's exchange rate: its account's currency per US dollar (generated accounts: USD)."""
    with state.lock:
        currency = {a: str(r.get("currency", "USD")) for a, r in state.ad_accounts.items()}
    return {c.id: USD_RATES.get(currency.get(c.account, "USD"), 1.0) for c in campaigns}


def _metric_sum(seed: int, campaign: int, days: list[date], metric: str, rate: float) -> float:
    """A campaign's ``metric`` over ``days``; ``costInUsd`` is its local cost at the one ``rate``."""
    if metric == "costInUsd":
        return _metric_sum(seed, campaign, days, "costInLocalCurrency", 1.0) / rate
    return sum(_day_metric(seed, campaign, d, metric) for d in days)


def _element(key: tuple[tuple[str, ...], date, date], sums: dict[str, float], fields: list[str]) -> Json:
    values, first, last = key
    row: Json = {}
    for name in fields:
        if name == "dateRange":
            row[name] = {"start": _record(first), "end": _record(last)}
        elif name == "pivotValues":
            row[name] = list(values)
        elif name in MONEY:
            row[name] = f"{sums[name]:.2f}"
        else:
            row[name] = int(sums[name])
    return row


def _record(day: date) -> Json:
    return {"year": day.year, "month": day.month, "day": day.day}


def routes() -> list[Route]:
    return [Route("GET", "/rest/adAnalytics", report)]
