"""URN parsing, validation and building."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.urns import (
    AUTHOR_TYPES,
    MEDIA_TYPES,
    POST_TYPES,
    Urn,
    build_urn,
    coerce_urn,
    parse_urn,
    post_url,
    urn_id,
)

if TYPE_CHECKING:
    from collections.abc import Collection


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("urn:li:person:AbC12-x_Y", Urn("li", "person", "AbC12-x_Y"), id="person"),
        pytest.param("urn:li:organization:2414183", Urn("li", "organization", "2414183"), id="organization"),
        pytest.param(
            "urn:li:organizationBrand:7", Urn("li", "organizationBrand", "7"), id="organization-brand"
        ),
        pytest.param(
            "urn:li:share:6844785523593134080", Urn("li", "share", "6844785523593134080"), id="share"
        ),
        pytest.param("urn:li:ugcPost:1", Urn("li", "ugcPost", "1"), id="ugc-post"),
        pytest.param(
            "urn:li:image:C5505AQH-oV1qvnFtKA", Urn("li", "image", "C5505AQH-oV1qvnFtKA"), id="image"
        ),
        pytest.param("urn:li:video:C5505AQH_oV1", Urn("li", "video", "C5505AQH_oV1"), id="video"),
        pytest.param("urn:li:document:D4D10AQabc", Urn("li", "document", "D4D10AQabc"), id="document"),
        pytest.param("urn:li:sponsoredCampaign:1", Urn("li", "sponsoredCampaign", "1"), id="campaign"),
        pytest.param("urn:li:sponsoredCampaignGroup:2", Urn("li", "sponsoredCampaignGroup", "2"), id="group"),
        pytest.param("urn:li:sponsoredAccount:3", Urn("li", "sponsoredAccount", "3"), id="account"),
        pytest.param("urn:li:sponsoredCreative:4", Urn("li", "sponsoredCreative", "4"), id="creative"),
        pytest.param("urn:li:country:us", Urn("li", "country", "us"), id="country"),
        pytest.param(
            "urn:li:digitalmediaAsset:C4D22AQF-1t", Urn("li", "digitalmediaAsset", "C4D22AQF-1t"), id="asset"
        ),
        pytest.param(
            "urn:li:adTargetingFacet:locations", Urn("li", "adTargetingFacet", "locations"), id="facet"
        ),
        pytest.param("urn:li:activity:123", Urn("li", "activity", "123"), id="unknown-type-lenient"),
        pytest.param(
            "urn:li:endorsement:(urn:li:person:2qXA98-mVk,65761962366)",
            Urn("li", "endorsement", "(urn:li:person:2qXA98-mVk,65761962366)"),
            id="unknown-type-compound-id",
        ),
        pytest.param("urn:li:fsd_profile:ACoAAB", Urn("li", "fsd_profile", "ACoAAB"), id="underscore-type"),
        pytest.param(
            "urn:lla:llaPartnerConversion:2", Urn("lla", "llaPartnerConversion", "2"), id="other-namespace"
        ),
    ],
)
def test_parse_urn(value: str, expected: Urn) -> None:
    urn = parse_urn(value)
    assert urn == expected
    assert str(urn) == value


@pytest.mark.parametrize(
    ("value", "types", "message"),
    [
        pytest.param("", None, "urn: is empty.", id="empty"),
        pytest.param(" urn:li:share:1", None, "leading or trailing whitespace", id="leading-space"),
        pytest.param("urn:li:share:1\n", None, "leading or trailing whitespace", id="trailing-newline"),
        pytest.param("urn%3Ali%3Ashare%3A1", None, "pass it decoded: urn:li:share:1", id="percent-encoded"),
        pytest.param("share:1", None, "is not a URN", id="no-prefix"),
        pytest.param("URN:li:share:1", None, "is not a URN", id="uppercase-prefix"),
        pytest.param("urn:li:share", None, "is not a URN", id="no-id-part"),
        pytest.param("urn:li::1", None, "is not a URN", id="empty-type"),
        pytest.param("urn::share:1", None, "is not a URN", id="empty-namespace"),
        pytest.param("urn:li:1share:1", None, "is not a URN", id="bad-type-name"),
        pytest.param("urn:li:share:", None, "has an empty id", id="empty-id"),
        pytest.param(
            "urn:li:share:12a", None, "invalid share id '12a': expected digits only", id="share-letters"
        ),
        pytest.param("urn:li:organization:-1", None, "invalid organization id", id="org-negative"),
        pytest.param("urn:li:person:ab cd", None, "invalid person id", id="person-space"),
        pytest.param("urn:li:person:ab.cd", None, "invalid person id", id="person-dot"),
        pytest.param("urn:li:image:abc/def", None, "invalid image id", id="image-slash"),
        pytest.param("urn:li:country:usa", None, "expected two letters", id="country-three-letters"),
        pytest.param("urn:li:adTargetingFacet:a-b", None, "invalid adTargetingFacet id", id="facet-dash"),
        pytest.param(
            "urn:li:sponsoredCampaign:(1,2)", None, "invalid sponsoredCampaign id", id="known-compound"
        ),
        pytest.param("urn:li:activity:1 2", None, "whitespace", id="unknown-whitespace"),
        pytest.param("urn:li:activity:(1,2", None, "unbalanced", id="unknown-unbalanced"),
        pytest.param("urn:li:activity:1)(", None, "unbalanced", id="unknown-reversed-parens"),
        pytest.param("urn:li:activity:a\x00b", None, "control", id="unknown-control-char"),
        pytest.param("urn:li:share:1", ("person",), "is not a person URN", id="wrong-type"),
        pytest.param("urn:lla:person:1", ("person",), "is not a person URN", id="wrong-namespace"),
        pytest.param("urn:li:share:1", MEDIA_TYPES, "is not an image, video or document URN", id="not-media"),
        pytest.param(3, None, "expected a URN string, got int", id="not-a-string"),
    ],
)
def test_parse_urn_refuses(value: Any, types: Collection[str] | None, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_urn(value, types=types)
    assert err.value.field == "urn"
    assert message in str(err.value)


def test_parse_urn_message_names_field_and_fix() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_urn("urn:li:group:1", field="author", types=AUTHOR_TYPES)
    assert str(err.value) == (
        "author: 'urn:li:group:1' is not a person or organization URN. "
        "Fix: use urn:li:person:{id} or urn:li:organization:{id}"
    )
    assert err.value.field == "author"


def test_parse_urn_accepts_and_checks_urn_objects() -> None:
    assert parse_urn(Urn("li", "share", "1"), types=POST_TYPES) == Urn("li", "share", "1")
    with pytest.raises(InvalidValue, match="invalid share id"):
        parse_urn(Urn("li", "share", "x"))


@pytest.mark.parametrize(
    ("urn", "text", "encoded"),
    [
        pytest.param(Urn("li", "share", "123"), "urn:li:share:123", "urn%3Ali%3Ashare%3A123", id="share"),
        pytest.param(
            Urn("li", "endorsement", "(urn:li:person:a,1)"),
            "urn:li:endorsement:(urn:li:person:a,1)",
            "urn%3Ali%3Aendorsement%3A%28urn%3Ali%3Aperson%3Aa%2C1%29",
            id="compound",
        ),
    ],
)
def test_urn_text_and_encoded(urn: Urn, text: str, encoded: str) -> None:
    assert str(urn) == text
    assert urn.encoded == encoded


@pytest.mark.parametrize(
    ("entity_type", "id_", "expected"),
    [
        pytest.param("sponsoredCampaign", 123, "urn:li:sponsoredCampaign:123", id="int"),
        pytest.param("sponsoredCampaign", "123", "urn:li:sponsoredCampaign:123", id="numeric-string"),
        pytest.param("person", "abc-1", "urn:li:person:abc-1", id="person"),
        pytest.param("activity", "(a,b)", "urn:li:activity:(a,b)", id="unknown-compound"),
    ],
)
def test_build_urn(entity_type: str, id_: str | int, expected: str) -> None:
    assert str(build_urn(entity_type, id_)) == expected


@pytest.mark.parametrize(
    ("entity_type", "id_"),
    [
        pytest.param("sponsoredCampaign", -1, id="negative"),
        pytest.param("sponsoredCampaign", "abc", id="letters-for-numeric"),
        pytest.param("sponsoredCampaign", True, id="bool"),
        pytest.param("sponsoredCampaign", 1.0, id="float"),
        pytest.param("person", "", id="empty"),
        pytest.param("bad type", "1", id="bad-type"),
        pytest.param("", "1", id="empty-type"),
    ],
)
def test_build_urn_refuses(entity_type: str, id_: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        build_urn(entity_type, id_, field="campaign")
    assert err.value.field == "campaign"


@pytest.mark.parametrize(
    ("value", "entity_type", "expected"),
    [
        pytest.param(123, "sponsoredCampaign", "urn:li:sponsoredCampaign:123", id="int"),
        pytest.param("123", "sponsoredCampaign", "urn:li:sponsoredCampaign:123", id="numeric-string"),
        pytest.param(
            "urn:li:sponsoredCampaign:123", "sponsoredCampaign", "urn:li:sponsoredCampaign:123", id="full-urn"
        ),
        pytest.param(
            Urn("li", "sponsoredAccount", "5"), "sponsoredAccount", "urn:li:sponsoredAccount:5", id="obj"
        ),
        pytest.param("urn:li:person:abc", "person", "urn:li:person:abc", id="person-urn"),
        pytest.param(0, "organization", "urn:li:organization:0", id="zero"),
    ],
)
def test_coerce_urn(value: str | int | Urn, entity_type: str, expected: str) -> None:
    assert str(coerce_urn(value, entity_type, field="campaign")) == expected


@pytest.mark.parametrize(
    ("value", "entity_type", "message"),
    [
        pytest.param(
            "abc", "person", "is not a person URN. Fix: use urn:li:person:{id}", id="bare-person-id"
        ),
        pytest.param(123, "person", "is not a person URN", id="int-for-person"),
        pytest.param(
            "urn:li:sponsoredCampaignGroup:1", "sponsoredCampaign", "not a sponsoredCampaign URN", id="type"
        ),
        pytest.param(
            Urn("li", "share", "1"), "sponsoredCampaign", "not a sponsoredCampaign URN", id="urn-type"
        ),
        pytest.param(Urn("li", "sponsoredCampaign", "x"), "sponsoredCampaign", "invalid", id="urn-bad-id"),
        pytest.param(" 123", "sponsoredCampaign", "URN or id. Fix: ", id="padded-id"),
        pytest.param("12a", "sponsoredCampaign", "or the number alone", id="letters"),
        pytest.param(-5, "sponsoredCampaign", "URN or id", id="negative"),
        pytest.param(True, "sponsoredCampaign", "URN or id", id="bool"),
        pytest.param(None, "sponsoredCampaign", "URN or id", id="none"),
        pytest.param("", "sponsoredCampaign", "URN or id", id="empty"),
        pytest.param("urn:li:sponsoredCampaign:", "sponsoredCampaign", "empty id", id="empty-urn-id"),
    ],
)
def test_coerce_urn_refuses(value: Any, entity_type: str, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        coerce_urn(value, entity_type, field="campaign")
    assert err.value.field == "campaign"
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("urn:li:sponsoredCampaign:123", "123", id="urn"),
        pytest.param(123, "123", id="int"),
        pytest.param("123", "123", id="string"),
    ],
)
def test_urn_id(value: str | int, expected: str) -> None:
    assert urn_id(value, "sponsoredCampaign", field="campaign") == expected


def test_urn_id_refuses_other_types() -> None:
    with pytest.raises(InvalidValue, match=r"^campaign: "):
        urn_id("urn:li:share:1", "sponsoredCampaign", field="campaign")


@pytest.mark.parametrize(
    ("urn", "expected"),
    [
        pytest.param("urn:li:share:1", "https://www.linkedin.com/feed/update/urn:li:share:1/", id="share"),
        pytest.param(
            Urn("li", "ugcPost", "2"), "https://www.linkedin.com/feed/update/urn:li:ugcPost:2/", id="ugc"
        ),
    ],
)
def test_post_url(urn: str | Urn, expected: str) -> None:
    assert post_url(urn) == expected


@pytest.mark.parametrize(
    "urn",
    [
        pytest.param("urn:li:person:1", id="not-a-post"),
        pytest.param("https://www.linkedin.com/feed/update/urn:li:share:1/", id="already-a-url"),
    ],
)
def test_post_url_refuses(urn: str) -> None:
    with pytest.raises(InvalidValue, match=r"^post: .* is not a share or ugcPost URN"):
        post_url(urn)


def test_type_constants() -> None:
    assert POST_TYPES == ("share", "ugcPost")
    assert MEDIA_TYPES == ("image", "video", "document")
    assert AUTHOR_TYPES == ("person", "organization")
