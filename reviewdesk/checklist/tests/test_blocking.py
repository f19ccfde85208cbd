"""What stands in the way of sign-off (``selectors.blocking_items``): items not passed and not
accepted, a checklist not worked out yet, a publication check still running; and the checklist
worked out when a version is uploaded."""

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.checklist import actions, selectors
from reviewdesk.checklist.tests import reports
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import ChecklistResult, DraftCheck
from reviewdesk.reports.tests.helpers import report_docx, version_of
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

pytestmark = pytest.mark.django_db


def keys(items: list[selectors.Item]) -> list[str]:
    return [i.key for i in items]


def test_a_version_is_worked_out_once_its_upload_commits(
        review: Review, lead_reviewer: User, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = report_actions.upload_version(review, by=lead_reviewer,
                                                data=report_docx(*reports.NUMBERED),
                                                filename="report.docx")
    result = ChecklistResult.objects.get(version=version)
    assert [i["key"] for i in result.items] == [
        "sections", "readability", "long_sentences", "passive", "acronyms", "jargon",
        "recommendations"]
    assert result.inputs and result.seconds is not None


def test_nothing_worked_out_yet_blocks_and_is_said_so(review: Review, lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.NUMBERED, scan=False)
    blocking = selectors.blocking_items(version)
    # The worker has not reached it, and the publication check has not run.
    assert keys(blocking) == list(actions.ITEMS)
    assert {i.pending for i in blocking} == {selectors.NOT_WORKED_OUT,
                                             selectors.CHECK_NOT_FINISHED}
    assert next(i for i in blocking if i.key == "findings").status == "Not yet checked"
    actions.work_out(version)
    assert keys(selectors.blocking_items(version)) == ["findings"]


def test_a_plain_report_with_its_check_done_blocks_nothing(review: Review,
                                                           lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.NUMBERED)
    actions.work_out(version)
    assert selectors.blocking_items(version) == []


def test_accepted_items_no_longer_block_until_withdrawn(review: Review, lead_reviewer: User,
                                                        business_manager: User) -> None:
    version = version_of(review, lead_reviewer, *reports.MESSY)
    actions.work_out(version)
    assert keys(selectors.blocking_items(version)) == [
        "sections", "readability", "long_sentences", "passive", "acronyms", "jargon",
        "recommendations"]
    acceptance = actions.accept_item(version, by=business_manager, item="jargon",
                                     reason="Terms the subgroup uses; explained at the launch.")
    assert "jargon" not in keys(selectors.blocking_items(version))
    with pytest.raises(ValidationError, match="already accepted"):
        actions.accept_item(version, by=business_manager, item="jargon", reason="Again.")
    with pytest.raises(ValidationError, match="no such item"):
        actions.accept_item(version, by=business_manager, item="spelling", reason="Fine.")
    actions.withdraw_acceptance(acceptance, by=business_manager)
    assert "jargon" in keys(selectors.blocking_items(version))
    # Accepted on one version only: the next version is checked afresh.
    later = version_of(review, lead_reviewer, *reports.MESSY)
    actions.accept_item(version, by=business_manager, item="jargon", reason="Still fine.")
    actions.work_out(later)
    assert "jargon" in keys(selectors.blocking_items(later))


def test_open_findings_block_until_marked_as_false_alarms(
        review: Review, lead_reviewer: User, business_manager: User) -> None:
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Dana Moorcroft", pseudonym="Mother",
                                 role_title="Mother")
    version = version_of(review, lead_reviewer, *reports.NUMBERED[:-1],
                         "Dana Moorcroft: the mother.")
    actions.work_out(version)
    findings = next(i for i in selectors.items_for(version) if i.key == "findings")
    assert not findings.passed and findings.summary == "1 identifying detail is left open."
    check = DraftCheck.objects.get(version=version)
    report_actions.mark_false_alarm(check.findings.get(), by=business_manager,
                                    reason="The glossary's example, not the family.")
    # Worked out as it stands now: nothing to recompute.
    assert selectors.blocking_items(version) == []


def test_a_failed_check_blocks(review: Review, lead_reviewer: User) -> None:
    version = version_of(review, lead_reviewer, *reports.NUMBERED, scan=False)
    DraftCheck.objects.filter(version=version).update(status=DraftCheck.Status.FAILED)
    actions.work_out(version)
    (findings,) = selectors.blocking_items(version)
    assert findings.key == "findings" and not findings.pending
    assert "could not be finished" in findings.summary


def test_a_changed_list_makes_the_result_stale_and_the_page_works_it_out_again(
        review: Review, lead_reviewer: User, business_manager: User) -> None:
    version = version_of(review, lead_reviewer, *reports.NUMBERED)
    first = actions.work_out(version)
    actions.set_jargon(review.partnership, by=business_manager, text="the school = the nursery")
    # Stale: the sign-off is not told it passes on a list that has changed.
    assert "jargon" in keys(selectors.blocking_items(version))
    items = {i.key: i for i in selectors.items_for(version)}
    assert not items["jargon"].passed
    assert ChecklistResult.objects.get(version=version).worked_out_at > first.worked_out_at


def test_only_what_has_been_judged_can_be_accepted(review: Review, lead_reviewer: User,
                                                   business_manager: User) -> None:
    version = version_of(review, lead_reviewer, *reports.MESSY, scan=False)
    with pytest.raises(ValidationError, match="publication check of this version has not"):
        actions.accept_item(version, by=business_manager, item="findings", reason="Fine.")
    with pytest.raises(ValidationError, match="has not been worked out yet"):
        actions.accept_item(version, by=business_manager, item="jargon", reason="Fine.")
