"""The 'Rapid review' section of the review page: who sees it, what it shows, and a query count
that does not grow with the number of agency summary requests."""

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import User
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.tests.helpers import page_text
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientResponse


def page_text_of(html: str) -> str:
    import re
    from html import unescape

    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def section_of(response: ClientResponse) -> str:
    page = response.content.decode()
    if 'id="rapid-review"' not in page:
        return ""
    start = page.index('aria-labelledby="rapid-review"')
    return page[start:page.index("</section>", start)]


def test_the_rapid_reviews_readers_see_the_section(started, business_manager, partner,
                                                   lead_reviewer, subgroup_member, scrutineer,
                                                   client_for):
    for person in (business_manager, partner, lead_reviewer, subgroup_member, scrutineer):
        section = section_of(client_for(person).get(f"/reviews/{started.uuid}/"))
        assert "Notification" in section and "Plan" in section, person
        assert ("0 of 6 steps done. Next: request a summary from each agency involved, due Tuesday "
                "3 March 2026.") in page_text_of(section)
        assert ("Request agency summaries" in section) == (person == business_manager)
        # The local authority's partner (``partner``) records the notification it submits.
        assert ("Record the notification" in section) == (person in (business_manager, partner))


def test_practitioners_and_contacts_without_read_access_do_not(started, practitioner,
                                                               agency_author, client_for):
    assert section_of(client_for(practitioner).get(f"/reviews/{started.uuid}/")) == ""
    response = client_for(agency_author).get(f"/reviews/{started.uuid}/")
    assert section_of(response) == ""
    assert "Your agency summary" not in response.content.decode()  # not asked for one


def test_the_section_shows_each_request_through_the_register(started, business_manager,
                                                             partner, agencies, agency_author,
                                                             client_for):
    actions.request_summaries(started, by=business_manager, due_on=date(2026, 3, 9),
                              requested_on=date(2026, 3, 3),
                              contacts=[(agencies["police"], agency_author)])
    as_manager = page_text(client_for(business_manager).get(f"/reviews/{started.uuid}/"))
    assert "Testshire Police Andy Author 9 March 2026 Requested Not yet None" in as_manager
    assert "Involved in the incident but not yet asked: Testshire Health / ICB." in as_manager
    as_partner = page_text(client_for(partner).get(f"/reviews/{started.uuid}/"))
    assert "Testshire Police Detective Sergeant 1 9 March 2026" in as_partner
    assert "Andy Author" not in as_partner


def review_page_queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/reviews/{review.uuid}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_requests(started, business_manager, partner,
                                                         partnership, agencies, client_for):
    contacts = [User.objects.create_user(f"contact{n}@example.test", "x",
                                         full_name=f"Contact Number{n}", partnership=partnership,
                                         agency=agency)
                for n, agency in enumerate(agencies.values())]
    pairs = [(c.agency, c) for c in contacts]

    def ask(some: list) -> None:
        actions.request_summaries(started, by=business_manager, due_on=date(2026, 3, 9),
                                  requested_on=date(2026, 3, 3), contacts=some)
        actions.record_meeting(started, by=business_manager, held_on=date(2026, 3, 3),
                               attendees=[partner])
        actions.chase_summary(started.summary_requests.get(agency=some[0][0]),
                              by=business_manager)

    ask(pairs[:2])
    bm, other = client_for(business_manager), client_for(partner)
    few = review_page_queries(bm, started), review_page_queries(other, started)
    ask(pairs[2:])
    many = review_page_queries(bm, started), review_page_queries(other, started)
    assert started.summary_requests.count() == len(agencies)
    assert many == few


def test_with_every_step_done_the_plan_names_no_next_step(started, business_manager, client_for):
    from reviewdesk.reviews import actions as review_actions

    for task in started.tasks.all():
        review_actions.complete_task(task, by=business_manager, done_on=date(2026, 3, 2))
    section = page_text_of(section_of(client_for(business_manager).get(f"/reviews/{started.uuid}/")))
    assert "6 of 6 steps done. The steps" in section
