"""Diarising, changing and cancelling meetings with staff, inviting and withdrawing, answers and
attendance: each calendar invitation parses, carries the right UID, SEQUENCE and METHOD and names
only its recipient; each is sent once."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.meetings import actions
from reviewdesk.meetings.tests.helpers import (
    attendees,
    calendars_to,
    event_of,
    learning_event,
    next_week_at,
    sequence_of,
)
from reviewdesk.notices.models import Notice
from reviewdesk.parallel.models import Advice, NoContact, TopicRestriction
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Invitation, Meeting, Practitioner, StaffUpdate
from reviewdesk.testing import tomorrow
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db



def test_each_invitee_gets_a_request_naming_only_them(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two,
                             agenda="Welcome from Polly Practitioner\n\nWhat Nina Nurse saw")
    polly, nina = two
    for practitioner, other in ((polly, nina), (nina, polly)):
        [calendar] = calendars_to(practitioner.email)
        event = event_of(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == str(meeting.uid)
        assert int(str(event["SEQUENCE"])) == 0
        assert attendees(event) == [practitioner.email]
        assert str(event["ORGANIZER"]) == f"mailto:{review.partnership.business_unit_email}" or (
            str(event["ORGANIZER"]).startswith("mailto:"))
        assert event["ATTENDEE"].params["RSVP"] == "FALSE"
        assert event["CLASS"] == "PRIVATE"
        assert event.decoded("DTSTART") == meeting.starts_at.astimezone(UTC)
        assert event.decoded("DTSTART").tzinfo is not None
        text = calendar.to_ical().decode()
        # No names at all: not the other invitee's, not even the recipient's own.
        for name in ("Polly", "Practitioner Polly", "Nina", "Nurse Nina", "Rita Reviewer"):
            assert name not in text.replace("\r\n ", "")
        assert other.email not in text
        assert f"You are invited as {practitioner.identity.pseudonym}" in str(
            event["DESCRIPTION"])
    assert {i.sequence_sent for i in meeting.invitations.all()} == {0}
    assert StaffUpdate.objects.filter(kind=StaffUpdate.Kind.MEETING).count() == 2
    scheduled = AuditEvent.objects.get(event_type="meetings.scheduled")
    assert scheduled.data["notices"] == 2 and scheduled.actor == business_manager


def test_delivery_attaches_the_calendar_file(
        review: Review, business_manager: User, two: list[Practitioner],
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        learning_event(review, business_manager, two[:1])
    [message] = mail.outbox
    assert message.to == [two[0].email]
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    assert "METHOD:REQUEST" in content
    assert "Polly" not in f"{message.subject} {message.body}"


def test_a_change_is_an_update_sent_once_with_a_higher_sequence(
        review: Review, lead_reviewer: User, two: list[Practitioner]) -> None:
    meeting = learning_event(review, lead_reviewer, two)
    actions.change_meeting(meeting, by=lead_reviewer, starts_at=next_week_at(10),
                           ends_at=next_week_at(13))
    actions.change_meeting(meeting, by=lead_reviewer, place="Room 5, Civic Centre")
    # The same details again, and sending again: nothing more goes.
    actions.change_meeting(meeting, by=lead_reviewer, place="Room 5, Civic Centre")
    assert actions.send_updates(meeting, by=lead_reviewer) == 0
    for practitioner in two:
        calendars = calendars_to(practitioner.email)
        assert [sequence_of(c) for c in calendars] == [0, 1, 2]
        assert [str(c["METHOD"]) for c in calendars] == ["REQUEST"] * 3
        assert {str(event_of(c)["UID"]) for c in calendars} == {str(meeting.uid)}
        assert str(event_of(calendars[-1])["LOCATION"]) == "Room 5, Civic Centre"
        assert event_of(calendars[1]).decoded("DTSTART") == next_week_at(10).astimezone(UTC)
    meeting.refresh_from_db()
    assert meeting.sequence == 2
    assert {i.sequence_sent for i in meeting.invitations.all()} == {2}
    assert AuditEvent.objects.filter(event_type="meetings.changed").count() == 2
    assert Notice.objects.count() == 6


def test_an_edit_from_an_older_page_is_refused(
        review: Review, lead_reviewer: User, business_manager: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, lead_reviewer, two)
    seen = meeting.version
    actions.change_meeting(meeting, by=business_manager, version=seen, place="Room 9")
    with pytest.raises(StaleEdit):
        actions.change_meeting(Meeting.objects.get(pk=meeting.pk), by=lead_reviewer,
                               version=seen, place="Room 10")
    assert Meeting.objects.get(pk=meeting.pk).place == "Room 9"


def test_bad_details_are_refused_with_reasons_and_nothing_is_sent(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    with pytest.raises(ValidationError) as refused:
        learning_event(review, business_manager, two, title=" ", place="",
                       starts_at=next_week_at(12), ends_at=next_week_at(11))
    assert set(refused.value.message_dict) == {"title", "place", "ends_at"}
    past = timezone.now() - timedelta(hours=2)
    with pytest.raises(ValidationError) as refused:
        learning_event(review, business_manager, two, starts_at=past,
                       ends_at=past + timedelta(hours=1))
    assert "future" in refused.value.message_dict["starts_at"][0]
    assert not Meeting.objects.exists() and not Notice.objects.exists()


def test_cancelling_sends_each_invitee_a_cancel_once(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    actions.cancel_meeting(meeting, by=business_manager, reason="Room flooded")
    with pytest.raises(ValidationError):
        actions.cancel_meeting(meeting, by=business_manager)
    assert actions.send_updates(Meeting.objects.get(pk=meeting.pk)) == 0
    for practitioner in two:
        request, cancel = calendars_to(practitioner.email)
        assert str(cancel["METHOD"]) == "CANCEL"
        event = event_of(cancel)
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == str(meeting.uid)
        assert int(str(event["SEQUENCE"])) == 1 > sequence_of(request)
        assert attendees(event) == [practitioner.email]
    assert all(i.cancellation_sent for i in meeting.invitations.all())
    with pytest.raises(ValidationError):
        actions.change_meeting(Meeting.objects.get(pk=meeting.pk), by=business_manager,
                               place="Elsewhere")


def test_an_invitee_withdrawn_alone_gets_a_cancel_and_no_later_update(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    polly, nina = two
    meeting = learning_event(review, business_manager, two)
    invitation = meeting.invitations.get(practitioner=nina)
    actions.uninvite(invitation, by=business_manager)
    [_, cancel] = calendars_to(nina.email)
    assert str(cancel["METHOD"]) == "CANCEL" and sequence_of(cancel) == 1
    assert len(calendars_to(polly.email)) == 1  # Polly is told nothing of it
    actions.change_meeting(Meeting.objects.get(pk=meeting.pk), by=business_manager,
                           place="Room 6")
    assert len(calendars_to(nina.email)) == 2
    [_, update] = calendars_to(polly.email)
    assert sequence_of(update) == 2
    # Invited again: a request newer than the cancellation she holds.
    actions.invite(Meeting.objects.get(pk=meeting.pk), [nina], by=business_manager)
    again = calendars_to(nina.email)[-1]
    assert str(again["METHOD"]) == "REQUEST" and sequence_of(again) == 3


def test_inviting_someone_twice_or_off_the_review_is_refused(
        review: Review, business_manager: User, two: list[Practitioner], make_review: object,
        outsider: User) -> None:
    meeting = learning_event(review, business_manager, two[:1])
    with pytest.raises(ValidationError, match="invited already"):
        actions.invite(meeting, [two[0]], by=business_manager)
    with pytest.raises(ValidationError, match="team"):
        actions.invite(meeting, [outsider], by=business_manager)
    assert meeting.invitations.count() == 1


def test_the_lead_reviewer_can_be_invited_to_a_conversation(
        review: Review, lead_reviewer: User, two: list[Practitioner]) -> None:
    """The conversations app books a one-to-one: the practitioner and the lead reviewer, each
    with their own invitation naming only them."""
    meeting = actions.schedule_meeting(
        review, kind=Meeting.Kind.CONVERSATION, title="Conversation with the lead reviewer",
        starts_at=next_week_at(14), ends_at=next_week_at(15), place="Video call",
        invitees=[two[0], lead_reviewer], by=lead_reviewer)
    assert meeting.invitations.count() == 2
    [mine] = calendars_to(lead_reviewer.email)
    assert attendees(event_of(mine)) == [lead_reviewer.email]
    assert two[0].email not in mine.to_ical().decode()


def test_an_invitee_the_advice_says_not_to_contact_refuses_the_whole_change(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    advice = Advice.objects.create(review=review, text="Police investigation.",
                                   effective_on=timezone.localdate(), recorded_by=business_manager)
    NoContact.objects.create(advice=advice, identity=two[1].identity)
    with pytest.raises(ValidationError, match="not sent"):
        learning_event(review, business_manager, two)
    assert not Meeting.objects.exists() and not Notice.objects.exists()


def test_the_topics_the_advice_excludes_are_in_the_invitation(
        review: Review, business_manager: User, two: list[Practitioner]) -> None:
    advice = Advice.objects.create(review=review, text="Inquest pending.",
                                   effective_on=timezone.localdate(), recorded_by=business_manager)
    TopicRestriction.objects.create(advice=advice, topic="The night of the incident")
    learning_event(review, business_manager, two[:1])
    [calendar] = calendars_to(two[0].email)
    assert "The night of the incident" in str(event_of(calendar)["DESCRIPTION"])


def test_the_invitee_answers_and_may_change_their_answer(
        review: Review, business_manager: User, practitioner: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    invitation = meeting.invitations.get(person=practitioner)
    with pytest.raises(ValidationError) as refused:
        actions.respond(invitation, Invitation.Response.REARRANGE, " ", by=practitioner)
    assert "note" in refused.value.message_dict
    actions.respond(invitation, Invitation.Response.REARRANGE, "Tuesdays suit me",
                    by=practitioner)
    actions.respond(invitation, Invitation.Response.ATTENDING, by=practitioner)
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_note) == ("attending", "")
    other = meeting.invitations.exclude(person=practitioner).get()
    with pytest.raises(ValidationError, match="Only the person invited"):
        actions.respond(other, Invitation.Response.ATTENDING, by=practitioner)
    assert AuditEvent.objects.filter(event_type="meetings.answered").count() == 2


def test_attendance_is_recorded_on_the_day_not_before(
        review: Review, business_manager: User, two: list[Practitioner],
        today_is: object) -> None:
    meeting = learning_event(review, business_manager, two)
    polly, nina = meeting.invitations.order_by("pk")
    with pytest.raises(ValidationError) as refused:
        actions.record_attendance(meeting, [polly.pk], by=business_manager)
    assert "cannot be before" in refused.value.message_dict["on"][0]
    day = timezone.localtime(meeting.starts_at).date()
    today_is(day)  # type: ignore[operator]
    with pytest.raises(ValidationError, match="future"):
        actions.record_attendance(meeting, [polly.pk], by=business_manager, on=tomorrow())
    actions.record_attendance(meeting, [polly.pk], by=business_manager, on=day)
    polly.refresh_from_db()
    nina.refresh_from_db()
    assert (polly.attended, nina.attended) == (True, False)
    assert polly.attendance_recorded_by == business_manager
    event = AuditEvent.objects.get(event_type="meetings.attendance_recorded")
    assert event.data["effective_on"] == day.isoformat()
