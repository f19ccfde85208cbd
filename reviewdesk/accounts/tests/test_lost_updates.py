"""Lost updates (decision 0023): two business managers change one agency at once; the
second save, made from the page as it was, is refused with the first change shown and the input
kept. Deactivating an agency moves it on too, so a change page opened before cannot make it
active again."""

import pytest

from reviewdesk.accounts import actions
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
    posted,
    version_on,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def trust(partnership: Partnership, business_manager: User) -> Agency:
    return actions.add_agency(partnership, by=business_manager, name="Kirkvale Hospitals NHS Trust",
                              short_name="KHT", kind=Agency.Kind.ACUTE_TRUST)


def form(**values: str) -> dict:
    return {"name": "Kirkvale Hospitals NHS Trust", "short_name": "KHT", "kind": "acute_trust",
            "email": "", "staff_support": "", "is_active": "on", **values}


def url(agency: Agency) -> str:
    return f"/settings/agencies/{agency.pk}/"


def test_the_second_of_two_agency_saves_from_one_version_is_refused_and_keeps_its_input(
        trust, business_manager, deputy, client_for):
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url(trust), manager, other)
    assert other.post(url(trust), posted(form(email="safeguarding@kht.example"),
                                         seen_by_deputy)).status_code == 302
    refused = manager.post(url(trust), posted(form(staff_support="Staff Care 0800 000 000"),
                                              seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["safeguarding@kht.example"],
                                 kept=["Staff Care 0800 000 000"])
    trust.refresh_from_db()
    assert (trust.email, trust.staff_support) == ("safeguarding@kht.example", "")

    assert manager.post(url(trust), posted(form(email="safeguarding@kht.example",
                                                staff_support="Staff Care 0800 000 000"),
                                           new_version)).status_code == 302
    trust.refresh_from_db()
    assert (trust.email, trust.staff_support, trust.changed_by) == (
        "safeguarding@kht.example", "Staff Care 0800 000 000", business_manager)


def test_a_change_page_opened_before_a_deactivation_cannot_reactivate_it(
        trust, business_manager, deputy, client_for):
    manager = client_for(business_manager)
    seen = version_on(manager.get(url(trust)))
    actions.deactivate_agency(trust, by=deputy)
    refused = manager.post(url(trust), posted(form(short_name="KHFT"), seen))
    assert_refused(refused, who="Dee Deputy", theirs=["KHT"], kept=["KHFT"])
    trust.refresh_from_db()
    assert not trust.is_active and trust.short_name == "KHT"


def test_an_agency_save_without_a_version_is_refused(trust, business_manager, client_for):
    assert_refused_without_version(client_for(business_manager).post(
        url(trust), form(short_name="KHFT")))
    trust.refresh_from_db()
    assert trust.short_name == "KHT"
