"""Sandbox ad analytics: one exchange rate per currency, so ``costInUsd`` = ``costInLocalCurrency`` / rate."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox.resources.ads import CURRENCIES, SEED_ACCOUNTS
from maton_linkedin_provider.sandbox.resources.analytics import USD_RATES

MONEY = ["costInLocalCurrency", "costInUsd", "impressions"]


def rows(sandbox, pivot: str = "CAMPAIGN", granularity: str = "DAILY", **facets) -> list[dict]:
    end = sandbox.today - timedelta(days=1)
    hook = MatonLinkedInHook()
    return list(
        hook.iter_ad_analytics(
            pivot=pivot,
            time_granularity=granularity,
            date_range=(end - timedelta(days=13), end),
            fields=MONEY,
            **facets,
        )
    )


def test_every_account_currency_has_one_rate() -> None:
    assert set(CURRENCIES) <= set(USD_RATES)
    assert USD_RATES["USD"] == 1.0


def test_a_usd_account_costs_the_same_in_usd(set_conn, sandbox) -> None:
    got = rows(sandbox, accounts=[507000001])
    assert len(got) > 20
    assert all(r["costInUsd"] == r["costInLocalCurrency"] for r in got)
    assert any(Decimal(r["costInUsd"]) > 0 for r in got)


@pytest.mark.parametrize("granularity", ["DAILY", "ALL"])
def test_a_eur_account_converts_at_one_rate(set_conn, sandbox, granularity: str) -> None:
    account, currency = next(
        (a, c) for a, _, c, status, _ in SEED_ACCOUNTS if c == "EUR" and status == "ACTIVE"
    )
    got = rows(sandbox, granularity=granularity, accounts=[account])
    assert got
    rate = Decimal(str(USD_RATES[currency]))
    for row in got:
        local, usd = Decimal(row["costInLocalCurrency"]), Decimal(row["costInUsd"])
        assert abs(usd - local / rate) <= Decimal("0.01"), row
    assert Decimal(got[0]["costInLocalCurrency"]) != Decimal(got[0]["costInUsd"])


def test_rows_that_mix_currencies_convert_each_campaign(set_conn, sandbox) -> None:
    """An ACCOUNT pivot over a USD and a EUR account: each row is one account, at its own rate."""
    got = rows(sandbox, pivot="ACCOUNT", granularity="ALL", accounts=[507000001, 507000003])
    by_account = {r["pivotValues"][0]: r for r in got}
    usd, eur = (
        by_account["urn:li:sponsoredAccount:507000001"],
        by_account["urn:li:sponsoredAccount:507000003"],
    )
    assert usd["costInUsd"] == usd["costInLocalCurrency"]
    assert abs(Decimal(eur["costInUsd"]) - Decimal(eur["costInLocalCurrency"]) / Decimal("0.92")) <= Decimal(
        "0.01"
    )
