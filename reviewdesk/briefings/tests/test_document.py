"""The seven-minute briefing: drafted from the findings and recommendations with pseudonyms
only; edited with optimistic locking; approved only once the publication check, run on the words
as they are, finds nothing; its .docx and PDF made and downloaded (audited)."""

import io

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.briefings import actions
from reviewdesk.reviews.models import Review
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def _words(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_draft_uses_pseudonyms_and_has_the_four_parts(
        at_plan: Review, learning_lead: User) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    assert document.number == 1
    assert "Kayden" not in document.findings and "bruising" in document.findings
    assert document.findings.startswith("- ")
    assert "bruising protocol" in document.practice
    assert document.background and document.questions
    assert "Kayden" not in document.background + document.practice
    assert AuditEvent.objects.filter(event_type="briefings.document_generated").count() == 1


def test_a_new_draft_replaces_the_last(at_plan: Review, learning_lead: User) -> None:
    first = actions.generate_document(at_plan, by=learning_lead)
    second = actions.generate_document(at_plan, by=learning_lead)
    first.refresh_from_db()
    assert second.number == 2 and first.replaced_at is not None
    assert actions.current_document(at_plan) == second
    with pytest.raises(ValidationError, match="newer version"):
        actions.edit_document(first, by=learning_lead, background="Changed")


def test_approving_needs_a_check_of_the_words_as_they_are(
        at_plan: Review, learning_lead: User) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    with pytest.raises(ValidationError, match="Run the publication check"):
        actions.approve_document(document, by=learning_lead)
    document = actions.check_document(document, by=learning_lead)
    assert document.scan["findings"] == []
    # An edit after the check: the check no longer stands.
    document = actions.edit_document(document, by=learning_lead, version=document.version,
                                     questions="- What will you do differently?")
    with pytest.raises(ValidationError, match="Run the publication check"):
        actions.approve_document(document, by=learning_lead)


def test_a_briefing_naming_the_child_is_refused(at_plan: Review, learning_lead: User) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    document = actions.edit_document(document, by=learning_lead, version=document.version,
                                     background="Kayden Moorcroft lived with his mother.")
    document = actions.check_document(document, by=learning_lead)
    assert document.scan["findings"]
    with pytest.raises(ValidationError, match="may identify someone"):
        actions.approve_document(document, by=learning_lead)
    document.refresh_from_db()
    assert document.approved_at is None and not document.pdf


def test_approved_it_has_a_word_file_and_a_pdf_saying_the_same(
        at_plan: Review, learning_lead: User, client_for) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    document = actions.check_document(document, by=learning_lead)
    document = actions.approve_document(document, by=learning_lead)
    assert document.approved_by == learning_lead and document.docx and document.pdf
    with document.docx.open("rb") as handle:
        words = _words(handle.read())
    for heading in actions.HEADINGS.values():
        assert heading in words
    assert "bruising protocol" in words and "Kayden" not in words
    with document.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with pytest.raises(ValidationError, match="approved"):
        actions.edit_document(document, by=learning_lead, background="Later")
    response = client_for(learning_lead).get(
        f"/reviews/{at_plan.uuid}/briefings/document/1/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(event_type="briefings.document_downloaded").exists()


def test_two_editors_from_the_same_version(at_plan: Review, learning_lead: User,
                                           business_manager: User) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    seen = document.version
    actions.edit_document(document, by=learning_lead, version=seen, background="First")
    with pytest.raises(StaleEdit):
        actions.edit_document(document, by=business_manager, version=seen, background="Second")


def test_a_briefing_needs_something_to_brief(at_plan: Review, learning_lead: User) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    with pytest.raises(ValidationError) as refused:
        actions.edit_document(document, by=learning_lead, version=document.version,
                              findings="", practice="")
    assert "findings" in refused.value.message_dict
