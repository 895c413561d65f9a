"""Fuzzing the pure builders of ``linkedin/`` (ads excepted: they are fuzzed with their redesign).

One property for all of them: on arbitrary input a builder returns, or raises
:class:`~maton_linkedin_provider.linkedin.errors.InvalidValue` naming the argument at fault, never
another exception (``TypeError``, ``AttributeError``, ``OverflowError``, ``UnicodeEncodeError``...).
A body a builder returns can be sent: it serialises to strict JSON. Each test's ``max_examples`` is
the figure given for its builder; the whole file runs in well under 20 seconds.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maton_linkedin_provider.linkedin import data, media, posts, restli, text, uploads, urns
from maton_linkedin_provider.linkedin.errors import InvalidValue


def fast(examples: int) -> settings:
    """``examples`` runs, no deadline, nothing stored in a ``.hypothesis`` directory."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )


SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
#: Unicode text, sometimes with a lone surrogate in it.
TEXT = st.text(max_size=12) | st.builds(
    lambda a, s, b: a + s + b, st.text(max_size=5), SURROGATE, st.text(max_size=5)
)
HUGE_INT = st.integers(4301, 4400).map(lambda n: 10 ** (n - 1))  # past int/str conversion's digit limit
TIMEZONES = st.sampled_from(
    [None, timezone.utc, timezone(timedelta(hours=14)), timezone(-timedelta(hours=23, minutes=59))]
)
URN_TYPES = [
    "person",
    "organization",
    "share",
    "ugcPost",
    "image",
    "video",
    "document",
    "sponsoredCampaign",
    "country",
    "app",
]
NEAR_URNS = st.builds(
    lambda t, i: f"urn:li:{t}:{i}",
    st.sampled_from(URN_TYPES),
    TEXT | st.integers(-5, 10**6).map(str) | st.just("²"),
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | HUGE_INT
    | st.floats()
    | TEXT
    | st.sampled_from(
        ["", "²", "١٢٣", "PUBLIC", "MAIN_FEED", "THREE_DAYS", "urn%3Ali%3Aperson%3A1", " urn:li:person:1"]
    )
    | NEAR_URNS
    | st.binary(max_size=8)
    | st.dates()
    | st.datetimes(timezones=TIMEZONES)
    | st.builds(urns.Urn, st.sampled_from(["li", "x"]), st.sampled_from(URN_TYPES), TEXT)
)
ANY = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=4)
        | st.frozensets(st.integers() | st.text(max_size=3), max_size=3)
    ),
    max_leaves=8,
)


def _huge(value: Any) -> bool:
    """Whether ``value`` holds an int that ``repr`` cannot show (past the 4,300-digit limit)."""
    if isinstance(value, int):
        return value.bit_length() > 14_000
    if isinstance(value, dict):
        return any(_huge(v) for v in value.values())
    if isinstance(value, (list, tuple, frozenset)):
        return any(_huge(v) for v in value)
    return False


#: A value as a rendered template gives it: the text of a dict or list, in Python or JSON syntax.
SMALL = ANY.filter(lambda v: not _huge(v))
RENDERED = SMALL.map(repr) | SMALL.map(lambda v: json.dumps(v, default=str))


def check(call: Any, fields: set[str] | None = None) -> Any:
    """``call()``'s result, or ``None`` after an InvalidValue naming one of ``fields``; anything else fails."""
    try:
        return call()
    except InvalidValue as err:
        head = err.field.split(".", 1)[0].split("[", 1)[0]
        assert err.field and err.message
        if fields is not None:
            assert head in fields, f"InvalidValue names {err.field!r}, not one of {sorted(fields)}"
        return None


def sendable(body: Any) -> None:
    """A body the hook can send: strict JSON (no NaN, no sets, no bytes), as requests sends it."""
    json.dumps(body, allow_nan=False)


# --- posts ------------------------------------------------------------------------------------------

