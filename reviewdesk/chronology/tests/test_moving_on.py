# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Conversations with staff start once every agency's chronology is accepted, or, as the guide
allows, with one still to come: the business manager confirms the move naming what is
outstanding and gives the reason, and both are kept on the timeline and in the audit trail. A
refused move changes nothing."""

import html
from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology import actions, tasks
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    nurse,
    police,
)
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, ReviewRole, Stage, TimelineEntry
from reviewdesk.reviews.transitions import TransitionRefused
from reviewdesk.testing import ClientResponse

ON = date(2026, 12, 7)  # the chronology tests' today
POLICE_OVERDUE = "Testshire Police's chronology is overdue: due 4 December 2026, 1 working day late."
HEALTH_RECEIVED = "Testshire Health / ICB's chronology was received and is not accepted yet."


def accepted(review: Review, agency: Agency, by: User) -> Submission:
    return actions.accept_submission(received(review, agency, by), by=by)


def received(review: Review, agency: Agency, by: User) -> Submission:
    submission = actions.upload_submission(review, agency, by=by, data=csv_file(good_rows(2)),
                                           filename="chronology.csv")
    tasks.run_check(submission.pk)
    submission.refresh_from_db()
    return submission


def counts(review: Review) -> tuple[str, date, int, int]:
    review.refresh_from_db()
    return (review.stage, review.stage_since, review.timeline.count(),
            AuditEvent.objects.exclude(event_type__endswith="viewed").count())


def test_each_chronology_not_accepted_is_outstanding_saying_who_acts_and_where(
        chronology_review, police, health, business_manager):
    pending = received(chronology_review, health, business_manager)
    blockers = transitions.TRANSITIONS["start_conversations"].unmet(chronology_review)
    assert [(b.text, b.who, b.url, b.outstanding) for b in blockers] == [
        (HEALTH_RECEIVED, "The business manager or a lead reviewer",
         f"/reviews/{chronology_review.uuid}/chronology/{health.pk}/versions/{pending.version}/",
         True),
        (POLICE_OVERDUE, "Testshire Police's chronology author",
         f"/reviews/{chronology_review.uuid}/chronology/{police.pk}/", True),
    ]
    actions.accept_submission(pending, by=business_manager)
    accepted(chronology_review, police, business_manager)
    assert transitions.TRANSITIONS["start_conversations"].unmet(chronology_review) == []
    review = transitions.move(chronology_review, "start_conversations", by=business_manager,
                              effective_on=ON)
    entry = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).order_by("-pk")[0]
    assert (entry.title, entry.detail) == ("Moved to conversations with staff", "")


def test_moving_on_with_a_chronology_outstanding_needs_the_confirmation_and_a_reason(
        chronology_review, police, health, business_manager):
    accepted(chronology_review, health, business_manager)
    before = counts(chronology_review)
    with pytest.raises(TransitionRefused) as refused:
        transitions.move(chronology_review, "start_conversations", by=business_manager,
                         effective_on=ON, reason="The police's is late.")
    assert refused.value.message_dict["accept_outstanding"] == [
        f"This step leaves work outstanding: {POLICE_OVERDUE} Confirm that the review moves on "
        "with it outstanding, and give the reason."]
    assert counts(chronology_review) == before
    with pytest.raises(TransitionRefused) as refused:
        transitions.move(chronology_review, "start_conversations", by=business_manager,
                         effective_on=ON, reason="  ", accept_outstanding=True)
    assert refused.value.message_dict["reason"] == [
        "Say why the review moves on with this work outstanding: the reason is kept on the "
        "review."]
    assert counts(chronology_review) == before

    review = transitions.move(chronology_review, "start_conversations", by=business_manager,
                              effective_on=ON, reason="The police's follows next week.",
                              accept_outstanding=True)
    assert (review.stage, review.stage_since) == (Stage.CONVERSATIONS, ON)
    entry = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).order_by("-pk")[0]
    assert entry.title == "Moved to conversations with staff, with work outstanding"
    assert entry.detail == f"The police's follows next week.\nOutstanding: {POLICE_OVERDUE}"
    event = AuditEvent.objects.filter(event_type="review.start_conversations").get()
    assert event.data["outstanding"] == [POLICE_OVERDUE]


def test_what_must_be_done_first_is_refused_even_when_outstanding_work_is_confirmed(
        chronology_review, business_manager):
    lead = chronology_review.memberships.get(role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True)
    review_actions.remove_member(lead, by=business_manager, ended_on=date(2026, 12, 1),
                                 reason="Stepped down.")
    before = counts(chronology_review)
    with pytest.raises(TransitionRefused) as refused:
        transitions.move(chronology_review, "start_conversations", by=business_manager,
                         effective_on=ON, reason="Going ahead.", accept_outstanding=True)
    assert refused.value.messages == ["Appoint a lead reviewer first: add them to the review team."]
    assert counts(chronology_review) == before


def page(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def form(**extra: str) -> dict[str, str]:
    return {"effective_on-day": "7", "effective_on-month": "12", "effective_on-year": "2026",
            **extra}


def test_the_move_on_page_names_what_is_outstanding_asks_and_records(
        chronology_review, police, health, business_manager, client_for):
    accepted(chronology_review, health, business_manager)
    client = client_for(business_manager)
    url = f"/reviews/{chronology_review.uuid}/stage/start_conversations/"
    shown = page(client.get(url))
    assert "This work is still outstanding." in shown
    assert POLICE_OVERDUE in shown
    assert f'href="/reviews/{chronology_review.uuid}/chronology/{police.pk}/"' in shown
    assert "Move the review on with this work outstanding" in shown
    assert "Testshire Health / ICB's chronology" not in shown

    before = counts(chronology_review)
    refused = client.post(url, form(reason="The police's follows."))
    assert refused.status_code == 200
    assert "Confirm that the review moves on with it outstanding" in page(refused)
    refused = client.post(url, form(accept_outstanding="on"))
    assert refused.status_code == 200
    assert "Say why the review moves on with this work outstanding" in page(refused)
    assert counts(chronology_review) == before

    done = client.post(url, form(accept_outstanding="on", reason="The police's follows."))
    assert done.status_code == 302
    review_page = page(client.get(done["Location"]))
    assert "Moved to conversations with staff, with work outstanding" in review_page
    assert f"Outstanding: {POLICE_OVERDUE}" in review_page
