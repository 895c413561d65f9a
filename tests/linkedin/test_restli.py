"""Rest.li 2.0 encoding: the official client's test vectors plus LinkedIn's documented query shapes."""

from __future__ import annotations

import pickle
from datetime import date, datetime
from enum import Enum
from typing import Any

import pytest

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.restli import Raw, decode_reduced, encode, encode_key, encode_query
from maton_linkedin_provider.linkedin.urns import Urn


class Status(str, Enum):
    ACTIVE = "ACTIVE"


class Level(Enum):
    HIGH = 3


CAMPAIGN = Urn("li", "sponsoredCampaign", "1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, "", id="none"),
        pytest.param(True, "true", id="true"),
        pytest.param(False, "false", id="false"),
        pytest.param(0, "0", id="zero"),
        pytest.param(-12, "-12", id="negative-int"),
        pytest.param(1.5, "1.5", id="float"),
        pytest.param(1e16, "1e%2B16", id="float-exponent-plus-encoded"),
        pytest.param("", "''", id="empty-string"),
        pytest.param([""], "List('')", id="list-of-empty-string"),
        pytest.param(["", "ACTIVE"], "List('',ACTIVE)", id="empty-string-first-in-list"),
        pytest.param({"a": "", "b": [""]}, "(a:'',b:List(''))", id="empty-string-in-record"),
        pytest.param("''", "%27%27", id="quotes-as-text"),
        pytest.param("ACTIVE", "ACTIVE", id="plain-string"),
        pytest.param("value with spaces", "value%20with%20spaces", id="spaces-are-%20"),
        pytest.param("a+b", "a%2Bb", id="plus-encoded"),
        pytest.param("café", "caf%C3%A9", id="unicode"),
        pytest.param("a/b?c=d&e#f", "a%2Fb%3Fc%3Dd%26e%23f", id="url-delimiters"),
        pytest.param("urn:li:app:123", "urn%3Ali%3Aapp%3A123", id="urn-string"),
        pytest.param(CAMPAIGN, "urn%3Ali%3AsponsoredCampaign%3A1", id="urn-object"),
        pytest.param(Status.ACTIVE, "ACTIVE", id="str-enum"),
        pytest.param(Level.HIGH, "3", id="enum-value"),
        pytest.param(Raw("(a:b)"), "(a:b)", id="raw-unencoded"),
        pytest.param([], "List()", id="empty-list"),
        pytest.param(("a", "b"), "List(a,b)", id="tuple"),
        pytest.param({}, "()", id="empty-record"),
        pytest.param(date(2026, 1, 31), "(year:2026,month:1,day:31)", id="date"),
        pytest.param({"a": 1, "b": None}, "(a:1)", id="record-skips-none"),
        pytest.param({"z": 1, "a": 2}, "(z:1,a:2)", id="record-keeps-order"),
        pytest.param({"k y": "v"}, "(k%20y:v)", id="record-key-encoded"),
        pytest.param({1: "v"}, "(1:v)", id="record-int-key"),
        pytest.param(
            {"k1": "v1", "k2": "urn:li:app:123", "k3": [1, 2], "k4": {"k41": "foobar"}},
            "(k1:v1,k2:urn%3Ali%3Aapp%3A123,k3:List(1,2),k4:(k41:foobar))",
            id="official-record",
        ),
        pytest.param(
            [{"k1": "v1"}, ["v2", " t?':,*!"]],
            "List((k1:v1),List(v2,%20t%3F%27%3A%2C%2A%21))",
            id="official-list",
        ),
        pytest.param(
            {
                "k1": "v1",
                "k2": "value with spaces",
                "k3": [1, 2, 3],
                "k4": "value:with:reserved:char",
                "k5": {"k51": "v51", "k52": "v52"},
            },
            "(k1:v1,k2:value%20with%20spaces,k3:List(1,2,3),k4:value%3Awith%3Areserved%3Achar,"
            "k5:(k51:v51,k52:v52))",
            id="restli-spec-example",
        ),
    ],
)
def test_encode(value: Any, expected: str) -> None:
    assert encode(value) == expected


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        pytest.param({1, 2}, "search", "search: cannot encode a value of type set", id="set"),
        pytest.param(b"abc", "search", "search: cannot encode a value of type bytes", id="bytes"),
        pytest.param(object(), "search", "search: cannot encode a value of type object", id="object"),
        pytest.param(datetime(2026, 1, 1), "search", "search: a datetime", id="datetime"),
        pytest.param(float("nan"), "x", "x: nan is not a finite number", id="nan"),
        pytest.param(float("inf"), "x", "x: inf is not a finite number", id="inf"),
        pytest.param(["a", None], "ids", "ids[1]: None inside a list", id="none-in-list"),
        pytest.param({"": 1}, "search", "search: record key '' is not", id="empty-key"),
        pytest.param({None: 1}, "search", "search: record key None is not", id="none-key"),
        pytest.param(
            {"status": {"values": ["ACTIVE", {1}]}},
            "search",
            "search.status.values[1]: cannot encode a value of type set",
            id="nested-path-in-error",
        ),
    ],
)
def test_encode_refuses(value: Any, field: str, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        encode(value, field=field)
    assert str(err.value).startswith(message)
    assert err.value.field == message.split(":", 1)[0]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param(None, "", id="none"),
        pytest.param({}, "", id="empty"),
        pytest.param({"q": "search", "start": None}, "q=search", id="skips-none"),
        pytest.param(
            {"pr op:1": " t?':,*!&+"}, "pr%20op%3A1=%20t%3F%27%3A%2C%2A%21%26%2B", id="official-param"
        ),
        pytest.param(
            {"q": "search", "search": {"status": {"values": ["ACTIVE", "PAUSED"]}}},
            "q=search&search=(status:(values:List(ACTIVE,PAUSED)))",
            id="search-finder",
        ),
        pytest.param(
            {"dateRange": {"start": date(2026, 1, 1), "end": date(2026, 1, 31)}},
            "dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))",
            id="date-range-from-dates",
        ),
        pytest.param(
            {"dateRange": {"start": {"year": 2026, "month": 1, "day": 1}}},
            "dateRange=(start:(year:2026,month:1,day:1))",
            id="date-range-from-dicts",
        ),
        pytest.param(
            {"campaigns": ["urn:li:sponsoredCampaign:1"]},
            "campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1)",
            id="urn-list",
        ),
        pytest.param(
            {"campaigns": [CAMPAIGN]}, "campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1)", id="urn-objects"
        ),
        pytest.param({"keyword": "data é"}, "keyword=data%20%C3%A9", id="unicode-and-space"),
        pytest.param({"keyword": ""}, "keyword=''", id="empty-string-is-quotes"),
        pytest.param({"ids": []}, "ids=List()", id="empty-list"),
        pytest.param({"z": 1, "a": 2}, "z=1&a=2", id="keeps-order"),
        pytest.param(
            {"fields": ["impressions", "clicks", "dateRange"]},
            "fields=impressions,clicks,dateRange",
            id="fields-list",
        ),
        pytest.param({"fields": "id,name:(localized)"}, "fields=id,name:(localized)", id="fields-string"),
        pytest.param({"fields": []}, "", id="fields-empty-list-omitted"),
        pytest.param({"fields": ""}, "", id="fields-empty-string-omitted"),
        pytest.param(
            {"search": Raw("(status:(values:List(ACTIVE)))")},
            "search=(status:(values:List(ACTIVE)))",
            id="raw",
        ),
        pytest.param(
            {
                "q": "analytics",
                "pivot": "CAMPAIGN",
                "timeGranularity": "DAILY",
                "dateRange": {"start": date(2026, 1, 1), "end": date(2026, 1, 31)},
                "campaigns": [CAMPAIGN],
                "fields": ("impressions", "clicks"),
            },
            "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
            "&dateRange=(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))"
            "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1)&fields=impressions,clicks",
            id="ad-analytics",
        ),
    ],
)
def test_encode_query(params: dict[str, Any] | None, expected: str) -> None:
    assert encode_query(params) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"fields": "id name"}, "fields", id="fields-space"),
        pytest.param({"fields": "id&x=1"}, "fields", id="fields-ampersand"),
        pytest.param({"fields": "id#x"}, "fields", id="fields-hash"),
        pytest.param({"fields": ["id", ""]}, "fields", id="fields-empty-item"),
        pytest.param({"fields": ["id", 3]}, "fields", id="fields-non-string-item"),
        pytest.param({"fields": 3}, "fields", id="fields-int"),
        pytest.param({"": "x"}, "params", id="empty-name"),
        pytest.param({3: "x"}, "params", id="int-name"),
        pytest.param({"countries": {"us"}}, "countries", id="set-value"),
        pytest.param({"search": {"status": [None]}}, "search.status[0]", id="nested"),
    ],
)
def test_encode_query_refuses(params: dict[Any, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        encode_query(params)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("urn:li:share:123", "urn%3Ali%3Ashare%3A123", id="urn-string"),
        pytest.param(Urn("li", "share", "123"), "urn%3Ali%3Ashare%3A123", id="urn-object"),
        pytest.param(123, "123", id="int"),
        pytest.param("abc", "abc", id="plain"),
        pytest.param("a/b", "a%2Fb", id="slash-escaped"),
        pytest.param(
            "urn:li:endorsement:(urn:li:person:2qXA98-mVk,65761962366)",
            "urn%3Ali%3Aendorsement%3A%28urn%3Ali%3Aperson%3A2qXA98-mVk%2C65761962366%29",
            id="compound-urn-string",
        ),
        pytest.param(
            {"campaign": "urn:li:sponsoredCampaign:1", "conversion": "urn:lla:llaPartnerConversion:2"},
            "(campaign:urn%3Ali%3AsponsoredCampaign%3A1,conversion:urn%3Alla%3AllaPartnerConversion%3A2)",
            id="compound-key",
        ),
        pytest.param(Raw("(a:b)"), "(a:b)", id="raw"),
    ],
)
def test_encode_key(key: Any, expected: str) -> None:
    assert encode_key(key) == expected


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param(True, id="bool"),
        pytest.param(["a"], id="list"),
        pytest.param({}, id="empty-compound"),
        pytest.param({"a": None}, id="compound-of-none"),
        pytest.param({1, 2}, id="set"),
    ],
)
def test_encode_key_refuses(key: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        encode_key(key, field="post")
    assert err.value.field == "post"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("urn:li:share:123", "urn:li:share:123", id="raw-urn"),
        pytest.param("urn%3Ali%3Ashare%3A123", "urn:li:share:123", id="encoded-urn"),
        pytest.param("urn%3ali%3augcPost%3a1", "urn:li:ugcPost:1", id="lowercase-hex"),
        pytest.param("%28a%2Cb%29%27", "(a,b)'", id="parens-comma-quote"),
        pytest.param("%28a%2cb%29", "(a,b)", id="lowercase-comma"),
        pytest.param("a%20b%2Fc", "a%20b%2Fc", id="others-kept"),
        pytest.param("%253A", "%253A", id="no-double-decoding"),
        pytest.param("123", "123", id="numeric-id"),
        pytest.param("", "", id="empty"),
        pytest.param("%3", "%3", id="truncated-escape"),
    ],
)
def test_decode_reduced(header: str, expected: str) -> None:
    assert decode_reduced(header) == expected


def test_invalid_value_text_and_pickle() -> None:
    err = InvalidValue("author", "is wrong.", "do this")
    assert str(err) == "author: is wrong. Fix: do this"
    assert str(InvalidValue("author", "is wrong.")) == "author: is wrong."
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.field, copy.message, copy.fix, str(copy)) == ("author", "is wrong.", "do this", str(err))
    assert isinstance(err, ValueError)
