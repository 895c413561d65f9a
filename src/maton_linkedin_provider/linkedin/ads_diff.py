"""Diffs and patches of ad objects: what an update changes, and the Rest.li body that says so.

An update is planned against the object as read: only the fields that differ are ``$set``, only
present fields are ``$delete``-d, and nothing is sent when nothing differs. The checks that need
the current object (status transition, draft-only fields, the merged schedule, rules on the whole
object) run here, before any write. Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from maton_linkedin_provider.linkedin.ads_money import (
    ZERO_DECIMAL_CURRENCIES,
    currency_of,
    resolve_money,
    same_money,
)
from maton_linkedin_provider.linkedin.ads_schedule import merge_schedule
from maton_linkedin_provider.linkedin.adspec import AdObjectSpec, spec_of
from maton_linkedin_provider.linkedin.errors import InvalidValue


def same(a: Any, b: Any) -> bool:
    """Semantic equality of LinkedIn values: money by amount, records by keys, lists item by item."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if "amount" in a and "amount" in b:
            return same_money(a, b)
        keys = {k for k, v in a.items() if v is not None} | {k for k, v in b.items() if v is not None}
        return all(same(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def diff(current: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field of ``desired`` whose value differs from ``current``'s."""
    return {
        name: [current.get(name), value]
        for name, value in desired.items()
        if not same(current.get(name), value)
    }


#: Keys whose integer values are epoch milliseconds (``runSchedule.start``/``end``, audit stamps).
TIME_KEYS = frozenset({"start", "end", "time", "createdAt", "lastModifiedAt"})
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def iso_utc(ms: int) -> str | None:
    """``1767571200000`` -> ``"2026-01-05T00:00:00Z"`` (milliseconds shown when not zero; None past 9999)."""
    try:
        when = _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return None
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{ms % 1000:03d}Z" if ms % 1000 else f"{text}Z"


def money_text(value: Mapping[str, Any]) -> str:
    """``{"amount": "150", "currencyCode": "USD"}`` -> ``"150.00 USD"`` (as given when not a plain amount)."""
    amount, code = value.get("amount"), value.get("currencyCode")
    places = 0 if code in ZERO_DECIMAL_CURRENCIES else 2
    try:
        number = Decimal(str(amount))
        exact = number.is_finite() and number == number.quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        exact = False
    return f"{number:.{places}f} {code}" if exact else f"{amount} {code}"


def show_value(value: Any, key: str | None = None) -> str:
    """A field's value for a log a person reads: times as ``ms (ISO-8601 UTC)``, money as ``150.00 USD``.

    Records and lists keep their shape (``{'start': 1767571200000 (2026-01-05T00:00:00Z)}``); an
    integer is a time when its key is one of :data:`TIME_KEYS`.
    """
    if isinstance(value, Mapping):
        if "amount" in value and "currencyCode" in value:
            return money_text(value)
        return "{" + ", ".join(f"{k!r}: {show_value(v, str(k))}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if key in TIME_KEYS and isinstance(value, int) and not isinstance(value, bool):
        iso = iso_utc(value)
        return f"{value} ({iso})" if iso else repr(value)
    return repr(value)


def describe(changed: Mapping[str, Sequence[Any]]) -> str:
    """``{field: [old, new]}`` as one line: ``dailyBudget: 50.00 USD -> 150.00 USD; ...``."""
    parts = [
        f"{name}: {show_value(old, name)} -> {show_value(new, name)}" for name, (old, new) in changed.items()
    ]
    return "; ".join(parts) or "no change"


def build_patch(
    set_fields: Mapping[str, Any] | None = None, delete: Sequence[str] | None = None
) -> dict[str, Any]:
    """LinkedIn's Rest.li partial update body: ``{"patch": {"$set": {...}, "$delete": [...]}}``."""
    patch: dict[str, Any] = {}
    if set_fields:
        patch["$set"] = dict(set_fields)
    if delete:
        patch["$delete"] = list(delete)
    return {"patch": patch}


@dataclass
class UpdatePlan:
    """What one update will do to one object.

    :param id: the object's numeric id.
    :param changed: ``{field: [old, new]}``; ``new`` is ``None`` for a removed field.
    :param set: the fields to ``$set`` (only those that differ).
    :param delete: the fields to ``$delete`` (only those present).
    """

    id: str
    changed: dict[str, list[Any]]
    set: dict[str, Any]
    delete: list[str]

    @property
    def patch(self) -> dict[str, Any] | None:
        """The request body, or ``None`` when nothing differs (no request is sent)."""
        return build_patch(self.set, self.delete) if self.changed else None

    def result(self, written: bool) -> dict[str, Any]:
        """The XCom form: ``{"id", "changed", "written"}``."""
        return {"id": self.id, "changed": self.changed, "written": written}


def plan_update(
    kind: str | AdObjectSpec,
    object_id: str,
    current: Mapping[str, Any],
    fields: Mapping[str, Any],
    unset: Sequence[str] = (),
    *,
    currency: str | None = None,
    field: str = "fields",
) -> UpdatePlan:
    """Diff ``fields`` (from :func:`normalize_fields`) against the object as read, and check the result.

    Checks that need the current object: the status transition, draft-only fields, the merged
    schedule's order, the kind's rules on the whole object (a group's total budget needing an
    end), and the money currency.

    :raises InvalidValue: when LinkedIn would refuse the change (nothing should be written).
    """
    spec = spec_of(kind)
    desired = resolve_money(fields, currency or currency_of(current), field)
    if "runSchedule" in desired:
        desired["runSchedule"] = merge_schedule(
            current.get("runSchedule"), desired["runSchedule"], f"{field}.runSchedule"
        )
    changed = diff(current, desired)
    delete = [name for name in unset if current.get(name) is not None]
    for name in delete:
        changed[name] = [current.get(name), None]
    status = spec.status_field
    if status in changed:
        spec.check_transition(current.get(status), changed[status][1], f"{field}.{status}")
    frozen = sorted(name for name in changed if name in spec.catalogue.draft_only)
    if frozen and current.get(status) != "DRAFT":
        raise InvalidValue(
            f"{field}.{frozen[0]}",
            f"{', '.join(frozen)} can change only while the {spec.noun} is a DRAFT; it is "
            f"{current.get(status)} (LinkedIn answers 400 FIELD_IMMUTABLE_FOR_NON_DRAFT_CAMPAIGNS).",
            f"create a new {spec.noun} instead.",
        )
    if spec.object_rules and changed:
        after = {**current, **{k: v for k, v in desired.items() if k in changed}}
        for name in delete:
            after.pop(name, None)
        for rule in spec.object_rules:
            rule(after, field)
    return UpdatePlan(
        id=str(object_id),
        changed=changed,
        set={name: desired[name] for name in desired if name in changed},
        delete=delete,
    )
