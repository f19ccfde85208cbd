"""No response that can hold case data is kept by a browser or a proxy: one middleware says so
for every response but static files. The access matrix checks every page as every person."""

from django.test import Client

from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor


def test_a_signed_in_page_is_never_stored(review: Review, business_manager: User,
                                          client_for: ClientFor) -> None:
    child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    response = client_for(business_manager).get(
        f"/reviews/{review.uuid}/register/{child.pk}/edit/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_the_team_page_is_never_stored(review: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    response = client_for(lead_reviewer).get(f"/reviews/{review.uuid}/team/")
    assert "no-store" in response["Cache-Control"]


def test_redirects_and_refusals_are_never_stored(review: Review, practitioner: User, client: Client) -> None:
    assert "no-store" in client.get(f"/reviews/{review.uuid}/")["Cache-Control"]  # to sign in
    assert "no-store" in client.get("/sign-in/")["Cache-Control"]
