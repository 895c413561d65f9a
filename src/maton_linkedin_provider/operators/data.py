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
        output_path="s3://my-bucket/linkedin/{day}/ads.jsonl.gz",
    )
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.operators.base import LinkedInBaseOperator, argument_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from airflow.sdk import Asset, Context

    from maton_linkedin_provider.linkedin.data import DateRange

__all__ = [
    "LinkedInAdAnalyticsToFileOperator",
    "LinkedInAdLibraryToFileOperator",
    "LinkedInJobLibraryToFileOperator",
    "LinkedInListAdAccountsOperator",
    "LinkedInShareStatisticsToFileOperator",
    "export_asset",
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


def export_asset(output_path: Any) -> Asset | None:
    """The Asset an export to ``output_path`` updates, when the path is known at parse time; else ``None``.

    A literal path (no Jinja) gives the Asset of that file; one with ``{day}`` or ``{account}``
    placeholders gives the Asset of the directory (or prefix) above the first placeholder, which every
    partition lies under: ``/data/la/{account}/{day}.jsonl.gz`` -> ``file:///data/la``. A local path
    becomes a ``file://`` URI. A Jinja-templated path is known only when the task runs, so there is no
    Asset: pass ``outlets=[Asset("s3://bucket/prefix")]`` yourself (see the README).
    """
    if not isinstance(output_path, str) or "{{" in output_path or "{%" in output_path:
        return None
    text = output_path.strip()
    if "{" in text:
        text = text[: text.index("{")].rpartition("/")[0]
    if not text or text.endswith("://"):
        return None
    head, sep, _ = text.partition("://")
    if not (sep and head.isidentifier()) or head.lower() in ("file", "local"):
        local = text.split("://", 1)[1] if sep else text
        text = Path(local).expanduser().absolute().as_uri()
    from airflow.sdk import Asset

    return Asset(text.rstrip("/"))


class _ToFileOperator(LinkedInBaseOperator):
    """What the export operators share: the target, the format, the date range, the writing.

    :param output_path: a local path or URL (``s3://bucket/key``, ``gs://...``, ``file://...``) or
        an ``ObjectStoragePath`` (templated), e.g. ``/data/linkedin/{day}/ads.jsonl``. ``{day}`` is
        the exported day (``YYYY-MM-DD``; the first one of a longer range). It is filled in by the
        operator, so it works in runs with no logical date, where ``{{ ds }}`` is undefined.
    :param output_format: ``jsonl`` (default) or ``csv`` (templated).
    :param compression: ``gzip``, or ``none``; unset: gzip when the path ends in ``.gz`` (templated).
        Compressed files are streamed and atomic as plain ones are.
    :param csv_columns: CSV columns as dotted paths into each row (``details.advertiser.advertiserName``);
        nested values are written as JSON, Rest.li dates as ``YYYY-MM-DD`` (templated).
    :param date_range: ``(start, end)``: dates or ``YYYY-MM-DD`` (both days included) or datetimes
        (end excluded) (templated). ``None``: the DAG run's data interval; a run with none (Airflow 3
        runs triggered without a logical date) exports the day before its ``run_after``, as a run
        with an empty data interval does, and logs that it did.
    :param use_data_interval: ``False`` with no ``date_range``: no date filter.

    Assets: with an ``output_path`` known at parse time (no Jinja), the operator's ``outlets`` are
    the Asset of :func:`export_asset`, so a DAG scheduled on it runs after each export; with a
    templated path, give ``outlets`` yourself. Lineage: ``get_openlineage_facets_on_complete``
    reports the LinkedIn dataset read (namespace ``linkedin``) and the file or object written.
    """

    template_fields: Sequence[str] = (
        "output_path",
        "output_format",
        "compression",
        "csv_columns",
        "date_range",
        "linkedin_version",
    )
    #: what the logs call the export
    what: ClassVar[str] = "export"
    #: the LinkedIn resource read, for lineage (``adLibrary``...)
    resource: ClassVar[str] = ""
    #: rows per page of the source (for the progress log)
    page_size: ClassVar[int | None] = None
    default_columns: ClassVar[Sequence[str] | None] = None

    def __init__(
        self,
        *,
        output_path: Any,
        output_format: str = "jsonl",
        compression: str | None = None,
        csv_columns: Sequence[str] | None = None,
        date_range: Any = None,
        use_data_interval: bool = True,
        **kwargs: Any,
    ) -> None:
        if kwargs.get("outlets") is None and (asset := export_asset(output_path)) is not None:
            kwargs["outlets"] = [asset]
        super().__init__(**kwargs)
        self.output_path = output_path
        self.output_format = output_format
        self.compression = compression
        self.csv_columns = csv_columns
        self.date_range = date_range
        self.use_data_interval = use_data_interval
        #: what the last run wrote (its XCom), for lineage
        self.written: dict[str, Any] | None = None

    def execute(self, context: Context) -> dict[str, Any]:
        from maton_linkedin_provider.operators import _files

        output_format = _files.check_format(self.output_format)
        compression = _files.check_compression(self.compression, self.output_path)
        days = self.days(context)
        target = _files.resolve_target(self._filled(self.output_path, days))
        rows = self.rows(days)  # validates its input: raises before any request
        self.hook.settings  # noqa: B018 - and the connection, before the target is created
        self.written = _files.export_rows(
            rows,
            target,
            output_format=output_format,
            log=self.log,
            what=self.what,
            page_size=self.page_size,
            columns=self.csv_columns or self.columns(),
            compression=compression,
        )
        return self.written

    def _filled(self, output_path: Any, days: Any) -> Any:
        """``output_path`` with ``{day}`` (the first day exported) filled in."""
        if not isinstance(output_path, str) or "{day}" not in output_path:
            return output_path
        from maton_linkedin_provider.linkedin.data import coerce_date_range

        with input_errors():
            first = coerce_date_range(days, require_end=False) if days is not None else None
        if first is None:
            raise LinkedInInputError(
                "output_path", "has {day} but the export has no date range.", "give date_range, or drop {day}"
            )
        return output_path.replace("{day}", first.start.isoformat())

    def days(self, context: Context) -> Any:
        """The ``date_range`` given, else the days of the run's data interval, else ``None``.

        A run without a data interval (no logical date) falls back to its ``run_after``.
        """
        if self.date_range is not None:
            return self.date_range
        if not self.use_data_interval:
            return None
        start, end = context.get("data_interval_start"), context.get("data_interval_end")
        if start is None or end is None:
            run_after = getattr(context.get("dag_run"), "run_after", None)
            if run_after is None:
                return None
            start = end = run_after
            self.log.info(
                "This run has no data interval (it was triggered without a logical date): "
                "exporting the last whole day before its run_after, %s",
                run_after,
            )
        from maton_linkedin_provider.linkedin.data import interval_date_range

        with input_errors():
            days = interval_date_range(start, end)
        self.log.info("Exporting the data interval's days: %s to %s", days.start, days.end)
        return days

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        raise NotImplementedError

    def columns(self) -> Sequence[str] | None:
        return self.default_columns

    # --- lineage ------------------------------------------------------------------------------

    def lineage_inputs(self) -> list[str]:
        """Names of the LinkedIn datasets read (namespace ``linkedin``), e.g. ``adAnalytics/507000001``."""
        return [self.resource]

    def lineage_outputs(self) -> list[str]:
        """The files or objects written (partitioned exports: the directory above the partitions)."""
        written = self.written or {}
        path = str(written.get("path") or self.output_path)
        if "{" in path:
            path = path[: path.index("{")].rstrip("/")
        return [path]

    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        """OpenLineage: the LinkedIn datasets read and the file(s) written.

        ``None`` without ``apache-airflow-providers-openlineage`` (it is imported only here).
        """
        try:
            from airflow.providers.common.compat.openlineage.facet import Dataset
            from airflow.providers.openlineage.extractors import OperatorLineage
        except ImportError:
            return None
        return OperatorLineage(
            inputs=[Dataset(namespace="linkedin", name=name) for name in self.lineage_inputs()],
            outputs=[
                Dataset(namespace=ns, name=name) for ns, name in map(lineage_dataset, self.lineage_outputs())
            ],
        )


def lineage_dataset(path: str) -> tuple[str, str]:
    """OpenLineage's (namespace, name) of a written path: ``s3://bucket/key`` -> ``("s3://bucket", "key")``,
    a local file -> ``("file", "/abs/path")``."""
    head, sep, rest = path.partition("://")
    if sep and head.isidentifier() and head.lower() not in ("file", "local"):
        bucket, _, key = rest.lstrip("/").partition("/")  # memory:///b/k on some fsspec versions
        return f"{head}://{bucket}", key or "/"
    return "file", rest if sep else path


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
    resource = "adLibrary"
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
    resource = "jobLibrary"
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
    """Export ad performance (``/rest/adAnalytics``) to JSON Lines or CSV files, optionally one per day.

    One row per pivot value and time bucket, with ``dateRange``, ``pivotValues`` and the metrics.
    More than 20 fields are fetched in several requests and joined (``split_fields``). CSV columns
    default to start and end date, pivot values and the metrics. A DAILY range longer than
    ``window_days`` is asked for in windows of that many days (an answer at LinkedIn's 15,000-row
    cap is asked for again in halves), so any range works.

    **Incremental, with a lookback.** LinkedIn revises recent metrics for days. ``lookback_days=N``
    exports the data interval and the N days before it, so each daily run re-exports the last N
    days with their revised numbers.

    **Day partitions.** With ``{day}`` in ``output_path`` (``/data/la/{account}/{day}.jsonl.gz``;
    DAILY granularity) each day goes to its own file, named by the row's ``dateRange.start``.
    *A re-run replaces those days' partitions and never appends*: every day of the range is written
    whole to a temporary beside its file (or object) and renamed over it, a day without rows as an
    empty file (CSV: the header only); rows already in a partition are never read or added to. So a
    day re-exported by a later run's lookback ends with exactly that run's rows. Each day is atomic;
    a run that fails midway has replaced some days, and its retry replaces them all again.
    ``{account}`` is the account id (with exactly one account, e.g. one mapped task per account).

    **Finished campaigns.** ``skip_finished_campaigns=True`` reads the accounts' campaigns once
    (before any analytics call) and asks only for those whose ``runSchedule`` has not ended before
    the first exported day; with none left no analytics call is made (the days are written empty).

    :param accounts: ad account URNs or ids (templated). Give at least one facet.
    :param campaigns: campaign URNs or ids (templated).
    :param campaign_groups: campaign group URNs or ids (templated).
    :param creatives: creative URNs or ids (templated).
    :param pivot: ``CAMPAIGN`` (default), ``ACCOUNT``, ``CREATIVE``... or a list of up to 3 (templated).
    :param time_granularity: ``DAILY`` (default), ``MONTHLY``, ``YEARLY`` or ``ALL`` (templated).
    :param fields: metrics (templated); default impressions, clicks, costs, engagements, conversions, leads.
    :param split_fields: ``False`` refuses more than 20 fields instead of splitting the request.
    :param lookback_days: days before the range that are exported again (default 0).
    :param window_days: days per request of a DAILY range (default 30).
    :param skip_finished_campaigns: leave out campaigns that ended before the range (needs ``accounts``).
    :return: ``{"path": <written path or URL>, "rows": <rows written>}`` (XCom); partitioned, also
        ``"partitions": [{"day", "path", "rows"}, ...]``.
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
    resource = "adAnalytics"

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
        lookback_days: int = 0,
        window_days: int = 30,
        skip_finished_campaigns: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        for name, value, minimum in (("lookback_days", lookback_days, 0), ("window_days", window_days, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise LinkedInInputError(
                    name, f"{value!r} is not a number of days.", f"use an int >= {minimum}"
                )
        self.accounts = accounts
        self.campaigns = campaigns
        self.campaign_groups = campaign_groups
        self.creatives = creatives
        self.pivot = pivot
        self.time_granularity = time_granularity
        self.fields = fields
        self.split_fields = split_fields
        self.lookback_days = lookback_days
        self.window_days = window_days
        self.skip_finished_campaigns = skip_finished_campaigns

    def _fields(self) -> Sequence[str]:
        from maton_linkedin_provider.linkedin.data import DEFAULT_ANALYTICS_FIELDS

        return self.fields or DEFAULT_ANALYTICS_FIELDS

    def days(self, context: Context) -> Any:
        days = super().days(context)
        if days is None or not self.lookback_days:
            return days
        from maton_linkedin_provider.linkedin.data import coerce_date_range, lookback_range

        with input_errors():
            days = lookback_range(coerce_date_range(days), self.lookback_days)  # type: ignore[arg-type]
        self.log.info("With lookback_days=%d: exporting %s to %s", self.lookback_days, days.start, days.end)
        return days

    def execute(self, context: Context) -> dict[str, Any]:
        output_path = self._with_account(self.output_path)
        if not (isinstance(output_path, str) and "{day}" in output_path):
            self.output_path = output_path
            return super().execute(context)
        from maton_linkedin_provider.linkedin.data import coerce_date_range, row_day
        from maton_linkedin_provider.operators import _files

        output_format = _files.check_format(self.output_format)
        compression = _files.check_compression(self.compression, output_path)
        if str(self.time_granularity).strip().upper() != "DAILY":
            raise LinkedInInputError(
                "output_path",
                "has {day} (a file per day), which needs time_granularity='DAILY'.",
                "drop {day}",
            )
        with input_errors():
            days = coerce_date_range(self.days(context))
        if days is None:
            raise LinkedInInputError("date_range", "is required by adAnalytics.", "pass (start, end)")
        _files.resolve_target(
            output_path.replace("{day}", days.start.isoformat())
        )  # checked before any request
        windows = self._windows(days)
        self.written = _files.export_partitions(
            (((w.start, w.end), rows) for w, rows in windows),
            lambda day: _files.resolve_target(output_path.replace("{day}", day.isoformat())),
            row_day,
            output_format=output_format,
            log=self.log,
            what=self.what,
            shown=output_path,
            columns=self.csv_columns or self.columns(),
            compression=compression,
        )
        return self.written

    def _with_account(self, output_path: Any) -> Any:
        """``output_path`` with ``{account}`` filled in: the id of the one account exported."""
        if not isinstance(output_path, str) or "{account}" not in output_path:
            return output_path
        accounts = self.accounts if isinstance(self.accounts, (list, tuple)) else [self.accounts]
        if len(accounts) != 1 or accounts[0] in (None, ""):
            raise LinkedInInputError(
                "output_path", "has {account}, which needs exactly one account.", "pass accounts=[one id]"
            )
        return output_path.replace("{account}", str(accounts[0]).rpartition(":")[2])

    def _running_campaigns(self, facets: Mapping[str, Any], days: Any) -> list[str]:
        """The campaigns of ``facets["accounts"]`` whose run schedule has not ended before ``days``."""
        from maton_linkedin_provider.linkedin.data import coerce_date_range, ended_before

        if not facets["accounts"] or facets["campaigns"] or facets["creatives"]:
            raise LinkedInInputError(
                "skip_finished_campaigns",
                "reads the campaigns of the accounts given: it needs accounts, not campaigns or creatives.",
                "pass accounts=[...] (campaign_groups may narrow them)",
            )
        with input_errors():
            first = coerce_date_range(days, require_end=False).start  # type: ignore[union-attr]
        running, ended = [], 0
        accounts = (
            facets["accounts"] if isinstance(facets["accounts"], (list, tuple)) else [facets["accounts"]]
        )
        for account in accounts:
            with argument_names(ad_account="accounts"):
                listed = self.hook.list_campaigns(account, campaign_group=facets["campaign_groups"])
            for campaign in listed:
                if ended_before(campaign, first):
                    ended += 1
                else:
                    running.append(f"urn:li:sponsoredCampaign:{campaign['id']}")
        self.log.info(
            "skip_finished_campaigns: %d campaign(s) ended before %s and are left out; %d remain",
            ended,
            first,
            len(running),
        )
        return running

    def _windows(self, days: Any) -> Iterable[Any]:
        facets: dict[str, Any] = {
            "accounts": self.accounts or None,
            "campaigns": self.campaigns or None,
            "campaign_groups": self.campaign_groups or None,
            "creatives": self.creatives or None,
        }
        query: dict[str, Any] = {
            "pivot": self.pivot,
            "time_granularity": self.time_granularity,
            "date_range": days,
            "fields": self._fields(),
            "split_fields": self.split_fields,
            "window_days": self.window_days,
        }
        # Checks every argument (raising before any request) and sends nothing until iterated.
        windows = self.hook.iter_ad_analytics_windows(**facets, **query)
        if not self.skip_finished_campaigns or days is None:
            return windows
        running = self._running_campaigns(facets, days)
        if not running:
            from maton_linkedin_provider.linkedin.data import coerce_date_range, day_windows

            return [(w, []) for w in day_windows(coerce_date_range(days), self.window_days)]  # type: ignore[arg-type]
        return self.hook.iter_ad_analytics_windows(campaigns=running, **query)

    def rows(self, days: Any) -> Iterable[Mapping[str, Any]]:
        return (row for _, rows in self._windows(days) for row in rows)

    def columns(self) -> Sequence[str] | None:
        from maton_linkedin_provider.linkedin.data import analytics_metrics
        from maton_linkedin_provider.linkedin.errors import InvalidValue

        try:
            metrics = analytics_metrics(self._fields())
        except InvalidValue:
            return None  # the hook has refused them already
        return ["dateRange.start", "dateRange.end", "pivotValues", *metrics]

    def lineage_inputs(self) -> list[str]:
        facets = {
            "accounts": "",
            "campaign_groups": "campaignGroup:",
            "campaigns": "campaign:",
            "creatives": "creative:",
        }
        names = []
        for name, prefix in facets.items():
            value = getattr(self, name)
            for item in value if isinstance(value, (list, tuple)) else [value] if value else []:
                names.append(f"adAnalytics/{prefix}{str(item).rpartition(':')[2]}")
        return names or [self.resource]


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
    resource = "organizationalEntityShareStatistics"
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

    def lineage_inputs(self) -> list[str]:
        return [f"{self.resource}/{str(self.organization).rpartition(':')[2]}"]

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


class LinkedInListAdAccountsOperator(LinkedInBaseOperator):
    """The ids of the ad accounts the member can see (``GET /rest/adAccounts?q=search``), for ``.expand()``.

    .. code-block:: python

        accounts = LinkedInListAdAccountsOperator(task_id="accounts", status="ACTIVE")
        LinkedInAdAnalyticsToFileOperator.partial(
            task_id="analytics", output_path="s3://bucket/la/{account}/{day}.jsonl.gz"
        ).expand(accounts=accounts.output)

    :param status: only accounts with this status (or one of these statuses), e.g. ``"ACTIVE"``
        (default); ``None``: every status (templated).
    :param max_accounts: return at most this many.
    :return: the account ids as strings, e.g. ``["507000001", "507000003"]`` (XCom).
    """

    template_fields: Sequence[str] = ("status", "linkedin_version")

    def __init__(
        self, *, status: str | list[str] | None = "ACTIVE", max_accounts: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if max_accounts is not None and (
            isinstance(max_accounts, bool) or not isinstance(max_accounts, int) or max_accounts < 1
        ):
            raise LinkedInInputError(
                "max_accounts", f"{max_accounts!r} is not a count.", "use an int >= 1 or None"
            )
        self.status = status
        self.max_accounts = max_accounts

    def execute(self, context: Context) -> list[str]:
        accounts = self.hook.list_ad_accounts(status=self.status or None, max_items=self.max_accounts)
        ids = [str(account["id"]) for account in accounts]
        self.log.info("%d ad account(s) with status %s: %s", len(ids), self.status or "any", ", ".join(ids))
        return ids
