"""Lost updates (decision 0023): every save of the terms of reference is a new version
built from the form. Two people open the draft page on version 1; the first saves version 2; the
second's form, still built on version 1, would silently drop version 2's change, so it is
refused with version 2 shown and the second person's input kept; saved again, it becomes
version 3 with both changes if they kept them."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.commissioning.models import Reviewer
from reviewdesk.commissioning.tests.test_terms_of_reference import LINES, draft, tor_form
from reviewdesk.reviews.models import Review
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
    posted,
    version_on,
)
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db

FATHER = "Was the role of the father understood?"
SCHOOL = "Did the school know about the move?"


def url(review: Review) -> str:
    return f"/reviews/{review.uuid}/terms-of-reference/draft/"


def test_a_version_built_from_a_stale_form_is_refused_and_keeps_the_input(
        commissioned, subgroup_member, business_manager, agencies, client_for):
    draft(commissioned, business_manager, agencies)
    manager, member = client_for(business_manager), client_for(subgroup_member)
    seen_by_manager, seen_by_member = open_in_both(url(commissioned), manager, member)
    assert seen_by_manager == seen_by_member == "1"

    assert manager.post(url(commissioned), posted(
        tor_form(agencies, lines_of_enquiry=f"{LINES}\n{FATHER}"), seen_by_manager)
    ).status_code == 302
    refused = member.post(url(commissioned), posted(
        tor_form(agencies, lines_of_enquiry=f"{LINES}\n{SCHOOL}"), seen_by_member))
    based_on = assert_refused(refused, who="Bea Manager", theirs=[FATHER], kept=[SCHOOL])
    assert based_on == "2"
    assert list(commissioned.terms_of_reference.values_list("number", flat=True)) == [2, 1]
    assert FATHER in commissioned.terms_of_reference.get(number=2).lines_of_enquiry

    again = member.post(url(commissioned), posted(
        tor_form(agencies, lines_of_enquiry=f"{LINES}\n{FATHER}\n{SCHOOL}"), based_on))
    assert again.status_code == 302
    three = commissioned.terms_of_reference.get(number=3)
    assert FATHER in three.lines_of_enquiry and SCHOOL in three.lines_of_enquiry
    assert three.created_by == subgroup_member


def test_a_draft_without_the_version_it_was_built_on_is_refused_once_one_exists(
        commissioned, business_manager, agencies, client_for):
    client = client_for(business_manager)
    assert client.post(url(commissioned), tor_form(agencies)).status_code == 302  # the first
    refused = client.post(url(commissioned), tor_form(agencies, scope_notes="Also the school."))
    assert assert_refused_without_version(refused) == "1"
    assert commissioned.terms_of_reference.count() == 1


def test_the_action_checks_the_version_the_form_was_based_on(
        commissioned, business_manager, agencies):
    draft(commissioned, business_manager, agencies, based_on=0)
    draft(commissioned, business_manager, agencies, based_on=1, scope_notes="One.")
    with pytest.raises(StaleEdit, match="Someone else changed these terms of reference"):
        draft(commissioned, business_manager, agencies, based_on=1, scope_notes="Two.",
              period_from=date(2025, 1, 1))
    assert commissioned.terms_of_reference.count() == 2


# --- Where notices are sent (Settings) --------------------------------------------------------

SETTINGS = "/settings/partnership/"


def addresses(agencies: dict[str, Agency], **values: str) -> dict:
    return {"panel_email": "", "ofsted_email": "", "dfe_email": "",
            **{f"agency_{a.pk}": a.email for a in agencies.values()}, **values}



def test_the_second_of_two_saves_of_the_notice_addresses_is_refused_and_keeps_its_input(
        partnership, agencies, business_manager, deputy, client_for):
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(SETTINGS, manager, other)
    assert other.post(SETTINGS, posted(addresses(agencies, ofsted_email="ofsted@example.test"),
                                       seen_by_deputy)).status_code == 302
    refused = manager.post(SETTINGS, posted(addresses(agencies, dfe_email="dfe@example.test"),
                                            seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["ofsted@example.test"],
                                 kept=["dfe@example.test"])
    partnership.refresh_from_db()
    assert (partnership.ofsted_email, partnership.dfe_email) == ("ofsted@example.test", "")
    assert manager.post(SETTINGS, posted(addresses(agencies, ofsted_email="ofsted@example.test",
                                                   dfe_email="dfe@example.test"), new_version)
                        ).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.ofsted_email, partnership.dfe_email) == ("ofsted@example.test",
                                                                 "dfe@example.test")


def test_an_agency_changed_on_its_own_page_makes_the_addresses_page_stale(
        partnership, agencies, business_manager, deputy, client_for):
    from reviewdesk.accounts import actions as accounts

    manager = client_for(business_manager)
    seen = version_on(manager.get(SETTINGS))
    police = agencies["police"]
    accounts.change_agency(police, by=deputy, name=police.name, kind=police.kind,
                           email="sg@police.test")
    refused = manager.post(SETTINGS, posted(addresses(agencies, panel_email="p@example.test"),
                                            seen))
    assert_refused(refused, who="Dee Deputy", theirs=["sg@police.test"], kept=["p@example.test"])
    police.refresh_from_db()
    assert police.email == "sg@police.test"
    assert_refused_without_version(manager.post(SETTINGS, addresses(agencies)))


# --- The register of independent reviewers -------------------------------------------------------


@pytest.fixture
def nia(partnership: Partnership, business_manager: User) -> Reviewer:
    from reviewdesk.commissioning import actions

    return actions.add_reviewer(partnership, by=business_manager, full_name="Nia Newreviewer",
                                email="nia@example.test", organisation="Reviews Ltd",
                                expertise="Neglect")


def reviewer_form(**values: object) -> dict:
    return {"full_name": "Nia Newreviewer", "organisation": "Reviews Ltd",
            "expertise": "Neglect", "is_active": "on", **values}


def test_the_second_of_two_saves_of_a_reviewer_is_refused_and_keeps_its_input(
        nia, business_manager, deputy, client_for):
    url = f"/reviewers/{nia.pk}/"
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url, manager, other)
    assert seen_by_manager == seen_by_deputy == "1"

    assert other.post(url, posted(reviewer_form(organisation="Independent Reviews Co"),
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(url, posted(reviewer_form(expertise="Neglect; domestic abuse"),
                                       seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["Independent Reviews Co"],
                                 kept=["Neglect; domestic abuse"])
    nia.refresh_from_db()
    assert (nia.organisation, nia.expertise, nia.changed_by) == (
        "Independent Reviews Co", "Neglect", deputy)

    assert manager.post(url, posted(reviewer_form(organisation="Independent Reviews Co",
                                                  expertise="Neglect; domestic abuse"),
                                    new_version)).status_code == 302
    nia.refresh_from_db()
    assert (nia.organisation, nia.expertise, nia.changed_by, nia.version) == (
        "Independent Reviews Co", "Neglect; domestic abuse", business_manager, 3)


def test_a_reviewer_save_without_a_version_is_refused(nia, business_manager, client_for):
    refused = client_for(business_manager).post(f"/reviewers/{nia.pk}/",
                                                reviewer_form(is_active=""))
    assert assert_refused_without_version(refused) == "1"
    nia.refresh_from_db()
    assert nia.is_active and nia.version == 1
