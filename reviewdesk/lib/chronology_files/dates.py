"""Reading the dates agency authors type into chronologies: day first, always, and never a guessed day.

Authors type dates the way Chronolator taught them (``22.05.16``, ``22-may-16``, ``?22 May 2016``,
a mistyped ``22.05/16``), the way Excel shows them (``Mar-22``, serial numbers such as 44562) and the
way people write (``Monday 3rd March 2022``, ``March 2022``, ``2016``). Our own patterns read those
forms; strict ``dateutil`` (its ISO 8601 parser) is the last resort, for machine forms such as
``20160522``. General-purpose parsers are not used because they guess: ``dateparser`` misreads
``22.05/16``, and ``dateutil.parser.parse`` invents what nobody typed even when not fuzzy (it reads
``05th16march'-.th2016`` as 16 March 2005 20:16).

A month or year is kept as such (its precision), never turned into the first of the month on show.
Anything read with an assumption says so (``ParsedDate.assumption``), so the checks can warn.
No Django here: the file readers, the checks and the command all use it.
"""

import calendar
import dataclasses
import datetime
import functools
import math
import re

from dateutil import parser as dateutil_parser

# A child's chronology covers the child's and the parents' lives; a year outside this is a typing
# slip (2106 for 2016), and two-digit years (20yy, as the issue says) all fall inside it.
YEAR_MIN, YEAR_MAX = 1900, 2099
# Two-digit years up to this one are in the past whatever today is (spares a clock call per date).
_TWO_DIGIT_SAFE = 2025
# Excel's serial numbers: 1 is 1 January 1900, 2958465 is 31 December 9999.
SERIAL_MIN, SERIAL_MAX = 1, 2958465
# Longer text is not a date (an event typed into the date column), and is not worth splitting up.
MAX_LENGTH = 80

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "febr": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}

HOW_TO_WRITE = ("Write it day first, for example 22/05/2016, 22.05.16, 22-may-16 or 22 May 2016; "
                "write May 2016 or 2016 if you know only the month or the year; put ? in front if "
                "you are unsure of it (?22/05/2016).")
HOW_TO_WRITE_TIME = "Write it as 14:30 or 2.30pm, or leave the time empty."


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedDate:
    """The reading taken of a date cell.

    ``date`` is the first day of the period for month and year precision: it orders the row, but
    ``display`` never shows that day, because nobody typed it.
    """

    date: datetime.date
    precision: str  # "day" | "month" | "year"
    uncertain: bool = False
    time: datetime.time | None = None
    assumption: str = ""

    @property
    def display(self) -> str:
        d = self.date
        if self.precision == "day":
            text = f"{d.day} {calendar.month_name[d.month]} {d.year}"
        elif self.precision == "month":
            text = f"{calendar.month_name[d.month]} {d.year}"
        else:
            text = str(d.year)
        if self.uncertain:
            text = "?" + text
        if self.time is not None:
            text += " " + format_time(self.time)
        return text

    @property
    def iso(self) -> str:
        d = self.date
        if self.precision == "day":
            return d.isoformat()
        if self.precision == "month":
            return f"{d.year:04d}-{d.month:02d}"
        return f"{d.year:04d}"

    @property
    def end(self) -> datetime.date:
        """The last day the reading could be: the date itself, or the end of its month or year."""
        d = self.date
        if self.precision == "day":
            return d
        if self.precision == "month":
            return d.replace(day=_days_in(d.year, d.month))
        return d.replace(month=12, day=31)


