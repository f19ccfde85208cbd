# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""The merged chronology's exports: CSV columns and values, formula neutralisation, DOCX and PDF
read back, every export audited, and the data team's ``export_chronology`` command."""

import csv
import io
import pathlib
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.context import as_system
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import exports
from reviewdesk.chronology.models import DuplicateDecision, Entry, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review

HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome", "Analysis / comment")


def import_csv(review: Review, agency: Agency, rows: list[list[str]],
               filename: str = "chronology.csv") -> Submission | None:
    outcome = import_by_command(review, agency, csv_file(rows, HEADER), filename)
    assert not outcome.refused, [p.message for p in outcome.result.problems]
    return outcome.submission


def word_file(rows: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("GP chronology")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, heading in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = heading
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export(review: Review, fmt: str = "csv", *, anonymised: bool = False,
           viewer: User | None = None) -> bytes:
    """The export ``viewer`` asks for on the merged page or, with no viewer, the one the data
    team's ``export_chronology`` writes (in that command's audit context)."""
    out = io.BytesIO()
    if viewer is None:
        with as_system("command export_chronology"):
            exports.export_chronology(review, fmt=fmt, anonymised=anonymised, out=out)
    else:
        exports.export_chronology(review, fmt=fmt, anonymised=anonymised, viewer=viewer, out=out)
    return out.getvalue()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def merged(chronology_review: Review, police: Agency, health: Agency) -> Review:
    """Police (CSV) and health (Word) chronologies, interleaved by date."""
    import_csv(chronology_review, police, [
        ["March 2024", "", "Police log", "Response officer", "Domestic incident reported.", "", ""],
        ["?05/03/2024", "14:30", "Police log", "PC", "Strategy meeting attended.", "Share", ""],
        ["2024", "", "PNC", "Analyst", "Previous callouts reviewed.", "", "A pattern."],
    ], filename="Police chronology.csv")
    import_by_command(chronology_review, health, word_file([
        ["05/03/2024", "09:00", "GP record", "GP", "Strategy meeting with police.", "Noted", ""],
        ["10/03/2024", "", "GP record", "GP", "Appointment missed.", "", ""],
    ]), "GP chronology.docx")
    return chronology_review


# --- CSV: columns and values ---------------------------------------------------------------------

def test_the_csv_has_exactly_the_agreed_columns(merged):
    header = export(merged).decode("utf-8-sig").splitlines()[0]
    assert header == ("date,precision,uncertain,time,agency,source,practitioner,event,action,"
                      "analysis,warnings,duplicate_of,suggested_duplicate_of,original_file,"
                      "original_table,original_row")


def test_rows_come_in_merged_order_with_partial_dates_as_iso_prefixes(merged):
    rows = csv_rows(export(merged))
    assert [(r["date"], r["precision"], r["uncertain"], r["time"]) for r in rows] == [
        ("2024", "year", "false", ""),
        ("2024-03", "month", "false", ""),
        ("2024-03-05", "day", "false", "09:00"),
        ("2024-03-05", "day", "true", "14:30"),
        ("2024-03-10", "day", "false", ""),
    ]
    assert rows[2]["agency"] == "Health" or rows[2]["agency"]  # the agency's name
    assert {r["agency"] for r in rows} == {e.agency.name for e in Entry.objects.filter(review=merged)}
    assert rows[4]["practitioner"] == "GP"
    assert rows[0]["analysis"] == "A pattern."


def test_each_row_says_where_in_the_original_file_it_came_from(merged):
    rows = {r["event"]: r for r in csv_rows(export(merged))}
    police = rows["Domestic incident reported."]
    assert (police["original_file"], police["original_table"], police["original_row"]) == (
        "Police chronology.csv", "", "2")
    word = rows["Appointment missed."]
    assert (word["original_file"], word["original_table"], word["original_row"]) == (
        "GP chronology.docx", "1", "3")


def test_warnings_are_listed_with_their_codes(merged):
    rows = {r["event"]: r for r in csv_rows(export(merged))}
    assert "CHR-W04" in rows["Domestic incident reported."]["warnings"]  # partial date
    assert "CHR-W03" in rows["Strategy meeting attended."]["warnings"]  # uncertain
    assert rows["Appointment missed."]["warnings"] == ""


def test_a_linked_duplicate_names_its_originals_row_number(merged, lead_reviewer):
    by_event = {e.event: e for e in Entry.objects.filter(review=merged)}
    DuplicateDecision.objects.create(
        review=merged, entry=by_event["Strategy meeting attended."],
        original=by_event["Strategy meeting with police."],
        decision=DuplicateDecision.Decision.LINKED, decided_by=lead_reviewer)
    DuplicateDecision.objects.create(
        review=merged, entry=by_event["Appointment missed."],
        original=by_event["Domestic incident reported."],
        decision=DuplicateDecision.Decision.DISMISSED, decided_by=lead_reviewer)
    rows = csv_rows(export(merged))
    assert [r["duplicate_of"] for r in rows] == ["", "", "", "3", ""]
    assert rows[2]["event"] == "Strategy meeting with police."


# --- Formula neutralisation -----------------------------------------------------------------------

DANGEROUS = ["=HYPERLINK(\"http://evil.test\")", "+44 7700 900123", "-1 missed visit", "@SUM(A1)",
             "=cmd|' /C calc'!A0"]


@pytest.fixture
def dangerous(chronology_review: Review, police: Agency) -> Review:
    import_csv(chronology_review, police, [
        ["01/03/2024", "", DANGEROUS[0], DANGEROUS[1], DANGEROUS[2], DANGEROUS[3], DANGEROUS[4]],
    ])
    return chronology_review


def test_cells_a_spreadsheet_would_run_are_made_text_in_csv(dangerous):
    row = csv_rows(export(dangerous))[0]
    values = [row["source"], row["practitioner"], row["event"], row["action"], row["analysis"]]
    stored = Entry.objects.get(review=dangerous)
    assert values == ["'" + v for v in (stored.source, stored.role, stored.event, stored.action,
                                        stored.analysis)]
    assert all(v.startswith("'") for v in values)
    assert row["date"] == "2024-03-01"  # ISO dates never start with a formula character


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value):
    assert exports.neutralise(value) == "'" + value
    assert exports.neutralise("Home visit - " + value) == "Home visit - " + value


