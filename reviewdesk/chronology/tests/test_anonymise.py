# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Names in the merged chronology and its exports, per viewer: the register's marker names, in
every field (free text, possessives, a first name alone, the original file's name), never reach
someone who may not see them; those who may switch get the personalised view, and asking for it
without the right still gives the anonymised one."""

import csv
import io

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.context import as_system
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import exports
from reviewdesk.chronology.anonymise import Anonymiser, may_personalise
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names

HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome", "Analysis / comment")
# The conftest review's child is Kayden Moorcroft; the mother and a social worker are added.
FAMILY_NAMES = ["Kayden", "Moorcroft", "Ashlyn", "Quenby"]
STAFF_NAMES = ["Sallie", "Brackenbury"]


@pytest.fixture
def named(chronology_review: Review, police: Agency) -> Review:
    review = chronology_review
    IdentityEntry.objects.create(review=review, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Ashlyn Quenby", pseudonym="Mother", role_title="mother")
    IdentityEntry.objects.create(review=review, kind=IdentityEntry.Kind.PROFESSIONAL,
                                 real_name="Sallie Brackenbury", pseudonym="Social Worker 1",
                                 role_title="social worker")
    rows = [
        ["01/03/2024", "10:00", "Kayden's health record", "Sallie Brackenbury (social worker)",
         "Home visit: Kayden Moorcroft seen with Ashlyn Quenby.",
         "Ashlyn's GP to be told.", "Sallie Brackenbury did not see Kayden alone."],
        ["02/03/2024", "", "Call from Ashlyn", "Duty worker",
         "Ashlyn said Kayden had a fall.", "Sallie to visit.", "Moorcroft family known."],
    ]
    outcome = import_by_command(review, police, csv_file(rows, HEADER),
                                "Kayden Moorcroft police chronology.csv")
    assert not outcome.refused
    return review


def export(review: Review, *, anonymised: bool, viewer: User, fmt: str = "csv") -> str:
    out = io.BytesIO()
    exports.export_chronology(review, fmt=fmt, anonymised=anonymised, viewer=viewer, out=out)
    data = out.getvalue()
    if fmt == "csv":
        return data.decode("utf-8-sig")
    if fmt == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return "\n".join(str(c.value or "") for row in sheet.iter_rows() for c in row)
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def assert_none_of(names: list[str], text: str) -> None:
    present = [n for n in names if n.lower() in text.lower()]
    assert not present, f"{present} shown in:\n{text}"


@pytest.mark.parametrize("fmt", list(exports.EXPORT_FORMATS))
def test_the_anonymised_export_never_holds_a_registered_name(named, lead_reviewer, fmt):
    text = export(named, anonymised=True, viewer=lead_reviewer, fmt=fmt)
    assert_none_of(FAMILY_NAMES + STAFF_NAMES, text)
    assert "Child A" in text and "Mother" in text and "Social Worker 1" in text


def test_every_field_is_anonymised_possessives_and_first_names_included(named, lead_reviewer):
    rows = list(csv.DictReader(io.StringIO(export(named, anonymised=True, viewer=lead_reviewer))))
    first, second = rows
    assert first["source"] == "Child A's health record"
    assert first["practitioner"] == "Social Worker 1 (social worker)"
    assert first["event"] == "Home visit: Child A seen with Mother."
    assert first["action"] == "Mother's GP to be told."
    assert first["analysis"] == "Social Worker 1 did not see Child A alone."
    assert second["source"] == "Call from Mother"
    assert second["event"] == "Mother said Child A had a fall."
    assert_none_of(FAMILY_NAMES + STAFF_NAMES, first["original_file"])
    assert first["original_file"].endswith("police chronology.csv")


def test_the_data_teams_export_is_anonymised_when_asked(named):
    with as_system("command export_chronology"):
        text = export(named, anonymised=True, viewer=None)
    assert_none_of(FAMILY_NAMES + STAFF_NAMES, text)


def test_the_data_teams_export_may_be_personalised(named):
    with as_system("command export_chronology"):
        text = export(named, anonymised=False, viewer=None)
    assert "Kayden Moorcroft seen with Ashlyn Quenby" in text
    assert "Sallie Brackenbury did not see Kayden alone" in text


def test_the_lead_reviewer_may_have_it_personalised(named, lead_reviewer):
    text = export(named, anonymised=False, viewer=lead_reviewer)
    assert "Home visit: Kayden Moorcroft seen with Ashlyn Quenby." in text
    assert "Sallie Brackenbury" in text
    event = AuditEvent.objects.get(event_type="chronology.exported")
    assert event.data["anonymised"] is False and event.actor == lead_reviewer


def test_a_family_tier_viewer_sees_the_family_but_not_the_staff(named, agency_author):
    assert may_personalise(Names(named, agency_author))
    text = export(named, anonymised=False, viewer=agency_author)
    assert "Kayden Moorcroft seen with Ashlyn Quenby" in text
    assert_none_of(STAFF_NAMES, text)
    assert "Social Worker 1 did not see Kayden alone" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_someone_who_may_not_personalise_gets_it_anonymised_whatever_they_ask(named, outsider, fmt):
    assert not may_personalise(Names(named, outsider))
    text = export(named, anonymised=False, viewer=outsider, fmt=fmt)
    assert_none_of(FAMILY_NAMES + STAFF_NAMES, text)
    # The audit row says what they got, not what they asked for.
    assert AuditEvent.objects.get(event_type="chronology.exported").data["anonymised"] is True


def test_the_stored_entries_keep_the_real_text(named, outsider):
    export(named, anonymised=True, viewer=outsider)
    from reviewdesk.chronology.models import Entry

    assert Entry.objects.filter(review=named, event__contains="Ashlyn Quenby").exists()


def test_the_anonymiser_leaves_text_without_names_alone(named, lead_reviewer):
    anonymiser = Anonymiser(named, Names(named, lead_reviewer), personalised=False)
    assert anonymiser.text("Strategy meeting held.") == "Strategy meeting held."
    assert anonymiser.text("") == "" and anonymiser.text(None) == ""
