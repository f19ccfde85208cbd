"""The advice pages: setting it from the form, the panel on the review page with its button,
the history and who has read it, lifting; who may use each."""

from datetime import date

import pytest
from django.urls import reverse

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import Advice, ChronologyRestriction, NoContact
from reviewdesk.parallel.restrictions import advice_in_force
from reviewdesk.parallel.tests.conftest import MOTHER
from reviewdesk.rapid_review.models import Meeting
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def _form(mother: IdentityEntry, agencies: dict[str, Agency], **changes: object) -> dict:
    return {"text": f"Do not discuss the case with {MOTHER} or among yourselves.",
            "effective_on-day": "3", "effective_on-month": "3", "effective_on-year": "2026",
            "requested_by": "DI Ranjit Okafor, senior investigating officer",
            "no_contact": [mother.pk], "topics": "The events of 1 March\nThe arrest",
            "range1_date_from-day": "1", "range1_date_from-month": "2",
            "range1_date_from-year": "2026", "range1_date_to-day": "1",
            "range1_date_to-month": "3", "range1_date_to-year": "2026",
            "range1_agency": agencies["health"].pk, "range1_lead_reviewers_see": "on",
            "range1_agencies_see": [agencies["police"].pk], **changes}


def test_the_business_manager_sets_advice_from_the_form(
        review: Review, business_manager: User, mother: IdentityEntry,
        agencies: dict[str, Agency], client_for: ClientFor) -> None:
    client = client_for(business_manager)
    url = reverse("parallel:set_advice", args=[review.uuid])
    page = client.get(url)
    assert page.status_code == 200 and f"{MOTHER} (Mother)" in page.content.decode()

    response = client.post(url, _form(mother, agencies))
    assert response.status_code == 302
    advice = advice_in_force(review)
    assert advice is not None and advice.effective_on == date(2026, 3, 3)
    assert NoContact.objects.get(advice=advice).identity == mother
    restriction = ChronologyRestriction.objects.get(advice=advice)
    assert (restriction.date_from, restriction.date_to, restriction.agency) == (
        date(2026, 2, 1), date(2026, 3, 1), agencies["health"])
    assert restriction.lead_reviewers_see and not restriction.business_manager_sees
    assert list(restriction.agencies_see.all()) == [agencies["police"]]


@pytest.mark.parametrize("changes, message", [
    ({"range1_date_to-day": "", "range1_date_to-month": "", "range1_date_to-year": ""},
     "Range 1: enter the date the entries end on"),
    ({"range1_date_from-month": "4"}, "Range 1: the start, 1 April 2026, is after the end"),
    ({"text": ""}, "Enter the advice to staff"),
    ({"effective_on-year": "2999"}, "cannot be in the future"),
])
def test_a_wrong_form_comes_back_saying_what_to_fix_and_nothing_changes(
        review: Review, business_manager: User, mother: IdentityEntry,
        agencies: dict[str, Agency], client_for: ClientFor, changes: dict,
        message: str) -> None:
    response = client_for(business_manager).post(
        reverse("parallel:set_advice", args=[review.uuid]), _form(mother, agencies, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Advice.objects.exists()


def test_everyone_on_the_review_sees_the_advice_and_acknowledges_it_on_their_page(
        review: Review, business_manager: User, practitioner: User, mother: IdentityEntry,
        partner: User, client_for: ClientFor) -> None:
    actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                       text=f"No contact with {MOTHER}.", no_contact=[mother],
                       topics=["The events of 1 March"])
    client = client_for(practitioner)
    review_url = reverse("reviews:review", args=[review.uuid])
    page = client.get(review_url).content.decode()
    assert "Advice in force" in page and "The events of 1 March" in page
    assert f"No contact with {MOTHER}." in page and "I have read this advice" in page

    advice = advice_in_force(review)
    assert advice is not None
    response = client.post(reverse("parallel:acknowledge_advice", args=[review.uuid, advice.pk]),
                           {"next": review_url})
    assert response.status_code == 302 and response["Location"] == review_url
    page = client.get(review_url).content.decode()
    assert "I have read this advice" not in page and "You confirmed you had read" in page

    # A partner reads the advice (names through their redactor) but has nothing to acknowledge.
    page = client_for(partner).get(review_url).content.decode()
    assert "No contact with Mother." in page and MOTHER not in page
    assert "I have read this advice" not in page
    assert client_for(partner).post(
        reverse("parallel:acknowledge_advice", args=[review.uuid, advice.pk])).status_code == 403


def test_the_business_manager_sees_who_has_not_read_it_and_the_history(
        review: Review, business_manager: User, practitioner: User, mother: IdentityEntry,
        client_for: ClientFor) -> None:
    first = actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                               text="Do not discuss the case.", no_contact=[mother])
    second = actions.set_advice(review, by=business_manager, effective_on=date(2026, 4, 1),
                                text="You may talk among yourselves.")
    actions.acknowledge(second, person=practitioner)
    page = client_for(business_manager).get(
        reverse("parallel:advice", args=[review.uuid])).content.decode()
    assert "1 of 4 people on the review have confirmed they have read it." in page
    assert "Not yet" in page and "Rita Reviewer" in page
    assert "Advice of 3 March 2026: replaced on 1 April 2026" in page
    assert "Do not discuss the case." in page and first.pk != second.pk
    assert AuditEvent.objects.filter(event_type="advice.history_viewed").exists()


