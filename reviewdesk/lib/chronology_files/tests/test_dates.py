"""Reading the dates agency authors type: day first always, every form Chronolator users rely on,
and never a guessed day or a silent swap of day and month."""

import calendar
import datetime
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewdesk.lib.chronology_files.dates import DateProblem, ParsedDate, parse_date, parse_time

D = datetime.date
T = datetime.time

# (as typed, iso, precision, uncertain, time, display)
ACCEPTED = [
    ("22/05/2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22/5/16", "2016-05-22", "day", False, None, "22 May 2016"),
    ("2/5/2016", "2016-05-02", "day", False, None, "2 May 2016"),
    ("22.05.16", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22.05.2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22-05-2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22 05 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22 / 05 / 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22-may-16", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22-May-2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22 May 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22 MAY 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22nd May 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("3rd March 2022", "2022-03-03", "day", False, None, "3 March 2022"),
    ("1st of April 2020", "2020-04-01", "day", False, None, "1 April 2020"),
    ("Thursday 3rd March 2022", "2022-03-03", "day", False, None, "3 March 2022"),
    ("Thurs, 3 March 2022", "2022-03-03", "day", False, None, "3 March 2022"),
    ("3 Mar. 2022", "2022-03-03", "day", False, None, "3 March 2022"),
    ("3 Sept 2022", "2022-09-03", "day", False, None, "3 September 2022"),
    ("22May2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("May 22, 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("Sept 2022", "2022-09", "month", False, None, "September 2022"),
    ("March 2022", "2022-03", "month", False, None, "March 2022"),
    ("march, 2022", "2022-03", "month", False, None, "March 2022"),
    ("Mar '22", "2022-03", "month", False, None, "March 2022"),
    ("03/2022", "2022-03", "month", False, None, "March 2022"),
    ("3.2022", "2022-03", "month", False, None, "March 2022"),
    ("2022-03", "2022-03", "month", False, None, "March 2022"),
    ("2022", "2022", "year", False, None, "2022"),
    ("?22 May 2016", "2016-05-22", "day", True, None, "?22 May 2016"),
    ("? 22/05/16", "2016-05-22", "day", True, None, "?22 May 2016"),
    ("?March 2022", "2022-03", "month", True, None, "?March 2022"),
    ("?2016", "2016", "year", True, None, "?2016"),
    ("c. 2016", "2016", "year", True, None, "?2016"),
    ("circa May 2016", "2016-05", "month", True, None, "?May 2016"),
    ("approx 22/05/2016", "2016-05-22", "day", True, None, "?22 May 2016"),
    ("22/05/2016?", "2016-05-22", "day", True, None, "?22 May 2016"),
    ("22/05/2016 (approx)", "2016-05-22", "day", True, None, "?22 May 2016"),
    ("2016 May 22", "2016-05-22", "day", False, None, "22 May 2016"),
    ("May 22nd 2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("20160522", "2016-05-22", "day", False, None, "22 May 2016"),
    ("2016-05-22T14:30:00.000+01:00", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("20160522T1430", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("22/05/2016 14:30", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("22/05/2016 2.30pm", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("22/05/2016, 9am", "2016-05-22", "day", False, T(9, 0), "22 May 2016 09:00"),
    ("22 May 2016 at 14.30", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("22.05.16 1430hrs", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("?22/05/2016 14:30", "2016-05-22", "day", True, T(14, 30), "?22 May 2016 14:30"),
    ("2016-05-22", "2016-05-22", "day", False, None, "22 May 2016"),
    ("2016-05-22T14:30:00", "2016-05-22", "day", False, T(14, 30), "22 May 2016 14:30"),
    ("2016-05-22 14:30:15", "2016-05-22", "day", False, T(14, 30, 15), "22 May 2016 14:30:15"),
    # Exports write a date with no time as midnight: that is not a time anybody recorded.
    ("2016-05-22 00:00:00", "2016-05-22", "day", False, None, "22 May 2016"),
    ("Sunday, May 22nd, 2016 2pm", "2016-05-22", "day", False, T(14, 0), "22 May 2016 14:00"),
    # What Word and Excel do to typed text: non-breaking spaces, en dashes, the text apostrophe.
    ("22\u00a0May\u00a02016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("22\u201305\u20132016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("'22/05/2016", "2016-05-22", "day", False, None, "22 May 2016"),
    ("  22/05/2016.  ", "2016-05-22", "day", False, None, "22 May 2016"),
    ("29/02/2016", "2016-02-29", "day", False, None, "29 February 2016"),
    ("29/02/2000", "2000-02-29", "day", False, None, "29 February 2000"),
]


@pytest.mark.parametrize(("typed", "iso", "precision", "uncertain", "time", "display"), ACCEPTED)
def test_the_forms_authors_type_are_read_day_first(typed, iso, precision, uncertain, time, display):
    parsed = parse_date(typed)
    assert (parsed.iso, parsed.precision, parsed.uncertain, parsed.time, parsed.display) == (
        iso, precision, uncertain, time, display)
    assert parsed.assumption == ""


def test_a_month_or_year_is_stored_as_its_first_day_but_never_shown_with_one():
    march = parse_date("March 2022")
    assert march.date == D(2022, 3, 1)
    assert march.end == D(2022, 3, 31)
    assert "1" not in march.display.replace("2022", "")
    year = parse_date("2016")
    assert (year.date, year.end, year.display) == (D(2016, 1, 1), D(2016, 12, 31), "2016")
    assert parse_date("Feb 2016").end == D(2016, 2, 29)


# (as typed, the date read, what the assumption must say)
ASSUMED = [
    ("22.05/16", D(2016, 5, 22), "'22.05/16' read as 22 May 2016: the separators differ"),
    ("22/05.2016", D(2016, 5, 22), "the separators differ"),
    ("22-05/16 14:30", D(2016, 5, 22), "the separators differ"),
    ("Monday 3rd March 2022", D(2022, 3, 3), "which was a Thursday, not a Monday"),
    ("44562", D(2022, 1, 1), "'44562' read as the Excel date number for 1 January 2022"),
    ("Mar-22", D(2022, 3, 1), "'Mar-22' read as March 2022: the number after the month is taken as the year"),
    ("Mar-95", D(2095, 3, 1), "'Mar-95' read as March 2095: two-digit years are read as 20yy"),
    ("22/05/95", D(2095, 5, 22), "two-digit years are read as 20yy; write the year in full (1995)"),
    # Slips of the keyboard with only one reading (issue 20): read, and the assumption named.
    ("3//11/2021", D(2021, 11, 3), "'3//11/2021' read as 3 November 2021: the separators are doubled"),
    ("3.11./2021", D(2021, 11, 3), "the separators are doubled or have spaces around them"),
    ("3 /11/2021", D(2021, 11, 3), "the separators are doubled or have spaces around them"),
    ("03/11 /2021", D(2021, 11, 3), "the separators are doubled or have spaces around them"),
    ("3/11//21 09:15", D(2021, 11, 3), "the separators are doubled"),
    ("2022/03/15", D(2022, 3, 15), "the year comes first, so it is read year, month, day"),
    ("2022.03.15", D(2022, 3, 15), "the year comes first"),
]


@pytest.mark.parametrize("typed", ["27/09/2021 n/k", "12/07/2021 --:--", "21/09/2022 tbc",
                                   "03/11/2021 unknown"])
def test_a_date_with_its_time_not_known_is_the_date_with_no_time(typed):
    parsed = parse_date(typed)
    assert (parsed.precision, parsed.time, parsed.assumption) == ("day", None, "")


def test_a_date_with_a_part_of_the_day_says_the_time_is_not_kept():
    parsed = parse_date("22/06/2021 am")
    assert (parsed.date, parsed.time) == (D(2021, 6, 22), None)
    assert "'am' is a part of the day, not a time" in parsed.assumption


@pytest.mark.parametrize("typed", ["22 / 05 / 2016", "22 05 2016", "22/05/2016", "2016-05-22"])
def test_separators_written_the_same_way_twice_are_a_style_not_a_slip(typed):
    parsed = parse_date(typed)
    assert (parsed.date, parsed.assumption) == (D(2016, 5, 22), "")


@pytest.mark.parametrize(("typed", "day", "said"), ASSUMED)
def test_a_mistyped_form_is_read_with_its_assumption_stated(typed, day, said):
    parsed = parse_date(typed)
    assert parsed.date == day
    assert said in parsed.assumption


# (as typed, code, part of the message)
REJECTED = [
    ("31/02/2016", "impossible", "February 2016 has 29 days"),
    ("29/02/2017", "impossible", "February 2017 has 28 days"),
    ("31/04/2016", "impossible", "April 2016 has 30 days"),
    ("32/01/2016", "impossible", "January 2016 has 31 days"),
    ("00/05/2016", "impossible", "there is no day 0 in May 2016"),
    ("22/13/2016", "impossible", "there is no month 13"),
    ("22/00/2016", "impossible", "there is no month 0"),
    # Never a silent swap: US order is read day first, and month 13 does not exist.
    ("05/13/2016", "impossible", "there is no month 13 (dates are read day first"),
    ("31 Feb 2016", "impossible", "February 2016 has 29 days"),
    ("13/2016", "impossible", "there is no month 13"),
    ("2106", "impossible", "the year 2106 is outside 1900–2099"),
    ("22/05/1016", "impossible", "the year 1016"),
    ("31/02/2016 14:30", "impossible", "February 2016 has 29 days"),
    ("22/05/2016 25:00", "impossible", "a time runs from 00:00 to 23:59"),
    ("blah", "unreadable", "Write it day first, for example 22/05/2016"),
    ("unknown", "unreadable", "Write it day first"),
    ("n/a", "unreadable", "Write it day first"),
    ("22 Mai 2016", "unreadable", "'Mai' is not a month name"),
    ("Smarch 2016", "unreadable", "'Smarch' is not a month name"),
    ("05/16", "unreadable", "It has only two numbers"),
    ("22/05", "unreadable", "It has only two numbers"),
    ("March 22", "unreadable", "Give the year in full"),
    ("22nd May", "unreadable", "Give the year in full"),
    ("14:30", "unreadable", "It looks like a time, with no date"),
    ("22/05/2016 - 25/05/2016", "unreadable", "It is a range of dates"),
    ("May 2016 2pm", "unreadable", "It gives a time but no day"),
    ("123", "unreadable", "It is a number, but not a year or an Excel date"),
    ("22052016", "unreadable", "Put / between them: 22/05/2016"),
    ("220516", "unreadable", "It has no separators"),
    ("22/05/201", "unreadable", "Write it day first"),
    ("1/2/3/4", "unreadable", "Write it day first"),
    ("Spring 2016", "unreadable", "'Spring' is not a month name"),
    ("?", "unreadable", "There is no date in it"),
    ("x" * 200, "unreadable", "It is too long to be a date"),
    ("", "missing", "The date is empty"),
    ("   ", "missing", "The date is empty"),
]


@pytest.mark.parametrize(("typed", "code", "said"), REJECTED)
def test_impossible_and_unreadable_dates_are_refused_with_the_reason_and_the_fix(typed, code, said):
    with pytest.raises(DateProblem) as caught:
        parse_date(typed)
    assert caught.value.code == code
    assert said in caught.value.message


def test_an_impossible_date_says_what_is_wrong_and_how_to_fix_it():
    with pytest.raises(DateProblem) as caught:
        parse_date("31/02/2016")
    assert caught.value.message == (
        "The date '31/02/2016' is impossible: February 2016 has 29 days. Correct the date; if you are "
        "unsure of the day, write only the month (May 2016) or put ? in front of your best guess "
        "(?22/05/2016).")


def test_an_unreadable_date_lists_the_forms_accepted():
    with pytest.raises(DateProblem) as caught:
        parse_date("sometime last year")
    assert caught.value.message == (
        "The date 'sometime last year' could not be read. Write it day first, for example 22/05/2016, "
        "22.05.16, 22-may-16 or 22 May 2016; write May 2016 or 2016 if you know only the month or the "
        "year; put ? in front if you are unsure of it (?22/05/2016).")


def test_a_refusal_is_raised_afresh_each_time_with_the_value_as_typed():
    # Readings are cached; the exception must not be one shared, half-used object.
    with pytest.raises(DateProblem) as first:
        parse_date(" 31/02/2016 ")
    with pytest.raises(DateProblem) as second:
        parse_date("31/02/2016")
    assert first.value is not second.value
    assert first.value.value == " 31/02/2016 " and second.value.value == "31/02/2016"


# Excel: serial 1 is 1 January 1900, and Excel believes in 29 February 1900 (serial 60).
SERIALS = [
    (44562, D(2022, 1, 1), None),
    (42512, D(2016, 5, 22), None),
    (44562.0, D(2022, 1, 1), None),
    (44562.604166666664, D(2022, 1, 1), T(14, 30)),
    (44562.5, D(2022, 1, 1), T(12, 0)),
    (44562.99999999, D(2022, 1, 2), None),  # rounds to midnight of the next day
    (1, D(1900, 1, 1), None),
    (59, D(1900, 2, 28), None),
    (61, D(1900, 3, 1), None),
    (73050, D(2099, 12, 31), None),
]


@pytest.mark.parametrize(("serial", "day", "time"), SERIALS)
def test_excel_serial_numbers_are_read_as_excel_does(serial, day, time):
    parsed = parse_date(serial)
    assert (parsed.date, parsed.precision, parsed.time, parsed.assumption) == (day, "day", time, "")


def test_excel_serial_60_is_the_29_february_1900_that_never_was():
    with pytest.raises(DateProblem) as caught:
        parse_date(60)
    assert caught.value.code == "impossible"
    assert "29 February 1900, a day that never existed" in caught.value.message


@pytest.mark.parametrize("number", [0, -1, 0.5, 73051, 2958466, 10**12, math.nan, math.inf, -math.inf])
def test_numbers_that_are_not_excel_dates_are_refused(number):
    with pytest.raises(DateProblem) as caught:
        parse_date(number)
    assert caught.value.code in {"unreadable", "impossible"}


def test_a_year_typed_into_an_excel_cell_is_a_year_not_a_serial():
    # As a serial, 2016 would be 8 July 1905.
    parsed = parse_date(2016)
    assert (parsed.iso, parsed.precision) == ("2016", "year")
    assert parse_date(2016.0).precision == "year"


def test_a_serial_number_typed_as_text_is_read_with_the_assumption_stated():
    parsed = parse_date("44562.604166666664")
    assert (parsed.date, parsed.time) == (D(2022, 1, 1), T(14, 30))
    assert "read as the Excel date number for 1 January 2022: the cell held a number" in parsed.assumption


def test_dates_from_openpyxl_are_taken_as_they_are():
    assert parse_date(datetime.datetime(2016, 5, 22)) == ParsedDate(D(2016, 5, 22), "day", False, None)
    assert parse_date(datetime.datetime(2016, 5, 22, 14, 30)).time == T(14, 30)
    assert parse_date(D(2016, 5, 22)).display == "22 May 2016"
    with pytest.raises(DateProblem, match="the year 1850"):
        parse_date(D(1850, 1, 1))


@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_date_is_missing(value):
    with pytest.raises(DateProblem) as caught:
        parse_date(value)
    assert caught.value.code == "missing"
    assert "Enter the date of the event, day first (22/05/2016)" in caught.value.message


@pytest.mark.parametrize("value", [T(14, 30), True, [22, 5, 2016], object()])
def test_other_cell_values_are_unreadable_not_a_crash(value):
    with pytest.raises(DateProblem) as caught:
        parse_date(value)
    assert caught.value.code == "unreadable"


def test_iso_and_display_for_each_precision():
    assert ParsedDate(D(2016, 5, 22), "day", True, T(9, 5)).display == "?22 May 2016 09:05"
    assert ParsedDate(D(2016, 5, 1), "month", False, None).iso == "2016-05"
    assert ParsedDate(D(2016, 1, 1), "year", True, None).display == "?2016"


TIMES = [
    ("14:30", T(14, 30)), ("14.30", T(14, 30)), ("14h30", T(14, 30)), ("9:05", T(9, 5)),
    ("14:30:15", T(14, 30, 15)), ("2.30pm", T(14, 30)), ("2:30 PM", T(14, 30)), ("2pm", T(14, 0)),
    ("2 p.m.", T(14, 0)), ("12am", T(0, 0)), ("12.15pm", T(12, 15)), ("1430", T(14, 30)),
    ("0930", T(9, 30)), ("930", T(9, 30)), ("1430hrs", T(14, 30)), ("14:30 hrs", T(14, 30)),
    ("noon", T(12, 0)), ("Midnight", T(0, 0)), (0.5, T(12, 0)), (0.604166666, T(14, 30)),
    (1430, T(14, 30)), (1430.0, T(14, 30)), (T(14, 30), T(14, 30)),
    (datetime.datetime(1899, 12, 30, 14, 30), T(14, 30)), (None, None), ("", None), ("  ", None),
]


@pytest.mark.parametrize(("typed", "time"), TIMES)
def test_the_times_authors_type_are_read(typed, time):
    assert parse_time(typed) == time


TIME_REJECTED = [
    ("25:00", "impossible", "a time runs from 00:00 to 23:59"),
    ("14:75", "impossible", "a time runs from 00:00 to 23:59"),
    ("13pm", "impossible", "with am or pm the hour runs from 1 to 12"),
    ("0am", "impossible", "with am or pm the hour runs from 1 to 12"),
    ("morning", "unreadable", "Write it as 14:30 or 2.30pm, or leave the time empty"),
    ("9", "unreadable", "Write it as 14:30 or 2.30pm"),
    ("14:30-15:00", "unreadable", "Write it as 14:30 or 2.30pm"),
    ("approx 14:00", "unreadable", "say in the event that it is approximate"),
    ("?14:00", "unreadable", "say in the event that it is approximate"),
    (2500, "unreadable", "Write it as 14:30"),
    (1.5, "unreadable", "Write it as 14:30"),
    (math.nan, "unreadable", "Write it as 14:30"),
    (True, "unreadable", "Write it as 14:30"),
    (datetime.datetime(2016, 5, 22, 14, 30), "unreadable", "Put the date in the Date column"),
]


@pytest.mark.parametrize(("typed", "code", "said"), TIME_REJECTED)
def test_times_that_are_not_times_are_refused(typed, code, said):
    with pytest.raises(DateProblem) as caught:
        parse_time(typed)
    assert caught.value.code == code
    assert said in caught.value.message


# Property-based: the reading is total (only DateProblem escapes), round-trips, and is day first.

DATES = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))
DATES_20YY = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))
ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
FORMATS = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d.day}{ORDINAL.get(d.day, 'th')} {d:%B} {d.year}",
    lambda d: f"{d:%A} {d.day} {d:%b} {d.year}",
    lambda d: f"{d:%d}-{d:%b}-{d.year}".lower(),
    lambda d: d.isoformat(),
]
FORMATS_20YY = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",
    lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}",
    lambda d: f"{d:%d}-{d:%b}-{d:%y}".lower(),
]
FAST = settings(max_examples=150, deadline=None)
FRAGMENTS = st.sampled_from(["22", "5", "05", "2016", "16", "31", "13", "00", "/", ".", "-", " ", "?", ":",
                             "may", "March", "sept", "Monday", "nd", "th", "of", "pm", "am", "c.",
                             "approx", "T", "Z", "+01:00", ",", "'", "\u2013", "\u00a0", "44562", "1e9",
                             "(approx)", "at", "@", "hrs"])


@FAST
@given(st.text(max_size=40))
def test_no_text_crashes_the_reader(text):
    try:
        parsed = parse_date(text)
    except DateProblem as problem:
        assert problem.code in {"missing", "unreadable", "impossible"}
        assert problem.message
    else:
        assert parsed.precision in {"day", "month", "year"}
        assert 1900 <= parsed.date.year <= 2099


@FAST
@given(st.lists(FRAGMENTS, max_size=8).map("".join))
def test_no_date_like_text_crashes_the_reader(text):
    try:
        parse_date(text)
        parse_time(text)
    except DateProblem:
        pass


@FAST
@given(st.one_of(st.integers(), st.floats()))
def test_no_number_crashes_the_reader(number):
    try:
        parse_date(number)
        parse_time(number)
    except DateProblem:
        pass


@FAST
@given(DATES, st.sampled_from(FORMATS))
def test_any_real_date_written_day_first_reads_back_as_itself(d, form):
    parsed = parse_date(form(d))
    assert (parsed.date, parsed.precision, parsed.uncertain, parsed.time) == (d, "day", False, None)
    assert parsed.assumption == ""


@FAST
@given(DATES_20YY, st.sampled_from(FORMATS_20YY))
def test_two_digit_years_are_20yy(d, form):
    parsed = parse_date(form(d))
    assert (parsed.date, parsed.precision) == (d, "day")


@FAST
@given(DATES, st.times().map(lambda t: t.replace(microsecond=0)))
def test_a_date_and_time_in_one_cell_read_back(d, t):
    parsed = parse_date(f"{d:%d/%m/%Y} {t:%H:%M:%S}")
    assert (parsed.date, parsed.time) == (d, t)


@FAST
@given(DATES.filter(lambda d: d.day <= 12 and d.day != d.month))
def test_day_and_month_are_never_swapped(d):
    for text in (f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}.{d.month}.{d.year}"):
        parsed = parse_date(text)
        assert (parsed.date.day, parsed.date.month) == (d.day, d.month)


@FAST
@given(DATES.filter(lambda d: d.day > 12))
def test_month_first_dates_are_refused_not_swapped(d):
    with pytest.raises(DateProblem) as caught:
        parse_date(f"{d.month:02d}/{d.day:02d}/{d.year}")
    assert caught.value.code == "impossible"
    assert f"there is no month {d.day}" in caught.value.message


@FAST
@given(DATES)
def test_a_month_never_gains_a_day(d):
    for text in (f"{d:%B} {d.year}", f"{d.month:02d}/{d.year}", f"?{d:%b} {d.year}"):
        parsed = parse_date(text)
        assert parsed.precision == "month"
        assert parsed.date == d.replace(day=1)
        assert parsed.display.lstrip("?") == f"{calendar.month_name[d.month]} {d.year}"
