"""The "Publication check" section of the review page: the latest checks and, for those who check
drafts, a button to upload one. A fixed number of queries however many checks there are."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import checked, text
from reviewdesk.reviews.models import Review


def page(client: Client, review: Review) -> str:
    return text(client.get(f"/reviews/{review.uuid}/"))


def test_the_section_lists_the_latest_checks_and_offers_an_upload(
        registered, business_manager, client_for):
    checked(registered, business_manager, DRAFT, name="Kayden Moorcroft draft v3.txt")
    checked(registered, business_manager, "Child A was seen by Health Visitor 1.")
    shown = page(client_for(business_manager), registered)
    assert '<h2 class="govuk-heading-m" id="publication-check">Publication check</h2>' in shown
    assert f'href="/reviews/{registered.uuid}/publication-checks/1/">Check 1</a>' in shown
    assert "Kayden Moorcroft draft v3.txt" in shown
    assert "7 findings" in shown and "Nothing found" in shown
    assert f'href="/reviews/{registered.uuid}/publication-checks/upload/"' in shown


def test_before_any_upload_it_says_so(registered, lead_reviewer, client_for):
    shown = page(client_for(lead_reviewer), registered)
    assert "No drafts have been checked yet." in shown
    assert "Check a draft" in shown


def test_oversight_roles_see_checks_without_the_draft_s_name_or_an_upload_button(
        registered, business_manager, scrutineer, client_for):
    checked(registered, business_manager, DRAFT, name="Kayden Moorcroft draft v3.txt")
    shown = page(client_for(scrutineer), registered)
    assert "Check 1" in shown and "Plain text" in shown
    assert "draft v3" not in shown
    assert "publication-checks/upload/" not in shown


def test_the_rest_of_the_team_does_not_see_the_section(registered, business_manager,
                                                        agency_author, client_for):
    checked(registered, business_manager, DRAFT)
    assert "Publication check" not in page(client_for(agency_author), registered)


def test_more_than_five_checks_link_to_the_full_list(registered, business_manager, client_for):
    client = client_for(business_manager)
    checked(registered, business_manager, DRAFT)
    client.get(f"/reviews/{registered.uuid}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/reviews/{registered.uuid}/")
    for _ in range(6):
        checked(registered, business_manager, DRAFT)
    with CaptureQueriesContext(connection) as seven:
        shown = page(client, registered)
    assert len(one) == len(seven)
    assert "Check 7</a>" in shown and "Check 3</a>" in shown and "Check 2</a>" not in shown
    assert "See every draft checked" in shown
    listing = text(client.get(f"/reviews/{registered.uuid}/publication-checks/"))
    assert all(f"Check {n}</a>" in listing for n in range(1, 8))
