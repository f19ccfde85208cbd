"""Stage transitions: where each may move from, what must be true first, and what it records.
Every step goes through its real requirements (``commissioning.testing`` keeps the records each
asks for); a handed-over step is taken only by the action that owns it."""

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import meet, take, walk
from reviewdesk.reviews import actions, transitions
from reviewdesk.reviews.models import (
    Clock,
    ClockKind,
    Review,
    ReviewKind,
    ReviewRole,
    Stage,
    TimelineEntry,
)
from reviewdesk.reviews.transitions import FLOW, TRANSITIONS, HandedOver, TransitionRefused
from reviewdesk.testing import ClientResponse

# The whole life of a local review, one step at a time, each a little after the last.
# (transition, effective date, the stage it reaches)
LIFE_OF_A_REVIEW = [
    ("start_rapid_review", date(2026, 3, 4), Stage.RAPID_REVIEW),
    ("complete_rapid_review", date(2026, 3, 20), Stage.DECISION),
    ("initiate_review", date(2026, 3, 31), Stage.COMMISSIONING),
    ("complete_commissioning", date(2026, 4, 15), Stage.SET_UP),
    ("complete_set_up", date(2026, 5, 1), Stage.INFORMING_STAFF),
    ("start_chronology", date(2026, 5, 15), Stage.CHRONOLOGY),
    ("start_conversations", date(2026, 6, 1), Stage.CONVERSATIONS),
    ("start_family_involvement", date(2026, 6, 15), Stage.FAMILY),
    ("start_report", date(2026, 7, 1), Stage.REPORT),
    ("approve_publication", date(2026, 9, 1), Stage.PUBLICATION),
    ("start_action_plan", date(2026, 9, 15), Stage.ACTION_PLAN),
    ("close_review", date(2026, 10, 1), Stage.CLOSED),
]


HANDED_OVER = [t.name for t in FLOW if t.owner]


def move(name: str, review: Review, by: User, **overrides: Any) -> Review:
    """Take a step of the review page with everything it could need (overrides replace the
    defaults)."""
    kwargs: dict[str, Any] = {"effective_on": date(2026, 10, 1),
                              "reason": "The partners' reasons."}
    kwargs.update(overrides)
    return transitions.move(review, name, by=by, **kwargs)


def put_at(review: Review, stage: str) -> Review:
    Review.objects.filter(pk=review.pk).update(stage=stage)
    review.refresh_from_db()
    return review


def snapshot(review: Review) -> dict:
    review.refresh_from_db()
    return {"stage": review.stage, "stage_since": review.stage_since, "kind": review.kind,
            "closed_reason": review.closed_reason, "initiated_on": review.initiated_on,
            "timeline": review.timeline.count(),
            # The refusal's page shows the child's name to the business manager: that read is
            # audited (page.viewed), but nothing is changed.
            "audit": AuditEvent.objects.exclude(event_type="page.viewed").count(),
            "clocks": list(review.clocks.values_list("kind", "met_on"))}


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def test_every_stage_but_closed_has_a_way_out_declared_once():
    assert len(TRANSITIONS) == len(FLOW)
    leaving = {t.from_stage for t in FLOW if t.on_review_page}
    assert leaving == set(Stage) - {Stage.CLOSED}
    # A closed case is reopened by the Panel's response, or a closed review's action plan from
    # the action plan's page: never from the review page.
    assert [t.name for t in FLOW if t.from_stage == Stage.CLOSED] == [
        "reopen_action_plan", "reopen_as_national"]
    assert not any(t.on_review_page for t in FLOW if t.from_stage == Stage.CLOSED)


@pytest.mark.parametrize("name", HANDED_OVER)
def test_a_handed_over_step_names_its_page_and_an_owner_marked_as_taking_it(name):
    transition = TRANSITIONS[name]
    assert transition.page
    owner = import_string(transition.owner)
    assert name in owner.takes


def test_an_action_the_flow_does_not_name_cannot_claim_a_handed_over_step():
    def start_rapid_review() -> None:
        pass

    with pytest.raises(ImproperlyConfigured, match="reviewdesk.rapid_review.actions"):
        transitions.takes("start_rapid_review")(start_rapid_review)
    with pytest.raises(ImproperlyConfigured, match="the review page"):
        transitions.takes("complete_set_up")(start_rapid_review)


