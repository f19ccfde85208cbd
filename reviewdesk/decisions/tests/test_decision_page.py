"""The decision page: who sees what, who may act, and what the forms do."""

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.models import AuditEvent
from reviewdesk.decisions.models import Outcome, PanelResponse, PartnerDecision
from reviewdesk.decisions.tests.helpers import bring_to_decision, date_fields, decide
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewKind, Stage
from reviewdesk.reviews.tests.test_access_matrix import CHILD, MOTHER
from reviewdesk.testing import ClientResponse


def url(review: Review, verb: str = "") -> str:
    return f"/reviews/{review.uuid}/decision/" + (f"{verb}/" if verb else "")


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def partner_form(day: date = date(2026, 3, 25), **extra: object) -> dict:
    return {"partner-outcome": "local_cspr", "partner-reasons": "Agencies did not share concerns.",
            "partner-meets_criteria": "yes", "partner-subgroup_recommended": "recommended",
            "partner-lines_of_enquiry": "Information sharing.",
            "partner-methodology": "Systems approach",
            **date_fields("partner", "decided_on", day), **extra}


def test_a_partner_records_their_decision_from_the_page(at_decision, partner, client_for):
    client = client_for(partner)
    page = text(client.get(url(at_decision)))
    assert "Record the local authority's decision" in page
    assert "Meeting the criteria for a CSPR does not oblige a review" in page
    assert "Whose decision is it?" not in page  # a partner records only their own
    response = client.post(url(at_decision, "partner"), partner_form())
    assert response.status_code == 302 and response["Location"] == url(at_decision)
    decision = PartnerDecision.objects.get(review=at_decision)
    assert (decision.partner_for, decision.recorded_by) == (PartnerFor.LOCAL_AUTHORITY, partner)
    page = text(client.get(url(at_decision)))
    assert "The local authority's decision is recorded." in page
    assert "Record the local authority's decision" not in page
    assert "Waiting for 2 of the 3 partners to decide." in page
    assert "Agencies did not share concerns." in page


def test_an_empty_form_comes_back_with_every_problem_and_saves_nothing(
        at_decision, partner, client_for):
    response = client_for(partner).post(url(at_decision, "partner"), {})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert page.count("Give the reasons for the decision: they are kept on the review.") == 2
    assert "Choose the decision: a local CSPR" in page
    assert "<title>Error: " in page
    assert not PartnerDecision.objects.exists()


