"""With DEBUG on (as `make run` serves the demo) a 404 is still the ordinary page: no list of the
site's URLs, and an outsider still cannot tell a review exists."""


import pytest
from pytest_django import Settings

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor


@pytest.fixture(autouse=True)
def debug_on(settings: Settings) -> None:
    settings.DEBUG = True


def test_a_signed_out_persons_404_is_the_ordinary_page(client_for: ClientFor) -> None:
    response = client_for(None).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "check it is correct" in page
    assert "URLconf" not in page and "reviews/&lt;uuid" not in page and "set-password" not in page


def test_an_outsiders_404_for_a_review_does_not_say_why(review: Review, outsider: User,
                                                          client_for: ClientFor) -> None:
    missing = client_for(outsider).get("/reviews/00000000-0000-0000-0000-000000000000/")
    real = client_for(outsider).get(f"/reviews/{review.uuid}/")
    assert missing.status_code == real.status_code == 404
    assert "Page not found" in real.content.decode()
    assert "No such review" not in real.content.decode()
    assert "Raised by" not in real.content.decode()


def test_a_missing_address_without_its_slash_is_still_redirected(client_for: ClientFor) -> None:
    assert client_for(None).get("/sign-in")["Location"] == "/sign-in/"