class DateProblem(ValueError):
    """A date or time cell that cannot be taken as it is.

    ``code`` is "missing", "unreadable" or "impossible"; ``message`` says what is wrong and how to
    fix it, in words an agency author can act on.
    """

    def __init__(self, code: str, message: str, value: object = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value


def format_time(t: datetime.time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")


def _quote(value: object) -> str:
    text = str(value).strip()
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _unreadable(value: object, why: str = "", fix: str = HOW_TO_WRITE) -> DateProblem:
    why = f" {why}" if why else ""
    return DateProblem("unreadable", f"The date {_quote(value)} could not be read.{why} {fix}", value)


def _impossible(value: object, why: str) -> DateProblem:
    return DateProblem(
        "impossible",
        f"The date {_quote(value)} is impossible: {why}. Correct the date; if you are unsure of the "
        "day, write only the month (May 2016) or put ? in front of your best guess (?22/05/2016).",
        value)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _year(text: str, value: object) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _impossible(value, f"the year {year} is outside {YEAR_MIN}–{YEAR_MAX}, so it looks "
                                 "like a typing slip")
    return year


def _month(number: int, value: object) -> int:
    if not 1 <= number <= 12:
        raise _impossible(value, f"there is no month {number} (dates are read day first: day, "
                                 "month, year)")
    return number


def _days_in(year: int, month: int) -> int:
    # Not calendar.monthrange: it works out the weekday too, and this runs for every date read.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return _MONTH_DAYS[month]


def _day_date(year: int, month: int, day: int, value: object) -> datetime.date:
    days = _days_in(year, month)
    if not 1 <= day <= days:
        name = f"{calendar.month_name[month]} {year}"
        raise _impossible(value, f"there is no day 0 in {name}" if day == 0
                          else f"{name} has {days} days")
    return datetime.date(year, month, day)


def _future_two_digit(year_text: str, d: datetime.date, value: object, precision: str = "day") -> str:
    # 20yy is the rule, but '22/05/95' is more likely 1995 than 2095: say what was read.
    if len(year_text) == 2 and d.year > _TWO_DIGIT_SAFE and d.year > datetime.date.today().year:
        day = f"{d.day} " if precision == "day" else ""
        return (f"{_quote(value)} read as {day}{calendar.month_name[d.month]} {d.year}: two-digit "
                f"years are read as 20yy; write the year in full (19{year_text}) if you meant that")
    return ""


# The patterns, compiled once: the checks run them on every row of every file.
# A separator, with stray spaces or a doubled or second separator after it ('3//11', '3.11./2021'):
# unambiguous slips, read and reported (_MESSY_SEPARATORS).
_SEP = r"(?:\s*([./\\-])[./\\\s-]*|\s+)"
_DMY_SEPARATORS = re.compile(r"\d{1,2}(\D+)\d{1,2}(\D+)\d{2,4}")


def _messy_separators(s: str) -> bool:
    """'3//11/2021', '3 /11/2021': a separator doubled, or spaced on one side only. Written
    the same way twice ('22 / 05 / 2016', '22 05 2016'), it is a style, not a slip."""
    m = _DMY_SEPARATORS.fullmatch(s)
    if m is None:
        return False
    first, second = m.groups()
    return first != second or len(first.replace(" ", "")) > 1
_NUMERIC_DMY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})")
_NUMERIC_YMD = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?")
_NUMERIC_MY = re.compile(r"(\d{1,2})(?:\s*[./\\-]\s*|\s+)(\d{4})")
_NUMERIC_YM = re.compile(r"(\d{4})[./-](\d{1,2})")
_NUMERIC_TWO = re.compile(r"(\d{1,2})\s*[./\\-]\s*(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_NAME_DMY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of\s+|[\s./,'-]*)([a-z]+)\.?[\s./,'-]*(\d{4}|\d{2})")
_NAME_MDY = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{4})")
_NAME_MY = re.compile(r"([a-z]+)\.?[\s./,'-]*(\d{4})")
_NAME_MY_SHORT = re.compile(r"([a-z]+)\.?\s*([-/'.])\s*('?)(\d{2})")
_NAME_AMBIGUOUS = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?"
                             r"(?:\s+of\s+|[\s./,'-]*)([a-z]+)\.?")
