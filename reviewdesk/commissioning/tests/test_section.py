"""The "Commissioning and set-up" panel on the review page: what it says, to whom, and that it
costs the same few queries however much the review holds."""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.commissioning import actions, sections
from reviewdesk.commissioning.tests.helpers import text
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.testing import MakeReview


def build(review: Review, at_stage: MakeReview, by: User, partnership: Partnership,
          n_agencies: int) -> Review:
    """A review at set-up with notices, files (every agency's confirmed: commissioning cannot
    complete without them), a lead reviewer, versions and authors for ``n_agencies``
    agencies."""
    chosen = list(Agency.objects.filter(partnership=partnership).order_by("pk"))[:n_agencies]
    review.incidents.first().agencies.set(chosen)
    review = at_stage(review, "set_up")  # the notices were sent before commissioning completed
    for n in range(2 if n_agencies > 2 else 1):
        reviewer = actions.add_reviewer(partnership, by=by, full_name=f"Reviewer {n}",
                                        email=f"r{n}.{review.pk}@example.test")
        actions.appoint_lead_reviewer(review, reviewer, by=by, appointed_on=date(2026, 4, 20),
                                      conflict="none")
    for version in range(1, 3):
        saved = actions.save_terms_of_reference(
            review, by=by, period_from=date(2025, 3, 1), period_to=date(2026, 3, 2),
            lines_of_enquiry=f"Version {version}", methodology="Systems approach",
            agencies=chosen)
        actions.approve_terms_of_reference(saved, by=by, approved_on=date(2026, 4, 10))
    for agency in chosen:
        author = User.objects.create_user(f"a{agency.pk}.{review.pk}@example.test", "x",
                                          full_name=f"Author {agency.pk}",
                                          partnership=partnership, agency=agency)
        actions.name_chronology_author(review, agency, by=by, person=author,
                                       due_on=date(2026, 12, 4), named_on=date(2026, 4, 21))
    actions.share_terms_of_reference(saved, by=by)
    return review


def section_queries(review: Review, viewer: User) -> tuple[int, str]:
    request = RequestFactory().get("/")
    request.user = viewer
    names = Names(review, viewer)
    list(names.entries)  # the review page has loaded the register already
    with CaptureQueriesContext(connection) as queries:
        section = sections.commissioning_section(request, review, names)
        html = render_to_string(section.template, {"section": section, "names": names},
                                request=request)
    return len(queries), html


def test_the_section_costs_the_same_few_queries_however_much_the_review_holds(
        make_review, at_stage, business_manager, agencies, partnership):
    small = build(make_review(), at_stage, business_manager, partnership, 2)
    large = build(make_review(child_name="Other Child"), at_stage, business_manager, partnership,
                  7)
    small_count, small_html = section_queries(small, business_manager)
    large_count, large_html = section_queries(large, business_manager)
    assert "2 of 2 agencies confirmed" in small_html
    assert "7 of 7 agencies confirmed" in large_html
    assert small_count == large_count
    assert large_count <= 10, large_count


def test_the_section_tells_each_reader_what_they_may_know(
        review, at_stage, business_manager, partner, practitioner, agency_author, agencies,
        client_for):
    review = at_stage(review, "set_up")  # its notices sent before commissioning completed
    actions.name_chronology_author(review, agencies["police"], by=business_manager,
                                   person=agency_author, due_on=date(2026, 4, 30),
                                   named_on=date(2026, 4, 21))
    manager = text(client_for(business_manager).get(f"/reviews/{review.uuid}/"))
    assert "Commissioning and set-up" in manager
    assert "5 waiting to be sent" in manager
    assert "2 of 2 agencies confirmed" in manager
    assert "Rita Reviewer" in manager  # the lead reviewer is named in public
    assert "added to the team without an appointment record" in manager
    assert "Not drafted yet" in manager
    assert "Testshire Police: Andy Author, due 30 April 2026" in manager
    assert "Overdue" in manager
    assert "Testshire Health / ICB: not named yet" in manager
    assert "Where notices are sent" in manager

    partner_view = text(client_for(partner).get(f"/reviews/{review.uuid}/"))
    assert "Testshire Police: Detective Sergeant 1, due 30 April 2026" in partner_view
    assert "Andy Author" not in partner_view
    assert "without an appointment record" not in partner_view  # for the business manager
    assert "Where notices are sent" not in partner_view
    # Practitioners have their own page, without the panel.
    assert "Commissioning and set-up" not in text(
        client_for(practitioner).get(f"/reviews/{review.uuid}/"))


@pytest.mark.parametrize("stage", ["notification"])
def test_the_section_waits_for_commissioning(review, business_manager, client_for, stage):
    assert "Commissioning and set-up" not in text(
        client_for(business_manager).get(f"/reviews/{review.uuid}/"))
