"""Data exports, the protocol side: analytics pivots, granularities and fields, countries, date ranges.

Pure Python, no Airflow and no HTTP. Values are returned as plain Python for the hook's Rest.li
encoder: a date range is ``{"start": date, "end": date}`` and the encoder writes each
:class:`datetime.date` as ``(year:..,month:..,day:..)``, so the query gets
``dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))``.

Dates and datetimes mean different things here, as in Airflow:

- a :class:`datetime.date` (or ``"YYYY-MM-DD"``) is a whole day, and a range of them includes its end;
- a :class:`datetime.datetime` (a data interval bound) is an instant, and a range of them excludes its
  end: the data interval ``[2026-01-05T00:00, 2026-01-06T00:00)`` is the one day 2026-01-05.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import Any, NamedTuple, TypeVar

from maton_linkedin_provider.linkedin.errors import InvalidValue, check_unicode, shown

__all__ = [
    "AD_LIBRARY_PAGE_SIZE",
    "ALWAYS_FIELDS",
    "ANALYTICS_FIELDS",
    "ANALYTICS_WINDOW_DAYS",
    "DEFAULT_ANALYTICS_FIELDS",
    "ISO_COUNTRIES",
    "JOB_LIBRARY_PAGE_SIZE",
    "MAX_ANALYTICS_ELEMENTS",
    "MAX_ANALYTICS_FIELDS",
    "MAX_STATISTICS_PIVOTS",
    "DateRange",
    "Pivot",
    "ShareGranularity",
    "TimeGranularity",
    "analytics_field_chunks",
    "analytics_metrics",
    "check_countries",
    "check_days",
    "coerce_date_range",
    "day_windows",
    "encode_countries",
    "ended_before",
    "interval_date_range",
    "keyword_text",
    "lookback_range",
    "parse_enum",
    "parse_pivots",
    "restli_date_range",
    "row_day",
    "share_time_intervals",
    "unique",
]

_E = TypeVar("_E", bound=Enum)


#: The largest ``count`` each library accepts: exports page at it, for the fewest requests.
AD_LIBRARY_PAGE_SIZE = 25
JOB_LIBRARY_PAGE_SIZE = 24


# --- enums ------------------------------------------------------------------------------------------


class Pivot(str, Enum):
    """What ``adAnalytics`` groups rows by (``pivot=`` / ``pivots=List(...)``)."""

    COMPANY = "COMPANY"
    ACCOUNT = "ACCOUNT"
    SHARE = "SHARE"
    CAMPAIGN = "CAMPAIGN"
    CREATIVE = "CREATIVE"
    CAMPAIGN_GROUP = "CAMPAIGN_GROUP"
    CONVERSION = "CONVERSION"
    CONVERSATION_NODE = "CONVERSATION_NODE"
    CONVERSATION_NODE_OPTION_INDEX = "CONVERSATION_NODE_OPTION_INDEX"
    SERVING_LOCATION = "SERVING_LOCATION"
    CARD_INDEX = "CARD_INDEX"
    MEMBER_COMPANY_SIZE = "MEMBER_COMPANY_SIZE"
    MEMBER_INDUSTRY = "MEMBER_INDUSTRY"
    MEMBER_SENIORITY = "MEMBER_SENIORITY"
    MEMBER_JOB_TITLE = "MEMBER_JOB_TITLE"
    MEMBER_JOB_FUNCTION = "MEMBER_JOB_FUNCTION"
    MEMBER_COUNTRY_V2 = "MEMBER_COUNTRY_V2"
    MEMBER_REGION_V2 = "MEMBER_REGION_V2"
    MEMBER_COMPANY = "MEMBER_COMPANY"


class TimeGranularity(str, Enum):
    """``adAnalytics`` ``timeGranularity``: one row per day, month, year, or one for the whole range."""

    DAILY = "DAILY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"
    ALL = "ALL"


class ShareGranularity(str, Enum):
    """``organizationalEntityShareStatistics`` ``timeGranularityType``."""

    DAY = "DAY"
    MONTH = "MONTH"


def parse_enum(enum: type[_E], value: Any, *, field: str) -> _E:
    """``value`` as a member of ``enum`` (case-insensitive).

    :raises InvalidValue: naming the accepted values.
    """
    if isinstance(value, enum):
        return value
    text = value.strip().upper() if isinstance(value, str) else None
    for member in enum:
        if member.value == text:
            return member
    names = ", ".join(m.value for m in enum)
    raise InvalidValue(field, f"{shown(value)} is not a known value.", f"use one of {names}")


#: ``q=statistics`` groups by at most three pivots.
MAX_STATISTICS_PIVOTS = 3


def parse_pivots(value: Any, *, field: str = "pivot") -> list[Pivot]:
    """One pivot (``"CAMPAIGN"``) or up to three (``["CAMPAIGN", "CREATIVE"]``), validated, no repeats.

    :raises InvalidValue: unknown pivot, a repeat, none, or more than three.
    """
    items = [value] if isinstance(value, (str, Pivot)) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise InvalidValue(field, f"expected a pivot or a list of 1 to 3 pivots, got {shown(value)}.")
    pivots = [parse_enum(Pivot, item, field=f"{field}[{i}]") for i, item in enumerate(items)]
    if len(set(pivots)) != len(pivots):
        raise InvalidValue(field, f"{[p.value for p in pivots]} repeats a pivot.")
    if len(pivots) > MAX_STATISTICS_PIVOTS:
        raise InvalidValue(
            field, f"{len(pivots)} pivots given; LinkedIn groups by at most {MAX_STATISTICS_PIVOTS}."
        )
    return pivots


# --- analytics fields -------------------------------------------------------------------------------

#: LinkedIn answers 400 when one ``adAnalytics`` request projects more fields than this.
MAX_ANALYTICS_FIELDS = 20
#: Added to every request (every chunk of a split one): they identify a row.
ALWAYS_FIELDS = ("dateRange", "pivotValues")
#: Metrics exported when no ``fields`` are given.
DEFAULT_ANALYTICS_FIELDS = (
    "impressions",
    "clicks",
    "costInLocalCurrency",
    "costInUsd",
    "landingPageClicks",
    "totalEngagements",
    "externalWebsiteConversions",
    "oneClickLeads",
)
_METRICS = """
actionClicks adUnitClicks approximateMemberReach approximateUniqueImpressions audiencePenetration
averageDwellTime cardClicks cardImpressions clicks commentLikes comments companyPageClicks
conversionValueInLocalCurrency costInLocalCurrency costInUsd costPerQualifiedLead documentCompletions
documentFirstQuartileCompletions documentMidpointCompletions documentThirdQuartileCompletions
downloadClicks externalWebsiteConversions externalWebsitePostClickConversions
externalWebsitePostViewConversions follows fullScreenPlays headlineClicks headlineImpressions
impressions jobApplications jobApplyClicks landingPageClicks leadGenerationMailContactInfoShares
leadGenerationMailInterestedClicks likes oneClickLeadFormOpens oneClickLeads opens otherEngagements
postClickJobApplications postClickJobApplyClicks postClickRegistrations postViewJobApplications
postViewJobApplyClicks postViewRegistrations qualifiedLeads reactions registrations sends shares
subscriptionClicks talentLeads textUrlClicks totalEngagements validWorkEmailLeads videoCompletions
videoFirstQuartileCompletions videoMidpointCompletions videoStarts videoThirdQuartileCompletions
videoViews viralCardClicks viralCardImpressions viralClicks viralCommentLikes viralComments
viralCompanyPageClicks viralDocumentCompletions viralDocumentFirstQuartileCompletions
viralDocumentMidpointCompletions viralDocumentThirdQuartileCompletions viralDownloadClicks
viralExternalWebsiteConversions viralExternalWebsitePostClickConversions
viralExternalWebsitePostViewConversions viralFollows viralFullScreenPlays viralImpressions
viralJobApplications viralJobApplyClicks viralLandingPageClicks viralLikes viralOneClickLeadFormOpens
viralOneClickLeads viralOtherEngagements viralPostClickJobApplications viralPostClickJobApplyClicks
viralPostClickRegistrations viralPostViewJobApplications viralPostViewJobApplyClicks
viralPostViewRegistrations viralReactions viralRegistrations viralShares viralSubscriptionClicks
viralTotalEngagements viralVideoCompletions viralVideoFirstQuartileCompletions
viralVideoMidpointCompletions viralVideoStarts viralVideoThirdQuartileCompletions viralVideoViews
"""
#: Every field an ``adAnalytics`` projection may name: the metrics plus the row identifiers.
ANALYTICS_FIELDS = frozenset(_METRICS.split()) | frozenset(ALWAYS_FIELDS)


def analytics_metrics(fields: Any, *, field: str = "fields") -> list[str]:
    """The metrics of a projection, validated, in order, without repeats, ``dateRange`` or ``pivotValues``.

    :raises InvalidValue: unknown field, or no metric.
    """
    return _metric_list(fields, field)


def _metric_list(fields: Any, field: str) -> list[str]:
    """The requested metrics, validated, in order, without repeats or the identifier fields."""
    if isinstance(fields, str):
        fields = [f for f in fields.split(",") if f.strip()]
    if not isinstance(fields, (list, tuple)) or not all(isinstance(f, str) for f in fields):
        raise InvalidValue(field, f"expected a list of field names, got {shown(fields)}.")
    metrics: list[str] = []
    for name in (f.strip() for f in fields):
        if name not in ANALYTICS_FIELDS:
            close = sorted(f for f in ANALYTICS_FIELDS if f.lower() == name.lower())
            fix = f"did you mean {close[0]}?" if close else "use adAnalytics metric names such as impressions"
            raise InvalidValue(field, f"{shown(name)} is not an adAnalytics field.", fix)
        if name not in metrics and name not in ALWAYS_FIELDS:
            metrics.append(name)
    if not metrics:
        raise InvalidValue(field, "no metric requested.", "name at least one, e.g. ['impressions', 'clicks']")
    return metrics


def analytics_field_chunks(
    fields: Any, *, split: bool = True, field: str = "fields", max_fields: int = MAX_ANALYTICS_FIELDS
) -> list[list[str]]:
    """The ``fields`` projection of each ``adAnalytics`` request.

    Every chunk holds at most ``max_fields`` names and always ``dateRange`` and ``pivotValues``, so
    the rows of the chunks can be joined on them. One chunk when the fields fit in one request.

    :param split: ``False`` refuses more fields than one request takes instead of splitting.
    :raises InvalidValue: unknown field, no metric, or too many fields with ``split=False``.
    """
    metrics = _metric_list(fields, field)
    per_chunk = max_fields - len(ALWAYS_FIELDS)
    if len(metrics) > per_chunk and not split:
        raise InvalidValue(
            field,
            f"{len(metrics)} metrics plus {' and '.join(ALWAYS_FIELDS)} make {len(metrics) + 2} fields; "
            f"LinkedIn takes at most {max_fields} per request.",
            f"pass at most {per_chunk} metrics, or allow splitting (split_fields=True)",
        )
    return [metrics[i : i + per_chunk] + list(ALWAYS_FIELDS) for i in range(0, len(metrics), per_chunk)]


# --- countries --------------------------------------------------------------------------------------

_ISO_ALPHA2 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
    HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
    NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
#: ISO 3166-1 alpha-2, the officially assigned codes.
ISO_COUNTRIES = frozenset(_ISO_ALPHA2.split())
#: Common non-ISO codes and what to use instead.
_COUNTRY_FIXES = {"UK": "GB", "EL": "GR", "EU": "the member states' codes"}
_COUNTRY_URN = "urn:li:country:"


def check_countries(countries: Any, *, field: str = "countries") -> list[str] | None:
    """Validate ISO 3166-1 alpha-2 codes; return them lower-case, without repeats (``None`` for none).

    Accepts ``"us"``, ``"US"``, ``"us,gb"``, ``["us", "GB"]`` and ``urn:li:country:us`` URNs.

    :raises InvalidValue: for anything that is not an assigned alpha-2 code.
    """
    if countries is None:
        return None
    items = countries.split(",") if isinstance(countries, str) else countries
    if not isinstance(items, (list, tuple, set, frozenset)):
        raise InvalidValue(field, f"expected country codes such as ['us', 'gb'], got {shown(countries)}.")
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidValue(
                field, f"{shown(item)} is not a country code.", "use ISO 3166-1 alpha-2, e.g. 'us'"
            )
        text = item.strip()
        if text.lower().startswith(_COUNTRY_URN):
            text = text[len(_COUNTRY_URN) :]
        upper = text.upper()
        if upper not in ISO_COUNTRIES:
            fix = _COUNTRY_FIXES.get(upper)
            raise InvalidValue(
                field,
                f"{shown(item)} is not an ISO 3166-1 alpha-2 country code.",
                f"use {fix}" if fix else "use two-letter codes such as 'us', 'gb', 'de'",
            )
        if upper.lower() not in codes:
            codes.append(upper.lower())
    return codes or None


def encode_countries(codes: Sequence[str]) -> dict[str, list[str]]:
    """The ``countries`` query value of the Ad Library and Job Library: ``{"value": [country URNs]}``.

    Encoded by the hook as ``(value:List(urn%3Ali%3Acountry%3Aus,...))``. This is the form the Job
    Library is seen to accept; for the Ad Library the accepted form is UNCONFIRMED (an audit found
    ``List(us)``, ``List(US)`` and ``List(urn:li:country:us)`` all refused, and did not try this one).
    It is the one place to change if LinkedIn wants another shape.
    """
    return {"value": [f"{_COUNTRY_URN}{code.lower()}" for code in codes]}


# --- keywords ---------------------------------------------------------------------------------------


def keyword_text(value: Any, *, field: str = "keyword") -> str | None:
    """A search keyword: a string, or a list of words (LinkedIn ANDs space-separated words).

    :raises InvalidValue: for anything but a string or a list of strings.
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        value = " ".join(v.strip() for v in value if v.strip())
    if not isinstance(value, str):
        raise InvalidValue(field, f"expected text or a list of words, got {type(value).__name__}.")
    text = " ".join(value.split())
    check_unicode(text, field)
    return text or None


