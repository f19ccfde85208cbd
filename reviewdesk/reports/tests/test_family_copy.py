"""A copy of a chosen version for a family member who took up the offer to see the draft: every
open finding replaced, logged and audited; refused with the reason otherwise."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family.models import FamilyMember
from reviewdesk.reports import actions
from reviewdesk.reports.models import FamilyDraftCopy, ReportVersion
from reviewdesk.reports.tests.helpers import docx_text, text, version_of
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

DRAFT = (("Introduction", 1), "1.1 Kayden Moorcroft lived with Dana Moorcroft.",
         "1.2 Dee said the health visitor, Polly Practitioner, came to 12 Larkspur Close.")


def member(review: Review, by: User, wants: bool | None) -> FamilyMember:
    return FamilyMember.objects.create(
        review=review, identity=review.identities.get(pseudonym="Mother"), relationship="Mother",
        offered_draft_on=date(2026, 3, 20), wants_to_see_draft=wants, created_by=by)


@pytest.fixture
def version(registered: Review, lead_reviewer: User) -> ReportVersion:
    return version_of(registered, lead_reviewer, *DRAFT)


def test_the_copy_replaces_every_open_finding_but_false_alarms_and_is_logged(
        version: ReportVersion, business_manager: User, lead_reviewer: User) -> None:
    mum = member(version.review, business_manager, True)
    dee = version.draft_check.findings.get(text="Dee")  # type: ignore[union-attr]
    actions.mark_false_alarm(dee, by=lead_reviewer, reason="What the family calls her.")
    copy, data = actions.family_copy(version, member=mum, by=lead_reviewer)
    words = docx_text(data)
    assert "1.1 Child A lived with Mother." in words
    assert "Health Visitor 1" in words and "The family home" in words
    assert "Dee said" in words  # a false alarm stays as written
    for name in ("Kayden", "Moorcroft", "Polly", "Larkspur"):
        assert name not in words
    from docx import Document

    assert Document(io.BytesIO(data)).core_properties.author == ""
    assert (copy.version, copy.member, copy.findings_replaced) == (version, mum, 4)
    event = AuditEvent.objects.get(event_type="reports.family_copy_downloaded")
    assert event.data["replaced"] == 4 and event.data["member"] == mum.pk
    assert "Dana" not in event.summary


@pytest.mark.parametrize("wants", [False, None])
def test_refused_when_the_member_has_not_taken_up_the_offer(
        version: ReportVersion, business_manager: User, wants: bool | None) -> None:
    mum = member(version.review, business_manager, wants)
    with pytest.raises(ValidationError, match="took up the offer"):
        actions.family_copy(version, member=mum, by=business_manager)
    assert not FamilyDraftCopy.objects.exists()


def test_refused_while_the_check_has_not_finished(registered: Review, business_manager: User,
                                                  lead_reviewer: User) -> None:
    queued = version_of(registered, lead_reviewer, *DRAFT, scan=False)
    mum = member(registered, business_manager, True)
    with pytest.raises(ValidationError, match="check has not finished"):
        actions.family_copy(queued, member=mum, by=business_manager)
    assert not FamilyDraftCopy.objects.exists()


def test_the_page_downloads_the_copy_and_lists_it_on_the_report_page(
        version: ReportVersion, business_manager: User, client_for: ClientFor) -> None:
    mum = member(version.review, business_manager, True)
    client = client_for(business_manager)
    address = f"/reviews/{version.review.uuid}/report/family-copy/"
    form = text(client.get(address))
    assert "Dana Moorcroft (Mother)" in form
    today = version.written_on
    response = client.post(address, {"member": mum.pk, "version": version.pk,
                                     "given_on-day": today.day, "given_on-month": today.month,
                                     "given_on-year": today.year})
    assert response.status_code == 200
    assert "for-the-family.docx" in response["Content-Disposition"]
    assert "Kayden" not in docx_text(response.content)
    page = text(client.get(f"/reviews/{version.review.uuid}/report/"))
    assert "Copies made for the family" in page and "Dana Moorcroft" in page


def test_the_page_says_why_a_copy_is_refused(version: ReportVersion, business_manager: User,
                                             client_for: ClientFor) -> None:
    mum = member(version.review, business_manager, False)
    today = version.written_on
    response = client_for(business_manager).post(
        f"/reviews/{version.review.uuid}/report/family-copy/",
        {"member": mum.pk, "version": version.pk, "given_on-day": today.day,
         "given_on-month": today.month, "given_on-year": today.year})
    assert response.status_code == 200
    page = text(response)
    assert "(did not take up the offer)" in page
    assert "A copy can be made only for a family member who took up the offer" in page
    assert not FamilyDraftCopy.objects.exists()
