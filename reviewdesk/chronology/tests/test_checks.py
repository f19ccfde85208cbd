"""The checks on an agency's chronology file: each code raised by the smallest row that earns it and
not by a clean one, with the row and the column as the author sees them."""

import datetime

import pytest

from reviewdesk.chronology.checks import (
    CODES,
    CheckedRow,
    Problem,
    check_columns,
    check_rows,
    format_problem,
)
from reviewdesk.lib.chronology_files.columns import MappedRow

D = datetime.date
# A file with its own headings, as agencies send them.
HEADINGS = {"date": "Date of contact", "time": "Time", "sequence": "Seq", "source": "Source",
            "role": "Worker", "event": "Details", "action": "Outcome", "analysis": "Comment"}
CLEAN = {"date": "22/05/2016", "source": "Case note", "role": "Social worker",
         "event": "Home visit; child seen alone.", "action": "Plan reviewed", "analysis": ""}
PERIOD = (D(2016, 1, 1), D(2016, 12, 31))


def row(n: int = 7, **values: object) -> MappedRow:
    return MappedRow(str(n), f"Row {n}", {**CLEAN, **values}, position=n - 2)


def check(*rows: MappedRow, headings: dict | None = None, **options: object) -> list[CheckedRow]:
    return check_rows(rows, headings=HEADINGS if headings is None else headings, **options)


def codes(checked: CheckedRow) -> list[str]:
    return [p.code for p in checked.problems]


def test_a_clean_row_has_no_problems_and_is_read_as_typed():
    [checked] = check(row(), period=PERIOD)
    assert checked.problems == []
    assert (checked.ref, checked.label, checked.position) == ("7", "Row 7", 5)
    assert checked.date.display == "22 May 2016"
    assert (checked.time, checked.sequence) == (None, None)
    assert (checked.source, checked.role, checked.event, checked.action, checked.analysis) == (
        "Case note", "Social worker", "Home visit; child seen alone.", "Plan reviewed", "")


# (the row's cells that differ from a clean row, the code, the column named)
ONE_ROW = [
    ({"date": None}, "CHR-E01", "Date of contact"),
    ({"date": "  "}, "CHR-E01", "Date of contact"),
    ({"date": "31/02/2016"}, "CHR-E02", "Date of contact"),
    ({"date": "05/13/2016"}, "CHR-E02", "Date of contact"),
    ({"date": "sometime"}, "CHR-E03", "Date of contact"),
    ({"event": ""}, "CHR-E04", "Details"),
    ({"event": " \n "}, "CHR-E04", "Details"),
    ({"source": None}, "CHR-E05", "Source"),
    ({"time": "half two"}, "CHR-E06", "Time"),
    ({"time": "morning"}, "CHR-W07", "Time"),
    ({"time": "PM"}, "CHR-W07", "Time"),
    ({"time": "25:00"}, "CHR-E06", "Time"),
    ({"sequence": "first"}, "CHR-E07", "Seq"),
    ({"sequence": "1.5"}, "CHR-E07", "Seq"),
    ({"sequence": -1}, "CHR-E07", "Seq"),
    ({"date": "22/05/2016 14:30", "time": "15:00"}, "CHR-E08", "Time"),
    ({"date": "22/05/2015"}, "CHR-W01", "Date of contact"),
    ({"date": "?22/05/2016"}, "CHR-W03", "Date of contact"),
    ({"date": "May 2016"}, "CHR-W04", "Date of contact"),
    ({"date": "2016"}, "CHR-W04", "Date of contact"),
    ({"date": "22.05/16"}, "CHR-W05", "Date of contact"),
]


@pytest.mark.parametrize(("cells", "code", "column"), ONE_ROW)
def test_each_check_is_raised_by_a_minimal_row(cells, code, column):
    [checked] = check(row(**cells), period=PERIOD)
    assert codes(checked) == [code]
    [problem] = checked.problems
    assert problem.severity == CODES[code][0]
    assert (problem.row_ref, problem.row_label, problem.column) == ("7", "Row 7", column)
    assert problem.message.endswith(".")
    assert (checked.errors, checked.warnings) == (
        ([problem], []) if problem.severity == "error" else ([], [problem]))


