"""LinkedIn's Ad Library (``/rest/adLibrary``) and Job Library (``/rest/jobLibrary``), ``q=criteria``.

Rows are generated, deterministic, and made on demand from their index (a page of 25 builds 25
dicts, whatever the library's size), so a library of a million rows costs nothing until it is read.

- Size: ``state.ad_library_size`` (600) and ``state.job_library_size`` (300) rows. A keyword word
  ``rows:N`` searches a library of exactly N rows instead (N up to 1,000,000): ``keyword=rows:137``
  yields 137 ads, ``keyword="rows:100000"`` 100,000, for paging tests and benchmarks.
- Filters, as at LinkedIn: ``keyword`` (words ANDed; an ad's words are its topics and advertiser
  name, which the API does not return), ``advertiser`` / ``organization`` (case-insensitive
  substring of the name), ``countries=(value:List(urn%3Ali%3Acountry%3Aus,...))`` (any of them), and
  ``dateRange=(start:(year:..,month:..,day:..),end:(...))`` (rows active on any day of the range).
  Dates are relative to the sandbox's ``today``, so a recent range always finds rows.
- Refused with 400 as LinkedIn does: ``count`` over 25 (ads) / 24 (jobs), unknown parameters
  (``QUERY_PARAM_NOT_ALLOWED``, e.g. ``advertiserUrn``, ``adType``), ``countries`` as a bare list
  (``FIELD_INVALID: array type is not backed by a DataList``, as a public audit recorded), a
  malformed ``dateRange``. Dot notation (``dateRange.start.day``) is refused by the gateway layer.

Element shapes follow the audit of the live Ad Library (``details.advertiser``, ``details.type``,
``details.adTargeting``, ``details.adStatistics`` for ads with EU/EEA impressions).
"""

from __future__ import annotations

import functools
import hashlib
import re
from array import array
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple, cast, overload

from maton_linkedin_provider.sandbox.resources.paging import offset_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

AD_MAX_COUNT = 25
JOB_MAX_COUNT = 24
DEFAULT_AD_LIBRARY_SIZE = 600
DEFAULT_JOB_LIBRARY_SIZE = 300
MAX_ROWS = 1_000_000
#: How far back generated rows start (days before ``today``).
HISTORY_DAYS = 720
_SIZE_WORD = re.compile(r"rows:(\d+)")
_COUNTRY_URN = re.compile(r"urn:li:country:([A-Za-z]{2})")

ADVERTISERS = [
    ("Sandbox Labs", "sandbox-labs"),
    ("Acme Corp", "acme"),
    ("Northwind Traders", "northwind"),
    ("Contoso Data", "contoso-data"),
    ("Fabrikam Media", "fabrikam"),
    ("Globex Analytics", "globex"),
    ("Initech Cloud", "initech"),
    ("Umbrella Health", "umbrella-health"),
    ("Stark Energy", "stark-energy"),
    ("Wayne Logistics", "wayne-logistics"),
    ("Tyrell Robotics", "tyrell"),
    ("Cyberdyne Security", "cyberdyne"),
    ("Hooli", "hooli"),
    ("Pied Piper", "pied-piper"),
    ("Vandelay Industries", "vandelay"),
    ("Soylent Foods", "soylent"),
    ("Wonka Retail", "wonka"),
    ("Oceanic Airlines", "oceanic"),
    ("Massive Dynamic", "massive-dynamic"),
    ("Aperture Science", "aperture"),
]
AD_TYPES = [
    "SPONSORED_STATUS_UPDATE",
    "SPONSORED_VIDEO",
    "SPONSORED_UPDATE_NATIVE_DOCUMENT",
    "SPONSORED_UPDATE_CAROUSEL",
    "SPONSORED_MESSAGE",
    "TEXT_AD",
    "SPOTLIGHT_V2",
    "FOLLOW_COMPANY_V2",
    "SPONSORED_UPDATE_EVENT",
    "SPONSORED_UPDATE_JOB_POSTING",
]
TOPICS = [
    "data", "cloud", "ai", "analytics", "security", "hiring", "marketing", "finance", "health",
    "education", "sustainability", "retail", "logistics", "design", "engineering", "sales",
    "startup", "remote", "events", "webinar",
]  # fmt: skip
#: (code, name, in the EU/EEA): the countries generated rows target.
COUNTRIES = [
    ("us", "United States", False),
    ("gb", "United Kingdom", False),
    ("de", "Germany", True),
    ("fr", "France", True),
    ("nl", "Netherlands", True),
    ("es", "Spain", True),
    ("it", "Italy", True),
    ("se", "Sweden", True),
    ("pl", "Poland", True),
    ("in", "India", False),
    ("br", "Brazil", False),
    ("ca", "Canada", False),
    ("au", "Australia", False),
    ("jp", "Japan", False),
    ("sg", "Singapore", False),
]
JOB_TITLES = [
    "Data Engineer", "Analytics Engineer", "Product Manager", "Software Engineer", "Data Scientist",
    "Marketing Manager", "Sales Representative", "Security Analyst", "Cloud Architect",
    "UX Designer", "Finance Analyst", "Logistics Coordinator", "Nurse Practitioner", "Teacher",
]  # fmt: skip
CITIES = {
    "us": "New York", "gb": "London", "de": "Berlin", "fr": "Paris", "nl": "Amsterdam",
    "es": "Madrid", "it": "Milan", "se": "Stockholm", "pl": "Warsaw", "in": "Bengaluru",
    "br": "São Paulo", "ca": "Toronto", "au": "Sydney", "jp": "Tokyo", "sg": "Singapore",
}  # fmt: skip
_COUNTRY_NAMES = {code: name for code, name, _ in COUNTRIES}
_EU = frozenset(code for code, _, eu in COUNTRIES if eu)
_IMPRESSION_BUCKETS = [(0, 1000), (1000, 5000), (5000, 10000), (10000, 50000), (50000, 100000)]