_WEEKDAY_PREFIX = re.compile(r"([a-z]+)\.?,?\s*(?=\d|[a-z])")
_UNCERTAIN_PREFIX = re.compile(r"(?:\?+|c\.|ca\.|c(?=\s*\d)|circa\b|approx(?:imately\b|\.|\b)|"
                               r"about\b|around\b)\s*")
_UNCERTAIN_SUFFIX = re.compile(r"\s*(?:\?+|\((?:\?|approx(?:imately|\.)?|circa|estimated|est\.?)\))$")
_TIME_TOKEN = (r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s*m\.?|hrs?|hours)?|\d{1,2}\s*[ap]\.?\s*m\.?"
               r"|\d{3,4}\s*(?:hrs?|hours)")
_BEFORE_TIME = r"(?:\s*,\s*|\s+at\s+|\s*@\s*|\s+)"
_WITH_TIME = re.compile(rf"(.+?){_BEFORE_TIME}({_TIME_TOKEN})")
# The commonest date-and-time cell ('22/05/2016 14:30'), matched at once rather than by elimination.
_NUMERIC_DMY_TIME = re.compile(rf"(\d{{1,2}}(?:\s*[./\\-]\s*|\s+)\d{{1,2}}(?:\s*[./\\-]\s*|\s+)"
                               rf"(?:\d{{4}}|\d{{2}})){_BEFORE_TIME}({_TIME_TOKEN})")
_WORD_SPLIT = re.compile(r"[\s,./'-]+")
_DAY_PART = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_ISO_FULL_DATE = re.compile(r"\d{8}(?:t|$)|\d{4}-\d{2}-\d{2}t")
_RANGE = re.compile(r"(.+?)\s*(?:\s-\s|–|—|\sto\s|\suntil\s)\s*(.+)")
# Characters Word and Excel put into typed text: non-breaking and thin spaces, dashes, quotes.
_PLAIN = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2013": "-",
                        "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'"})


def parse_date(value: object) -> ParsedDate:
    """Read one date cell: text as typed, an Excel serial, or a date from openpyxl.

    Raises ``DateProblem`` ("missing", "unreadable" or "impossible") and nothing else.
    """
    if value is None:
        raise DateProblem("missing", "The date is empty. Enter the date of the event, day first "
                                     "(22/05/2016); write May 2016 or 2016 if you know only the month "
                                     "or the year.", value)
    if isinstance(value, datetime.datetime):
        # openpyxl gives every date cell as a datetime at midnight: midnight means "no time".
        t = value.time().replace(microsecond=0, tzinfo=None)
        return _checked_year(ParsedDate(value.date(), "day", time=t if t != datetime.time() else None),
                             value)
    if isinstance(value, datetime.date):
        return _checked_year(ParsedDate(value, "day"), value)
    if isinstance(value, datetime.time):
        raise _unreadable(value, "The cell holds a time but no date.",
                          "Put the date here (22/05/2016) and the time in the Time column.")
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, int | float):
        return _from_number(value, value, typed=False)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return parse_date(None)
        result = _parse_text(text)
        if isinstance(result, DateProblem):
            # A fresh exception each time: a cached one would carry an earlier traceback.
            raise DateProblem(result.code, result.message, value)
        return result
    raise _unreadable(value, f"The cell holds a {type(value).__name__}, not a date.")


def _checked_year(parsed: ParsedDate, value: object) -> ParsedDate:
    if not YEAR_MIN <= parsed.date.year <= YEAR_MAX:
        raise _impossible(value, f"the year {parsed.date.year} is outside {YEAR_MIN}–{YEAR_MAX}, so "
                                 "it looks like a typing slip")
    return parsed