# --- date ranges ------------------------------------------------------------------------------------


class DateRange(NamedTuple):
    """Whole days, both ends included (``end=None``: open-ended, where the API allows it)."""

    start: date
    end: date | None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc) if moment.tzinfo is not None else moment


def _parse_text(text: str, field: str) -> date | datetime:
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(
            field, f"{shown(text)} is not a date.", "use YYYY-MM-DD, a date, or a datetime"
        ) from None


def _out_of_range(field: str, value: Any) -> InvalidValue:
    return InvalidValue(
        field,
        f"{shown(value)} is at the edge of the calendar (year 1 or 9999).",
        "use a date LinkedIn has data for",
    )


def _to_day(value: Any, *, field: str, end: bool) -> date:
    """A day from a date, a datetime (an instant; an end instant at midnight excludes that day) or text."""
    try:
        return _day(value, field=field, end=end)
    except OverflowError:  # year 1 or 9999 shifted to UTC, or the day before 0001-01-01
        raise _out_of_range(field, value) from None


def _day(value: Any, *, field: str, end: bool) -> date:
    if isinstance(value, str):
        value = _parse_text(value, field)
    if isinstance(value, datetime):
        moment = _utc(value)
        day = moment.date()
        if end and moment.time() == time(0):
            day -= timedelta(days=1)
        return day
    if isinstance(value, date):
        return value
    raise InvalidValue(field, f"expected a date, a datetime or YYYY-MM-DD, got {type(value).__name__}.")


