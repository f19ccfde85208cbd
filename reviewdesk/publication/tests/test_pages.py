"""The publication page: every check, met or not, for today, a scheduled date or a date typed;
the section on the review page; cancelling a schedule from the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.publication import actions
from reviewdesk.publication.models import Publication
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import day
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

TITLES = ["Harm from publication assessed", "The report approved, and its final report made",
          "No identifying finding open in the final report",
          "The family told the publication date, where they asked"]


def test_every_check_is_listed_for_today_or_the_date_typed(
        client_for: ClientFor, ready: Review, scrutineer: User) -> None:
    url = reverse("publication:page", args=[ready.uuid])
    client = client_for(scrutineer)
    text = client.get(url).content.decode()
    today = timezone.localdate()
    assert f"The final check for {today:%-d %B %Y}" in text
    for title in TITLES:
        assert title in text
    assert "every one is met" in text
    # The scrutineer reads it; only the business manager acts.
    assert "Publish or schedule the report" not in text
    later = today + timedelta(days=20)
    text = client.get(url, {"on-day": later.day, "on-month": later.month,
                            "on-year": later.year}).content.decode()
    assert f"The final check for {later:%-d %B %Y}" in text


def test_the_review_page_links_to_it_from_the_publication_stage(
        client_for: ClientFor, ready: Review, business_manager: User) -> None:
    text = client_for(business_manager).get(
        reverse("reviews:review", args=[ready.uuid])).content.decode()
    assert "Not published or scheduled yet. Every check before publishing is met." in text
    assert reverse("publication:page", args=[ready.uuid]) in text


def test_a_schedule_is_shown_and_cancelled_from_the_page(
        client_for: ClientFor, ready: Review, business_manager: User) -> None:
    later = timezone.localdate() + timedelta(days=9)
    scheduled = actions.schedule(ready, by=business_manager, on=later, title="Child A",
                                 summary="In brief.")
    client = client_for(business_manager)
    page = client.get(reverse("publication:page", args=[ready.uuid])).content.decode()
    assert f"The final check for {later:%-d %B %Y}" in page and "Cancel the schedule" in page
    # Not public yet: its address is shown, not linked (it would answer 404).
    assert "/published/child-a-" in page and 'href="/published/child-a-' not in page
    url = reverse("publication:cancel", args=[ready.uuid, scheduled.uuid])
    response = client.post(url, {"reason": "", **day("cancelled_on", timezone.localdate())})
    assert "Say why the schedule is cancelled." in response.content.decode()
    response = client.post(url, {"reason": "The inquest was listed.",
                                 **day("cancelled_on", timezone.localdate())})
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.state == Publication.State.CANCELLED
    page = client.get(reverse("publication:page", args=[ready.uuid])).content.decode()
    assert "Earlier publications" in page and "The inquest was listed." in page


def test_a_published_report_s_public_page_is_linked(
        client_for: ClientFor, ready: Review, business_manager: User) -> None:
    published = actions.publish(ready, by=business_manager, title="Child A", summary="In brief.")
    page = client_for(business_manager).get(
        reverse("publication:page", args=[ready.uuid])).content.decode()
    assert f'href="/published/{published.slug}/"' in page
