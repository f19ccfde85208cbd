"""'Recorded on behalf of': the person filling in a form is never offered as the one they are
recording it for (their own action needs no choice)."""

import re

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def offered_to(person: User) -> set[User]:
    return set(on_behalf_of_field(person).queryset.all())  # type: ignore[union-attr]


def test_the_list_offers_the_partnership_s_people_but_not_the_person_recording(
        business_manager: User, partner: User, scrutineer: User) -> None:
    offered = offered_to(business_manager)
    assert business_manager not in offered
    assert {partner, scrutineer} <= offered
    assert partner not in offered_to(partner)
    assert business_manager in offered_to(partner)


@pytest.mark.parametrize("page", ["rapid-review/start/", "clocks/{clock}/met/", "new/"])
def test_a_form_does_not_offer_the_business_manager_themselves(
        page: str, review: Review, business_manager: User, partner: User,
        client_for: ClientFor) -> None:
    page = page.format(clock=review.clocks.get(kind="panel_notification").pk)
    url = "/reviews/new/" if page == "new/" else f"/reviews/{review.uuid}/{page}"
    response = client_for(business_manager).get(url)
    assert response.status_code == 200
    select = re.search(r'<select[^>]*name="on_behalf_of".*?</select>',
                       response.content.decode(), re.S)
    assert select, "the page has no 'on behalf of' list"
    assert partner.full_name in select.group(0)
    assert business_manager.full_name not in select.group(0)


def test_choosing_oneself_is_refused_and_nothing_is_recorded(
        review: Review, business_manager: User, client_for: ClientFor) -> None:
    aware = review.incidents.get().la_aware_on
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/rapid-review/start/",
        {"effective_on-day": aware.day, "effective_on-month": aware.month,
         "effective_on-year": aware.year, "on_behalf_of": business_manager.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    review.refresh_from_db()
    assert review.stage == "notification"
