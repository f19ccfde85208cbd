"""Working days over England's bank holidays, and the statutory clocks built on them.

"Today" is fixed where it matters, so the tests read the same whatever day they are run.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import walk
from reviewdesk.lib.workingdays import (
    add_months,
    add_working_days,
    bank_holiday_name,
    is_working_day,
    late_by,
    working_days_between,
)
from reviewdesk.rapid_review.testing import through_the_rapid_review
from reviewdesk.reviews import actions
from reviewdesk.reviews.clocks import clock_status, expected_duration
from reviewdesk.reviews.models import (
    Clock,
    ClockKind,
    ClockRule,
    Review,
    Stage,
    TimelineEntry,
)


def clock(review: Review, kind: str) -> Clock:
    return review.clocks.get(kind=kind)


# --- Working days ------------------------------------------------------------------------------


def test_christmas_2026_panel_notification_is_due_on_wednesday_30_december():
    # Christmas Day is a Friday; Boxing Day (a Saturday) is made up on Monday 28 December.
    assert add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 30)
    assert date(2026, 12, 30).strftime("%A") == "Wednesday"


def test_christmas_2026_rapid_review_is_due_on_thursday_14_january_2027():
    due = add_working_days(date(2026, 12, 21), 15)
    assert due == date(2027, 1, 14)
    assert due.strftime("%A") == "Thursday"


def test_five_working_days_after_23_december_2026_is_monday_4_january_2027():
    # 24 Dec, then 29, 30, 31 Dec (25 and 28 Dec are bank holidays), New Year's Day off, 4 Jan.
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_the_substitute_boxing_day_and_new_year_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert "Boxing Day" in bank_holiday_name(date(2026, 12, 28))
    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2026, 12, 24))
    assert bank_holiday_name(date(2026, 12, 24)) is None


def test_easter_2027_skips_good_friday_and_easter_monday():
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert add_working_days(date(2027, 3, 22), 5) == date(2027, 3, 31)


def test_easter_2026_skips_good_friday_3_april_and_easter_monday_6_april():
    assert not is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 6))
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


@settings(max_examples=400, deadline=None)
@given(st.dates(date(2012, 1, 1), date(2034, 12, 31)), st.integers(-800, 800))
def test_working_days_between_is_counted_as_the_calendar_walks_them(start, span):
    """Counted, not walked: the same as walking every day and asking the calendar."""
    end = start + timedelta(days=span)
    low, high = min(start, end), max(start, end)
    walked = sum(1 for n in range(1, (high - low).days + 1)
                 if is_working_day(low + timedelta(days=n)))
    assert working_days_between(start, end) == (walked if end >= start else -walked)


def test_christmas_day_on_a_sunday_is_made_up_on_tuesday_27_december_2022():
    # Boxing Day is on the Monday itself, so Christmas Day's substitute falls on the Tuesday.
    assert not is_working_day(date(2022, 12, 26))
    assert "Christmas Day" in bank_holiday_name(date(2022, 12, 27))
    assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)


def test_christmas_at_a_weekend_makes_up_both_days_on_monday_and_tuesday_2021():
    assert not is_working_day(date(2021, 12, 27))
    assert not is_working_day(date(2021, 12, 28))
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_the_one_off_bank_holidays_of_2022_and_2023_are_not_working_days():
    # The Platinum Jubilee: the spring bank holiday moved from Monday 30 May to Thursday 2 June,
    # with Friday 3 June added; the Queen's State Funeral on Monday 19 September 2022; the
    # Coronation on Monday 8 May 2023.
    assert is_working_day(date(2022, 5, 30))
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)
    assert "Jubilee" in bank_holiday_name(date(2022, 6, 3))
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)
    assert "Coronation" in bank_holiday_name(date(2023, 5, 8))
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_a_count_across_the_year_end_skips_the_new_year_substitute():
    # Fri 23 Dec 2022 to Tue 3 Jan 2023: 28, 29 and 30 December, then 3 January (New Year's Day
    # was a Sunday, made up on Monday 2 January).
    assert working_days_between(date(2022, 12, 23), date(2023, 1, 3)) == 4
    assert working_days_between(date(2023, 1, 3), date(2022, 12, 23)) == -4
    assert add_working_days(date(2022, 12, 23), 4) == date(2023, 1, 3)


def test_an_early_may_bank_holiday_in_england_is_not_a_working_day():
    # Monday 3 May 2027 is the early May bank holiday.
    assert add_working_days(date(2027, 4, 30), 1) == date(2027, 5, 4)


def test_a_clock_starting_at_the_weekend_counts_from_the_next_monday():
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    assert add_working_days(saturday, 1) == date(2026, 3, 9)
    assert add_working_days(sunday, 1) == date(2026, 3, 9)
    assert add_working_days(saturday, 5) == date(2026, 3, 13)


def test_zero_working_days_is_the_start_day_and_a_negative_count_is_refused():
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2026, 3, 2), -1)


def test_working_days_between_counts_forwards_and_backwards():
    assert working_days_between(date(2026, 12, 21), date(2026, 12, 30)) == 5
    assert working_days_between(date(2026, 12, 30), date(2026, 12, 21)) == -5
    assert working_days_between(date(2026, 12, 21), date(2027, 1, 14)) == 15
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # Friday to Monday
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 8)) == 0  # Saturday to Sunday


def test_working_days_between_agrees_with_add_working_days():
    start = date(2026, 12, 18)
    for n in range(0, 30):
        assert working_days_between(start, add_working_days(start, n)) == n


# Lateness: one rule for a chronology received, a summary received and a task done.
LATE_BY = [
    # (due on, done on, working days late)
    (date(2026, 12, 4), date(2026, 12, 3), 0),  # before the due date
    (date(2026, 12, 4), date(2026, 12, 4), 0),  # on the due date
    (date(2026, 12, 4), date(2026, 12, 5), 1),  # due Friday, done Saturday: never "late by 0"
    (date(2026, 12, 4), date(2026, 12, 6), 1),  # ... or Sunday
    (date(2026, 12, 4), date(2026, 12, 7), 1),  # ... or the Monday after
    (date(2026, 12, 4), date(2026, 12, 8), 2),
    (date(2026, 12, 24), date(2026, 12, 25), 1),  # Christmas Day, a bank holiday
    (date(2026, 12, 24), date(2026, 12, 28), 1),  # the substitute Boxing Day
    (date(2026, 12, 24), date(2026, 12, 29), 1),  # the first working day after them
    (date(2026, 12, 24), date(2026, 12, 30), 2),
    (date(2026, 12, 5), date(2026, 12, 6), 1),  # due on a Saturday, done the Sunday
]


@pytest.mark.parametrize(("due_on", "done_on", "late"), LATE_BY)
def test_late_by_counts_working_days_after_the_due_date_and_at_least_one(due_on, done_on, late):
    assert late_by(due_on, done_on) == late


@pytest.mark.parametrize(("due_on", "done_on", "late"), LATE_BY)
def test_a_summary_received_and_a_task_done_are_late_by_the_same_rule(due_on, done_on, late):
    from reviewdesk.chronology.status import late_by as chronology_late_by
    from reviewdesk.rapid_review.models import SummaryRequest
    from reviewdesk.reviews.models import Task

    summary = SummaryRequest(due_on=due_on, submitted_on=done_on,
                             state=SummaryRequest.State.SUBMITTED)
    task = Task(due_on=due_on, done_on=done_on)
    assert (summary.received_late_by, task.done_late_by,
            chronology_late_by(done_on, due_on)) == (late, late, late)


def test_six_months_after_31_august_is_the_end_of_february():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_six_months_after_31_august_2027_is_29_february_in_a_leap_year():
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_adding_months_keeps_the_day_and_crosses_the_year():
    assert add_months(date(2026, 3, 15), 6) == date(2026, 9, 15)
    assert add_months(date(2026, 10, 31), 6) == date(2027, 4, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 1), 12) == date(2027, 12, 1)


# --- Clocks started at intake --------------------------------------------------------------------


def test_recording_an_incident_starts_the_panel_and_rapid_review_clocks(make_review, today_is):
    today_is(date(2027, 2, 1))
    review = make_review(aware=date(2026, 12, 21))

    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    assert panel.started_on == date(2026, 12, 21)
    assert panel.due_on == date(2026, 12, 30)
    assert panel.owed_by == "Business manager, for the local authority"
    assert "Working Together" in panel.rule_source
    assert panel.rule_text == ("5 working days from the date the local authority became aware of "
                               "the incident")
    assert panel.incident == review.incidents.get()

    rapid = clock(review, ClockKind.RAPID_REVIEW)
    assert rapid.due_on == date(2027, 1, 14)
    assert rapid.rule_text.startswith("15 working days")
    # The six-month clock waits for the partners' decision.
    assert not review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).exists()


def test_a_partnership_that_changes_a_clock_length_gets_due_dates_from_its_own_rule(
        make_review, partnership, today_is):
    today_is(date(2027, 2, 1))
    ClockRule.objects.filter(partnership=partnership, kind=ClockKind.PANEL_NOTIFICATION).update(
        length=3)
    review = make_review(aware=date(2026, 12, 21))
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    assert panel.due_on == date(2026, 12, 24)
    assert panel.rule_text.startswith("3 working days")


def test_an_awareness_date_in_the_future_is_refused_and_nothing_is_opened(make_review, today_is):
    today_is(date(2026, 12, 20))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        make_review(aware=date(2026, 12, 21))
    assert not Clock.objects.exists()


# --- Clock status ---------------------------------------------------------------------------------
# The default review: the local authority became aware on Monday 2 March 2026, so the Panel
# notification is due on Monday 9 March and the rapid review on Monday 23 March.


def test_a_clock_with_time_in_hand_is_on_track_with_working_days_left(make_review):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    assert panel.due_on == date(2026, 3, 9)
    status = clock_status(panel, today=date(2026, 3, 2))
    assert (status.state, status.label, status.tag_colour) == (
        "on_track", "5 working days left", "green")
    assert status.working_days_left == 5
    assert status.due_on == date(2026, 3, 9)


def test_a_clock_two_working_days_or_fewer_away_is_due_soon(make_review):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    assert clock_status(panel, today=date(2026, 3, 4)).state == "on_track"  # 3 left
    two = clock_status(panel, today=date(2026, 3, 5))
    assert (two.state, two.label, two.tag_colour, two.working_days_left) == (
        "due_soon", "Due in 2 working days", "yellow", 2)
    assert clock_status(panel, today=date(2026, 3, 6)).label == "Due in 1 working day"
    # Over the weekend before a Monday deadline, one working day is still left.
    assert clock_status(panel, today=date(2026, 3, 7)).label == "Due in 1 working day"
    on_the_day = clock_status(panel, today=date(2026, 3, 9))
    assert (on_the_day.state, on_the_day.label, on_the_day.working_days_left) == (
        "due_soon", "Due today", 0)


def test_a_clock_past_its_due_date_is_overdue_by_working_days(make_review):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    one = clock_status(panel, today=date(2026, 3, 10))
    assert (one.state, one.label, one.tag_colour, one.working_days_left) == (
        "overdue", "Overdue by 1 working day", "red", -1)
    assert clock_status(panel, today=date(2026, 3, 12)).label == "Overdue by 3 working days"


def test_a_clock_due_on_a_friday_is_overdue_that_weekend_without_saying_by_0_days(make_review):
    # The rapid review clock is delayed to Friday 27 March; on Saturday 28 March it is overdue.
    rapid = clock(make_review(), ClockKind.RAPID_REVIEW)
    rapid.revised_due_on = date(2026, 3, 27)
    status = clock_status(rapid, today=date(2026, 3, 28))
    assert status.state == "overdue"
    assert "0 working days" not in status.label
    assert status.label == "Overdue: it was due on Friday 27 March 2026"
    assert clock_status(rapid, today=date(2026, 3, 30)).label == "Overdue by 1 working day"


def test_a_met_clock_says_when_and_whether_it_was_late(make_review, business_manager):
    review = make_review()
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 6))
    status = clock_status(panel, today=date(2026, 4, 1))
    assert (status.state, status.label, status.tag_colour, status.working_days_left) == (
        "met", "Met on 6 March 2026", "grey", None)

    rapid = clock(review, ClockKind.RAPID_REVIEW)
    actions.mark_clock_met(rapid, by=business_manager, met_on=date(2026, 3, 24))
    assert clock_status(rapid, today=date(2026, 4, 1)).label == "Met on 24 March 2026 (late)"


def test_a_clock_met_on_its_due_date_is_not_late(make_review, business_manager):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 9))
    assert clock_status(panel, today=date(2026, 4, 1)).label == "Met on 9 March 2026"


def test_a_clock_met_before_review_desk_says_so_and_is_never_called_late(
        make_review, business_manager, client_for):
    """An imported review whose file gives no date for a step: the clock is met by the next date
    known, with a note; being met by that date says nothing about lateness."""
    review = make_review()
    rapid = clock(review, ClockKind.RAPID_REVIEW)
    note = "Met before Review Desk: no date in the import; met by 30 March 2026."
    actions.mark_clock_met(rapid, by=business_manager, met_on=date(2026, 3, 30), note=note)
    rapid.refresh_from_db()
    assert (rapid.met_on, rapid.met_note) == (date(2026, 3, 30), note)
    status = clock_status(rapid, today=date(2026, 4, 1))
    assert (status.state, status.label) == ("met", "Met before Review Desk, by 30 March 2026")
    assert review.timeline.get(kind=TimelineEntry.Kind.CLOCK_MET).detail == note
    assert AuditEvent.objects.get(event_type="clock.met").data["before_review_desk"] is True
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert note in page


def test_a_delayed_clock_is_measured_against_its_revised_date(make_review, business_manager):
    review = make_review()
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    actions.delay_clock(panel, by=business_manager, revised_due_on=date(2026, 3, 20),
                        reason=Clock.DelayReason.POLICE_INVESTIGATION, detail="",
                        interim_learning="Referral pathways checked.",
                        effective_on=date(2026, 3, 5))
    status = clock_status(panel, today=date(2026, 3, 12))
    assert (status.state, status.label, status.due_on) == (
        "on_track", "6 working days left", date(2026, 3, 20))
    # Met after the original date but before the revised one: not late.
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 18))
    assert clock_status(panel, today=date(2026, 4, 1)).label == "Met on 18 March 2026"


# --- Delaying a clock -------------------------------------------------------------------------


def _delay(clock_obj: Clock, by: User, **overrides: Any) -> Clock:
    values = {"revised_due_on": date(2026, 4, 30), "reason": Clock.DelayReason.INQUEST,
              "detail": "The coroner has set a date.",
              "interim_learning": "Safe sleep advice re-issued to health visitors.",
              "effective_on": date(2026, 3, 20)}
    values.update(overrides)
    return actions.delay_clock(clock_obj, by=by, **values)


def test_delaying_a_clock_records_why_the_revised_date_and_the_learning_meanwhile(
        make_review, business_manager):
    review = make_review()
    rapid = clock(review, ClockKind.RAPID_REVIEW)
    _delay(rapid, business_manager)
    rapid.refresh_from_db()
    assert rapid.is_delayed
    assert rapid.effective_due_on == date(2026, 4, 30)
    assert rapid.due_on == date(2026, 3, 23)  # the original is kept
    assert rapid.delay_reason == Clock.DelayReason.INQUEST
    assert rapid.interim_learning == "Safe sleep advice re-issued to health visitors."
    entry = review.timeline.get(kind=TimelineEntry.Kind.CLOCK_DELAYED)
    assert entry.title == "Rapid review complete, copy to the Panel: delayed to 30 April 2026"
    assert entry.effective_on == date(2026, 3, 20)
    event = AuditEvent.objects.get(event_type="clock.delayed")
    assert event.data == {"clock": rapid.pk, "revised_due_on": "2026-04-30", "reason": "inquest"}


@pytest.mark.parametrize("revised", [date(2026, 3, 23), date(2026, 3, 16)],
                         ids=["on the due date", "before the due date"])
def test_a_revised_date_not_after_the_due_date_is_refused(make_review, business_manager,
                                                          revised):
    review = make_review()
    rapid = clock(review, ClockKind.RAPID_REVIEW)
    with pytest.raises(ValidationError) as refused:
        _delay(rapid, business_manager, revised_due_on=revised)
    assert refused.value.message_dict["revised_due_on"] == [
        "The revised date must be after the original due date, 23 March 2026."]
    rapid.refresh_from_db()
    assert not rapid.is_delayed
    assert not review.timeline.filter(kind=TimelineEntry.Kind.CLOCK_DELAYED).exists()
    assert not AuditEvent.objects.filter(event_type="clock.delayed").exists()


def test_a_met_clock_cannot_be_delayed(make_review, business_manager):
    review = make_review()
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 6))
    with pytest.raises(ValidationError, match="has been met: it cannot be delayed"):
        _delay(panel, business_manager)
    panel.refresh_from_db()
    assert not panel.is_delayed


def test_a_decision_to_delay_dated_in_the_future_is_refused(make_review, business_manager):
    rapid = clock(make_review(), ClockKind.RAPID_REVIEW)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        _delay(rapid, business_manager, effective_on=tomorrow)
    rapid.refresh_from_db()
    assert not rapid.is_delayed


def test_delaying_through_the_page_requires_the_learning_captured_meanwhile(
        make_review, business_manager, client_for):
    review = make_review()
    rapid = clock(review, ClockKind.RAPID_REVIEW)
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/clocks/{rapid.pk}/delay/",
        {"reason": "inquest", "detail": "", "interim_learning": "",
         "revised_due_on-day": "30", "revised_due_on-month": "4", "revised_due_on-year": "2026",
         "effective_on-day": "20", "effective_on-month": "3", "effective_on-year": "2026"},
    )
    assert response.status_code == 200
    assert "Record the learning captured so far" in response.content.decode()
    rapid.refresh_from_db()
    assert not rapid.is_delayed


# --- Marking a clock met ---------------------------------------------------------------------


def test_marking_a_clock_met_records_it_on_the_timeline_and_in_the_audit_trail(
        make_review, business_manager, partner):
    review = make_review()
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 6),
                           on_behalf_of=partner)
    panel.refresh_from_db()
    assert panel.met_on == date(2026, 3, 6)
    entry = review.timeline.get(kind=TimelineEntry.Kind.CLOCK_MET)
    assert (entry.recorded_by, entry.on_behalf_of, entry.effective_on) == (
        business_manager, partner, date(2026, 3, 6))
    event = AuditEvent.objects.get(event_type="clock.met")
    assert (event.actor, event.on_behalf_of, event.data["met_on"]) == (
        business_manager, partner, "2026-03-06")


def test_a_clock_cannot_be_met_in_the_future(make_review, business_manager):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.mark_clock_met(panel, by=business_manager,
                               met_on=timezone.localdate() + timedelta(days=1))
    panel.refresh_from_db()
    assert panel.met_on is None


def test_a_clock_cannot_be_met_before_it_started(make_review, business_manager):
    panel = clock(make_review(), ClockKind.PANEL_NOTIFICATION)
    with pytest.raises(ValidationError, match="cannot be before 2 March 2026"):
        actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 1))
    panel.refresh_from_db()
    assert panel.met_on is None


def test_a_clock_cannot_be_marked_met_twice(make_review, business_manager):
    review = make_review()
    panel = clock(review, ClockKind.PANEL_NOTIFICATION)
    actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 6))
    with pytest.raises(ValidationError, match="already marked as met"):
        actions.mark_clock_met(panel, by=business_manager, met_on=date(2026, 3, 9))
    panel.refresh_from_db()
    assert panel.met_on == date(2026, 3, 6)
    assert review.timeline.filter(kind=TimelineEntry.Kind.CLOCK_MET).count() == 1
    assert AuditEvent.objects.filter(event_type="clock.met").count() == 1


# --- How long the review is expected to take -------------------------------------------------


def _to_decision(review: Review, by: User) -> Review:
    return through_the_rapid_review(review, by=by, started_on=date(2026, 3, 4),
                                    completed_on=date(2026, 3, 20))


def test_before_the_decision_the_expected_duration_names_the_rapid_review_date(make_review):
    review = make_review()
    assert expected_duration(review) == (
        "The safeguarding partners decide by 23 March 2026 whether to hold a review. If they do, "
        "the partnership aims to finish it within six months of that decision.")


def test_once_the_rapid_review_is_met_the_duration_no_longer_gives_its_date(
        make_review, business_manager):
    review = _to_decision(make_review(), business_manager)
    assert expected_duration(review) == (
        "The safeguarding partners decide whether to hold a review. If they do, the partnership "
        "aims to finish it within six months of that decision.")


def test_after_initiation_the_expected_duration_is_six_months_from_the_decision(
        make_review, business_manager):
    review = walk(make_review(), business_manager, Stage.COMMISSIONING,
                  days={"initiate_review": date(2026, 3, 31)})
    assert expected_duration(review) == (
        "The partnership aims to finish this review by 30 September 2026, six months after "
        "deciding to hold it on 31 March 2026.")

    _delay(clock(review, ClockKind.REVIEW_COMPLETION), business_manager,
           revised_due_on=date(2026, 12, 31), effective_on=date(2026, 9, 1))
    assert expected_duration(review).endswith(
        "It has been delayed (inquest); the revised date is 31 December 2026.")


def test_a_closed_review_says_it_is_closed(make_review, business_manager):
    review = walk(make_review(), business_manager, Stage.CLOSED, kind="",
                  days={"decide_no_review": date(2026, 3, 25)})
    assert expected_duration(review) == "This review is closed."
