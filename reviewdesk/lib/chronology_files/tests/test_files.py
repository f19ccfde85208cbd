"""Reading agencies' chronology files: every shape they arrive in, every file we refuse, the templates.

Each file is built here in code, so the test says exactly what the author's file looks like.
"""

import csv
import datetime as dt
import io
import pathlib
import struct
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewdesk.lib import ooxml
from reviewdesk.lib.chronology_files import table as table_module
from reviewdesk.lib.chronology_files import xlsx as xlsx_module
from reviewdesk.lib.chronology_files.columns import COLUMN_KEYS, COLUMNS
from reviewdesk.lib.chronology_files.headings import describe_mapping, guess_mapping, parse_columns_option
from reviewdesk.lib.chronology_files.reading import MAX_BYTES, read_table
from reviewdesk.lib.chronology_files.table import FileRefused, apply_mapping
from reviewdesk.lib.chronology_files.templates import template_docx, template_xlsx
from reviewdesk.lib.chronology_files.tests import sample_files

OUR_HEADINGS = [c.heading for c in COLUMNS]
REPO = pathlib.Path(__file__).resolve().parents[4]


# -- building files ----------------------------------------------------------------------------


def xlsx(*sheets: tuple[str, list[list]], merges: tuple[str, ...] = (),
         hidden: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    for ref in merges:
        book.worksheets[0].merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def word(*tables: list[list[str]], before: str = "Chronology", between: str = "") -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph(before)
    for number, rows in enumerate(tables):
        if number and between:
            document.add_paragraph(between)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    return document


def saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def repack(data: bytes, *, add: dict[str, bytes] | None = None,
           replace: dict[str, bytes] | None = None) -> bytes:
    """The package with parts added or replaced."""
    out = io.BytesIO()
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as out_zip:
        for info in source.infolist():
            out_zip.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            out_zip.writestr(name, content)
    return out.getvalue()


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(FileRefused) as caught:
        read_table(data, filename)
    return str(caught.value)


HEADER = ["Date of contact", "Details", "Worker", "Outcome"]


def simple_xlsx() -> bytes:
    return xlsx(("Sheet1", [HEADER, ["01/02/2024", "Home visit", "Social worker", "Plan agreed"]]))


def simple_docx() -> bytes:
    return saved(word([HEADER, ["01/02/2024", "Home visit", "Social worker", "Plan agreed"]]))


# -- recognising columns -----------------------------------------------------------------------


@pytest.mark.parametrize(("heading", "key"), [
    ("Date", "date"), ("Date of contact", "date"), ("Date/Time", "date"), ("DATE & TIME", "date"),
    ("Date (dd/mm/yyyy)", "date"), ("Date seen by GP", "date"), ("Time", "time"), ("Time of call", "time"),
    ("Seq", "sequence"), ("No.", "sequence"), ("#", "sequence"), ("Sequence", "sequence"),
    ("Source", "source"), ("Information source", "source"), ("Source of information", "source"),
    ("Practitioner role", "role"), ("Role", "role"), ("Worker", "role"), ("Professional", "role"),
    ("Name of worker", "role"), ("Event / contact", "event"), ("Event", "event"), ("Contact", "event"),
    ("Details", "event"), ("Summary", "event"), ("Description of event", "event"),
    ("Action / outcome", "action"), ("Outcome", "action"), ("Action taken", "action"),
    ("Outcome of contact", "action"), ("Contact outcome", "action"), ("Analysis / comment", "analysis"),
    ("Analysis", "analysis"), ("Comments", "analysis"), ("Agency comment:", "analysis"),
])
def test_the_headings_agencies_use_are_recognised(heading: str, key: str) -> None:
    assert guess_mapping([heading])[key] == 0


def test_headings_that_are_not_ours_are_left_out() -> None:
    assert guess_mapping(["Agency", "Type", "Child's name", ""]) == dict.fromkeys(COLUMN_KEYS)


def test_a_whole_known_heading_wins_and_each_column_is_given_once() -> None:
    # 'Contact' holds the kind of contact and 'Details' the event: the better word wins.
    mapping = guess_mapping(["Date", "Contact", "Details", "Date/Time", "Role", "Worker"])
    assert mapping["event"] == 2
    assert mapping["date"] == 0  # 'Date' beats 'Date/Time'; the second date column is left unmapped
    assert mapping["role"] == 4
    assert sorted(i for i in mapping.values() if i is not None) == [0, 2, 4]


def test_our_own_headings_map_one_to_one() -> None:
    assert guess_mapping(OUR_HEADINGS) == {key: i for i, key in enumerate(COLUMN_KEYS)}


def test_describe_mapping_says_how_each_of_our_columns_was_understood() -> None:
    headers = ["Date of contact", "Details", "", "Outcome"]
    mapping = guess_mapping(headers) | {"role": 2}
    described = describe_mapping(headers, mapping)
    assert described == [
        ("Date", "Date of contact"), ("Time", None), ("Sequence", None), ("Source of information", None),
        ("Practitioner role", "Column 3 (no heading)"), ("Event / contact", "Details"),
        ("Action / outcome", "Outcome"), ("Analysis / comment", None),
    ]


def test_the_columns_option_takes_our_keys_or_headings_and_their_headings_loosely() -> None:
    headers = ["Date of contact", "Details", "Action, outcome", "Who  was involved"]
    option = "date=date of contact, Event / Contact = DETAILS,action=Action, outcome,role=who was involved"
    assert parse_columns_option(option, headers) == {"date": 0, "event": 1, "action": 2, "role": 3}


@pytest.mark.parametrize(("option", "message"), [
    ("when=Date", "'when' is not one of our columns. Use one of: date, time, sequence, source, role, event, "
                  "action, analysis (or our headings: Date, Time, Sequence, Source of information"),
    ("date=Dated", "'Dated' is not a heading in the file. Its headings are: 'Date of contact', 'Details', "
                   "'Details'."),
    ("event=Details", "'Details' is the heading of columns 2 and 3. Give one of them a different heading"),
    ("date", "'date' has no '='. Write each column as ours=theirs"),
    ("date=Date of contact,date=Details", "'date' is given twice."),
    ("date=", "Say which of the file's headings holds 'date' after the '='"),
])
def test_the_columns_option_says_what_it_did_not_understand(option: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_columns_option(option, ["Date of contact", "Details", "Details"])
    assert message in str(caught.value)


def test_apply_mapping_gives_every_key_with_the_raw_cell() -> None:
    rows = [HEADER, [45321, "Home visit"], [dt.datetime(2024, 2, 1), "Call", "HV", "x"]]
    table = read_table(xlsx(("S", rows)), "a.xlsx")
    rows = apply_mapping(table, guess_mapping(table.headers))
    assert [(r.ref, r.label, r.position) for r in rows] == [("2", "Row 2", 0), ("3", "Row 3", 1)]
    assert rows[0].values == {"date": 45321, "time": None, "sequence": None, "source": None, "role": None,
                              "event": "Home visit", "action": None, "analysis": None}
    assert rows[1].values["date"] == dt.datetime(2024, 2, 1)
    assert rows[1].values["action"] == "x"


# -- Excel -------------------------------------------------------------------------------------


def test_excel_rows_are_numbered_as_excel_shows_them_below_title_rows() -> None:
    data = xlsx(("Chronology", [
        ["Police chronology for CSPR 24/07"],
        ["Period: 01/01/2024 to 30/06/2025"],
        [],
        ["Date/Time", "Source", "Professional", "Event", "Outcome"],
        [45321, "Storm log", "PC", "999 call", "Attended"],
        [],
        [dt.datetime(2024, 2, 3, 14, 30), "Niche", "DC", "Arrest", "Released"],
    ]))
    table = read_table(data, "Police.xlsx")
    assert (table.kind, table.sheet, table.header_ref) == ("xlsx", "Chronology", "4")
    assert table.headers == ["Date/Time", "Source", "Professional", "Event", "Outcome"]
    assert [(r.ref, r.label) for r in table.rows] == [("5", "Row 5"), ("7", "Row 7")]
    # Serial dates in general-formatted cells stay numbers, date cells datetimes: the date reader decides.
    assert table.rows[0].cells == [45321, "Storm log", "PC", "999 call", "Attended"]
    assert table.rows[1].cells[0] == dt.datetime(2024, 2, 3, 14, 30)


def test_a_two_row_header_with_merged_cells_is_read_as_one() -> None:
    # The title merged over every column is not a group; 'Contact' merged over two sub-headings
    # is; headings merged down both rows keep their own names.
    data = xlsx(("CSC", [
        ["Children's social care chronology"],
        ["Date", "Contact", None, "Source", "Worker"],
        [None, "Type", "Details", None, None],
        [45321, "Home visit", "Mother seen", "Case note", "Social worker"],
    ]), merges=("A1:E1", "A2:A3", "B2:C2", "D2:D3", "E2:E3"))
    table = read_table(data, "csc.xlsx")
    assert table.header_ref == "3"
    assert table.headers == ["Date", "Contact / Type", "Contact / Details", "Source", "Worker"]
    assert guess_mapping(table.headers)["event"] == 2
    assert [r.ref for r in table.rows] == ["4"]


def test_under_a_group_heading_the_sub_heading_is_known_first() -> None:
    # 'Practitioner' over 'Name' and 'Designation': the designation is the practitioner's role,
    # not the name (both together only say 'practitioner'); an unknown column under a group
    # keeps the group's name with it, for the author to see where its text went.
    data = xlsx(("HV", [
        ["0-19 service chronology", None, None, None, None, None],
        ["Contact", None, "Practitioner", None, "Recording", "Plan"],
        ["Date", "Time", "Name", "Designation", None, None],
        [45321, "n/k", "J. Okafor", "Health visitor", "Home visit, baby seen", "Revisit"],
    ]), merges=("A1:F1", "A2:B2", "C2:D2", "E2:E3", "F2:F3"))
    table = read_table(data, "hv.xlsx")
    assert table.headers == ["Contact / Date", "Contact / Time", "Practitioner / Name",
                             "Practitioner / Designation", "Recording", "Plan"]
    mapping = guess_mapping(table.headers)
    assert (mapping["date"], mapping["time"], mapping["role"], mapping["event"]) == (0, 1, 3, 4)
    assert 2 not in mapping.values()


def test_a_row_of_notes_above_the_header_is_not_a_row_of_groups() -> None:
    # 'Prepared by' is merged across two columns, but 'QA team' beside it is a value: notes.
    data = xlsx(("S", [
        ["Prepared by", None, "QA team"],
        ["Date", "Event", "Source"],
        [45321, "Visit", "Note"],
    ]), merges=("A1:B1",))
    assert read_table(data, "s.xlsx").headers == ["Date", "Event", "Source"]


def test_a_heading_merged_across_columns_names_each_column() -> None:
    data = xlsx(("S", [["Date", "Event / contact", None, "Source"], [45321, "Visit", "Mother seen", "Note"]]),
                merges=("B1:C1",))
    table = read_table(data, "s.xlsx")
    assert table.headers == ["Date", "Event / contact", "Event / contact (2)", "Source"]
    assert table.rows[0].cells == [45321, "Visit", "Mother seen", "Note"]


def test_a_date_merged_down_several_rows_dates_each_of_them() -> None:
    data = xlsx(("S", [
        ["Date", "Event", "Source"],
        [45321, "Strategy meeting", "Minutes"],
        [None, "Section 47 agreed", "Minutes"],
        [None, None, None],  # inside the merge but nothing of its own: an empty row
        [45330, "Home visit", "Case note"],
    ]), merges=("A2:A4",))
    table = read_table(data, "s.xlsx")
    assert [(r.ref, r.cells[0]) for r in table.rows] == [("2", 45321), ("3", 45321), ("5", 45330)]


def test_empty_rows_and_repeated_header_rows_are_dropped_and_lines_in_a_cell_kept() -> None:
    data = xlsx(("S", [
        ["Date", "Event", "Source"],
        ["01/02/2024", "Home visit.\nMother seen alone.", "  Case note  "],
        [None, "   ", None],
        ["date", "EVENT", "Source"],  # the header again, as pasted above a new page
        ["02/02/2024", "Call", "Note"],
    ]))
    table = read_table(data, "s.xlsx")
    assert [r.ref for r in table.rows] == ["2", "5"]
    assert table.rows[0].cells == ["01/02/2024", "Home visit.\nMother seen alone.", "Case note"]


def test_the_first_sheet_with_a_header_is_read_and_the_others_named() -> None:
    data = xlsx(("Cover", [["Chronology for review CSPR 24/07"], ["Agency: Police"]]),
                ("Entries", [["Date", "Event"], ["01/02/2024", "Call"]]),
                ("Notes", [["Date", "Event"], ["01/03/2024", "Other"]]))
    table = read_table(data, "p.xlsx")
    assert table.sheet == "Entries"
    assert [r.cells for r in table.rows] == [["01/02/2024", "Call"]]
    assert table.notes == ["Sheet 'Cover' was not read: the chronology is on sheet 'Entries'.",
                           "Sheet 'Notes' was not read: the chronology is on sheet 'Entries'."]


def test_a_hidden_sheet_is_read_only_if_no_visible_sheet_has_a_header() -> None:
    data = xlsx(("Old", [["Date", "Event"], ["01/01/2020", "Old"]]), ("New", [["Date", "Event"], ["x", "y"]]),
                hidden=("Old",))
    assert read_table(data, "p.xlsx").sheet == "New"


def test_rows_are_numbered_from_the_sheet_top_even_when_the_first_rows_are_absent() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"] = "Date", "Event"
    sheet["B4"], sheet["C4"] = "01/02/2024", "Visit"
    sheet["H9"] = "A note far to the right"
    out = io.BytesIO()
    book.save(out)
    # A stated sheet size that is wrong must not cut rows or columns off.
    data = repack(out.getvalue(), replace={"xl/worksheets/sheet1.xml": zipfile.ZipFile(out).read(
        "xl/worksheets/sheet1.xml").replace(b'<dimension ref="B3:H9"/>', b'<dimension ref="A1:B2"/>')})
    table = read_table(data, "s.xlsx")
    assert table.header_ref == "3"
    assert [(r.ref, r.cells) for r in table.rows] == [("4", [None, "01/02/2024", "Visit"]),
                                                       ("9", [None] * 7 + ["A note far to the right"])]
    assert table.headers == ["", "Date", "Event", "", "", "", "", ""]


def test_excel_with_no_recognisable_header_is_refused_naming_our_headings() -> None:
    message = refusal(xlsx(("Sheet1", [["When", "What"], ["x", "y"]]), ("Sheet2", [["a"]])), "x.xlsx")
    assert message == (
        "'x.xlsx' has no header row we recognise. We look in the first 15 rows of each sheet ('Sheet1', "
        "'Sheet2') for a row naming at least two of our columns, such as Date (or 'Date of contact'), "
        "Event / contact (or 'Event' or 'Details'), Source of information (or 'Source' or 'Information "
        "source'), Practitioner role (or 'Role'), Action / outcome (or 'Action and outcome' or 'Outcome'), "
        "Analysis / comment (or 'Analysis' or 'Analysis and comment' or 'Comment'). Put a header row like "
        "that above your entries, or copy them into our template, and upload it again."
    )


# -- CSV ---------------------------------------------------------------------------------------


def csv_bytes(rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def test_csv_records_are_counted_as_records_not_lines() -> None:
    visit = "Home visit.\r\nMother seen.\r\nNo concerns."
    rows = [["Date", "Event", "Source"], ["01/02/2024", visit, "Note"], [], ["03/02/2024", "Call", "Note"]]
    data = csv_bytes(rows, bom=True)
    table = read_table(data, "hv.csv")
    assert (table.kind, table.header_ref, table.headers) == ("csv", "1", ["Date", "Event", "Source"])
    # Record 2 spans three lines; the blank record 3 is dropped; the call is record 4, not line 6.
    assert [(r.ref, r.label) for r in table.rows] == [("2", "Record 2"), ("4", "Record 4")]
    assert table.rows[0].cells[1] == "Home visit.\nMother seen.\nNo concerns."


def test_windows_1252_csv_keeps_pounds_and_curly_apostrophes() -> None:
    data = csv_bytes([["Date", "Details", "Worker"], ["01/02/2024", "Paid £15 for Mylo’s uniform", "DSL"]],
                     encoding="cp1252")
    assert read_table(data, "school.csv").rows[0].cells[1] == "Paid £15 for Mylo’s uniform"


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_delimiters_are_recognised(delimiter: str) -> None:
    data = csv_bytes([["Chronology for review 24/07"], ["Seq", "Date", "Summary", "Outcome"],
                      ["1", "01.02.2024", "Rent arrears, £1,240; letter", "Plan offered"]],
                     delimiter=delimiter)
    table = read_table(data, "housing.csv")
    assert table.headers == ["Seq", "Date", "Summary", "Outcome"]
    assert table.header_ref == "2"
    assert [(r.ref, r.cells) for r in table.rows] == [
        ("3", ["1", "01.02.2024", "Rent arrears, £1,240; letter", "Plan offered"])]


def test_excels_sep_line_sets_the_delimiter_and_is_not_counted() -> None:
    data = b"sep=;\r\nDate;Event\r\n01/02/2024;Call, then visit\r\n"
    table = read_table(data, "x.csv")
    assert [(r.ref, r.cells) for r in table.rows] == [("2", ["01/02/2024", "Call, then visit"])]


def test_excels_unicode_text_utf16_is_read() -> None:
    data = "Date\tEvent\r\n01/02/2024\tCall\r\n".encode("utf-16")
    assert read_table(data, "x.csv").rows[0].cells == ["01/02/2024", "Call"]


def test_csv_refusals_say_what_the_file_really_is() -> None:
    assert refusal(simple_xlsx(), "export.csv") == (
        "'export.csv' is an Excel workbook, not a CSV text file. Rename it to end in .xlsx and upload it "
        "again.")
    assert refusal(b"\x00\x01\x02binary", "x.csv").startswith(
        "'x.csv' is not a CSV text file we can read (it is binary, or in an unusual character encoding). In "
        "Excel choose File > Save As > CSV UTF-8")
    assert refusal(b"Date,Event\r\n\"01/02/2024,\"" + b"x" * 140_000 + b"\r\n", "x.csv").startswith(
        "'x.csv' could not be read as CSV at record")
    assert "first 15 records" in refusal(b"a,b\r\n1,2\r\n", "x.csv")


# -- Word --------------------------------------------------------------------------------------


def test_word_rows_are_table_and_row_within_the_table() -> None:
    data = saved(word([["Date", "Source of information", "Event / contact"],
                       ["01/02/2024", "EMIS", "Seen with cough"], ["", "", ""],
                       ["03/02/2024", "EMIS", "DNA"]]))
    table = read_table(data, "gp.docx")
    assert (table.kind, table.header_ref) == ("docx", "1.1")
    assert [(r.ref, r.label) for r in table.rows] == [("1.2", "Table 1, row 2"), ("1.4", "Table 1, row 4")]


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_continued_in_a_second_table_is_read_as_one(repeat_header: bool) -> None:
    header = ["Date", "Event", "Outcome"]
    rows = [["05/02/2024", "Admitted", "Ward"], ["06/02/2024", "Home", ""]]
    second = ([header] if repeat_header else []) + rows
    data = saved(word([header, ["01/02/2024", "ED attendance", "Referral"]], second, between="Continued"))
    table = read_table(data, "hospital.docx")
    first = 2 if repeat_header else 1
    assert [r.ref for r in table.rows] == ["1.2", f"2.{first}", f"2.{first + 1}"]
    assert table.rows[2].cells == ["06/02/2024", "Home"]
    assert table.notes == []


def test_tables_before_and_unlike_the_chronology_are_named_not_read() -> None:
    data = saved(word([["Review", "CSPR 24/07"], ["Agency", "Hospital"]],
                      [["Date", "Event", "Outcome"], ["01/02/2024", "ED attendance", "Referral"]],
                      [["Signed", "Safeguarding lead"]],
                      [["Date of contact", "Worker", "Outcome"], ["01/03/2024", "Nurse", "Other"]]))
    table = read_table(data, "hospital.docx")
    assert [r.ref for r in table.rows] == ["2.2"]
    assert table.notes == [
        "Table 1 was not read: it has no header row we recognise.",
        "Table 3 was not read: it has 2 columns where the chronology table has 3.",
        "Table 4 was not read: its headings differ from the chronology table's.",
    ]


def test_word_merged_cells_span_and_merge_down() -> None:
    document = word([["Date", "Contact", "", "Source"],
                     ["01/02/2024", "Strategy meeting", "Police, health, school", "Minutes"],
                     ["", "Decision", "Section 47", "Minutes"],
                     ["02/02/2024", "Home visit: mother and partner seen together", "", "Note"]])
    table = document.tables[0]
    table.cell(0, 1).merge(table.cell(0, 2))  # gridSpan in the header
    table.cell(1, 0).merge(table.cell(2, 0))  # vMerge: one date for two rows
    table.cell(3, 1).merge(table.cell(3, 2))  # gridSpan in a data row
    for paragraph in table.cell(1, 0).paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    result = read_table(saved(document), "csc.docx")
    assert result.headers == ["Date", "Contact", "Contact (2)", "Source"]
    assert [r.cells for r in result.rows] == [
        ["01/02/2024", "Strategy meeting", "Police, health, school", "Minutes"],
        ["01/02/2024", "Decision", "Section 47", "Minutes"],
        ["02/02/2024", "Home visit: mother and partner seen together", None, "Note"],
    ]


def test_word_cells_keep_their_lines_and_drop_deleted_text() -> None:
    document = word([["Date", "Details", "Worker"], ["01/02/2024", "Team around the family", "FSW"]])
    cell = document.tables[0].cell(1, 1)
    cell.add_paragraph("Present: mother, school")
    run = cell.paragraphs[1].add_run()
    run.add_break()
    run.add_text("Agreed:\tparenting course")
    deleted = OxmlElement("w:del")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = " (grandmother's name)"
    deleted_run.append(deleted_text)
    deleted.append(deleted_run)
    cell.paragraphs[0]._p.append(deleted)
    inserted = OxmlElement("w:ins")
    inserted.append(document.tables[0].cell(1, 2).paragraphs[0].runs[0]._r)
    document.tables[0].cell(1, 2).paragraphs[0]._p.append(inserted)
    table = read_table(saved(document), "eh.docx")
    assert table.rows[0].cells == [
        "01/02/2024", "Team around the family\nPresent: mother, school\nAgreed:\tparenting course", "FSW"]


def test_word_refusals() -> None:
    document = docx.Document()
    document.add_paragraph("Date: 01/02/2024. Home visit.")
    assert refusal(saved(document), "notes.docx") == (
        "'notes.docx' has no table. Put your chronology in a Word table with a header row (Date, Time, "
        "Sequence, Source of information, …), or copy it into our template, and upload it again.")
    assert refusal(saved(word([["When", "What"], ["x", "y"]])), "w.docx").startswith(
        "'w.docx' has no header row we recognise. We look in the first 15 rows of each table for a row")


# -- files we refuse ---------------------------------------------------------------------------


@pytest.mark.parametrize(("filename", "message"), [
    ("chronology.pdf", "'chronology.pdf' is a .pdf file. We read only .xlsx (Excel), .csv or .docx (Word) "
                       "files: save your chronology as one of those, or copy it into our template, and "
                       "upload it again."),
    ("chronology", "'chronology' is a file with no type at the end of its name. We read only .xlsx (Excel), "
                   ".csv or .docx (Word) files"),
    ("old.xls", "'old.xls' is an Excel 97-2003 workbook (.xls). Open it in Excel, choose File > Save As > "
                "Excel Workbook (.xlsx), then upload the new file."),
    ("old.doc", "'old.doc' is a Word 97-2003 document (.doc). Open it in Word, choose File > Save As > Word "
                "Document (.docx), then upload the new file."),
    ("book.XLSM", "'book.XLSM' is a macro-enabled Excel file. We do not take files that can run macros, to "
                  "keep everyone's computers safe. Open it in Excel, save it as a macro-free Excel Workbook "
                  "(.xlsx) and upload that."),
    ("letter.docm", "'letter.docm' is a macro-enabled Word file. We do not take files that can run macros, "
                    "to keep everyone's computers safe. Open it in Word, save it as a macro-free Word "
                    "Document (.docx) and upload that."),
    ("sheet.ods", "'sheet.ods' is an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook (.xlsx)"),
])
def test_files_of_the_wrong_type_are_refused_by_name(filename: str, message: str) -> None:
    assert refusal(b"anything", filename).startswith(message)


def test_a_file_over_the_size_limit_is_refused_saying_the_limit() -> None:
    assert refusal(b"x" * (MAX_BYTES + 1), "big.csv") == (
        "'big.csv' is 10.0 MB, over the limit of 10 MB. A chronology is text and is rarely over 1 MB: remove "
        "pictures and any other sheets, or save it as .csv, and upload it again.")


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "x.xlsx") == (
        "'x.xlsx' is empty (0 bytes). Check you chose the right file and upload it again.")


OLE = ooxml.OLE_SIGNATURE + b"\x00" * 504


@pytest.mark.parametrize(("filename", "app"), [("locked.xlsx", "Excel"), ("locked.docx", "Word")])
def test_password_protected_files_are_refused(filename: str, app: str) -> None:
    data = OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    assert refusal(data, filename) == (
        f"'{filename}' is password-protected, so we cannot read it. Open it in {app}, remove the password "
        "(File > Info > Protect > Encrypt with Password, clear the box), save it and upload it again.")


def test_an_old_binary_file_renamed_is_refused() -> None:
    assert refusal(OLE, "renamed.xlsx") == (
        "'renamed.xlsx' is an Excel 97-2003 (.xls) file renamed to .xlsx. Open it in Excel, save it as an "
        "Excel Workbook (.xlsx) and upload the new file.")
    assert refusal(OLE, "renamed.docx") == (
        "'renamed.docx' is a Word 97-2003 (.doc) file renamed to .docx. Open it in Word, save it as a Word "
        "Document (.docx) and upload the new file.")


@pytest.mark.parametrize(("data", "what"), [
    (b"<html><table><tr><td>Date</td></tr></table></html>",
     "a web page (HTML or XML) with a .xlsx name, as some case-management systems export"),
    (b"Date,Event\r\n01/02/2024,Call\r\n", "a text file (perhaps a CSV) with a .xlsx name"),
])
def test_a_file_that_is_not_a_package_is_refused_saying_what_it_is(data: bytes, what: str) -> None:
    assert refusal(data, "export.xlsx") == (
        f"'export.xlsx' is not a real .xlsx file: it is {what}. Open it in Excel, save it as an Excel "
        "Workbook (.xlsx) and upload the new file.")


def test_a_damaged_package_is_refused() -> None:
    assert refusal(simple_xlsx()[:2000], "cut.xlsx") == (
        "'cut.xlsx' is damaged and cannot be read. Open it in Excel (which may offer to repair it), save it "
        "again as an Excel Workbook (.xlsx) and upload the new file.")
    broken = repack(simple_docx(), replace={"word/document.xml": b"<w:document><w:body>"})
    assert refusal(broken, "broken.docx").startswith(
        "'broken.docx' is damaged and cannot be read (its part word/document.xml is not well-formed XML")
    broken = repack(simple_xlsx(), replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    assert refusal(broken, "broken.xlsx").startswith("'broken.xlsx' is damaged and cannot be read (")


BOMB = ("'{}' would unpack to far more than any chronology needs (over 100 MB, over 1,000 parts, or packed "
        "unusually tightly), so we did not open it. Copy your entries into a new file or our template, save "
        "it and upload that.")


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    tight = repack(simple_xlsx(), add={"xl/media/image1.png": b"\x00" * (3 * 1024 * 1024)})
    assert refusal(tight, "bomb.xlsx") == BOMB.format("bomb.xlsx")
    many = repack(simple_docx(), add={f"word/media/{i}.txt": b"x" for i in range(ooxml.MAX_ENTRIES)})
    assert refusal(many, "many.docx") == BOMB.format("many.docx")


def test_a_package_lying_about_its_unpacked_size_is_refused_before_anything_is_unpacked() -> None:
    data = bytearray(simple_xlsx())
    directory = data.index(b"PK\x01\x02")
    data[directory + 24: directory + 28] = struct.pack("<I", 500 * 1024 * 1024)  # uncompressed size
    assert refusal(bytes(data), "liar.xlsx") == BOMB.format("liar.xlsx")


def test_macros_inside_a_package_are_refused_whatever_its_name() -> None:
    with_vba = repack(simple_xlsx(), add={"xl/vbaProject.bin": b"VBA"})
    assert refusal(with_vba, "book.xlsx").startswith("'book.xlsx' is a macro-enabled Excel file.")
    types = zipfile.ZipFile(io.BytesIO(simple_docx())).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    macro_type = repack(simple_docx(), replace={"[Content_Types].xml": types})
    assert refusal(macro_type, "letter.docx") == (
        "'letter.docx' is a macro-enabled Word file. We do not take files that can run macros, to keep "
        "everyone's computers safe. Open it in Word, save it as a macro-free Word Document (.docx) and "
        "upload that.")


ACTIVEX = ("'{}' holds ActiveX controls, small programs {} runs when the file is opened. We do not take "
           "files that can run programs, to keep everyone's computers safe. Copy your entries into a new "
           "file or our template, save it and upload that.")


def test_activex_controls_inside_a_package_are_refused_whatever_its_name() -> None:
    control = repack(simple_xlsx(), add={"xl/activeX/activeX1.bin": b"control"})
    assert refusal(control, "book.xlsx") == ACTIVEX.format("book.xlsx", "Excel")
    types = zipfile.ZipFile(io.BytesIO(simple_docx())).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/word/controls/c1.xml" '
                     b'ContentType="application/vnd.ms-office.activeX+xml"/></Types>')
    declared = repack(simple_docx(), replace={"[Content_Types].xml": types})
    assert refusal(declared, "letter.docx") == ACTIVEX.format("letter.docx", "Word")


def test_an_encrypted_zip_is_refused_as_password_protected() -> None:
    data = bytearray(simple_xlsx())
    directory = data.index(b"PK\x01\x02")
    data[directory + 8] |= 0x1  # general purpose flag: encrypted
    assert refusal(bytes(data), "x.xlsx").startswith("'x.xlsx' is password-protected")


def test_a_word_document_named_as_a_workbook_and_the_reverse_are_refused() -> None:
    assert refusal(simple_docx(), "x.xlsx") == (
        "'x.xlsx' is a Word document with a .xlsx name. Rename it to end in .docx and upload it again.")
    assert refusal(simple_xlsx(), "x.docx") == (
        "'x.docx' is an Excel workbook with a .docx name. Rename it to end in .xlsx and upload it again.")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 3)
    rows = [["Date", "Event"]] + [["01/02/2024", f"Event {i}"] for i in range(4)]
    expected = ("'{}' has more than 3 rows of entries, more than one upload can take. Check that nothing "
                "below your table is being counted as entries, and ask the business manager if your "
                "chronology really is that long.")
    assert refusal(xlsx(("S", rows)), "x.xlsx") == expected.format("x.xlsx")
    assert refusal(csv_bytes(rows), "x.csv") == expected.format("x.csv")
    assert refusal(saved(word(rows)), "x.docx") == expected.format("x.docx")
    assert len(read_table(csv_bytes(rows[:4]), "x.csv").rows) == 3


def test_a_sheet_formatted_far_below_its_entries_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_SHEET_ROWS", 50)
    rows = [["Date", "Event"], ["01/02/2024", "Call"]] + [[None]] * 60 + [["x", "y"]]
    assert refusal(xlsx(("Chronology", rows)), "x.xlsx") == (
        "Sheet 'Chronology' of 'x.xlsx' runs to more than 50 rows, counting empty rows that have formatting. "
        "Delete the unused rows below your entries (select them, right-click, Delete), save and upload it "
        "again.")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["x.xlsx", "x.docx", "x.csv"]), st.integers(0, 4000),
       st.binary(min_size=1, max_size=8))
