"""A stage move recorded by mistake: the business manager undoes the review's last move, on the day
it was recorded or the next (the real date, whatever date the move took effect), with a reason.
The review goes back to its previous stage with the date it was in it since; the move and its
undoing both stay on the timeline and in the audit trail. Steps an app takes with its own records
are not undone here."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import DAYS, walk
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, Stage, TimelineEntry
from reviewdesk.reviews.transitions import TransitionRefused
from reviewdesk.testing import ClientResponse


def last_entry(review: Review) -> TimelineEntry:
    return review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).order_by(
        "-recorded_at", "-pk")[0]


def state(review: Review) -> tuple:
    review.refresh_from_db()
    return (review.stage, review.stage_since, review.timeline.count(),
            AuditEvent.objects.filter(event_type__startswith="review.").exclude(
                event_type="review.viewed").count(),
            list(review.clocks.order_by("pk").values_list("kind", "started_on", "due_on",
                                                          "met_on")))


@pytest.fixture
def informing(review: Review, business_manager) -> Review:
    """Set-up marked complete from the review page today: the last move, still undoable."""
    return walk(review, business_manager, Stage.INFORMING_STAFF)


def test_the_business_manager_undoes_the_last_move_with_a_reason(informing, business_manager):
    clocks_before = state(informing)[4]
    move = last_entry(informing)
    review = transitions.undo_last_move(informing, by=business_manager, entry_id=move.pk,
                                        reason="Clicked the wrong review.")
    assert (review.stage, review.stage_since) == (Stage.SET_UP, DAYS["complete_commissioning"])
    undo = last_entry(review)
    assert undo.title == "Stage move undone, back to set-up: lead reviewer and terms of reference"
    assert (undo.from_stage, undo.to_stage) == (Stage.INFORMING_STAFF, Stage.SET_UP)
    assert undo.effective_on == timezone.localdate()
    assert undo.detail == ("Clicked the wrong review.\nUndoes “Moved to informing staff” of "
                           f"{DAYS['complete_set_up']:%-d %B %Y}.")
    event = AuditEvent.objects.get(event_type="review.undo_stage_move")
    assert event.data == {"undoes": move.pk, "step": "complete_set_up",
                          "from": Stage.INFORMING_STAFF, "to": Stage.SET_UP,
                          "stage_since": DAYS["complete_commissioning"].isoformat()}
    assert event.actor == business_manager
    # The move itself stays on the timeline; no clock was started or met by it, none changes.
    assert review.timeline.filter(pk=move.pk).exists()
    assert state(review)[4] == clocks_before
    # Only the last move: the undo is not undone, nor the move before it.
    last = transitions.last_move(review)
    assert last is not None and not last.undoable
    with pytest.raises(TransitionRefused, match="itself an undo"):
        transitions.undo_last_move(review, by=business_manager, entry_id=undo.pk,
                                   reason="Again.")
    # Set-up may be completed again the ordinary way.
    review = transitions.move(review, "complete_set_up", by=business_manager,
                              effective_on=DAYS["complete_set_up"])
    assert review.stage == Stage.INFORMING_STAFF


def test_the_next_day_it_may_still_be_undone_and_after_that_not(informing, business_manager,
                                                                today_is):
    move = last_entry(informing)
    recorded = timezone.localdate(move.recorded_at)
    today_is(recorded + timedelta(days=2))
    before = state(informing)
    with pytest.raises(TransitionRefused) as refused:
        transitions.undo_last_move(informing, by=business_manager, entry_id=move.pk,
                                   reason="Too late.")
    assert refused.value.messages == [
        f"That move was recorded on {recorded:%-d %B %Y}: a move can be undone only on the day "
        "it was recorded or the next day."]
    assert state(informing) == before
    today_is(recorded + timedelta(days=1))
    review = transitions.undo_last_move(informing, by=business_manager, entry_id=move.pk,
                                        reason="Noticed this morning.")
    assert review.stage == Stage.SET_UP


def test_only_the_business_manager_may_undo_and_only_with_a_reason(
        informing, business_manager, lead_reviewer, partner, client_for):
    move = last_entry(informing)
    before = state(informing)
    for person in (lead_reviewer, partner):
        with pytest.raises(PermissionDenied):
            transitions.undo_last_move(informing, by=person, entry_id=move.pk, reason="Mine.")
        assert client_for(person).post(f"/reviews/{informing.uuid}/stage/undo/", {
            "move": move.pk, "reason": "Mine."}).status_code == 403
    with pytest.raises(TransitionRefused) as refused:
        transitions.undo_last_move(informing, by=business_manager, entry_id=move.pk,
                                   reason=" ")
    assert refused.value.message_dict == {"reason": [
        "Say why the move is undone: the reason is kept on the review."]}
    assert state(informing) == before


def test_a_move_recorded_since_the_page_was_opened_is_not_undone_in_its_place(
        informing, business_manager):
    earlier = informing.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED,
                                        to_stage=Stage.SET_UP).get()
    before = state(informing)
    with pytest.raises(TransitionRefused, match="has moved since you opened this page"):
        transitions.undo_last_move(informing, by=business_manager, entry_id=earlier.pk,
                                   reason="Wrong one.")
    assert state(informing) == before


def test_a_step_taken_with_its_own_records_is_not_undone(review, business_manager):
    # The partners' decisions moved it to commissioning and started the six-month clock.
    review = walk(review, business_manager, Stage.COMMISSIONING)
    last = transitions.last_move(review)
    assert last is not None and last.transition is not None
    assert last.transition.name == "initiate_review"
    assert last.refusal == ("“Record the decision to hold a review” keeps its own records (taken "
                            "from its own page), so it cannot be undone here. Ask the system "
                            "administrator.")
    before = state(review)
    with pytest.raises(TransitionRefused):
        transitions.undo_last_move(review, by=business_manager, entry_id=last.entry.pk,
                                   reason="Mistake.")
    assert state(review) == before


def page(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def words(response: ClientResponse) -> str:
    """What a reader sees: the page's text without its tags, spaces run together."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(response)))