POST_ARGS = {
    "commentary": TEXT | ANY,
    "visibility": st.sampled_from(posts.VISIBILITIES) | ANY,
    "feed_distribution": st.sampled_from(posts.FEED_DISTRIBUTIONS) | ANY,
    "article": ANY
    | RENDERED
    | st.fixed_dictionaries(
        {"source": st.just("https://example.com/a") | ANY},
        optional={"title": ANY, "thumbnail": ANY, "description": ANY},
    ),
    "media": NEAR_URNS | ANY,
    "media_title": TEXT | ANY,
    "alt_text": TEXT | ANY,
    "images": st.lists(NEAR_URNS, max_size=4) | RENDERED | ANY,
    "poll": ANY
    | RENDERED
    | st.fixed_dictionaries(
        {"question": TEXT | ANY, "options": st.lists(TEXT | ANY, max_size=5)},
        optional={"duration": st.sampled_from(posts.POLL_DURATIONS) | ANY},
    )
    .filter(lambda poll: not _huge(poll))
    .flatmap(lambda poll: st.sampled_from([poll, repr(poll), json.dumps(poll, default=str)])),
    "reshare_of": NEAR_URNS | ANY,
    "reshare_disabled": ANY,
    "escape_commentary": st.booleans() | ANY,
}
AUTHORS = st.sampled_from(["urn:li:person:abc", "urn:li:organization:1"]) | NEAR_URNS | ANY


@fast(250)
@given(AUTHORS, st.fixed_dictionaries({}, optional=POST_ARGS))
def test_build_post(author: Any, kwargs: dict[str, Any]) -> None:
    body = check(lambda: posts.build_post(author, **kwargs), {"author", *POST_ARGS})
    if body is not None:
        sendable(body)
        posts.signature(body)


@fast(100)
@given(ANY)
def test_check_if_duplicate(value: Any) -> None:
    check(lambda: posts.check_if_duplicate(value), {"if_duplicate"})


# --- URNs -------------------------------------------------------------------------------------------


@fast(200)
@given(
    NEAR_URNS | ANY, st.sampled_from([None, urns.AUTHOR_TYPES, urns.MEDIA_TYPES, urns.POST_TYPES, ("app",)])
)
def test_parse_urn(value: Any, types: Any) -> None:
    urn = check(lambda: urns.parse_urn(value, field="u", types=types), {"u"})
    if urn is not None:
        assert urns.parse_urn(str(urn), field="u") == urn
        urn.encoded.encode("ascii")
    check(lambda: urns.post_url(value), {"post"})


@fast(150)
@given(st.sampled_from(URN_TYPES) | ANY, ANY | HUGE_INT | st.integers(-3, 10**20))
def test_build_urn(entity_type: Any, id_: Any) -> None:
    urn = check(lambda: urns.build_urn(entity_type, id_, field="id"), {"id"})
    if urn is not None:
        urn.encoded.encode("ascii")


@fast(200)
@given(NEAR_URNS | ANY | HUGE_INT, st.sampled_from(URN_TYPES))
def test_coerce_urn(value: Any, entity_type: str) -> None:
    urn = check(lambda: urns.coerce_urn(value, entity_type, field="campaign"), {"campaign"})
    if urn is not None:
        urn.encoded.encode("ascii")
    check(lambda: urns.urn_id(value, entity_type, field="campaign"), {"campaign"})


# --- Little Text ------------------------------------------------------------------------------------

MARKUPISH = st.text(alphabet="@[]()\\{}|#_*~<> aZ1:urnliperso", max_size=30) | st.builds(
    lambda a, name, urn, b: f"{a}@[{name}]({urn}){b}", TEXT, TEXT, NEAR_URNS, TEXT
)


