"""Rapid review meetings, the rapid review record, the requirement it puts on 'Mark the rapid
review complete', and the copy sent to the Panel."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.audit.models import AuditEvent
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import Meeting, RapidReviewRecord
from reviewdesk.rapid_review.testing import complete_the_record
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Stage, TimelineEntry


def meeting_form(day: date, **extra: object) -> dict:
    return {**date_form("held_on", day), "other_attendees": "", "notes": "",
            "immediate_actions": "", **extra}


def record_form(**values: str) -> dict:
    blank = {name: "" for name in actions.RECORD_FIELDS}
    return blank | values


# --- Meetings -------------------------------------------------------------------------------------


def test_the_business_manager_records_meetings(started, business_manager, partner,
                                               subgroup_member, client_for):
    client = client_for(business_manager)
    response = client.post(f"/reviews/{started.uuid}/rapid-review/meetings/add/", meeting_form(
        date(2026, 3, 3), attendees=[partner.pk, subgroup_member.pk],
        other_attendees="GP practice manager\nSchool designated safeguarding lead",
        notes="Kayden Moorcroft's injuries were discussed.",
        immediate_actions="Siblings seen by a paediatrician today."))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {partner, subgroup_member}
    assert meeting.other_attendee_list == ["GP practice manager",
                                           "School designated safeguarding lead"]
    assert started.tasks.get(key="rapid-review-meeting").done_on == date(2026, 3, 3)
    entry = started.timeline.get(title="Rapid review meeting held")
    assert (entry.effective_on, entry.detail) == (date(2026, 3, 3), "4 attended.")
    # A second meeting is allowed.
    client.post(f"/reviews/{started.uuid}/rapid-review/meetings/add/", meeting_form(
        date(2026, 3, 3), notes="Follow-up."))
    assert Meeting.objects.count() == 2
    response = client.post(f"/reviews/{started.uuid}/rapid-review/meetings/{meeting.uuid}/change/",
                           meeting_form(date(2026, 3, 2), attendees=[partner.pk],
                                        version=meeting.version))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 3, 2) and list(meeting.attendees.all()) == [partner]
    assert [e.event_type for e in AuditEvent.objects.filter(
        event_type__startswith="rapid_review.meeting").order_by("seq")] == [
        "rapid_review.meeting_recorded", "rapid_review.meeting_recorded",
        "rapid_review.meeting_changed"]


def test_partners_read_the_meeting_with_pseudonyms(started, business_manager, partner,
                                                   client_for):
    meeting = actions.record_meeting(started, by=business_manager, held_on=date(2026, 3, 3),
                                     attendees=[partner],
                                     notes="Kayden Moorcroft's injuries were discussed.")
    page = page_text(client_for(partner).get(
        f"/reviews/{started.uuid}/rapid-review/meetings/{meeting.uuid}/"))
    assert "Child A's injuries were discussed." in page and "Kayden" not in page
    assert "Pat Partner" in page  # partnership officers act under their own names
    assert AuditEvent.objects.filter(event_type="rapid_review.meeting_viewed").exists()


@pytest.mark.parametrize(("day", "message"), [
    (date(2026, 3, 4), "Date of the meeting cannot be in the future."),
    (date(2026, 3, 1), "The date of the meeting cannot be before 2 March 2026, when the local "
                       "authority became aware of the incident."),
])
def test_a_meeting_date_must_be_real(started, business_manager, client_for, day, message):
    response = client_for(business_manager).post(
        f"/reviews/{started.uuid}/rapid-review/meetings/add/", meeting_form(day))
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Meeting.objects.exists()


# --- The record -----------------------------------------------------------------------------------


def test_the_record_is_saved_in_parts_with_evidence_where_a_criterion_is_met(
        started, business_manager, client_for):
    client = client_for(business_manager)
    url = f"/reviews/{started.uuid}/rapid-review/record/change/"
    response = client.post(url, record_form(facts_established="Found injured at home.",
                                            criterion_a="met",
                                            national_review_view="do_not_recommend"))
    assert response.status_code == 200
    page = page_text(response)
    assert "Give the evidence that criterion (a) is met." in page
    assert "Give the reasons for the view on a national review." in page
    assert not RapidReviewRecord.objects.exists()
    assert "Enter at least one part of the record before saving it." in page_text(
        client.post(url, record_form()))
    response = client.post(url, record_form(facts_established="Found injured at home.",
                                            criterion_a="met", evidence_a="No sharing."))
    assert response.status_code == 302
    saved = RapidReviewRecord.objects.get()
    assert (saved.facts_established, saved.criterion_a, saved.evidence_a) == (
        "Found injured at home.", "met", "No sharing.")
    event = AuditEvent.objects.get(event_type="rapid_review.record_saved")
    assert event.data["fields"] == ["facts_established", "criterion_a", "evidence_a"]


def test_partners_read_the_record_but_do_not_change_it(started, business_manager, partner,
                                                       client_for):
    actions.save_record(started, by=business_manager,
                        facts_established="Kayden Moorcroft was found injured at home.")
    client = client_for(partner)
    page = page_text(client.get(f"/reviews/{started.uuid}/rapid-review/record/"))
    assert "Child A was found injured at home." in page and "Kayden" not in page
    assert client.get(f"/reviews/{started.uuid}/rapid-review/record/change/").status_code == 403
    assert client.post(f"/reviews/{started.uuid}/rapid-review/record/change/",
                       record_form(facts_established="x")).status_code == 403
    assert AuditEvent.objects.filter(event_type="rapid_review.record_viewed").exists()


def test_the_rapid_review_cannot_be_completed_until_the_record_is_finished(
        started, business_manager, client_for):
    actions.save_record(started, by=business_manager, criterion_a="not_met", criterion_c="met",
                        evidence_c="Police and health did not share the referral.")
    with pytest.raises(transitions.TransitionRefused) as refused:
        transitions.move(started, "complete_rapid_review", by=business_manager,
                                          effective_on=date(2026, 3, 3))
    assert refused.value.messages == [
        "The rapid review record is not finished.",
        "Record the facts established on the rapid review record.",
        "Answer criterion (b), recurrent themes, on the rapid review record: met, not met or "
        "unclear.",
        "Answer criterion (d), the Panel's view, on the rapid review record: met, not met or "
        "unclear.",
    ]
    page = page_text(client_for(business_manager).get(
        f"/reviews/{started.uuid}/stage/complete_rapid_review/"))
    assert ("This cannot be done yet. First: The rapid review record is not finished. Record the "
            "facts established on the rapid review record.") in page
    started.refresh_from_db()
    assert started.stage == Stage.RAPID_REVIEW
    complete_the_record(started, by=business_manager)
    assert started.tasks.get(key="rapid-review-draft").done_on == date(2026, 3, 3)
    transitions.move(started, "complete_rapid_review", by=business_manager, effective_on=date(2026, 3, 3))
    started.refresh_from_db()
    assert started.stage == Stage.DECISION


def test_once_the_rapid_review_is_complete_its_record_is_kept_as_it_was(
        started, business_manager, agencies, agency_author, client_for):
    complete_the_record(started, by=business_manager)
    transitions.move(started, "complete_rapid_review", by=business_manager, effective_on=date(2026, 3, 3))
    client = client_for(business_manager)
    for path in ("record/change/", "meetings/add/", "summaries/request/"):
        response = client.post(f"/reviews/{started.uuid}/rapid-review/{path}",
                               record_form(facts_established="Changed afterwards."))
        assert response.status_code == 200
        assert "The rapid review is complete" in page_text(response)
    assert RapidReviewRecord.objects.get().facts_established.startswith("The agencies'")
    with pytest.raises(ValidationError, match="The rapid review is complete"):
        actions.request_summaries(started, by=business_manager, due_on=date(2026, 3, 9),
                                  requested_on=date(2026, 3, 3),
                                  contacts=[(agencies["police"], agency_author)])


# --- The copy sent to the Panel -------------------------------------------------------------------


def test_the_copy_to_the_panel_needs_a_finished_record_and_ticks_off_the_plan(
        started, business_manager, partner, client_for):
    client = client_for(business_manager)
    url = f"/reviews/{started.uuid}/rapid-review/panel-copy/"
    form = {**date_form("sent_on", date(2026, 3, 3)), "on_behalf_of": partner.pk}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Finish the rapid review record before sending it to the Panel." in page_text(response)
    complete_the_record(started, by=business_manager)
    assert client.post(url, form).status_code == 302
    record = RapidReviewRecord.objects.get()
    assert (record.panel_copy_sent_on, record.panel_copy_recorded_by) == (
        date(2026, 3, 3), business_manager)
    task = started.tasks.get(key="rapid-review-copy-to-panel")
    assert (task.done_on, task.done_by) == (date(2026, 3, 3), business_manager)
    entry = started.timeline.get(title="Copy of the rapid review sent to the National Panel")
    assert entry.on_behalf_of == partner
    assert started.timeline.filter(kind=TimelineEntry.Kind.TASK_DONE,
                                   title__contains="copy of the rapid review").exists()
    event = AuditEvent.objects.get(event_type="rapid_review.panel_copy_sent")
    assert event.data["sent_on"] == "2026-03-03" and event.on_behalf_of == partner
    again = page_text(client.post(url, form))
    assert "A copy was sent to the National Panel on 3 March 2026." in again
    assert AuditEvent.objects.filter(event_type="rapid_review.panel_copy_sent").count() == 1
