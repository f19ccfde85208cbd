"""The conversations' and areas' actions: each state change, who may make it, and every bad
input refused with a reason and nothing changed."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.conversations import actions
from reviewdesk.conversations.tests.helpers import (
    AREA,
    AREAS,
    MARKER_WORDS,
    NOTE,
    REPLY,
    REPLY_NOTE,
    asked,
    at,
    booked,
    make_practitioner,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.staff.models import AreaRaised, Conversation, Meeting, Practitioner
from reviewdesk.testing import TodayIs, tomorrow

Status = Conversation.Status


@pytest.fixture
def prac(review: Review, practitioner: User, business_manager: User) -> Practitioner:
    return make_practitioner(review, practitioner, business_manager)


def _events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=code))


def _no_content_in_audit() -> None:
    for event in AuditEvent.objects.all():
        text = f"{event.summary} {event.data}"
        assert not any(word in text for word in MARKER_WORDS), event.event_type


def test_the_lead_reviewer_asks_and_the_practitioner_accepts_a_date(
        prac: Practitioner, lead_reviewer: User, practitioner: User) -> None:
    conversation = asked(prac, lead_reviewer)
    assert conversation.status == Status.REQUESTED
    assert len(conversation.proposed_dates) == 2
    assert _events("conversations.asked")[0].data["dates_offered"] == 2
    chosen = actions.offered_times(conversation)[1]
    actions.accept_date(conversation, by=practitioner, starts_at=chosen)
    conversation.refresh_from_db()
    assert conversation.status == Status.BOOKED
    meeting = conversation.meeting
    assert meeting is not None and meeting.kind == Meeting.Kind.CONVERSATION
    assert meeting.starts_at == chosen and meeting.ends_at == chosen + timedelta(hours=1)
    assert meeting.place == "Room 2, Kirkvale House"
    assert _events("conversations.date_accepted")[0].actor == practitioner
    _no_content_in_audit()


def test_a_booked_conversation_goes_to_the_practitioner_and_the_lead_reviewer_as_invitations(
        prac: Practitioner, lead_reviewer: User, practitioner: User,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    """Each gets a calendar invitation naming only them; new dates cancel it for both."""
    conversation = asked(prac, lead_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_date(conversation, by=practitioner,
                            starts_at=actions.offered_times(conversation)[0])
    conversation.refresh_from_db()
    meeting = conversation.meeting
    assert meeting is not None
    invited = {i.person_id: i for i in meeting.invitations.all()}
    assert set(invited) == {practitioner.pk, lead_reviewer.pk}
    sent = Notice.objects.filter(purpose="meeting_invitation").order_by("pk")
    assert sorted(r for n in sent for r in n.recipients) == sorted(
        [practitioner.email, lead_reviewer.email])
    for notice in sent:
        calendar = Calendar.from_ical(notice.attachments[0]["content"])
        assert calendar["METHOD"] == "REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert str(event["UID"]).startswith(str(meeting.uid))
        attendees = event.get("ATTENDEE")
        assert not isinstance(attendees, list), "one attendee: the recipient only"
        assert str(attendees).lower() == f"mailto:{notice.recipients[0]}".lower()
    with django_capture_on_commit_callbacks(execute=True):
        actions.offer_new_dates(conversation, by=lead_reviewer,
                                offers=[at(tomorrow() + timedelta(days=3))], place="Room 2")
    cancels = Notice.objects.filter(purpose="meeting_cancellation")
    assert sorted(r for n in cancels for r in n.recipients) == sorted(
        [practitioner.email, lead_reviewer.email])
    assert all(Calendar.from_ical(n.attachments[0]["content"])["METHOD"] == "CANCEL"
               for n in cancels)


def test_asking_refuses_bad_input_and_changes_nothing(
        prac: Practitioner, lead_reviewer: User) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"areas": " ", "offers": [at(tomorrow())], "place": "Room 2"}, "areas"),
        ({"areas": AREAS, "offers": [], "place": "Room 2"}, "offers"),
        ({"areas": AREAS, "offers": [timezone.now() - timedelta(hours=1)], "place": "Room 2"},
         "offers"),
        ({"areas": AREAS, "offers": [at(tomorrow())] * 2, "place": "Room 2"}, "offers"),
        ({"areas": AREAS, "offers": [at(tomorrow() + timedelta(days=d)) for d in range(4)],
          "place": "Room 2"}, "offers"),
        ({"areas": AREAS, "offers": [at(tomorrow())], "place": ""}, "place"),
        ({"areas": AREAS, "offers": [at(tomorrow())], "place": "Room 2",
          "asked_on": tomorrow()}, "asked_on"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as refused:
            actions.ask_for_conversation(prac, by=lead_reviewer, **values)
        assert field in refused.value.message_dict, (values, refused.value)
    assert not Conversation.objects.exists()
    assert not _events("conversations.asked")


def test_only_one_open_conversation_at_a_time_and_none_for_a_practitioner_who_left(
        prac: Practitioner, lead_reviewer: User, business_manager: User) -> None:
    asked(prac, lead_reviewer)
    with pytest.raises(ValidationError, match="already asked for or booked"):
        asked(prac, lead_reviewer)
    assert Conversation.objects.count() == 1
    prac.membership.ended_at = timezone.now()
    prac.membership.save()
    with pytest.raises(ValidationError, match="left the review"):
        asked(prac, lead_reviewer)


@pytest.mark.parametrize("who", ["business_manager", "subgroup_member", "practitioner",
                                 "agency_author"])
def test_only_the_lead_reviewer_asks(who: str, prac: Practitioner,
                                     request: pytest.FixtureRequest) -> None:
    with pytest.raises(PermissionDenied):
        asked(prac, request.getfixturevalue(who))
    assert not Conversation.objects.exists()


def test_only_the_practitioner_answers_their_own(
        review: Review, prac: Practitioner, lead_reviewer: User, business_manager: User,
        make_review, outsider: User) -> None:
    from reviewdesk.reviews.actions import add_member
    from reviewdesk.reviews.models import ReviewRole

    conversation = asked(prac, lead_reviewer)
    add_member(review, outsider, ReviewRole.PRACTITIONER, by=business_manager,
               started_on=prac.added_on)
    make_practitioner(review, outsider, business_manager)
    for someone in (lead_reviewer, business_manager, outsider):
        with pytest.raises(PermissionDenied):
            actions.accept_date(conversation, by=someone,
                                starts_at=actions.offered_times(conversation)[0])
        with pytest.raises(PermissionDenied):
            actions.ask_for_another_date(conversation, by=someone, note="Tuesday")
    conversation.refresh_from_db()
    assert conversation.status == Status.REQUESTED


def test_a_date_not_offered_or_passed_is_refused(
        prac: Practitioner, lead_reviewer: User, practitioner: User,
        today_is: TodayIs) -> None:
    conversation = asked(prac, lead_reviewer)
    with pytest.raises(ValidationError, match="Choose one of the dates offered"):
        actions.accept_date(conversation, by=practitioner, starts_at=at(tomorrow(), 15))
    first = actions.offered_times(conversation)[0]
    today_is(tomorrow() + timedelta(days=0))  # ten in the morning: the first date is now
    with pytest.raises(ValidationError, match="has passed"):
        actions.accept_date(conversation, by=practitioner, starts_at=first)
    assert not Meeting.objects.exists()


def test_another_date_asked_then_new_dates_offered(
        prac: Practitioner, lead_reviewer: User, practitioner: User) -> None:
    conversation = asked(prac, lead_reviewer)
    with pytest.raises(ValidationError) as refused:
        actions.ask_for_another_date(conversation, by=practitioner, note="  ")
    assert "note" in refused.value.message_dict
    actions.ask_for_another_date(conversation, by=practitioner, note=REPLY_NOTE)
    conversation.refresh_from_db()
    assert conversation.status == Status.OTHER_DATE_ASKED
    assert conversation.practitioner_reply == REPLY_NOTE
    with pytest.raises(ValidationError, match="not waiting"):
        actions.ask_for_another_date(conversation, by=practitioner, note="Again")
    later = [at(tomorrow() + timedelta(days=7), 14)]
    actions.offer_new_dates(conversation, by=lead_reviewer, offers=later, place="By video")
    conversation.refresh_from_db()
    assert conversation.status == Status.REQUESTED
    assert actions.offered_times(conversation) == later
    assert actions.offered_place(conversation) == "By video"
    _no_content_in_audit()


def test_new_dates_for_a_booked_conversation_cancel_its_meeting(
        prac: Practitioner, lead_reviewer: User) -> None:
    conversation = booked(prac, lead_reviewer)
    meeting = conversation.meeting
    assert meeting is not None
    actions.offer_new_dates(conversation, by=lead_reviewer, place="By video",
                            offers=[at(tomorrow() + timedelta(days=9))])
    meeting.refresh_from_db()
    conversation.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    assert conversation.meeting is None and conversation.status == Status.REQUESTED
    assert _events("conversations.dates_offered")[0].data["meeting_cancelled"] == meeting.pk


def test_held_on_its_day_or_later_never_before_or_in_the_future(
        prac: Practitioner, lead_reviewer: User, today_is: TodayIs) -> None:
    conversation = asked(prac, lead_reviewer)
    with pytest.raises(ValidationError, match="Only a booked conversation"):
        actions.record_held(conversation, by=lead_reviewer, held_on=timezone.localdate())
    conversation = actions.accept_date(conversation, by=prac.person,
                                       starts_at=actions.offered_times(conversation)[0])
    booked_for = tomorrow()
    today_is(booked_for + timedelta(days=2))
    with pytest.raises(ValidationError) as refused:
        actions.record_held(conversation, by=lead_reviewer,
                            held_on=booked_for - timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_held(conversation, by=lead_reviewer,
                            held_on=booked_for + timedelta(days=3))
    assert "cannot be in the future" in str(refused.value)
    conversation.refresh_from_db()
    assert conversation.status == Status.BOOKED
    actions.record_held(conversation, by=lead_reviewer, held_on=booked_for, note=NOTE)
    conversation.refresh_from_db()
    assert (conversation.status, conversation.held_on, conversation.note) == (
        Status.HELD, booked_for, NOTE)
    assert not conversation.note_shared_with_business_manager
    # The timeline says it happened: not with whom, nor what was said.
    entry = prac.review.timeline.get(title=actions.HELD_ON_TIMELINE)
    assert entry.effective_on == booked_for and entry.subject is None and entry.detail == ""
    assert entry.kind == TimelineEntry.Kind.NOTE
    _no_content_in_audit()


def _held(prac: Practitioner, lead: User, today_is: TodayIs) -> Conversation:
    conversation = booked(prac, lead)
    today_is(tomorrow() + timedelta(days=1))
    return actions.record_held(conversation, by=lead, held_on=timezone.localdate())


def test_the_note_is_saved_and_shared_from_the_version_the_page_showed(
        prac: Practitioner, lead_reviewer: User, today_is: TodayIs) -> None:
    conversation = _held(prac, lead_reviewer, today_is)
    with pytest.raises(ValidationError, match="Write the note before sharing"):
        actions.save_note(conversation, by=lead_reviewer, note="", shared=True)
    seen = conversation.version
    actions.save_note(conversation, by=lead_reviewer, note=NOTE, shared=True, version=seen)
    conversation.refresh_from_db()
    assert conversation.note == NOTE and conversation.note_shared_with_business_manager
    from reviewdesk.versioning import StaleEdit
    with pytest.raises(StaleEdit):
        actions.save_note(conversation, by=lead_reviewer, note="Older", shared=False,
                          version=seen)
    assert _events("conversations.note_saved")[0].data == {
        "conversation": conversation.pk, "shared": True, "sharing_changed": True,
        "effective_on": timezone.localdate().isoformat()}
    _no_content_in_audit()


def test_consent_by_the_practitioner_or_by_the_lead_reviewer_on_their_behalf(
        prac: Practitioner, lead_reviewer: User, practitioner: User, business_manager: User,
        today_is: TodayIs) -> None:
    conversation = booked(prac, lead_reviewer)
    with pytest.raises(ValidationError, match="once the conversation has been held"):
        actions.record_consent(conversation, by=practitioner, consent="quoted")
    today_is(tomorrow() + timedelta(days=1))
    actions.record_held(conversation, by=lead_reviewer, held_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        actions.record_consent(conversation, by=practitioner, consent="shouted")
    assert "consent" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_consent(conversation, by=practitioner, consent="quoted",
                               given_on=timezone.localdate() - timedelta(days=5))
    assert "given_on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.record_consent(conversation, by=business_manager, consent="quoted")
    actions.record_consent(conversation, by=lead_reviewer, consent="paraphrased")
    event = _events("conversations.consent_recorded")[0]
    assert event.actor == lead_reviewer and event.on_behalf_of == practitioner
    actions.record_consent(conversation, by=practitioner, consent="not_used")
    conversation.refresh_from_db()
    assert conversation.consent == "not_used"
    assert AuditEvent.objects.filter(event_type="conversations.consent_recorded",
                                     actor=practitioner, on_behalf_of__isnull=True).exists()


def test_a_practitioner_raises_an_area_and_the_lead_reviewer_answers(
        prac: Practitioner, lead_reviewer: User, practitioner: User,
        business_manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.raise_area(prac, by=practitioner, text=" ")
    assert "text" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.raise_area(prac, by=lead_reviewer, text=AREA)
    area = actions.raise_area(prac, by=practitioner, text=AREA)
    assert area.status == "" and area.raised_on == timezone.localdate()
    answers: list[tuple[dict[str, Any], str]] = [
        ({"status": "", "reply": REPLY}, "status"),
        ({"status": "answered", "reply": ""}, "reply"),
        ({"status": "answered", "reply": REPLY, "replied_on": tomorrow()}, "replied_on"),
        ({"status": "answered", "reply": REPLY,
          "replied_on": area.raised_on - timedelta(days=1)}, "replied_on"),
    ]
    for values, field in answers:
        with pytest.raises(ValidationError) as refused:
            actions.answer_area(area, by=lead_reviewer, **values)
        assert field in refused.value.message_dict, values
    with pytest.raises(PermissionDenied):
        actions.answer_area(area, by=business_manager, status="answered", reply=REPLY)
    area.refresh_from_db()
    assert area.status == "" and area.reply == ""
    actions.answer_area(area, by=lead_reviewer, status="in_terms_of_reference", reply=REPLY)
    area.refresh_from_db()
    assert (area.status, area.reply, area.replied_by) == ("in_terms_of_reference", REPLY,
                                                          lead_reviewer)
    assert AreaRaised.objects.count() == 1
    _no_content_in_audit()