def test_cells_a_spreadsheet_would_run_are_made_text_in_xlsx(dangerous):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export(dangerous, "xlsx")))
    sheet = book.active
    head, row = [c.value for c in sheet[1]], [c for c in sheet[2]]
    cells = dict(zip(head, row, strict=True))
    assert head == exports.COLUMNS
    for column in ("source", "practitioner", "event", "action", "analysis"):
        assert cells[column].data_type == "s"  # text, not a formula
        assert cells[column].value.startswith("'")
    assert cells["source"].value == "'" + Entry.objects.get(review=dangerous).source


# --- DOCX and PDF ------------------------------------------------------------------------------------

def test_the_word_export_opens_and_holds_every_entry(merged):
    import docx

    document = docx.Document(io.BytesIO(export(merged, "docx")))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["#", "Date"]
    assert len(table.rows) == 1 + 5
    events = [row.cells[4].text for row in table.rows[1:]]
    assert events[2] == "Strategy meeting with police."
    assert "GP chronology.docx, table 1, row 3" in table.rows[5].cells[7].text


def test_the_pdf_export_opens_and_holds_every_entry(merged):
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(export(merged, "pdf"))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)  # lines rejoined
    for event in ["Domestic incident reported.", "Strategy meeting attended.", "Appointment missed."]:
        assert event in text
    assert exports.MARKING in text


def test_a_document_too_long_to_read_is_refused_with_a_way_forward(merged, monkeypatch):
    monkeypatch.setitem(exports.MAX_ENTRIES, "pdf", 4)
    with pytest.raises(exports.ExportTooLarge, match="XLSX or CSV"):
        export(merged, "pdf")
    assert not AuditEvent.objects.filter(event_type="chronology.exported").exists()


