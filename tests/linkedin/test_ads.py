"""Advertising rules, pure: statuses, transitions, money, schedules, ids, field names, diffs, patches."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from maton_linkedin_provider.linkedin import ads
from maton_linkedin_provider.linkedin.errors import InvalidValue

UTC = timezone.utc
MAR_02_08H = 1772438400000  # 2026-03-02T08:00:00Z


# --- statuses and transitions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        pytest.param("campaign", "ACTIVE", "ACTIVE", id="campaign-active"),
        pytest.param("campaign", "paused", "PAUSED", id="lowercase-accepted"),
        pytest.param("campaign_group", "ARCHIVED", "ARCHIVED", id="group-archived"),
        pytest.param("account", "CANCELED", "CANCELED", id="account-canceled"),
    ],
)
def test_status_accepted(kind, value, expected):
    assert ads.check_status(value, kind) == expected


@pytest.mark.parametrize(
    ("kind", "value", "says"),
    [
        pytest.param("campaign", "RUNNING", "not one of", id="unknown"),
        pytest.param("campaign", "COMPLETED", "set by LinkedIn only", id="system-completed"),
        pytest.param("campaign", "REMOVED", "set by LinkedIn only", id="system-removed"),
        pytest.param("campaign_group", "COMPLETED", "not one of", id="groups-never-complete"),
        pytest.param("account", "PAUSED", "not one of", id="accounts-do-not-pause"),
        pytest.param("campaign", None, "not one of", id="none"),
    ],
)
def test_status_refused(kind, value, says):
    with pytest.raises(InvalidValue, match=says):
        ads.check_status(value, kind)


def test_status_filters_accept_system_statuses():
    assert ads.check_statuses(["ACTIVE", "completed", "ACTIVE"], "campaign") == ["ACTIVE", "COMPLETED"]
    assert ads.check_statuses("PAUSED", "campaign") == ["PAUSED"]
    with pytest.raises(InvalidValue, match="is empty"):
        ads.check_statuses([], "campaign")


@pytest.mark.parametrize(
    ("kind", "current", "desired"),
    [
        pytest.param("campaign", "PAUSED", "ACTIVE", id="resume"),
        pytest.param("campaign", "ACTIVE", "PAUSED", id="pause"),
        pytest.param("campaign", "DRAFT", "ACTIVE", id="launch-draft"),
        pytest.param("campaign", "ARCHIVED", "PAUSED", id="unarchive"),
        pytest.param("campaign", "COMPLETED", "ARCHIVED", id="archive-completed"),
        pytest.param("campaign", "ACTIVE", "ACTIVE", id="same-is-noop"),
        pytest.param("campaign_group", "ACTIVE", "PENDING_DELETION", id="group-pending-deletion"),
        pytest.param("account", "DRAFT", "ACTIVE", id="account-activate"),
    ],
)
def test_transition_allowed(kind, current, desired):
    ads.check_transition(kind, current, desired)


@pytest.mark.parametrize(
    ("kind", "current", "desired", "fix"),
    [
        pytest.param("campaign", "ARCHIVED", "ACTIVE", "unarchive it first", id="archived-to-active"),
        pytest.param("campaign", "COMPLETED", "ACTIVE", "allows: ARCHIVED", id="completed-to-active"),
        pytest.param("campaign", "CANCELED", "ACTIVE", "allows: ARCHIVED", id="canceled-to-active"),
        pytest.param("campaign", "ACTIVE", "DRAFT", "nothing goes back to DRAFT", id="back-to-draft"),
        pytest.param(
            "campaign", "PENDING_DELETION", "PAUSED", "none (it is final)", id="pending-deletion-final"
        ),
        pytest.param("campaign_group", "CANCELED", "ACTIVE", "allows: ARCHIVED", id="group-canceled"),
        pytest.param("account", "CANCELED", "ACTIVE", "none (it is final)", id="account-canceled"),
    ],
)
def test_transition_refused(kind, current, desired, fix):
    with pytest.raises(InvalidValue, match="INVALID_STATUS_TRANSITION") as info:
        ads.check_transition(kind, current, desired)
    assert fix in (info.value.fix or "")


# --- ids -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        pytest.param(610000001, "campaign", "610000001", id="int"),
        pytest.param(" 610000001 ", "campaign", "610000001", id="digits-padded"),
        pytest.param("urn:li:sponsoredCampaign:610000001", "campaign", "610000001", id="campaign-urn"),
        pytest.param(
            "urn:li:sponsoredCampaignGroup:600000001", "campaign_group", "600000001", id="group-urn"
        ),
        pytest.param("urn:li:sponsoredAccount:507000001", "account", "507000001", id="account-urn"),
    ],
)
def test_ids_accepted(value, kind, expected):
    assert ads.object_id(value, kind, "id") == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        pytest.param("urn:li:sponsoredCampaignGroup:1", "campaign", id="group-urn-for-campaign"),
        pytest.param("urn:li:sponsoredCampaign:1", "account", id="campaign-urn-for-account"),
        pytest.param("abc", "campaign", id="letters"),
        pytest.param(-3, "campaign", id="negative"),
        pytest.param(True, "campaign", id="bool"),
        pytest.param(None, "campaign", id="none"),
        pytest.param("urn%3Ali%3AsponsoredCampaign%3A1", "campaign", id="percent-encoded"),
    ],
)
def test_ids_refused(value, kind):
    with pytest.raises(InvalidValue):
        ads.object_id(value, kind, "campaign_id")


def test_id_lists():
    assert ads.object_ids([1, "2", "urn:li:sponsoredCampaign:1"], "campaign", "ids") == ["1", "2"]
    assert ads.object_ids("610000001, 610000002", "campaign", "ids") == ["610000001", "610000002"]
    assert ads.object_ids(7, "campaign", "ids") == ["7"]
    assert ads.object_ids("['610000001', '610000002']", "campaign", "ids") == ["610000001", "610000002"]
    assert ads.object_ids("[610000001]", "campaign", "ids") == ["610000001"]
    with pytest.raises(InvalidValue, match="not a list of ids"):
        ads.object_ids("[1,,]", "campaign", "ids")
    with pytest.raises(InvalidValue, match=r"ids\[1\]"):
        ads.object_ids([1, "x"], "campaign", "ids")
    with pytest.raises(InvalidValue, match="is empty"):
        ads.object_ids([], "campaign", "ids")
    assert ads.is_many([1]) and ads.is_many("1,2") and ads.is_many("[1]")
    assert not ads.is_many("1") and not ads.is_many(1)


# --- money ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        pytest.param(100, "USD", {"amount": "100.00", "currencyCode": "USD"}, id="int"),
        pytest.param(99.5, "USD", {"amount": "99.50", "currencyCode": "USD"}, id="float"),
        pytest.param("120", "EUR", {"amount": "120.00", "currencyCode": "EUR"}, id="string-from-template"),
        pytest.param(Decimal("0.01"), "USD", {"amount": "0.01", "currencyCode": "USD"}, id="decimal"),
        pytest.param(
            {"amount": "50", "currencyCode": "usd"},
            "USD",
            {"amount": "50.00", "currencyCode": "USD"},
            id="record",
        ),
        pytest.param(
            {"amount": 5000}, "JPY", {"amount": "5000", "currencyCode": "JPY"}, id="zero-decimal-currency"
        ),
    ],
)
def test_money_becomes_linkedin_money_strings(value, currency, expected):
    assert ads.money(value, "dailyBudget").to_json(currency, "dailyBudget") == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        pytest.param(0, "must be positive", id="zero"),
        pytest.param(-5, "must be positive", id="negative"),
        pytest.param("abc", "is not a number", id="text"),
        pytest.param(float("nan"), "not a finite amount", id="nan"),
        pytest.param(True, "expected an amount", id="bool"),
        pytest.param([100], "expected an amount", id="list"),
        pytest.param({"amount": 1, "currencyCode": "DOLLARS"}, "not an ISO 4217", id="bad-currency"),
        pytest.param({"currencyCode": "USD"}, "has no amount", id="no-amount"),
        pytest.param({"amount": 1, "currency": "USD"}, "unknown keys", id="wrong-key"),
    ],
)
def test_money_refused(value, says):
    with pytest.raises(InvalidValue, match=says):
        ads.money(value, "dailyBudget")


def test_money_is_never_rounded_silently():
    with pytest.raises(InvalidValue, match="more than 2 decimal places") as info:
        ads.money("10.005", "dailyBudget").to_json("USD", "dailyBudget")
    assert "10.00" in (info.value.fix or "") or "10.01" in (info.value.fix or "")
    with pytest.raises(InvalidValue, match="more than 0 decimal places"):
        ads.money(10.5, "dailyBudget").to_json("JPY", "dailyBudget")


def test_money_currency_must_match_the_account():
    with pytest.raises(InvalidValue, match="CURRENCY_MISMATCH"):
        ads.money({"amount": 10, "currencyCode": "EUR"}, "dailyBudget").to_json("USD", "dailyBudget")


def test_same_money_compares_amounts_as_numbers():
    assert ads.same({"amount": "100", "currencyCode": "USD"}, {"amount": "100.00", "currencyCode": "USD"})
    assert not ads.same({"amount": "100", "currencyCode": "USD"}, {"amount": "100", "currencyCode": "EUR"})
    assert not ads.same({"amount": "100", "currencyCode": "USD"}, {"amount": "100.01", "currencyCode": "USD"})


def test_currency_of_an_object():
    assert ads.currency_of({"currency": "EUR"}) == "EUR"
    assert ads.currency_of({"unitCost": {"amount": "1", "currencyCode": "GBP"}}) == "GBP"
    assert ads.currency_of({"name": "no money"}) is None


# --- schedules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(MAR_02_08H, id="epoch-ms"),
        pytest.param(str(MAR_02_08H), id="epoch-ms-string"),
        pytest.param(datetime(2026, 3, 2, 8, tzinfo=UTC), id="aware-datetime"),
        pytest.param(datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=1))), id="offset-datetime"),
        pytest.param("2026-03-02T08:00:00Z", id="iso-z"),
        pytest.param("2026-03-02T09:00:00+01:00", id="iso-offset"),
    ],
)
def test_times_become_epoch_ms(value):
    assert ads.to_epoch_ms(value, "runSchedule.start") == MAR_02_08H


def test_dates_are_midnight_utc():
    midnight = MAR_02_08H - 8 * 3600 * 1000
    assert ads.to_epoch_ms(date(2026, 3, 2), "start") == midnight
    assert ads.to_epoch_ms("2026-03-02", "start") == midnight


@pytest.mark.parametrize(
    ("value", "says"),
    [
        pytest.param(1772438400, "looks like epoch seconds", id="seconds"),
        pytest.param(datetime(2026, 3, 2, 8), "has no time zone", id="naive-datetime"),
        pytest.param("2026-03-02T08:00:00", "has no time zone", id="naive-iso"),
        pytest.param("next monday", "not an ISO 8601", id="prose"),
        pytest.param(True, "got a bool", id="bool"),
        pytest.param([1], "expected a time", id="list"),
    ],
)
def test_times_refused(value, says):
    with pytest.raises(InvalidValue, match=says):
        ads.to_epoch_ms(value, "runSchedule.start")


def test_schedule_end_after_start():
    assert ads.run_schedule({"start": "2026-03-02", "end": "2026-03-31"}) == {
        "start": 1772409600000,
        "end": 1774915200000,
    }
    with pytest.raises(InvalidValue, match="must be after the start"):
        ads.run_schedule({"start": "2026-03-31", "end": "2026-03-02"})
    with pytest.raises(InvalidValue, match="must be after the start"):
        ads.run_schedule({"start": MAR_02_08H, "end": MAR_02_08H})
    with pytest.raises(InvalidValue, match="unknown keys"):
        ads.run_schedule({"begin": MAR_02_08H})


def test_schedule_merge_keeps_and_removes():
    current = {"start": MAR_02_08H, "end": MAR_02_08H + 10_000}
    assert ads.merge_schedule(current, {"end": MAR_02_08H + 20_000}) == {
        "start": MAR_02_08H,
        "end": MAR_02_08H + 20_000,
    }
    assert ads.merge_schedule(current, {"end": None}) == {"start": MAR_02_08H}
    with pytest.raises(InvalidValue, match="must be after the start"):
        ads.merge_schedule(current, {"start": MAR_02_08H + 50_000})


# --- field names ---------------------------------------------------------------------------------------


def test_fields_normalized():
    out = ads.normalize_fields(
        "campaign",
        {"status": "active", "dailyBudget": 120, "runSchedule": {"end": "2026-03-31"}, "locale": "en_US"},
    )
    assert out["status"] == "ACTIVE"
    assert out["dailyBudget"] == ads.Money(Decimal("120"))
    assert out["runSchedule"] == {"end": 1774915200000}
    assert out["locale"] == {"country": "US", "language": "en"}
    assert ads.needs_currency(out)


@pytest.mark.parametrize(
    ("kind", "fields", "says", "fix"),
    [
        pytest.param(
            "campaign", {"dailybudget": 5}, "not a campaign field", "did you mean 'dailyBudget'", id="typo"
        ),
        pytest.param(
            "campaign",
            {"daily_budget": 5},
            "not a campaign field",
            "did you mean 'dailyBudget'",
            id="snake-case",
        ),
        pytest.param(
            "campaign", {"budget": 5}, "not a campaign field", "known fields: ", id="unknown-lists-known"
        ),
        pytest.param("campaign", {"id": 5}, "set by LinkedIn", "leave it out", id="read-only"),
        pytest.param("campaign", {"servingStatuses": []}, "set by LinkedIn", None, id="read-only-serving"),
        pytest.param(
            "campaign_group",
            {"objectiveType": "BRAND_AWARENESS"},
            "fixed when",
            None,
            id="group-objective-create-only",
        ),
        pytest.param("account", {"currency": "EUR"}, "fixed when", None, id="account-currency-create-only"),
        pytest.param(
            "campaign",
            {"objectiveType": "WEBSITE_VISITS"},
            "not a LinkedIn value",
            "use WEBSITE_VISIT (singular)",
            id="plural-objective",
        ),
        pytest.param("campaign", {"costType": "CPA"}, "not one of", None, id="cost-type"),
        pytest.param(
            "campaign", {"totalBudget": None}, "is None", "unset=['totalBudget']", id="none-means-unset"
        ),
        pytest.param("campaign_group", {"name": "x" * 101}, "at most 100", None, id="group-name-length"),
        pytest.param(
            "campaign",
            {"campaignGroup": "urn:li:sponsoredCampaign:1"},
            "sponsoredCampaignGroup",
            None,
            id="group-urn-type",
        ),
        pytest.param("campaign", {"locale": "english"}, "not a locale", None, id="locale"),
        pytest.param("campaign", ["status"], "expected a dict", None, id="not-a-dict"),
    ],
)
def test_fields_refused(kind, fields, says, fix):
    with pytest.raises(InvalidValue, match=says) as info:
        ads.normalize_fields(kind, fields)
    if fix:
        assert fix in (info.value.fix or "")


def test_unset_checks():
    assert ads.check_unset("campaign", ["totalBudget", "totalBudget"], {}) == ["totalBudget"]
    with pytest.raises(InvalidValue, match="required by LinkedIn"):
        ads.check_unset("campaign", ["name"], {})
    with pytest.raises(InvalidValue, match="both set"):
        ads.check_unset("campaign", ["dailyBudget"], {"dailyBudget": 1})
    with pytest.raises(InvalidValue, match="can be removed"):
        ads.check_unset("campaign", ["bogus"], {})


@pytest.mark.parametrize(
    ("kind", "body", "says"),
    [
        pytest.param(
            "campaign", {"name": "x"}, "needs campaignGroup, costType, locale, type", id="campaign-missing"
        ),
        pytest.param(
            "campaign_group",
            {"name": "g", "status": "ACTIVE"},
            "needs a runSchedule",
            id="group-active-needs-schedule",
        ),
        pytest.param(
            "campaign_group",
            {"name": "g", "status": "ARCHIVED"},
            "starts as DRAFT, ACTIVE or PAUSED",
            id="group-created-archived",
        ),
        pytest.param(
            "campaign_group",
            {
                "name": "g",
                "status": "DRAFT",
                "totalBudget": ads.Money(Decimal(1)),
                "runSchedule": {"start": MAR_02_08H},
            },
            "needs a schedule end",
            id="total-budget-needs-end",
        ),
    ],
)
def test_create_bodies_refused(kind, body, says):
    with pytest.raises(InvalidValue, match=says):
        ads.check_create(kind, body)


# --- diffs, patches, plans -----------------------------------------------------------------------------

CAMPAIGN = {
    "id": 610000001,
    "status": "ACTIVE",
    "type": "SPONSORED_UPDATES",
    "objectiveType": "WEBSITE_VISIT",
    "dailyBudget": {"amount": "50", "currencyCode": "USD"},
    "totalBudget": {"amount": "900.00", "currencyCode": "USD"},
    "runSchedule": {"start": MAR_02_08H},
    "name": "Always-on 01",
}


def test_diff_reports_old_and_new():
    desired = {
        "status": "PAUSED",
        "dailyBudget": {"amount": "50.00", "currencyCode": "USD"},
        "name": "Always-on 01",
    }
    assert ads.diff(CAMPAIGN, desired) == {"status": ["ACTIVE", "PAUSED"]}
    assert ads.diff(CAMPAIGN, {"format": "CAROUSEL"}) == {"format": [None, "CAROUSEL"]}


def test_build_patch_uses_set_and_delete_never_unset():
    body = ads.build_patch({"status": "PAUSED"}, ["totalBudget"])
    assert body == {"patch": {"$set": {"status": "PAUSED"}, "$delete": ["totalBudget"]}}
    assert "$unset" not in str(body)
    assert ads.build_patch({}, ["totalBudget"]) == {"patch": {"$delete": ["totalBudget"]}}


def test_plan_sends_only_what_differs():
    fields = ads.normalize_fields(
        "campaign", {"status": "PAUSED", "dailyBudget": 50, "runSchedule": {"end": "2026-03-31"}}
    )
    plan = ads.plan_update("campaign", "610000001", CAMPAIGN, fields, ["totalBudget"])
    assert plan.patch == {
        "patch": {
            "$set": {"status": "PAUSED", "runSchedule": {"start": MAR_02_08H, "end": 1774915200000}},
            "$delete": ["totalBudget"],
        }
    }
    assert plan.changed == {
        "status": ["ACTIVE", "PAUSED"],
        "runSchedule": [{"start": MAR_02_08H}, {"start": MAR_02_08H, "end": 1774915200000}],
        "totalBudget": [{"amount": "900.00", "currencyCode": "USD"}, None],
    }
    assert plan.result(written=True) == {"id": "610000001", "changed": plan.changed, "written": True}


def test_plan_with_nothing_to_change_has_no_patch():
    fields = ads.normalize_fields("campaign", {"status": "ACTIVE", "dailyBudget": "50.00"})
    plan = ads.plan_update("campaign", "610000001", CAMPAIGN, fields, ["format"])
    assert plan.changed == {} and plan.patch is None


@pytest.mark.parametrize(
    ("current", "fields", "says"),
    [
        pytest.param(
            {**CAMPAIGN, "status": "ARCHIVED"},
            {"status": "ACTIVE"},
            "INVALID_STATUS_TRANSITION",
            id="transition",
        ),
        pytest.param(
            CAMPAIGN,
            {"objectiveType": "ENGAGEMENT"},
            "only while the campaign is a DRAFT",
            id="draft-only-field",
        ),
        pytest.param(
            CAMPAIGN,
            {"dailyBudget": {"amount": 5, "currencyCode": "EUR"}},
            "CURRENCY_MISMATCH",
            id="currency",
        ),
        pytest.param(
            CAMPAIGN,
            {"runSchedule": {"end": "2026-01-01"}},
            "must be after the start",
            id="end-before-current-start",
        ),
    ],
)
def test_plan_refuses_what_linkedin_refuses(current, fields, says):
    with pytest.raises(InvalidValue, match=says):
        ads.plan_update("campaign", "1", current, ads.normalize_fields("campaign", fields), currency="USD")


def test_plan_allows_draft_only_fields_on_drafts():
    plan = ads.plan_update(
        "campaign",
        "1",
        {**CAMPAIGN, "status": "DRAFT"},
        ads.normalize_fields("campaign", {"objectiveType": "ENGAGEMENT"}),
    )
    assert plan.changed == {"objectiveType": ["WEBSITE_VISIT", "ENGAGEMENT"]}


def test_group_total_budget_needs_an_end_after_the_merge():
    group = {"id": 1, "status": "ACTIVE", "name": "g", "runSchedule": {"start": MAR_02_08H}}
    fields = ads.normalize_fields("campaign_group", {"totalBudget": 1000})
    with pytest.raises(InvalidValue, match="needs a schedule end"):
        ads.plan_update("campaign_group", "1", group, fields, currency="USD")
    fields = ads.normalize_fields(
        "campaign_group", {"totalBudget": 1000, "runSchedule": {"end": "2026-06-30"}}
    )
    plan = ads.plan_update("campaign_group", "1", group, fields, currency="USD")
    assert plan.set["totalBudget"] == {"amount": "1000.00", "currencyCode": "USD"}
