"""Agreeing, changing, revising and closing actions: every part required, each refusal saying
what is missing and changing nothing, the original due date kept, and the audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import actions, rules
from reviewdesk.action_plan.models import (
    Action,
    ActionUpdate,
    DueDateRevision,
    PlanMeeting,
    Recommendation,
)
from reviewdesk.action_plan.tests.conftest import terms
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import Clock, Review
from reviewdesk.testing import TodayIs
from reviewdesk.versioning import StaleEdit


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=code))


def test_an_action_is_agreed_at_the_meeting_with_every_part(
        action: Action, meeting: PlanMeeting, recommendations: list[Recommendation]) -> None:
    assert action.number == 1 and action.agreed_at == meeting
    assert action.agreed_on == meeting.held_on
    assert action.original_due_on == action.due_on
    assert list(action.recommendations.all()) == recommendations[:1]
    assert action.status == Action.Status.NOT_STARTED
    event = events("action_plan.action_agreed")[0]
    assert event.data["effective_on"] == meeting.held_on.isoformat()
    # The audit summary names no one (the description names the mother).
    assert "Moorcroft" not in event.summary
    assert events("action_plan.meeting_recorded")


def test_the_meeting_needs_someone_present_and_a_date_not_in_the_future(
        planned: Review, business_manager: User) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.record_meeting(planned, by=business_manager,
                               held_on=timezone.localdate() + timedelta(days=1), attendees=[])
    assert set(exc.value.message_dict) == {"held_on", "attendees"}
    assert not PlanMeeting.objects.exists()


def test_every_missing_part_of_an_action_is_named_and_nothing_is_agreed(
        planned: Review, meeting: PlanMeeting, business_manager: User) -> None:
    empty = actions.ActionTerms(description="", agency=None, recommendations=[])
    with pytest.raises(ValidationError) as exc:
        actions.agree_action(planned, by=business_manager, meeting=None, terms=empty,
                             due_on=None)
    assert set(exc.value.message_dict) == {
        "meeting", "due_on", "description", "recommendations", "agency", "owner",
        "success_criteria", "impact_measure", "impact_source", "impact_assessed_on"}
    assert "Link the action to at least one of the review's recommendations" in \
        exc.value.message_dict["recommendations"][0]
    assert not Action.objects.exists()


def test_an_owner_without_a_sign_in_needs_an_e_mail_address_and_not_both_kinds(
        planned: Review, meeting: PlanMeeting, recommendations: list[Recommendation],
        agencies: dict[str, Agency], business_manager: User, subgroup_member: User) -> None:
    due = timezone.localdate() + timedelta(days=60)
    with pytest.raises(ValidationError) as exc:
        actions.agree_action(planned, by=business_manager, meeting=meeting, due_on=due,
                             terms=terms(recommendations, agencies["health"], owner_email=""))
    assert list(exc.value.message_dict) == ["owner_email"]
    with pytest.raises(ValidationError) as exc:
        actions.agree_action(planned, by=business_manager, meeting=meeting, due_on=due,
                             terms=terms(recommendations, agencies["health"],
                                         owner=subgroup_member))
    assert list(exc.value.message_dict) == ["owner_name"]
    action = actions.agree_action(planned, by=business_manager, meeting=meeting, due_on=due,
                                  terms=terms(recommendations, agencies["health"],
                                              owner=subgroup_member, owner_name="",
                                              owner_email=""))
    assert action.owner == subgroup_member and action.owner_label == "Sue Subgroup"


def test_due_dates_and_impact_dates_must_follow_each_other(
        planned: Review, meeting: PlanMeeting, recommendations: list[Recommendation],
        agencies: dict[str, Agency], business_manager: User) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.agree_action(planned, by=business_manager, meeting=meeting,
                             due_on=meeting.held_on,
                             terms=terms(recommendations, agencies["health"],
                                         impact_assessed_on=meeting.held_on - timedelta(days=1)))
    assert set(exc.value.message_dict) == {"due_on", "impact_assessed_on"}


def test_another_reviews_recommendation_or_a_retired_agency_is_refused(
        planned: Review, meeting: PlanMeeting, make_review, business_manager: User,
        agencies: dict[str, Agency]) -> None:
    from reviewdesk.action_plan.testing import make_recommendation

    other = make_review(child_name="Ellis Brook")
    theirs = make_recommendation(other, by=business_manager)
    agencies["police"].is_active = False
    agencies["police"].save()
    with pytest.raises(ValidationError) as exc:
        actions.agree_action(planned, by=business_manager, meeting=meeting,
                             due_on=timezone.localdate() + timedelta(days=30),
                             terms=terms([theirs], agencies["police"]))
    assert set(exc.value.message_dict) == {"recommendations", "agency"}


def test_only_the_business_manager_and_the_subgroup_agree_actions(
        planned: Review, meeting: PlanMeeting, recommendations: list[Recommendation],
        agencies: dict[str, Agency], partner: User, lead_reviewer: User,
        subgroup_member: User) -> None:
    for person in (partner, lead_reviewer):
        with pytest.raises(PermissionDenied):
            actions.agree_action(planned, by=person, meeting=meeting,
                                 due_on=timezone.localdate() + timedelta(days=30),
                                 terms=terms(recommendations, agencies["health"]))
    action = actions.agree_action(planned, by=subgroup_member, meeting=meeting,
                                  due_on=timezone.localdate() + timedelta(days=30),
                                  terms=terms(recommendations, agencies["health"]))
    assert action.recorded_by == subgroup_member


def test_actions_on_interim_learning_are_agreed_while_the_review_runs_late(
        review: Review, business_manager: User, agencies: dict[str, Agency]) -> None:
    # Before any report: nothing to agree until a delay records its interim learning.
    with pytest.raises(ValidationError, match="action plan stage"):
        actions.record_meeting(review, by=business_manager, held_on=timezone.localdate(),
                               attendees=[business_manager])
    clock = review.clocks.order_by("pk").first()
    assert clock is not None
    Clock.objects.filter(pk=clock.pk).update(
        revised_due_on=clock.due_on + timedelta(days=60), delay_reason="other",
        interim_learning="Health visitors did not ask who lived in the home.")
    assert actions.interim_clocks(review) == [Clock.objects.get(pk=clock.pk)]
    meeting = actions.record_meeting(review, by=business_manager,
                                     held_on=timezone.localdate(), attendees=[business_manager])
    clock.refresh_from_db()
    action = actions.agree_action(review, by=business_manager, meeting=meeting,
                                  due_on=timezone.localdate() + timedelta(days=30),
                                  terms=terms([], agencies["health"], interim_learning=clock))
    assert action.interim_learning == clock and not action.recommendations.exists()


def test_changing_an_action_from_an_older_version_is_refused(
        action: Action, business_manager: User, subgroup_member: User,
        recommendations: list[Recommendation], agencies: dict[str, Agency]) -> None:
    seen = action.version
    actions.edit_action(action, by=subgroup_member, version=seen,
                        terms=terms(recommendations, agencies["health"],
                                    description="Train every health visitor."))
    with pytest.raises(StaleEdit):
        actions.edit_action(action, by=business_manager, version=seen,
                            terms=terms(recommendations, agencies["police"]))
    action.refresh_from_db()
    assert action.description == "Train every health visitor."
    assert action.agency == agencies["health"]
    assert list(action.recommendations.all()) == recommendations
    assert events("action_plan.action_changed")[0].data["changed"] == ["description"]


def test_a_revised_due_date_keeps_the_original_and_needs_a_reason(
        action: Action, business_manager: User) -> None:
    original = action.due_on
    with pytest.raises(ValidationError) as exc:
        actions.revise_due_date(action, by=business_manager, new_due_on=original, reason="",
                                decided_on=timezone.localdate(), version=action.version)
    assert set(exc.value.message_dict) == {"new_due_on", "reason"}
    later = original + timedelta(days=45)
    revision = actions.revise_due_date(
        action, by=business_manager, new_due_on=later, reason="The audit tool changed.",
        decided_on=timezone.localdate(), version=action.version)
    action.refresh_from_db()
    assert (action.due_on, action.original_due_on) == (later, original)
    assert (revision.previous_due_on, revision.new_due_on) == (original, later)
    event = events("action_plan.due_date_revised")[0]
    assert event.data["original_due_on"] == original.isoformat()
    # A second revision keeps the first, and the original still.
    actions.revise_due_date(action, by=business_manager, new_due_on=later + timedelta(days=10),
                            reason="Again.", decided_on=timezone.localdate(),
                            version=action.version)
    action.refresh_from_db()
    assert DueDateRevision.objects.filter(action=action).count() == 2
    assert action.original_due_on == original


def test_moving_the_due_date_forward_ends_the_overdue(
        action: Action, business_manager: User, today_is: TodayIs) -> None:
    late = today_is(action.due_on + timedelta(days=3))
    assert Action.objects.filter(rules.overdue_q(late)).get() == action
    actions.revise_due_date(action, by=business_manager, new_due_on=late + timedelta(days=30),
                            reason="Agreed at the monitoring meeting.", decided_on=late)
    assert not Action.objects.filter(rules.overdue_q(late)).exists()
    action.refresh_from_db()
    assert rules.rating(action, late).rag != rules.Rag.RED


def test_an_action_due_on_a_saturday_at_a_months_end_is_overdue_on_the_sunday(
        planned: Review, meeting: PlanMeeting, recommendations: list[Recommendation],
        agencies: dict[str, Agency], business_manager: User, today_is: TodayIs) -> None:
    # The first month after the meeting whose last day is a Saturday (31 July 2027 is one).
    due = meeting.held_on
    while True:
        due = (due.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if due.weekday() == 5 and due > meeting.held_on:
            break
        due += timedelta(days=1)
    action = actions.agree_action(planned, by=business_manager, meeting=meeting, due_on=due,
                                  terms=terms(recommendations, agencies["health"],
                                              impact_assessed_on=due + timedelta(days=365)))
    assert not rules.is_overdue(action, due)
    assert rules.is_overdue(action, due + timedelta(days=1))


def test_closing_an_action_needs_reasons_and_is_kept_in_its_history(
        action: Action, business_manager: User) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.close_action(action, by=business_manager, reason=" ",
                             closed_on=timezone.localdate())
    assert list(exc.value.message_dict) == ["reason"]
    actions.close_action(action, by=business_manager, reason="Overtaken by the neglect strategy.",
                         closed_on=timezone.localdate(), version=action.version)
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED and not action.is_open
    update = ActionUpdate.objects.get(action=action)
    assert (update.kind, update.status_from, update.status_to) == (
        ActionUpdate.Kind.CLOSED, Action.Status.NOT_STARTED, Action.Status.CLOSED)
    with pytest.raises(ValidationError, match="already closed"):
        actions.close_action(action, by=business_manager, reason="Again.",
                             closed_on=timezone.localdate())
    with pytest.raises(ValidationError, match="kept as it was agreed"):
        actions.edit_action(action, by=business_manager,
                            terms=terms([], action.agency, description="x"))
