"""The guide's order: the subgroup signs off a version, then the Executive Group signs off the
same version and decides on publication, then each safeguarding partner approves it. Anything out
of order is refused, saying what must come first, and changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.access import subgroup_has_signed_off
from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.models import AuditEvent
from reviewdesk.checklist import actions as checklist_actions
from reviewdesk.checklist.selectors import blocking_items
from reviewdesk.reports.models import Approval
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import ReviewRole, Stage
from reviewdesk.signoff import actions
from reviewdesk.testing import tomorrow

ON = date(2026, 8, 3)


def refused(match: str, call, *args, **kwargs) -> None:
    before = Approval.objects.count()
    with pytest.raises(ValidationError, match=match):
        call(*args, **kwargs)
    assert Approval.objects.count() == before


def test_the_executive_cannot_sign_off_before_the_subgroup(version, executive):
    refused("The CSPR subgroup has not signed off version 1 yet",
            actions.sign_off_for_executive, version, by=executive, decided_on=ON)


def test_the_publication_decision_comes_after_the_executive_sign_off(version, business_manager):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    refused("The Executive Group has not signed off version 1 yet: its decision on publication",
            actions.decide_publication, version, by=business_manager, decided_on=ON, agrees=True)


def test_partners_approve_after_the_executive(version, business_manager, partner):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    refused("the safeguarding partners' approval comes after its sign-off",
            actions.approve_as_partner, version, by=partner, decided_on=ON)


def test_the_whole_order_records_each_step_with_who_and_when(
        version, business_manager, executive, partner, partners):
    subgroup = actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    assert subgroup.step == Approval.Step.SUBGROUP and subgroup.approver is None
    assert subgroup_has_signed_off(version.review)
    signed = actions.sign_off_for_executive(version, by=executive, decided_on=date(2026, 8, 10))
    assert signed.approver == executive
    decision = actions.decide_publication(version, by=executive, decided_on=date(2026, 8, 10),
                                          agrees=True)
    assert decision.agrees
    own = actions.approve_as_partner(version, by=partner, decided_on=date(2026, 8, 12))
    assert (own.partner_for, own.approver, own.on_behalf_of) == (
        PartnerFor.LOCAL_AUTHORITY, partner, None)
    typed = actions.approve_as_partner(version, by=business_manager, decided_on=date(2026, 8, 12),
                                       partner_for=PartnerFor.POLICE)
    assert typed.on_behalf_of == partners[PartnerFor.POLICE]
    assert typed.approver == partners[PartnerFor.POLICE]
    event = AuditEvent.objects.filter(event_type="signoff.partner_approved").order_by("-seq")[0]
    assert (event.actor, event.on_behalf_of) == (business_manager, partners[PartnerFor.POLICE])
    assert event.data["effective_on"] == "2026-08-12"
    assert "Piers" not in event.summary


def test_a_sign_off_cannot_be_dated_before_the_step_it_follows(version, business_manager):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    refused("cannot be before 3 August 2026", actions.sign_off_for_executive, version,
            by=business_manager, decided_on=date(2026, 8, 1))
    refused("cannot be in the future", actions.sign_off_for_executive, version,
            by=business_manager, decided_on=tomorrow())


def test_each_step_is_recorded_once(version, business_manager):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    refused("already recorded", actions.record_subgroup_sign_off, version, by=business_manager,
            decided_on=ON)


def test_not_agreeing_to_publish_needs_reasons(version, business_manager):
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)
    actions.sign_off_for_executive(version, by=business_manager, decided_on=ON)
    refused("Give the Executive Group's reasons", actions.decide_publication, version,
            by=business_manager, decided_on=ON, agrees=False)
    decision = actions.decide_publication(version, by=business_manager, decided_on=ON,
                                          agrees=False, reasons="The family object.")
    assert not decision.agrees


def test_every_subgroup_member_signing_the_same_version_is_the_subgroups_sign_off(
        version, business_manager, subgroup_member, make_review, partnership):
    from reviewdesk.accounts.models import PartnershipRole, User

    second = User.objects.create_user("second.subgroup@example.test", "a-long-test-password",
                                      full_name="Sid Second", partnership=partnership,
                                      role=PartnershipRole.SUBGROUP_MEMBER)
    review = version.review
    review_actions.add_member(review, second, ReviewRole.SUBGROUP_MEMBER, by=business_manager,
                              started_on=date(2026, 7, 2), no_contact=True)
    actions.sign_off_as_subgroup_member(version, by=subgroup_member, decided_on=ON)
    assert not subgroup_has_signed_off(review)
    refused("You have already signed off version 1", actions.sign_off_as_subgroup_member,
            version, by=subgroup_member, decided_on=ON)
    actions.sign_off_as_subgroup_member(version, by=second, decided_on=date(2026, 8, 5))
    subgroup = Approval.objects.get(step=Approval.Step.SUBGROUP)
    assert subgroup.decided_on == date(2026, 8, 5)  # the last member's
    assert subgroup_has_signed_off(type(review).objects.get(pk=review.pk))


def test_only_the_latest_version_at_the_report_stage_is_signed_off(
        version, business_manager, lead_reviewer):
    version_of(version.review, lead_reviewer, "A second version.")
    refused("Version 1 is no longer the latest: version 2", actions.record_subgroup_sign_off,
            version, by=business_manager, decided_on=ON)


def test_nothing_is_signed_off_away_from_the_report_stage(version, business_manager):
    type(version.review).objects.filter(pk=version.review_id).update(stage=Stage.PUBLICATION)
    version.review.refresh_from_db()
    refused("signed off at the report stage; this review is at publication",
            actions.record_subgroup_sign_off, version, by=business_manager, decided_on=ON)


def test_open_identifying_findings_block_sign_off(at_report, lead_reviewer, business_manager):
    named = version_of(at_report, lead_reviewer, "Kayden Moorcroft lived at home.")
    refused("identifying finding", actions.record_subgroup_sign_off, named,
            by=business_manager, decided_on=ON)


def test_the_checklists_open_items_block_sign_off(version, business_manager, real_checklist):
    # Not worked out yet: every measured item waits, and blocks.
    refused("checklist has", actions.record_subgroup_sign_off, version, by=business_manager,
            decided_on=ON)
    # Worked out, a one-paragraph report fails several items; each must be accepted as it is.
    checklist_actions.work_out(version)
    blocking = blocking_items(version)
    assert blocking and "findings" not in {i.key for i in blocking}
    for item in blocking[1:]:
        checklist_actions.accept_item(version, by=business_manager, item=item.key,
                                      reason="Accepted for the test.", accepted_on=ON)
    refused(f"checklist has 1 item not met: {blocking[0].title}",
            actions.record_subgroup_sign_off, version, by=business_manager, decided_on=ON)
    checklist_actions.accept_item(version, by=business_manager, item=blocking[0].key,
                                  reason="Accepted for the test.", accepted_on=ON)
    actions.record_subgroup_sign_off(version, by=business_manager, decided_on=ON)


def test_who_may_sign_each_step(version, partner, executive, lead_reviewer, subgroup_member):
    with pytest.raises(PermissionDenied):
        actions.record_subgroup_sign_off(version, by=subgroup_member, decided_on=ON)
    with pytest.raises(PermissionDenied):
        actions.sign_off_as_subgroup_member(version, by=lead_reviewer, decided_on=ON)
    with pytest.raises(PermissionDenied):
        actions.sign_off_for_executive(version, by=partner, decided_on=ON)
    with pytest.raises(PermissionDenied):
        actions.approve_as_partner(version, by=executive, decided_on=ON)
