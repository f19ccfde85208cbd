"""Intake: the pseudonym chosen for each child, the subject child in the review's title, and the
structured details (sex, age, legal status, language, parallel processes) shown by tier."""

import html
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine

from reviewdesk.accounts.models import Agency
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IncidentChild, Review
from reviewdesk.reviews.names import age_in_words
from reviewdesk.reviews.tests.test_intake import NEW, assert_nothing_created, date_fields
from reviewdesk.testing import ClientResponse


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    """Every date below is in early 2026: 'today' is fixed after them."""
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=UTC), tick=False):
        yield


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def incident_form(agencies: dict[str, Agency]) -> Callable[..., dict[str, object]]:
    def make(**changes: object) -> dict:
        data = {
            "child_1_name": "Kayden Moorcroft",
            "child_1_pseudonym": "Child A",
            **date_fields("child_1_dob", "14", "3", "2019"),
            "child_2_pseudonym": "Child B", "child_3_pseudonym": "Child C",
            "child_4_pseudonym": "Child D",
            "what_happened": "serious_harm", "abuse_or_neglect": "suspected",
            **date_fields("incident_date", "28", "2", "2026"),
            **date_fields("la_aware_on", "2", "3", "2026"),
            "agencies": [agencies["police"].pk],
            "summary": "A child was seriously hurt at home.",
            "on_behalf_of": "",
        }
        data.update({k: v for k, v in changes.items() if v is not None})
        return data

    return make


def test_the_form_offers_child_a_child_b_as_pseudonyms(business_manager, client_for):
    page = client_for(business_manager).get(NEW).content.decode()
    assert 'name="child_1_pseudonym" type="text" value="Child A"' in page
    assert 'name="child_4_pseudonym" type="text" value="Child D"' in page


def test_the_business_manager_chooses_child_k_and_everyone_sees_it_in_the_title(
        business_manager, partner, incident_form, client_for):
    response = client_for(business_manager).post(NEW, incident_form(child_1_pseudonym="Child K"))
    review = Review.objects.get()
    assert response.status_code == 302
    child = review.incidents.get().children.get()
    assert child.identity.pseudonym == "Child K"
    assert review.subject_child == child.identity
    page = page_text(client_for(partner).get(f"/reviews/{review.uuid}/"))
    assert "<title>TS-2026-001: Child K" in page
    assert "Kayden" not in page


def test_an_emptied_pseudonym_takes_the_next_free_letter(business_manager, incident_form,
                                                         client_for):
    client_for(business_manager).post(NEW, incident_form(
        child_1_pseudonym="", child_2_name="Mia Moorcroft", child_2_pseudonym="Child A"))
    pseudonyms = [c.identity.pseudonym for c in IncidentChild.objects.order_by("position")]
    assert pseudonyms == ["Child B", "Child A"]


def test_the_title_names_the_subject_child_only_not_every_child(
        business_manager, partner, incident_form, client_for):
    client_for(business_manager).post(NEW, incident_form(
        child_1_pseudonym="Child K", child_2_name="Mia Moorcroft", child_2_pseudonym="Child B"))
    review = Review.objects.get()
    page = page_text(client_for(partner).get(f"/reviews/{review.uuid}/"))
    assert "<title>TS-2026-001: Child K –" in page or "<title>TS-2026-001: Child K" in page
    assert "Child K, Child B" not in page
    assert "Child B, Child K" not in page
    assert "Child K (the subject of the review)" in page
    dashboard = page_text(client_for(business_manager).get("/dashboard/"))
    assert "Kayden Moorcroft" in dashboard and "Mia Moorcroft" not in dashboard


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"child_1_pseudonym": "kayden moorcroft"},
                     "'kayden moorcroft' is a real name in this case: choose a pseudonym such as "
                     "Child K.", id="the real name"),
        pytest.param({"child_1_pseudonym": "Kayden"},
                     "The pseudonym 'Kayden' contains part of a real name in this case: choose "
                     "one that names nobody, such as Child K.", id="part of the real name"),
        pytest.param({"child_1_pseudonym": "Child M", "child_2_name": "Mia Moorcroft",
                      "child_2_pseudonym": "child m"},
                     "Two children cannot both be 'child m': choose a different pseudonym for "
                     "each.", id="the same pseudonym twice"),
        pytest.param({"child_2_pseudonym": "Child Q"},
                     "Enter child 2's name, or clear their other answers.",
                     id="a pseudonym typed without a child"),
        pytest.param({"child_1_looked_after": "on", "child_1_legal_status": "child_in_need"},
                     "Child 1 is recorded as a looked-after child, but their legal status as "
                     "'child in need': choose 'looked after', or untick looked-after.",
                     id="looked after but a child in need"),
    ],
)
def test_a_bad_pseudonym_or_detail_is_refused_with_a_clear_message(
        business_manager, incident_form, client_for, changes, message):
    response = client_for(business_manager).post(NEW, incident_form(**changes))
    assert response.status_code == 200
    assert message in page_text(response)
    assert_nothing_created()