def test_every_code_has_a_severity_and_a_title_and_is_tested():
    assert all(severity in {"error", "warning"} and title for severity, title in CODES.values())
    tested = {code for _, code, _ in ONE_ROW} | {"CHR-W02", "CHR-W06", "CHR-E09", "CHR-E10", "CHR-E11",
                                                  "CHR-W08", "CHR-W09"}
    assert tested == set(CODES)


def test_the_messages_say_what_is_wrong_and_how_to_fix_it():
    [impossible] = check(row(date="31/02/2016"))
    assert impossible.problems[0].message == (
        "The date '31/02/2016' is impossible: February 2016 has 29 days. Correct the date; if you are "
        "unsure of the day, write only the month (May 2016) or put ? in front of your best guess "
        "(?22/05/2016).")
    [missing] = check(row(date=None, event="", source=""))
    assert [p.message for p in missing.problems] == [
        "The 'Date of contact' cell is empty. Enter the date of the event, day first (22/05/2016); "
        "write May 2016 or 2016 if you know only the month or the year.",
        "The 'Details' cell is empty. Say what happened: the contact, meeting or event, factually.",
        "The 'Source' cell is empty. Say where this comes from (for example: case note, GP record, "
        "police log).",
    ]
    [assumed] = check(row(date="22.05/16"))
    assert assumed.problems[0].message == (
        "Read with an assumption: '22.05/16' read as 22 May 2016: the separators differ. Check it is "
        "the date you meant; if it is, write it as 22/05/2016 to clear this warning.")
    [times] = check(row(date="22/05/2016 14:30", time="3pm"))
    assert times.problems[0].message == (
        "The date cell gives the time 14:30 but the 'Time' cell gives 15:00. Correct one so that they "
        "agree, or take the time out of the date cell.")


def test_every_problem_of_a_row_is_listed_at_once():
    [checked] = check(row(date="?May 2015", event="", source="", time="later", sequence="x"),
                      period=PERIOD)
    assert codes(checked) == ["CHR-W03", "CHR-W04", "CHR-E06", "CHR-E07", "CHR-E04", "CHR-E05", "CHR-W01"]
    assert [p.code for p in checked.errors] == ["CHR-E06", "CHR-E07", "CHR-E04", "CHR-E05"]
    assert [p.code for p in checked.warnings] == ["CHR-W03", "CHR-W04", "CHR-W01"]


def test_a_problem_is_printed_as_the_command_prints_it():
    [checked] = check(row(12, date="32/01/2016"))
    assert format_problem("police.xlsx", checked.problems[0]).startswith(
        "police.xlsx:12: CHR-E02: The date '32/01/2016' is impossible: January 2016 has 31 days.")
    word = MappedRow("2.4", "Table 2, row 4", {**CLEAN, "event": ""})
    [checked] = check_rows([word], headings=HEADINGS)
    assert format_problem("health.docx", checked.problems[0]) == (
        "health.docx:2.4: CHR-E04: The 'Details' cell is empty. Say what happened: the contact, "
        "meeting or event, factually.")
    [file_problem] = check_columns({"date": "Date", "event": "Details"})
    assert format_problem("gp.csv", file_problem).startswith("gp.csv: CHR-E11: No column of this file")


# Order: a row dated before the row above it, comparing what each date can mean.
ORDER = [
    (["22/05/2016", "21/05/2016"], True),
    (["22/05/2016", "22/05/2016"], False),
    (["22/05/2016", "23/05/2016"], False),
    (["22/05/2016", "May 2016"], False),  # the month holds the day above
    (["May 2016", "3/05/2016"], False),  # the day is within the month above
    (["May 2016", "30/04/2016"], True),
    (["22/05/2016", "April 2016"], True),
    (["2016", "3 March 2016"], False),
    (["2017", "December 2016"], True),
    (["March 2016", "2016"], False),
    (["?22/05/2016", "?21/05/2016"], True),
]


@pytest.mark.parametrize(("dates", "out_of_order"), ORDER)
def test_rows_out_of_order_compare_dates_by_their_precision(dates, out_of_order):
    first, second = check(row(6, date=dates[0]), row(7, date=dates[1]))
    assert "CHR-W02" not in codes(first)
    assert ("CHR-W02" in codes(second)) is out_of_order