def seed(state: State) -> None:
    state.ad_library_size = DEFAULT_AD_LIBRARY_SIZE
    state.job_library_size = DEFAULT_JOB_LIBRARY_SIZE


# --- generated rows ---------------------------------------------------------------------------------


def _bits(seed: int, kind: str, index: int) -> int:
    """128 deterministic bits for row ``index`` of library ``kind``."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{index}".encode(), digest_size=16).digest()
    return int.from_bytes(digest, "big")


def _pick(bits: int, shift: int, n: int) -> int:
    return (bits >> shift) % n


class Facts(NamedTuple):
    """What a generated row is made of, and what the filters look at."""

    row: int
    bits: int
    name: int  # index into ADVERTISERS (ads) / the hiring organization (jobs)
    words: frozenset[str]
    countries: tuple[str, ...]
    first: date
    last: date


def _facts(seed: int, kind: str, index: int, today: date) -> Facts:
    bits = _bits(seed, kind, index)
    name = _pick(bits, 0, len(ADVERTISERS))
    topics = {TOPICS[_pick(bits, 8 + 6 * k, len(TOPICS))] for k in range(3)}
    n_countries = 1 + _pick(bits, 30, 3)
    countries = tuple(
        dict.fromkeys(COUNTRIES[_pick(bits, 34 + 5 * k, len(COUNTRIES))][0] for k in range(n_countries))
    )
    first = today - timedelta(days=_pick(bits, 52, HISTORY_DAYS))
    last = min(first + timedelta(days=_pick(bits, 64, 90)), today)
    words = set(topics) | set(ADVERTISERS[name][0].lower().split())
    if kind == "job":  # a posting has one place and a title
        countries = countries[:1]
        words |= set(JOB_TITLES[_pick(bits, 72, len(JOB_TITLES))].lower().split())
    return Facts(index, bits, name, frozenset(words), countries, first, last)


def _ms(day: date, hours: int = 0) -> int:
    return int(datetime.combine(day, time(hours), tzinfo=timezone.utc).timestamp() * 1000)


def ad_row(f: Facts) -> Json:
    """One Ad Library element (the live API's field names)."""
    name, slug = ADVERTISERS[f.name]
    details: Json = {
        "advertiser": {
            "advertiserName": name,
            "advertiserUrl": f"https://www.linkedin.com/company/{slug}",
            "adPayer": name,
        },
        "type": AD_TYPES[_pick(f.bits, 80, len(AD_TYPES))],
        "adTargeting": [
            {
                "facetName": "Location",
                "isIncluded": True,
                "isExcluded": False,
                "includedSegments": [_COUNTRY_NAMES[c] for c in f.countries],
                "excludedSegments": [],
            },
            {
                "facetName": "Language",
                "isIncluded": True,
                "isExcluded": False,
                "includedSegments": ["English"],
                "excludedSegments": [],
            },
        ],
    }
    eu = [c for c in f.countries if c in _EU]
    if eu:
        low, high = _IMPRESSION_BUCKETS[_pick(f.bits, 88, len(_IMPRESSION_BUCKETS))]
        shares = [1 + _pick(f.bits, 92 + 4 * k, 9) for k in range(len(eu))]
        details["adStatistics"] = {
            "firstImpressionAt": _ms(f.first, 9),
            "latestImpressionAt": _ms(f.last, 17),
            "totalImpressions": {"from": low, "to": high},
            "impressionsDistributionByCountry": [
                {
                    "country": f"urn:li:country:{c.upper()}",
                    "impressionPercentage": round(100 * s / sum(shares), 1),
                }
                for c, s in zip(eu, shares, strict=True)
            ],
        }
    restricted = _pick(f.bits, 110, 40) == 0
    return {
        "adUrl": f"https://www.linkedin.com/ad-library/detail/{600000000 + f.row}",
        "isRestricted": restricted,
        "details": details,
    }


def job_row(f: Facts) -> Json:
    """One Job Library element."""
    organization, slug = ADVERTISERS[f.name]
    country = f.countries[0]
    low = 40 + 5 * _pick(f.bits, 80, 20)
    title = JOB_TITLES[_pick(f.bits, 72, len(JOB_TITLES))]
    return {
        "jobPostingUrl": f"https://www.linkedin.com/jobs/view/{3900000000 + f.row}",
        "jobDetails": {
            "title": title,
            "organization": organization,
            "organizationUrl": f"https://www.linkedin.com/company/{slug}",
            "location": f"{CITIES[country]}, {_COUNTRY_NAMES[country]}",
            "country": f"urn:li:country:{country}",
            "listedAt": _ms(f.first, 8),
            "description": f"{organization} is hiring a {title}: " + ", ".join(sorted(f.words)) + ".",
            "salary": {"min": low * 1000, "max": (low + 30) * 1000, "currency": "USD", "period": "YEARLY"},
            "benefits": ["Medical insurance", "Paid time off"][: 1 + _pick(f.bits, 90, 2)],
        },
        "statistics": {"impressions": 50 + _pick(f.bits, 96, 5000)},
    }


class LazyRows(Sequence[Json]):
    """A sequence of generated rows: slicing builds only the rows asked for."""

    def __init__(self, indices: Sequence[int], make: Callable[[int], Json]) -> None:
        self._indices = indices
        self._make = make

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, item: int) -> Json: ...

    @overload
    def __getitem__(self, item: slice) -> list[Json]: ...

    def __getitem__(self, item: int | slice) -> Json | list[Json]:
        if isinstance(item, slice):
            return [self._make(i) for i in self._indices[item]]
        return self._make(self._indices[item])