def _from_number(number: float, value: object, *, typed: bool) -> ParsedDate:
    """An Excel serial (or a year) from a number cell; ``typed`` when it came as text, which is
    worth a warning: a CSV saved from Excel holds 44562 where the author saw 01/01/2022."""
    if not math.isfinite(number):
        raise _unreadable(value)
    if number == int(number) and YEAR_MIN <= number <= YEAR_MAX:
        # A year typed into an Excel cell arrives as the number 2016; as a serial it would be 1905.
        return ParsedDate(datetime.date(int(number), 1, 1), "year")
    if not SERIAL_MIN <= number < SERIAL_MAX + 1:
        raise _unreadable(value, "It is a number, but not a year or an Excel date.")
    whole = int(number)
    seconds = round((number - whole) * 86400)
    if seconds == 86400:  # 23:59:59.6 rounds up into the next day
        whole, seconds = whole + 1, 0
    if whole == 60:
        raise _impossible(value, "Excel's date number 60 stands for 29 February 1900, a day that never "
                                 "existed (an old Excel fault)")
    # Excel counts 1900 as a leap year (after Lotus 1-2-3): serials from 61 on are one day ahead.
    day = datetime.date(1899, 12, 31 if whole < 60 else 30) + datetime.timedelta(days=whole)
    t = datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60) if seconds else None
    assumption = ""
    if typed:
        assumption = (f"{_quote(value)} read as the Excel date number for {day.day} "
                      f"{calendar.month_name[day.month]} {day.year}: the cell held a number, not a date")
    return _checked_year(ParsedDate(day, "day", time=t, assumption=assumption), value)


@functools.lru_cache(maxsize=8192)
def _parse_text(text: str) -> ParsedDate | DateProblem:
    # Cached: a chronology repeats its dates (several events a day), and the result is immutable.
    try:
        return _read_text(text)
    except DateProblem as problem:
        return problem


def _read_text(original: str) -> ParsedDate:
    if len(original) > MAX_LENGTH:
        raise _unreadable(original, "It is too long to be a date.",
                          "Check that this is the date column. " + HOW_TO_WRITE)
    s = original if original.isascii() else original.translate(_PLAIN)
    s = " ".join(s.lower().split()).lstrip("'").rstrip(".,;")
    uncertain = False
    if s and s[0] in "?ca":
        m = _UNCERTAIN_PREFIX.match(s)
        if m:
            uncertain, s = True, s[m.end():]
    if s and (s[-1] in "?)"):
        m = _UNCERTAIN_SUFFIX.search(s)
        if m:
            uncertain, s = True, s[:m.start()]
    weekday = None
    if s and s[0].isalpha():
        m = _WEEKDAY_PREFIX.match(s)
        if m and m.group(1) in WEEKDAYS:
            weekday, s = WEEKDAYS[m.group(1)], s[m.end():]
    if not s:
        raise _unreadable(original, "There is no date in it.")

    parsed = _read_core(s, original)
    if parsed is None:
        parsed = _read_with_no_time(s, original)
    if parsed is None:
        raise _unreadable(original, *_why_unreadable(s, original))
    assumption = parsed.assumption
    if weekday is not None and parsed.precision == "day" and parsed.date.weekday() != weekday:
        d = parsed.date
        said = (f"{_quote(original)} read as {d.day} {calendar.month_name[d.month]} {d.year}, which "
                f"was a {calendar.day_name[d.weekday()]}, not a {calendar.day_name[weekday]}")
        assumption = f"{assumption}; {said}" if assumption else said
    if uncertain or assumption != parsed.assumption:
        # Built directly: dataclasses.replace costs more than the whole reading of a common date.
        parsed = ParsedDate(parsed.date, parsed.precision, uncertain, parsed.time, assumption)
    return parsed


