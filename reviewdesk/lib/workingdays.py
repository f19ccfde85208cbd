"""Working days in England: weekends and England's bank holidays (with substitute days and the
one-off days, such as the 2022 State Funeral) excluded, as the ``holidays`` package lists them.

The day the clock starts (the day the local authority became aware) is day 0, so 5 working days
after Monday 21 December 2026 is Wednesday 30 December 2026.
"""

import bisect
import functools
import threading
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from holidays import HolidayBase

# England's calendar fills in a year the first time a date in it is asked about. That fill is not
# safe to run twice at once (the year is marked done before its days are added), and the web
# server answers requests on threads, so every question goes through one lock.
_LOCK = threading.Lock()


@functools.cache
def _england() -> "HolidayBase":
    # Made on first use, not at import: the package takes a tenth of a second to import, and
    # every command (import_chronology, export_chronology) imports this module at start-up.
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    with _LOCK:
        return _england().is_working_day(day)


def bank_holiday_name(day: date) -> str | None:
    with _LOCK:
        return _england().get(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is day 0, even on a holiday)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    with _LOCK:
        return _england().get_nth_working_day(start, n)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is earlier."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    # Counted, not walked (the library walks day by day, and the home page asks this hundreds of
    # times over spans of months): the weekdays, less the bank holidays that fall on one.
    first = start + timedelta(days=1)
    holidays = _weekday_holidays(first.year, end.year)
    return sign * (_weekdays(first, end)
                   - (bisect.bisect_right(holidays, end) - bisect.bisect_left(holidays, first)))


def _weekdays(first: date, last: date) -> int:
    """Mondays to Fridays from ``first`` to ``last``, both counted."""
    weeks, rest = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


@functools.cache
def _weekday_holidays(first_year: int, last_year: int) -> list[date]:
    """England's bank holidays (substitute days included) on a weekday in these years, sorted."""
    import holidays

    years = range(first_year, last_year + 1)
    return sorted(day for day in holidays.country_holidays("GB", subdiv="ENG", years=years)
                  if day.weekday() < 5)


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
    return start + relativedelta(months=months)
