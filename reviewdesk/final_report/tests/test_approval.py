"""The one place this app asks the sign-off whether the report is approved: the real answer, with
no fake (the other tests fake it, to be about the final report alone)."""

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.final_report import approval
from reviewdesk.reports.models import ReportVersion
from reviewdesk.signoff import actions as signoff_actions
from reviewdesk.signoff.testing import approve_the_report

pytestmark = pytest.mark.django_db


def test_a_report_is_approved_only_when_everyone_has_approved_one_version(
        version: ReportVersion, business_manager: User) -> None:
    review = version.review
    assert approval.approval_state(review).is_approved is False
    today = timezone.localdate()
    # The subgroup's sign-off alone is a partial set: not approved.
    from reviewdesk.signoff.checks import accept_checklist_as_it_is

    accept_checklist_as_it_is(version, by=business_manager, reason="Accepted for the test.",
                              on=today)
    signoff_actions.record_subgroup_sign_off(version, by=business_manager, decided_on=today)
    state = approval.approval_state(review)
    assert state.is_approved is False and state.version == version
    approve_the_report(review, by=business_manager, on=today)
    state = approval.approval_state(review)
    assert state.is_approved is True and state.version == version