def _read_core(s: str, original: str) -> ParsedDate | None:
    """The date forms, most common first; None when no form fits."""
    m = _NUMERIC_DMY.fullmatch(s)
    if m:
        day, sep1, month, sep2, year_text = m.groups()
        month_n = _month(int(month), original)
        d = _day_date(_year(year_text, original), month_n, int(day), original)
        notes = []
        if (sep1 or " ") != (sep2 or " "):
            # Chronolator's users type '22.05/16'; the numbers are in day-first order either way.
            notes.append(f"{_quote(original)} read as {d.day} {calendar.month_name[d.month]} {d.year}: "
                         "the separators differ")
        elif _messy_separators(s):
            notes.append(f"{_quote(original)} read as {d.day} {calendar.month_name[d.month]} {d.year}: "
                         "the separators are doubled or have spaces around them")
        notes.append(_future_two_digit(year_text, d, original))
        return ParsedDate(d, "day", assumption="; ".join(filter(None, notes)))
    parsed = None
    if s[0].isdigit():
        m = _NUMERIC_DMY_TIME.fullmatch(s)
        if m:
            return _with_time(m.group(1), m.group(2), original)
        parsed = _read_numeric(s, original)
    if parsed is None:
        parsed = _read_month_name(s, original)
    if parsed is None:
        parsed = _read_with_time(s, original)
    if parsed is None:
        parsed = _read_words(s, original)
    if parsed is None and s[0].isdigit():
        parsed = _read_iso(s, original)
    return parsed


def _read_numeric(s: str, original: str) -> ParsedDate | None:
    m = _ISO_DATETIME.fullmatch(s)
    if m:
        year, month, day, hour, minute, second = m.groups()
        d = _day_date(_year(year, original), _month(int(month), original), int(day), original)
        t = _time_or_problem(int(hour), int(minute), int(second or 0), original)
        return ParsedDate(d, "day", time=t if t != datetime.time() else None)
    m = _NUMERIC_YMD.fullmatch(s)
    if m:
        year, separator, month, day = m.groups()
        d = _day_date(_year(year, original), _month(int(month), original), int(day), original)
        assumption = ""
        if separator != "-":  # 2022-03-15 is the international form; 2022/03/15 is a guess
            assumption = (f"{_quote(original)} read as {d.day} {calendar.month_name[d.month]} "
                          f"{d.year}: the year comes first, so it is read year, month, day")
        return ParsedDate(d, "day", assumption=assumption)
    m = _NUMERIC_MY.fullmatch(s)
    if m:
        month, year = m.groups()
        return ParsedDate(datetime.date(_year(year, original), _month(int(month), original), 1),
                          "month")
    m = _NUMERIC_YM.fullmatch(s)
    if m:
        year, month = m.groups()
        return ParsedDate(datetime.date(_year(year, original), _month(int(month), original), 1),
                          "month")
    if _YEAR.fullmatch(s):
        return ParsedDate(datetime.date(_year(s, original), 1, 1), "year")
    if _SERIAL_TEXT.fullmatch(s):
        return _from_number(float(s), original, typed=True)
    m = _NAME_DMY.fullmatch(s)
    if m:
        day, name, year_text = m.groups()
        if name in MONTHS:
            d = _day_date(_year(year_text, original), MONTHS[name], int(day), original)
            return ParsedDate(d, "day", assumption=_future_two_digit(year_text, d, original))
    return None


def _read_month_name(s: str, original: str) -> ParsedDate | None:
    m = _NAME_MDY.fullmatch(s)
    if m and m.group(1) in MONTHS:
        # 'May 22, 2016': the month is a word, so the order cannot swap day and month.
        name, day, year = m.groups()
        return ParsedDate(_day_date(_year(year, original), MONTHS[name], int(day), original), "day")
    m = _NAME_MY.fullmatch(s)
    if m and m.group(1) in MONTHS:
        return ParsedDate(datetime.date(_year(m.group(2), original), MONTHS[m.group(1)], 1), "month")
    m = _NAME_MY_SHORT.fullmatch(s)
    if m and m.group(1) in MONTHS:
        name, mark, apostrophe, year_text = m.groups()
        d = datetime.date(_year(year_text, original), MONTHS[name], 1)
        assumption = _future_two_digit(year_text, d, original, "month")
        if mark != "'" and not apostrophe and int(year_text) <= 31:
            # Excel shows a month as 'Mar-22' (March 2022), but 'March-15' may mean 15 March: say so.
            assumption = (f"{_quote(original)} read as {calendar.month_name[d.month]} {d.year}: the "
                          "number after the month is taken as the year, as Excel shows a month")
        return ParsedDate(d, "month", assumption=assumption)
    return None


