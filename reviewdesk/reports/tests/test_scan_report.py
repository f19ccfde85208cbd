"""The data team's command: scan_report FILE (--review REF | --register REGISTER.json).

Exit codes: 0 nothing found, 1 findings, 2 bad input. Names are invented for these tests. A full
scan loads the named-entity model, so only four tests here run one; the bad-input tests stop
before the scan.
"""

import io
import json
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.actions import mark_false_alarm
from reviewdesk.reports.management.commands import scan_report
from reviewdesk.reports.management.commands.scan_report import Command
from reviewdesk.reports.models import FalseAlarm
from reviewdesk.reports.tests.helpers import checked

REGISTER = {"entries": [
    {"kind": "person", "name": "Oswin Pellegrew", "aliases": ["Ozzy"], "role": "Subject child",
     "pseudonym": "Child Q", "date_of_birth": "2016-03-14"},
    {"kind": "person", "name": "Marigold Thrushcombe", "role": "Mother", "pseudonym": "Mother"},
    {"kind": "identifier", "type": "phone", "name": "07700 900123", "pseudonym": "[phone number]"},
]}
# Accents and a curly apostrophe before the findings: offsets count characters, not bytes.
DRAFT = ("Child Q was seen by the health visitor with Mother.\nÉmile noted that Ozzy, born "
         "14/03/2016, was\nwell. Marigold’s phone is 07700 900123.\n")
CLEAN = ("Child Q was seen by the health visitor with Mother at home. The review found that the "
         "plan was not followed.\n")


