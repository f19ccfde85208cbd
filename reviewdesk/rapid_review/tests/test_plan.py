"""Starting the rapid review makes its plan: six steps on the working-day calendar from the day the
local authority became aware, the last on the rapid review deadline. Reminders and the
dashboard's overdue count work on the plan's steps like any other task."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.selectors import PLAN
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews.models import ClockKind, Review, Stage, TimelineEntry
from reviewdesk.testing import MakeReview, TodayIs

CHRISTMAS_2025 = date(2025, 12, 22)  # a Monday; 25, 26 December and 1 January are bank holidays


def start_form(day: date, **extra: object) -> dict:
    return {**date_form("effective_on", day), "reason": "", "owner": "", "on_behalf_of": "",
            **extra}


@pytest.fixture
def christmas_review(make_review: MakeReview, today_is: TodayIs) -> Review:
    today_is(date(2025, 12, 23))
    return make_review(aware=CHRISTMAS_2025)


def test_starting_makes_the_plan_over_the_christmas_bank_holidays(
        christmas_review, business_manager, partner, client_for):
    review = christmas_review
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/rapid-review/start/",
        start_form(date(2025, 12, 23), reason="Summaries requested.", on_behalf_of=partner.pk))
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/"
    review.refresh_from_db()
    assert (review.stage, review.stage_since) == (Stage.RAPID_REVIEW, date(2025, 12, 23))
    tasks = list(review.tasks.order_by("position"))
    assert [t.key for t in tasks] == [step.key for step in PLAN]
    assert [t.due_on for t in tasks] == [
        date(2025, 12, 23),  # working day 1
        date(2025, 12, 31),  # 5: Christmas Day and Boxing Day skipped
        date(2026, 1, 6),    # 8: New Year's Day skipped
        date(2026, 1, 9),    # 11
        date(2026, 1, 13),   # 13
        date(2026, 1, 15),   # 15: the rapid review deadline
    ]
    assert tasks[-1].due_on == review.clocks.get(kind=ClockKind.RAPID_REVIEW).due_on
    # Each step is owed by who must act: the agencies, the partners, else the business manager.
    assert [(t.owner, t.owner_label) for t in tasks] == [
        (business_manager, ""),
        (None, "Each agency asked for a summary (its named contact)"),
        (business_manager, ""), (business_manager, ""),
        (None, "The three safeguarding partners, each for their own partner"),
        (business_manager, "")]
    stage_change = review.timeline.get(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert (stage_change.on_behalf_of, stage_change.detail) == (partner, "Summaries requested.")
    assert review.timeline.filter(title="Rapid review plan made").exists()
    plan_event = AuditEvent.objects.get(event_type="rapid_review.plan_created")
    assert plan_event.data["tasks"] == [t.pk for t in tasks]
    assert AuditEvent.objects.filter(event_type="review.start_rapid_review").count() == 1
    assert AuditEvent.objects.filter(event_type="task.added").count() == 6


def test_the_start_page_shows_the_plan_it_will_make(christmas_review, business_manager,
                                                    client_for):
    page = page_text(client_for(business_manager).get(
        f"/reviews/{christmas_review.uuid}/rapid-review/start/"))
    assert "Send a copy of the rapid review to the Panel Thursday 15 January 2026" in page
    assert "Reasons or notes" in page and "Who owns the business unit's steps" in page


def test_the_review_page_button_and_the_old_step_page_lead_here(christmas_review,
                                                                business_manager, client_for):
    client = client_for(business_manager)
    start = f"/reviews/{christmas_review.uuid}/rapid-review/start/"
    assert f'href="{start}"' in client.get(f"/reviews/{christmas_review.uuid}/").content.decode()
    response = client.get(f"/reviews/{christmas_review.uuid}/stage/start_rapid_review/")
    assert (response.status_code, response["Location"]) == (302, start)


def test_a_refused_start_makes_no_plan(christmas_review, business_manager, client_for):
    response = client_for(business_manager).post(
        f"/reviews/{christmas_review.uuid}/rapid-review/start/", start_form(date(2025, 12, 21)))
    assert response.status_code == 200
    assert ("The date it took effect cannot be before 22 December 2025, when the previous step "
            "took effect.") in page_text(response)
    christmas_review.refresh_from_db()
    assert christmas_review.stage == Stage.NOTIFICATION
    assert not christmas_review.tasks.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="rapid_review.").exists()


def test_the_owner_can_be_someone_else_and_the_plan_is_made_once(christmas_review,
                                                                business_manager, partner):
    review = actions.start_rapid_review(christmas_review, by=business_manager,
                                        effective_on=date(2025, 12, 23), owner=partner)
    assert {t.owner for t in review.tasks.all() if not t.owner_label} == {partner}
    again = actions.create_plan(review, by=business_manager, owner=business_manager)
    assert len(again) == 6 and review.tasks.count() == 6


def test_only_the_business_manager_starts_it(christmas_review, partner, outsider, client_for):
    url = f"/reviews/{christmas_review.uuid}/rapid-review/start/"
    assert client_for(partner).post(url, start_form(date(2025, 12, 23))).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not christmas_review.tasks.exists()


def test_the_plans_steps_are_reminded_and_counted_overdue(
        christmas_review, business_manager, client_for, today_is,
        django_capture_on_commit_callbacks):
    review = actions.start_rapid_review(christmas_review, by=business_manager,
                                        effective_on=date(2025, 12, 23))
    meeting = review.tasks.get(key="rapid-review-meeting")  # due Tuesday 6 January 2026
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", today="2026-01-02")  # 2 working days before
        call_command("send_reminders", today="2026-01-06")  # the day
        call_command("send_reminders", today="2026-01-07")  # overdue
        call_command("send_reminders", today="2026-01-07")  # nothing twice
    keys = set(Notice.objects.filter(dedupe_key__startswith=f"task:{meeting.pk}:")
               .values_list("dedupe_key", flat=True))
    assert keys == {f"task:{meeting.pk}:before:2026-01-06", f"task:{meeting.pk}:due:2026-01-06",
                    f"task:{meeting.pk}:overdue:2026-W02"}
    sent = [m for m in mail.outbox if "Hold the rapid review meeting" in m.subject]
    assert len(sent) == 3 and all(m.to == [business_manager.email] for m in sent)
    assert all("Kayden" not in m.subject + m.body for m in mail.outbox)  # pseudonyms only
    today_is(date(2026, 1, 7))
    page = page_text(client_for(business_manager).get("/dashboard/"))
    # Due 23 and 31 December and 6 January, none done.
    assert "3 overdue" in page


def test_steps_done_before_the_plan_is_made_are_ticked_off(christmas_review, business_manager,
                                                          agency_author, agencies):
    review = christmas_review
    actions.request_summaries(review, by=business_manager,
                              contacts=[(agencies["police"], agency_author)],
                              due_on=date(2025, 12, 30), requested_on=date(2025, 12, 22))
    actions.record_meeting(review, by=business_manager, held_on=date(2025, 12, 23),
                           attendees=[business_manager], other_attendees="",
                           notes="Early meeting.", immediate_actions="")
    actions.start_rapid_review(review, by=business_manager, effective_on=date(2025, 12, 23),
                               owner=business_manager)
    done = {t.key: t.done_on for t in review.tasks.all()}
    assert done["rapid-review-request-summaries"] == date(2025, 12, 22)
    assert done["rapid-review-meeting"] == date(2025, 12, 23)
    assert done["rapid-review-agencies-reply"] is None  # the summary is not in yet


def test_a_plan_done_before_review_desk_is_ticked_off_only_once_the_rapid_review_is_over(
        christmas_review, business_manager, today_is):
    """For an imported review (import_review): every open step done by one day, with a note."""
    from django.core.exceptions import ValidationError

    from reviewdesk.reviews import transitions

    review = actions.start_rapid_review(christmas_review, by=business_manager,
                                        effective_on=date(2025, 12, 23), imported=True)
    note = "Done before Review Desk: by 9 January 2026."
    with pytest.raises(ValidationError, match="still under way"):
        actions.complete_plan_before_review_desk(review, by=business_manager,
                                                 done_on=date(2026, 1, 9), note=note)
    today_is(date(2026, 1, 12))
    review = transitions.move(review, "complete_rapid_review", by=business_manager,
                                               effective_on=date(2026, 1, 9), imported=True)
    done = actions.complete_plan_before_review_desk(review, by=business_manager,
                                                    done_on=date(2026, 1, 9), note=note)
    assert len(done) == len(PLAN)
    assert {t.done_on for t in review.tasks.all()} == {date(2026, 1, 9)}
    entries = review.timeline.filter(kind=TimelineEntry.Kind.TASK_DONE)
    assert {e.detail for e in entries} == {note}
    assert "Done before Review Desk" in review.timeline.get(
        kind=TimelineEntry.Kind.STAGE_CHANGED, to_stage=Stage.RAPID_REVIEW).detail
