"""Advertising objects (ad accounts, campaign groups, campaigns): checks, friendly values, diffs, patches.

Pure Python, no I/O: the hook calls these before it sends anything, so a bad status, a
negative budget, a schedule that ends before it starts or a misspelt field name costs no request.

What the user may write in ``fields`` (LinkedIn's own field names, camelCase):

- money (``dailyBudget``, ``totalBudget``, ``unitCost``): a number or numeric string (``120``,
  ``"99.5"``) in the account's currency, or ``{"amount": ..., "currencyCode": "USD"}``. Sent as
  LinkedIn's money record ``{"amount": "120.00", "currencyCode": "USD"}``. Amounts must be
  positive and have no more decimals than the currency has (no silent rounding of money).
- ``runSchedule``: ``{"start": ..., "end": ...}`` where each value is epoch milliseconds, a
  ``datetime`` with a time zone, a ``date`` (midnight UTC) or an ISO 8601 string
  (``"2026-03-02T08:00:00+01:00"``, ``"2026-03-02"``). On an update, a key left out keeps the
  current value and ``None`` removes it (``{"end": None}`` makes the schedule open-ended).
- ids: the number alone or the URN of the right type (``urn:li:sponsoredCampaign:123``).

Unknown field names are refused, with the list of known ones (a typo such as ``dailybudget``
would otherwise leave a budget unchanged while the task succeeds); read-only fields (``id``,
``servingStatuses``...) are refused too. To remove a field, name it in ``unset``: LinkedIn's
Rest.li patch removes fields with ``{"patch": {"$delete": [...]}}`` (there is no ``$unset``).

Each kind is described once, in :mod:`.adspec`; the functions here take a kind (``"campaign"``)
or its spec. Money is in :mod:`.ads_money`, schedules in :mod:`.ads_schedule`, value checks and
catalogues in :mod:`.ads_fields`, diffs and patches in :mod:`.ads_diff`; their public names are
re-exported here.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from typing import Any, Literal

from maton_linkedin_provider.linkedin.ads_diff import UpdatePlan, build_patch, diff, plan_update, same
from maton_linkedin_provider.linkedin.ads_fields import (
    ACCOUNT_TYPES,
    CAMPAIGN_TYPES,
    COST_TYPES,
    CREATIVE_SELECTIONS,
    OBJECTIVE_TYPES,
    PLURAL_OBJECTIVES,
    POLITICAL_INTENTS,
    SYSTEM_STATUSES,
    Catalogue,
    Check,
    choice,
    suggest,
)
from maton_linkedin_provider.linkedin.ads_money import (
    MONEY_FIELDS,
    ZERO_DECIMAL_CURRENCIES,
    Money,
    currency_of,
    format_amount,
    money,
    needs_currency,
    parse_amount,
    resolve_money,
    same_money,
    shown_value,
)
from maton_linkedin_provider.linkedin.ads_schedule import (
    check_schedule_order,
    merge_schedule,
    run_schedule,
    to_epoch_ms,
)
from maton_linkedin_provider.linkedin.adspec import (
    ACCOUNT_STATUSES,
    CAMPAIGN_STATUSES,
    CREATE_STATUSES,
    GROUP_STATUSES,
    SPECS,
    AdObjectSpec,
    Kind,
    spec_of,
)
from maton_linkedin_provider.linkedin.errors import InvalidValue

__all__ = [
    "ACCOUNT_STATUSES",
    "ACCOUNT_TYPES",
    "CAMPAIGN_STATUSES",
    "CAMPAIGN_TYPES",
    "COST_TYPES",
    "CREATE_STATUSES",
    "CREATIVE_SELECTIONS",
    "GROUP_STATUSES",
    "MONEY_FIELDS",
    "OBJECTIVE_TYPES",
    "PLURAL_OBJECTIVES",
    "POLITICAL_INTENTS",
    "SPECS",
    "SYSTEM_STATUSES",
    "ZERO_DECIMAL_CURRENCIES",
    "AdObjectSpec",
    "Catalogue",
    "Check",
    "Kind",
    "Money",
    "UpdatePlan",
    "build_patch",
    "check_create",
    "check_schedule_order",
    "check_status",
    "check_statuses",
    "check_transition",
    "check_unset",
    "choice",
    "currency_of",
    "diff",
    "format_amount",
    "is_many",
    "merge_schedule",
    "money",
    "needs_currency",
    "normalize_fields",
    "object_id",
    "object_ids",
    "object_urn",
    "parse_amount",
    "parse_fields",
    "plan_update",
    "resolve_money",
    "run_schedule",
    "same",
    "same_money",
    "spec_of",
    "to_epoch_ms",
]

# --- statuses ------------------------------------------------------------------------------------------


def check_status(value: Any, kind: str | AdObjectSpec, field: str = "status", *, writing: bool = True) -> str:
    """A valid status of ``kind``; with ``writing``, one a client may set (not COMPLETED or REMOVED)."""
    return spec_of(kind).check_status(value, field, writing=writing)


def check_statuses(value: Any, kind: str | AdObjectSpec, field: str = "status") -> list[str]:
    """One status or a list of them, as a list (for search filters: every status is allowed)."""
    spec = spec_of(kind)
    if value is not None and not isinstance(value, (str, list, tuple, set, frozenset)):
        raise InvalidValue(
            field, f"expected a status or a list of them, got {type(value).__name__}.", "e.g. ['ACTIVE']."
        )
    values = [value] if isinstance(value, str) else list(value or [])
    if not values:
        raise InvalidValue(field, "is empty.", f"give one or more of {', '.join(spec.statuses)}.")
    out: list[str] = []
    for item in values:
        status = spec.check_status(item, field, writing=False)
        if status not in out:
            out.append(status)
    return out


def check_transition(
    kind: str | AdObjectSpec, current: str | None, desired: str, field: str = "status"
) -> None:
    """Raise unless LinkedIn allows a ``kind`` to move from ``current`` to ``desired``."""
    spec_of(kind).check_transition(current, desired, field)


# --- ids -----------------------------------------------------------------------------------------------


def object_id(value: Any, kind: str | AdObjectSpec, field: str) -> str:
    """The numeric id of an ad object given as a number, digits, or a URN of its type."""
    return spec_of(kind).object_id(value, field)


def object_urn(value: Any, kind: str | AdObjectSpec, field: str) -> str:
    """``urn:li:{type}:{id}`` from a number, digits or a URN of the right type."""
    spec = spec_of(kind)
    return spec.urn(spec.object_id(value, field))


def object_ids(value: Any, kind: str | AdObjectSpec, field: str) -> list[str]:
    """One id or a list of ids, de-duplicated, order kept.

    A string may hold several, comma-separated (``"1,2"``) or as a rendered template's list
    (``"['1', '2']"`` or ``"[1, 2]"``).
    """
    spec = spec_of(kind)
    if isinstance(value, str) and value.strip().startswith("[") and value.strip().endswith("]"):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise InvalidValue(
                field, f"{value!r} is not a list of ids.", "use e.g. [610000001, 610000002]."
            ) from None
    if isinstance(value, str) and "," in value:
        items: list[Any] = [part for part in (p.strip() for p in value.split(",")) if part]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        items = [value]
    if not items:
        raise InvalidValue(field, "is empty.", f"give one {spec.noun} id or a list of them.")
    out: list[str] = []
    for index, item in enumerate(items):
        one = spec.object_id(item, f"{field}[{index}]" if len(items) > 1 else field)
        if one not in out:
            out.append(one)
    return out


def is_many(value: Any) -> bool:
    """Whether an id argument names several objects (a list, a comma-separated string, a rendered list)."""
    if isinstance(value, str):
        text = value.strip()
        return "," in text or (text.startswith("[") and text.endswith("]"))
    return isinstance(value, (list, tuple, set, frozenset))


# --- writes ------------------------------------------------------------------------------------------


def normalize_fields(
    kind: str | AdObjectSpec,
    fields: Mapping[str, Any] | None,
    *,
    purpose: Literal["create", "update"] = "update",
    field: str = "fields",
) -> dict[str, Any]:
    """Check and convert a dict of fields to write. Money values become :class:`Money` (currency later).

    :raises InvalidValue: for a non-dict, an unknown or read-only field name, a ``None`` value, or a
        value its field does not accept.
    """
    fields = parse_fields(fields, field)
    if fields is None:
        return {}
    if not isinstance(fields, Mapping):
        raise InvalidValue(field, f"expected a dict of LinkedIn field names, got {type(fields).__name__}.")
    spec = spec_of(kind)
    catalogue = spec.catalogue
    checks = {**catalogue.fields, **(catalogue.create_only if purpose == "create" else {})}
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if not isinstance(name, str):
            raise InvalidValue(
                field,
                f"field names are strings; got {shown_value(name)}.",
                f"known fields: {', '.join(catalogue.known(purpose))}.",
            )
        where = f"{field}.{name}"
        if name in catalogue.read_only:
            raise InvalidValue(where, f"{name} is set by LinkedIn and cannot be written.", "leave it out.")
        if name in catalogue.create_only and purpose == "update":
            raise InvalidValue(
                where,
                f"{name} is fixed when the {spec.noun} is created.",
                f"create a new {spec.noun} to change it.",
            )
        check = checks.get(name)
        if check is None:
            known = catalogue.known(purpose)
            raise InvalidValue(
                where,
                f"{name!r} is not a {spec.noun} field this provider writes.",
                f"{suggest(str(name), known)}known fields: {', '.join(known)}.",
            )
        if value is None:
            raise InvalidValue(where, "is None.", f"to remove {name}, pass unset=[{name!r}].")
        out[name] = check(value, where)
    return out


def parse_fields(value: Any, field: str = "fields") -> Any:
    """``fields`` as given, or parsed when a template rendered it to a string.

    A rendered dict is Python's repr (``"{'status': 'PAUSED'}"``) or JSON text
    (``'{"status": "PAUSED"}'``); either is read as a literal (JSON first, then
    :func:`ast.literal_eval`, which evaluates no code). An empty string means no fields.

    :raises InvalidValue: naming ``field`` for text that is neither.
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    fix = 'a dict such as {"status": "PAUSED"} (or its JSON text, e.g. from a template\'s | tojson).'
    if not (text.startswith("{") and text.endswith("}")):
        raise InvalidValue(field, f"{shown_value(value)} is not a dict of LinkedIn field names.", fix)
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise InvalidValue(
                field, f"{shown_value(value)} is neither JSON nor a Python dict literal.", fix
            ) from None
    if not isinstance(parsed, dict):
        raise InvalidValue(field, f"{shown_value(value)} is not a dict of LinkedIn field names.", fix)
    return parsed


