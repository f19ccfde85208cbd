"""The time on the website's test set-up: a review at the publication stage with its report
published (made directly: the publishing itself is the publication app's), the partnership's
three safeguarding partners, and requests for the report as the public form makes them."""

from datetime import date

import pytest

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.commissioning.testing import partner as partner_for
from reviewdesk.on_request.selectors import due_on_for
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Review, Stage

PUBLISHED_ON = date(2026, 9, 14)


@pytest.fixture
def at_publication(review: Review) -> Review:
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLICATION)
    review.refresh_from_db()
    return review


@pytest.fixture
def published(at_publication: Review, business_manager: User) -> Publication:
    return make_publication(at_publication, by=business_manager, published_on=PUBLISHED_ON,
                            title="Child K", slug="child-k")


@pytest.fixture
def partners(partner: User, at_publication: Review) -> dict[str, User]:
    """The three safeguarding partners: the suite's own (local authority) and two more."""
    return {PartnerFor.LOCAL_AUTHORITY: partner,
            PartnerFor.HEALTH: partner_for(at_publication, PartnerFor.HEALTH),
            PartnerFor.POLICE: partner_for(at_publication, PartnerFor.POLICE)}


def make_request(publication: Publication, *, received_on: date, name: str = "Robin Reader",
                 email: str = "robin.reader@example.org", reason: str = "") -> ReportRequest:
    """A request as the public form makes it: due the partnership's working days later."""
    return ReportRequest.objects.create(
        publication=publication, name=name, email=email, reason=reason, received_on=received_on,
        due_on=due_on_for(publication.review.partnership, received_on), client_hash="0" * 64)
