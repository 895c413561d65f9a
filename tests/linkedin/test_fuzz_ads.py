"""Fuzzing the ads builders: for any input, every failure is :class:`InvalidValue` naming the argument.

Inputs mix text (with '²' and lone surrogates), ints past Python's 4,300-digit limit, floats
(nan, inf, 1e26), Decimals, dates at the extremes, aware datetimes, nested dicts and lists, None,
bools and bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maton_linkedin_provider.linkedin import ads
from maton_linkedin_provider.linkedin.errors import InvalidValue

FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

_EDGE = st.sampled_from(
    [
        "²",
        "\ud800",
        "1e26",
        "99.999",
        float("nan"),
        float("inf"),
        1e26,
        1e300,
        Decimal("1e26"),
        Decimal("NaN"),
        Decimal("1e-999999"),
        date.min,
        date.max,
        datetime.min.replace(tzinfo=timezone(timedelta(hours=23))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-23))),
        datetime.max,
        b"bytes",
        "urn:li:sponsoredCampaign:\udfff",
        "{'status': 'PAUSED'}",
        "[1, 2]",
        "2026-03-02",
        "9999-12-31T23:59:59-23:00",
    ]
)
#: Ints past Python's 4,300-digit str() limit (built lazily: hypothesis reprs its strategies).
_HUGE = st.one_of(
    st.builds(lambda sign: sign * 10**4400, st.sampled_from([1, -1])), st.builds(lambda: "9" * 4400)
)
SCALARS = st.one_of(
    _EDGE,
    _HUGE,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(allow_nan=False),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity")]),
    st.text(),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
)
KEYS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), _HUGE)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
    ),
    max_leaves=6,
)


def _text_of(value: Any) -> str:
    try:
        return repr(value)
    except ValueError:  # an int past 4,300 digits
        return "{'x': " + "9" * 5000 + "}"


KINDS = st.sampled_from(sorted(ads.SPECS))


def _field_names(kind: str) -> st.SearchStrategy[str]:
    cat = ads.spec_of(kind).catalogue
    return st.sampled_from(sorted({*cat.fields, *cat.create_only, *cat.read_only, "nope", "dailybudget"}))


@st.composite
def field_dicts(draw: Any, kind: str) -> dict[Any, Any]:
    known = _field_names(kind)
    return draw(st.dictionaries(st.one_of(known, KEYS), VALUES, max_size=4))


def _refused(call: Any, field: str) -> None:
    """``call()`` succeeds, or raises InvalidValue whose field is ``field`` or under it."""
    try:
        call()
    except InvalidValue as err:
        assert err.field == field or err.field.startswith((f"{field}.", f"{field}[")), err.field
        str(err)


@FAST
@given(VALUES)
def test_parse_amount(value: Any) -> None:
    _refused(lambda: ads.parse_amount(value, "dailyBudget"), "dailyBudget")


@FAST
@given(VALUES, st.sampled_from(["USD", "JPY", "EUR"]))
def test_money_and_format(value: Any, currency: str) -> None:
    _refused(lambda: ads.money(value, "dailyBudget").to_json(currency, "dailyBudget"), "dailyBudget")


@FAST
@given(st.decimals(), st.sampled_from(["USD", "JPY"]))
def test_format_amount(amount: Decimal, currency: str) -> None:
    _refused(lambda: ads.format_amount(amount, currency, "unitCost"), "unitCost")


@FAST
@given(VALUES, VALUES)
def test_same_money(a: Any, b: Any) -> None:
    assert ads.same_money({"amount": a, "currencyCode": "USD"}, {"amount": b, "currencyCode": "USD"}) in (
        True,
        False,
    )


@FAST
@given(VALUES)
def test_to_epoch_ms(value: Any) -> None:
    _refused(lambda: ads.to_epoch_ms(value, "runSchedule.start"), "runSchedule.start")


@FAST
@given(st.one_of(VALUES, st.fixed_dictionaries({}, optional={"start": VALUES, "end": VALUES})))
def test_run_schedule(value: Any) -> None:
    _refused(lambda: ads.run_schedule(value), "runSchedule")


@FAST
@given(
    st.dictionaries(st.sampled_from(["start", "end"]), st.integers()),
    st.dictionaries(st.sampled_from(["start", "end"]), st.one_of(st.none(), st.integers())),
)
def test_merge_schedule(current: Any, desired: Any) -> None:
    _refused(lambda: ads.merge_schedule(current, desired), "runSchedule")


@FAST
@given(KINDS, VALUES)
def test_status_checks(kind: str, value: Any) -> None:
    _refused(lambda: ads.check_status(value, kind), "status")
    _refused(lambda: ads.check_statuses(value, kind), "status")
    _refused(lambda: ads.check_transition(kind, value, "PAUSED"), "status")


@FAST
@given(KINDS, VALUES)
def test_object_ids(kind: str, value: Any) -> None:
    _refused(lambda: ads.object_id(value, kind, "campaign_id"), "campaign_id")
    _refused(lambda: ads.object_urn(value, kind, "campaign_id"), "campaign_id")
    _refused(lambda: ads.object_ids(value, kind, "campaign_id"), "campaign_id")


@FAST
@given(KINDS, st.data())
def test_normalize_fields_and_create(kind: str, data: Any) -> None:
    fields = data.draw(st.one_of(field_dicts(kind), VALUES))
    for purpose in ("create", "update"):
        try:
            body = ads.normalize_fields(kind, fields, purpose=purpose)
        except InvalidValue as err:
            assert err.field == "fields" or err.field.startswith("fields."), err.field
            continue
        _refused(lambda body=body: ads.check_create(kind, ads.resolve_money(body, "USD")), "fields")
        current = data.draw(field_dicts(kind))
        _refused(
            lambda body=body, current=current: ads.plan_update(kind, "1", current, body, currency="USD"),
            "fields",
        )


@FAST
@given(KINDS, VALUES)
def test_check_unset(kind: str, value: Any) -> None:
    _refused(lambda: ads.check_unset(kind, value, {}), "unset")


@FAST
@given(KINDS, VALUES)
def test_check_create_any_body(kind: str, body: Any) -> None:
    _refused(lambda: ads.check_create(kind, body), "fields")


@FAST
@given(st.one_of(st.text(), st.builds(_text_of, VALUES), st.builds(lambda v: "{" + v + "}", st.text())))
def test_rendered_fields_text(text: str) -> None:
    _refused(lambda: ads.normalize_fields("campaign", text), "fields")


def test_rendered_fields_are_parsed() -> None:
    assert ads.normalize_fields("campaign_group", "{'status': 'PAUSED'}") == {"status": "PAUSED"}
    assert ads.normalize_fields("campaign_group", '{"status": "PAUSED"}') == {"status": "PAUSED"}
    assert ads.normalize_fields("campaign_group", "") == {}