def check_unset(
    kind: str | AdObjectSpec, unset: Any, fields: Mapping[str, Any], field: str = "unset"
) -> list[str]:
    """Field names to remove with ``$delete``: known, optional, and not also being set."""
    if unset is None:
        return []
    if not isinstance(unset, (str, list, tuple, set, frozenset)):
        raise InvalidValue(
            field, f"expected field names, got {type(unset).__name__}.", "e.g. ['totalBudget']."
        )
    names = [unset] if isinstance(unset, str) else list(unset)
    spec = spec_of(kind)
    catalogue = spec.catalogue
    out: list[str] = []
    for name in names:
        if not isinstance(name, str) or name not in catalogue.fields:
            known = sorted(set(catalogue.fields) - catalogue.required)
            hint = suggest(name, known) if isinstance(name, str) else ""
            raise InvalidValue(
                field,
                f"{shown_value(name)} is not a {spec.noun} field that can be removed.",
                f"{hint}removable fields: {', '.join(known)}.",
            )
        if name in catalogue.required:
            raise InvalidValue(field, f"{name} is required by LinkedIn and cannot be removed (422).")
        if name in fields:
            raise InvalidValue(field, f"{name} is both set (in fields) and removed (in unset).", "pick one.")
        if name not in out:
            out.append(name)
    return out