# --- queries ----------------------------------------------------------------------------------------


class Query(NamedTuple):
    size: int
    words: tuple[str, ...]
    name: str | None
    countries: tuple[str, ...]
    days: tuple[date, date | None] | None


def _record_date(value: Any, where: str) -> date:
    if not isinstance(value, dict) or set(value) != {"year", "month", "day"}:
        raise ApiError(400, "FIELD_INVALID", f"{where} must be (year:YYYY,month:M,day:D)")
    try:
        return date(int(value["year"]), int(value["month"]), int(value["day"]))
    except (TypeError, ValueError) as exc:
        raise ApiError(400, "FIELD_INVALID", f"{where} is not a valid date: {exc}") from None


def parse_date_range(value: Any, name: str = "dateRange") -> tuple[date, date | None]:
    """``(start:(year,month,day),end:(...))`` as decoded -> (start, end or None). :raises ApiError: 400."""
    if not isinstance(value, dict) or "start" not in value or set(value) - {"start", "end"}:
        raise ApiError(
            400,
            "FIELD_INVALID",
            f"{name} must be (start:(year:..,month:..,day:..),end:(year:..,month:..,day:..))",
        )
    start = _record_date(value["start"], f"{name}.start")
    end = _record_date(value["end"], f"{name}.end") if "end" in value else None
    if end is not None and end < start:
        raise ApiError(400, "FIELD_INVALID", f"{name}.end is before {name}.start")
    return start, end


