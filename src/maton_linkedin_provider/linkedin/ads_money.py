"""Money in ad objects: friendly amounts in, LinkedIn's money record out, never rounded silently.

A budget or bid is written as a number or numeric string (``120``, ``"99.5"``) in the account's
currency, or as ``{"amount": ..., "currencyCode": "USD"}``; it is sent as LinkedIn's money record
``{"amount": "120.00", "currencyCode": "USD"}``. Amounts must be positive and have no more
decimals than the currency has. Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from maton_linkedin_provider.linkedin.errors import InvalidValue, shown

#: Currencies without minor units (amounts are whole numbers).
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "HUF", "TWD"})
#: Every money field of the ad objects (each kind's own list is its spec's ``money_fields``).
MONEY_FIELDS = ("dailyBudget", "totalBudget", "unitCost")
#: The largest amount accepted (a quadrillion): beyond it no budget is meant, and Decimal's
#: default 28-digit context could not keep the cents exact (``quantize`` would fail).
MAX_AMOUNT = Decimal(10) ** 15


#: Values in error messages: the one helper of :mod:`~maton_linkedin_provider.linkedin.errors`.
shown_value = shown


def sorted_names(names: Any) -> list[str]:
    """Unknown keys of a record, for a message: shown and sorted whatever their types."""
    return sorted(shown_value(name) for name in names)


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


def currency_code(value: Any, field: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidValue(
            field, f"{shown_value(value)} is not an ISO 4217 currency code.", "use e.g. USD, EUR, GBP."
        )
    return code


def parse_amount(value: Any, field: str) -> Decimal:
    """A positive, finite amount from a number or a numeric string."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise InvalidValue(
            field, f"expected an amount, got {type(value).__name__}.", "use a number like 100."
        )
    if isinstance(value, int) and value.bit_length() > 64:
        raise InvalidValue(
            field, f"{shown_value(value)} is too large an amount.", f"use at most {MAX_AMOUNT:,}."
        )
    try:
        # An int goes in directly: str() of one past 4,300 digits raises ValueError.
        amount = (
            Decimal(value.strip())
            if isinstance(value, str)
            else Decimal(value)
            if isinstance(value, int)
            else Decimal(str(value))
        )
    except (InvalidOperation, ValueError):
        raise InvalidValue(
            field, f"{shown_value(value)} is not a number.", "use a number like 100 or '99.50'."
        ) from None
    if not amount.is_finite():
        raise InvalidValue(field, f"{shown_value(value)} is not a finite amount.")
    if amount <= 0:
        raise InvalidValue(
            field, f"the amount must be positive, got {shown_value(value)}.", "use an amount above 0."
        )
    if amount > MAX_AMOUNT:
        raise InvalidValue(
            field, f"{shown_value(value)} is too large an amount.", f"use at most {MAX_AMOUNT:,}."
        )
    return amount


def format_amount(amount: Decimal, currency: str, field: str) -> str:
    """``"100.00"`` (``"100"`` for currencies without minor units); refuses extra decimals."""
    places = 0 if currency in ZERO_DECIMAL_CURRENCIES else 2
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise InvalidValue(
            field, f"{amount} is not an amount LinkedIn takes.", f"use at most {MAX_AMOUNT:,}."
        )
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
            raise InvalidValue(
                field, f"unknown keys {sorted_names(unknown)}.", "use amount and currencyCode."
            )
        if "amount" not in value:
            raise InvalidValue(field, "has no amount.", '{"amount": "100.00", "currencyCode": "USD"}')
        code = value.get("currencyCode")
        return Money(
            parse_amount(value["amount"], f"{field}.amount"),
            None if code is None else currency_code(code, f"{field}.currencyCode"),
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
    except (InvalidOperation, ValueError):  # not numbers (or an int past 4,300 digits)
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


def needs_currency(fields: Mapping[str, Any]) -> bool:
    """Whether some money value waits for the account's currency."""
    return any(isinstance(v, Money) and v.currency is None for v in fields.values())


def resolve_money(fields: Mapping[str, Any], currency: str | None, field: str = "fields") -> dict[str, Any]:
    """The fields with each :class:`Money` turned into LinkedIn's money record in ``currency``."""
    return {
        name: value.to_json(currency, f"{field}.{name}") if isinstance(value, Money) else value
        for name, value in fields.items()
    }
