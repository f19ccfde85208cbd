"""Downloads: the draft as uploaded, only for those who may see every identity; a corrected copy
of a Word draft with the accepted replacements made (false alarms left as written) and its author
removed, the uploaded draft kept untouched. Every download is audited."""

import io

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports import actions
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.scanning import stored_bytes
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import checked, docx_bytes, docx_text, text
from reviewdesk.reviews.models import Review

PARAGRAPHS = ["Kayden Moorcroft lived with his mother at 12 Larkspur Close.",
              "Kayden's mother, Dana Moorcroft, told Polly Practitioner that she would hope for "
              "more help."]


def url(check: DraftCheck, more: str = "") -> str:
    return f"/reviews/{check.review.uuid}/publication-checks/{check.number}/{more}"


@pytest.fixture
def word_draft(registered: Review, business_manager: User) -> tuple[DraftCheck, bytes]:
    data = docx_bytes(*PARAGRAPHS, author="Dana Moorcroft")
    return checked(registered, business_manager, data, name="Kayden draft.docx"), data


def test_the_draft_as_uploaded_downloads_unchanged_and_is_audited(
        registered, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT, name="Kayden Moorcroft v3.txt")
    response = reauthenticated(client_for(business_manager)).get(url(check, "original/"))
    assert response.status_code == 200
    assert response.content == DRAFT.encode()
    assert response["Content-Disposition"] == 'attachment; filename="Kayden Moorcroft v3.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(event_type="reports.original_downloaded")
    assert event.summary == "Downloaded the uploaded draft of publication check 1"
    assert event.actor == business_manager and event.data == {"check": check.pk}


@pytest.mark.parametrize(("person", "status"), [
    ("lead_reviewer", 200), ("subgroup_member", 200), ("partner", 403), ("scrutineer", 403),
    ("agency_author", 403), ("practitioner", 403), ("outsider", 404),
])
def test_only_those_who_may_see_every_identity_download_drafts(
        registered, business_manager, client_for, request, person, status):
    check = checked(registered, business_manager, DRAFT)
    client = reauthenticated(client_for(request.getfixturevalue(person)))
    assert client.get(url(check, "original/")).status_code == status
    assert AuditEvent.objects.filter(
        event_type="reports.original_downloaded").exists() == (status == 200)
    corrected = client.get(url(check, "corrected/"))
    assert corrected.status_code == (302 if status == 200 else status)


def test_the_corrected_copy_replaces_every_finding_but_false_alarms_and_drops_the_author(
        word_draft, business_manager, registered, client_for):
    check, original = word_draft
    # Five in the text, and the mother's name as the document's author.
    assert check.findings.count() == 6
    assert check.findings.get(part="properties").segment_label == "Core property: creator"
    actions.mark_false_alarm(check.findings.get(text="Polly Practitioner"), by=business_manager,
                             reason="She agreed to be named in the report.")
    response = client_for(business_manager).get(url(check, "corrected/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{registered.reference}-check-1-corrected.docx"')
    assert "no-store" in response["Cache-Control"]
    corrected = docx_text(response.content)
    assert corrected == (
        "Child A lived with his mother at The family home.\n"
        "Child A's mother, Mother, told Polly Practitioner that she would hope for more help.")
    from docx import Document

    assert Document(io.BytesIO(response.content)).core_properties.author == ""
    # The upload is kept as it was.
    assert stored_bytes(check) == original
    event = AuditEvent.objects.get(event_type="reports.corrected_downloaded")
    assert event.summary == "Downloaded a corrected copy of publication check 1's draft"
    assert event.data == {"check": check.pk, "replacements": 5}


def test_the_check_page_offers_the_corrected_copy_for_a_word_draft(word_draft, business_manager,
                                                                   client_for):
    check, _data = word_draft
    page = text(client_for(business_manager).get(url(check)))
    assert "Download a corrected copy (.docx)" in page
    assert "Document properties, Core property: creator" in page  # the author


def test_a_corrected_copy_is_made_only_for_word_documents(registered, business_manager,
                                                          client_for):
    import weasyprint

    html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    pdf = checked(registered, business_manager, weasyprint.HTML(string=html).write_pdf(),
                  name="draft.pdf")
    assert pdf.kind == "pdf" and pdf.findings.filter(text="Dana Moorcroft").exists()
    client = client_for(business_manager)
    assert "A corrected copy is made only for Word documents (.docx)." in text(
        client.get(url(pdf)))
    response = client.get(url(pdf, "corrected/"), follow=True)
    assert "A corrected copy is made only for Word documents (.docx)." in text(response)
    assert not AuditEvent.objects.filter(event_type="reports.corrected_downloaded").exists()
    original = reauthenticated(client).get(url(pdf, "original/"))
    assert original["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("change", ["text", "finding"])
def test_a_corrected_copy_is_refused_when_the_draft_no_longer_reads_as_it_was_checked(
        word_draft, business_manager, client_for, change):
    check, _data = word_draft
    if change == "text":
        # Read differently now (a newer reader): every offset could point elsewhere.
        DraftCheck.objects.filter(pk=check.pk).update(text=check.text.replace("lived", "lives"))
    else:
        check.findings.filter(text="Dana Moorcroft").update(text="Dana Moorcraft")
    response = client_for(business_manager).get(url(check, "corrected/"), follow=True)
    assert response.redirect_chain[-1][0] == url(check)
    page = text(response)
    assert "The draft now reads differently from when it was checked" in page
    assert "Upload the draft again" in page
    assert not AuditEvent.objects.filter(event_type="reports.corrected_downloaded").exists()