def parse_countries(value: Any) -> tuple[str, ...]:
    """``(value:List(urn:li:country:us,...))`` -> ``("us", ...)``. :raises ApiError: 400 otherwise."""
    if not isinstance(value, dict) or set(value) != {"value"} or not isinstance(value["value"], list):
        raise ApiError(
            400,
            "FIELD_INVALID",
            "countries: array type is not backed by a DataList; "
            "expected (value:List(urn%3Ali%3Acountry%3Aus,...))",
        )
    codes = []
    for urn in value["value"]:
        m = _COUNTRY_URN.fullmatch(urn) if isinstance(urn, str) else None
        if m is None:
            raise ApiError(
                400, "FIELD_INVALID", f"countries: {urn!r} is not a country URN (urn:li:country:us)"
            )
        codes.append(m.group(1).lower())
    return tuple(dict.fromkeys(codes))


def parse_query(params: Json, *, name_param: str, allowed: frozenset[str], default_size: int) -> Query:
    if params.get("q") != "criteria":
        raise ApiError(400, "INVALID_PARAM", "this finder supports q=criteria")
    for key in params:
        if key not in allowed:
            raise ApiError(400, "QUERY_PARAM_NOT_ALLOWED", f"Query parameter {key!r} is not allowed")
    texts = {}
    for key in ("keyword", name_param):
        value = params.get(key)
        if value is not None and not isinstance(value, str):
            raise ApiError(400, "FIELD_INVALID", f"{key} must be a string")
        texts[key] = (value or "").strip().lower()
    size, words = default_size, []
    for word in texts["keyword"].split():
        m = _SIZE_WORD.fullmatch(word)
        if m is None:
            words.append(word)
            continue
        size = int(m.group(1))
        if size > MAX_ROWS:
            raise ApiError(400, "INVALID_PARAM", f"the sandbox generates at most {MAX_ROWS} rows")
    countries = parse_countries(params["countries"]) if "countries" in params else ()
    days = parse_date_range(params["dateRange"]) if "dateRange" in params else None
    return Query(size, tuple(sorted(set(words))), texts[name_param] or None, countries, days)


@functools.lru_cache(maxsize=32)
def matching(kind: str, seed: int, today: date, query: Query) -> Sequence[int]:
    """Indices of the rows that match (a ``range`` when nothing filters, so no row is looked at)."""
    if not (query.words or query.name or query.countries or query.days):
        return range(query.size)
    hits = array("l")
    for index in range(query.size):
        f = _facts(seed, kind, index, today)
        if query.words and not all(w in f.words for w in query.words):
            continue
        if query.name and query.name not in ADVERTISERS[f.name][0].lower():
            continue
        if query.countries and not set(query.countries) & set(f.countries):
            continue
        if query.days is not None:
            start, end = query.days
            if f.last < start or (end is not None and f.first > end):
                continue
        hits.append(index)
    return hits


def _finder(
    kind: str, name_param: str, max_count: int, make: Callable[[Facts], Json]
) -> Callable[[Request], Response]:
    allowed = frozenset({"q", "keyword", name_param, "countries", "dateRange", "start", "count"})

    def handle(req: Request) -> Response:
        params = req.query_params()
        state = req.state
        size = state.ad_library_size if kind == "ad" else state.job_library_size
        query = parse_query(params, name_param=name_param, allowed=allowed, default_size=size)
        seed_, today = state.seed, req.sandbox.today
        indices = matching(kind, seed_, today, query)
        rows = LazyRows(indices, lambda i: make(_facts(seed_, kind, i, today)))
        # offset_page only measures and slices its items: a lazy sequence is enough.
        page = offset_page(cast("list[Json]", rows), params, default_count=10, max_count=max_count)
        return Response(200, json=page)

    return handle


def routes() -> list[Route]:
    return [
        Route("GET", "/rest/adLibrary", _finder("ad", "advertiser", AD_MAX_COUNT, ad_row)),
        Route("GET", "/rest/jobLibrary", _finder("job", "organization", JOB_MAX_COUNT, job_row)),
    ]