def check_create(kind: str | AdObjectSpec, body: Mapping[str, Any], field: str = "fields") -> None:
    """A create body has what LinkedIn requires (statuses a new object may have, budgets, schedules)."""
    spec = spec_of(kind)
    if not isinstance(body, Mapping):
        raise InvalidValue(field, f"expected a dict of LinkedIn field names, got {type(body).__name__}.")
    # ``status`` has a default (LinkedIn's ACTIVE for accounts; the hook sends DRAFT for the others).
    missing = sorted(name for name in spec.catalogue.required - {spec.status_field} if name not in body)
    if missing:
        raise InvalidValue(field, f"a new {spec.noun} needs {', '.join(missing)}.")
    status = body.get(spec.status_field)
    if status is not None and status not in spec.create_statuses:
        raise InvalidValue(
            f"{field}.{spec.status_field}",
            f"a new {spec.noun} starts as {', '.join(spec.create_statuses[:-1])} or "
            f"{spec.create_statuses[-1]}, not {shown_value(status)}.",
        )
    schedule = body.get("runSchedule")
    if "runSchedule" in body and not isinstance(schedule, Mapping):
        raise InvalidValue(
            f"{field}.runSchedule", f"expected {{'start': ...}}, got {type(schedule).__name__}."
        )
    if "runSchedule" in body and (schedule or {}).get("start") is None:
        raise InvalidValue(f"{field}.runSchedule.start", "a schedule needs a start.")
    for rule in (*spec.create_rules, *spec.object_rules):
        rule(body, field)
