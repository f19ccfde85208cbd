"""The owner's progress, completion and impact, and the subgroup's acceptance: what each needs,
refused saying what is missing with nothing changed, and each change audited with its date and
on whose behalf."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action, ActionUpdate, EvidenceFile, PlanMeeting
from reviewdesk.action_plan.testing import make_action
from reviewdesk.audit.models import AuditEvent
from reviewdesk.progress import actions
from reviewdesk.progress.actions import Upload
from reviewdesk.reviews.models import Review
from reviewdesk.testing import TodayIs
from reviewdesk.versioning import StaleEdit

AUDIT = Upload("bruising-audit.xlsx", b"PK\x03\x04 an audit")


def _refresh(action: Action) -> Action:
    action.refresh_from_db()
    return action


def test_the_owners_first_update_puts_the_action_in_progress_with_its_evidence(
        action: Action, owner: User, today_is: TodayIs) -> None:
    today_is(date(2027, 1, 11))
    update = actions.post_update(action, by=owner, text="Audit tool agreed with the teams.",
                                 written_on=date(2027, 1, 8), files=[AUDIT])
    action = _refresh(action)
    assert action.status == Action.Status.IN_PROGRESS
    assert action.last_update_on == date(2027, 1, 8)
    assert (update.status_from, update.status_to) == ("not_started", "in_progress")
    kept = EvidenceFile.objects.get()
    assert kept.name == "bruising-audit.xlsx" and kept.size == len(AUDIT.data)
    assert "bruising" not in str(kept.file.name)  # stored under a random name
    assert kept.file.read() == AUDIT.data
    event = AuditEvent.objects.filter(event_type="progress.update_posted").get()
    assert event.data["effective_on"] == "2027-01-08" and event.data["files"][0]["file"] == kept.pk
    # A second update keeps it in progress and records no change of status.
    second = actions.post_update(action, by=owner, text="Half the teams audited.",
                                 written_on=date(2027, 1, 11))
    assert (second.status_from, second.status_to) == ("", "")


def test_an_empty_update_or_a_future_date_is_refused_and_nothing_is_kept(
        action: Action, owner: User, today_is: TodayIs) -> None:
    today_is(date(2027, 1, 11))
    with pytest.raises(ValidationError) as refused:
        actions.post_update(action, by=owner, text="  ", written_on=date(2027, 1, 12))
    errors = refused.value.message_dict
    assert "Say what has been done since the last update" in errors["text"][0]
    assert "cannot be in the future" in errors["written_on"][0]
    with pytest.raises(ValidationError) as bad_file:
        actions.post_update(action, by=owner, text="See attached",
                            files=[Upload("script.exe", b"MZ")])
    assert "must be a document" in bad_file.value.message_dict["file"][0]
    assert not ActionUpdate.objects.exists() and not EvidenceFile.objects.exists()
    assert _refresh(action).status == Action.Status.NOT_STARTED


def test_completion_needs_a_date_and_evidence_and_says_which_is_missing(
        action: Action, owner: User, today_is: TodayIs) -> None:
    today_is(date(2027, 3, 1))
    with pytest.raises(ValidationError) as refused:
        actions.complete(action, by=owner, completed_on=None, evidence="")
    errors = refused.value.message_dict
    assert errors["completed_on"] == ["Enter the date the action was completed."]
    assert "An action is not completed without evidence" in errors["evidence"][0]
    with pytest.raises(ValidationError) as early:
        actions.complete(action, by=owner, completed_on=date(2026, 9, 1), evidence="Done.")
    assert "cannot be before 1 October 2026" in early.value.message_dict["completed_on"][0]
    assert _refresh(action).status == Action.Status.NOT_STARTED
    # A file alone is evidence enough.
    done = actions.complete(action, by=owner, completed_on=date(2027, 2, 26), evidence="",
                            files=[AUDIT])
    assert (done.status, done.completed_on) == (Action.Status.COMPLETED, date(2027, 2, 26))
    assert done.completion_evidence == "See the attached evidence."
    with pytest.raises(ValidationError, match="already completed"):
        actions.complete(done, by=owner, completed_on=date(2027, 2, 26), evidence="Again")


def test_impact_shown_needs_impact_evidence_and_the_subgroups_acceptance_at_a_meeting(
        action: Action, owner: User, subgroup_chair: User, business_manager: User,
        today_is: TodayIs) -> None:
    today_is(date(2027, 9, 1))
    with pytest.raises(ValidationError, match="Mark it completed first"):
        actions.add_impact_evidence(action, by=owner, evidence="Referrals are up.")
    actions.complete(action, by=owner, completed_on=date(2027, 3, 1), evidence="Audit report.")
    meeting = actions.record_monitoring_meeting(
        by=subgroup_chair, held_on=date(2027, 8, 20), attendees=[subgroup_chair, business_manager])
    assert (meeting.kind, meeting.review) == (PlanMeeting.Kind.MONITORING, None)
    with pytest.raises(ValidationError) as no_evidence:
        actions.accept_impact(action, by=subgroup_chair, meeting=meeting)
    assert "has no impact evidence yet" in no_evidence.value.messages[0]
    with pytest.raises(ValidationError) as no_text:
        actions.add_impact_evidence(action, by=owner, evidence=" ")
    assert "against the success criteria" in no_text.value.message_dict["evidence"][0]
    actions.add_impact_evidence(action, by=owner, written_on=date(2027, 8, 1),
                                evidence="Referrals of bruised non-mobile babies doubled.")
    with pytest.raises(ValidationError) as no_meeting:
        actions.accept_impact(action, by=subgroup_chair, meeting=None)
    assert "Choose the monitoring meeting" in no_meeting.value.message_dict["meeting"][0]
    with pytest.raises(PermissionDenied):
        actions.accept_impact(action, by=owner, meeting=meeting)
    shown = actions.accept_impact(action, by=subgroup_chair, meeting=meeting)
    assert (shown.status, shown.impact_accepted_at) == (Action.Status.IMPACT_SHOWN, meeting)
    accepted = shown.updates.get(kind=ActionUpdate.Kind.IMPACT_ACCEPTED)
    assert accepted.written_on == date(2027, 8, 20)
    assert AuditEvent.objects.get(event_type="progress.impact_accepted").data[
        "effective_on"] == "2027-08-20"


def test_a_monitoring_meeting_needs_its_attendance(subgroup_chair: User, owner: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.record_monitoring_meeting(by=subgroup_chair, held_on=date(2026, 12, 1))
    assert "Say who attended" in refused.value.message_dict["attendees"][0]
    with pytest.raises(PermissionDenied):
        actions.record_monitoring_meeting(by=owner, held_on=date(2026, 12, 1),
                                          other_attendees="Someone")


def test_the_business_manager_updates_for_the_owner_on_their_behalf(
        action: Action, business_manager: User, owner: User) -> None:
    update = actions.post_update(action, by=business_manager, text="Owner phoned it in.")
    assert (update.recorded_by, update.on_behalf_of) == (business_manager, owner)
    assert AuditEvent.objects.get(event_type="progress.update_posted").on_behalf_of == owner


def test_an_owner_without_a_sign_in_is_updated_for_and_the_history_says_so(
        planned: Review, business_manager: User) -> None:
    from reviewdesk.progress.selectors import history_of
    from reviewdesk.reviews.names import Names

    unsigned = make_action(planned, by=business_manager, owner_name="Nadia Named",
                           owner_email="nadia@example.test")
    actions.post_update(unsigned, by=business_manager, text="Training booked.")
    history = history_of(unsigned, Names(planned, business_manager))
    assert history[0].by == "Bea Manager for Nadia Named"
    assert AuditEvent.objects.get(event_type="progress.update_posted").data[
        "for_owner_without_sign_in"] is True


def test_nobody_else_updates_an_action(action: Action, agency_author: User, partner: User,
                                       other_owner: User) -> None:
    for person in (agency_author, partner, other_owner):
        with pytest.raises(PermissionDenied):
            actions.post_update(action, by=person, text="Not mine to say.")


def test_a_completion_made_from_an_old_page_is_refused(
        action: Action, owner: User, business_manager: User) -> None:
    seen = action.version
    actions.post_update(action, by=business_manager, text="Progress.")
    with pytest.raises(StaleEdit):
        actions.complete(action, by=owner, completed_on=date(2026, 12, 1), evidence="Done",
                         version=seen)
    assert _refresh(action).status == Action.Status.IN_PROGRESS
    assert not EvidenceFile.objects.exists()


def test_a_refused_change_leaves_no_file_in_storage(action: Action, owner: User,
                                                    media_root: object) -> None:
    from pathlib import Path

    with pytest.raises(StaleEdit):
        actions.complete(action, by=owner, completed_on=date(2026, 12, 1), evidence="",
                         files=[AUDIT], version=action.version + 5)
    folder = Path(str(media_root)) / "action_plan" / "evidence"
    assert not folder.exists() or not any(folder.iterdir())
