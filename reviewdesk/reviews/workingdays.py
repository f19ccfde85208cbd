"""Working days in England: weekends and England's bank holidays (with substitute days) excluded.

The day the clock starts (the day the local authority became aware) is day 0, so 5 working days
after Monday 21 December 2026 is Wednesday 30 December 2026.
"""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year - 1, year, year + 1])


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bank_holiday_name(day: date) -> str | None:
    return _bank_holidays(day.year).get(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is day 0)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is earlier."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    total = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            total += 1
    return sign * total


def late_by(due_on: date, done_on: date) -> int:
    """Working days ``done_on`` was late against ``due_on``: 0 when done on or before the due
    date; otherwise the working days after the due date up to and including the day done, and
    at least 1. Done on a weekend or bank holiday after the due date counts as the next working
    day, never "late by 0" (due Friday 4 December 2026, done Saturday 5 December: 1)."""
    if done_on <= due_on:
        return 0
    return max(1, working_days_between(due_on, done_on))


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, or the month's last day if it is shorter (31 Aug + 6 = 28 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
