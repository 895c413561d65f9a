"""Export operators: Ad Library, Job Library, ad analytics and share statistics to files.

Each writes JSON Lines (default) or CSV to a local path or an object storage URL
(``s3://``, ``gs://``... through ``ObjectStoragePath``), streamed page by page and atomically: the
file appears complete or not at all, and a retried task overwrites it. The date range defaults to
the DAG run's data interval, so a daily DAG exports each day once and a backfill fills the past.
Each returns ``{"path": ..., "rows": ...}`` to XCom.

.. code-block:: python

    LinkedInAdLibraryToFileOperator(
        task_id="ads",
        keyword="data engineering",
        countries=["us", "gb"],
        output_path="s3://my-bucket/linkedin/{{ ds }}/ads.jsonl",
    )
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.operators.base import LinkedInBaseOperator, argument_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from airflow.sdk import Context

    from maton_linkedin_provider.linkedin.data import DateRange

__all__ = [
    "LinkedInAdAnalyticsToFileOperator",
    "LinkedInAdLibraryToFileOperator",
    "LinkedInJobLibraryToFileOperator",
    "LinkedInShareStatisticsToFileOperator",
]

#: CSV columns of an Ad Library export (dotted paths into each ad).
AD_LIBRARY_COLUMNS = (
    "adUrl",
    "isRestricted",
    "details.advertiser.advertiserName",
    "details.advertiser.advertiserUrl",
    "details.advertiser.adPayer",
    "details.type",
    "details.adStatistics.firstImpressionAt",
    "details.adStatistics.latestImpressionAt",
    "details.adStatistics.totalImpressions.from",
    "details.adStatistics.totalImpressions.to",
    "details.adStatistics.impressionsDistributionByCountry",
    "details.adTargeting",
)
SHARE_STATISTICS_COLUMNS = (
    "organizationalEntity",
    "timeRange.start",
    "timeRange.end",
    *(
        f"totalShareStatistics.{name}"
        for name in (
            "impressionCount",
            "uniqueImpressionsCount",
            "clickCount",
            "likeCount",
            "commentCount",
            "shareCount",
            "commentMentionsCount",
            "shareMentionsCount",
            "engagement",
        )
    ),
)


class _ToFileOperator(LinkedInBaseOperator):
    """What the export operators share: the target, the format, the date range, the writing.

    :param output_path: a local path or URL (``s3://bucket/key``, ``gs://...``, ``file://...``) or
        an ``ObjectStoragePath`` (templated), e.g. ``/data/linkedin/{{ ds }}/ads.jsonl``.
    :param output_format: ``jsonl`` (default) or ``csv`` (templated).
    :param csv_columns: CSV columns as dotted paths into each row (``details.advertiser.advertiserName``);
        nested values are written as JSON, Rest.li dates as ``YYYY-MM-DD`` (templated).
    :param date_range: ``(start, end)``: dates or ``YYYY-MM-DD`` (both days included) or datetimes
        (end excluded) (templated). ``None``: the DAG run's data interval.
    :param use_data_interval: ``False`` with no ``date_range``: no date filter.
    """

    template_fields: Sequence[str] = (
        "output_path",
        "output_format",
        "csv_columns",
        "date_range",
        "linkedin_version",
    )
    #: what the logs call the export
    what: ClassVar[str] = "export"
    #: rows per page of the source (for the progress log)
    page_size: ClassVar[int | None] = None
    default_columns: ClassVar[Sequence[str] | None] = None

    def __init__(
        self,
        *,
        output_path: Any,
        output_format: str = "jsonl",
        csv_columns: Sequence[str] | None = None,
        date_range: Any = None,
        use_data_interval: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.output_path = output_path
        self.output_format = output_format
        self.csv_columns = csv_columns
        self.date_range = date_range
        self.use_data_interval = use_data_interval

    def execute(self, context: Context) -> dict[str, Any]:
        from maton_linkedin_provider.operators import _files

        output_format = _files.check_format(self.output_format)
        target = _files.resolve_target(self.output_path)
        rows = self.rows(self.days(context))  # validates its input: raises before any request
        self.hook.settings  # noqa: B018 - and the connection, before the target is created
        return _files.export_rows(
            rows,
            target,
            output_format=output_format,
            log=self.log,
            what=self.what,
            page_size=self.page_size,
            columns=self.csv_columns or self.columns(),
        )

    def days(self, context: Context) -> Any:
        """The ``date_range`` given, else the days of the run's data interval, else ``None``."""
        if self.date_range is not None:
            return self.date_range
        start, end = context.get("data_interval_start"), context.get("data_interval_end")
        if not self.use_data_interval or start is None or end is None:
            return None
        from maton_linkedin_provider.linkedin.data import interval_date_range

        with input_errors():
            days = interval_date_range(start, end)
        self.log.info("Exporting the data interval's days: %s to %s", days.start, days.end)
        return days

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        raise NotImplementedError

    def columns(self) -> Sequence[str] | None:
        return self.default_columns


class LinkedInAdLibraryToFileOperator(_ToFileOperator):
    """Export Ad Library search results (``/rest/adLibrary``) to a JSON Lines or CSV file.

    Pages of 25 ads (LinkedIn's maximum) are fetched and written one at a time.

    :param keyword: words the ads contain, ANDed (templated).
    :param advertiser: advertiser name (templated).
    :param countries: ISO 3166-1 alpha-2 codes, e.g. ``["us", "gb"]`` (templated).
    :param max_results: write at most this many ads.
    :return: ``{"path": <written path or URL>, "rows": <ads written>}`` (XCom).
    """

    template_fields: Sequence[str] = (*_ToFileOperator.template_fields, "keyword", "advertiser", "countries")
    what = "Ad Library export"
    page_size = 25  # linkedin.data.AD_LIBRARY_PAGE_SIZE, not imported at parse time (a test pins it)
    default_columns = AD_LIBRARY_COLUMNS

    def __init__(
        self,
        *,
        keyword: str | list[str] | None = None,
        advertiser: str | None = None,
        countries: list[str] | str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.keyword = keyword
        self.advertiser = advertiser
        self.countries = countries
        self.max_results = max_results

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        return self.hook.iter_ad_library(
            keyword=self.keyword or None,
            advertiser=self.advertiser or None,
            countries=self.countries or None,
            date_range=days,
            max_results=self.max_results,
        )


class LinkedInJobLibraryToFileOperator(_ToFileOperator):
    """Export Job Library search results (``/rest/jobLibrary``) to a JSON Lines or CSV file.

    Pages of 24 postings (LinkedIn's maximum) are fetched and written one at a time. CSV columns
    default to the first posting's fields.

    :param keyword: words the postings contain, ANDed (templated).
    :param organization: the hiring company's name (templated).
    :param countries: ISO 3166-1 alpha-2 codes (templated).
    :param max_results: write at most this many postings.
    :return: ``{"path": <written path or URL>, "rows": <postings written>}`` (XCom).
    """

    template_fields: Sequence[str] = (
        *_ToFileOperator.template_fields,
        "keyword",
        "organization",
        "countries",
    )
    what = "Job Library export"
    page_size = 24  # linkedin.data.JOB_LIBRARY_PAGE_SIZE, not imported at parse time (a test pins it)

    def __init__(
        self,
        *,
        keyword: str | list[str] | None = None,
        organization: str | None = None,
        countries: list[str] | str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.keyword = keyword
        self.organization = organization
        self.countries = countries
        self.max_results = max_results

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        return self.hook.iter_job_library(
            keyword=self.keyword or None,
            organization=self.organization or None,
            countries=self.countries or None,
            date_range=days,
            max_results=self.max_results,
        )


class LinkedInAdAnalyticsToFileOperator(_ToFileOperator):
    """Export ad performance (``/rest/adAnalytics``) to a JSON Lines or CSV file.

    One row per pivot value and time bucket, with ``dateRange``, ``pivotValues`` and the metrics.
    More than 20 fields are fetched in several requests and joined (``split_fields``). CSV columns
    default to start and end date, pivot values and the metrics.

    :param accounts: ad account URNs or ids (templated). Give at least one facet.
    :param campaigns: campaign URNs or ids (templated).
    :param campaign_groups: campaign group URNs or ids (templated).
    :param creatives: creative URNs or ids (templated).
    :param pivot: ``CAMPAIGN`` (default), ``ACCOUNT``, ``CREATIVE``... or a list of up to 3 (templated).
    :param time_granularity: ``DAILY`` (default), ``MONTHLY``, ``YEARLY`` or ``ALL`` (templated).
    :param fields: metrics (templated); default impressions, clicks, costs, engagements, conversions, leads.
    :param split_fields: ``False`` refuses more than 20 fields instead of splitting the request.
    :return: ``{"path": <written path or URL>, "rows": <rows written>}`` (XCom).
    """

    template_fields: Sequence[str] = (
        *_ToFileOperator.template_fields,
        "accounts",
        "campaigns",
        "campaign_groups",
        "creatives",
        "pivot",
        "time_granularity",
        "fields",
    )
    what = "adAnalytics export"

    def __init__(
        self,
        *,
        accounts: Any = None,
        campaigns: Any = None,
        campaign_groups: Any = None,
        creatives: Any = None,
        pivot: str | list[str] = "CAMPAIGN",
        time_granularity: str = "DAILY",
        fields: Sequence[str] | None = None,
        split_fields: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.accounts = accounts
        self.campaigns = campaigns
        self.campaign_groups = campaign_groups
        self.creatives = creatives
        self.pivot = pivot
        self.time_granularity = time_granularity
        self.fields = fields
        self.split_fields = split_fields

    def _fields(self) -> Sequence[str]:
        from maton_linkedin_provider.linkedin.data import DEFAULT_ANALYTICS_FIELDS

        return self.fields or DEFAULT_ANALYTICS_FIELDS

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        return self.hook.iter_ad_analytics(
            accounts=self.accounts or None,
            campaigns=self.campaigns or None,
            campaign_groups=self.campaign_groups or None,
            creatives=self.creatives or None,
            pivot=self.pivot,
            time_granularity=self.time_granularity,
            date_range=days,
            fields=self._fields(),
            split_fields=self.split_fields,
        )

    def columns(self) -> Sequence[str] | None:
        from maton_linkedin_provider.linkedin.data import analytics_metrics
        from maton_linkedin_provider.linkedin.errors import InvalidValue

        try:
            metrics = analytics_metrics(self._fields())
        except InvalidValue:
            return None  # the hook has refused them already
        return ["dateRange.start", "dateRange.end", "pivotValues", *metrics]


class LinkedInShareStatisticsToFileOperator(_ToFileOperator):
    """Export an organization's share statistics (``/rest/organizationalEntityShareStatistics``).

    One row per day (or month) of the window, with ``timeRange`` and ``totalShareStatistics``.
    LinkedIn serves a window only if it starts at least 2 days back (and within 12 months), so the
    data interval is shifted back by ``lag_days``: with the default 1, a daily run exports the day
    before its data interval. With ``use_data_interval=False`` and no ``date_range``: one row of
    lifetime totals.

    :param organization: ``urn:li:organization:{id}`` or the id (templated).
    :param granularity: ``DAY`` (default) or ``MONTH`` (templated).
    :param lag_days: days the data interval is shifted back (not applied to ``date_range``).
    :return: ``{"path": <written path or URL>, "rows": <rows written>}`` (XCom).
    """

    template_fields: Sequence[str] = (*_ToFileOperator.template_fields, "organization", "granularity")
    what = "share statistics export"
    default_columns = SHARE_STATISTICS_COLUMNS

    def __init__(
        self,
        *,
        organization: str | int,
        granularity: str = "DAY",
        lag_days: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(lag_days, bool) or not isinstance(lag_days, int) or lag_days < 0:
            from maton_linkedin_provider.exceptions import LinkedInInputError

            raise LinkedInInputError("lag_days", f"{lag_days!r} is not a number of days.", "use an int >= 0")
        self.organization = organization
        self.granularity = granularity
        self.lag_days = lag_days

    def days(self, context: Context) -> Any:
        days: DateRange | Any = super().days(context)
        if self.date_range is not None or days is None or not self.lag_days:
            return days
        from datetime import timedelta

        from maton_linkedin_provider.linkedin.data import DateRange

        lag = timedelta(days=self.lag_days)
        shifted = DateRange(days.start - lag, days.end - lag if days.end else None)
        self.log.info("Share statistics lag %d day(s): exporting %s to %s", self.lag_days, *shifted)
        return shifted

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        if days is None:
            start = end = granularity = None
        elif isinstance(days, dict) and "start" in days:
            start, end, granularity = days["start"], days.get("end"), self.granularity
        elif isinstance(days, (list, tuple)) and len(days) == 2:
            (start, end), granularity = days, self.granularity
        else:
            from maton_linkedin_provider.exceptions import LinkedInInputError

            raise LinkedInInputError("date_range", f"expected (start, end), got {days!r}.")
        with argument_names(org_urn="organization"):
            return self.hook.get_share_statistics(self.organization, start, end, granularity)
