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

Status transitions follow the rules LinkedIn enforces (400 ``INVALID_STATUS_TRANSITION``):
``COMPLETED`` and ``REMOVED`` are set by LinkedIn only; nothing goes back to ``DRAFT``;
``ARCHIVED`` can only be unarchived to ``PAUSED``; ``COMPLETED`` and ``CANCELED`` can only be
archived; ``PENDING_DELETION`` and ``REMOVED`` are final. LinkedIn does not publish the full
matrix; :data:`TRANSITIONS` is the model shared by the client checks (the sandbox keeps its own copy).
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.urns import Urn, coerce_urn, parse_urn

Kind = Literal["account", "campaign_group", "campaign"]

# --- enumerations ----------------------------------------------------------------------------------

ACCOUNT_STATUSES = ("ACTIVE", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
GROUP_STATUSES = ("ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
CAMPAIGN_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "COMPLETED",
    "CANCELED",
    "DRAFT",
    "PENDING_DELETION",
    "REMOVED",
)
#: Statuses LinkedIn sets by itself: never accepted in a write.
SYSTEM_STATUSES = frozenset({"COMPLETED", "REMOVED"})
#: Statuses a new object may be created with.
CREATE_STATUSES = ("DRAFT", "ACTIVE", "PAUSED")
ACCOUNT_TYPES = ("BUSINESS", "ENTERPRISE")
CAMPAIGN_TYPES = ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
OBJECTIVE_TYPES = (
    "BRAND_AWARENESS",
    "WEBSITE_VISIT",
    "ENGAGEMENT",
    "VIDEO_VIEW",
    "LEAD_GENERATION",
    "WEBSITE_CONVERSION",
    "JOB_APPLICANT",
    "TALENT_LEAD",
    "CREATIVE_ENGAGEMENT",
)
#: The plural spellings on Maton's page; LinkedIn answers 422 "is not an enum symbol" to them.
PLURAL_OBJECTIVES = {
    "WEBSITE_VISITS": "WEBSITE_VISIT",
    "VIDEO_VIEWS": "VIDEO_VIEW",
    "WEBSITE_CONVERSIONS": "WEBSITE_CONVERSION",
    "JOB_APPLICANTS": "JOB_APPLICANT",
    "TALENT_LEADS": "TALENT_LEAD",
    "LEAD_GENERATIONS": "LEAD_GENERATION",
    "ENGAGEMENTS": "ENGAGEMENT",
}
COST_TYPES = ("CPM", "CPC", "CPV")
CREATIVE_SELECTIONS = ("OPTIMIZED", "ROUND_ROBIN")
POLITICAL_INTENTS = ("NOT_POLITICAL", "POLITICAL", "NOT_DECLARED")

_STATUSES: dict[Kind, tuple[str, ...]] = {
    "account": ACCOUNT_STATUSES,
    "campaign_group": GROUP_STATUSES,
    "campaign": CAMPAIGN_STATUSES,
}
_NOUN: dict[Kind, str] = {"account": "ad account", "campaign_group": "campaign group", "campaign": "campaign"}

#: Allowed status changes (from -> to), per kind. Same status -> same status is always a no-op.
TRANSITIONS: dict[Kind, dict[str, frozenset[str]]] = {
    "campaign": {
        "DRAFT": frozenset({"ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "ACTIVE": frozenset({"PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "PAUSED": frozenset({"ACTIVE", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "ARCHIVED": frozenset({"PAUSED", "PENDING_DELETION"}),
        "COMPLETED": frozenset({"ARCHIVED"}),
        "CANCELED": frozenset({"ARCHIVED"}),
        "PENDING_DELETION": frozenset(),
        "REMOVED": frozenset(),
    },
    "campaign_group": {
        "DRAFT": frozenset({"ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "ACTIVE": frozenset({"PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "PAUSED": frozenset({"ACTIVE", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
        "ARCHIVED": frozenset({"PAUSED", "PENDING_DELETION"}),
        "CANCELED": frozenset({"ARCHIVED"}),
        "PENDING_DELETION": frozenset(),
        "REMOVED": frozenset(),
    },
    "account": {
        "DRAFT": frozenset({"ACTIVE", "CANCELED", "PENDING_DELETION"}),
        "ACTIVE": frozenset({"CANCELED", "PENDING_DELETION"}),
        "CANCELED": frozenset(),
        "PENDING_DELETION": frozenset(),
        "REMOVED": frozenset(),
    },
}

#: Currencies without minor units (amounts are whole numbers).
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "HUF", "TWD"})
MONEY_FIELDS = ("dailyBudget", "totalBudget", "unitCost")
#: Epoch values below this are seconds, not milliseconds (10**11 ms is March 1973).
_MIN_EPOCH_MS = 10**11

# --- small checks --------------------------------------------------------------------------------------


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        hit = lowered.get(name.lower().replace("_", ""))
        close = [hit] if hit else []
    return f"did you mean {close[0]!r}? " if close else ""


def choice(value: Any, allowed: Sequence[str], field: str) -> str:
    """``value`` if it is one of ``allowed`` (exact spelling), else :class:`InvalidValue`."""
    if isinstance(value, str) and value in allowed:
        return value
    if isinstance(value, str) and value.strip().upper() in allowed:
        return value.strip().upper()
    raise InvalidValue(
        field, f"{value!r} is not one of {', '.join(allowed)}.", f"use one of {', '.join(allowed)}."
    )


def check_status(value: Any, kind: Kind, field: str = "status", *, writing: bool = True) -> str:
    """A valid status of ``kind``; with ``writing``, one a client may set (not COMPLETED or REMOVED)."""
    status = choice(value, _STATUSES[kind], field)
    if writing and status in SYSTEM_STATUSES:
        raise InvalidValue(
            field,
            f"{status} is set by LinkedIn only; a {_NOUN[kind]} cannot be given that status.",
            "use PAUSED or ARCHIVED to stop serving.",
        )
    return status


def check_statuses(value: Any, kind: Kind, field: str = "status") -> list[str]:
    """One status or a list of them, as a list (for search filters: every status is allowed)."""
    values = [value] if isinstance(value, str) else list(value or [])
    if not values:
        raise InvalidValue(field, "is empty.", f"give one or more of {', '.join(_STATUSES[kind])}.")
    out: list[str] = []
    for item in values:
        status = check_status(item, kind, field, writing=False)
        if status not in out:
            out.append(status)
    return out


def check_transition(kind: Kind, current: str | None, desired: str, field: str = "status") -> None:
    """Raise unless LinkedIn allows a ``kind`` to move from ``current`` to ``desired``."""
    if current is None or current == desired:
        return
    allowed = TRANSITIONS[kind].get(current)
    if allowed is None or desired in allowed:
        return
    options = ", ".join(sorted(allowed)) if allowed else "none (it is final)"
    fix = {
        ("ARCHIVED", "ACTIVE"): "unarchive it first (status PAUSED), then activate it.",
    }.get((current, desired), f"from {current} LinkedIn allows: {options}.")
    if desired == "DRAFT":
        fix = "nothing goes back to DRAFT; create a new draft instead."
    raise InvalidValue(
        field,
        f"LinkedIn does not allow a {_NOUN[kind]} to go from {current} to {desired} "
        "(it answers 400 INVALID_STATUS_TRANSITION).",
        fix,
    )


# --- ids -----------------------------------------------------------------------------------------------

_ENTITY: dict[Kind, str] = {
    "account": "sponsoredAccount",
    "campaign_group": "sponsoredCampaignGroup",
    "campaign": "sponsoredCampaign",
}


def object_id(value: Any, kind: Kind, field: str) -> str:
    """The numeric id of an account, group or campaign given as a number, digits, or a URN of its type."""
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, (str, int, Urn)) or isinstance(value, bool):
        raise InvalidValue(
            field,
            f"expected a {_NOUN[kind]} id, got {type(value).__name__}.",
            f"use the number or urn:li:{_ENTITY[kind]}:{{id}}.",
        )
    return coerce_urn(value, _ENTITY[kind], field=field).id


def object_urn(value: Any, kind: Kind, field: str) -> str:
    """``urn:li:{type}:{id}`` from a number, digits or a URN of the right type."""
    return f"urn:li:{_ENTITY[kind]}:{object_id(value, kind, field)}"


def object_ids(value: Any, kind: Kind, field: str) -> list[str]:
    """One id or a list of ids, de-duplicated, order kept.

    A string may hold several, comma-separated (``"1,2"``) or as a rendered template's list
    (``"['1', '2']"`` or ``"[1, 2]"``).
    """
    if isinstance(value, str) and value.strip().startswith("[") and value.strip().endswith("]"):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
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
        raise InvalidValue(field, "is empty.", f"give one {_NOUN[kind]} id or a list of them.")
    out: list[str] = []
    for index, item in enumerate(items):
        one = object_id(item, kind, f"{field}[{index}]" if len(items) > 1 else field)
        if one not in out:
            out.append(one)
    return out


def is_many(value: Any) -> bool:
    """Whether an id argument names several objects (a list, a comma-separated string, a rendered list)."""
    if isinstance(value, str):
        text = value.strip()
        return "," in text or (text.startswith("[") and text.endswith("]"))
    return isinstance(value, (list, tuple, set, frozenset))


# --- money ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """An amount waiting for its currency (``currency`` None: the account's, known after one read)."""

    amount: Decimal
    currency: str | None = None

    def to_json(self, currency: str | None, field: str) -> dict[str, str]:
        """LinkedIn's money record; refuses a currency other than the account's."""
        code = self.currency or currency
        if code is None:
            raise InvalidValue(field, "the account's currency is unknown.", "give currencyCode explicitly.")
        if currency is not None and code != currency:
            raise InvalidValue(
                field,
                f"{code} differs from the ad account's currency {currency} (LinkedIn answers 400 "
                "CURRENCY_MISMATCH).",
                f"give the amount in {currency}, or leave currencyCode out.",
            )
        return {"amount": format_amount(self.amount, code, field), "currencyCode": code}


def _currency_code(value: Any, field: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidValue(field, f"{value!r} is not an ISO 4217 currency code.", "use e.g. USD, EUR, GBP.")
    return code


def parse_amount(value: Any, field: str) -> Decimal:
    """A positive, finite amount from a number or a numeric string."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise InvalidValue(
            field, f"expected an amount, got {type(value).__name__}.", "use a number like 100."
        )
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(str(value))
    except InvalidOperation:
        raise InvalidValue(
            field, f"{value!r} is not a number.", "use a number like 100 or '99.50'."
        ) from None
    if not amount.is_finite():
        raise InvalidValue(field, f"{value!r} is not a finite amount.")
    if amount <= 0:
        raise InvalidValue(field, f"the amount must be positive, got {value!r}.", "use an amount above 0.")
    return amount


def format_amount(amount: Decimal, currency: str, field: str) -> str:
    """``"100.00"`` (``"100"`` for currencies without minor units); refuses extra decimals."""
    places = 0 if currency in ZERO_DECIMAL_CURRENCIES else 2
    quantum = Decimal(1).scaleb(-places)
    rounded = amount.quantize(quantum)
    if rounded != amount:
        raise InvalidValue(
            field,
            f"{amount} {currency} has more than {places} decimal places; money is never rounded silently.",
            f"round it yourself, e.g. {rounded}.",
        )
    return f"{rounded:.{places}f}"


def money(value: Any, field: str) -> Money:
    """A friendly money value: a number, a numeric string, or ``{"amount", "currencyCode"}``."""
    if isinstance(value, Money):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - {"amount", "currencyCode"}
        if unknown:
            raise InvalidValue(field, f"unknown keys {sorted(unknown)}.", "use amount and currencyCode.")
        if "amount" not in value:
            raise InvalidValue(field, "has no amount.", '{"amount": "100.00", "currencyCode": "USD"}')
        code = value.get("currencyCode")
        return Money(
            parse_amount(value["amount"], f"{field}.amount"),
            None if code is None else _currency_code(code, f"{field}.currencyCode"),
        )
    return Money(parse_amount(value, field))


def same_money(a: Any, b: Any) -> bool:
    """Equal money records, comparing amounts as numbers (``"100"`` equals ``"100.00"``)."""
    if not (isinstance(a, Mapping) and isinstance(b, Mapping)):
        return False
    try:
        return bool(
            Decimal(str(a.get("amount"))) == Decimal(str(b.get("amount")))
            and a.get("currencyCode") == b.get("currencyCode")
        )
    except InvalidOperation:
        return False


def currency_of(obj: Mapping[str, Any] | None) -> str | None:
    """The currency of an object read from LinkedIn: an account's ``currency``, or any money field's."""
    if not obj:
        return None
    if isinstance(obj.get("currency"), str):
        return str(obj["currency"])
    for name in MONEY_FIELDS:
        value = obj.get(name)
        if isinstance(value, Mapping) and isinstance(value.get("currencyCode"), str):
            return str(value["currencyCode"])
    return None


# --- schedules -----------------------------------------------------------------------------------------


def to_epoch_ms(value: Any, field: str) -> int:
    """Epoch milliseconds from ms, a timezone-aware datetime, a date (midnight UTC) or an ISO string."""
    if isinstance(value, bool):
        raise InvalidValue(field, "expected a time, got a bool.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isdigit() else _parse_iso(text, field)
    if isinstance(value, int):
        if value < _MIN_EPOCH_MS:
            raise InvalidValue(
                field,
                f"{value} looks like epoch seconds (or is before 1973); LinkedIn takes milliseconds.",
                f"use {value * 1000} or a datetime / ISO 8601 string.",
            )
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidValue(
                field,
                f"{value.isoformat()} has no time zone; a schedule that spends money must say which.",
                "give an aware datetime or an ISO string with an offset, e.g. 2026-03-02T08:00:00+00:00.",
            )
        return int(value.timestamp() * 1000)
    if isinstance(value, date):
        return int(datetime(value.year, value.month, value.day, tzinfo=timezone.utc).timestamp() * 1000)
    raise InvalidValue(
        field,
        f"expected a time, got {type(value).__name__}.",
        "use epoch milliseconds, a datetime, a date or an ISO 8601 string.",
    )


def _parse_iso(text: str, field: str) -> datetime | date:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso)
        return datetime.fromisoformat(iso)
    except ValueError:
        raise InvalidValue(
            field,
            f"{text!r} is not an ISO 8601 date or time.",
            "use e.g. 2026-03-02T08:00:00Z or 2026-03-02.",
        ) from None


def run_schedule(value: Any, field: str = "runSchedule") -> dict[str, int | None]:
    """``{"start": ms, "end": ms}`` from friendly values; ``None`` values kept (they mean "remove")."""
    if not isinstance(value, Mapping):
        raise InvalidValue(field, f"expected {{'start': ..., 'end': ...}}, got {type(value).__name__}.")
    unknown = set(value) - {"start", "end"}
    if unknown:
        raise InvalidValue(field, f"unknown keys {sorted(unknown)}.", "use start and end.")
    if not value:
        raise InvalidValue(field, "is empty.", "give start and/or end.")
    out: dict[str, int | None] = {}
    for key in ("start", "end"):
        if key in value:
            out[key] = None if value[key] is None else to_epoch_ms(value[key], f"{field}.{key}")
    check_schedule_order(out, field)
    return out


def check_schedule_order(schedule: Mapping[str, Any], field: str = "runSchedule") -> None:
    """Raise when both ends are set and the end is not after the start."""
    start, end = schedule.get("start"), schedule.get("end")
    if isinstance(start, int) and isinstance(end, int) and end <= start:
        raise InvalidValue(
            field,
            f"the end ({_iso(end)}) must be after the start ({_iso(start)}).",
            "move the end later, or leave it out for an open-ended schedule.",
        )


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def merge_schedule(
    current: Any, desired: Mapping[str, int | None], field: str = "runSchedule"
) -> dict[str, int]:
    """The schedule after an update: keys given replace, ``None`` removes, the rest is kept."""
    merged: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
    for key, value in desired.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    check_schedule_order(merged, field)
    return merged


# --- field catalogues ----------------------------------------------------------------------------------

Check = Callable[[Any, str], Any]


def _text(limit: int) -> Check:
    def check(value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(field, "must be a non-empty string.")
        if len(value) > limit:
            raise InvalidValue(field, f"is {len(value)} characters; LinkedIn allows at most {limit}.")
        return value

    return check


def _enum(allowed: Sequence[str], hints: Mapping[str, str] | None = None) -> Check:
    def check(value: Any, field: str) -> str:
        if hints and isinstance(value, str) and value.strip().upper() in hints:
            right = hints[value.strip().upper()]
            raise InvalidValue(
                field,
                f"{value!r} is not a LinkedIn value (the plural forms on Maton's page get 422 "
                '"is not an enum symbol").',
                f"use {right} (singular).",
            )
        return choice(value, allowed, field)

    return check


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, f"expected true or false, got {value!r}.")
    return value


def _record(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidValue(field, f"expected an object, got {type(value).__name__}.")
    return dict(value)


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, "must be a non-empty string.")
    return value


def _locale(value: Any, field: str) -> dict[str, str]:
    if isinstance(value, str):  # "en_US"
        language, _, country = value.partition("_")
        value = {"language": language, "country": country}
    if not isinstance(value, Mapping) or set(value) != {"country", "language"}:
        raise InvalidValue(
            field, f"{value!r} is not a locale.", '{"country": "US", "language": "en"} or "en_US".'
        )
    country, language = str(value["country"]), str(value["language"])
    if not (len(country) == 2 and country.isalpha() and len(language) == 2 and language.isalpha()):
        raise InvalidValue(field, f"{dict(value)!r} is not a locale.", '{"country": "US", "language": "en"}.')
    return {"country": country.upper(), "language": language.lower()}


def _group_urn(value: Any, field: str) -> str:
    return object_urn(value, "campaign_group", field)


def _org_urn(value: Any, field: str) -> str:
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return f"urn:li:organization:{str(value).strip()}"
    return str(parse_urn(value, field=field, types=("organization",)))


def _any_urn(value: Any, field: str) -> str:
    return str(parse_urn(value, field=field))


def _status_check(kind: Kind) -> Check:
    def check(value: Any, field: str) -> str:
        return check_status(value, kind, field)

    return check


def _money_check(value: Any, field: str) -> Money:
    return money(value, field)


def _schedule_check(value: Any, field: str) -> dict[str, int | None]:
    return run_schedule(value, field)


@dataclass(frozen=True)
class Catalogue:
    """What may be written on one kind of object.

    :param fields: field name -> check/normalizer, for creates and updates.
    :param create_only: fields given at creation and immutable afterwards.
    :param read_only: fields LinkedIn sets (refused in writes, with that reason).
    :param required: fields a create needs and an update cannot ``$delete``.
    :param draft_only: fields that may change only while the object is a DRAFT.
    """

    fields: Mapping[str, Check]
    create_only: Mapping[str, Check] = field(default_factory=dict)
    read_only: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    draft_only: frozenset[str] = frozenset()

    def known(self, purpose: str) -> list[str]:
        names = list(self.fields) + (list(self.create_only) if purpose == "create" else [])
        return sorted(names)


_COMMON_READ_ONLY = frozenset({"id", "test", "servingStatuses", "version", "changeAuditStamps"})

CATALOGUES: dict[Kind, Catalogue] = {
    "account": Catalogue(
        fields={
            "name": _text(100),
            "status": _status_check("account"),
            "reference": _org_urn,
            "notifiedOnCampaignOptimization": _bool,
            "notifiedOnCreativeApproval": _bool,
            "notifiedOnCreativeRejection": _bool,
            "notifiedOnEndOfCampaign": _bool,
            "notifiedOnNewFeaturesEnabled": _bool,
        },
        create_only={
            "currency": _currency_code,
            "type": _enum(ACCOUNT_TYPES),
        },
        read_only=_COMMON_READ_ONLY,
        required=frozenset({"name", "status", "reference"}),
    ),
    "campaign_group": Catalogue(
        fields={
            "name": _text(100),
            "status": _status_check("campaign_group"),
            "runSchedule": _schedule_check,
            "totalBudget": _money_check,
            "dailyBudget": _money_check,
            "budgetOptimization": _record,
        },
        create_only={"objectiveType": _enum(OBJECTIVE_TYPES, PLURAL_OBJECTIVES)},
        read_only=_COMMON_READ_ONLY | {"account", "backfilled", "allowedCampaignTypes"},
        required=frozenset({"name", "status"}),
    ),
    "campaign": Catalogue(
        fields={
            "campaignGroup": _group_urn,
            "name": _text(255),
            "status": _status_check("campaign"),
            "type": _enum(CAMPAIGN_TYPES),
            "objectiveType": _enum(OBJECTIVE_TYPES, PLURAL_OBJECTIVES),
            "costType": _enum(COST_TYPES),
            "unitCost": _money_check,
            "dailyBudget": _money_check,
            "totalBudget": _money_check,
            "locale": _locale,
            "runSchedule": _schedule_check,
            "targetingCriteria": _record,
            "format": _string,
            "offsiteDeliveryEnabled": _bool,
            "audienceExpansionEnabled": _bool,
            "creativeSelection": _enum(CREATIVE_SELECTIONS),
            "optimizationTargetType": _string,
            "pacingStrategy": _string,
            "associatedEntity": _any_urn,
            "politicalIntent": _enum(POLITICAL_INTENTS),
        },
        read_only=_COMMON_READ_ONLY | {"account"},
        required=frozenset({"campaignGroup", "name", "status", "type", "costType", "locale"}),
        draft_only=frozenset({"type", "objectiveType"}),
    ),
}


def normalize_fields(
    kind: Kind,
    fields: Mapping[str, Any] | None,
    *,
    purpose: Literal["create", "update"] = "update",
    field: str = "fields",
) -> dict[str, Any]:
    """Check and convert a dict of fields to write. Money values become :class:`Money` (currency later).

    :raises InvalidValue: for a non-dict, an unknown or read-only field name, a ``None`` value, or a
        value its field does not accept.
    """
    if fields is None:
        return {}
    if not isinstance(fields, Mapping):
        raise InvalidValue(field, f"expected a dict of LinkedIn field names, got {type(fields).__name__}.")
    catalogue = CATALOGUES[kind]
    checks = {**catalogue.fields, **(catalogue.create_only if purpose == "create" else {})}
    out: dict[str, Any] = {}
    for name, value in fields.items():
        where = f"{field}.{name}"
        if name in catalogue.read_only:
            raise InvalidValue(where, f"{name} is set by LinkedIn and cannot be written.", "leave it out.")
        if name in catalogue.create_only and purpose == "update":
            raise InvalidValue(
                where,
                f"{name} is fixed when the {_NOUN[kind]} is created.",
                f"create a new {_NOUN[kind]} to change it.",
            )
        check = checks.get(name)
        if check is None:
            known = catalogue.known(purpose)
            raise InvalidValue(
                where,
                f"{name!r} is not a {_NOUN[kind]} field this provider writes.",
                f"{_suggest(str(name), known)}known fields: {', '.join(known)}.",
            )
        if value is None:
            raise InvalidValue(where, "is None.", f"to remove {name}, pass unset=[{name!r}].")
        out[name] = check(value, where)
    return out


def check_unset(kind: Kind, unset: Any, fields: Mapping[str, Any], field: str = "unset") -> list[str]:
    """Field names to remove with ``$delete``: known, optional, and not also being set."""
    if unset is None:
        return []
    names = [unset] if isinstance(unset, str) else list(unset)
    catalogue = CATALOGUES[kind]
    out: list[str] = []
    for name in names:
        if not isinstance(name, str) or name not in catalogue.fields:
            known = sorted(set(catalogue.fields) - catalogue.required)
            raise InvalidValue(
                field,
                f"{name!r} is not a {_NOUN[kind]} field that can be removed.",
                f"{_suggest(str(name), known)}removable fields: {', '.join(known)}.",
            )
        if name in catalogue.required:
            raise InvalidValue(field, f"{name} is required by LinkedIn and cannot be removed (422).")
        if name in fields:
            raise InvalidValue(field, f"{name} is both set (in fields) and removed (in unset).", "pick one.")
        if name not in out:
            out.append(name)
    return out


def needs_currency(fields: Mapping[str, Any]) -> bool:
    """Whether some money value waits for the account's currency."""
    return any(isinstance(v, Money) and v.currency is None for v in fields.values())


def resolve_money(fields: Mapping[str, Any], currency: str | None, field: str = "fields") -> dict[str, Any]:
    """The fields with each :class:`Money` turned into LinkedIn's money record in ``currency``."""
    return {
        name: value.to_json(currency, f"{field}.{name}") if isinstance(value, Money) else value
        for name, value in fields.items()
    }


def check_create(kind: Kind, body: Mapping[str, Any], field: str = "fields") -> None:
    """A create body has what LinkedIn requires (statuses a new object may have, budgets, schedules)."""
    catalogue = CATALOGUES[kind]
    # ``status`` has a default (LinkedIn's ACTIVE for accounts; the hook sends DRAFT for the others).
    missing = sorted(name for name in catalogue.required - {"status"} if name not in body)
    if missing:
        raise InvalidValue(field, f"a new {_NOUN[kind]} needs {', '.join(missing)}.")
    status = body.get("status")
    if status is not None and status not in CREATE_STATUSES and kind != "account":
        raise InvalidValue(
            f"{field}.status", f"a new {_NOUN[kind]} starts as DRAFT, ACTIVE or PAUSED, not {status}."
        )
    schedule = body.get("runSchedule") or {}
    if "runSchedule" in body and schedule.get("start") is None:
        raise InvalidValue(f"{field}.runSchedule.start", "a schedule needs a start.")
    if kind == "campaign":
        if "dailyBudget" not in body and "totalBudget" not in body:
            raise InvalidValue(field, "a campaign needs a dailyBudget or a totalBudget.")
        if "runSchedule" not in body:
            raise InvalidValue(f"{field}.runSchedule", "a campaign needs a runSchedule with a start.")
    if kind == "campaign_group" and status != "DRAFT" and "runSchedule" not in body:
        raise InvalidValue(
            f"{field}.runSchedule", "a campaign group that is not a DRAFT needs a runSchedule with a start."
        )
    if kind == "campaign_group" and "totalBudget" in body and schedule.get("end") is None:
        raise InvalidValue(
            f"{field}.runSchedule.end", "a campaign group with a totalBudget needs a schedule end."
        )


# --- diffs and patches ---------------------------------------------------------------------------------


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
    kind: Kind,
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
    schedule's order, a group's total budget needing an end, and the money currency.

    :raises InvalidValue: when LinkedIn would refuse the change (nothing should be written).
    """
    desired = resolve_money(fields, currency or currency_of(current), field)
    if "runSchedule" in desired:
        desired["runSchedule"] = merge_schedule(
            current.get("runSchedule"), desired["runSchedule"], f"{field}.runSchedule"
        )
    changed = diff(current, desired)
    delete = [name for name in unset if current.get(name) is not None]
    for name in delete:
        changed[name] = [current.get(name), None]
    if "status" in changed:
        check_transition(kind, current.get("status"), changed["status"][1], f"{field}.status")
    catalogue = CATALOGUES[kind]
    frozen = sorted(name for name in changed if name in catalogue.draft_only)
    if frozen and current.get("status") != "DRAFT":
        raise InvalidValue(
            f"{field}.{frozen[0]}",
            f"{', '.join(frozen)} can change only while the {_NOUN[kind]} is a DRAFT; it is "
            f"{current.get('status')} (LinkedIn answers 400 FIELD_IMMUTABLE_FOR_NON_DRAFT_CAMPAIGNS).",
            f"create a new {_NOUN[kind]} instead.",
        )
    if kind == "campaign_group" and changed:
        after = {**current, **{k: v for k, v in desired.items() if k in changed}}
        for name in delete:
            after.pop(name, None)
        if after.get("totalBudget") and not (after.get("runSchedule") or {}).get("end"):
            raise InvalidValue(
                f"{field}.runSchedule.end", "a campaign group with a totalBudget needs a schedule end."
            )
    return UpdatePlan(
        id=str(object_id),
        changed=changed,
        set={name: desired[name] for name in desired if name in changed},
        delete=delete,
    )