def _read_with_no_time(s: str, original: str) -> ParsedDate | None:
    """A date and time cell whose time is not known ('27/09/2021 n/k', '12/07/2021 --:--') or
    is a part of the day ('22/06/2021 am'): the date, with no time."""
    for cut in range(len(s) - 1, 0, -1):
        if s[cut] != " ":
            continue
        said = time_not_given(s[cut + 1:])
        if not said:
            continue
        date_text = s[:cut].rstrip(" ,@")
        if not date_text:
            return None
        parsed = _read_core(date_text, original)
        if parsed is None or parsed.time is not None or parsed.precision != "day":
            return None
        if said == "part of day":
            note = (f"{_quote(original)} read as {parsed.date.day} "
                    f"{calendar.month_name[parsed.date.month]} {parsed.date.year} with no time: "
                    f"'{s[cut + 1:]}' is a part of the day, not a time")
            assumption = f"{parsed.assumption}; {note}" if parsed.assumption else note
            return ParsedDate(parsed.date, parsed.precision, parsed.uncertain, None, assumption)
        return parsed
    return None


def _read_with_time(s: str, original: str) -> ParsedDate | None:
    m = _WITH_TIME.fullmatch(s)
    return _with_time(m.group(1), m.group(2), original) if m else None


def _with_time(date_text: str, time_text: str, original: str) -> ParsedDate | None:
    # A date part that is impossible ('31/02/2016 14:30') is reported as such, not as unreadable.
    parsed = _read_core(date_text, original)
    if parsed is None or parsed.time is not None:
        return None
    if parsed.precision != "day":
        raise _unreadable(original, "It gives a time but no day.",
                          "Give the full date with the time (22/05/2016 14:30), or only the month or year.")
    try:
        t = parse_time(time_text)
    except DateProblem as problem:
        raise DateProblem("impossible", f"The date {_quote(original)} has a time that cannot be used. "
                                        f"{problem.message}", original) from None
    return ParsedDate(parsed.date, parsed.precision, parsed.uncertain, t, parsed.assumption)


def _read_words(s: str, original: str) -> ParsedDate | None:
    """A month name, a day and a four-digit year in any order ('2016 May 22', 'May 22nd 2016').

    The month is a word, so day and month cannot swap; each part must appear once, and a word or
    number that is not one of them makes the text unreadable rather than ignored.
    """
    month = day = year = weekday = None
    for part in _WORD_SPLIT.split(s):
        if not part or part in ("of", "the"):
            continue
        if part in MONTHS and month is None:
            month = MONTHS[part]
        elif part in WEEKDAYS and weekday is None:
            weekday = WEEKDAYS[part]
        elif len(part) == 4 and part.isdigit() and year is None:
            year = part
        elif _DAY_PART.fullmatch(part) and day is None:
            day = int(_DAY_PART.fullmatch(part).group(1))
        else:
            return None
    if month is None or year is None:
        return None
    if day is None:
        return ParsedDate(datetime.date(_year(year, original), month, 1), "month")
    d = _day_date(_year(year, original), month, day, original)
    if weekday is not None and d.weekday() != weekday:
        return ParsedDate(d, "day", assumption=(
            f"{_quote(original)} read as {d.day} {calendar.month_name[d.month]} {d.year}, which was a "
            f"{calendar.day_name[d.weekday()]}, not a {calendar.day_name[weekday]}"))
    return ParsedDate(d, "day")