def test_out_of_order_names_the_row_above():
    _, second = check(row(6, date="22/05/2016"), row(7, date="April 2016"))
    [problem] = [p for p in second.problems if p.code == "CHR-W02"]
    assert problem.message == ("This row is dated April 2016, before the row above (Row 6, 22 May 2016). "
                               "Put the rows in date order, or correct the date.")
    assert problem.column == "Date of contact"


def test_within_a_day_the_sequence_orders_the_rows_and_then_the_time():
    rows = check(row(2, sequence=2), row(3, sequence=1), row(4, sequence="3"))
    assert [codes(r) for r in rows] == [[], ["CHR-W02"], []]
    assert rows[1].problems[0].column == "Seq"
    assert ("sequence 1 on 22 May 2016, after sequence 2 in the row above (Row 2)"
            in rows[1].problems[0].message)
    by_time = check(row(2, time="14:30"), row(3, time="09:00"), row(4, time="09:30"))
    assert [codes(r) for r in by_time] == [[], ["CHR-W02"], []]
    assert by_time[1].problems[0].column == "Time"
    # The sequence wins over the time when both are given.
    both = check(row(2, time="14:30", sequence=1), row(3, time="09:00", sequence=2))
    assert [codes(r) for r in both] == [[], []]


def test_a_row_without_a_readable_date_is_passed_over_for_order():
    rows = check(row(2, date="22/05/2016"), row(3, date="nonsense"), row(4, date="21/05/2016"))
    assert codes(rows[1]) == ["CHR-E03"]
    assert "before the row above (Row 2, 22 May 2016)" in rows[2].problems[0].message


def test_a_sequence_number_used_twice_on_a_day_is_a_warning():
    rows = check(row(2, sequence=1), row(3, sequence=2), row(4, sequence=1, date="23/05/2016"),
                 row(5, sequence="2"))
    assert [codes(r) for r in rows] == [[], [], [], ["CHR-W02", "CHR-W06"]]
    assert rows[3].problems[1].message == (
        "Sequence 2 is used twice on 22 May 2016 (also Row 3). Number the events on that day 1, 2, 3… in "
        "the order they happened.")


# The period under review: 15 January 2017 to 30 June 2018, both days inside.
PERIOD_EDGES = [
    ("15/01/2017", False), ("14/01/2017", True), ("30/06/2018", False), ("01/07/2018", True),
    ("January 2017", False), ("December 2016", True), ("June 2018", False), ("July 2018", True),
    ("2017", False), ("2016", True), ("2018", False), ("2019", True), ("?14/01/2017", True),
]


@pytest.mark.parametrize(("typed", "outside"), PERIOD_EDGES)
def test_the_period_under_review_is_compared_by_precision(typed, outside):
    [checked] = check(row(date=typed), period=(D(2017, 1, 15), D(2018, 6, 30)))
    assert ("CHR-W01" in codes(checked)) is outside


def test_outside_the_period_says_the_period_and_what_to_do():
    [checked] = check(row(date="14/01/2017"), period=(D(2017, 1, 15), D(2018, 6, 30)))
    assert checked.problems[0].message == (
        "The date 14 January 2017 is outside the period under review (15 January 2017 to 30 June 2018). "
        "Check the date; if the event belongs in the chronology all the same, say why in the analysis.")


def test_without_a_period_no_date_is_outside_it():
    [checked] = check(row(date="01/01/1990"))
    assert checked.problems == []


def test_a_file_without_a_source_column_may_give_one_source_for_all_its_rows():
    headings = {k: v for k, v in HEADINGS.items() if k != "source"}
    own, none = check(row(2, source="GP record"), row(3, source=None), headings=headings,
                      default_source="  Police log ")
    assert (own.source, own.problems) == ("GP record", [])  # a row's own source wins
    assert (none.source, none.problems) == ("Police log", [])
    assert check_columns(headings, default_source="Police log") == []


def test_without_a_source_column_or_a_default_every_row_says_so():
    headings = {k: v for k, v in HEADINGS.items() if k != "source"}
    [checked] = check(row(source=None), headings=headings)
    [problem] = checked.problems
    assert (problem.code, problem.column) == ("CHR-E05", "")
    assert problem.message.startswith("This file has no Source of information column, so the row has none.")
    [file_problem] = check_columns(headings)
    assert (file_problem.code, file_problem.severity, file_problem.row_ref) == ("CHR-E11", "error", "")


