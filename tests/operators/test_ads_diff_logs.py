"""Dry-run and update logs a reviewer can read: times as ``ms (ISO-8601 UTC)``, money as ``150.00 USD``."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from maton_linkedin_provider.linkedin.ads_diff import describe, iso_utc, show_value
from maton_linkedin_provider.operators.ads import LinkedInUpdateCampaignOperator

ACCOUNT = "507000001"
ACTIVE_ID = 610000001
START = 1767571200000  # 2026-01-05T00:00:00Z


class FakeTI:
    try_number = 1

    def xcom_push(self, key, value):
        pass


@pytest.mark.parametrize(
    ("value", "key", "text"),
    [
        pytest.param(
            {"start": START}, None, "{'start': 1767571200000 (2026-01-05T00:00:00Z)}", id="schedule"
        ),
        pytest.param(START + 1500, "end", "1767571201500 (2026-01-05T00:00:01.500Z)", id="milliseconds"),
        pytest.param({"amount": "150", "currencyCode": "USD"}, "dailyBudget", "150.00 USD", id="money"),
        pytest.param(
            {"amount": "1200", "currencyCode": "JPY"}, "dailyBudget", "1200 JPY", id="no-minor-units"
        ),
        pytest.param({"amount": "n/a", "currencyCode": "USD"}, "dailyBudget", "n/a USD", id="odd-amount"),
        pytest.param(START, "name", "1767571200000", id="not-a-time-key"),
        pytest.param(True, "start", "True", id="bool"),
        pytest.param(10**20, "start", "100000000000000000000", id="past-9999"),
        pytest.param(None, "end", "None", id="removed"),
        pytest.param(["urn:li:x:1"], "locale", "['urn:li:x:1']", id="list"),
    ],
)
def test_show_value(value, key, text) -> None:
    assert show_value(value, key) == text


def test_iso_utc_agrees_with_datetime() -> None:
    for ms in (0, START, 253402300799999, -86_400_000):
        expected = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        assert iso_utc(ms).startswith(expected)


def test_describe() -> None:
    changed = {
        "dailyBudget": [
            {"amount": "50.00", "currencyCode": "USD"},
            {"amount": "150.00", "currencyCode": "USD"},
        ],
        "runSchedule": [{"start": START}, {"start": START, "end": START + 86_400_000}],
    }
    assert describe(changed) == (
        "dailyBudget: 50.00 USD -> 150.00 USD; runSchedule: {'start': 1767571200000 (2026-01-05T00:00:00Z)} -> "
        "{'start': 1767571200000 (2026-01-05T00:00:00Z), 'end': 1767657600000 (2026-01-06T00:00:00Z)}"
    )
    assert describe({}) == "no change"


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_operator_logs_a_readable_diff(set_conn, sandbox, capfd, dry_run: bool) -> None:
    before = sandbox.state.campaigns[ACTIVE_ID]
    start = before["runSchedule"]["start"]
    op = LinkedInUpdateCampaignOperator(
        task_id="launch",
        ad_account=ACCOUNT,
        campaign_id=ACTIVE_ID,
        fields={"dailyBudget": 150, "runSchedule": {"end": "2027-01-31T20:00:00+00:00"}},
        dry_run=dry_run,
    )
    result = op.execute({"ti": FakeTI()})
    assert result["changed"]["dailyBudget"][1] == {"amount": "150.00", "currencyCode": "USD"}  # XCom: raw
    out = capfd.readouterr()
    line = next(x for x in (out.out + out.err).splitlines() if f"campaign {ACTIVE_ID} " in x)
    assert (
        f"campaign {ACTIVE_ID} (dry run, not written): " if dry_run else f"campaign {ACTIVE_ID} updated: "
    ) in line
    assert "dailyBudget: 50.00 USD -> 150.00 USD" in line
    end = int(datetime(2027, 1, 31, 20, tzinfo=timezone.utc).timestamp() * 1000)
    assert f"'end': {end} (2027-01-31T20:00:00Z)" in line
    assert f"'start': {start} ({iso_utc(start)})" in line
