"""The stage's documents: a .docx and a PDF made from the same headed sections, and the
publication check on their words (a name in the identity register, in any form people type it,
and a full name that is not in the register)."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from reviewdesk.accounts.models import User
from reviewdesk.action_plan import documents
from reviewdesk.action_plan.documents import Section
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

pytestmark = pytest.mark.django_db

SECTIONS = [Section("Background", ["A baby was hurt at home.", "- The health visitor saw a bruise.",
                                   "- Nobody asked how it happened."]),
            Section("Questions for reflection", ["What would you have asked?"])]


def test_the_docx_holds_the_title_headings_and_bullets_with_no_author() -> None:
    data = documents.to_docx("Child A: seven-minute briefing", SECTIONS, subtitle="Testshire")
    doc = Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert ("Heading 1", "Child A: seven-minute briefing") in paragraphs
    assert ("Heading 2", "Questions for reflection") in paragraphs
    assert ("List Bullet", "The health visitor saw a bruise.") in paragraphs
    assert doc.core_properties.author == "" and doc.core_properties.last_modified_by == ""


def test_the_pdf_says_what_the_docx_says() -> None:
    data = documents.to_pdf("Child A: seven-minute briefing", SECTIONS)
    assert data.startswith(b"%PDF-")
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for expected in ("Child A: seven-minute briefing", "Background",
                     "The health visitor saw a bruise.", "What would you have asked?"):
        assert expected in words


def test_the_plain_text_is_what_the_check_reads() -> None:
    text = documents.plain_text("Title", SECTIONS)
    assert text.startswith("Title\n\nBackground\n\nA baby was hurt at home.")
    assert "- Nobody asked how it happened." in text


def test_the_check_finds_a_registered_name_as_typed_and_a_name_not_in_the_register(
        review: Review, business_manager: User) -> None:
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Jolene Moorcroft", pseudonym="Mother",
                                 role_title="Mother")
    findings = documents.publication_check(
        review, "Kayden lived with Jolene. The social worker, Bartholomew Featherstonehaugh, "
                "visited twice.")
    found = {f["text"] for f in findings}
    assert "Kayden" in found and "Jolene" in found
    assert any("Featherstonehaugh" in t for t in found)
    assert documents.publication_check(review, "Child A lived with Mother.") == []
