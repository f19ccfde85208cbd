"""In a real browser (Debian's Chromium), with axe-core on every page: the business manager adds a
subgroup member who cannot declare no contact (refused), then one who can (the declaration on the
team page); a practitioner's manager reads their page, their own staff named."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Partnership, PartnershipRole, User
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import add_manager
from reviewdesk.reviews.tests.test_browser import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def representative(partnership: Partnership) -> User:
    return User.objects.create_user("rep@example.test", PASSWORD, full_name="Reg Representative",
                                    partnership=partnership,
                                    role=PartnershipRole.SUBGROUP_MEMBER)


@pytest.fixture
def manager(partnership: Partnership, practitioner: User) -> User:
    return User.objects.create_user("manager@example.test", PASSWORD, full_name="Mona Manager",
                                    partnership=partnership, agency=practitioner.agency,
                                    job_title="Team Manager")


def test_a_subgroup_member_is_added_only_with_the_declaration(
        page: Page, live_server: LiveServer, review: Review, business_manager: User,
        representative: User) -> None:
    sign_in(page, live_server, business_manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/team/add/")
    page.get_by_label("Person").select_option(label=f"Reg Representative – CSPR subgroup member "
                                                    f"({representative.email})")
    page.get_by_role("radio", name="CSPR subgroup member").check()
    page.get_by_role("radio", name="No, they have had contact or responsibility").check()
    page.get_by_role("button", name="Add to the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "cannot be added as a subgroup member")
    assert_accessible(page)
    assert not review.memberships.filter(person=representative).exists()

    page.get_by_role("radio", name="Yes, they declare it").check()
    page.get_by_label("Anything they add to their declaration (optional)").fill(
        "I work in another district.")
    page.get_by_role("button", name="Add to the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Added to the review team.")
    declarations = page.locator(".govuk-summary-list").last
    expect(declarations).to_contain_text("Reg Representative")
    expect(declarations).to_contain_text(actions.NO_CONTACT_STATEMENT)
    expect(declarations).to_contain_text("I work in another district.")
    expect(declarations).to_contain_text("recorded by Bea Manager")
    assert_accessible(page)


def test_a_manager_reads_their_page_with_their_own_staff_named(
        page: Page, live_server: LiveServer, review: Review, business_manager: User,
        practitioner: User, manager: User) -> None:
    add_manager(review, practitioner, manager, by=business_manager)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/reviews/{review.uuid}/")
    expect(page.get_by_role("heading", name="Your staff on this review")).to_be_visible()
    expect(page.get_by_text("Polly Practitioner (Health Visitor 1)")).to_be_visible()
    expect(page.get_by_text("Andy Author")).to_have_count(0)
    assert_accessible(page)
    assert ReviewRole.MANAGER in set(review.memberships.filter(person=manager).values_list(
        "role", flat=True))
