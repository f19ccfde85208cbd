"""The meetings pages: the organiser diarises, changes, invites, withdraws, cancels and records
attendance; the invitee reads their own invitation (and no one else's), answers it, downloads
the calendar file again, and is asked on their home page."""

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.meetings import actions
from reviewdesk.meetings.tests.helpers import (
    attendees,
    calendars_to,
    event_of,
    learning_event,
    sequence_of,
)
from reviewdesk.parallel.models import Advice, TopicRestriction
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Invitation, Meeting, Practitioner
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db



def _form(day: Any, **values: Any) -> dict[str, Any]:
    return {"kind": "learning_event", "title": "Learning event", "meeting_date-day": day.day,
            "meeting_date-month": day.month, "meeting_date-year": day.year, "start": "09:30",
            "end": "12:00", "place": "Room 4", "agenda": "Welcome", **values}


def test_the_lead_reviewer_diarises_a_learning_event_and_invites_practitioners(
        client_for: ClientFor, review: Review, lead_reviewer: User,
        two: list[Practitioner]) -> None:
    client = client_for(lead_reviewer)
    url = reverse("meetings:schedule", args=[review.uuid])
    page = client.get(url).content.decode()
    assert "Polly Practitioner" in page and "Nina Nurse" in page  # they see staff names
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(url, _form(day, invitees=[str(p.pk) for p in two]))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting", args=[review.uuid, meeting.pk])
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:30"
    assert meeting.invitations.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "2 invited" in page and "Not answered yet" in page
    assert AuditEvent.objects.filter(event_type="meetings.meeting_viewed",
                                     actor=lead_reviewer).exists()