def test_the_business_manager_lifts_one_restriction_then_the_advice(
        review: Review, business_manager: User, mother: IdentityEntry,
        client_for: ClientFor) -> None:
    advice = actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                                text="No contact.", no_contact=[mother], topics=["The arrest"])
    client = client_for(business_manager)
    restriction = NoContact.objects.get(advice=advice)
    url = reverse("parallel:lift_restriction",
                  args=[review.uuid, advice.pk, "no-contact", restriction.pk])
    assert f"No contact with: {MOTHER} (Mother)" in client.get(url).content.decode()
    assert client.post(url, {"lifted_on-day": "2", "lifted_on-month": "4",
                             "lifted_on-year": "2026"}).status_code == 302
    restriction.refresh_from_db()
    assert restriction.lifted_on == date(2026, 4, 2)

    lift = reverse("parallel:lift_advice", args=[review.uuid, advice.pk])
    response = client.post(lift, {"lifted_on-day": "3", "lifted_on-month": "4",
                                  "lifted_on-year": "2026", "reason": ""})
    assert "Say why the advice is lifted" in response.content.decode()
    assert client.post(lift, {"lifted_on-day": "3", "lifted_on-month": "4",
                              "lifted_on-year": "2026",
                              "reason": "Charged."}).status_code == 302
    assert advice_in_force(review) is None


@pytest.mark.parametrize("who, status", [("practitioner", 403), ("lead_reviewer", 403),
                                         ("partner", 403), ("outsider", 404)])
def test_only_the_business_manager_may_set_advice(
        review: Review, who: str, status: int, client_for: ClientFor,
        request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("parallel:set_advice", args=[review.uuid])).status_code == status


def test_the_topics_not_to_discuss_are_on_the_rapid_review_meetings_record(
        review: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    meeting = Meeting.objects.create(review=review, held_on=date(2026, 3, 6),
                                     recorded_by=business_manager)
    url = reverse("rapid_review:meeting", args=[review.uuid, meeting.uuid])
    assert "Advice in force: do not discuss" not in client_for(lead_reviewer).get(
        url).content.decode()
    advice = actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                                text="Do not discuss the incident.",
                                topics=["What Polly Practitioner saw on 1 March"])
    page = client_for(lead_reviewer).get(url).content.decode()
    assert "Advice in force: do not discuss" in page
    assert "What Polly Practitioner saw on 1 March" in page
    actions.lift_advice(advice, by=business_manager, lifted_on=date(2026, 3, 9), reason="Over.")
    assert "Advice in force" not in client_for(lead_reviewer).get(url).content.decode()


def test_home_asks_each_person_on_the_team_to_read_the_advice_until_they_have(
        review: Review, business_manager: User, practitioner: User,
        client_for: ClientFor) -> None:
    client = client_for(practitioner)
    assert "Read the advice to staff in force" not in client.get("/").content.decode()
    advice = actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                                text="Do not discuss the case.")
    assert "Read the advice to staff in force" in client.get("/").content.decode()
    actions.acknowledge(advice, person=practitioner)
    assert "Read the advice to staff in force" not in client.get("/").content.decode()