def test_a_file_missing_the_date_or_event_column_is_reported_once_for_the_file():
    assert [p.code for p in check_columns({"source": "Source"})] == ["CHR-E09", "CHR-E10"]
    assert check_columns(HEADINGS) == []
    [checked] = check(MappedRow("2", "Row 2", {"source": "x", "event": "Visit"}), headings={
        "source": "Source", "event": "Details"})
    assert codes(checked) == ["CHR-E01"]
    assert checked.problems[0].message.startswith("This file has no Date column, so the row has none.")


def test_cell_text_is_stripped_but_keeps_its_line_breaks():
    [checked] = check(row(event="  Visit.\r\nChild seen.\r\n\r\nMother present.  ", role=3.0,
                          analysis=D(2016, 5, 23), action=12))
    assert checked.event == "Visit.\nChild seen.\n\nMother present."
    assert (checked.role, checked.analysis, checked.action) == ("3", "23/05/2016", "12")


def test_times_and_sequences_arrive_in_the_forms_excel_and_csv_give():
    rows = check(row(2, date=datetime.datetime(2016, 5, 22), time=datetime.time(9, 30), sequence=1.0),
                 row(3, date=42512.5, sequence="2"), row(4, date="22/05/2016 2.30pm", time="14:30",
                                                        sequence="3.0"))
    assert [(r.time, r.sequence) for r in rows] == [
        (datetime.time(9, 30), 1), (datetime.time(12, 0), 2), (datetime.time(14, 30), 3)]
    assert [r.problems for r in rows] == [[], [], []]


def test_an_empty_row_is_skipped_and_a_row_with_only_a_date_is_not():
    empty = MappedRow("5", "Row 5", {"date": None, "event": "  ", "source": ""})
    only_date = MappedRow("6", "Row 6", {"date": "22/05/2016"})
    checked = check_rows([empty, only_date], headings=HEADINGS)
    assert [(r.ref, codes(r)) for r in checked] == [("6", ["CHR-E04", "CHR-E05"])]


def test_problems_are_plain_records():
    [checked] = check(row(date="?22/05/2016"))
    assert checked.problems[0] == Problem(
        "CHR-W03", "warning", "7", "Row 7", "Date of contact",
        "The date ?22 May 2016 is marked as uncertain. Keep the ? while you are unsure; take it out once "
        "the date is confirmed.")


def test_1500_rows_in_order_within_the_period_raise_nothing():
    # Speed is measured in bench/chronology/run.py, not here.
    start = D(2016, 1, 1)
    rows = [row(n, date=f"{start + datetime.timedelta(days=n // 3):%d/%m/%Y}",
                time=("09:30" if n % 2 else None), sequence=n % 3 + 1) for n in range(1500)]
    checked = check(*rows, period=(D(2016, 1, 1), D(2020, 12, 31)))
    assert len(checked) == 1500
    assert sum(len(r.problems) for r in checked) == 0


@pytest.mark.parametrize("typed", ["n/k", "N/K", "unknown", "not known", "-", "?", "??", "tbc",
                                   "TBC", "n/a", "(unknown)"])
def test_a_time_marked_unknown_keeps_the_row_with_no_time(typed):
    [checked] = check(row(time=typed), period=PERIOD)
    assert (checked.problems, checked.time) == ([], None)


def test_a_file_without_a_source_column_takes_the_agencys_records_with_a_warning():
    from reviewdesk.chronology.checking import check_table, read_file

    table = read_file(b"Date,Contact type,Notes\n22/05/2016,Visit,Home visit; child seen.\n",
                      "police.csv")
    result = check_table(table, period=PERIOD, agency_name="Eastvale Police")
    assert [p.code for p in result.file_problems] == ["CHR-W08"]
    assert "'Eastvale Police records'" in result.file_problems[0].message
    assert result.file_errors == [] and result.error_rows == []
    assert [r.source for r in result.rows] == ["Eastvale Police records"]
    assert result.default_source == "Eastvale Police records"
    # A source the author gives instead is used as it is, with no warning.
    given = check_table(table, period=PERIOD, agency_name="Eastvale Police",
                        default_source="Police custody records")
    assert given.file_problems == [] and given.rows[0].source == "Police custody records"
    # Without an agency to fall back on (no caller does this now), the file still says why.
    assert [p.code for p in check_table(table, period=PERIOD).file_errors] == ["CHR-E11"]


