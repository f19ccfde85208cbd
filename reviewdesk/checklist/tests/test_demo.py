"""The demo's checklists: worked out for each version, one item accepted on review 9; nothing
done (and no error) where there are no versions."""

import io
from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.audit.context import as_system
from reviewdesk.checklist import demo
from reviewdesk.checklist.tests import reports
from reviewdesk.reports.models import ChecklistAcceptance, ChecklistResult
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def command(review: Review, bm: User) -> SimpleNamespace:
    return SimpleNamespace(bm=bm, reviews={9: review}, stdout=io.StringIO())


def test_the_demo_works_out_each_version_and_accepts_one_item(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    first = version_of(review, lead_reviewer, *reports.BACKGROUND)
    second = version_of(review, lead_reviewer, *reports.BACKGROUND)
    with as_system("test load_demo"):
        demo.load(command(review, business_manager))
    assert set(ChecklistResult.objects.values_list("version", flat=True)) == {first.pk,
                                                                            second.pk}
    acceptance = ChecklistAcceptance.objects.get()
    assert (acceptance.version, acceptance.item) == (second, "passive")
    assert acceptance.reason == demo.REASON


def test_without_versions_the_demo_says_so(review: Review, business_manager: User) -> None:
    out = command(review, business_manager)
    with as_system("test load_demo"):
        demo.load(out)
    assert "no versions" in out.stdout.getvalue()
    assert not ChecklistResult.objects.exists()