def test_a_corrupted_file_is_read_or_refused_never_anything_else(name: str, offset: int, junk: bytes) -> None:
    good = {"x.xlsx": simple_xlsx, "x.docx": simple_docx,
            "x.csv": lambda: csv_bytes([HEADER, ["01/02/2024", "Visit", "SW", "Plan"]])}[name]()
    offset %= len(good)
    data = good[:offset] + junk + good[offset + len(junk):]
    try:
        read_table(data, name)
    except FileRefused as refused:
        assert f"'{name}'" in str(refused)


# -- progress ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.xlsx", "x.csv", "x.docx"])
def test_progress_is_reported_for_big_files(name: str) -> None:
    rows = [["Date", "Event"]] + [["01/02/2024", f"Event {i}"] for i in range(1200)]
    data = {"x.xlsx": lambda: xlsx(("S", rows)), "x.csv": lambda: csv_bytes(rows),
            "x.docx": lambda: saved(word(rows))}[name]()
    calls: list[tuple[int, int]] = []
    read_table(data, name, progress=lambda done, total: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1] == (1200, 1200)
    assert (500, calls[1][1]) == calls[1] and calls[1][1] >= 1200
    assert all(done <= total for done, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


# -- templates ---------------------------------------------------------------------------------

PERIOD = (dt.date(2024, 1, 1), dt.date(2025, 6, 30))


def test_the_excel_template_carries_the_review_and_reads_back_empty() -> None:
    data = template_xlsx(reference="CSPR-2024-07", agency="Northshire Police", period=PERIOD,
                               due=dt.date(2025, 7, 14))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Chronology"]
    assert sheet["A1"].value == "Chronology for review CSPR-2024-07"
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in (2, 3, 4)] == [
        ("Agency", "Northshire Police"), ("Period under review", "1 January 2024 to 30 June 2025"),
        ("Please return by", "14 July 2025")]
    assert "day first" in sheet["B5"].value
    assert [c.value for c in sheet[7]] == OUR_HEADINGS
    assert sheet["A7"].comment.text.startswith("Must be filled in. The date of the event, day first")
    assert sheet.freeze_panes == "A8"
    assert sheet.column_dimensions["A"].number_format == "@"  # dates stay as typed
    assert [row[0] for row in book["Help"].iter_rows(min_row=2, values_only=True)] == OUR_HEADINGS
    assert book.properties.creator == "Review Desk"
    table = read_table(data, "template.xlsx")
    assert (table.headers, table.header_ref, table.rows, table.sheet) == (OUR_HEADINGS, "7", [], "Chronology")
    assert guess_mapping(table.headers) == {key: i for i, key in enumerate(COLUMN_KEYS)}


