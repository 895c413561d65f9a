"""Bad input, every operator: refused with an error naming the argument, before any request.

Each case builds the operator, runs ``execute`` with a minimal context (a daily data interval), and
asserts the error type, that ``err.field`` is the argument at fault and ``str(err)`` names it, and
that the sandbox received nothing at all. Files named ``PNG``, ``EMPTY``... in ``source`` are made
in ``tmp_path`` first; ``OUT`` in ``output_path`` is a file in ``tmp_path``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from maton_linkedin_provider.example_dags._samples import pdf_bytes, png_bytes
from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.linkedin.data import ANALYTICS_FIELDS
from maton_linkedin_provider.operators.ads import (
    LinkedInCreateCampaignGroupOperator,
    LinkedInCreateCampaignOperator,
    LinkedInCreateCreativeOperator,
    LinkedInDeleteCampaignGroupOperator,
    LinkedInDeleteCampaignOperator,
    LinkedInDeleteCreativeOperator,
    LinkedInUpdateAdAccountOperator,
    LinkedInUpdateCampaignGroupOperator,
    LinkedInUpdateCampaignOperator,
    LinkedInUpdateCreativeOperator,
)
from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInJobLibraryToFileOperator,
    LinkedInListAdAccountsOperator,
    LinkedInShareStatisticsToFileOperator,
)
from maton_linkedin_provider.operators.generic import LinkedInApiOperator
from maton_linkedin_provider.operators.media import (
    LinkedInUploadDocumentOperator,
    LinkedInUploadImageOperator,
    LinkedInUploadVideoOperator,
)
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator, LinkedInDeletePostOperator
from maton_linkedin_provider.sensors.media import LinkedInMediaProcessingSensor, LinkedInVideoProcessingSensor

if TYPE_CHECKING:
    from pathlib import Path

    from maton_linkedin_provider.sandbox import Sandbox

ACCOUNT = 507000001
GROUP = 600000001
CAMPAIGN = 610000001
IMAGE = "urn:li:image:C4E10AQfake01"
SCHEDULE = {"start": "2026-06-01"}
#: Connections defined for every case, besides ``maton_linkedin_default``.
NO_KEY, BAD_HOST, BAD_TIMEOUT = "li_no_key", "li_bad_host", "li_bad_timeout"
#: A daily run's data interval (what the export operators read from the context).
START = datetime(2026, 1, 5, tzinfo=timezone.utc)
CONTEXT = {"data_interval_start": START, "data_interval_end": START + timedelta(days=1)}
#: Sources written to ``tmp_path`` when a case names them.
FILES = {"PNG": png_bytes(), "PDF": pdf_bytes(), "EMPTY": b"", "TEXT": b"just some text\n"}
#: 21 adAnalytics metrics: with dateRange and pivotValues, over LinkedIn's 20 fields a request.
TOO_MANY_FIELDS = sorted(ANALYTICS_FIELDS - {"dateRange", "pivotValues"})[:21]


def _case(operator: type, kwargs: dict[str, Any], field: str | None, id: str) -> Any:
    return pytest.param(operator, kwargs, field, id=id)


POSTS = [
    _case(LinkedInCreatePostOperator, {"commentary": "x" * 3001}, "commentary", "post-commentary-too-long"),
    _case(LinkedInCreatePostOperator, {"commentary": "(" * 1501}, "commentary", "post-escapes-too-long"),
    _case(LinkedInCreatePostOperator, {"commentary": ""}, "commentary", "post-commentary-empty"),
    _case(LinkedInCreatePostOperator, {"commentary": "   "}, "commentary", "post-commentary-blank"),
    _case(LinkedInCreatePostOperator, {"commentary": 42}, "commentary", "post-commentary-not-text"),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "visibility": "EVERYONE"},
        "visibility",
        "post-visibility",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "feed_distribution": "SOMEWHERE"},
        "feed_distribution",
        "post-feed-distribution",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "author": "urn:li:company:1"},
        "author",
        "post-author",
    ),
    _case(LinkedInCreatePostOperator, {"commentary": "hi", "author": "me"}, "author", "post-author-not-urn"),
    _case(LinkedInCreatePostOperator, {"commentary": "hi", "images": [IMAGE]}, "images", "post-1-image"),
    _case(
        LinkedInCreatePostOperator, {"commentary": "hi", "images": [IMAGE] * 21}, "images", "post-21-images"
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "images": [IMAGE, "urn:li:video:C5505AQx"]},
        "images[1]",
        "post-image-not-image",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "images": [IMAGE, IMAGE], "alt_text": ["one"]},
        "alt_text",
        "post-alt-text-count",
    ),
    _case(
        LinkedInCreatePostOperator, {"commentary": "hi", "media": "urn:li:share:1"}, "media", "post-media-urn"
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "media": IMAGE, "article": "https://example.com"},
        "media",
        "post-two-kinds-of-content",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "article": "example.com"},
        "article.source",
        "post-article",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "poll": {"question": "Which?", "options": ["only one"]}},
        "poll.options",
        "post-poll-1-option",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "poll": {"options": ["a", "b"]}},
        "poll.question",
        "post-poll-no-question",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "poll": {"question": "Q", "options": ["a", "b"], "duration": "FOREVER"}},
        "poll.duration",
        "post-poll-duration",
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "reshare_of": "urn:li:person:1"},
        "reshare_of",
        "post-reshare-of",
    ),
    _case(LinkedInDeletePostOperator, {"post_urn": "urn:li:person:1"}, "post_urn", "delete-post-urn"),
    _case(LinkedInDeletePostOperator, {"post_urn": ""}, "post_urn", "delete-post-empty"),
]

MEDIA = [
    _case(LinkedInUploadImageOperator, {"source": "/nonexistent/chart.png"}, "source", "image-missing-file"),
    _case(LinkedInUploadImageOperator, {"source": ""}, "source", "image-no-source"),
    _case(LinkedInUploadImageOperator, {"source": "EMPTY"}, "source", "image-empty-file"),
    _case(LinkedInUploadImageOperator, {"source": "TEXT"}, "source", "image-wrong-kind"),
    _case(LinkedInUploadImageOperator, {"source": "OVERSIZED"}, "source", "image-oversized"),
    _case(LinkedInUploadImageOperator, {"source": "DIR"}, "source", "image-a-directory"),
    _case(LinkedInUploadImageOperator, {"source": "s3://bucket/chart.png"}, "source", "image-no-filesystem"),
    _case(LinkedInUploadImageOperator, {"source": "PNG", "owner_urn": IMAGE}, "owner_urn", "image-owner-urn"),
    _case(LinkedInUploadDocumentOperator, {"source": "PNG"}, "source", "document-wrong-kind"),
    _case(
        LinkedInUploadDocumentOperator,
        {"source": "PDF", "owner_urn": "urn:li:company:9"},
        "owner_urn",
        "document-owner-urn",
    ),
    _case(LinkedInUploadVideoOperator, {"source": "PNG"}, "source", "video-too-small-and-not-mp4"),
    _case(
        LinkedInUploadVideoOperator, {"source": "PNG", "parallelism": 0}, "parallelism", "video-parallelism-0"
    ),
    _case(
        LinkedInUploadVideoOperator,
        {"source": "PNG", "parallelism": 17},
        "parallelism",
        "video-parallelism-17",
    ),
]

ADS = [
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": "urn:li:organization:1", "name": "G"},
        "ad_account",
        "group-account-urn",
    ),
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "name": ""},
        "fields.name",
        "group-no-name",
    ),
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "name": "G", "status": "LIVE"},
        "fields.status",
        "group-status",
    ),
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "name": "G", "total_budget": -1},
        "fields.totalBudget",
        "group-negative-budget",
    ),
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "name": "G", "run_schedule": {"start": "2026-06-02", "end": "2026-06-01"}},
        "fields.runSchedule",
        "group-schedule-end-before-start",
    ),
    _case(
        LinkedInUpdateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": GROUP, "fields": {"totalbudget": 10}},
        "fields.totalbudget",
        "update-group-unknown-field",
    ),
    _case(
        LinkedInUpdateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": GROUP},
        "fields",
        "update-group-nothing-to-change",
    ),
    _case(
        LinkedInUpdateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": GROUP, "fields": "{'status': PAUSED}"},
        "fields",
        "update-group-fields-rendered-to-bad-text",
    ),
    _case(
        LinkedInUpdateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": GROUP, "fields": "{'status': 'SOMETIMES'}"},
        "fields.status",
        "update-group-fields-rendered-to-text",
    ),
    _case(
        LinkedInCreateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "name": "G", "run_schedule": SCHEDULE, "fields": "status=PAUSED"},
        "fields",
        "create-group-fields-rendered-to-bad-text",
    ),
    _case(
        LinkedInUpdateCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": "urn:li:sponsoredCampaign:1", "fields": {"name": "x"}},
        "campaign_group_id",
        "update-group-wrong-urn",
    ),
    _case(
        LinkedInDeleteCampaignGroupOperator,
        {"ad_account": ACCOUNT, "campaign_group_id": GROUP},
        "confirm",
        "delete-group-without-confirm",
    ),
    _case(
        LinkedInCreateCampaignOperator,
        {
            "ad_account": ACCOUNT,
            "campaign_group": GROUP,
            "name": "C",
            "run_schedule": SCHEDULE,
            "daily_budget": 0,
        },
        "fields.dailyBudget",
        "campaign-zero-budget",
    ),
    _case(
        LinkedInCreateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_group": GROUP, "name": "C", "run_schedule": SCHEDULE},
        "fields",
        "campaign-no-budget",
    ),
    _case(
        LinkedInCreateCampaignOperator,
        {
            "ad_account": ACCOUNT,
            "campaign_group": GROUP,
            "name": "C",
            "run_schedule": SCHEDULE,
            "daily_budget": 10,
            "campaign_type": "BILLBOARD",
        },
        "fields.type",
        "campaign-type",
    ),
    _case(
        LinkedInCreateCampaignOperator,
        {
            "ad_account": ACCOUNT,
            "campaign_group": GROUP,
            "name": "C",
            "run_schedule": SCHEDULE,
            "daily_budget": 10,
            "fields": {"colour": "blue"},
        },
        "fields.colour",
        "campaign-unknown-field",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "fields": {"dailybudget": 5}},
        "fields.dailybudget",
        "update-campaign-unknown-field",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "fields": {"status": "RUNNING"}},
        "fields.status",
        "update-campaign-status",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "fields": {"dailyBudget": -5}},
        "fields.dailyBudget",
        "update-campaign-negative-budget",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {
            "ad_account": ACCOUNT,
            "campaign_id": CAMPAIGN,
            "fields": {"runSchedule": {"start": "2026-06-02T00:00:00Z", "end": "2026-06-01T00:00:00Z"}},
        },
        "fields.runSchedule",
        "update-campaign-schedule-end-before-start",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "campaign_group": GROUP, "fields": {"name": "x"}},
        "campaign_id",
        "update-campaign-ids-and-group",
    ),
    _case(
        LinkedInUpdateCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_group": GROUP, "status": "LIVE", "fields": {"name": "x"}},
        "status",
        "update-campaign-status-filter",
    ),
    _case(
        LinkedInDeleteCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN},
        "confirm",
        "delete-campaign-without-confirm",
    ),
    _case(
        LinkedInDeleteCampaignOperator,
        {"ad_account": ACCOUNT, "campaign_id": "abc", "confirm": True},
        "campaign_id",
        "delete-campaign-bad-id",
    ),
    _case(
        LinkedInUpdateAdAccountOperator,
        {"ad_account": ACCOUNT, "fields": {"currency": "EUR"}},
        "fields.currency",
        "account-currency-is-fixed",
    ),
    _case(
        LinkedInUpdateAdAccountOperator,
        {"ad_account": -3, "fields": {"name": "x"}},
        "ad_account",
        "account-negative-id",
    ),
    _case(
        LinkedInCreateCreativeOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "reference": "urn:li:image:C4E10AQfake01"},
        "fields.content.reference",
        "creative-reference-not-a-post",
    ),
    _case(
        LinkedInCreateCreativeOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "reference": "urn:li:share:1", "status": "ARCHIVED"},
        "fields.intendedStatus",
        "creative-create-status",
    ),
    _case(
        LinkedInUpdateCreativeOperator,
        {"ad_account": ACCOUNT, "creative_id": "urn:li:sponsoredCampaign:1", "fields": {"name": "x"}},
        "creative_id",
        "update-creative-wrong-urn",
    ),
    _case(
        LinkedInUpdateCreativeOperator,
        {"ad_account": ACCOUNT, "campaign_id": CAMPAIGN, "fields": {"campaign": CAMPAIGN}},
        "fields.campaign",
        "update-creative-campaign-is-fixed",
    ),
    _case(
        LinkedInDeleteCreativeOperator,
        {"ad_account": ACCOUNT, "creative_id": "urn:li:sponsoredCreative:700000003"},
        "confirm",
        "delete-creative-without-confirm",
    ),
]

DATA = [
    _case(
        LinkedInAdLibraryToFileOperator,
        {"keyword": "x", "countries": ["usa"]},
        "countries",
        "ad-library-country-code",
    ),
    _case(
        LinkedInAdLibraryToFileOperator,
        {"keyword": "x", "date_range": ("2026-01-05", "2026-01-01")},
        "date_range",
        "ad-library-end-before-start",
    ),
    _case(
        LinkedInAdLibraryToFileOperator, {"keyword": "x", "output_format": "xml"}, "output_format", "format"
    ),
    _case(
        LinkedInAdLibraryToFileOperator,
        {"keyword": "x", "output_path": "s3://bucket/ads.jsonl"},
        "output_path",
        "output-s3-without-filesystem",
    ),
    _case(
        LinkedInAdLibraryToFileOperator,
        {"keyword": "x", "output_path": "nosuchfs://bucket/ads.jsonl"},
        "output_path",
        "output-unknown-scheme",
    ),
    _case(
        LinkedInAdLibraryToFileOperator, {"keyword": "x", "output_path": ""}, "output_path", "output-empty"
    ),
    _case(
        LinkedInAdLibraryToFileOperator, {"keyword": "x", "output_path": "DIR"}, "output_path", "output-dir"
    ),
    _case(
        LinkedInJobLibraryToFileOperator,
        {"keyword": "x", "countries": "u1"},
        "countries",
        "job-library-country",
    ),
    _case(
        LinkedInJobLibraryToFileOperator,
        {"keyword": "x", "max_results": -1},
        "max_results",
        "job-max-results",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "pivot": "PLANET"},
        "pivot[0]",
        "analytics-unknown-pivot",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "time_granularity": "HOURLY"},
        "time_granularity",
        "analytics-unknown-granularity",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "fields": ["impressions", "nonsense"]},
        "fields",
        "analytics-unknown-field",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "fields": TOO_MANY_FIELDS, "split_fields": False},
        "fields",
        "analytics-over-20-fields-unsplit",
    ),
    _case(LinkedInAdAnalyticsToFileOperator, {}, "accounts", "analytics-no-facet"),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "lookback_days": -1},
        "lookback_days",
        "lookback",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator, {"accounts": [ACCOUNT], "window_days": 0}, "window_days", "window"
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "compression": "zstd"},
        "compression",
        "analytics-compression",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"campaigns": [1], "skip_finished_campaigns": True},
        "skip_finished_campaigns",
        "skip-finished-needs-accounts",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT, 2], "output_path": "DIR/{account}/{day}.jsonl"},
        "output_path",
        "account-placeholder-two-accounts",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "time_granularity": "MONTHLY", "output_path": "DIR/{day}.jsonl"},
        "output_path",
        "day-partitions-need-daily",
    ),
    _case(LinkedInListAdAccountsOperator, {"status": "SLEEPING"}, "status", "list-accounts-status"),
    _case(LinkedInListAdAccountsOperator, {"max_accounts": 0}, "max_accounts", "list-accounts-max"),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"campaigns": ["urn:li:sponsoredAccount:1"]},
        "campaigns[0]",
        "analytics-facet-urn",
    ),
    _case(
        LinkedInAdAnalyticsToFileOperator,
        {"accounts": [ACCOUNT], "date_range": ("2026-01-05", "2026-01-01")},
        "date_range",
        "analytics-end-before-start",
    ),
    _case(
        LinkedInShareStatisticsToFileOperator,
        {"organization": "urn:li:person:1"},
        "organization",
        "share-stats-organization-urn",
    ),
    _case(
        LinkedInShareStatisticsToFileOperator,
        {"organization": 2414183, "granularity": "WEEK"},
        "granularity",
        "share-stats-granularity",
    ),
    _case(
        LinkedInShareStatisticsToFileOperator, {"organization": 1, "lag_days": -1}, "lag_days", "share-lag"
    ),
]

GENERIC = [
    _case(LinkedInApiOperator, {"endpoint": "/me", "method": "FETCH"}, "method", "api-method"),
    _case(LinkedInApiOperator, {"endpoint": "https://evil.example/me"}, "endpoint", "api-absolute-url"),
    _case(LinkedInApiOperator, {"endpoint": "/me/../../admin"}, "endpoint", "api-dot-dot"),
    _case(LinkedInApiOperator, {"endpoint": ""}, "endpoint", "api-empty-endpoint"),
    _case(LinkedInApiOperator, {"endpoint": None}, "endpoint", "api-no-endpoint"),
    _case(LinkedInApiOperator, {"endpoint": "/rest/"}, "endpoint", "api-bare-rest"),
    _case(
        LinkedInApiOperator, {"endpoint": "/me", "query_params": ["a"]}, "query_params", "api-query-not-dict"
    ),
    _case(
        LinkedInApiOperator,
        {"endpoint": "/me", "method": "POST", "paginate": True},
        "paginate",
        "api-paginate-post",
    ),
    _case(
        LinkedInApiOperator, {"endpoint": "/me", "linkedin_version": "2026-09"}, "linkedin_version", "version"
    ),
    _case(
        LinkedInApiOperator, {"endpoint": "/me", "linkedin_version": "202613"}, "linkedin_version", "month-13"
    ),
]

SENSORS = [
    _case(
        LinkedInVideoProcessingSensor, {"video_urn": "urn:li:image:C4E10AQx"}, "video_urn", "sensor-image-urn"
    ),
    _case(LinkedInVideoProcessingSensor, {"video_urn": "not-an-urn"}, "video_urn", "sensor-malformed-urn"),
    _case(
        LinkedInVideoProcessingSensor,
        {"video_urn": "urn:li:video:C5505AQx", "deferrable": True, "linkedin_version": "1999"},
        "linkedin_version",
        "sensor-deferrable-bad-version",
    ),
    _case(LinkedInMediaProcessingSensor, {"media_urn": "urn:li:video:"}, "media_urn", "sensor-empty-id"),
    _case(LinkedInMediaProcessingSensor, {"media_urn": "urn:li:share:1"}, "media_urn", "sensor-not-media"),
]

CONNECTIONS = [
    _case(
        LinkedInApiOperator, {"endpoint": "/me", "maton_conn_id": "li_missing"}, None, "connection-missing"
    ),
    _case(
        LinkedInCreatePostOperator,
        {"commentary": "hi", "maton_conn_id": NO_KEY},
        "password",
        "connection-no-key",
    ),
    _case(
        LinkedInUploadImageOperator, {"source": "PNG", "maton_conn_id": BAD_HOST}, "host", "connection-host"
    ),
    _case(
        LinkedInAdLibraryToFileOperator,
        {"keyword": "x", "maton_conn_id": BAD_TIMEOUT},
        "extra.timeout",
        "connection-timeout",
    ),
]

EXPORTS = (
    LinkedInAdLibraryToFileOperator,
    LinkedInJobLibraryToFileOperator,
    LinkedInAdAnalyticsToFileOperator,
    LinkedInShareStatisticsToFileOperator,
)
MATRIX = [*POSTS, *MEDIA, *ADS, *DATA, *GENERIC, *SENSORS, *CONNECTIONS]


def _define_connections(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    def define(conn_id: str, **fields: Any) -> None:
        conn = {
            "conn_type": "maton_linkedin",
            "host": sandbox.base_url,
            "password": sandbox.api_key,
            **fields,
        }
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))

    define(NO_KEY, password="")
    define(BAD_HOST, host="ftp://files.example.com")
    define(BAD_TIMEOUT, extra={"timeout": "soon"})


def _materialize(kwargs: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Turn the placeholders of a case into real paths under ``tmp_path``."""
    out = dict(kwargs)
    source = out.get("source")
    if source in FILES:
        path = tmp_path / f"input.{str(source).lower()}"
        path.write_bytes(FILES[str(source)])
        out["source"] = str(path)
    elif source == "OVERSIZED":  # a sparse file over the 36,152,320-byte image limit
        path = tmp_path / "huge.png"
        with path.open("wb") as f:
            f.write(png_bytes())
            f.truncate(40_000_000)
        out["source"] = str(path)
    elif source == "DIR":
        out["source"] = str(tmp_path)
    if out.get("output_path") == "DIR":
        out["output_path"] = str(tmp_path)
    elif str(out.get("output_path", "")).startswith("DIR/"):
        out["output_path"] = str(tmp_path) + out["output_path"][3:]
    return out


