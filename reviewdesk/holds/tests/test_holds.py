"""Holds on publication: adding one tells the National Panel and the Secretary of State, by
pseudonym; releasing records who and when, once; bad input changes nothing; the final check
names each hold in force."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.holds import actions
from reviewdesk.holds.tests.conftest import CHILD, MOTHER
from reviewdesk.notices.models import Notice
from reviewdesk.parallel import actions as parallel_actions
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState
from reviewdesk.publication import checks
from reviewdesk.publication.models import Hold
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.testing import MakeReview, tomorrow

REASON = f"{MOTHER} gives evidence at the inquest into {CHILD}'s death; publishing first " \
         "could prejudice it."


def add(review: Review, by: User, **kwargs: object) -> Hold:
    values: dict = {"reason": REASON, "decided_by": "The three safeguarding partners",
                    "decided_on": date(2026, 11, 30)} | kwargs
    return actions.add_hold(review, by=by, **values)


def test_a_hold_linked_to_the_inquest_is_recorded_audited_and_told_to_both_bodies(
        held_review: Review, inquest: ParallelProcess, business_manager: User,
        partner: User) -> None:
    hold = add(held_review, business_manager, process=inquest, on_behalf_of=partner)

    assert hold.in_force and hold.process == inquest and hold.reason == REASON
    assert (hold.recorded_by, hold.on_behalf_of) == (business_manager, partner)
    event = AuditEvent.objects.get(event_type="holds.hold_added")
    assert event.data["effective_on"] == "2026-11-30" and event.data["hold"] == hold.pk
    assert event.on_behalf_of_id == partner.pk
    step = TimelineEntry.objects.get(review=held_review, title__startswith="Publication put on")
    assert step.title == "Publication put on hold (inquest)"
    assert step.effective_on == date(2026, 11, 30)

    sent = {n.recipients[0]: n for n in Notice.objects.filter(review=held_review,
                                                              purpose="a hold on publication")}
    assert set(sent) == {"panel@example.test", "dfe@example.test"}
    assert sent["dfe@example.test"].recipient_label.startswith("The Secretary of State")
    assert {n.dedupe_key for n in sent.values()} == {
        f"publication-hold:{hold.pk}:panel", f"publication-hold:{hold.pk}:secretary-of-state"}
    for notice in sent.values():
        # Pseudonyms only: the reason, the process's reference and the decision, redacted.
        assert "Mother gives evidence at the inquest into Child A's death" in notice.body
        assert "Decided by The three safeguarding partners on 30 November 2026" in notice.body
        assert "Publication waits for: inquest (Inquest touching Child A's death)" in notice.body
        for name in ("Kayden", "Moorcroft", "Jolene"):
            assert name not in notice.body and name not in notice.subject


def test_a_hold_may_stand_alone_with_its_reason(held_review: Review,
                                                business_manager: User) -> None:
    hold = add(held_review, business_manager, reason="A related trial has been listed.")
    assert hold.process is None
    step = TimelineEntry.objects.get(review=held_review, title__startswith="Publication put on")
    assert step.title == "Publication put on hold (stands alone)"
    body = Notice.objects.filter(purpose="a hold on publication")[0].body
    assert "Why: A related trial has been listed." in body
    assert "Publication waits for" not in body


def test_the_decision_date_defaults_to_today(held_review: Review, business_manager: User) -> None:
    hold = actions.add_hold(held_review, by=business_manager, reason="A trial.",
                            decided_by="The partners")
    assert hold.decided_on == timezone.localdate()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"decided_on": None}, None, None),  # today, accepted: the control case
    ({"reason": "  "}, "reason", "Say why publication is delayed"),
    ({"decided_by": ""}, "decided_by", "Say who decided to delay publication"),
    ({"decided_by": "x" * 201}, "decided_by", "200 characters or fewer"),
    ({"decided_on": "future"}, "decided_on", "cannot be in the future"),
])
def test_bad_input_is_refused_and_nothing_changes(
        held_review: Review, business_manager: User, change: dict, field: str | None,
        words: str | None) -> None:
    if change.get("decided_on") == "future":
        change = {"decided_on": tomorrow()}
    if field is None or words is None:
        add(held_review, business_manager, **change)
        assert Hold.objects.count() == 1
        return
    with pytest.raises(ValidationError) as refused:
        add(held_review, business_manager, **change)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Hold.objects.exists()
    assert not Notice.objects.filter(purpose="a hold on publication").exists()
    assert not AuditEvent.objects.filter(event_type="holds.hold_added").exists()


def test_a_process_of_another_review_is_refused(
        held_review: Review, business_manager: User, make_review: MakeReview) -> None:
    other = make_review("Ada Other")
    theirs = parallel_actions.record_process(other, by=business_manager,
                                             kind=ProcessKind.INQUEST, opened_on=date(2026, 3, 5))
    with pytest.raises(ValidationError) as refused:
        add(held_review, business_manager, process=theirs)
    assert refused.value.message_dict["process"] == [
        "That process is not one of this review's: choose one of its parallel processes, or "
        "none if the hold stands alone."]
    assert not Hold.objects.exists()
    assert not Notice.objects.filter(purpose="a hold on publication").exists()


def test_without_the_panels_address_nothing_is_recorded(
        held_review: Review, business_manager: User) -> None:
    held_review.partnership.panel_email = ""
    held_review.partnership.save()
    with pytest.raises(ValidationError) as refused:
        add(held_review, business_manager)
    assert "no e-mail address for the National Panel" in " ".join(refused.value.messages)
    assert not Hold.objects.exists()


def test_only_the_business_manager_adds_or_releases_a_hold(
        held_review: Review, business_manager: User, partner: User) -> None:
    with pytest.raises(PermissionDenied):
        add(held_review, partner)
    hold = add(held_review, business_manager)
    with pytest.raises(PermissionDenied):
        actions.release_hold(hold, by=partner)


def test_releasing_records_who_and_when_and_only_once(
        held_review: Review, inquest: ParallelProcess, business_manager: User,
        partner: User) -> None:
    hold = add(held_review, business_manager, process=inquest)
    released = actions.release_hold(hold, by=business_manager, released_on=date(2026, 12, 2),
                                    note=f"{CHILD}'s inquest concluded.", on_behalf_of=partner)
    assert not released.in_force
    assert (released.released_on, released.released_by, released.released_on_behalf_of) == (
        date(2026, 12, 2), business_manager, partner)
    assert released.release_note == f"{CHILD}'s inquest concluded."
    event = AuditEvent.objects.get(event_type="holds.hold_released")
    assert event.data == {"hold": hold.pk, "effective_on": "2026-12-02"}
    assert TimelineEntry.objects.filter(
        review=held_review, effective_on=date(2026, 12, 2),
        title="The hold on publication decided on 30 November 2026 was released").exists()

    with pytest.raises(ValidationError) as refused:
        actions.release_hold(hold, by=business_manager, released_on=date(2026, 12, 3))
    assert refused.value.messages == [
        "The hold decided on 30 November 2026 (Inquest) was already released on 2 December "
        "2026: a hold is released once. The holds page shows those still in force."]
    hold.refresh_from_db()
    assert hold.released_on == date(2026, 12, 2)
    assert AuditEvent.objects.filter(event_type="holds.hold_released").count() == 1


@pytest.mark.parametrize(("released_on", "words"), [
    ("future", "The date it was released cannot be in the future"),
    (date(2026, 11, 29), "cannot be before 30 November 2026, when the hold was decided"),
])
def test_a_release_dated_in_the_future_or_before_the_decision_is_refused(
        held_review: Review, business_manager: User, released_on: object, words: str) -> None:
    hold = add(held_review, business_manager)
    day = tomorrow() if released_on == "future" else released_on
    with pytest.raises(ValidationError) as refused:
        actions.release_hold(hold, by=business_manager, released_on=day)  # type: ignore[arg-type]
    assert words in refused.value.message_dict["released_on"][0]
    hold.refresh_from_db()
    assert hold.in_force


def test_a_concluded_process_does_not_release_the_hold(
        held_review: Review, inquest: ParallelProcess, business_manager: User) -> None:
    hold = add(held_review, business_manager, process=inquest)
    parallel_actions.record_process_status(inquest, by=business_manager,
                                           state=ProcessState.CONCLUDED,
                                           effective_on=date(2026, 12, 1),
                                           outcome="Narrative conclusion.")
    hold.refresh_from_db()
    assert hold.in_force
    assert [c.key for c in checks.refusals(held_review, date(2027, 6, 7))
            if c.key == "hold"] == ["hold"]


def test_the_check_names_each_hold_in_force_and_is_met_once_they_are_released(
        held_review: Review, inquest: ParallelProcess, business_manager: User) -> None:
    on = timezone.localdate() + timedelta(days=30)
    linked = add(held_review, business_manager, process=inquest,
                 decided_by=f"The partners, on {MOTHER}'s request")
    alone = add(held_review, business_manager, decided_on=date(2026, 12, 1),
                decided_by="The chair of the CSPR subgroup")
    hold_check = next(c for c in checks.run(held_review, on) if c.key == "hold")
    assert not hold_check.met
    assert hold_check.link == f"/reviews/{held_review.uuid}/publication/holds/"
    assert hold_check.detail == (
        "2 holds on publication are in force: the hold for the inquest (Inquest touching "
        "Child A's death), decided by The partners, on Mother's request on 30 November 2026; a "
        "hold that stands alone, decided by The chair of the CSPR subgroup on 1 December 2026. "
        "The report cannot be published while they are in force: see why on the holds page, "
        "and release each hold there once it no longer applies.")
    assert "hold" in {c.key for c in checks.refusals(held_review, on)}

    actions.release_hold(linked, by=business_manager)
    hold_check = next(c for c in checks.run(held_review, on) if c.key == "hold")
    assert not hold_check.met and "A hold on publication is in force: a hold that stands alone" \
        in hold_check.detail
    actions.release_hold(alone, by=business_manager)
    hold_check = next(c for c in checks.run(held_review, on) if c.key == "hold")
    assert hold_check.met and hold_check.detail == "No hold on publication is in force."
    assert "hold" not in {c.key for c in checks.refusals(held_review, on)}


def test_no_hold_once_the_report_is_published(held_review: Review,
                                              business_manager: User) -> None:
    from reviewdesk.publication.testing import make_publication

    make_publication(held_review, by=business_manager, published_on=date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        add(held_review, business_manager)
    assert refused.value.messages[0].startswith("The report was published on 2 November 2026")
    assert not Hold.objects.exists()
