"""The guide's order, enforced: commissioning cannot complete until the alerts are sent (or, for a
learning review, not-notified is recorded) and the case-file checklist exists; set-up needs an
approved terms of reference and a chronology author for every agency in scope; the chronology
needs the approved terms of reference shared with the staff involved."""

from datetime import date

import pytest

from reviewdesk.accounts.models import Agency, User
from reviewdesk.commissioning import actions, scope
from reviewdesk.commissioning.models import (
    CaseFileCheck,
    LeadReviewerAppointment,
    Reviewer,
    TermsOfReference,
)
from reviewdesk.commissioning.tests.helpers import text
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Incident, Review, ReviewKind, Stage
from reviewdesk.reviews.transitions import TransitionRefused


def unmet(step: str, review: Review) -> list[str]:
    """What stops the step, in the words the user reads."""
    return [blocker.text for blocker in transitions.TRANSITIONS[step].unmet(review)]


def draft_and_approve(review: Review, by: User, agencies: dict[str, Agency]) -> TermsOfReference:
    version = actions.save_terms_of_reference(
        review, by=by, period_from=date(2025, 3, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry="How was the risk assessed?", methodology="Systems approach",
        agencies=[agencies["police"], agencies["health"]])
    return actions.approve_terms_of_reference(version, by=by, approved_on=date(2026, 4, 10))


def test_commissioning_needs_the_notices_and_the_checklist(commissioned, business_manager,
                                                           agencies):
    assert unmet("complete_commissioning", commissioned) == [
        "Send the commissioning notices: partner agencies, Ofsted, the Department for Education "
        "and the National Panel must be alerted.",
        "Start the case-file checklist: every agency involved must secure its case files.",
    ]
    with pytest.raises(TransitionRefused):
        transitions.move(commissioned, "complete_commissioning", by=business_manager,
                                           effective_on=date(2026, 4, 15))
    actions.send_commissioning_notices(commissioned, by=business_manager)
    assert unmet("complete_commissioning", commissioned) == [CONFIRM.format(agency)
                                                             for agency in ("Health / ICB",
                                                                            "Police")]
    for line in commissioned.case_file_checks.all():
        confirm(line, business_manager)
    assert unmet("complete_commissioning", commissioned) == []

    review_actions.add_case(
        commissioned, by=business_manager, children=[{"name": "Second Child"}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=date(2026, 3, 1),
        la_aware_on=date(2026, 3, 2), summary="Another case.", agencies=[agencies["education"]])
    assert unmet("complete_commissioning", commissioned) == [
        "Send the commissioning notice to Testshire Education: not sent yet.",
        "Add Testshire Education to the case-file checklist.",
    ]
    actions.send_commissioning_notices(commissioned, by=business_manager)
    assert unmet("complete_commissioning", commissioned) == [CONFIRM.format("Education")]
    confirm(commissioned.case_file_checks.get(agency=agencies["education"]), business_manager)
    review = transitions.move(commissioned, "complete_commissioning", by=business_manager,
                                                effective_on=date(2026, 4, 15))
    assert review.stage == Stage.SET_UP


CONFIRM = ("Testshire {}: confirm its case files are secured (or a copy made where work with "
           "the family continues).")


def confirm(line: CaseFileCheck, by: User) -> CaseFileCheck:
    return actions.confirm_case_files(line, by=by, confirmed_on=date(2026, 4, 10),
                                      confirmed_by_name="Rhys Records",
                                      confirmed_by_role="Records manager",
                                      records_held="Case system, restricted", copy_made=False)


def test_commissioning_cannot_complete_with_any_agencys_case_files_unconfirmed(
        commissioned, business_manager, agencies, client_for):
    """The guide: at this point every agency's case files are secured. Never left outstanding:
    the move is refused, and its page says which agency, who confirms and where."""
    actions.send_commissioning_notices(commissioned, by=business_manager)
    police = commissioned.case_file_checks.get(agency=agencies["police"])
    confirm(commissioned.case_file_checks.get(agency=agencies["health"]), business_manager)
    [blocker] = transitions.TRANSITIONS["complete_commissioning"].unmet(commissioned)
    assert (blocker.text, blocker.outstanding) == (CONFIRM.format("Police"), False)
    assert blocker.who == ("Testshire Police's agency author on the review, or the business "
                           "manager")
    assert blocker.url == f"/reviews/{commissioned.uuid}/case-files/{police.pk}/confirm/"
    with pytest.raises(TransitionRefused) as refused:
        transitions.move(commissioned, "complete_commissioning", by=business_manager,
                         effective_on=date(2026, 4, 15), reason="Moving on.",
                         accept_outstanding=True)
    assert refused.value.messages == [CONFIRM.format("Police")]
    commissioned.refresh_from_db()
    assert commissioned.stage == Stage.COMMISSIONING
    response = client_for(business_manager).get(
        f"/reviews/{commissioned.uuid}/stage/complete_commissioning/")
    page = text(response)
    assert "This cannot be done yet. First:" in page
    assert "Testshire Police: confirm its case files are secured" in page
    assert f'href="/reviews/{commissioned.uuid}/case-files/{police.pk}/confirm/"' in (
        response.content.decode())
    assert 'name="effective_on-day"' not in response.content.decode()


def test_a_learning_review_may_instead_record_that_partners_were_not_notified(
        review, at_stage, business_manager):
    review = at_stage(review, "commissioning", kind=ReviewKind.LEARNING_REVIEW)
    assert unmet("complete_commissioning", review)[0] == (
        "Send the commissioning notices, or record that the partners agreed case by case not to "
        "notify them.")
    actions.record_not_notified(review, by=business_manager, reason="Agreed locally.",
                                agreed_on=date(2026, 4, 2))
    # Case files are secured whatever the kind of review.
    assert unmet("complete_commissioning", review) == [CONFIRM.format(agency)
                                                       for agency in ("Health / ICB", "Police")]
    for line in review.case_file_checks.all():
        confirm(line, business_manager)
    assert unmet("complete_commissioning", review) == []


def test_the_step_page_says_exactly_what_is_missing(commissioned, business_manager, client_for):
    page = text(client_for(business_manager).get(
        f"/reviews/{commissioned.uuid}/stage/complete_commissioning/"))
    assert "This cannot be done yet. First:" in page
    assert "Send the commissioning notices: partner agencies" in page
    assert "Start the case-file checklist" in page


APPOINT = ("Appoint a lead reviewer with their conflict-of-interest declaration: on the review's "
           "page, under Commissioning and set-up, choose Appoint a lead reviewer (someone added "
           "from the Team page has made no declaration).")


def appoint(review: Review, by: User, person: User) -> LeadReviewerAppointment:
    reviewer = Reviewer.objects.create(partnership_id=review.partnership_id,
                                       full_name=person.full_name, email=person.email,
                                       user=person)
    return actions.appoint_lead_reviewer(review, reviewer, by=by, appointed_on=date(2026, 4, 16),
                                         conflict=LeadReviewerAppointment.Conflict.NONE)


def test_set_up_needs_an_approved_terms_of_reference_and_an_author_for_each_agency_in_scope(
        review, at_stage, business_manager, agency_author, agencies, lead_reviewer):
    review = at_stage(review, "set_up")  # the conftest's team has a lead reviewer
    appoint(review, business_manager, lead_reviewer)
    assert unmet("complete_set_up", review) == [
        "Draft and approve the terms of reference.",
        "Name a chronology author for Testshire Health / ICB and Testshire Police.",
    ]
    version = actions.save_terms_of_reference(
        review, by=business_manager, period_from=date(2025, 3, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry="How was the risk assessed?", methodology="Systems approach",
        agencies=[agencies["police"]])
    actions.name_chronology_author(review, agencies["police"], by=business_manager,
                                   person=agency_author, due_on=date(2026, 12, 4),
                                   named_on=date(2026, 4, 20))
    # In scope now: the draft's agencies (the police only).
    assert unmet("complete_set_up", review) == [
        "Approve the terms of reference: version 1 is a draft."]
    actions.approve_terms_of_reference(version, by=business_manager, approved_on=date(2026, 4, 30))
    review = transitions.move(review, "complete_set_up", by=business_manager, effective_on=date(2026, 5, 1))
    assert review.stage == Stage.INFORMING_STAFF


def test_a_lead_reviewer_added_from_the_team_page_must_still_be_appointed(
        review, at_stage, business_manager, lead_reviewer, agencies, agency_author, client_for):
    review = at_stage(review, "set_up")  # the lead reviewer joined from the Team page
    draft_and_approve(review, business_manager, agencies)
    for agency in (agencies["police"], agencies["health"]):
        person = agency_author if agency == agencies["police"] else User.objects.create_user(
            "nurse@example.test", "x", full_name="Nia Nurse", partnership=review.partnership,
            agency=agency)
        actions.name_chronology_author(review, agency, by=business_manager, person=person,
                                       due_on=date(2026, 12, 4), named_on=date(2026, 4, 20))
    assert unmet("complete_set_up", review) == [APPOINT]
    with pytest.raises(TransitionRefused):
        transitions.move(review, "complete_set_up", by=business_manager, effective_on=date(2026, 5, 1))
    page = text(client_for(business_manager).get(
        f"/reviews/{review.uuid}/stage/complete_set_up/"))
    assert "choose Appoint a lead reviewer" in page
    # Appointing the same person records the declaration on their existing membership.
    appointment = appoint(review, business_manager, lead_reviewer)
    assert appointment.membership.started_on == date(2026, 3, 3)
    assert unmet("complete_set_up", review) == []
    # An appointment whose lead reviewer has since left the team no longer counts.
    review_actions.remove_member(appointment.membership, by=business_manager,
                                 ended_on=date(2026, 4, 30), reason="Stepped down.")
    assert APPOINT in unmet("complete_set_up", review)


def test_set_up_still_needs_its_lead_reviewer(make_review, at_stage, business_manager):
    review = at_stage(make_review(), "set_up")
    assert unmet("complete_set_up", review)[0] == (
        "Appoint a lead reviewer first: add them to the review team.")


def test_the_chronology_needs_the_approved_terms_of_reference_shared_with_the_staff_involved(
        review, at_stage, business_manager, agencies):
    # Set-up could not finish without approved terms of reference: they wait to be shared.
    review = at_stage(review, "informing_staff")
    assert unmet("start_chronology", review) == [
        "Share the approved terms of reference (version 1) with the staff involved: 2 people "
        "have not had it yet."]
    actions.share_terms_of_reference(scope.approved_version(review), by=business_manager)
    review = transitions.move(review, "start_chronology", by=business_manager,
                              effective_on=date(2026, 5, 15))
    assert review.stage == Stage.CHRONOLOGY