def test_another_case_offers_the_next_free_letters_and_refuses_a_pseudonym_in_use(
        business_manager, make_review, agencies, incident_form, client_for):
    review = make_review()
    url = f"/reviews/{review.uuid}/cases/add/"
    client = client_for(business_manager)
    assert 'value="Child B"' in client.get(url).content.decode()
    # The browser sends back the pseudonyms offered for the empty slots: Child C, D and E.
    offered = {"child_2_pseudonym": "Child C", "child_3_pseudonym": "Child D",
               "child_4_pseudonym": "Child E"}
    response = client.post(url, incident_form(child_1_name="Jo Moorcroft",
                                              child_1_pseudonym="CHILD A", **offered))
    assert "'CHILD A' is already used on this review: choose a different pseudonym." in \
        page_text(response)
    client.post(url, incident_form(child_1_name="Jo Moorcroft", child_1_pseudonym="Child B",
                                   **offered))
    review.refresh_from_db()
    assert review.identities.filter(pseudonym="Child B").exists()
    assert review.subject_child.real_name == "Kayden Moorcroft"


def test_the_structured_details_are_recorded(business_manager, incident_form, client_for):
    client_for(business_manager).post(NEW, incident_form(
        child_1_sex="male", child_1_legal_status="looked_after", child_1_first_language="Polish",
        child_1_interpreter_needed="yes", police_investigation="on", inquest="on"))
    child = IncidentChild.objects.get()
    assert (child.sex, child.legal_status, child.first_language, child.interpreter_needed) == (
        "male", "looked_after", "Polish", True)
    # A looked-after legal status makes a looked-after child (the Ofsted notice depends on it).
    assert child.looked_after
    assert (child.incident.police_investigation, child.incident.inquest) == (True, True)


def test_each_detail_is_optional(business_manager, incident_form, client_for):
    client_for(business_manager).post(NEW, incident_form())
    child = IncidentChild.objects.get()
    assert (child.sex, child.legal_status, child.first_language, child.interpreter_needed) == (
        "", "", "", None)


def test_the_case_summary_shows_each_viewer_what_their_tier_allows(
        business_manager, partner, agency_author, incident_form, client_for):
    client_for(business_manager).post(NEW, incident_form(
        child_1_sex="male", child_1_legal_status="child_protection_plan",
        child_1_first_language="Polish", child_1_interpreter_needed="no",
        police_investigation="on"))
    review = Review.objects.get()
    actions.add_member(review, agency_author, "agency_author", by=business_manager,
                       started_on=date(2026, 3, 3))
    url = f"/reviews/{review.uuid}/"
    for person in (business_manager, agency_author):
        page = page_text(client_for(person).get(url))
        assert ("Kayden Moorcroft (the subject of the review): date of birth: 14 March 2019 "
                "(aged 6 at the incident); sex: Male; legal status at the time: Child protection "
                "plan; first language: Polish; interpreter needed: No") in page
        assert "A police investigation" in page
    page = page_text(client_for(partner).get(url))
    assert ("Child A (the subject of the review): age at the incident: aged 6; legal status at "
            "the time: Child protection plan") in page
    for hidden in ["Kayden", "14 March 2019", "Male", "Polish", "interpreter needed"]:
        assert hidden not in page
    assert "A police investigation" in page


@pytest.mark.parametrize(
    ("born", "on", "words"),
    [
        (date(2019, 3, 14), date(2026, 3, 13), "aged 6"),
        (date(2019, 3, 14), date(2026, 3, 14), "aged 7"),
        (date(2024, 12, 1), date(2026, 3, 2), "aged 1 year 3 months"),
        (date(2025, 3, 2), date(2026, 3, 2), "aged 1 year"),
        (date(2025, 11, 1), date(2026, 3, 2), "aged 4 months"),
        (date(2026, 2, 20), date(2026, 3, 2), "aged under 1 month"),
        (None, date(2026, 3, 2), ""),
    ],
)
def test_ages_are_in_words_never_a_date(born, on, words):
    assert age_in_words(born, on) == words