def test_the_matrix_covers_every_operator():
    from maton_linkedin_provider.operators import ads, data, generic, media, posts
    from maton_linkedin_provider.sensors import media as sensors

    covered = {case.values[0] for case in MATRIX}
    public = {
        obj
        for module in (ads, data, generic, media, posts, sensors)
        for name, obj in vars(module).items()
        if isinstance(obj, type) and name.startswith("LinkedIn") and obj.__module__ == module.__name__
    }
    assert public - covered == set()
    assert len(MATRIX) >= 30


@pytest.mark.parametrize(("operator", "kwargs", "expected_field"), MATRIX)
def test_bad_input_is_refused_before_any_request(
    operator: type,
    kwargs: dict[str, Any],
    expected_field: str | None,
    set_conn: Any,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _define_connections(sandbox, monkeypatch)
    arguments = _materialize(kwargs, tmp_path)
    if issubclass(operator, EXPORTS):
        arguments.setdefault("output_path", str(tmp_path / "out" / "export.jsonl"))
    if expected_field is None:  # no such connection: Airflow's own error, naming the connection id
        from airflow_compat import AirflowNotFoundException

        expected_error: type[BaseException] = AirflowNotFoundException
    else:
        expected_error = LinkedInInputError
    before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(expected_error) as info:
        operator(task_id="bad_input", **arguments).execute(dict(CONTEXT))

    err = info.value
    if isinstance(err, LinkedInInputError):
        assert err.field == expected_field
        assert str(err).startswith(f"{expected_field}: "), str(err)
    else:
        assert arguments["maton_conn_id"] in str(err)
    assert sandbox.requests == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no file written, not even a partial one


# --- the sandbox's control plane: bad requests get an answer, never a dropped connection ------------

#: (request line and headers, body, the status answered). The control key is added unless the
#: case is about it; every body-carrying case is checked to have changed nothing.
CONTROL = [
    pytest.param("GET /_sandbox/requests?since=abc", b"", 400, id="since-not-a-number"),
    pytest.param("POST /_sandbox/faults\nContent-Type: application/json", b"[1]", 400, id="fault-not-object"),
    pytest.param(
        "POST /_sandbox/faults\nContent-Type: application/json", b'{"status": "x"}', 400, id="fault-field"
    ),
    pytest.param(
        "POST /_sandbox/faults\nContent-Type: application/json", b'{"bogus": 1}', 400, id="fault-unknown"
    ),
    pytest.param("POST /_sandbox/faults\nContent-Type: application/json", b"\xff\xfe", 400, id="not-utf8"),
    pytest.param(
        "POST /_sandbox/faults\nContent-Type: application/json", b"[" * 100_000, 400, id="nested-100k"
    ),
    pytest.param("POST /_sandbox/config\nContent-Type: application/json", b"{}}", 400, id="bad-json"),
    pytest.param("POST /_sandbox/config\nContent-Type: application/json", b'{"x": 1}', 400, id="config-key"),
    pytest.param(
        "POST /_sandbox/connections/x/authorize\nContent-Type: application/json",
        b"[1]",
        400,
        id="authorize-list",
    ),
    pytest.param("POST /_sandbox/faults\nContent-Type: text/plain", b'{"status": 500}', 415, id="text-plain"),
    pytest.param("POST /_sandbox/faults", b'{"status": 500}', 415, id="no-content-type"),
    pytest.param(
        "POST /_sandbox/faults\nContent-Type: application/json\nContent-Length: 999999999",
        b"",
        413,
        id="too-large",
    ),
    pytest.param("GET /_sandbox/faults\nHost: evil.example", b"", 403, id="foreign-host"),
    pytest.param("POST /_sandbox/reset\nOrigin: http://evil.example", b"", 403, id="foreign-origin"),
    pytest.param("POST /_sandbox/reset\nAuthorization: Bearer guessed", b"", 401, id="wrong-key"),
    pytest.param("POST /_sandbox/reset\nAuthorization:", b"", 401, id="no-key"),
]


@pytest.mark.parametrize(("head", "body", "status"), CONTROL)
def test_bad_control_requests_get_an_answer(head: str, body: bytes, status: int, sandbox: Sandbox) -> None:
    import socket

    from maton_linkedin_provider.sandbox.testing import control_headers

    host, port = sandbox.base_url.rsplit("//", 1)[1].rsplit(":", 1)
    request_line, *lines = head.split("\n")
    names = {line.split(":", 1)[0].lower() for line in lines}
    if "authorization" not in names:
        lines += [f"{k}: {v}" for k, v in control_headers(sandbox).items()]
    if "host" not in names:
        lines.append(f"Host: {host}:{port}")
    if "content-length" not in names:
        lines.append(f"Content-Length: {len(body)}")
    lines = [line for line in lines if line != "Authorization:"]
    data = f"{request_line} HTTP/1.1\r\n" + "".join(f"{line}\r\n" for line in lines)
    data += "Connection: close\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data.encode("latin-1") + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 "), "the connection was dropped without an answer"
    assert int(answer.split(b" ", 2)[1]) == status
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["status"] == status
    assert sandbox.faults.snapshot() == [] and sandbox.requests == []