@fast(300)
@given(MARKUPISH | TEXT | ANY)
def test_escape_and_length(value: Any) -> None:
    escaped = check(lambda: text.escape(value), {"commentary"})
    if escaped is not None:
        assert text.escape(str(escaped)) == escaped
        check(lambda: text.check_length(value, "commentary"), {"commentary"})
        check(lambda: text.sent_length(value), {"commentary"})
        text.parse_hashtags(escaped)
    if (isinstance(value, str) and check(lambda: text.check_length(value), {"commentary"}) is not None) or (
        isinstance(value, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    ):
        from maton_linkedin_provider.sandbox.littletext import read

        assert read(text.escape(value)).cut_at is None  # LinkedIn keeps all of it


@fast(150)
@given(TEXT | ANY, NEAR_URNS | ANY, TEXT | ANY, st.lists(TEXT | ANY, max_size=3))
def test_mention_hashtag_compose(name: Any, urn: Any, tag: Any, parts: list[Any]) -> None:
    built = [
        check(lambda: text.mention(name, urn), {"mention"}),
        check(lambda: text.hashtag(tag), {"hashtag"}),
        check(lambda: text.compose(*parts), {"commentary"}),
    ]
    whole = [part for part in built if part is not None]
    if check(lambda: text.check_length(text.compose(*whole)), {"commentary"}) is not None:
        from maton_linkedin_provider.sandbox.littletext import read

        seen = read(text.compose(*whole))
        assert seen.cut_at is None
        assert len(seen.mentions) >= (built[0] is not None) and len(seen.hashtags) >= (built[1] is not None)


# --- Rest.li ----------------------------------------------------------------------------------------


@fast(200)
@given(ANY)
def test_encode(value: Any) -> None:
    encoded = check(lambda: restli.encode(value, field="search"), {"search"})
    if encoded is not None:
        encoded.encode("ascii")
    key = check(lambda: restli.encode_key(value, field="key"), {"key"})
    if key is not None:
        assert "/" not in key
        key.encode("ascii")


@fast(100)
@given(st.dictionaries(TEXT | st.integers() | st.none(), ANY, max_size=4) | ANY, ANY)
def test_encode_query(params: Any, fields: Any) -> None:
    query = check(lambda: restli.encode_query(params), None)
    if query is not None:
        query.encode("ascii")
    projection = check(lambda: restli.encode_query({"fields": fields}), {"fields"})
    if projection is not None:
        projection.encode("ascii")


def test_encode_refuses_a_list_that_holds_itself() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(InvalidValue) as err:
        restli.encode(loop, field="ids")
    assert err.value.field == "ids"


# --- data exports: enums, fields, countries, dates ------------------------------------------------

EXTREME_DAYS = st.sampled_from([date.min, date.max, date(1, 1, 2), date(9999, 12, 30)])
EXTREME_MOMENTS = st.builds(
    lambda d, tz: datetime.combine(d, datetime.min.time(), tzinfo=tz), EXTREME_DAYS, TIMEZONES
) | st.sampled_from([datetime.max, datetime.min, datetime.max.replace(tzinfo=timezone(timedelta(hours=-5)))])
BOUNDS = (
    ANY
    | EXTREME_DAYS
    | EXTREME_MOMENTS
    | st.dates().map(str)
    | st.sampled_from(["9999-12-31", "0001-01-01T00:00Z", "²"])
)


@fast(150)
@given(BOUNDS, BOUNDS, st.booleans())
def test_coerce_date_range(start: Any, end: Any, require_end: bool) -> None:
    for value in ((start, end), {"start": start, "end": end}, start):
        days = check(lambda v=value: data.coerce_date_range(v, require_end=require_end), {"date_range"})
        if days is not None:
            restli.encode(data.restli_date_range(days))


@fast(100)
@given(
    st.datetimes(timezones=TIMEZONES) | EXTREME_MOMENTS, st.datetimes(timezones=TIMEZONES) | EXTREME_MOMENTS
)
def test_interval_date_range(start: datetime, end: datetime) -> None:
    check(lambda: data.interval_date_range(start, end), {"data_interval"})


@fast(100)
@given(
    BOUNDS,
    BOUNDS | st.none(),
    ANY | st.sampled_from(["DAY", "month"]),
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
    ),
)
def test_share_time_intervals(start: Any, end: Any, granularity: Any, now: datetime) -> None:
    record = check(
        lambda: data.share_time_intervals(start, end, granularity, now=now), {"start", "end", "granularity"}
    )
    if record is not None:
        restli.encode(record)


