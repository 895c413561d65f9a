"""Run schedules of ad objects: friendly times in, epoch milliseconds out, start before end.

Each value is epoch milliseconds, a ``datetime`` with a time zone, a ``date`` (midnight UTC) or an
ISO 8601 string (``"2026-03-02T08:00:00+01:00"``, ``"2026-03-02"``). On an update a key left out
keeps the current value and ``None`` removes it. Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from maton_linkedin_provider.linkedin.ads_money import shown_value, sorted_names
from maton_linkedin_provider.linkedin.errors import InvalidValue

#: Epoch values below this are seconds, not milliseconds (10**11 ms is March 1973).
_MIN_EPOCH_MS = 10**11
#: The last millisecond of the year 9999, the end of what ``datetime`` can show.
_MAX_EPOCH_MS = 253_402_300_799_999


def to_epoch_ms(value: Any, field: str) -> int:
    """Epoch milliseconds from ms, a timezone-aware datetime, a date (midnight UTC) or an ISO string."""
    if isinstance(value, bool):
        raise InvalidValue(field, "expected a time, got a bool.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        # ASCII digits only: '²'.isdigit() is true but int('²') fails, and a string of more than
        # 4,300 digits cannot be converted (nor is it a time).
        if text.isascii() and text.isdigit():
            if len(text) > 16:
                raise InvalidValue(field, f"{shown_value(text)} is not a time (too many digits).", _MS_FIX)
            value = int(text)
        else:
            value = _parse_iso(text, field)
    if isinstance(value, int):
        if value < _MIN_EPOCH_MS:
            raise InvalidValue(
                field,
                f"{shown_value(value)} looks like epoch seconds (or is before 1973); LinkedIn takes "
                "milliseconds.",
                f"use {value * 1000} or a datetime / ISO 8601 string." if value > -_MAX_EPOCH_MS else _MS_FIX,
            )
        return _in_range(value, shown_value(value), field)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidValue(
                field,
                f"{value.isoformat()} has no time zone; a schedule that spends money must say which.",
                "give an aware datetime or an ISO string with an offset, e.g. 2026-03-02T08:00:00+00:00.",
            )
        # Whole milliseconds from the difference to the epoch (no float rounding, no OverflowError
        # at datetime.min or datetime.max with an offset).
        delta = value - _EPOCH
        ms = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
        return _in_range(ms, value.isoformat(), field)
    if isinstance(value, date):
        ms = (value - _EPOCH.date()).days * 86_400_000
        return _in_range(ms, value.isoformat(), field)
    raise InvalidValue(
        field,
        f"expected a time, got {type(value).__name__}.",
        _MS_FIX,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS_FIX = "use epoch milliseconds, a datetime, a date or an ISO 8601 string."


def _in_range(ms: int, shown: str, field: str) -> int:
    """``ms`` if it lies between March 1973 and the end of 9999, else :class:`InvalidValue`."""
    if ms < _MIN_EPOCH_MS:
        raise InvalidValue(
            field, f"{shown} is before 1973; a run schedule cannot start or end then.", _MS_FIX
        )
    if ms > _MAX_EPOCH_MS:
        raise InvalidValue(field, f"{shown} is after the year 9999.", _MS_FIX)
    return ms


def _parse_iso(text: str, field: str) -> datetime | date:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso)
        return datetime.fromisoformat(iso)
    except ValueError:
        raise InvalidValue(
            field,
            f"{shown_value(text)} is not an ISO 8601 date or time.",
            "use e.g. 2026-03-02T08:00:00Z or 2026-03-02.",
        ) from None


def run_schedule(value: Any, field: str = "runSchedule") -> dict[str, int | None]:
    """``{"start": ms, "end": ms}`` from friendly values; ``None`` values kept (they mean "remove")."""
    if not isinstance(value, Mapping):
        raise InvalidValue(field, f"expected {{'start': ..., 'end': ...}}, got {type(value).__name__}.")
    unknown = set(value) - {"start", "end"}
    if unknown:
        raise InvalidValue(field, f"unknown keys {sorted_names(unknown)}.", "use start and end.")
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
    if not 0 <= ms <= _MAX_EPOCH_MS:  # a current value read back may be anything
        return f"{shown_value(ms)} ms"
    return (_EPOCH + timedelta(milliseconds=ms)).isoformat().replace("+00:00", "Z")


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