def test_a_future_date_is_refused_on_the_page(at_decision, partner, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(partner).post(url(at_decision, "partner"), partner_form(tomorrow))
    assert response.status_code == 200
    assert "Date of the decision cannot be in the future." in text(response)
    assert not PartnerDecision.objects.exists()


def test_a_second_decision_by_the_same_partner_is_refused_with_a_clear_message(
        at_decision, partner, client_for):
    decide(at_decision, partner, on=date(2026, 3, 23))
    response = client_for(partner).post(url(at_decision, "partner"), partner_form())
    assert response.status_code == 200
    assert ("The local authority's decision is already recorded (it took effect on 23 March "
            "2026).") in text(response)
    assert PartnerDecision.objects.count() == 1


def test_the_business_manager_records_for_a_partner_and_the_page_shows_both(
        at_decision, business_manager, health_partner, partner, client_for):
    client = client_for(business_manager)
    page = text(client.get(url(at_decision)))
    assert "Record a partner's decision for them" in page
    assert "Hattie Health (Health (ICB))" in page
    # The person chosen must represent the partner chosen.
    response = client.post(url(at_decision, "partner"), partner_form(
        **{"partner-partner_for": "health", "partner-on_behalf_of": partner.pk}))
    assert "Pat Partner represents the local authority: choose someone who represents the " \
           "health partner (ICB)." in text(response)
    response = client.post(url(at_decision, "partner"), partner_form(
        **{"partner-partner_for": "health", "partner-on_behalf_of": health_partner.pk}))
    assert response.status_code == 302
    decision = PartnerDecision.objects.get()
    assert (decision.recorded_by, decision.on_behalf_of) == (business_manager, health_partner)
    for viewer in [business_manager, partner]:
        assert "by Bea Manager on behalf of Hattie Health" in text(
            client_for(viewer).get(url(at_decision)))


def test_agreement_through_the_page_moves_the_review_on_and_says_so(
        at_decision, partners, client_for):
    decide(at_decision, partners[PartnerFor.HEALTH], on=date(2026, 3, 24))
    decide(at_decision, partners[PartnerFor.POLICE], on=date(2026, 3, 24))
    client = client_for(partners[PartnerFor.LOCAL_AUTHORITY])
    response = client.post(url(at_decision, "partner"), partner_form(date(2026, 3, 26)),
                           follow=True)
    page = text(response)
    assert ("The local authority's decision is recorded. The decision is settled: the review has "
            "moved to commissioning as a local child safeguarding practice review.") in page
    assert ("The three safeguarding partners agreed on 26 March 2026: local child safeguarding "
            "practice review.") in page
    assert "The three safeguarding partners, in agreement" in page
    review = Review.objects.get(pk=at_decision.pk)
    assert (review.stage, review.initiated_on) == (Stage.COMMISSIONING, date(2026, 3, 26))


def test_the_scrutineer_sees_the_split_side_by_side_and_records_the_final_decision(
        at_decision, partners, scrutineer, client_for):
    client = client_for(scrutineer)
    assert "The independent scrutineer's final decision" not in text(client.get(url(at_decision)))
    decide(at_decision, partners[PartnerFor.LOCAL_AUTHORITY], Outcome.LOCAL_CSPR,
           reasons="LA: the criteria are met.")
    decide(at_decision, partners[PartnerFor.HEALTH], Outcome.LOCAL_CSPR,
           reasons="Health: the criteria are met.")
    decide(at_decision, partners[PartnerFor.POLICE], Outcome.NO_REVIEW,
           reasons="Police: single-agency learning.")
    page = text(client.get(url(at_decision)))
    assert "Escalated to the independent scrutineer" in page
    for reasons in ["LA: the criteria are met.", "Health: the criteria are met.",
                    "Police: single-agency learning."]:
        assert reasons in page
    assert "Record the final decision" in page
    assert "Record the decision" not in page.replace("Record the final decision", "")
    response = client.post(url(at_decision, "final"), {
        "final-outcome": "no_review", "final-reasons": "Learning is in hand.",
        **date_fields("final", "decided_on", date(2026, 3, 30))}, follow=True)
    page = text(response)
    assert "The final decision is recorded and the partners have been told. No review will be " \
           "held: the case is closed with the reasons kept." in page
    assert "The independent scrutineer, after the partners disagreed (Sam Scrutineer)" in page
    assert Review.objects.get(pk=at_decision.pk).stage == Stage.CLOSED


def test_the_business_manager_records_the_panel_response_from_the_page(
        at_decision, business_manager, client_for):
    client = client_for(business_manager)
    page = text(client.get(url(at_decision)))
    assert "the Panel appoints an external reviewer, and the local process continues in the " \
           "same shape with that reviewer" in page
    response = client.post(url(at_decision, "panel"), {
        "panel-panel_decision": "national", "panel-notes": "National significance.",
        "panel-on_behalf_of": "", **date_fields("panel", "received_on", date(2026, 3, 27))},
        follow=True)
    page = text(response)
    assert "The Panel's response is recorded. This is now a national review by the Panel." in page
    assert "National significance." in page
    assert Review.objects.get(pk=at_decision.pk).kind == ReviewKind.NATIONAL
    assert PanelResponse.objects.get().recorded_by == business_manager


@pytest.mark.parametrize(("verb", "allowed"), [
    ("partner", {"business_manager", "partner"}),
    ("final", {"business_manager", "scrutineer"}),
    ("panel", {"business_manager"}),
])
def test_only_those_allowed_may_post_each_form(at_decision, verb, allowed, request, client_for):
    for name in ["business_manager", "partner", "scrutineer", "subgroup_member", "lead_reviewer",
                 "agency_author", "practitioner", "outsider"]:
        person = request.getfixturevalue(name)
        status = client_for(person).post(url(at_decision, verb), {}).status_code
        expected = 200 if name in allowed else (404 if name == "outsider" else 403)
        assert status == expected, (name, verb)
    assert not PartnerDecision.objects.exists()


def test_who_may_read_the_decision_page(at_decision, request, client_for):
    for name, expected in [("business_manager", 200), ("partner", 200), ("scrutineer", 200),
                           ("subgroup_member", 200), ("lead_reviewer", 200),
                           ("agency_author", 403), ("practitioner", 403), ("executive", 404),
                           ("learning_lead", 404), ("outsider", 404)]:
        response = client_for(request.getfixturevalue(name)).get(url(at_decision))
        assert response.status_code == expected, name
    assert client_for(None).get(url(at_decision)).status_code == 302


def test_reading_the_page_is_audited(at_decision, partner, client_for):
    client_for(partner).get(url(at_decision))
    event = AuditEvent.objects.get(event_type="decision.viewed")
    assert (event.actor, event.review_id) == (partner, at_decision.pk)


def test_reasons_are_shown_through_the_identity_register(
        make_review, business_manager, partner, client_for):
    review = make_review(child_name=CHILD)
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother")
    review = bring_to_decision(review, business_manager)
    decide(review, partner, reasons=f"{MOTHER} told us {CHILD} was frightened.")
    page = text(client_for(partner).get(url(review)))
    assert CHILD not in page and MOTHER not in page
    assert "Mother told us Child A was frightened." in page
    assert f"{MOTHER} told us {CHILD} was frightened." in text(
        client_for(business_manager).get(url(review)))


def test_the_review_pages_decision_buttons_lead_to_the_decision_page(
        at_decision, business_manager, client_for):
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{at_decision.uuid}/"))
    assert f'href="{url(at_decision)}"' in page
    for step in ["initiate_review", "decide_no_review"]:
        response = client.get(f"/reviews/{at_decision.uuid}/stage/{step}/")
        assert response.status_code == 302 and response["Location"] == url(at_decision)


def test_the_review_page_summarises_the_decision_for_those_who_may_read_it(
        at_decision, partner, agency_author, client_for):
    decide(at_decision, partner, on=date(2026, 3, 23))
    page = text(client_for(partner).get(f"/reviews/{at_decision.uuid}/"))
    section = page[page.index("The partners' decision</h2>"):]
    assert "Local child safeguarding practice review, 23 March 2026" in section
    assert "Not decided yet" in section
    assert "Record a decision" not in section  # the local authority has decided
    assert "See the decisions and reasons" in section
    assert "The partners' decision</h2>" not in text(
        client_for(agency_author).get(f"/reviews/{at_decision.uuid}/"))


def test_no_section_before_the_decision_stage(review, partner, client_for):
    page = text(client_for(partner).get(f"/reviews/{review.uuid}/"))
    assert "The partners' decision</h2>" not in page


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["business_manager", "partner", "scrutineer"])
def test_the_page_query_count_does_not_grow_with_visits_or_decisions(
        at_decision, partners, viewer, request, client_for):
    client = client_for(request.getfixturevalue(viewer))
    first = count_queries(client, url(at_decision))
    assert count_queries(client, url(at_decision)) == first
    decide(at_decision, partners[PartnerFor.HEALTH])
    decide(at_decision, partners[PartnerFor.POLICE])
    counts = {count_queries(client, url(at_decision)) for _ in range(3)}
    assert counts == {first}
    review_page = {count_queries(client, f"/reviews/{at_decision.uuid}/") for _ in range(2)}
    assert len(review_page) == 1


