# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""The data team's command: ``import_chronology REVIEW_REF --agency NAME FILE``. It says how each
column was understood and every problem as FILE:ROW: CODE: message, exits 0 when imported, 1 when
refused for errors (nothing saved) and 2 on bad arguments, with the reason on stderr."""

import io
import pathlib
from typing import Any, NoReturn

import pytest
from django.core.management import CommandError, call_command

from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions
from reviewdesk.chronology.models import Entry, ExcludedRow, Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    nine_agencies,
    nurse,
    police,
)
from reviewdesk.lib.chronology_files.tests.sample_files import agency_files, planted_problems

CODES = {"missing_date": "CHR-E01", "impossible_date": "CHR-E02", "empty_event": "CHR-E04",
         "out_of_order": "CHR-W02", "outside_period": "CHR-W01"}
# The file with no source of information column (the others all have one).
NO_SOURCE = "Early Help chronology.docx"


@pytest.fixture(scope="module")
def samples() -> list[tuple[str, str, bytes]]:
    return agency_files(rows_total=180)


@pytest.fixture(scope="module")
def with_problems() -> list[tuple[str, str, bytes]]:
    return agency_files(rows_total=180, with_problems=True)


def run(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the command called as the data team's scripts would."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_chronology", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(folder: pathlib.Path, filename: str, data: bytes) -> str:
    path = folder / filename
    path.write_bytes(data)
    return str(path)


# --- Every file shape ---------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(9))
def test_each_file_shape_is_imported(index, chronology_review, nine_agencies, samples, tmp_path):
    agency, filename, data = samples[index]
    extra = ["--source", "Early Help case records"] if filename == NO_SOURCE else []
    code, out, err = run(chronology_review.reference, "--agency", agency,
                         write(tmp_path, filename, data), *extra)
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith(f"Columns of {filename}")
    assert lines[1].startswith("  Date ") and "←" in lines[1]
    assert lines[-1].startswith("Imported: ")
    submission = Submission.objects.get(agency=nine_agencies[agency])
    assert (submission.status, submission.via, submission.kind) == (
        Submission.Status.ACCEPTED, Submission.Via.COMMAND, pathlib.PurePath(filename).suffix[1:])
    assert submission.entries.count() == submission.rows_total > 0
    assert f"{submission.entries.count()} entr" in lines[-1]


def test_the_output_says_how_each_column_was_understood(chronology_review, nine_agencies,
                                                        samples, tmp_path):
    agency, filename, data = samples[0]  # the titled workbook: headings above on row 5
    code, out, _err = run(chronology_review.reference, "--agency", agency,
                          write(tmp_path, filename, data))
    assert code == 0
    assert out.splitlines()[:10] == [
        f"Columns of {filename} (sheet 'Chronology'), header at row 5:",
        "  Date                  ← 'Date'",
        "  Time                  ← not in the file",
        "  Sequence              ← not in the file",
        "  Source of information ← 'Source'",
        "  Practitioner role     ← 'Worker'",
        "  Event / contact       ← 'Contact / Details'",
        "  Action / outcome      ← 'Outcome'",
        "  Analysis / comment    ← 'Comments'",
        "  (kept with each event under its heading: 'Contact / Type')",
    ]
    assert out.splitlines()[-1].startswith("Imported: 29 rows, no errors, no warnings. "
                                           "29 entries saved as version 1 of Northshire "
                                           "Children's Social Care's chronology.")


def test_every_planted_problem_is_reported_where_the_author_will_find_it(
        chronology_review, nine_agencies, with_problems, tmp_path):
    planted = planted_problems(rows_total=180)
    by_file = {filename: (agency, data) for agency, filename, data in with_problems}
    for filename, ref, problem in planted:
        agency, data = by_file[filename]
        code, out, _err = run(chronology_review.reference, "--agency", agency,
                              write(tmp_path, filename, data))
        line = next(line for line in out.splitlines() if line.startswith(f"{filename}:"))
        assert line.startswith(f"{filename}:{ref}: {CODES[problem]}: "), line
        errors = CODES[problem].startswith("CHR-E")
        assert code == (1 if errors else 0)
    # The three files with errors were refused whole; the two with warnings went in.
    assert Submission.objects.count() == 2
    assert {s.agency.name for s in Submission.objects.all()} == {
        "Oakridge Primary School", "Northshire Homes (Housing)"}


def test_a_word_documents_rows_are_table_dot_row(chronology_review, nine_agencies,
                                                 with_problems, tmp_path):
    agency, filename, data = next(s for s in with_problems if s[1].endswith("Larkfield MC.docx"))
    code, out, _err = run(chronology_review.reference, "--agency", agency,
                          write(tmp_path, filename, data))
    assert code == 1
    problem = [line for line in out.splitlines() if "CHR-E04" in line]
    assert len(problem) == 1
    assert problem[0].split(": ")[0].rsplit(":", 1)[1].count(".") == 1  # FILE:TABLE.ROW
    assert "Nothing was saved" in out.splitlines()[-1]
    assert not Submission.objects.exists() and not Entry.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="chronology.").exists()


# --- Options ------------------------------------------------------------------------------------


def test_exclude_error_rows_imports_the_rest_and_lists_each_exclusion(
        chronology_review, nine_agencies, with_problems, tmp_path):
    agency, filename, data = next(s for s in with_problems if s[1] == "Police chronology.xlsx")
    path = write(tmp_path, filename, data)
    code, out, _err = run(chronology_review.reference, "--agency", agency, path,
                          "--exclude-error-rows")
    assert code == 0
    excluded = ExcludedRow.objects.get()
    assert (excluded.codes, excluded.reason, excluded.excluded_by) == (
        ["CHR-E02"], actions.COMMAND_REASON, None)
    submission = excluded.submission
    assert submission.entries.count() == submission.rows_total - 1
    assert out.splitlines()[-1].endswith(", 1 row excluded.")


def test_a_dry_run_saves_nothing(chronology_review, nine_agencies, samples, with_problems,
                                 tmp_path):
    agency, filename, data = samples[1]
    code, out, _err = run(chronology_review.reference, "--agency", agency,
                          write(tmp_path, filename, data), "--dry-run")
    assert code == 0
    assert out.splitlines()[-1].startswith("Dry run: ") and "Nothing was saved." in out
    agency, filename, data = next(s for s in with_problems if s[1] == filename)
    code, out, _err = run(chronology_review.reference, "--agency", agency,
                          write(tmp_path, "bad-" + filename, data), "--dry-run")
    assert code == 1
    assert not Submission.objects.exists() and not Entry.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="chronology.").exists()


def test_a_file_without_a_source_column_takes_the_agencys_records_or_the_source_given(
        chronology_review, nine_agencies, samples, tmp_path):
    agency, filename, data = next(s for s in samples if s[1] == NO_SOURCE)
    path = write(tmp_path, filename, data)
    code, out, _err = run(chronology_review.reference, "--agency", agency, path, "--dry-run",
                          "--source", "Early Help case records")
    assert code == 0 and "CHR-W08" not in out and "Would import" in out
    code, out, _err = run(chronology_review.reference, "--agency", agency, path)
    assert code == 0
    assert (f"{filename}: CHR-W08: This file has no source of information column, so every "
            f"entry's source is '{agency} records'.") in out
    assert "Source of information ← not in the file" in out
    assert {e.source for e in Entry.objects.all()} == {f"{agency} records"}
    assert Submission.objects.get().default_source == f"{agency} records"


def test_columns_says_which_heading_holds_which_of_ours(chronology_review, police, tmp_path):
    header = ("When", "Staff", "Jottings", "Origin")  # 'Jottings' is no heading we know
    path = write(tmp_path, "police.csv",
                 csv_file([["01/03/2024", "PC", "Attended the home.", "Police log"]], header))
    code, out, _err = run(chronology_review.reference, "--agency", "Testshire Police", path)
    assert code == 1 and "CHR-E10" in out
    code, out, _err = run(chronology_review.reference, "--agency", "testshire police", path,
                          "--columns", "event=Jottings,Source of information=origin")
    assert code == 0, out
    assert "  Event / contact       ← 'Jottings'" in out
    assert "  Source of information ← 'Origin'" in out
    entry = Entry.objects.get()
    assert (entry.event, entry.source, entry.role) == ("Attended the home.", "Police log", "PC")


def test_a_column_given_takes_it_from_the_guess(chronology_review, police, tmp_path):
    path = write(tmp_path, "police.csv", csv_file(good_rows(2)))
    code, out, _err = run(chronology_review.reference, "--agency", "Testshire Police", path,
                          "--columns", "analysis=Action / outcome")
    assert code == 0, out
    assert "  Action / outcome      ← not in the file" in out
    assert {e.analysis for e in Entry.objects.all()} == {"Visit again."}


# --- Bad arguments: exit 2 ------------------------------------------------------------------------


def test_an_unknown_review_is_bad_input(chronology_review, tmp_path):
    code, _out, err = run("TS-1999-999", "--agency", "Testshire Police",
                          write(tmp_path, "x.csv", csv_file(good_rows(1))))
    assert code == 2 and "No review has the reference 'TS-1999-999'" in err


def test_a_database_that_is_not_set_up_is_bad_input(chronology_review, tmp_path, monkeypatch):
    from django.db import DatabaseError

    from reviewdesk.reviews.models import Review

    def no_table(*args: Any, **kwargs: Any) -> NoReturn:
        raise DatabaseError("no such table: reviews_review")

    monkeypatch.setattr(Review.objects, "filter", no_table)
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Police",
                          write(tmp_path, "x.csv", csv_file(good_rows(1))))
    assert code == 2 and "run `manage.py migrate`" in err


def test_an_agency_not_in_scope_lists_the_valid_names(chronology_review, tmp_path):
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Education",
                          write(tmp_path, "x.csv", csv_file(good_rows(1))))
    assert code == 2
    assert "'Testshire Education' is not an agency in the scope of" in err
    assert err.splitlines()[-2:] == ["  Testshire Health / ICB", "  Testshire Police"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(("columns", "message"), [
    ("colour=Date", "--columns: 'colour' is not one of our columns"),
    ("event=Narrative", "--columns: 'Narrative' is not a heading in the file"),
    ("event", "--columns: 'event' has no '='"),
    ("event=Event / contact,action=Event / contact",
     "--columns: 'Event / contact' is already chosen for Event / contact"),
])
def test_a_bad_columns_option_is_bad_input(columns, message, chronology_review, police,
                                           tmp_path):
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Police",
                          write(tmp_path, "x.csv", csv_file(good_rows(1))), "--columns", columns)
    assert code == 2 and message in err


def test_a_missing_or_refused_file_is_bad_input(chronology_review, police, tmp_path):
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Police",
                          str(tmp_path / "nowhere.xlsx"))
    assert code == 2 and "There is no file" in err
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Police",
                          write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0"))
    assert code == 2 and "Excel 97-2003 workbook (.xls)" in err
    code, _out, err = run(chronology_review.reference, "--agency", "Testshire Police",
                          write(tmp_path, "empty.csv", csv_file([])))
    assert code == 2 and "no entries under it" in err
    assert not Submission.objects.exists()


def test_a_usage_error_is_bad_input_too(chronology_review, tmp_path):
    code, _out, err = run(chronology_review.reference, write(tmp_path, "x.csv", b""))
    assert code == 2
    assert "the following arguments are required: --agency" in err and "Usage:" in err
