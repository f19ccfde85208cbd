"""The stage's test helpers make what the apps above rely on."""

from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication, make_publication
from reviewdesk.reviews.models import Stage


def test_a_review_at_publication_with_its_final_report(review, business_manager):
    final = at_publication(review, by=business_manager)
    review.refresh_from_db()
    assert review.stage == Stage.PUBLICATION
    assert final.pdf.read().startswith(b"%PDF-1.4")
    published = make_publication(review, by=business_manager, final_report=final)
    assert published.state == Publication.State.PUBLISHED
    assert (published.ends_on - published.published_on).days in range(181, 185)
