"""Pure helpers of incremental analytics: windows, lookback, a row's day, finished campaigns."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from maton_linkedin_provider.linkedin.data import (
    DateRange,
    day_windows,
    ended_before,
    lookback_range,
    row_day,
)
from maton_linkedin_provider.linkedin.errors import InvalidValue


def test_windows_cover_the_range_in_order_without_gaps_or_overlaps():
    days = DateRange(date(2026, 1, 1), date(2026, 3, 31))  # 90 days
    windows = day_windows(days, 30)
    assert windows == [
        DateRange(date(2026, 1, 1), date(2026, 1, 30)),
        DateRange(date(2026, 1, 31), date(2026, 3, 1)),
        DateRange(date(2026, 3, 2), date(2026, 3, 31)),
    ]
    assert day_windows(DateRange(date(2026, 1, 1), date(2026, 1, 1)), 30) == [
        DateRange(date(2026, 1, 1), date(2026, 1, 1))
    ]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "30", None])
def test_window_days_must_be_a_positive_int(bad):
    with pytest.raises(InvalidValue, match="window_days"):
        day_windows(DateRange(date(2026, 1, 1), date(2026, 1, 2)), bad)


def test_lookback_moves_the_start_back():
    days = DateRange(date(2026, 3, 10), date(2026, 3, 10))
    assert lookback_range(days, 3) == DateRange(date(2026, 3, 7), date(2026, 3, 10))
    assert lookback_range(days, 0) is days
    assert lookback_range(DateRange(date(2026, 3, 10), None), 2) == DateRange(date(2026, 3, 8), None)
    with pytest.raises(InvalidValue, match="lookback_days"):
        lookback_range(days, -1)
    with pytest.raises(InvalidValue, match="lookback_days"):
        lookback_range(DateRange(date(1, 1, 2), date(1, 1, 2)), 5)


def test_row_day():
    row = {
        "dateRange": {
            "start": {"year": 2026, "month": 3, "day": 9},
            "end": {"year": 2026, "month": 3, "day": 9},
        }
    }
    assert row_day(row) == date(2026, 3, 9)
    for bad in (
        {},
        {"dateRange": None},
        {"dateRange": {"start": "2026-03-09"}},
        {"dateRange": {"start": {}}},
    ):
        assert row_day(bad) is None


def test_ended_before():
    end = int(datetime(2026, 3, 10, 12, tzinfo=timezone.utc).timestamp() * 1000)
    campaign = {"runSchedule": {"start": 0, "end": end}}
    assert ended_before(campaign, date(2026, 3, 11)) is True
    assert ended_before(campaign, date(2026, 3, 10)) is False  # it served part of that day
    assert ended_before({"runSchedule": {"start": 0}}, date(2030, 1, 1)) is False
    assert ended_before({}, date(2030, 1, 1)) is False
