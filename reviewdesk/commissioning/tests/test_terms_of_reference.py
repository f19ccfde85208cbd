"""Terms of reference: drafted by the subgroup and the business manager as versions, approved as a
whole, shared with the staff involved (logged, a notice each), and then visible to practitioners:
only the version shared with them."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning import actions, scope
from reviewdesk.commissioning.models import TermsOfReference, TermsOfReferenceShare
from reviewdesk.commissioning.tests.helpers import date_fields, text
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import CHILD

LINES = "How did agencies share what they knew about the home?"


def tor_form(known: dict[str, Agency], **overrides: object) -> dict:
    return {**date_fields("period_from", date(2025, 3, 1)),
            **date_fields("period_to", date(2026, 3, 2)), "lines_of_enquiry": LINES,
            "agencies": [known["police"].pk, known["health"].pk],
            "methodology": "Systems approach", "scope_notes": "", **overrides}


def draft(review: Review, by: User, agencies: dict[str, Agency], **overrides: object) -> TermsOfReference:
    values = {"period_from": date(2025, 3, 1), "period_to": date(2026, 3, 2),
              "lines_of_enquiry": LINES, "agencies": [agencies["police"], agencies["health"]],
              "methodology": "Systems approach", "scope_notes": ""}
    return actions.save_terms_of_reference(review, by=by, **(values | overrides))


@pytest.fixture
def approved(commissioned: Review, business_manager: User, agencies: dict[str, Agency]) -> TermsOfReference:
    version = draft(commissioned, business_manager, agencies)
    return actions.approve_terms_of_reference(version, by=business_manager,
                                              approved_on=date(2026, 4, 10))


# --- Drafting ----------------------------------------------------------------------------------


def test_the_first_draft_starts_from_the_partners_initial_scope(
        commissioned, subgroup_member, client_for, monkeypatch):
    monkeypatch.setattr("reviewdesk.commissioning.scope.initial_scope", lambda review: {
        "lines_of_enquiry": "Local authority: how was the risk from the new partner assessed?",
        "methodology": "Systems approach with a practitioner event"})
    page = text(client_for(subgroup_member).get(
        f"/reviews/{commissioned.uuid}/terms-of-reference/draft/"))
    assert "how was the risk from the new partner assessed?" in page
    assert "Systems approach with a practitioner event" in page
    assert "This will be version 1, a draft." in page


def test_the_subgroup_and_the_business_manager_draft_versions_and_each_save_is_kept(
        commissioned, subgroup_member, business_manager, agencies, client_for):
    url = f"/reviews/{commissioned.uuid}/terms-of-reference/draft/"
    response = client_for(subgroup_member).post(url, tor_form(agencies))
    assert response.status_code == 302
    response = client_for(business_manager).post(url, tor_form(
        agencies, lines_of_enquiry=LINES + "\nWas the father's role understood?",
        agencies=[agencies["police"].pk, agencies["health"].pk, agencies["education"].pk],
        version=1))
    assert response.status_code == 302
    one, two = commissioned.terms_of_reference.order_by("number")
    assert (one.number, one.status, one.created_by) == (1, "draft", subgroup_member)
    assert (two.number, two.status, two.created_by) == (2, "draft", business_manager)
    assert scope.changed_fields(two, one) == ["Key lines of enquiry", "Agencies in scope"]
    page = text(client_for(business_manager).get(
        f"/reviews/{commissioned.uuid}/terms-of-reference/2/"))
    assert "Changed since version 1: key lines of enquiry, agencies in scope." in page
    events = AuditEvent.objects.filter(event_type="commissioning.tor_version_saved")
    assert [e.summary for e in events.order_by("seq")] == [
        "Saved version 1 of the terms of reference", "Saved version 2 of the terms of reference"]
    assert commissioned.timeline.filter(title="Terms of reference: version 2 drafted",
                                        detail__contains="Key lines of enquiry").exists()


def test_saving_without_a_change_or_with_the_period_back_to_front_is_refused(
        commissioned, business_manager, agencies, client_for):
    client = client_for(business_manager)
    url = f"/reviews/{commissioned.uuid}/terms-of-reference/draft/"
    client.post(url, tor_form(agencies))
    same = client.post(url, tor_form(agencies, version=1))
    assert "Nothing has changed since version 1" in text(same)
    wrong = client.post(url, tor_form(agencies, version=1,
                                      **date_fields("period_to", date(2024, 1, 1))))
    assert "The end of the period under review must be on or after its start." in text(wrong)
    empty = client.post(url, tor_form(agencies, lines_of_enquiry="", agencies=[], version=1))
    assert "Enter the key lines of enquiry." in text(empty)
    assert "Choose the agencies in scope." in text(empty)
    assert commissioned.terms_of_reference.count() == 1


def test_the_period_under_review_cannot_end_in_the_future(
        commissioned, business_manager, agencies, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = text(client_for(business_manager).post(
        f"/reviews/{commissioned.uuid}/terms-of-reference/draft/",
        tor_form(agencies, **date_fields("period_to", tomorrow))))
    assert "The end of the period under review cannot be in the future" in page
    with pytest.raises(ValidationError) as refused:
        draft(commissioned, business_manager, agencies, period_to=tomorrow)
    assert "cannot be in the future" in refused.value.message_dict["period_to"][0]
    assert commissioned.terms_of_reference.count() == 0
    draft(commissioned, business_manager, agencies, period_to=timezone.localdate())  # today: fine


def test_partners_read_but_do_not_draft(commissioned, partner, client_for, agencies):
    client = client_for(partner)
    assert client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/").status_code == 200
    assert client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/draft/"
                      ).status_code == 403
    assert client.post(f"/reviews/{commissioned.uuid}/terms-of-reference/draft/",
                       tor_form(agencies)).status_code == 403


def test_free_text_is_shown_through_the_identity_register(
        make_review, at_stage, business_manager, partner, agencies, client_for):
    review = at_stage(make_review(child_name=CHILD), "commissioning")
    draft(review, business_manager, agencies, lines_of_enquiry=f"What was known about {CHILD}?")
    assert CHILD in text(client_for(business_manager).get(
        f"/reviews/{review.uuid}/terms-of-reference/"))
    page = text(client_for(partner).get(f"/reviews/{review.uuid}/terms-of-reference/"))
    assert CHILD not in page and "What was known about Child A?" in page


# --- Approval ----------------------------------------------------------------------------------


def test_a_version_is_approved_as_a_whole_and_a_later_change_is_a_new_draft(
        commissioned, business_manager, partner, agencies, client_for):
    first = draft(commissioned, business_manager, agencies)
    client = client_for(business_manager)
    response = client.post(f"/reviews/{commissioned.uuid}/terms-of-reference/1/approve/", {
        **date_fields("approved_on", date(2026, 4, 10)), "note": "Subgroup, 10 April.",
        "on_behalf_of": partner.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.approved_on, first.approved_by, first.approved_on_behalf_of) == (
        "approved", date(2026, 4, 10), business_manager, partner)
    entry = commissioned.timeline.get(title="Terms of reference: version 1 approved")
    assert (entry.effective_on, entry.on_behalf_of) == (date(2026, 4, 10), partner)
    assert AuditEvent.objects.get(event_type="commissioning.tor_approved").on_behalf_of == partner

    second = draft(commissioned, business_manager, agencies, scope_notes="Include the nursery.")
    assert second.status == "draft"
    assert scope.approved_version(commissioned) == first  # still the one in force
    with pytest.raises(ValidationError, match="already approved"):
        actions.approve_terms_of_reference(first, by=business_manager,
                                           approved_on=date(2026, 4, 11))
    third = draft(commissioned, business_manager, agencies, scope_notes="And the GP.")
    with pytest.raises(ValidationError, match="has been replaced by version 3"):
        actions.approve_terms_of_reference(second, by=business_manager,
                                           approved_on=date(2026, 4, 11))
    actions.approve_terms_of_reference(third, by=business_manager, approved_on=date(2026, 4, 12))
    assert scope.approved_version(commissioned) == third


def test_only_the_business_manager_approves(commissioned, business_manager, subgroup_member,
                                            agencies, client_for):
    draft(commissioned, business_manager, agencies)
    assert client_for(subgroup_member).post(
        f"/reviews/{commissioned.uuid}/terms-of-reference/1/approve/",
        date_fields("approved_on", date(2026, 4, 10))).status_code == 403


# --- Sharing -----------------------------------------------------------------------------------


def test_sharing_sends_each_member_of_staff_a_notice_and_logs_it(
        commissioned, approved, business_manager, practitioner, agency_author, client_for,
        django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    url = f"/reviews/{commissioned.uuid}/terms-of-reference/1/share/"
    page = text(client.get(url))
    assert "Polly Practitioner" in page and "Andy Author" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    shares = TermsOfReferenceShare.objects.filter(version=approved)
    assert {s.person for s in shares} == {practitioner, agency_author}
    assert sorted(m.to[0] for m in mail.outbox) == [agency_author.email, practitioner.email]
    for message in mail.outbox:
        assert message.subject == f"{commissioned.reference}: the review's terms of reference"
        assert f"/reviews/{commissioned.uuid}/terms-of-reference/" in message.body
        for name in ["Polly", "Andy", "Kayden", "Bea Manager"]:
            assert name not in message.body + message.subject
    # The notices page lists them by role label, not name.
    labels = set(commissioned.notices.values_list("recipient_label", flat=True))
    assert labels == {"Health Visitor 1", "Detective Sergeant 1"}
    event = AuditEvent.objects.get(event_type="commissioning.tor_shared")
    assert event.summary == "Shared version 1 of the terms of reference with 2 member(s) of staff"
    assert sorted(event.data["people"]) == sorted([practitioner.pk, agency_author.pk])
    log = text(client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/"))
    assert "Sharing log" in log and "Polly Practitioner" in log


def test_sharing_again_sends_only_to_staff_who_have_not_had_it(
        commissioned, approved, business_manager, partnership, agencies,
        django_capture_on_commit_callbacks):
    actions.share_terms_of_reference(approved, by=business_manager)
    with pytest.raises(ValidationError, match="Everyone involved already has version 1"):
        actions.share_terms_of_reference(approved, by=business_manager)
    from reviewdesk.accounts.models import User

    newcomer = User.objects.create_user("gp@example.test", "x", full_name="Gail Gp",
                                        partnership=partnership, agency=agencies["health"],
                                        job_title="GP")
    review_actions.add_member(commissioned, newcomer, ReviewRole.PRACTITIONER,
                              by=business_manager, started_on=date(2026, 4, 12))
    shares = actions.share_terms_of_reference(approved, by=business_manager)
    assert [s.person for s in shares] == [newcomer]


def test_only_the_approved_version_in_force_is_shared(commissioned, approved, business_manager,
                                                     agencies):
    second = draft(commissioned, business_manager, agencies, scope_notes="More.")
    with pytest.raises(ValidationError, match="that is version 1"):
        actions.share_terms_of_reference(second, by=business_manager)


# --- What practitioners see --------------------------------------------------------------------


def test_a_practitioner_sees_only_the_version_shared_with_them(
        commissioned, approved, business_manager, practitioner, agencies, client_for):
    client = client_for(practitioner)
    url = f"/reviews/{commissioned.uuid}/terms-of-reference/"
    assert client.get(url).status_code == 403  # nothing shared yet
    actions.share_terms_of_reference(approved, by=business_manager)
    draft(commissioned, business_manager, agencies, lines_of_enquiry="A draft they must not see.")
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert LINES in page and "A draft they must not see." not in page
    assert "Sharing log" not in page and "Versions" not in page
    assert "learning, not blame" in page
    assert client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/1/").status_code == 200
    assert client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/2/").status_code == 403
    assert client.get(f"/reviews/{commissioned.uuid}/terms-of-reference/draft/"
                      ).status_code == 403


def test_an_agency_author_sees_only_the_version_shared_with_them(
        commissioned, approved, business_manager, agency_author, agencies, client_for):
    client = client_for(agency_author)
    base = f"/reviews/{commissioned.uuid}/terms-of-reference/"
    assert client.get(base).status_code == 403  # nothing shared yet
    assert client.get(f"{base}1/").status_code == 403
    actions.share_terms_of_reference(approved, by=business_manager)
    draft(commissioned, business_manager, agencies, lines_of_enquiry="A draft they must not see.")
    page = text(client.get(base))
    assert LINES in page and "A draft they must not see." not in page
    assert "Sharing log" not in page and "Versions" not in page
    assert client.get(f"{base}1/").status_code == 200
    assert client.get(f"{base}2/").status_code == 403


def test_who_sees_only_the_shared_version(commissioned, business_manager, agency_author,
                                          practitioner, lead_reviewer, subgroup_member,
                                          partner, outsider):
    sees = access.sees_shared_terms_of_reference_only
    assert sees(agency_author, commissioned) and sees(practitioner, commissioned)
    for person in (business_manager, lead_reviewer, subgroup_member, partner, outsider):
        assert not sees(person, commissioned), person
    # Another role on the review lifts the restriction; an oversight role in the partnership too.
    review_actions.add_member(commissioned, agency_author, ReviewRole.LEAD_REVIEWER,
                              by=business_manager, started_on=date(2026, 4, 1))
    assert not sees(agency_author, Review.objects.get(pk=commissioned.pk))
    practitioner.role = PartnershipRole.INDEPENDENT_SCRUTINEER
    practitioner.save()
    assert not sees(practitioner, Review.objects.get(pk=commissioned.pk))


def test_viewing_the_terms_of_reference_is_audited(commissioned, approved, partner, client_for):
    client_for(partner).get(f"/reviews/{commissioned.uuid}/terms-of-reference/")
    event = AuditEvent.objects.get(event_type="commissioning.tor_viewed")
    assert (event.actor, event.review_id) == (partner, commissioned.pk)


def test_the_terms_of_reference_page_costs_the_same_queries_for_more_versions(
        make_review, at_stage, business_manager, agencies, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(versions: int) -> int:
        review = at_stage(make_review(), "commissioning")
        for n in range(versions):
            saved = draft(review, business_manager, agencies, scope_notes=f"Note {n}")
            actions.approve_terms_of_reference(saved, by=business_manager,
                                               approved_on=date(2026, 4, 10))
        client = client_for(business_manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/reviews/{review.uuid}/terms-of-reference/").status_code == 200
        return len(queries)

    assert count(1) == count(4)


def test_a_practitioner_finds_the_shared_terms_of_reference_on_their_review_page(
        commissioned, approved, business_manager, practitioner, client_for):
    client = client_for(practitioner)
    link = f"/reviews/{commissioned.uuid}/terms-of-reference/"
    assert link not in text(client.get(f"/reviews/{commissioned.uuid}/"))
    actions.share_terms_of_reference(approved, by=business_manager)
    page = text(client.get(f"/reviews/{commissioned.uuid}/"))
    assert "You are part of this review as a practitioner" in page
    assert link in page and "version 1" in page


# --- Dates -------------------------------------------------------------------------------------


def test_drafting_takes_an_earlier_day_never_the_future_nor_before_the_decision(
        commissioned, business_manager, agencies):
    decided = commissioned.initiated_on
    with pytest.raises(ValidationError, match="cannot be before"):
        draft(commissioned, business_manager, agencies, drafted_on=decided - timedelta(days=1))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        draft(commissioned, business_manager, agencies,
              drafted_on=timezone.localdate() + timedelta(days=1))
    draft(commissioned, business_manager, agencies, drafted_on=decided)
    entry = commissioned.timeline.get(title="Terms of reference: version 1 drafted")
    assert entry.effective_on == decided
    draft(commissioned, business_manager, agencies, scope_notes="More.")
    entry = commissioned.timeline.get(title="Terms of reference: version 2 drafted")
    assert entry.effective_on == timezone.localdate()


def test_sharing_takes_an_earlier_day_never_the_future_nor_before_the_approval(
        commissioned, approved, business_manager, practitioner):
    with pytest.raises(ValidationError, match="cannot be before 10 April 2026"):
        actions.share_terms_of_reference(approved, by=business_manager,
                                         shared_on=date(2026, 4, 9))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.share_terms_of_reference(approved, by=business_manager,
                                         shared_on=timezone.localdate() + timedelta(days=1))
    actions.share_terms_of_reference(approved, by=business_manager, shared_on=date(2026, 4, 14))
    entry = commissioned.timeline.get(title__startswith="Terms of reference: version 1 shared")
    assert entry.effective_on == date(2026, 4, 14)