def run(*args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr, as a shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("scan_report", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        # From a shell, Django prints this on stderr and exits with its return code.
        code = exc.returncode
        err.write(f"CommandError: {exc}\n")
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {"register": tmp_path / "register.json", "draft": tmp_path / "draft.txt",
             "clean": tmp_path / "clean.txt"}
    paths["register"].write_text(json.dumps(REGISTER), encoding="utf-8")
    paths["draft"].write_text(DRAFT, encoding="utf-8")
    paths["clean"].write_text(CLEAN, encoding="utf-8")
    return {k: str(v) for k, v in paths.items()}


# --- Scans (each loads the model once per test run) ------------------------------------------


def test_a_clean_report_exits_0(files):
    code, out, err = run(files["clean"], "--register", files["register"])
    assert (code, err) == (0, "")
    assert out == "Nothing identifying found in 21 words.\n"


def test_json_output_gives_every_finding_with_offsets_into_the_text(files):
    code, out, _err = run(files["draft"], "--register", files["register"], "--format", "json")
    assert code == 1
    result = json.loads(out)
    assert set(result) == {"words", "findings"}
    assert result["words"] == len(DRAFT.split())
    assert [(f["text"], f["category"], f["suggestion"]) for f in result["findings"]] == [
        ("Ozzy", "person", "Child Q"),
        ("14/03/2016", "date_of_birth", "[date of birth]"),
        ("Marigold’s", "person", "Mother’s"),
        ("07700 900123", "phone", "[phone number]"),
    ]
    for finding in result["findings"]:
        assert list(finding) == ["start", "end", "text", "part", "category", "reason", "suggestion"]
        assert DRAFT[finding["start"]:finding["end"]] == finding["text"]
        assert finding["part"] == "body"
    assert result["findings"][0]["reason"] == "register: Oswin Pellegrew (alias)"


def test_text_output_is_a_table_with_a_summary(files):
    code, out, _err = run(files["draft"], "--register", files["register"])
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["PART", "OFFSETS", "CATEGORY", "FOUND", "→", "SUGGESTION",
                                "REASON"]
    ozzy = DRAFT.index("Ozzy")
    assert lines[1].split() == ["body", f"{ozzy}-{ozzy + 4}", "person", "'Ozzy'", "→", "Child",
                                "Q", "register:", "Oswin", "Pellegrew", "(alias)"]
    assert lines[-1] == "4 findings in 23 words: 1 date_of_birth, 2 person, 1 phone."


def test_a_review_reference_scans_against_that_reviews_register(make_review, tmp_path):
    review = make_review()  # Kayden Moorcroft, Child A, born 14 March 2019
    draft = tmp_path / "draft.txt"
    draft.write_text("When Kayden's birthday came on 14/03/2019 Child A was at home.\n",
                     encoding="utf-8")
    code, out, _err = run(str(draft), "--review", review.reference.lower(), "--format", "json")
    assert code == 1
    assert [(f["text"], f["suggestion"]) for f in json.loads(out)["findings"]] == [
        ("Kayden's", "Child A's"), ("14/03/2019", "[date of birth]")]
    # The scan read the register's real names: that is recorded, without them.
    [event] = AuditEvent.objects.filter(event_type="register.scanned_by_command")
    assert (event.review_id, event.data) == (review.pk, {"words": 11, "findings": 2})



def test_a_review_reference_leaves_out_that_reviews_false_alarms(make_review, business_manager,
                                                                 tmp_path):
    review = make_review()
    other = make_review()
    text = "When Kayden's birthday came on 14/03/2019 Child A was at home.\n"
    finding = checked(review, business_manager, text).findings.get(text="14/03/2019")
    mark_false_alarm(finding, by=business_manager, reason="A test of the false alarm rule")
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    _code, out, _err = run(str(draft), "--review", review.reference, "--format", "json")
    assert [f["text"] for f in json.loads(out)["findings"]] == ["Kayden's"]
    _code, out, _err = run(str(draft), "--review", other.reference, "--format", "json")
    assert [f["text"] for f in json.loads(out)["findings"]] == ["Kayden's", "14/03/2019"]


def test_an_unregistered_false_alarm_does_not_hide_a_registered_finding_with_the_same_text(
        make_review, business_manager, tmp_path):
    review = make_review()
    text = "When Kayden's birthday came on 14/03/2019 Child A was at home.\n"
    finding = checked(review, business_manager, text).findings.get(text="Kayden's")
    # 'Kayden' marked as a false alarm when the language model raised it, not the register.
    FalseAlarm.objects.create(review=review, normalised=finding.normalised, category="person",
                              text="Kayden", entry=None, reason="A word here.", marked_by=business_manager)
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    _code, out, _err = run(str(draft), "--review", review.reference, "--format", "json")
    assert [f["text"] for f in json.loads(out)["findings"]] == ["Kayden's", "14/03/2019"]


def test_a_scan_that_breaks_exits_2_not_1_with_one_line_saying_so(files, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("the model could not be loaded:\nout of memory")

    monkeypatch.setattr(scan_report, "scan", broken)
    assert_bad_input(run(files["draft"], "--register", files["register"]),
                     "The scan could not run: the model could not be loaded: out of memory")

# --- Bad input: exit 2 with one line saying what is wrong -------------------------------------


def assert_bad_input(result: tuple[int, str, str], message: str) -> None:
    code, out, err = result
    assert code == 2
    assert out == ""
    assert err == f"CommandError: {message}\n"


def test_a_missing_file_is_bad_input(files, tmp_path):
    missing = tmp_path / "nope.txt"
    assert_bad_input(run(str(missing), "--register", files["register"]),
                     f"There is no file '{missing}'. Check the path and the file name.")


def test_a_file_the_scanner_cannot_read_is_bad_input(files, tmp_path):
    notes = tmp_path / "notes.rtf"
    notes.write_text("{\\rtf1 Oswin}", encoding="utf-8")
    assert_bad_input(run(str(notes), "--register", files["register"]),
                     "'notes.rtf' is not a file the scanner can read. Upload a Word document "
                     "(.docx), a PDF (.pdf) or a plain text file (.txt).")


def test_a_text_file_that_is_not_utf8_is_bad_input(files, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Émile".encode("latin-1"))
    assert_bad_input(run(str(latin), "--register", files["register"]),
                     "The text file is not UTF-8 (byte 0 cannot be read). Save it as UTF-8 text, "
                     "or upload the .docx or .pdf instead.")


def test_a_register_file_that_is_not_json_is_bad_input(files, tmp_path):
    bad = tmp_path / "bad-register.json"
    bad.write_text("entries: []", encoding="utf-8")
    assert_bad_input(run(files["draft"], "--register", str(bad)),
                     f"Register file '{bad}': The register file is not valid JSON: Expecting "
                     "value at line 1, column 1. Correct it there, or download the register again.")


def test_every_problem_in_a_register_file_is_on_one_line(files, tmp_path):
    bad = tmp_path / "bad-register.json"
    bad.write_text(json.dumps({"entries": [
        {"kind": "person", "name": "Oswin Pellegrew", "pseudonym": "Child Q",
         "date_of_birth": "14/03/2016"},
        {"kind": "identifier", "name": "07700 900123", "pseudonym": "[phone number]"},
    ]}), encoding="utf-8")
    assert_bad_input(run(files["draft"], "--register", str(bad)),
                     f"Register file '{bad}': Entry 1, date_of_birth: \"14/03/2016\" is not a date "
                     "in the form YYYY-MM-DD. Write it like 2017-03-14 for 14 March 2017. | Entry "
                     "2, type: missing. Say what kind of identifier this is: nhs_number, phone, "
                     "email, ni_number, vehicle_registration, postcode or other.")


def test_a_missing_register_file_is_bad_input(files, tmp_path):
    missing = tmp_path / "missing-register.json"
    assert_bad_input(run(files["draft"], "--register", str(missing)),
                     f"Cannot read the register file '{missing}': No such file or directory. "
                     "Check the path and the file name.")


@pytest.mark.django_db
def test_an_unknown_review_reference_is_bad_input(files):
    assert_bad_input(run(files["draft"], "--review", "KV-2026-999"),
                     "No review has the reference 'KV-2026-999'. Check it on the review's page: it "
                     "looks like KV-2026-004.")


def test_both_registers_at_once_is_bad_input(files):
    assert_bad_input(run(files["draft"], "--review", "KV-2026-004", "--register", files["register"]),
                     "Give either --review or --register, not both: the scan uses one register.")


def test_no_register_at_all_is_bad_input(files):
    assert_bad_input(run(files["draft"]),
                     "Say which register to scan against: --review REF (a review's reference, "
                     "such as KV-2026-004) or --register REGISTER.json.")


@pytest.mark.parametrize("args, problem", [
    ((), "the following arguments are required: FILE. Usage: manage.py scan_report FILE"),
    (("draft.txt", "--register", "r.json", "--format", "xml"),
     "argument --format: invalid choice: 'xml'"),
])
def test_usage_errors_are_bad_input(args, problem):
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.startswith(f"CommandError: {problem}")
    assert err.rstrip().endswith("Usage: manage.py scan_report FILE (--review REF | --register "
                                 "REGISTER.json) [--format text|json]")


def test_from_a_shell_usage_errors_print_the_usage_and_exit_2(capsys):
    command = Command()
    command._called_from_command_line = True
    parser = command.create_parser("manage.py", "scan_report")
    with pytest.raises(SystemExit) as caught:
        parser.parse_args([])
    assert caught.value.code == 2
    assert "usage: manage.py scan_report" in capsys.readouterr().err


def test_a_deeply_nested_register_file_is_bad_input_not_findings(files, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert_bad_input(run(files["draft"], "--register", str(deep)),
                     f"Register file '{deep}': The register file has lists or objects nested more "
                     'than 6 deep. A register file is {"entries": [{"kind": …, "name": …, '
                     '"pseudonym": …}, …]}: check it is one, or download the register again.')