@fast(100)
@given(
    ANY | st.sampled_from(["impressions,clicks", "CLICKS", "dateRange"]),
    ANY | st.sampled_from(["us,gb", "UK", "urn:li:country:de"]),
)
def test_fields_pivots_countries_keywords(fields: Any, countries: Any) -> None:
    check(lambda: data.analytics_field_chunks(fields), {"fields"})
    check(lambda: data.analytics_metrics(fields), {"fields"})
    check(lambda: data.parse_pivots(fields), {"pivot"})
    check(
        lambda: data.parse_enum(data.TimeGranularity, fields, field="time_granularity"), {"time_granularity"}
    )
    codes = check(lambda: data.check_countries(countries), {"countries"})
    if codes:
        restli.encode(data.encode_countries(codes))
    keyword = check(lambda: data.keyword_text(countries), {"keyword"})
    if keyword is not None:
        restli.encode(keyword)


# --- uploads and media --------------------------------------------------------------------------------

HEADS = st.binary(max_size=64) | st.builds(
    lambda magic, rest: magic + rest,
    st.sampled_from(
        [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\0\0\0\0ftyp"]
    ),
    st.binary(max_size=64),
)
INSTRUCTION = st.fixed_dictionaries(
    {},
    optional={
        "uploadUrl": ANY,
        "firstByte": st.integers(-2, 20) | ANY,
        "lastByte": st.integers(-2, 20) | ANY,
    },
)


@fast(150)
@given(st.sampled_from(["image", "video", "document"]), st.integers(-1, 10**10), HEADS)
def test_check_media(kind: Any, size: int, head: bytes) -> None:
    check(lambda: uploads.check_media(kind, size, head, name="f.bin"), {"source"})
    uploads.sniff(head)
    pixels = uploads.image_pixels(head)
    assert pixels is None or pixels >= 0


@fast(100)
@given(st.lists(INSTRUCTION | ANY, max_size=4) | ANY, st.integers(-1, 40))
def test_plan_parts(instructions: Any, size: int) -> None:
    """LinkedIn's own instructions, not user input: a bad set is a ``ValueError`` the hook reports."""
    try:
        parts = uploads.plan_parts(instructions, size)
    except ValueError:
        return
    assert sum(part.length for part in parts) == size


@fast(100)
@given(
    NEAR_URNS | ANY,
    st.dictionaries(st.sampled_from(["status", "id", "processingFailureReason"]), ANY),
    st.floats(0, 1e6),
    st.floats(0, 1e6),
)
def test_media_path_and_classify(urn: Any, record: dict[str, Any], waited: float, grace: float) -> None:
    path = check(lambda: media.media_path(urn), {"urn"})
    if path is not None:
        path.encode("ascii")
    event = media.classify(record, waited, grace)
    assert event is None or event["status"] in ("success", "failed", "error")
    assert not math.isnan(waited)


# --- what the fuzzing found, one case each (each raised another exception before) ------------------

POST = {"author": "urn:li:person:abc", "commentary": "Hi"}
POLL = {"question": "Best scheduler?", "options": ["Airflow", "cron"]}


@pytest.mark.parametrize(
    ("kwargs", "content"),
    [
        pytest.param({"poll": repr(POLL)}, "poll", id="poll-rendered-as-python"),
        pytest.param({"poll": json.dumps(POLL)}, "poll", id="poll-rendered-as-json"),
        pytest.param(
            {"article": "{'source': 'https://example.com/a', 'title': 'T'}"}, "article", id="article-rendered"
        ),
        pytest.param({"article": "https://example.com/a"}, "article", id="article-url-stays-a-url"),
        pytest.param({"images": "['urn:li:image:1', 'urn:li:image:2']"}, "multiImage", id="images-rendered"),
    ],
)
def test_rendered_templates_are_read_back(kwargs: dict[str, Any], content: str) -> None:
    assert content in posts.build_post(**POST, **kwargs)["content"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        pytest.param(lambda: posts.build_post(**POST, poll="Best scheduler?"), "poll", id="poll-plain-text"),
        pytest.param(lambda: posts.build_post(**POST, poll="{'question': "), "poll", id="poll-broken-text"),
        pytest.param(lambda: posts.build_post(**POST, poll=["a"]), "poll", id="poll-a-list"),
        pytest.param(lambda: posts.build_post(**POST, article=3), "article", id="article-an-int"),
        pytest.param(lambda: posts.build_post(**POST, article="http://["), "article", id="article-bad-ipv6"),
        pytest.param(
            lambda: posts.build_post(**POST, article={"source": 10**5000}), "article", id="article-huge-int"
        ),
        pytest.param(
            lambda: posts.build_post(**POST, article={"source": "https://a.b", "title": {1}}),
            "article",
            id="article-title-set",
        ),
        pytest.param(lambda: posts.build_post(**POST, images=5), "images", id="images-an-int"),
        pytest.param(
            lambda: posts.build_post(**POST, images=["urn:li:image:1"] * 2, alt_text=5),
            "alt_text",
            id="alt-text-an-int",
        ),
        pytest.param(
            lambda: posts.build_post(**POST, media="urn:li:image:1", media_title=b"x"),
            "media_title",
            id="media-title-bytes",
        ),
        pytest.param(
            lambda: posts.build_post(**POST, visibility=10**5000), "visibility", id="visibility-huge-int"
        ),
        pytest.param(
            lambda: posts.build_post("urn:li:person:a", "x\ud800"), "commentary", id="commentary-surrogate"
        ),
        pytest.param(lambda: posts.check_if_duplicate(10**5000), "if_duplicate", id="if-duplicate-huge-int"),
        pytest.param(lambda: urns.build_urn("sponsoredCampaign", 10**5000), "id", id="build-urn-huge-int"),
        pytest.param(
            lambda: urns.coerce_urn(10**5000, "sponsoredCampaign", field="c"), "c", id="coerce-urn-huge-int"
        ),
        pytest.param(lambda: urns.parse_urn("urn:li:app:\ud800"), "urn", id="urn-surrogate"),
        pytest.param(lambda: text.sent_length("\ud800"), "commentary", id="sent-length-surrogate"),
        pytest.param(lambda: text.check_length("a\udfff", "text"), "text", id="check-length-surrogate"),
        pytest.param(lambda: text.mention("A\ud800", "urn:li:person:a"), "mention", id="mention-surrogate"),
        pytest.param(lambda: restli.encode(["a", "\ud800"], field="ids"), "ids", id="encode-surrogate"),
        pytest.param(
            lambda: restli.encode(urns.Urn("li", "app", "\ud800")), "value", id="encode-urn-surrogate"
        ),
        pytest.param(lambda: restli.encode({"n": 10**5000}, field="q"), "q", id="encode-huge-int"),
        pytest.param(lambda: restli.encode({10**5000: 1}, field="q"), "q", id="encode-huge-int-key"),
        pytest.param(lambda: restli.encode_query({"\ud800": 1}), "params", id="query-key-surrogate"),
        pytest.param(lambda: restli.encode_query(["a"]), "params", id="query-not-a-dict"),
        pytest.param(lambda: restli.encode_query({"fields": "naïve"}), "fields", id="projection-non-ascii"),
        pytest.param(
            lambda: data.coerce_date_range((datetime.min, datetime.min)), "date_range", id="day-before-year-1"
        ),
        pytest.param(
            lambda: data.coerce_date_range(
                (date(2026, 1, 1), datetime.max.replace(tzinfo=timezone(-timedelta(hours=5))))
            ),
            "date_range",
            id="datetime-max-to-utc",
        ),
        pytest.param(
            lambda: data.share_time_intervals(
                date(2026, 1, 1), date.max, now=datetime(2026, 6, 1, tzinfo=timezone.utc)
            ),
            "end",
            id="share-end-after-date-max",
        ),
        pytest.param(
            lambda: data.interval_date_range(datetime.min, datetime.min),
            "data_interval",
            id="interval-at-year-1",
        ),
        pytest.param(lambda: data.keyword_text("\ud800"), "keyword", id="keyword-surrogate"),
    ],
)
def test_found_by_fuzzing(call: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        call()
    assert err.value.field.split(".", 1)[0].split("[", 1)[0] == field


@pytest.mark.parametrize(
    "instructions",
    [
        pytest.param([{"uploadUrl": "u", "firstByte": float("inf"), "lastByte": 1}], id="infinite-byte"),
        pytest.param(5, id="not-a-list"),
    ],
)
def test_plan_parts_refuses_with_value_error(instructions: Any) -> None:
    with pytest.raises(ValueError, match="upload instruction"):
        uploads.plan_parts(instructions, 2)
