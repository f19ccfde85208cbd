"""The lead reviewer's own PDF: kept when its words are the approved Word document's (its
properties removed), refused where they differ (saying where), refused with comments on it."""

import io
import re

import pypdf
import pytest
from django.core.exceptions import ValidationError
from pypdf.annotations import Text
from pypdf.generic import NameObject, TextStringObject

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.final_report import actions, converter, pdf_check
from reviewdesk.final_report.tests.conftest import REPORT, Block, report_docx
from reviewdesk.reports.models import FinalReport, ReportVersion

pytestmark = pytest.mark.django_db

EDITED: list[Block] = [block if not (isinstance(block, str) and block.startswith("3.2")) else
          "3.2 In February the school raised a concern with children's social care, which "
          "visited the family the same week." for block in REPORT]


def with_metadata(pdf: bytes, author: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Author": author, "/Title": "Child A final draft"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_comment(pdf: bytes, author: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    note = Text(text="Check this paragraph again", rect=(50, 550, 200, 650))
    note[NameObject("/T")] = TextStringObject(author)
    writer.add_annotation(page_number=0, annotation=note)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_matches_is_kept_without_its_metadata(
        soffice: str, approved: ReportVersion, lead_reviewer: User) -> None:
    pdf = with_metadata(converter.docx_to_pdf(report_docx()), "Agatha Authorly")
    final = actions.supply(approved.review, by=lead_reviewer, data=pdf,
                           filename="Child A final.pdf")
    assert final.source == FinalReport.Source.SUPPLIED and final.version == approved
    kept = final.pdf.read()
    assert b"Agatha" not in kept and not pypdf.PdfReader(io.BytesIO(kept)).metadata
    assert final.stripped["pdf_metadata"] >= 2
    assert final.text_check["matches"] is True and final.text_check["differences"] == []
    assert final.text_check["words_in_word"] == final.text_check["words_in_pdf"] > 800
    assert AuditEvent.objects.get(event_type="final_report.produced").summary == (
        "Produced the final report from version 1 (PDF supplied by the lead reviewer, its text "
        "checked)")


def test_a_pdf_of_another_text_is_refused_saying_where(
        soffice: str, approved: ReportVersion, lead_reviewer: User) -> None:
    pdf = converter.docx_to_pdf(report_docx(EDITED))
    with pytest.raises(actions.TextMismatch) as refused:
        actions.supply(approved.review, by=lead_reviewer, data=pdf, filename="final.pdf")
    check = refused.value.check
    assert [(d.label, d.page) for d in check.differences] == [("3.2", 1)]
    assert check.differences[0].in_word == (
        "decided no further action was needed after a telephone call with the mother")
    assert check.differences[0].in_pdf == "visited the family the same week"
    assert refused.value.message_dict == {"file": [
        "The PDF's text differs from version 1 of the report in 1 place: at 3.2 (page 1). Make "
        "the PDF again from the approved Word document and upload it."]}
    assert not FinalReport.objects.exists()


def test_a_pdf_with_comments_is_refused(soffice: str, approved: ReportVersion,
                                        lead_reviewer: User) -> None:
    pdf = with_comment(converter.docx_to_pdf(report_docx()), "Cosmo Commenter")
    assert pdf_check.annotations(pdf) == 1
    with pytest.raises(ValidationError, match="The PDF has 1 comment"):
        actions.supply(approved.review, by=lead_reviewer, data=pdf, filename="final.pdf")
    assert not FinalReport.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("final.docx", b"PK", "The selected file must be a PDF (.pdf)"),
    ("final.pdf", b"", "The selected file is empty"),
    ("final.pdf", b"Not a PDF at all", "'final.pdf' is not a PDF file"),
])
def test_files_that_are_not_a_readable_pdf_are_refused(approved: ReportVersion,
                                                       lead_reviewer: User, name: str,
                                                       data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        actions.supply(approved.review, by=lead_reviewer, data=data, filename=name)


def test_refused_until_approved(version: ReportVersion, approvals: object,
                                lead_reviewer: User) -> None:
    pdf = b"%PDF-1.4\n"
    with pytest.raises(ValidationError):
        actions.supply(version.review, by=lead_reviewer, data=pdf, filename="final.pdf")
    assert not FinalReport.objects.exists()


def test_hyphenation_headers_footers_and_page_numbers_are_not_differences() -> None:
    """The comparison alone, on a PDF's page texts as pypdf gives them."""
    docx = report_docx(["1.1 A well-being assessment was made in March.",
                        "1.2 The recommendations were not followed up."], pages=0)
    pages = ["Local child safeguarding practice review: Child A\n1.1 A well-\nbeing assess-\n"
             "ment was made in\nMarch.\nPage 1",
             "Local child safeguarding practice review: Child A\n1.2 The recom-\nmendations were "
             "not followed up.\nPage 2"]
    body, extras = pdf_check.word_text(docx)
    words = pdf_check._page_words(pages, " " + " ".join(k for k, _, _ in body) + " ", extras)
    assert [k for k, _, _ in words] == [k for k, _, _ in body]