@pytest.mark.parametrize("name", HANDED_OVER)
def test_the_generic_stage_change_refuses_a_handed_over_step(review, business_manager, name):
    # Even with everything in place and from the right stage: only its owner takes it, with the
    # records it keeps in the same transaction (the rapid review's plan, the partners' decisions).
    # The case the Panel reopens is one closed by the decision not to hold a review.
    closed = {"kind": ""} if TRANSITIONS[name].from_stage == Stage.CLOSED else {}
    review = walk(review, business_manager, TRANSITIONS[name].from_stage, **closed)
    before = snapshot(review)
    with pytest.raises(HandedOver, match=TRANSITIONS[name].owner):
        move(name, review, business_manager, effective_on=date(2026, 4, 1))
    assert snapshot(review) == before


@pytest.mark.parametrize("stage", list(Stage), ids=[s.value for s in Stage])
def test_every_transition_is_refused_from_every_stage_it_does_not_leave(
        review, business_manager, stage):
    review = put_at(review, stage)
    refused = [t for t in FLOW if stage != t.from_stage and not t.owner]
    assert refused, "every stage has transitions that cannot leave it"
    before = snapshot(review)
    for t in refused:
        with pytest.raises(TransitionRefused) as exc:
            move(t.name, review, business_manager)
        allowed = t.from_stage.label.lower()
        assert exc.value.messages == [
            f"A review can only do this from the {allowed} stage; this one is at "
            f"{Stage(stage).label.lower()}."], t.name
        assert snapshot(review) == before, f"{t.name} changed something from {stage}"


@pytest.mark.parametrize("stage", list(Stage), ids=[s.value for s in Stage])
def test_the_review_page_offers_exactly_the_transitions_that_leave_its_stage(review, stage):
    review = put_at(review, stage)
    offered = {t.name for t in transitions.available(review)}
    assert offered == {t.name for t in FLOW if stage == t.from_stage and t.on_review_page}


def test_a_review_moves_through_its_whole_life_one_recorded_step_at_a_time(
        review, business_manager, partner):
    assert review.stage == Stage.NOTIFICATION
    for name, effective_on, reaches in LIFE_OF_A_REVIEW:
        if name in HANDED_OVER:  # its owner's records come with it (their own tests)
            review = take(review, name, by=business_manager, on=effective_on)
            assert (review.stage, review.stage_since) == (reaches, effective_on), name
            continue
        meet(review, name, by=business_manager, on=effective_on)
        # Only the chronologies may be left outstanding, and the walk leaves them to come.
        left = transitions.outstanding(TRANSITIONS[name].unmet(review))
        assert bool(left) == (name == "start_conversations"), name
        before = snapshot(review)
        review = move(name, review, business_manager, effective_on=effective_on,
                      reason=f"Notes for {name}", on_behalf_of=partner,
                      accept_outstanding=bool(left))
        after = snapshot(review)
        assert (after["stage"], after["stage_since"]) == (reaches, effective_on), name
        assert after["timeline"] == before["timeline"] + 1, name
        assert after["audit"] == before["audit"] + 1, name

        entry = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).order_by("-pk")[0]
        assert (entry.from_stage, entry.to_stage) == (before["stage"], reaches)
        assert entry.effective_on == effective_on
        assert entry.detail == f"Notes for {name}" + "".join(
            f"\nOutstanding: {b.text}" for b in left)
        assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partner)
        assert entry.title == f"Moved to {Stage(reaches).label.lower()}" + (
            ", with work outstanding" if left else "")

        event = AuditEvent.objects.order_by("-seq")[0]
        assert event.event_type == f"review.{name}"
        assert event.review_id == review.pk
        assert (event.actor, event.on_behalf_of) == (business_manager, partner)
        assert event.data["effective_on"] == effective_on.isoformat()
        assert (event.data["from"], event.data["to"]) == (before["stage"], reaches)
        assert event.data.get("outstanding", []) == [b.text for b in left]
    assert not review.is_open