def test_undo_from_the_review_pages_timeline(informing, business_manager, partner, client_for):
    client = client_for(business_manager)
    review_page = page(client.get(f"/reviews/{informing.uuid}/"))
    assert review_page.count("Undo this move") == 1
    assert f'href="/reviews/{informing.uuid}/stage/undo/"' in review_page
    assert "Undo this move" not in page(client_for(partner).get(f"/reviews/{informing.uuid}/"))

    url = f"/reviews/{informing.uuid}/stage/undo/"
    shown = words(client.get(url))
    assert "Moved to informing staff" in shown
    assert f"puts the review back at set-up: lead reviewer and terms of reference, in that stage since "\
           f"{DAYS['complete_commissioning']:%-d %B %Y}" in shown
    move = last_entry(informing)
    before = state(informing)
    refused = client.post(url, {"move": move.pk, "reason": ""})
    assert refused.status_code == 200
    assert "Say why the move is undone" in page(refused)
    assert state(informing) == before
    done = client.post(url, {"move": move.pk, "reason": "Recorded on the wrong review."})
    assert done.status_code == 302
    landed = page(client.get(done["Location"]))
    assert "The stage move is undone" in landed
    assert "Stage move undone, back to set-up: lead reviewer and terms of reference" in landed
    assert "Recorded on the wrong review." in landed
    assert "Undo this move" not in landed
    # Nothing left to undo: the page says why, with no form.
    shown = page(client.get(url))
    assert "This move cannot be undone" in shown and 'name="reason"' not in shown


def test_the_undo_is_dated_by_the_real_day_not_the_moves_effective_date(
        informing, business_manager):
    move = last_entry(informing)
    assert move.effective_on == DAYS["complete_set_up"] < timezone.localdate() - timedelta(days=2)
    review = transitions.undo_last_move(informing, by=business_manager, entry_id=move.pk,
                                        reason="Mistake.")
    assert last_entry(review).effective_on == timezone.localdate()
