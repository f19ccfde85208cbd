"""Lost updates (decision 0023): two business managers (or one in two browsers) change
a rapid review meeting's record or the rapid review record at once. The second save, made from
the page as it was, is refused with the first change shown and the input kept; saved again, it
is accepted."""

from datetime import date

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import Meeting, RapidReviewRecord
from reviewdesk.rapid_review.tests.test_meetings_and_record import meeting_form, record_form
from reviewdesk.reviews.models import Review
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
    posted,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def meeting(started: Review, business_manager: User) -> Meeting:
    return actions.record_meeting(started, by=business_manager, held_on=date(2026, 3, 3),
                                  attendees=[], notes="Injuries discussed.")


def meeting_url(meeting: Meeting) -> str:
    return f"/reviews/{meeting.review.uuid}/rapid-review/meetings/{meeting.uuid}/change/"


def test_the_second_of_two_meeting_saves_from_one_version_is_refused_and_keeps_its_input(
        meeting, business_manager, deputy, client_for):
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(meeting_url(meeting), manager, other)

    assert other.post(meeting_url(meeting), posted(meeting_form(
        date(2026, 3, 3), notes="Injuries discussed.", immediate_actions="Siblings seen today."),
        seen_by_deputy)).status_code == 302
    refused = manager.post(meeting_url(meeting), posted(meeting_form(
        date(2026, 3, 3), notes="Injuries and the school's concerns discussed."),
        seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["Siblings seen today."],
                                 kept=["the school&#39;s concerns"])
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.immediate_actions, meeting.changed_by) == (
        "Injuries discussed.", "Siblings seen today.", deputy)

    assert manager.post(meeting_url(meeting), posted(meeting_form(
        date(2026, 3, 3), notes="Injuries and the school's concerns discussed.",
        immediate_actions="Siblings seen today."), new_version)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes.startswith("Injuries and the school") and meeting.version == 3


def test_a_meeting_save_without_a_version_is_refused(meeting, business_manager, client_for):
    refused = client_for(business_manager).post(meeting_url(meeting), meeting_form(
        date(2026, 3, 3), notes="Overwritten?"))
    assert_refused_without_version(refused)
    meeting.refresh_from_db()
    assert meeting.notes == "Injuries discussed."


def test_the_second_of_two_record_saves_is_refused_even_when_the_first_created_it(
        started, business_manager, deputy, client_for):
    url = f"/reviews/{started.uuid}/rapid-review/record/change/"
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url, manager, other)
    assert seen_by_manager == seen_by_deputy == "0"  # no record yet

    assert other.post(url, posted(record_form(facts_established="Found injured at home."),
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(url, posted(record_form(practice_strengths="Quick referral."),
                                       seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["Found injured at home."],
                                 kept=["Quick referral."])
    saved = RapidReviewRecord.objects.get()
    assert (saved.facts_established, saved.practice_strengths) == ("Found injured at home.", "")

    assert manager.post(url, posted(record_form(facts_established="Found injured at home.",
                                                practice_strengths="Quick referral."),
                                    new_version)).status_code == 302
    saved.refresh_from_db()
    assert (saved.practice_strengths, saved.updated_by, saved.version) == (
        "Quick referral.", business_manager, 2)
    # A page without a version is refused once there is a record.
    assert_refused_without_version(manager.post(url, record_form(learning_local="Overwrite?")))


# --- The incident's notifications ------------------------------------------------------------


def test_the_second_of_two_notification_saves_is_refused_even_when_the_first_created_it(
        started, business_manager, deputy, client_for, today_is):
    from reviewdesk.rapid_review.models import Notification
    from reviewdesk.rapid_review.tests.test_notification import form, panel_clock, url

    today_is(date(2026, 3, 6))
    url = url(started)
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url, manager, other)
    assert seen_by_manager == seen_by_deputy == "0"  # nothing recorded yet

    assert other.post(url, posted(form(panel=date(2026, 3, 4), reference="CSPR-NOT-81234"),
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(url, posted(form(partners=date(2026, 3, 3)), seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy",
                                 theirs=["4 March 2026", "CSPR-NOT-81234"],
                                 kept=['name="partners_told_on-day" type="text" value="3"'])
    saved = Notification.objects.get()
    assert (saved.panel_reference, saved.partners_told_on) == ("CSPR-NOT-81234", None)
    assert panel_clock(started).met_on is None
    # A page without a version is refused once something is recorded.
    assert_refused_without_version(manager.post(url, form(partners=date(2026, 3, 3))))
    assert Notification.objects.get().partners_told_on is None

    assert manager.post(url, posted(form(panel=date(2026, 3, 4), reference="CSPR-NOT-81234",
                                         partners=date(2026, 3, 3)), new_version)
                        ).status_code == 302
    saved.refresh_from_db()
    assert (saved.partners_told_on, saved.updated_by, saved.version) == (
        date(2026, 3, 3), business_manager, 2)
    assert panel_clock(started).met_on == date(2026, 3, 4)
