"""The sandbox's own Rest.li 2.0 decoder, table-driven."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.sandbox import restli


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ACTIVE", "ACTIVE", id="leaf"),
        pytest.param("urn%3Ali%3Aperson%3A1", "urn:li:person:1", id="encoded-urn"),
        pytest.param("value%20with%20spaces", "value with spaces", id="percent-20"),
        pytest.param("a+b", "a+b", id="plus-is-literal"),
        pytest.param("%E2%9C%93", "\u2713", id="utf8"),
        pytest.param("''", "", id="empty-string"),
        pytest.param("List()", [], id="empty-list"),
        pytest.param("()", {}, id="empty-record"),
        pytest.param("Listing", "Listing", id="not-a-list"),
        pytest.param("List(ACTIVE,PAUSED)", ["ACTIVE", "PAUSED"], id="list"),
        pytest.param(
            "List(urn%3Ali%3AsponsoredCampaign%3A1)", ["urn:li:sponsoredCampaign:1"], id="list-of-urn"
        ),
        pytest.param(
            "(status:(values:List(ACTIVE,PAUSED)))",
            {"status": {"values": ["ACTIVE", "PAUSED"]}},
            id="search",
        ),
        pytest.param(
            "(start:(year:2026,month:1,day:1),end:(year:2026,month:1,day:31))",
            {
                "start": {"year": "2026", "month": "1", "day": "1"},
                "end": {"year": "2026", "month": "1", "day": "31"},
            },
            id="dateRange",
        ),
        pytest.param(
            "(k1:v1,k2:value%20with%20spaces,k3:List(1,2,3),k4:value%3Awith%3Areserved%3Achar,k5:(k51:v51,k52:v52))",
            {
                "k1": "v1",
                "k2": "value with spaces",
                "k3": ["1", "2", "3"],
                "k4": "value:with:reserved:char",
                "k5": {"k51": "v51", "k52": "v52"},
            },
            id="restli-spec-example",
        ),
        pytest.param(
            "List((k1:v1),List(v2,%20t%3F%27%3A%2C%2A%21))",
            [{"k1": "v1"}, ["v2", " t?':,*!"]],
            id="python-client-vector",
        ),
        pytest.param("List(List(1),List())", [["1"], []], id="nested-lists"),
        pytest.param("(k:'')", {"k": ""}, id="record-empty-string"),
        pytest.param("(k:)", {"k": ""}, id="record-empty-leaf"),
        pytest.param("(time%20range:x)", {"time range": "x"}, id="encoded-key"),
    ],
)
def test_decode(text: str, expected: restli.RestliValue) -> None:
    assert restli.decode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("List(a,b", id="unclosed-list"),
        pytest.param("(a:b", id="unclosed-record"),
        pytest.param("(a:b))", id="extra-paren"),
        pytest.param("List(a))", id="extra-paren-list"),
        pytest.param("List(a)b", id="trailing-text"),
        pytest.param("urn:li:person:1", id="unencoded-colon"),
        pytest.param("List(urn:li:person:1)", id="unencoded-urn-in-list"),
        pytest.param("(k:v:w)", id="colon-in-record-value"),
        pytest.param("(k)", id="record-without-colon"),
        pytest.param("(:v)", id="record-without-key"),
        pytest.param("List(a,,b)", id="empty-element"),
        pytest.param("List(,)", id="only-comma"),
        pytest.param("a,b", id="top-level-comma"),
        pytest.param("it's", id="quote"),
        pytest.param("a%2", id="short-escape"),
        pytest.param("%ZZ", id="bad-escape"),
        pytest.param("%FF", id="not-utf8"),
        pytest.param("(a:1,a:2)", id="duplicate-key"),
        pytest.param("''x", id="text-after-empty-string"),
        pytest.param("List(a(b))", id="paren-in-leaf"),
    ],
)
def test_decode_rejects_malformed(text: str) -> None:
    with pytest.raises(restli.RestliDecodeError):
        restli.decode(text)


def test_parse_query_keeps_fields_plain_and_decodes_the_rest() -> None:
    query = (
        "q=analytics&pivot=CAMPAIGN&dateRange=(start:(year:2026,month:1,day:1))"
        "&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1,urn%3Ali%3AsponsoredCampaign%3A2)"
        "&fields=impressions,clicks,dateRange"
    )
    assert restli.parse_query(query) == {
        "q": "analytics",
        "pivot": "CAMPAIGN",
        "dateRange": {"start": {"year": "2026", "month": "1", "day": "1"}},
        "campaigns": ["urn:li:sponsoredCampaign:1", "urn:li:sponsoredCampaign:2"],
        "fields": "impressions,clicks,dateRange",
    }


def test_parse_query_decodes_keys() -> None:
    assert restli.parse_query("pr%20op%3A1=%20t%3F%27%3A%2C%2A%21%26%2B") == {"pr op:1": " t?':,*!&+"}
    assert restli.parse_query("") == {}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        pytest.param("dateRange.start.year=2026", "dateRange.start.year", id="dot"),
        pytest.param("accounts[0]=urn%3Ali%3AsponsoredAccount%3A1", "accounts[0]", id="index"),
        pytest.param("accounts%5B0%5D=1", "accounts[0]", id="encoded-index"),
    ],
)
def test_parse_query_detects_restli_1(query: str, param: str) -> None:
    with pytest.raises(restli.Restli1SyntaxError) as info:
        restli.parse_query("q=search&" + query)
    assert info.value.param == param


def test_parse_query_names_the_bad_param() -> None:
    with pytest.raises(restli.RestliDecodeError) as info:
        restli.parse_query("q=search&search=(status:(values:List(ACTIVE))")
    assert info.value.param == "search"
    assert not isinstance(info.value, restli.Restli1SyntaxError)


def test_parse_query_rejects_repeated_keys() -> None:
    with pytest.raises(restli.RestliDecodeError, match="repeated"):
        restli.parse_query("ids=1&ids=2")
