"""Overdue over dates, the owner's reminders before and on the due date, and the subgroup told
once when an action is 10 working days overdue: each sent once per due date, however often the
daily job runs, and again after the due date is revised."""

from datetime import date

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import Action, DueDateRevision
from reviewdesk.action_plan.testing import make_action
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review
from reviewdesk.testing import TodayIs

SATURDAY = date(2027, 7, 31)  # the last day of July 2027 is a Saturday


@pytest.fixture
def saturday_action(planned: Review, business_manager: User, owner: User,
                    agencies: dict[str, Agency]) -> Action:
    return make_action(planned, by=business_manager, owner=owner, agency=agencies["health"],
                       due_on=SATURDAY, agreed_on=date(2026, 10, 1),
                       description="Audit how health visitors saw Jolene Moorcroft's bruising.")


def _run(on: date, today_is: TodayIs) -> None:
    today_is(on)
    call_command("send_reminders", stdout=open("/dev/null", "w"))


def _notices(kind: str) -> list[Notice]:
    return list(Notice.objects.filter(purpose__contains=kind).order_by("pk"))


def test_due_on_a_saturday_it_is_overdue_on_the_sunday_not_before(
        saturday_action: Action) -> None:
    assert not rules.is_overdue(saturday_action, SATURDAY)
    assert rules.is_overdue(saturday_action, date(2027, 8, 1))
    assert Action.objects.filter(rules.overdue_q(SATURDAY)).count() == 0
    assert Action.objects.filter(rules.overdue_q(date(2027, 8, 1))).count() == 1
    assert rules.rating(saturday_action, date(2027, 8, 1)).rag == rules.Rag.RED
    saturday_action.status = Action.Status.COMPLETED
    assert not rules.is_overdue(saturday_action, date(2027, 8, 1))


def test_the_owner_is_reminded_before_and_on_the_day_and_the_subgroup_told_once(
        saturday_action: Action, owner: User, subgroup_member: User, business_manager: User,
        today_is: TodayIs) -> None:
    _run(date(2027, 7, 1), today_is)  # a month before: nothing yet
    assert not Notice.objects.exists()
    _run(date(2027, 7, 19), today_is)  # within 10 working days of it
    _run(date(2027, 7, 20), today_is)
    before = _notices("action_due_soon")
    assert len(before) == 1 and before[0].recipients == [owner.email]
    # Pseudonyms only: the mother's name never leaves in a notice.
    assert "Jolene" not in before[0].body and "Mother" in before[0].body
    assert "Saturday 31 July 2027" in before[0].subject + before[0].body
    _run(SATURDAY, today_is)
    _run(SATURDAY, today_is)
    assert len(_notices("action_due_today")) == 1
    _run(date(2027, 8, 12), today_is)  # 9 working days overdue: not yet
    assert not _notices("an action is overdue")
    _run(date(2027, 8, 13), today_is)  # 10 working days overdue (2 to 13 August)
    _run(date(2027, 8, 16), today_is)
    escalations = _notices("an action is overdue")
    assert len(escalations) == 1
    assert set(escalations[0].recipients) == {subgroup_member.email, business_manager.email}
    assert "Jolene" not in escalations[0].body
    saturday_action.refresh_from_db()
    assert (saturday_action.reminded_before_for, saturday_action.reminded_on_day_for,
            saturday_action.escalated_for) == (SATURDAY, SATURDAY, SATURDAY)


def test_a_revised_due_date_starts_the_reminders_again_and_keeps_the_original(
        saturday_action: Action, business_manager: User, today_is: TodayIs) -> None:
    _run(SATURDAY, today_is)
    assert len(_notices("action_due_today")) == 1
    # The subgroup moves the date forward (the action plan's revision, as it records it).
    today_is(date(2027, 8, 2))
    revised = date(2027, 9, 30)
    DueDateRevision.objects.create(action=saturday_action, previous_due_on=SATURDAY,
                                   new_due_on=revised, reason="Audit tool delayed.",
                                   decided_on=date(2027, 8, 2), recorded_by=business_manager)
    Action.objects.filter(pk=saturday_action.pk).update(due_on=revised)
    saturday_action.refresh_from_db()
    assert saturday_action.original_due_on == SATURDAY
    assert not rules.is_overdue(saturday_action, date(2027, 8, 2))
    _run(date(2027, 9, 20), today_is)
    _run(revised, today_is)
    assert len(_notices("action_due_soon")) == 1  # the first date was reached unwarned
    assert len(_notices("action_due_today")) == 2


def test_concluded_actions_and_owners_without_an_address_get_nothing(
        planned: Review, business_manager: User, today_is: TodayIs) -> None:
    make_action(planned, by=business_manager, owner_name="Nadia Named", due_on=SATURDAY)
    make_action(planned, by=business_manager, due_on=SATURDAY, status=Action.Status.COMPLETED,
                completed_on=date(2027, 7, 1), completion_evidence="Done.")
    _run(SATURDAY, today_is)
    assert not _notices("action_due")
    unsigned = Action.objects.get(owner_name="Nadia Named")
    assert unsigned.reminded_on_day_for == SATURDAY  # recorded, with nothing to send