def test_the_excel_template_reads_back_what_is_typed_into_it() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(
        reference="CSPR-2024-07", agency="Northshire Police", period=None, due=None)))
    sheet = book["Chronology"]
    assert sheet["B3"].value == "As set in the terms of reference"
    sheet.append(["?22/05/2024", "14:30", 1, "Storm log", "PC", "999 call", "Attended", ""])
    sheet.append(["May 2024", None, None, "Niche", "DC", "Arrest", None, "Good"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "filled.xlsx")
    assert [(r.ref, r.cells[:2]) for r in table.rows] == [
        ("8", ["?22/05/2024", "14:30"]), ("9", ["May 2024", None])]


def test_the_word_template_carries_the_review_and_reads_back() -> None:
    data = template_docx(reference="CSPR-2024-07", agency="Oakridge Primary School", period=PERIOD,
                               due=None)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chronology for review CSPR-2024-07" in text
    assert "Agency: Oakridge Primary School" in text
    assert "Period under review: 1 January 2024 to 30 June 2025" in text
    assert "Please return by: As agreed with the business manager" in text
    assert all(c.help in text for c in COLUMNS)
    assert [c.text for c in document.tables[0].rows[0].cells] == OUR_HEADINGS
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert document.core_properties.author == "Review Desk"
    table = read_table(data, "template.docx")
    assert (table.headers, table.header_ref, table.rows) == (OUR_HEADINGS, "1.1", [])
    document.tables[0].cell(3, 0).text = "22/05/2024"
    document.tables[0].cell(3, 5).text = "Home visit"
    assert [(r.ref, r.cells[0], r.cells[5]) for r in read_table(saved(document), "f.docx").rows] == [
        ("1.4", "22/05/2024", "Home visit")]


# -- the sample agency files -------------------------------------------------------------------


def test_the_nine_sample_files_cover_every_shape_and_read_whole() -> None:
    samples = sample_files.agency_files(seed=1, rows_total=1500)
    assert len(samples) == 9
    kinds = sorted(name.rsplit(".", 1)[1] for _, name, _ in samples)
    assert kinds == ["csv"] * 3 + ["docx"] * 3 + ["xlsx"] * 3
    assert len({agency for agency, _, _ in samples}) == 9
    total = 0
    for _, name, data in samples:
        table = read_table(data, name)
        mapping = guess_mapping(table.headers)
        assert mapping["date"] is not None and mapping["event"] is not None, name
        assert (mapping["source"] is None) == (name in sample_files.NO_SOURCE_COLUMN), name
        assert table.notes == [], name
        total += len(table.rows)
    assert total == 1500
    assert sample_files.agency_files(seed=1, rows_total=1500) == samples  # byte for byte
    assert sample_files.agency_files(seed=2, rows_total=1500) != samples


def _date_of(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int):
        return sample_files.EXCEL_EPOCH + dt.timedelta(days=value)
    text = str(value).lstrip("?")
    for form in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise AssertionError(f"unexpected date {value!r}")


def test_sample_files_without_problems_are_in_order_and_in_the_period() -> None:
    for _, name, data in sample_files.agency_files(seed=3, rows_total=300):
        table = read_table(data, name)
        rows = apply_mapping(table, guess_mapping(table.headers))
        dates = [_date_of(r.values["date"]) for r in rows]
        assert all(sample_files.PERIOD[0] <= d <= sample_files.PERIOD[1] for d in dates), name
        assert dates == sorted(dates), name
        assert all(r.values["event"] for r in rows), name


def test_the_planted_problems_are_where_planted_problems_says() -> None:
    samples = {name: data for _, name, data in sample_files.agency_files(with_problems=True)}
    planted = sample_files.planted_problems()
    assert sorted(p for _, _, p in planted) == sorted(sample_files.PROBLEMS)
    for name, ref, problem in planted:
        table = read_table(samples[name], name)
        rows = apply_mapping(table, guess_mapping(table.headers))
        index = next(i for i, r in enumerate(rows) if r.ref == ref)
        values = rows[index].values
        if problem == "missing_date":
            assert values["date"] is None
        elif problem == "impossible_date":
            assert values["date"] == "31/02/2025"
        elif problem == "empty_event":
            assert values["event"] is None and values["date"]
        elif problem == "outside_period":
            assert _date_of(values["date"]) < sample_files.PERIOD[0] and index == 0
        else:
            assert _date_of(values["date"]) < _date_of(rows[index - 1].values["date"])


def test_sample_file_shapes_are_as_described() -> None:
    samples = {name: data for _, name, data in sample_files.agency_files(rows_total=450)}
    csc = read_table(samples["CSC_Chronology_Final_v3.xlsx"], "CSC_Chronology_Final_v3.xlsx")
    assert csc.header_ref == "5" and csc.rows[0].ref == "6" and isinstance(csc.rows[0].cells[0], int)
    hv = samples["HV chronology export.csv"]
    assert hv.startswith(b"\xef\xbb\xbf") and b"\r\n" in hv
    assert "£" in samples["Oakridge Primary - chronology.csv"].decode("cp1252")
    assert samples["Housing_chronology.csv"].startswith(b"Seq;Date;")
    hospital = read_table(samples["Hospital chronology (ED and paediatrics).docx"], "h.docx")
    assert {r.ref.split(".")[0] for r in hospital.rows} == {"1", "2"}
    early_help = read_table(samples["Early Help chronology.docx"], "e.docx")
    assert any("\n" in (r.cells[4] or "") for r in early_help.rows)
    amhs = read_table(samples["AMHS chronology.xlsx"], "a.xlsx")
    dates = [r.cells[0] for r in amhs.rows]
    assert any(isinstance(d, dt.datetime) for d in dates)
    assert any(isinstance(d, str) and d.startswith("?") for d in dates)
    assert any(isinstance(d, str) and d[0].isalpha() for d in dates)  # month only
    assert any(isinstance(d, str) and ":" in d for d in dates)  # date and time in one cell


def test_the_invented_names_appear_nowhere_in_the_scanners_data() -> None:
    data = REPO / "bench" / "scanner" / "data"
    text = "\n".join(p.read_text(errors="ignore") for p in data.rglob("*") if p.is_file()).lower()
    assert text  # the data is there to check against
    assert [n for n in sample_files.INVENTED_NAMES if n.lower() in text] == []
