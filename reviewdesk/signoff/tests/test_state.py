"""What "approved" means: every required approval on the latest version. A partial set is shown
as such ("2 of 5 approvals") and nothing treats it as approved; a new version withdraws the
approvals of earlier ones, saying so, and the six-month clock follows."""

from datetime import date

from reviewdesk.access import subgroup_has_signed_off
from reviewdesk.accounts.models import PartnerFor
from reviewdesk.reports.models import Approval
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import ClockKind, Review, TimelineEntry
from reviewdesk.signoff import actions
from reviewdesk.signoff.selectors import approval_state
from reviewdesk.signoff.tests.helpers import approve_all

ON = date(2026, 8, 3)


def test_a_partial_set_of_approvals_is_not_approved(version, business_manager):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    actions.sign_off_for_executive(version, by=business_manager, decided_on=ON)
    state = approval_state(version.review)
    assert state.version == version
    assert state.count == "2 of 5 approvals"
    assert not state.is_approved and state.approved_on is None
    assert [r.label for r in state.missing] == [
        "The local authority safeguarding partner's approval",
        "The health (ICB) safeguarding partner's approval",
        "The police safeguarding partner's approval"]


def test_every_approval_on_one_version_is_approved_on_the_last_ones_date(
        version, business_manager):
    approve_all(version, business_manager, ON, partners=[PartnerFor.LOCAL_AUTHORITY,
                                                         PartnerFor.HEALTH])
    actions.approve_as_partner(version, by=business_manager, decided_on=date(2026, 8, 20),
                               partner_for=PartnerFor.POLICE)
    state = approval_state(version.review)
    assert state.is_approved and state.count == "5 of 5 approvals"
    assert state.approved_on == date(2026, 8, 20)
    assert state.may_move_to_publication


def test_a_new_version_withdraws_the_approvals_saying_so(version, business_manager,
                                                         lead_reviewer):
    approve_all(version, business_manager, ON)
    review = version.review
    second = version_of(review, lead_reviewer, "The amended report.",
                        written_on=date(2026, 8, 25))
    withdrawn = Approval.objects.filter(version=version)
    assert withdrawn.count() == 6
    assert all(a.withdrawn_at and a.withdrawn_by == second for a in withdrawn)
    state = approval_state(review)
    assert state.version == second and state.count == "0 of 5 approvals"
    assert not state.is_approved
    assert not subgroup_has_signed_off(Review.objects.get(pk=review.pk))
    entry = review.timeline.get(title="Version 2 withdrew the approvals of version 1")
    assert entry.effective_on == date(2026, 8, 25)
    assert "6 approvals of version 1 withdrawn" in entry.detail


def test_the_approvals_complete_the_review_and_a_new_version_un_meets_it(
        version, business_manager, lead_reviewer):
    review = version.review
    approve_all(version, business_manager, ON)
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    assert clock.met_on == ON
    version_of(review, lead_reviewer, "The amended report.", written_on=date(2026, 8, 25))
    clock.refresh_from_db()
    assert clock.met_on is None
    assert review.timeline.filter(kind=TimelineEntry.Kind.NOTE,
                                  title="Review complete: no longer met").exists()


def test_a_clock_met_by_hand_is_left_alone_by_a_new_version(version, business_manager,
                                                            lead_reviewer):
    review = version.review
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    clock.met_on = date(2026, 7, 31)
    clock.save()
    approve_all(version, business_manager, ON)
    clock.refresh_from_db()
    assert clock.met_on == date(2026, 7, 31)
    version_of(review, lead_reviewer, "The amended report.", written_on=date(2026, 8, 25))
    clock.refresh_from_db()
    assert clock.met_on == date(2026, 7, 31)