def test_a_transition_recorded_for_oneself_has_nobody_on_whose_behalf(review, business_manager):
    take(review, "start_rapid_review", by=business_manager, on=date(2026, 3, 4))
    entry = review.timeline.get(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert entry.on_behalf_of is None
    assert AuditEvent.objects.get(event_type="review.start_rapid_review").on_behalf_of is None


def test_completing_the_rapid_review_leaves_its_clock_to_the_copy_sent_to_the_panel(
        review, business_manager):
    # The deadline is "rapid review complete, copy to the Panel": it is met on the date the copy
    # was sent (rapid_review/tests/test_sign_off_and_panel_copy.py), not on this day.
    take(review, "start_rapid_review", by=business_manager, on=date(2026, 3, 4))
    take(review, "complete_rapid_review", by=business_manager, on=date(2026, 3, 20))
    assert review.clocks.get(kind=ClockKind.RAPID_REVIEW).met_on is None
    assert review.clocks.get(kind=ClockKind.PANEL_NOTIFICATION).met_on is None


def at_decision(review: Review, by: User) -> Review:
    return walk(review, by, Stage.DECISION)


def test_initiating_a_review_sets_its_kind_and_starts_the_six_month_clock(
        review, business_manager):
    review = walk(review, business_manager, Stage.COMMISSIONING, kind=ReviewKind.LEARNING_REVIEW,
                  days={"initiate_review": date(2026, 3, 31)})
    assert review.kind == ReviewKind.LEARNING_REVIEW
    assert review.initiated_on == date(2026, 3, 31)
    completion = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    assert (completion.started_on, completion.due_on) == (date(2026, 3, 31), date(2026, 9, 30))
    assert completion.owed_by == "Lead reviewer and CSPR subgroup"
    assert AuditEvent.objects.get(event_type="review.initiate_review").data["kind"] == (
        "learning_review")


def test_deciding_not_to_hold_a_review_closes_it_with_the_reasons_kept(review, business_manager):
    review = walk(review, business_manager, Stage.CLOSED, kind="",
                  days={"decide_no_review": date(2026, 3, 25)})
    assert review.stage_since == date(2026, 3, 25)
    assert review.closed_reason.startswith("The three safeguarding partners agreed: no review.")
    assert review.timeline.get(to_stage=Stage.CLOSED).detail == review.closed_reason
    assert not review.clocks.filter(kind=ClockKind.REVIEW_COMPLETION).exists()
    assert transitions.available(review) == []


def test_closing_after_the_action_plan_also_needs_reasons(review, business_manager):
    review = put_at(review, Stage.ACTION_PLAN)
    with pytest.raises(TransitionRefused, match="Give the reasons"):
        move("close_review", review, business_manager, reason="")
    review.refresh_from_db()
    assert review.stage == Stage.ACTION_PLAN


def test_set_up_cannot_be_completed_without_a_lead_reviewer(make_review, business_manager):
    review = put_at(make_review(), Stage.SET_UP)
    before = snapshot(review)
    with pytest.raises(TransitionRefused) as exc:
        move("complete_set_up", review, business_manager)
    # Before what set-up itself asks for (commissioning's records: its own tests).
    assert exc.value.messages[0] == "Appoint a lead reviewer first: add them to the review team."
    assert snapshot(review) == before


def test_a_lead_reviewer_who_has_left_the_review_does_not_count(
        make_review, business_manager, lead_reviewer):
    review = put_at(make_review(), Stage.SET_UP)
    membership = actions.add_member(review, lead_reviewer, ReviewRole.LEAD_REVIEWER,
                                     by=business_manager, started_on=date(2026, 3, 3))
    actions.remove_member(membership, by=business_manager, ended_on=date(2026, 4, 1),
                          reason="Withdrew.")
    with pytest.raises(TransitionRefused, match="Appoint a lead reviewer first"):
        move("complete_set_up", review, business_manager)


def test_the_chronology_cannot_start_without_an_agency_author(
        make_review, business_manager, lead_reviewer):
    review = make_review()
    actions.add_member(review, lead_reviewer, ReviewRole.LEAD_REVIEWER, by=business_manager,
                       started_on=date(2026, 3, 3))
    review = put_at(review, Stage.INFORMING_STAFF)
    before = snapshot(review)
    with pytest.raises(TransitionRefused) as exc:
        move("start_chronology", review, business_manager)
    assert exc.value.messages[0] == (
        "Name at least one agency's chronology author first: add them to the review team.")
    assert snapshot(review) == before


def test_an_effective_date_in_the_future_is_refused(review, business_manager):
    before = snapshot(review)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(TransitionRefused) as exc:
        take(review, "start_rapid_review", by=business_manager, on=tomorrow)
    assert exc.value.message_dict == {"effective_on": [
        "The date it took effect cannot be in the future: enter today's date or an earlier one."]}
    assert snapshot(review) == before


def test_an_effective_date_before_the_current_stage_took_effect_is_refused(
        review, business_manager):
    take(review, "start_rapid_review", by=business_manager, on=date(2026, 3, 4))
    meet(review, "complete_rapid_review", by=business_manager, on=date(2026, 3, 4))
    before = snapshot(review)
    with pytest.raises(TransitionRefused) as exc:
        move("complete_rapid_review", review, business_manager, effective_on=date(2026, 3, 3))
    assert exc.value.message_dict == {"effective_on": [
        "The date it took effect cannot be before 4 March 2026, when the previous step took "
        "effect."]}
    assert snapshot(review) == before
    # The same day as the previous step is fine.
    move("complete_rapid_review", review, business_manager, effective_on=date(2026, 3, 4))
    assert snapshot(review)["stage"] == Stage.DECISION


def test_a_transition_works_from_the_review_as_stored_not_a_stale_copy(review, business_manager):
    stale = Review.objects.get(pk=review.pk)
    take(review, "start_rapid_review", by=business_manager, on=date(2026, 3, 4))
    with pytest.raises(TransitionRefused, match="this one is at rapid review"):
        take(stale, "start_rapid_review", by=business_manager, on=date(2026, 3, 5))
    assert review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).count() == 1