def test_a_bad_form_says_what_is_wrong_and_changes_nothing(
        client_for: ClientFor, review: Review, business_manager: User,
        two: list[Practitioner]) -> None:
    day = timezone.localdate() + timedelta(days=10)
    response = client_for(business_manager).post(
        reverse("meetings:schedule", args=[review.uuid]),
        _form(day, start="25:00", end="08:00", place=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Start time must be a time on the 24-hour clock" in page
    assert "Enter where it is" in page
    assert not Meeting.objects.exists()


def test_the_organiser_changes_the_time_and_the_invitees_get_an_update(
        client_for: ClientFor, review: Review, business_manager: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    client = client_for(business_manager)
    url = reverse("meetings:change", args=[review.uuid, meeting.pk])
    assert client.get(url).status_code == 200
    day = timezone.localtime(meeting.starts_at).date()
    body = {k: v for k, v in _form(day, start="13:00", end="15:00", place="Room 4, Civic Centre",
                                   title=meeting.title, agenda=meeting.agenda).items()
            if k != "kind"}
    response = client.post(url, {**body, "version": meeting.version})
    assert response.status_code == 302
    latest = calendars_to(two[0].email)[-1]
    assert sequence_of(latest) == 1


def test_withdrawing_and_cancelling_from_the_page(
        client_for: ClientFor, review: Review, business_manager: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    client = client_for(business_manager)
    nina = meeting.invitations.get(practitioner=two[1])
    response = client.post(reverse("meetings:uninvite", args=[review.uuid, meeting.pk, nina.pk]))
    assert response.status_code == 302
    assert str(calendars_to(two[1].email)[-1]["METHOD"]) == "CANCEL"
    response = client.post(reverse("meetings:cancel", args=[review.uuid, meeting.pk]),
                           {"reason": "Room flooded"})
    assert response.status_code == 302
    assert str(calendars_to(two[0].email)[-1]["METHOD"]) == "CANCEL"
    assert len(calendars_to(two[1].email)) == 2  # no second cancellation for her


def test_the_practitioner_answers_on_their_own_page_and_the_organiser_sees_it(
        client_for: ClientFor, review: Review, business_manager: User, practitioner: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    mine = meeting.invitations.get(person=practitioner)
    client = client_for(practitioner)
    home = client.get("/").content.decode()
    assert "Say whether you can come to the practitioner learning event" in home
    review_page = client.get(reverse("reviews:review", args=[review.uuid])).content.decode()
    assert "Your meetings" in review_page and "Answer needed" in review_page
    page = client.get(reverse("meetings:invitation", args=[review.uuid, mine.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nina Nurse" not in text and "School Nurse" not in text  # nobody else invited
    response = client.post(reverse("meetings:respond", args=[review.uuid, mine.pk]),
                           {"response": "rearrange", "note": ""})
    assert "Say what would suit you better" in response.content.decode()
    response = client.post(reverse("meetings:respond", args=[review.uuid, mine.pk]),
                           {"response": "rearrange", "note": "Afternoons suit me"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.response == Invitation.Response.REARRANGE
    assert "Say whether you can come" not in client.get("/").content.decode()
    organiser = client_for(business_manager)
    page = organiser.get(reverse("meetings:meeting", args=[review.uuid, meeting.pk]))
    assert "Asked to rearrange" in page.content.decode()
    assert "Afternoons suit me" in page.content.decode()
    assert "An invitee asked to rearrange" in organiser.get("/").content.decode()


def test_the_practitioner_downloads_their_calendar_file_again(
        client_for: ClientFor, review: Review, business_manager: User, practitioner: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    mine = meeting.invitations.get(person=practitioner)
    response = client_for(practitioner).get(
        reverse("meetings:calendar", args=[review.uuid, mine.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert attendees(event_of(calendar)) == [practitioner.email]
    assert AuditEvent.objects.filter(event_type="meetings.calendar_downloaded").exists()


def test_no_one_opens_another_persons_invitation(
        client_for: ClientFor, review: Review, business_manager: User, practitioner: User,
        two: list[Practitioner]) -> None:
    meeting = learning_event(review, business_manager, two)
    theirs = meeting.invitations.exclude(person=practitioner).get()
    client = client_for(practitioner)
    for name in ("meetings:invitation", "meetings:calendar"):
        assert client.get(reverse(name, args=[review.uuid, theirs.pk])).status_code == 404
    assert client.post(reverse("meetings:respond", args=[review.uuid, theirs.pk]),
                       {"response": "attending"}).status_code == 404
    # And the organiser's pages are not theirs.
    assert client.get(reverse("meetings:list", args=[review.uuid])).status_code == 403


def test_the_topics_the_advice_excludes_are_shown_beside_the_agenda(
        client_for: ClientFor, review: Review, business_manager: User, practitioner: User,
        two: list[Practitioner]) -> None:
    advice = Advice.objects.create(review=review, text="Inquest pending.",
                                   effective_on=timezone.localdate(), recorded_by=business_manager)
    TopicRestriction.objects.create(advice=advice, topic="The night of the incident")
    meeting = learning_event(review, business_manager, two)
    mine = meeting.invitations.get(person=practitioner)
    for client, url in ((client_for(business_manager),
                         reverse("meetings:meeting", args=[review.uuid, meeting.pk])),
                        (client_for(practitioner),
                         reverse("meetings:invitation", args=[review.uuid, mine.pk]))):
        page = client.get(url).content.decode()
        assert 'data-advice="topics"' in page
        assert "The night of the incident" in page


def test_attendance_is_recorded_from_the_day_of_the_meeting(
        client_for: ClientFor, review: Review, business_manager: User,
        two: list[Practitioner], today_is: Any) -> None:
    meeting = learning_event(review, business_manager, two)
    url = reverse("meetings:attendance", args=[review.uuid, meeting.pk])
    client = client_for(business_manager)
    polly = meeting.invitations.get(practitioner=two[0])
    today = timezone.localdate()
    body = {"attended": [str(polly.pk)], "on-day": today.day, "on-month": today.month,
            "on-year": today.year}
    response = client.post(url, body)
    assert "cannot be before" in response.content.decode()
    day = today_is(timezone.localtime(meeting.starts_at).date())
    client = client_for(business_manager)
    response = client.post(url, {**body, "on-day": day.day, "on-month": day.month,
                                 "on-year": day.year})
    assert response.status_code == 302
    polly.refresh_from_db()
    assert polly.attended is True


def test_the_meetings_list_costs_the_same_whatever_it_holds(
        client_for: ClientFor, review: Review, business_manager: User,
        two: list[Practitioner]) -> None:
    learning_event(review, business_manager, two)
    client = client_for(business_manager)
    url = reverse("meetings:list", args=[review.uuid])
    with CaptureQueriesContext(connection) as once:
        assert client.get(url).status_code == 200
    for _ in range(3):
        learning_event(review, business_manager, two)
    actions.cancel_meeting(learning_event(review, business_manager, two, title="Called off"),
                           by=business_manager)
    held = timezone.now() - timedelta(days=3)
    Meeting.objects.create(review=review, kind=Meeting.Kind.BRIEFING, title="Held briefing",
                           starts_at=held, ends_at=held + timedelta(hours=1), place="Room 1",
                           recorded_by=business_manager)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many.captured_queries) == len(once.captured_queries)
    page = response.content.decode()
    # The coming ones first, then those held or cancelled.
    assert page.index("Practitioner learning event") < page.index("Called off")
    assert page.index("Practitioner learning event") < page.index("Held briefing")


def test_a_lead_reviewer_invited_to_their_own_conversation_has_nothing_to_answer(
        client_for: ClientFor, review: Review, lead_reviewer: User, business_manager: User,
        two: list[Practitioner]) -> None:
    start = timezone.now() + timedelta(days=5)
    talk = actions.schedule_meeting(review, kind=Meeting.Kind.CONVERSATION, title="Conversation",
                             starts_at=start, ends_at=start + timedelta(hours=1),
                             place="Video call", invitees=[two[0], lead_reviewer],
                             by=lead_reviewer)
    assert "Say whether you can come" not in client_for(lead_reviewer).get("/").content.decode()
    # Nor the practitioner, who agreed the date on the conversation's own page; their
    # invitation shows it, with the calendar file, and no answer form.
    theirs = client_for(two[0].person)
    assert "Say whether you can come" not in theirs.get("/").content.decode()
    mine = talk.invitations.get(person=two[0].person)
    page = theirs.get(reverse("meetings:invitation", args=[review.uuid, mine.pk])).content.decode()
    assert "Download the calendar invitation" in page and "Send your answer" not in page
    # The conversation is run from the conversations pages: the meetings pages hold learning
    # events and briefings only, for the lead reviewer and the business manager alike.
    listing = reverse("meetings:list", args=[review.uuid])
    page = reverse("meetings:meeting", args=[review.uuid, talk.pk])
    for client in (client_for(lead_reviewer), client_for(business_manager)):
        assert "Video call" not in client.get(listing).content.decode()
        assert client.get(page).status_code == 404