def _read_iso(s: str, original: str) -> ParsedDate | None:
    """Strict dateutil (its ISO 8601 parser) for the machine forms our patterns leave: '20160522',
    '2016-05-22T14:30:00.000+01:00'. Only with a whole date, since ISO fills in a missing day."""
    if not _ISO_FULL_DATE.match(s):
        return None
    try:
        when = dateutil_parser.isoparse(s.upper())
    except (ValueError, OverflowError):
        return None
    # A time is kept as written: the offset says where it was written, not when it happened for us.
    t = when.time().replace(microsecond=0)
    return _checked_year(ParsedDate(when.date(), "day", time=t if t != datetime.time() else None),
                         original)


def _why_unreadable(s: str, original: str) -> tuple[str, str]:
    """A specific reason (and fix) for the near misses authors make, so that the fix is obvious."""
    m = _RANGE.fullmatch(s)
    if m:
        try:
            both = _read_core(m.group(1), original) and _read_core(m.group(2), original)
        except DateProblem:
            both = None
        if both:
            return "It is a range of dates.", ("Give the date it started (22/05/2016), and describe the "
                                               "period in the event.")
    if _NUMERIC_TWO.fullmatch(s):
        return ("It has only two numbers, so it could be a day and month without a year, or a month "
                "with a two-digit year.", "Give the day, month and year (22/05/2016), or the month "
                                          "with the year in full (05/2016 or May 2016).")
    m = _NAME_AMBIGUOUS.fullmatch(s)
    if m:
        name = m.group(1) or m.group(4)
        if name in MONTHS:
            return ("It has no year, or a two-digit year that could be a day.",
                    "Give the year in full (22 May 2016, or May 2016).")
        return _not_a_month(name, original), HOW_TO_WRITE
    m = re.fullmatch(r"([a-z]+)\.?[\s./,'-]*\d{2,4}|\d{1,2}(?:st|nd|rd|th)?[\s./,'-]*([a-z]+)"
                     r"\.?[\s./,'-]*\d{2,4}", s)
    if m and (m.group(1) or m.group(2)) not in MONTHS:
        return _not_a_month(m.group(1) or m.group(2), original), HOW_TO_WRITE
    if re.fullmatch(_TIME_TOKEN, s):
        return ("It looks like a time, with no date.",
                "Put the date here (22/05/2016) and the time in the Time column.")
    if s.isdigit() and len(s) in (6, 8):
        return ("It has no separators, so the day, month and year cannot be told apart safely.",
                "Put / between them: 22/05/2016.")
    if s.isdigit():
        return "It is a number, but not a year or an Excel date.", HOW_TO_WRITE
    return "", HOW_TO_WRITE


def _not_a_month(word: str, original: str) -> str:
    # Quote the word as the author typed it, not as lower-cased for matching.
    m = re.search(re.escape(word), original, re.IGNORECASE)
    return f"'{m.group(0) if m else word}' is not a month name."


def _time_or_problem(hour: int, minute: int, second: int, value: object) -> datetime.time:
    if hour > 23 or minute > 59 or second > 59:
        raise DateProblem("impossible", f"The time {_quote(value)} is impossible: a time runs from "
                                        f"00:00 to 23:59. {HOW_TO_WRITE_TIME}", value)
    return datetime.time(hour, minute, second)


_TIME_24 = re.compile(r"(\d{1,2})[:.h](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*(?:hrs?|hours)?")
_TIME_12 = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?")
_TIME_COMPACT = re.compile(r"(\d{1,2})(\d{2})\s*(?:hrs?|hours)?")
_TIME_WORDS = {"noon": datetime.time(12), "midday": datetime.time(12), "midnight": datetime.time(0)}
# What agencies write in a time cell when there is no time: the row has a date and an event, and
# is kept with a blank time.
_NO_TIME = frozenset({
    "n/k", "nk", "n.k.", "n.k", "n/a", "na", "n.a.", "unknown", "unk", "not known", "not recorded",
    "not stated", "not given", "no time", "none", "nil", "-", "--", "---", "?", "??", "???", "tbc",
    "tba", "tbd", "to be confirmed", "x", "unrecorded", "untimed", "not applicable", "various",
    "all day", "time unknown", "time not known", "time not recorded", "no time recorded",
    "--:--", "??:??", "xx:xx", "hh:mm", "00:00?"})
