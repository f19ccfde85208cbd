"""The demo's statements: made, approved and published through the actions, once."""

from types import SimpleNamespace

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Review
from reviewdesk.statement import demo

pytestmark = pytest.mark.django_db


def test_the_demo_approves_and_publishes_a_statement_once(planned: Review,
                                                          business_manager: User) -> None:
    make_publication(planned, by=business_manager, slug="child-a-2026")
    command = SimpleNamespace(people={"business.manager": business_manager},
                              reviews={1: planned})
    demo.load(command)
    demo.load(command)
    statement = ActionsStatement.objects.get(review=planned)
    assert statement.approved_at is not None
    assert Publication.objects.get(review=planned).actions_published