# --- Audit ----------------------------------------------------------------------------------------------

def test_every_export_is_audited_with_counts_and_never_a_name(merged, lead_reviewer):
    for fmt in exports.EXPORT_FORMATS:
        export(merged, fmt, anonymised=True, viewer=lead_reviewer)
    events = list(AuditEvent.objects.filter(event_type="chronology.exported").order_by("seq"))
    assert [e.data for e in events] == [
        {"format": fmt, "anonymised": True, "rows": 5, "by_command": False}
        for fmt in exports.EXPORT_FORMATS]
    assert all(e.actor == lead_reviewer and e.review_id == merged.pk for e in events)
    assert all("Police chronology" not in e.summary for e in events)


def test_the_file_name_is_the_reference_never_a_name(merged):
    assert exports.filename_for(merged, "xlsx", True) == (
        f"{merged.reference}-chronology-anonymised.xlsx")
    assert exports.filename_for(merged, "pdf", False).endswith("-chronology-personalised.pdf")


# --- The command ------------------------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: pathlib.Path) -> pathlib.Path:
    made = tmp_path / "exports"
    made.mkdir()
    return made


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("export_chronology", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_writes_the_file_prints_the_rows_and_is_audited(merged, folder):
    target = folder / "out.csv"
    code, out, _ = run(merged.reference, "--format", "csv", "-o", str(target))
    assert code == 0
    assert f"Wrote 5 entries of {merged.reference}'s merged chronology (personalised, CSV)" in out
    assert len(csv_rows(target.read_bytes())) == 5
    event = AuditEvent.objects.get(event_type="chronology.exported")
    assert event.actor is None
    assert event.data == {"format": "csv", "anonymised": False, "rows": 5, "by_command": True}
    assert list(folder.iterdir()) == [target]  # no temporary file left behind


def test_the_command_anonymises_when_asked(merged, folder):
    code, out, _ = run(merged.reference, "--format", "xlsx", "--anonymised", "-o",
                       str(folder / "a.xlsx"))
    assert code == 0 and "(anonymised, XLSX)" in out
    assert AuditEvent.objects.get(event_type="chronology.exported").data["anonymised"] is True


@pytest.mark.parametrize("args", [
    ["KV-1999-999", "--format", "csv", "-o", "{tmp}/x.csv"],
    ["{ref}", "--format", "odt", "-o", "{tmp}/x.odt"],
    ["{ref}", "-o", "{tmp}/x.csv"],
    ["{ref}", "--format", "csv"],
    ["{ref}", "--format", "csv", "-o", "{tmp}/missing/x.csv"],
])
def test_bad_arguments_exit_2_with_the_reason(merged, folder, args):
    args = [a.format(ref=merged.reference, tmp=folder) for a in args]
    code, _out, err = run(*args)
    assert code == 2
    assert err
    assert not AuditEvent.objects.filter(event_type="chronology.exported").exists()
    assert list(pathlib.Path(folder).iterdir()) == []


def test_an_unknown_review_says_what_a_reference_looks_like(merged, folder):
    code, _out, err = run("NOPE", "--format", "csv", "-o", str(folder / "x.csv"))
    assert code == 2 and "No review has the reference 'NOPE'" in err


def test_a_document_too_long_exits_1_and_writes_nothing(merged, folder, monkeypatch):
    monkeypatch.setitem(exports.MAX_ENTRIES, "docx", 2)
    code, _out, err = run(merged.reference, "--format", "docx", "-o", str(folder / "x.docx"))
    assert code == 1 and "Export it as XLSX or CSV" in err
    assert list(folder.iterdir()) == []


def test_an_empty_chronology_exports_a_header_only(chronology_review):
    assert csv_rows(export(chronology_review)) == []
    assert date.today()  # the export has no date of its own in the CSV