def test_the_page_answers_at_any_stage_and_says_where_the_decision_stands(
        review, business_manager, client_for):
    page = text(client_for(business_manager).get(url(review)))
    assert "The partners decide once the rapid review is complete." in page
    assert "Record a partner's decision for them" not in page
    response = client_for(business_manager).post(url(review, "partner"), partner_form(
        **{"partner-partner_for": "local_authority", "partner-on_behalf_of": ""}))
    assert response.status_code == 200
    assert re.search(r"Choose the person whose decision this is\.", text(response))


def test_an_agency_author_never_sees_the_partners_reasons_on_the_review_page(
        at_decision, partners, agency_author, client_for):
    """The decision page is for its readers only; the timeline and the closed case's reason on
    the review page, read by every member, say where the reasons are, not what they are."""
    secret = "Mother disclosed the neighbour's threats to the health visitor"
    for key, person in partners.items():
        decide(at_decision, person, Outcome.NO_REVIEW, reasons=f"{key}: {secret}.")
    client = client_for(agency_author)
    assert client.get(url(at_decision)).status_code == 403
    response = client.get(f"/reviews/{at_decision.uuid}/")
    assert response.status_code == 200
    page = text(response)
    assert "decision recorded" in page  # the timeline says that they decided…
    assert "The reasons are on the decision page." in page
    assert secret not in page  # …but not why
