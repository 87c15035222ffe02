"""Dates as the parser reads them: day, month, year to ISO 8601, blanks allowed."""

from __future__ import annotations

from datetime import date


def iso_date(day: int | None, month: int | None, year: int | None) -> str | None:
    """``2023-03-09``; None when a part is blank or the date does not exist."""
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def to_int(value: str | None) -> int | None:
    return int(value) if value else None