# --- Through the page ----------------------------------------------------------------------------


def stage_form(day: date, **extra: object) -> dict:
    return {"effective_on-day": str(day.day), "effective_on-month": str(day.month),
            "effective_on-year": str(day.year), "reason": "", "on_behalf_of": "", **extra}


def test_the_business_manager_moves_a_review_on_from_its_page(
        review, business_manager, partner, client_for):
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/rapid-review/start/",
        stage_form(date(2026, 3, 4), reason="Summaries requested.", on_behalf_of=partner.pk))
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/"
    review.refresh_from_db()
    assert (review.stage, review.stage_since) == (Stage.RAPID_REVIEW, date(2026, 3, 4))
    entry = review.timeline.get(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert (entry.recorded_by, entry.on_behalf_of, entry.detail) == (
        business_manager, partner, "Summaries requested.")
    page = page_text(client_for(business_manager).get(f"/reviews/{review.uuid}/"))
    assert "Bea Manager on behalf of Pat Partner" in page


def test_a_transition_from_the_wrong_stage_shows_why_and_changes_nothing(
        review, business_manager, client_for):
    before = snapshot(review)
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/stage/complete_set_up/", stage_form(date(2026, 3, 4)))
    assert response.status_code == 200
    assert ("A review can only do this from the set-up: lead reviewer and terms of reference "
            "stage; this one is at notification.") in page_text(response)
    assert snapshot(review) == before


def test_a_transition_dated_before_the_current_stage_shows_why_and_changes_nothing(
        review, business_manager, client_for):
    before = snapshot(review)
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/rapid-review/start/", stage_form(date(2026, 3, 1)))
    assert response.status_code == 200
    assert ("The date it took effect cannot be before 2 March 2026, when the previous step took "
            "effect.") in page_text(response)
    assert snapshot(review) == before


@pytest.mark.parametrize(("step", "page"), [
    ("start_rapid_review", "rapid-review/start/"), ("initiate_review", "decision/"),
    ("decide_no_review", "decision/")])
def test_a_handed_over_step_is_taken_on_its_owners_page(step, page, review, business_manager,
                                                         client_for):
    # The rapid review's start (with its plan) and the partners' decisions take these steps;
    # the generic stage form hands over to them and changes nothing itself.
    review = walk(review, business_manager, TRANSITIONS[step].from_stage)
    before = snapshot(review)
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/stage/{step}/", stage_form(date(2026, 3, 31)))
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/{page}"
    assert snapshot(review) == before


def test_a_partner_who_can_see_the_review_may_not_move_it(review, partner, client_for):
    client = client_for(partner)
    assert client.get(f"/reviews/{review.uuid}/").status_code == 200
    before = snapshot(review)
    response = client.post(f"/reviews/{review.uuid}/stage/start_rapid_review/",
                           stage_form(date(2026, 3, 4)))
    assert response.status_code == 403
    assert snapshot(review) == before


def test_an_outsider_cannot_tell_the_review_exists(review, outsider, client_for):
    before = snapshot(review)
    response = client_for(outsider).post(f"/reviews/{review.uuid}/stage/start_rapid_review/",
                                         stage_form(date(2026, 3, 4)))
    assert response.status_code == 404
    assert snapshot(review) == before


def test_an_unknown_step_is_not_found(review, business_manager, client_for):
    response = client_for(business_manager).post(f"/reviews/{review.uuid}/stage/skip_ahead/",
                                                 stage_form(date(2026, 3, 4)))
    assert response.status_code == 404
    assert Clock.objects.filter(review=review).count() == 2
