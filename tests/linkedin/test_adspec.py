"""The ad object specs: each row is consistent, and the helpers read paths, ids and finders from it."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.linkedin import ads
from maton_linkedin_provider.linkedin.adspec import CAMPAIGN, CREATIVE, SPECS
from maton_linkedin_provider.linkedin.errors import InvalidValue


@pytest.mark.parametrize("spec", list(SPECS.values()), ids=list(SPECS))
def test_every_row_is_consistent(spec):
    assert set(spec.transitions) <= set(spec.statuses)
    assert all(set(to) <= set(spec.statuses) for to in spec.transitions.values())
    assert set(spec.create_statuses) <= set(spec.statuses) and spec.deletable <= set(spec.statuses)
    assert spec.status_field in spec.catalogue.fields
    assert spec.status_field in spec.catalogue.required
    assert set(spec.money_fields) <= set(spec.catalogue.fields)
    assert (spec.parent is None) == (spec.parent_argument is None) == (spec.parent_criterion is None)
    assert spec.parent is None or spec.parent in SPECS


def test_paths_and_keys():
    assert SPECS["account"].path("", "507000001") == "/adAccounts/507000001"
    assert CAMPAIGN.path("507000001", "610000001") == "/adAccounts/507000001/adCampaigns/610000001"
    assert CAMPAIGN.key("610000001") == "610000001"
    assert CREATIVE.key("7") == "urn:li:sponsoredCreative:7"
    assert CREATIVE.path("507000001", "urn:li:sponsoredCreative:7") == (
        "/adAccounts/507000001/creatives/urn%3Ali%3AsponsoredCreative%3A7"
    )


def test_finders():
    assert CAMPAIGN.criterion("status", ["ACTIVE"]) == {"status": {"values": ["ACTIVE"]}}
    assert CREATIVE.criterion("intendedStatuses", ["ACTIVE"]) == {"intendedStatuses": ["ACTIVE"]}
    body = {"campaign": "urn:li:sponsoredCampaign:1", "content": {"reference": "urn:li:share:2"}}
    assert CREATIVE.match_criteria(body) == {
        "campaigns": ["urn:li:sponsoredCampaign:1"],
        "contentReferences": ["urn:li:share:2"],
    }
    assert CREATIVE.matches({**body, "id": "urn:li:sponsoredCreative:3"}, body)
    assert not CREATIVE.matches({**body, "content": {"reference": "urn:li:share:9"}}, body)


def test_creative_fields():
    out = ads.normalize_fields(
        "creative",
        {"campaign": 1, "content": "urn:li:ugcPost:5", "intendedStatus": "active"},
        purpose="create",
    )
    assert out == {
        "campaign": "urn:li:sponsoredCampaign:1",
        "content": {"reference": "urn:li:ugcPost:5"},
        "intendedStatus": "ACTIVE",
    }
    ads.check_create("creative", out)
    with pytest.raises(InvalidValue, match="sponsors existing posts only"):
        ads.normalize_fields("creative", {"content": {"textAd": {}}}, purpose="create")
    with pytest.raises(InvalidValue, match="fixed when the creative is created"):
        ads.normalize_fields("creative", {"campaign": 1})
    with pytest.raises(InvalidValue, match="starts as DRAFT, ACTIVE or PAUSED"):
        ads.check_create("creative", {**out, "intendedStatus": "ARCHIVED"})


def test_creative_transitions_use_intended_status():
    current = {"intendedStatus": "ACTIVE"}
    plan = ads.plan_update("creative", "urn:li:sponsoredCreative:1", current, {"intendedStatus": "PAUSED"})
    assert plan.patch == {"patch": {"$set": {"intendedStatus": "PAUSED"}}}
    with pytest.raises(InvalidValue, match="INVALID_STATUS_TRANSITION"):
        ads.plan_update("creative", "urn:li:sponsoredCreative:1", current, {"intendedStatus": "DRAFT"})