NARRATIVES = [
    "Home visit with HV. Mother presented as low; flat untidy; Maisie seen asleep in cot.",
    "Call from school DSL re Tyler's absence and bruise to forearm, explained as a fall.",
    "Letter sent to mother inviting her to the child in need meeting on 14/06.",
    "Strategy discussion with police and health; agreed s47 enquiries, joint visit tomorrow.",
    "Unannounced visit, no answer. Neighbour said mother had gone to her own mum's house.",
    "Core group held at children's centre; plan reviewed; GP and school sent apologies.",
]


def _table(header: str, rows: list[str]):
    from reviewdesk.chronology.checking import read_file

    body = "\n".join(",".join(f'"{cell}"' for cell in r) for r in rows)
    return read_file(f"{header}\n{body}\n".encode(), "export.csv")


def test_an_unknown_narrative_heading_is_read_from_its_cells_and_other_columns_are_kept():
    from reviewdesk.chronology.checking import check_table

    types = ["Visit", "Call", "Letter", "Meeting", "Visit", "Meeting"]
    pairs = enumerate(zip(types, NARRATIVES, strict=True))
    table = _table("Occurred,Type,Blurb", [[f"{10 + i}/05/2016", kind, text] for i, (kind, text) in pairs])
    result = check_table(table, period=PERIOD, agency_name="Eastvale Police")
    assert (result.mapping["date"], result.mapping["event"]) == (0, 2)
    notes = [p.message for p in result.file_problems if p.code == "CHR-W09"]
    assert any("The Date was read from 'Occurred'" in n for n in notes)
    assert any("The Event / contact was read from 'Blurb'" in n for n in notes)
    assert result.error_rows == []
    assert result.rows[1].event == f"{NARRATIVES[1]}\nType: Call"  # the type kept, not dropped


def test_a_short_values_column_is_not_taken_as_the_event_when_a_narrative_is_there():
    from reviewdesk.chronology.checking import check_table

    types = ["Visit", "Call", "Letter", "Meeting", "Visit", "Meeting"]
    pairs = enumerate(zip(types, NARRATIVES, strict=True))
    table = _table("Date,Contact,Write-up", [[f"{10 + i}/05/2016", kind, text] for i, (kind, text) in pairs])
    result = check_table(table, period=PERIOD, agency_name="Eastvale Police")
    assert result.mapping["event"] == 2
    [note] = [p.message for p in result.file_problems if p.code == "CHR-W09"]
    assert note.startswith("'Contact' holds a few short values repeated")
    assert [r.event.splitlines()[-1] for r in result.rows[:2]] == ["Contact: Visit",
                                                                     "Contact: Call"]
    # A mapping the author chose is taken as it is: nothing is second-guessed.
    chosen = check_table(table, period=PERIOD, agency_name="Eastvale Police",
                         mapping={"date": 0, "event": 1})
    assert chosen.rows[0].event.startswith("Visit") and not [
        p for p in chosen.file_problems if p.code == "CHR-W09"]


def test_a_reference_column_is_not_the_event_and_a_column_of_times_is_the_time():
    from reviewdesk.chronology.checking import check_table

    rows = [[f"2016-05-{10 + i}", f"2205-{10 + i}-44{i}1", f"{20 + i}:5{i}:14", "Assault - facial injury",
             text] for i, text in enumerate(NARRATIVES)]
    # An ambulance service's ePCR extract: a reference under a heading naming an incident, the
    # time of the call under a heading of its own, the narrative under another.
    table = _table("Call Date,Incident No,T0 Call,Presenting Complaint,Clinical Narrative", rows)
    result = check_table(table, period=PERIOD, agency_name="Westfold & Downs Ambulance Service")

    assert (result.mapping["event"], result.mapping["time"]) == (4, 2)
    assert result.rows[0].event.startswith(NARRATIVES[0])
    assert "Incident No: 2205-10-4401" in result.rows[0].event.splitlines()
    assert "Presenting Complaint: Assault - facial injury" in result.rows[0].event.splitlines()
    assert result.rows[1].time.isoformat() == "21:51:14"
    notes = [p.message for p in result.file_problems if p.code == "CHR-W09"]
    assert any("The Time was read from 'T0 Call'" in n for n in notes)
