"""The demo's copies: sent for each published review, once."""

from types import SimpleNamespace

import pytest

from reviewdesk.copies import demo
from reviewdesk.publication.models import CopiesDecision, NationalCopy, RepositoryDeposit
from reviewdesk.publication.testing import make_publication

pytestmark = pytest.mark.django_db


def test_a_published_review_gets_its_copies_and_deposit_once(
        cspr, final, learning, business_manager, subgroup_member, addresses):
    make_publication(cspr, by=business_manager, final_report=final,
                     published_on=final.produced_on)
    command = SimpleNamespace(reviews={10: cspr, 12: learning},
                              people={"business.manager": business_manager})
    demo.load(command)
    assert sorted(NationalCopy.objects.filter(review=cspr).values_list("body", flat=True)) == [
        "dfe", "ofsted", "panel"]
    assert RepositoryDeposit.objects.filter(review=cspr).count() == 1
    # Not published: nothing for the learning review yet.
    assert not NationalCopy.objects.filter(review=learning).exists()

    make_publication(learning, by=business_manager, published_on=final.produced_on)
    demo.load(command)
    assert CopiesDecision.objects.get(review=learning).recorded_by == subgroup_member
    assert list(NationalCopy.objects.filter(review=learning).values_list("body", flat=True)) == [
        "panel"]
    demo.load(command)  # a second run adds nothing
    assert NationalCopy.objects.count() == 4 and RepositoryDeposit.objects.count() == 2
