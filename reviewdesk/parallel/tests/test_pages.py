"""The parallel processes page and its forms, and the panel of processes open now at the top of
every page of the review, for everyone on it, in a fixed number of queries."""

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk.parallel import actions, selectors
from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState, ProcessStatus
from reviewdesk.reviews.models import Review
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month),
            f"{name}-year": str(on.year)}


def panel_text(page: str) -> str:
    """The panel at the top of the page, as words (tags dropped, spaces collapsed)."""
    found = re.search(r'<div class="govuk-notification-banner"[^>]*data-review-panel="true".*?'
                      r'</ul>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(0)).split()) if found else ""


def processes_url(review: Review) -> str:
    return reverse("parallel:processes", args=[review.uuid])


def investigation(review: Review, by: Any, **overrides: Any) -> ParallelProcess:
    values: dict[str, Any] = {"kind": ProcessKind.POLICE_INVESTIGATION,
                              "opened_on": date(2026, 3, 4), "reference": "Operation Larkspur",
                              "lead_role": "Senior investigating officer"} | overrides
    return actions.record_process(review, by=by, **values)


def test_the_business_manager_adds_a_process_for_the_police_partner(
        client_for, review, business_manager, partner, agencies):
    client = client_for(business_manager)
    form = client.get(reverse("parallel:add_process", args=[review.uuid]))
    assert form.status_code == 200
    assert "Disciplinary processes are not recorded here" in form.content.decode()
    response = client.post(reverse("parallel:add_process", args=[review.uuid]), {
        "kind": ProcessKind.POLICE_INVESTIGATION, "reference": "Operation Larkspur",
        "lead_name": "Morag Keddie", "lead_role": "Senior investigating officer",
        "lead_agency": agencies["police"].pk, "lead_contact": "07700 900123",
        **day("opened_on", date(2026, 3, 4)), "note": "", "on_behalf_of": partner.pk})
    assert response.status_code == 302 and response["Location"] == processes_url(review)
    process = ParallelProcess.objects.get(review=review)
    assert (process.lead_name, process.lead_agency, process.on_behalf_of, process.created_by) == (
        "Morag Keddie", agencies["police"], partner, business_manager)
    page = client.get(processes_url(review)).content.decode()
    assert "The police investigation is recorded as open." in page
    assert "Morag Keddie, Senior investigating officer, Testshire Police" in page
    assert "Bea Manager on behalf of Pat Partner" in page


def test_a_bad_form_says_what_is_wrong_and_records_nothing(client_for, review, business_manager):
    response = client_for(business_manager).post(
        reverse("parallel:add_process", args=[review.uuid]),
        {"kind": ProcessKind.OTHER, **day("opened_on", tomorrow())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Date it opened cannot be in the future." in page
    assert not ParallelProcess.objects.exists()
    response = client_for(business_manager).post(
        reverse("parallel:add_process", args=[review.uuid]),
        {"kind": ProcessKind.OTHER, **day("opened_on", date(2026, 3, 4))})
    assert "Say what kind of process it is, for example a fatal accident inquiry." in (
        response.content.decode())
    assert not ParallelProcess.objects.exists()


def test_recording_a_change_of_status(client_for, review, business_manager):
    process = investigation(review, business_manager, kind=ProcessKind.INQUEST)
    client = client_for(business_manager)
    url = reverse("parallel:record_status", args=[review.uuid, process.pk])
    form = client.get(url).content.decode()
    assert "It is opened now." in form
    # An open process offers what may follow: never "opened again".
    assert 'value="opened"' not in form and 'value="listed"' in form
    missing = client.post(url, {"state": ProcessState.LISTED,
                                **day("effective_on", date(2026, 4, 1))})
    assert "Enter the date it is listed for." in missing.content.decode()
    assert ProcessStatus.objects.count() == 1
    response = client.post(url, {"state": ProcessState.LISTED,
                                 **day("effective_on", date(2026, 4, 1)),
                                 **day("listed_for", date(2027, 2, 8)), "note": "Two days."})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.state == ProcessState.LISTED
    page = client.get(processes_url(review)).content.decode()
    assert "The inquest is recorded as listed for a date." in page
    assert "8 February 2027" in page


def test_another_review_s_process_is_not_found(client_for, review, make_review, business_manager):
    other = make_review(child_name="Lily Okonjo")
    process = investigation(other, business_manager)
    response = client_for(business_manager).get(
        reverse("parallel:record_status", args=[review.uuid, process.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("person", ["lead_reviewer", "practitioner", "partner"])
def test_those_who_read_the_processes_may_not_record_them(client_for, review, request, person):
    client = client_for(request.getfixturevalue(person))
    assert client.get(processes_url(review)).status_code == 200
    assert client.get(reverse("parallel:add_process", args=[review.uuid])).status_code == 403
    assert client.post(reverse("parallel:add_process", args=[review.uuid]), {
        "kind": ProcessKind.INQUEST, **day("opened_on", date(2026, 3, 4))}).status_code == 403
    assert not ParallelProcess.objects.exists()


def test_outsiders_do_not_learn_the_review_exists(client_for, review, outsider):
    assert client_for(outsider).get(processes_url(review)).status_code == 404


def test_the_lead_s_name_is_shown_only_to_those_who_may_see_it(
        client_for, review, business_manager, practitioner, agency_author):
    # The agency author's name is a staff identity on this review: a practitioner sees the role.
    investigation(review, business_manager, lead_name=agency_author.full_name,
                  lead_role="Senior investigating officer")
    actions.record_process_status(
        ParallelProcess.objects.get(), by=business_manager, state=ProcessState.ADJOURNED,
        effective_on=date(2026, 4, 1), note=f"{agency_author.full_name} asked for time.")
    seen = client_for(business_manager).get(processes_url(review)).content.decode()
    assert seen.count("Andy Author") == 2
    hidden = client_for(practitioner).get(processes_url(review)).content.decode()
    assert "Andy Author" not in hidden
    assert "Senior investigating officer" in hidden


def test_the_panel_shows_the_processes_open_now_on_every_page_of_the_review(
        client_for, review, business_manager, practitioner, lead_reviewer, agencies):
    investigation(review, business_manager, lead_agency=agencies["police"])
    inquest = investigation(review, business_manager, kind=ProcessKind.INQUEST, reference="")
    actions.record_process_status(inquest, by=business_manager, state=ProcessState.LISTED,
                                  effective_on=date(2026, 4, 1), listed_for=date(2027, 2, 8))
    pages = [reverse("reviews:review", args=[review.uuid]),
             reverse("reviews:team", args=[review.uuid]),
             reverse("reviews:register", args=[review.uuid]),
             reverse("decisions:decision", args=[review.uuid]),
             processes_url(review),
             reverse("parallel:add_process", args=[review.uuid])]
    for url in pages:
        page = client_for(business_manager).get(url).content.decode()
        assert "Processes open now" in page, url
        words = panel_text(page)
        assert ("Police investigation (Operation Larkspur): open since 4 March 2026; who leads "
                "it: Senior investigating officer, Testshire Police") in words, url
        assert "Inquest: listed for 8 February 2027" in words, url
        assert page.count('data-review-panel="true"') == 1, url
    # A practitioner's own view of the review, and the lead reviewer's page.
    for person in (practitioner, lead_reviewer):
        page = client_for(person).get(reverse("reviews:review", args=[review.uuid]))
        assert "Processes open now" in page.content.decode()


def test_no_panel_once_every_process_has_concluded(client_for, review, business_manager):
    process = investigation(review, business_manager)
    actions.record_process_status(process, by=business_manager, state=ProcessState.CONCLUDED,
                                  effective_on=date(2026, 5, 1), outcome="No further action.")
    page = client_for(business_manager).get(reverse("reviews:review", args=[review.uuid]))
    text = page.content.decode()
    assert "Processes open now" not in text
    # The review page's section still says what there was.
    assert "0 open, 1 concluded" in text


def test_no_panel_on_pages_outside_a_review(client_for, review, business_manager):
    investigation(review, business_manager)
    for url in (reverse("reviews:home"), reverse("reviews:dashboard")):
        assert "Processes open now" not in client_for(business_manager).get(url).content.decode()


def test_the_panel_costs_three_queries_however_many_processes_are_open(
        review, business_manager, practitioner):
    def cost(person: Any, review: Review) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            panel = selectors.panel(review, person)
        assert panel is not None
        return len(panel["processes"]), len(queries)

    # The person's roles on the review (cached for the request: a page has usually asked
    # already), then the processes open now with their latest dates, and the advice in force.
    fresh = Review.objects.get(pk=review.pk)
    assert cost(business_manager, fresh) == (0, 3)
    assert cost(practitioner, fresh) == (0, 3)
    assert cost(practitioner, fresh) == (0, 2)
    for n in range(4):
        investigation(review, business_manager, kind=ProcessKind.INQUEST, reference=f"Ref {n}")
    fresh = Review.objects.get(pk=review.pk)
    assert cost(business_manager, fresh) == (4, 3)
    assert cost(practitioner, fresh) == (4, 3)


def test_the_review_page_costs_the_same_with_one_open_process_or_many(
        client_for, review, business_manager):
    investigation(review, business_manager)
    client = client_for(business_manager)
    url = reverse("reviews:review", args=[review.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        investigation(review, business_manager, kind=ProcessKind.FAMILY_PROCEEDINGS,
                      reference=f"Case {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("Family proceedings</strong>") == 5
    assert len(many) == len(one)


def test_a_page_with_no_names_of_its_own_still_shows_the_panel_through_the_redactor(
        rf, review, business_manager, practitioner, agency_author):
    """Some pages of a review pass no ``names``: the panel builds the viewer's."""
    from django.template import engines

    investigation(review, business_manager,
                  lead_role=f"Senior investigating officer, with {agency_author.full_name}")
    env = engines["jinja2"].env
    template = env.from_string("{% for review_panel in review_panels(request, review, none) %}"
                               "{% include review_panel.template %}{% endfor %}")
    for person, shown in ((business_manager, True), (practitioner, False)):
        request = rf.get("/")
        request.user = person
        html = template.render(request=request, review=review)
        assert "Processes open now" in html
        assert ("Andy Author" in html) is shown