# A part of the day instead of a time: kept as no time, with a warning that says what was given.
_PART_OF_DAY = frozenset({
    "am", "a.m.", "a.m", "pm", "p.m.", "p.m", "morning", "afternoon", "evening", "night",
    "overnight", "lunchtime", "early morning", "late evening", "late afternoon",
    "early afternoon", "after school", "before school", "out of hours", "ooh"})


def time_not_given(value: object) -> str:
    """Whether a time cell says there is no time: "unknown" ('n/k', 'tbc', '-', '?'),
    "part of day" ('am', 'evening'), or "" when it should be read as a time."""
    if not isinstance(value, str):
        return ""
    s = " ".join(value.strip().lower().split()).strip("()[]")
    if s in _NO_TIME:
        return "unknown"
    if s in _PART_OF_DAY:
        return "part of day"
    return ""
# Dates Excel and openpyxl put on a time-only cell.
_TIME_ONLY_DAYS = {datetime.date(1899, 12, 30), datetime.date(1899, 12, 31), datetime.date(1900, 1, 1)}


def parse_time(value: object) -> datetime.time | None:
    """Read a time cell: '14:30', '14.30', '2.30pm', '1430', an Excel day fraction, a time.

    Empty gives None; anything else that is not a time raises ``DateProblem``.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.date() in _TIME_ONLY_DAYS:
            return value.time().replace(microsecond=0, tzinfo=None)
        raise DateProblem("unreadable", f"The time cell holds a date ({value:%d/%m/%Y}) as well as a "
                                        "time. Put the date in the Date column and only the time "
                                        "here (14:30).", value)
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, bool):
        raise _bad_time(value)
    if isinstance(value, int):
        # A time typed into an Excel cell without a colon arrives as the number 1430.
        if 100 <= value <= 2359 and value % 100 < 60:
            return datetime.time(value // 100, value % 100)
        raise _bad_time(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _bad_time(value)
        if value == int(value):
            return parse_time(int(value))
        if 0 < value < 1:
            seconds = round(value * 86400)
            if seconds < 86400:
                return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        raise _bad_time(value)
    if not isinstance(value, str):
        raise _bad_time(value)
    s = value.strip()
    if not s:
        return None
    s = " ".join((s if s.isascii() else s.translate(_PLAIN)).lower().split())
    if s in _TIME_WORDS:
        return _TIME_WORDS[s]
    m = _TIME_24.fullmatch(s)
    if m:
        return _time_or_problem(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), value)
    m = _TIME_12.fullmatch(s)
    if m:
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if not 1 <= hour <= 12:
            raise DateProblem("impossible", f"The time {_quote(value)} is impossible: with am or pm the "
                                            f"hour runs from 1 to 12. {HOW_TO_WRITE_TIME}", value)
        return _time_or_problem(hour % 12 + (12 if half == "p" else 0), minute, 0, value)
    m = _TIME_COMPACT.fullmatch(s)
    if m:
        return _time_or_problem(int(m.group(1)), int(m.group(2)), 0, value)
    if s[0] in "?ca" and _UNCERTAIN_PREFIX.match(s):
        raise DateProblem("unreadable", f"The time {_quote(value)} is marked as approximate, which a time "
                                        "cannot keep. Write the time (14:30) and say in the event that "
                                        "it is approximate.", value)
    raise _bad_time(value)


def _bad_time(value: object) -> DateProblem:
    return DateProblem("unreadable", f"The time {_quote(value)} could not be read. {HOW_TO_WRITE_TIME}",
                       value)
