# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""When an agency's chronology counts as received.

An agency's author cannot back-date their own chronology. An upload, or a chronology typed in
Review Desk and sent, is received the day the author sends it, whatever date is passed; only the
business manager or a lead reviewer, recording one that came by e-mail or on paper, gives the
day it came (as the rapid review's named contact cannot back-date a summary).

A chronology typed in Review Desk is a draft until its author sends it. A draft is not
received: it is not "on time", it does not stop the due-date reminders or the escalation, and it
cannot be accepted. The copy made when a chronology is reopened is received when it is sent
again. An author's change to a version already sent makes it a draft again.

The clock starts on Monday 7 December 2026 (conftest.py); the authors' due date is Friday
4 December 2026."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, reminders, status
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.status import AgencyStatus
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, TimelineEntry

TODAY = date(2026, 12, 7)
EARLIER = date(2026, 12, 3)  # the day before the due date
ENTRY = {"date": "01/03/2024", "source": "Police log", "event": "Call about the family."}


def date_form(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def base(review: Review, agency: Agency) -> str:
    return f"/reviews/{review.uuid}/chronology/{agency.pk}/"


def status_of(review: Review, agency: Agency, today: date = TODAY) -> AgencyStatus:
    return next(s for s in status.agency_statuses(review, today=today)
                if s.agency.pk == agency.pk)


def remind(day: date) -> None:
    call_command("send_reminders", "--today", day.isoformat(), stdout=None)


def typed_draft(review: Review, agency: Agency, by: User, entries: int = 1) -> Submission:
    for _ in range(entries):
        entry = actions.add_entry(review, agency, by=by, values=ENTRY)
    return Submission.objects.get(pk=entry.submission_id)


# --- An author cannot back-date their own chronology -----------------------------------------

def test_an_author_s_own_upload_is_received_today_whatever_date_they_give(
        chronology_review, police, health, agency_author, business_manager):
    own = actions.upload_submission(chronology_review, police, by=agency_author,
                                     data=csv_file(good_rows(1)), filename="p.csv",
                                     received_on=EARLIER)
    recorded = actions.upload_submission(chronology_review, health, by=business_manager,
                                          data=csv_file(good_rows(1)), filename="h.csv",
                                          received_on=EARLIER)
    assert (own.received_on, recorded.received_on) == (TODAY, EARLIER)
    assert status_of(chronology_review, police).received_words == (
        "7 December 2026, late by 1 working day")
    assert status_of(chronology_review, health).received_words == "3 December 2026, on time"


def test_the_upload_page_offers_the_date_received_to_the_business_manager_only(
        chronology_review, police, agency_author, business_manager, client_for):
    url = base(chronology_review, police) + "upload/"
    assert "Date the chronology was received" in client_for(business_manager).get(url).content \
        .decode()
    author_page = client_for(agency_author).get(url).content.decode()
    assert "Date the chronology was received" not in author_page
    assert "It is received today, the day you send it" in author_page
    # A date posted anyway (an old form, a crafted request) is not taken.
    response = client_for(agency_author).post(url, {
        "file": SimpleUploadedFile("p.csv", csv_file(good_rows(1)), content_type="text/csv"),
        **date_form("received_on", EARLIER)})
    assert response.status_code == 302
    assert Submission.objects.get(agency=police).received_on == TODAY


def test_an_author_sending_a_typed_chronology_cannot_back_date_it(
        chronology_review, police, health, agency_author, business_manager):
    typed_draft(chronology_review, police, agency_author)
    sent = actions.send_chronology(chronology_review, police, by=agency_author,
                                    received_on=EARLIER)
    assert sent.received_on == TODAY
    # The business manager, typing in one that came on paper, gives the day it came.
    typed_draft(chronology_review, health, business_manager)
    recorded = actions.send_chronology(chronology_review, health, by=business_manager,
                                        received_on=EARLIER)
    assert recorded.received_on == EARLIER


# --- A typed chronology is a draft until it is sent --------------------------------------------

def test_a_draft_typed_before_the_due_date_is_not_received_nor_on_time(
        chronology_review, police, agency_author, business_manager, today_is):
    today_is(date(2026, 12, 1))  # Tuesday, three days before the due date
    draft = typed_draft(chronology_review, police, agency_author)
    assert draft.received_on is None and draft.is_draft
    today_is(TODAY)
    draft = typed_draft(chronology_review, police, agency_author)
    standing = status_of(chronology_review, police)
    assert (standing.status, standing.received_on, standing.late_days, standing.overdue_days) == (
        status.OVERDUE, None, None, 1)
    assert standing.draft == draft and standing.pending is None
    assert standing.received_words == "Not yet. Draft: 2 entries typed, not yet sent"
    assert status.received_words(draft, DUE) == "Not yet: a draft, not yet sent"
    with pytest.raises(ValidationError, match="a draft that has not been sent"):
        actions.accept_submission(draft, by=business_manager)


def test_a_draft_does_not_stop_the_due_date_reminders_or_the_escalation(
        chronology_review, police, agency_author, nurse, business_manager, today_is):
    today_is(date(2026, 12, 1))
    typed_draft(chronology_review, police, agency_author)
    assert reminders.first_received_on(DUE) == {}
    remind(DUE)
    reminded = Notice.objects.filter(purpose="reminder:chronology_author_reminder")
    assert sorted(r for n in reminded for r in n.recipients) == sorted(
        [agency_author.email, nurse.email])
    remind(date(2026, 12, 9))  # 3 working days after the due date
    escalated = Notice.objects.filter(purpose=f"reminder:{reminders.ESCALATION}",
                                      subject__contains="Police")
    assert [n.subject.split(": ", 1)[1] for n in escalated] == [
        "Chronology overdue from Testshire Police (3 working days late)"]
    assert reminders.DRAFT in escalated[0].body


def test_sending_makes_it_received_that_day_audited_and_on_the_timeline(
        chronology_review, police, agency_author, business_manager, today_is):
    today_is(date(2026, 12, 1))
    draft = typed_draft(chronology_review, police, agency_author, entries=2)
    today_is(date(2026, 12, 10))  # Thursday
    actions.send_chronology(chronology_review, police, by=agency_author)
    draft.refresh_from_db()
    assert draft.received_on == date(2026, 12, 10) and not draft.is_draft
    standing = status_of(chronology_review, police, date(2026, 12, 10))
    assert (standing.status, standing.late_days, standing.pending) == (status.READY, 4, draft)
    assert standing.received_words == "10 December 2026, late by 4 working days"
    step = TimelineEntry.objects.get(review=chronology_review,
                                     title="Chronology received: Testshire Police, version 1")
    assert step.effective_on == date(2026, 12, 10)
    event = AuditEvent.objects.get(event_type="chronology.sent")
    assert event.data == {"submission": draft.pk, "agency": police.pk, "version": 1,
                          "entries": 2, "received_on": "2026-12-10", "revises": None}
    assert reminders.first_received_on(date(2026, 12, 10)) == {
        (chronology_review.pk, police.pk): date(2026, 12, 10)}
    with pytest.raises(ValidationError, match="already sent"):
        actions.send_chronology(chronology_review, police, by=agency_author)
    actions.accept_submission(draft, by=business_manager)


def test_there_must_be_a_draft_with_entries_to_send(chronology_review, police, agency_author):
    with pytest.raises(ValidationError, match="add its entries first"):
        actions.send_chronology(chronology_review, police, by=agency_author)


def test_an_author_s_change_after_sending_makes_it_a_draft_again(
        chronology_review, police, agency_author, business_manager, today_is):
    today_is(date(2026, 12, 1))
    draft = typed_draft(chronology_review, police, agency_author)
    actions.send_chronology(chronology_review, police, by=agency_author)  # one entry, on time
    today_is(TODAY)
    entry = actions.add_entry(chronology_review, police, by=agency_author,
                               values={**ENTRY, "event": "A second call."})
    draft.refresh_from_db()
    assert draft.received_on is None  # received when the finished chronology is sent
    assert AuditEvent.objects.filter(event_type="chronology.entry_added").order_by("seq").last().data[
        "back_to_draft"] is True
    actions.send_chronology(chronology_review, police, by=agency_author)
    actions.edit_entry(entry, by=agency_author, values={"event": "A third call."})
    draft.refresh_from_db()
    assert draft.received_on is None
    # The business manager correcting a version sent leaves its received date alone.
    actions.send_chronology(chronology_review, police, by=agency_author)
    actions.edit_entry(entry, by=business_manager, values={"event": "A fourth call."})
    draft.refresh_from_db()
    assert draft.received_on == TODAY


def test_the_copy_made_on_reopening_is_received_when_it_is_sent_again(
        chronology_review, police, agency_author, business_manager, today_is):
    accepted = import_by_command(chronology_review, police, csv_file(good_rows(2)), "p.csv",
                                 received_on=date(2026, 12, 1),
                                 accepted_on=date(2026, 12, 2)).submission
    copy = actions.reopen_chronology(chronology_review, police, by=business_manager,
                                      reason="A call is missing.")
    assert copy.received_on is None and copy.revises == accepted
    with pytest.raises(ValidationError, match="a draft that has not been sent"):
        actions.accept_submission(copy, by=business_manager)
    actions.add_entry(chronology_review, police, by=agency_author, values=ENTRY)
    standing = status_of(chronology_review, police)
    assert standing.status == status.REOPENED and standing.draft == copy
    today_is(date(2026, 12, 8))
    actions.send_chronology(chronology_review, police, by=agency_author, received_on=TODAY)
    copy.refresh_from_db()
    assert copy.received_on == date(2026, 12, 8)
    assert status.received_words(copy, DUE) == (
        "8 December 2026 (a change after the chronology was reopened)")
    actions.accept_submission(copy, by=business_manager)


def test_the_agency_page_shows_the_draft_and_sends_it(
        chronology_review, police, agency_author, business_manager, client_for):
    draft = typed_draft(chronology_review, police, agency_author, entries=2)
    author = client_for(agency_author)
    page = author.get(base(chronology_review, police)).content.decode()
    assert "Draft: 2 entries typed, not yet sent" in page
    assert f'action="{base(chronology_review, police)}send/"' in page
    assert "Send the chronology" in page and "(a draft, not yet sent)" in page
    assert "Date the chronology was received" not in page
    manager_page = client_for(business_manager).get(base(chronology_review, police))
    assert "Date the chronology was received" in manager_page.content.decode()
    # Accepting a draft is not offered: the page sends the acceptor back to it.
    accept = client_for(business_manager).get(
        f"{base(chronology_review, police)}versions/{draft.version}/accept/")
    assert accept.status_code == 302 and accept["Location"].endswith("#draft")
    response = author.post(base(chronology_review, police) + "send/",
                           date_form("received_on", EARLIER))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.received_on == TODAY
    page = author.get(base(chronology_review, police)).content.decode()
    assert "Draft:" not in page and "(sent, not yet accepted)" in page
    assert "7 December 2026, late by 1 working day" in page


def test_the_add_entry_page_asks_for_no_date_received(
        chronology_review, police, business_manager, client_for):
    page = client_for(business_manager).get(
        base(chronology_review, police) + "entries/add/").content.decode()
    assert "Date the chronology was received" not in page
    assert "a draft: it is not received until you send it" in page