def coerce_date_range(value: Any, *, field: str = "date_range", require_end: bool = True) -> DateRange | None:
    """A :class:`DateRange` from ``(start, end)``, ``{"start": .., "end": ..}`` or a :class:`DateRange`.

    Each bound is a date or ``YYYY-MM-DD`` (a whole day, included) or a datetime (an instant; the
    range ends before an ``end`` instant, so a data interval maps to the days it covers).

    :param require_end: ``False`` allows ``end=None`` (open-ended).
    :raises InvalidValue: malformed bounds, a missing end, or an end before the start.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"start", "end"})
        if unknown or "start" not in value:
            raise InvalidValue(field, f"expected keys 'start' and 'end', got {sorted(value)}.")
        start, end = value.get("start"), value.get("end")
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        start, end = value
    else:
        raise InvalidValue(field, f"expected (start, end) or {{'start': .., 'end': ..}}, got {shown(value)}.")
    if start is None:
        raise InvalidValue(f"{field}.start", "is missing.")
    first = _to_day(start, field=f"{field}.start", end=False)
    if end is None:
        if require_end:
            raise InvalidValue(f"{field}.end", "is missing.")
        return DateRange(first, None)
    last = _to_day(end, field=f"{field}.end", end=True)
    if last < first:
        raise InvalidValue(
            field,
            f"the end ({end}) is before the start ({start}).",
            "give the earlier date first; dates include their day, datetimes end before their instant",
        )
    return DateRange(first, last)


def interval_date_range(start: datetime, end: datetime) -> DateRange:
    """The days of an Airflow data interval ``[start, end)``.

    An empty interval (``start == end``: Airflow 3's default ``CronTriggerTimetable``, or a manual run)
    means the calendar day before ``start``, so a daily DAG still exports each finished day once.

    :raises InvalidValue: when ``end`` is before ``start``.
    """
    try:
        if _utc(end) == _utc(start):
            day = _utc(start).date() - timedelta(days=1)
            return DateRange(day, day)
    except OverflowError:
        raise _out_of_range("data_interval", start) from None
    result = coerce_date_range((start, end), field="data_interval")
    assert result is not None
    return result


#: Days per ``adAnalytics`` request of a long DAILY range (Airbyte's slice, too). LinkedIn documents no
#: longest ``dateRange`` but answers at most :data:`MAX_ANALYTICS_ELEMENTS` rows and throttles on
#: metric values per 5 minutes, so a long range goes as several shorter ones.
ANALYTICS_WINDOW_DAYS = 30
#: ``adAnalytics`` answers at most this many elements (no paging): a response this long may be cut.
MAX_ANALYTICS_ELEMENTS = 15_000


def check_days(value: Any, field: str, *, minimum: int = 0) -> int:
    """``value`` as a number of days, at least ``minimum``.

    :raises InvalidValue: not an int, or less than ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidValue(field, f"{shown(value)} is not a number of days.", f"use an int >= {minimum}")
    return value


def lookback_range(days: DateRange, lookback_days: Any, *, field: str = "lookback_days") -> DateRange:
    """``days`` with its start moved back by ``lookback_days`` (the days LinkedIn may have revised).

    An open-ended range stays open-ended.

    :raises InvalidValue: ``lookback_days`` not an int >= 0, or one that moves the start before year 1.
    """
    if not check_days(lookback_days, field):
        return days
    try:
        return DateRange(days.start - timedelta(days=lookback_days), days.end)
    except OverflowError:
        raise _out_of_range(field, lookback_days) from None


def day_windows(days: DateRange, window_days: Any, *, field: str = "window_days") -> list[DateRange]:
    """``days`` cut into consecutive windows of at most ``window_days`` days, in order.

    :raises InvalidValue: ``window_days`` not an int >= 1, or an open-ended range.
    """
    check_days(window_days, field, minimum=1)
    if days.end is None:
        raise InvalidValue("date_range.end", "is missing.", "windows need an end date")
    windows: list[DateRange] = []
    start = days.start
    while start <= days.end:
        end = min(days.end, start + timedelta(days=window_days - 1))
        windows.append(DateRange(start, end))
        start = end + timedelta(days=1)
    return windows


def row_day(row: Mapping[str, Any]) -> date | None:
    """The first day of an ``adAnalytics`` row (its ``dateRange.start``), ``None`` if it has none."""
    span = row.get("dateRange")
    start = span.get("start") if isinstance(span, Mapping) else None
    if not isinstance(start, Mapping):
        return None
    try:
        return date(int(start["year"]), int(start["month"]), int(start["day"]))
    except (TypeError, KeyError, ValueError):
        return None


def ended_before(campaign: Mapping[str, Any], day: date) -> bool:
    """Whether a campaign's ``runSchedule.end`` (epoch ms) lies before ``day`` (UTC midnight).

    A campaign with no end (most always-on ones) has not ended.
    """
    schedule = campaign.get("runSchedule")
    end = schedule.get("end") if isinstance(schedule, Mapping) else None
    if isinstance(end, bool) or not isinstance(end, (int, float)):
        return False
    midnight = datetime.combine(day, time(0), tzinfo=timezone.utc)
    return end < _ms(midnight)


def restli_date_range(days: DateRange) -> dict[str, date]:
    """``{"start": date, "end": date}``: the hook encodes it as ``(start:(year:..),end:(year:..))``."""
    record = {"start": days.start}
    if days.end is not None:
        record["end"] = days.end
    return record


# --- share statistics window ------------------------------------------------------------------------

#: Share statistics: a window must start at least this long before the request...
SHARE_MIN_AGE = timedelta(days=2)
#: ...and at most this long before it ("within the last 12 months").
SHARE_MAX_AGE = timedelta(days=365)


def _instant(value: Any, *, field: str, end: bool) -> datetime:
    """A UTC instant: a date is its midnight (an end date: the midnight after it, as days are included)."""
    try:
        return _moment(value, field=field, end=end)
    except OverflowError:
        raise _out_of_range(field, value) from None


def _moment(value: Any, *, field: str, end: bool) -> datetime:
    if isinstance(value, str):
        value = _parse_text(value, field)
    if isinstance(value, datetime):
        moment = _utc(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        return datetime.combine(day, time(0), tzinfo=timezone.utc)
    raise InvalidValue(field, f"expected a date, a datetime or YYYY-MM-DD, got {type(value).__name__}.")


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def share_time_intervals(
    start: Any, end: Any, granularity: Any = ShareGranularity.DAY, *, now: datetime
) -> dict[str, Any]:
    """The ``timeIntervals`` record of ``organizationalEntityShareStatistics``.

    ``(timeRange:(start:ms,end:ms),timeGranularityType:DAY)``. A date bound is a whole day (an end
    date included), a datetime an instant. LinkedIn's rule, checked here before any request: the
    window starts at least 2 days and at most 12 months before ``now``.

    :param end: ``None`` for "until now".
    :raises InvalidValue: bad bounds or granularity, an end before the start, or a start outside the rule.
    """
    kind = parse_enum(ShareGranularity, granularity, field="granularity")
    first = _instant(start, field="start", end=False)
    last = _utc(now) if end is None else _instant(end, field="end", end=True)
    if last <= first:
        raise InvalidValue("end", f"the end ({end}) is not after the start ({start}).")
    newest, oldest = _utc(now) - SHARE_MIN_AGE, _utc(now) - SHARE_MAX_AGE
    if first > newest:
        raise InvalidValue(
            "start",
            f"{first:%Y-%m-%d %H:%M} UTC is less than 2 days ago; LinkedIn serves share statistics only "
            "for windows that start at least 2 days back.",
            f"start on or before {newest:%Y-%m-%d %H:%M} UTC (operators: lag_days shifts the data interval)",
        )
    if first < oldest:
        raise InvalidValue(
            "start",
            f"{first:%Y-%m-%d} is more than 12 months ago; LinkedIn keeps share statistics for 12 months.",
            f"start on or after {oldest:%Y-%m-%d}",
        )
    return {"timeRange": {"start": _ms(first), "end": _ms(last)}, "timeGranularityType": kind}


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, in order."""
    return list(dict.fromkeys(items))
