"""The demo's versions: review 9's first draft (names hidden in the text and in a comment) and a
second version with fewer names, review 12's first draft with findings, review 13's two versions
ending clean; every check run at once so the demo opens with findings."""

from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.reports import demo
from reviewdesk.reports.models import DraftFinding
from reviewdesk.reviews.models import Review
from reviewdesk.testing import MakeReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def command(registered: Review, make_review: MakeReview, lead_reviewer: User,
            business_manager: User) -> SimpleNamespace:
    return SimpleNamespace(
        reviews={9: registered, 12: make_review(child_name="Harvey Blackwood"),
                 13: make_review(child_name="Poppy Ainsworth")},
        people={"lead.reviewer": lead_reviewer, "business.manager": business_manager})


def test_review_9_has_a_first_draft_and_a_second_version_with_fewer_names(
        command: SimpleNamespace, registered: Review, lead_reviewer: User,
        business_manager: User) -> None:
    demo.load(command)
    first, second = demo.demo_versions(command)[9]
    check = first.draft_check
    assert check is not None
    assert (check.status, check.kind, first.recorded_by) == ("done", "docx", lead_reviewer)
    assert check.findings.filter(part="comment", text="Dana", entry__pseudonym="Mother").exists()
    assert check.findings.filter(text="Kayden Moorcroft", entry__pseudonym="Child A").exists()
    # The lead reviewer is named in published reports: never raised.
    assert not check.findings.filter(text__contains="Ellery").exists()
    assert (second.recorded_by, second.on_behalf_of) == (business_manager, lead_reviewer)
    assert second.written_on > first.written_on
    left = DraftFinding.objects.visible().filter(draft_check=second.draft_check).count()
    assert 0 < left < DraftFinding.objects.visible().filter(draft_check=check).count()


def test_review_12_has_a_draft_with_findings_and_13_ends_clean(command: SimpleNamespace,
                                                               full_scan: None) -> None:
    demo.load(command)
    versions = demo.demo_versions(command)
    (twelve,) = versions[12]
    assert DraftFinding.objects.visible().filter(draft_check=twelve.draft_check).exists()
    first, final = versions[13]
    assert DraftFinding.objects.visible().filter(draft_check=first.draft_check).exists()
    assert final.draft_check is not None and final.draft_check.status == "done"
    assert not DraftFinding.objects.visible().filter(draft_check=final.draft_check).exists()
