"""Data to export: Ad Library, Job Library, organizations, share statistics and ad analytics.

Every method validates its input before the first request (:class:`LinkedInInputError`, nothing
sent) and builds plain Python query values; the core encodes them (Rest.li 2.0), pages, retries and
tunnels long queries. The ``iter_*`` methods are lazy: a page is fetched when the previous one has
been consumed, so an export streams with memory flat in the number of rows.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.hooks._core import LinkedInHookCore
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin import data
from maton_linkedin_provider.linkedin.urns import coerce_urn, urn_id

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

_T = TypeVar("_T")

ACL_PAGE_SIZE = 100
#: ``adAnalytics`` facets: argument name -> (query parameter, URN entity type).
_ANALYTICS_FACETS = {
    "accounts": ("accounts", "sponsoredAccount"),
    "campaign_groups": ("campaignGroups", "sponsoredCampaignGroup"),
    "campaigns": ("campaigns", "sponsoredCampaign"),
    "creatives": ("creatives", "sponsoredCreative"),
}


def _checked(convert: Callable[[], _T]) -> _T:
    with input_errors():
        return convert()


def _max_results(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LinkedInInputError("max_results", f"{value!r} is not a row count.", "use an int >= 0 or None")
    return value


def _urns(value: Any, entity_type: str, field: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, (str, int)) else value
    if not isinstance(items, (list, tuple, set)) or not items:
        raise LinkedInInputError(field, f"expected {entity_type} URNs or ids, got {value!r}.")
    with input_errors():
        return data.unique(
            str(coerce_urn(item, entity_type, field=f"{field}[{i}]")) for i, item in enumerate(items)
        )


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LinkedInInputError(field, f"expected text, got {type(value).__name__}.")
    return value.strip() or None


def _row_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """How the rows of split analytics requests are matched: pivot values and date range."""
    return (
        json.dumps(row.get("pivotValues"), sort_keys=True),
        json.dumps(row.get("dateRange"), sort_keys=True),
    )


class DataMixin(LinkedInHookCore):
    """Hook methods that read data for exports (libraries, organizations, statistics, analytics)."""

    # --- libraries ------------------------------------------------------------------------------

    def _library_params(
        self, keyword: Any, name_field: str, name: Any, countries: Any, date_range: Any
    ) -> dict[str, Any]:
        with input_errors():
            codes = data.check_countries(countries)
            days = data.coerce_date_range(date_range)
            params: dict[str, Any] = {
                "q": "criteria",
                "keyword": data.keyword_text(keyword),
                name_field: _text(name, name_field),
                "countries": data.encode_countries(codes) if codes else None,
                "dateRange": data.restli_date_range(days) if days else None,
            }
        return {k: v for k, v in params.items() if v is not None}

    def iter_ad_library(
        self,
        keyword: str | list[str] | None = None,
        advertiser: str | None = None,
        countries: list[str] | str | None = None,
        date_range: Any = None,
        max_results: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Ads from LinkedIn's Ad Library (``GET /rest/adLibrary?q=criteria``), all pages of 25.

        :param keyword: words the ads contain (a list, or space-separated words, is ANDed).
        :param advertiser: advertiser name (LinkedIn matches it loosely).
        :param countries: ISO 3166-1 alpha-2 codes (``["us", "gb"]``).
        :param date_range: ``(start, end)`` dates (both included) or datetimes (end excluded),
            or ``{"start": .., "end": ..}``.
        :param max_results: stop after this many ads (no further page is fetched).
        :return: a lazy iterator of ad elements (``adUrl``, ``details``, ``isRestricted``).
        :raises LinkedInInputError: before any request, for bad arguments.
        """
        limit = _max_results(max_results)
        params = self._library_params(keyword, "advertiser", advertiser, countries, date_range)
        return self.paginate("/adLibrary", params, page_size=data.AD_LIBRARY_PAGE_SIZE, max_items=limit)

    def iter_job_library(
        self,
        keyword: str | list[str] | None = None,
        organization: str | None = None,
        countries: list[str] | str | None = None,
        date_range: Any = None,
        max_results: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Job postings from LinkedIn's Job Library (``GET /rest/jobLibrary?q=criteria``), pages of 24.

        :param keyword: words the postings contain (ANDed).
        :param organization: the hiring company's name.
        :param countries: ISO 3166-1 alpha-2 codes.
        :param date_range: as for :meth:`iter_ad_library`.
        :param max_results: stop after this many postings.
        :return: a lazy iterator of job elements (``jobPostingUrl``, ``jobDetails``, ``statistics``).
        :raises LinkedInInputError: before any request, for bad arguments.
        """
        limit = _max_results(max_results)
        params = self._library_params(keyword, "organization", organization, countries, date_range)
        return self.paginate("/jobLibrary", params, page_size=data.JOB_LIBRARY_PAGE_SIZE, max_items=limit)

    # --- organizations --------------------------------------------------------------------------

    def get_organization_acls(
        self, role: str | None = None, state: str | None = None
    ) -> list[dict[str, Any]]:
        """The member's roles on organizations (``GET /rest/organizationAcls?q=roleAssignee``).

        Each element has both ``organization`` and ``organizationTarget`` (LinkedIn's newer versions
        send only the latter).

        :param role: only this role (``ADMINISTRATOR``...).
        :param state: only this state (``APPROVED``...).
        """
        params = {"q": "roleAssignee", "role": role, "state": state}
        acls = []
        for acl in self.paginate("/organizationAcls", params, page_size=ACL_PAGE_SIZE):
            org = acl.get("organizationTarget") or acl.get("organization")
            if org:
                acl.setdefault("organization", org)
                acl.setdefault("organizationTarget", org)
            acls.append(acl)
        return acls

    def get_organization(self, id: str | int) -> dict[str, Any]:
        """One organization (``GET /rest/organizations/{id}``).

        :param id: the numeric id or ``urn:li:organization:{id}``.
        """
        org_id = _checked(lambda: urn_id(id, "organization", field="id"))
        organization: dict[str, Any] = self.call("GET", f"/organizations/{org_id}").json() or {}
        return organization

    def get_organization_by_vanity_name(self, name: str) -> dict[str, Any] | None:
        """The organization whose page is ``linkedin.com/company/{name}``, or ``None``.

        ``GET /rest/organizations?q=vanityName&vanityName={name}``.
        """
        vanity = _text(name, "name")
        if vanity is None:
            raise LinkedInInputError("name", "is empty.", "pass the page's vanity name, e.g. 'microsoft'")
        body = self.call("GET", "/organizations", params={"q": "vanityName", "vanityName": vanity}).json()
        elements = (body or {}).get("elements") or []
        return elements[0] if elements else None

    def get_share_statistics(
        self,
        org_urn: str | int,
        start: Any = None,
        end: Any = None,
        granularity: str | None = None,
        *,
        now: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Share statistics of an organization (``GET /rest/organizationalEntityShareStatistics``).

        Without ``start``: lifetime totals (one element). With ``start``: one element per day or
        month (``timeRange``, ``totalShareStatistics``). LinkedIn's rule, checked before the request:
        the window starts at least 2 days and at most 12 months ago.

        :param org_urn: ``urn:li:organization:{id}`` or the id.
        :param start: a date (its whole day) or a datetime (an instant).
        :param end: a date (included) or a datetime (excluded); ``None``: until now.
        :param granularity: ``DAY`` (default with a window) or ``MONTH``.
        :param now: the time the window is judged against (default: the current time).
        """
        org = _checked(lambda: str(coerce_urn(org_urn, "organization", field="org_urn")))
        params: dict[str, Any] = {"q": "organizationalEntity", "organizationalEntity": org}
        if start is None:
            if end is not None or granularity is not None:
                raise LinkedInInputError(
                    "start", "is needed with end or granularity.", "give start, or none for lifetime totals"
                )
        else:
            moment = now or datetime.now(timezone.utc)
            params["timeIntervals"] = _checked(
                lambda: data.share_time_intervals(start, end, granularity or "DAY", now=moment)
            )
        body = self.call("GET", "/organizationalEntityShareStatistics", params=params).json() or {}
        return list(body.get("elements") or [])

    # --- ad analytics ---------------------------------------------------------------------------

    def iter_ad_analytics(
        self,
        accounts: Any = None,
        campaigns: Any = None,
        pivot: str | list[str] = "CAMPAIGN",
        time_granularity: str = "DAILY",
        date_range: Any = None,
        fields: Any = data.DEFAULT_ANALYTICS_FIELDS,
        *,
        campaign_groups: Any = None,
        creatives: Any = None,
        split_fields: bool = True,
        window_days: int = data.ANALYTICS_WINDOW_DAYS,
    ) -> Iterator[dict[str, Any]]:
        """Ad performance rows (``GET /rest/adAnalytics``), one per pivot value and time bucket.

        One pivot uses ``q=analytics``; a list of two or three uses ``q=statistics``. LinkedIn takes
        at most 20 fields a request: more are split into requests of 18 metrics plus ``dateRange``
        and ``pivotValues``, and the rows are joined on those two. adAnalytics does not page; long
        campaign lists are sent by query tunneling. A DAILY range longer than ``window_days`` goes
        as consecutive windows. The arguments are those of :meth:`iter_ad_analytics_windows`:
        ``accounts``, ``campaigns``, ``pivot``, ``time_granularity``, ``date_range``, ``fields``,
        ``campaign_groups``, ``creatives``, ``split_fields``, ``window_days``.

        :return: a lazy iterator of rows with ``dateRange``, ``pivotValues`` and the metrics.
        :raises LinkedInInputError: before any request, for bad arguments.
        """
        windows = self.iter_ad_analytics_windows(
            accounts,
            campaigns,
            pivot,
            time_granularity,
            date_range,
            fields,
            campaign_groups=campaign_groups,
            creatives=creatives,
            split_fields=split_fields,
            window_days=window_days,
        )
        return (row for _, rows in windows for row in rows)

    def iter_ad_analytics_windows(
        self,
        accounts: Any = None,
        campaigns: Any = None,
        pivot: str | list[str] = "CAMPAIGN",
        time_granularity: str = "DAILY",
        date_range: Any = None,
        fields: Any = data.DEFAULT_ANALYTICS_FIELDS,
        *,
        campaign_groups: Any = None,
        creatives: Any = None,
        split_fields: bool = True,
        window_days: int = data.ANALYTICS_WINDOW_DAYS,
    ) -> Iterator[tuple[data.DateRange, list[dict[str, Any]]]]:
        """``(window, rows)`` for each window of the range, in order: what :meth:`iter_ad_analytics` yields.

        :param accounts: ad account URNs or ids (a facet; at least one facet is needed).
        :param campaigns: campaign URNs or ids.
        :param pivot: ``CAMPAIGN``, ``ACCOUNT``, ``CREATIVE``... or a list of up to 3.
        :param time_granularity: ``DAILY``, ``MONTHLY``, ``YEARLY`` or ``ALL``.
        :param date_range: ``(start, end)`` (required); dates included, datetimes end-excluded.
        :param fields: metric names (``impressions``, ``clicks``, ``costInLocalCurrency``...).
        :param campaign_groups: campaign group URNs or ids.
        :param creatives: creative URNs or ids.
        :param split_fields: ``False`` refuses more than 20 fields instead of splitting.
        :param window_days: days per request of a DAILY range (default 30).
        :raises LinkedInInputError: before any request, for bad arguments.

        A DAILY range is cut into windows of ``window_days`` days (other granularities go whole, so
        no month or year is cut in two). LinkedIn answers at most 15,000 rows and does not page, so
        an answer that long may be cut: the window is then halved and asked again, down to one day
        (one day at the cap is an error naming the fix). Memory holds one window's rows at a time.
        """
        given = {"accounts": accounts, "campaign_groups": campaign_groups, "campaigns": campaigns}
        given["creatives"] = creatives
        facets = {
            param: urns
            for name, (param, entity) in _ANALYTICS_FACETS.items()
            if (urns := _urns(given[name], entity, name)) is not None
        }
        with input_errors():
            pivots = data.parse_pivots(pivot)
            granularity = data.parse_enum(data.TimeGranularity, time_granularity, field="time_granularity")
            chunks = data.analytics_field_chunks(fields, split=split_fields)
            days = data.coerce_date_range(date_range, require_end=False)
            if days is not None and days.end is not None and granularity is data.TimeGranularity.DAILY:
                windows = data.day_windows(days, window_days)
            else:
                data.check_days(window_days, "window_days", minimum=1)
                windows = [days] if days is not None else []
        if days is None:
            raise LinkedInInputError("date_range", "is required by adAnalytics.", "pass (start, end)")
        if not facets:
            raise LinkedInInputError(
                "accounts",
                "adAnalytics needs a facet.",
                "pass accounts, campaigns, campaign_groups or creatives",
            )
        finder: dict[str, Any] = (
            {"q": "analytics", "pivot": pivots[0]}
            if len(pivots) == 1
            else {"q": "statistics", "pivots": pivots}
        )
        base = {**finder, "timeGranularity": granularity, "dateRange": None, **facets}  # each window's
        return self._analytics_windows(base, chunks, windows, granularity is data.TimeGranularity.DAILY)

    def _analytics_windows(
        self,
        base: Mapping[str, Any],
        chunks: list[list[str]],
        windows: list[data.DateRange],
        daily: bool,
    ) -> Iterator[tuple[data.DateRange, list[dict[str, Any]]]]:
        pending = list(reversed(windows))
        while pending:
            window = pending.pop()
            rows, full = self._window_rows({**base, "dateRange": data.restli_date_range(window)}, chunks)
            if not full:
                yield window, rows
                continue
            if not daily or window.end is None or window.end == window.start:
                raise LinkedInInputError(
                    "date_range",
                    f"adAnalytics answered {data.MAX_ANALYTICS_ELEMENTS:,} rows (its maximum, rows may be "
                    f"missing) for {window.start}..{window.end}.",
                    "narrow the facets (fewer campaigns), use fewer pivots or DAILY granularity",
                )
            middle = window.start + (window.end - window.start) // 2
            self.log.info(
                "adAnalytics: %s..%s reached %d rows; asking for it in two halves",
                window.start,
                window.end,
                data.MAX_ANALYTICS_ELEMENTS,
            )
            pending.append(data.DateRange(middle + timedelta(days=1), window.end))
            pending.append(data.DateRange(window.start, middle))

    def _analytics_request(self, base: Mapping[str, Any], fields: list[str]) -> list[dict[str, Any]]:
        body = self.call("GET", "/adAnalytics", params={**base, "fields": fields}).json() or {}
        return list(body.get("elements") or [])

    def _window_rows(
        self, base: Mapping[str, Any], chunks: list[list[str]]
    ) -> tuple[list[dict[str, Any]], bool]:
        """A window's rows (field chunks joined on pivotValues and dateRange); whether an answer was full."""
        if len(chunks) == 1:
            elements = self._analytics_request(base, chunks[0])
            return elements, len(elements) >= data.MAX_ANALYTICS_ELEMENTS
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        full = False
        for fields in chunks:
            elements = self._analytics_request(base, fields)
            full = full or len(elements) >= data.MAX_ANALYTICS_ELEMENTS
            for element in elements:
                rows.setdefault(_row_key(element), {}).update(element)
        self.log.info(
            "adAnalytics: %d requests of at most 20 fields joined into %d rows", len(chunks), len(rows)
        )
        return list(rows.values()), full
