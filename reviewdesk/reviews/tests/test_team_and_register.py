"""The review team and the identity register: who is on a review, and how everyone is named."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import (
    IdentityEntry,
    Review,
    ReviewMembership,
    ReviewRole,
    TimelineEntry,
)
from reviewdesk.testing import ClientResponse

CONFLICT = ("No one may be both a practitioner and a subgroup member on the same review: "
            "subgroup members must have had no direct contact with the child or family.")


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}


def entry_for(review: Review, person: User) -> IdentityEntry:
    return review.identities.get(person=person)


def membership(review: Review, person: User, role: str) -> ReviewMembership:
    return review.memberships.get(person=person, role=role)


# --- Joining the team ---------------------------------------------------------------------------


def test_a_practitioner_joins_under_a_numbered_role_label(review, practitioner, agencies):
    entry = entry_for(review, practitioner)
    assert (entry.kind, entry.pseudonym, entry.real_name) == (
        IdentityEntry.Kind.PROFESSIONAL, "Health Visitor 1", "Polly Practitioner")
    assert (entry.role_title, entry.agency) == ("Health Visitor", agencies["health"])
    assert not entry.is_public
    assert membership(review, practitioner, ReviewRole.PRACTITIONER).identity == entry


def test_a_second_person_with_the_same_job_gets_the_next_number(
        review, business_manager, partnership, agencies):
    from reviewdesk.accounts.models import User

    second = User.objects.create_user("hv2@example.test", "a-long-test-password",
                                      full_name="Hana Visitor", partnership=partnership,
                                      agency=agencies["health"], job_title="health visitor")
    actions.add_member(review, second, ReviewRole.PRACTITIONER, by=business_manager,
                       started_on=date(2026, 3, 4))
    assert entry_for(review, second).pseudonym == "Health Visitor 2"


def test_the_lead_reviewer_is_named_in_public_and_the_author_is_not(
        review, lead_reviewer, agency_author):
    lead = entry_for(review, lead_reviewer)
    assert (lead.pseudonym, lead.is_public) == ("Independent Reviewer 1", True)
    author = entry_for(review, agency_author)
    assert (author.pseudonym, author.is_public) == ("Detective Sergeant 1", False)


def test_a_subgroup_member_gets_no_register_entry(review, subgroup_member):
    assert membership(review, subgroup_member, ReviewRole.SUBGROUP_MEMBER).identity is None
    assert not review.identities.filter(person=subgroup_member).exists()


def test_a_role_label_given_when_adding_replaces_the_job_title(
        make_review, business_manager, outsider):
    review = make_review()
    actions.add_member(review, outsider, ReviewRole.PRACTITIONER, by=business_manager,
                       started_on=date(2026, 3, 4), role_title="school nurse (term-time)")
    assert entry_for(review, outsider).pseudonym == "School Nurse 1"


def test_someone_without_a_job_title_is_labelled_by_their_role(
        make_review, business_manager, partnership):
    from reviewdesk.accounts.models import User

    nameless = User.objects.create_user("nt@example.test", "a-long-test-password",
                                        full_name="Noel Title", partnership=partnership)
    review = make_review()
    actions.add_member(review, nameless, ReviewRole.AGENCY_AUTHOR, by=business_manager,
                       started_on=date(2026, 3, 4))
    assert entry_for(review, nameless).pseudonym == "Agency Author 1"


def test_an_author_who_becomes_lead_reviewer_keeps_one_entry_now_public(
        make_review, business_manager, agency_author):
    review = make_review()
    actions.add_member(review, agency_author, ReviewRole.AGENCY_AUTHOR, by=business_manager,
                       started_on=date(2026, 3, 4))
    actions.add_member(review, agency_author, ReviewRole.LEAD_REVIEWER, by=business_manager,
                       started_on=date(2026, 3, 5))
    [entry] = review.identities.filter(person=agency_author)
    assert entry.is_public


def test_joining_is_on_the_timeline_and_in_the_audit_trail(
        make_review, business_manager, practitioner):
    review = make_review()
    added = actions.add_member(review, practitioner, ReviewRole.PRACTITIONER,
                               by=business_manager, started_on=date(2026, 3, 4))
    entry = review.timeline.get(kind=TimelineEntry.Kind.MEMBER_ADDED)
    assert (entry.title, entry.subject, entry.effective_on) == (
        "Practitioner added to the review", added.identity, date(2026, 3, 4))
    event = AuditEvent.objects.get(event_type="review.member_added")
    assert event.data == {"person": practitioner.pk, "role": "practitioner",
                          "membership": added.pk}
    assert "Polly" not in event.summary


def test_the_same_role_twice_is_refused(review, business_manager, practitioner):
    with pytest.raises(ValidationError, match="already has that role on this review"):
        actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                           started_on=date(2026, 3, 4))
    assert review.memberships.filter(person=practitioner).count() == 1


def test_a_deactivated_person_cannot_join(make_review, business_manager, practitioner):
    review = make_review()
    practitioner.is_active = False
    practitioner.save()
    with pytest.raises(ValidationError, match="access has been deactivated"):
        actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                           started_on=date(2026, 3, 4))
    assert not review.memberships.exists()


def test_a_subgroup_member_cannot_also_be_a_practitioner(review, business_manager,
                                                         subgroup_member):
    before = (review.memberships.count(), review.identities.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        actions.add_member(review, subgroup_member, ReviewRole.PRACTITIONER,
                           by=business_manager, started_on=date(2026, 3, 4))
    assert refused.value.messages == [CONFLICT]
    assert (review.memberships.count(), review.identities.count(),
            AuditEvent.objects.count()) == before


def test_a_practitioner_cannot_also_be_a_subgroup_member(review, business_manager, practitioner):
    before = (review.memberships.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        actions.add_member(review, practitioner, ReviewRole.SUBGROUP_MEMBER,
                           by=business_manager, started_on=date(2026, 3, 4))
    assert refused.value.messages == [CONFLICT]
    assert (review.memberships.count(), AuditEvent.objects.count()) == before


def test_the_team_page_shows_the_conflict_and_adds_no_one(
        review, business_manager, practitioner, client_for):
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/team/add/",
        {"person": practitioner.pk, "role": ReviewRole.SUBGROUP_MEMBER, "agency": "",
         "role_title": "", **date_fields("started_on", date(2026, 3, 4))})
    assert response.status_code == 200
    assert CONFLICT in page_text(response)
    assert not review.memberships.filter(person=practitioner,
                                         role=ReviewRole.SUBGROUP_MEMBER).exists()


def test_the_business_manager_adds_someone_from_the_team_page(
        make_review, business_manager, outsider, client_for):
    review = make_review()
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/team/add/",
        {"person": outsider.pk, "role": ReviewRole.PRACTITIONER, "agency": "",
         "role_title": "", **date_fields("started_on", date(2026, 3, 4))})
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/team/"
    assert entry_for(review, outsider).pseudonym == "Teacher 1"
    assert client_for(outsider).get(f"/reviews/{review.uuid}/").status_code == 200


# --- Leaving the team -------------------------------------------------------------------------


def test_removing_someone_ends_their_membership_and_hides_the_review_from_them(
        review, business_manager, practitioner, client_for):
    assert client_for(practitioner).get(f"/reviews/{review.uuid}/").status_code == 200
    joined = membership(review, practitioner, ReviewRole.PRACTITIONER)

    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/team/{joined.pk}/remove/",
        {**date_fields("ended_on", date(2026, 4, 1)), "reason": "Moved to another team."})

    assert response.status_code == 302
    joined.refresh_from_db()  # still there: ended, not deleted
    assert not joined.is_active
    assert (joined.ended_on, joined.ended_by, joined.end_reason) == (
        date(2026, 4, 1), business_manager, "Moved to another team.")
    assert entry_for(review, practitioner).pseudonym == "Health Visitor 1"  # history kept
    entry = review.timeline.get(kind=TimelineEntry.Kind.MEMBER_REMOVED)
    assert (entry.effective_on, entry.detail, entry.subject) == (
        date(2026, 4, 1), "Moved to another team.", joined.identity)
    assert AuditEvent.objects.get(event_type="review.member_removed").data["membership"] == (
        joined.pk)

    assert client_for(practitioner).get(f"/reviews/{review.uuid}/").status_code == 404
    assert client_for(practitioner).get(f"/reviews/{review.uuid}/team/").status_code == 404


def test_someone_removed_can_rejoin_later(review, business_manager, practitioner, client_for):
    joined = membership(review, practitioner, ReviewRole.PRACTITIONER)
    actions.remove_member(joined, by=business_manager, ended_on=date(2026, 4, 1), reason="Left.")
    actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                       started_on=date(2026, 5, 1))
    assert review.memberships.filter(person=practitioner).count() == 2
    assert review.identities.filter(person=practitioner).count() == 1
    assert client_for(practitioner).get(f"/reviews/{review.uuid}/").status_code == 200


def test_leaving_before_joining_or_leaving_twice_is_refused(review, business_manager,
                                                            practitioner):
    joined = membership(review, practitioner, ReviewRole.PRACTITIONER)
    with pytest.raises(ValidationError, match="cannot be before 3 March 2026"):
        actions.remove_member(joined, by=business_manager, ended_on=date(2026, 3, 2),
                              reason="Oops.")
    joined.refresh_from_db()
    assert joined.is_active
    actions.remove_member(joined, by=business_manager, ended_on=date(2026, 4, 1), reason="Left.")
    with pytest.raises(ValidationError, match="already left the review"):
        actions.remove_member(joined, by=business_manager, ended_on=date(2026, 4, 2),
                              reason="Again.")
    assert AuditEvent.objects.filter(event_type="review.member_removed").count() == 1


@pytest.mark.parametrize("person", ["partner", "lead_reviewer", "subgroup_member"])
def test_only_the_business_manager_changes_the_team(request, review, person, practitioner,
                                                    client_for):
    joined = membership(review, practitioner, ReviewRole.PRACTITIONER)
    client = client_for(request.getfixturevalue(person))
    response = client.post(f"/reviews/{review.uuid}/team/{joined.pk}/remove/",
                           {**date_fields("ended_on", date(2026, 4, 1)), "reason": "No."})
    assert response.status_code == 403
    joined.refresh_from_db()
    assert joined.is_active


# --- The identity register ------------------------------------------------------------------


def register_form(**changes: object) -> dict:
    data = {"kind": IdentityEntry.Kind.FAMILY, "real_name": "Shannon Moorcroft",
            "pseudonym": "Mother", "role_title": "Mother", "aliases": "Shan\nShannon M",
            **date_fields("date_of_birth", date(1998, 7, 2)), "identifier_type": "",
            "agency": "", "belongs_to": "", "is_public": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("person", ["business_manager", "lead_reviewer"])
def test_the_business_manager_and_lead_reviewer_add_to_the_register(
        request, review, person, client_for):
    someone = request.getfixturevalue(person)
    response = client_for(someone).post(f"/reviews/{review.uuid}/register/add/",
                                        register_form())
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.uuid}/register/"
    mother = review.identities.get(pseudonym="Mother")
    assert (mother.real_name, mother.kind, mother.date_of_birth) == (
        "Shannon Moorcroft", IdentityEntry.Kind.FAMILY, date(1998, 7, 2))
    assert mother.alias_list == ["Shan", "Shannon M"]
    timeline = review.timeline.get(kind=TimelineEntry.Kind.REGISTER_CHANGED)
    assert (timeline.title, timeline.subject, timeline.recorded_by) == (
        "Identity register entry added", mother, someone)
    event = AuditEvent.objects.get(event_type="register.entry_added")
    assert (event.actor, event.data["entry"]) == (someone, mother.pk)
    assert "Shannon" not in event.summary


def test_the_lead_reviewer_changes_an_entry_and_the_audit_names_the_fields_changed(
        review, business_manager, lead_reviewer, client_for):
    client_for(business_manager).post(f"/reviews/{review.uuid}/register/add/", register_form())
    mother = review.identities.get(pseudonym="Mother")
    response = client_for(lead_reviewer).post(
        f"/reviews/{review.uuid}/register/{mother.pk}/edit/",
        register_form(pseudonym="Parent 1", role_title="Parent", version=mother.version))
    assert response.status_code == 302
    mother.refresh_from_db()
    assert (mother.pseudonym, mother.role_title, mother.real_name) == (
        "Parent 1", "Parent", "Shannon Moorcroft")
    event = AuditEvent.objects.get(event_type="register.entry_changed")
    assert event.actor == lead_reviewer
    assert sorted(event.data["fields"]) == ["pseudonym", "role_title"]
    assert review.timeline.filter(title="Identity register entry changed").count() == 1


@pytest.mark.parametrize("pseudonym", ["Child A", "child a", "HEALTH VISITOR 1"])
def test_a_pseudonym_already_used_on_the_review_is_refused(review, business_manager, client_for,
                                                           pseudonym):
    before = review.identities.count()
    response = client_for(business_manager).post(f"/reviews/{review.uuid}/register/add/",
                                                 register_form(pseudonym=pseudonym))
    assert response.status_code == 200
    assert ("Another entry on this review already uses this pseudonym: choose a different one. "
            "Only identifiers and addresses may share a placeholder" in page_text(response))
    assert review.identities.count() == before
    assert not AuditEvent.objects.filter(event_type="register.entry_added").exists()


def test_changing_an_entry_to_a_pseudonym_in_use_is_refused(review, business_manager,
                                                            client_for):
    client_for(business_manager).post(f"/reviews/{review.uuid}/register/add/", register_form())
    mother = review.identities.get(pseudonym="Mother")
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/register/{mother.pk}/edit/",
        register_form(pseudonym="Child A", version=mother.version))
    assert response.status_code == 200
    assert "already uses this pseudonym" in page_text(response)
    mother.refresh_from_db()
    assert mother.pseudonym == "Mother"


def test_an_entry_keeps_its_own_pseudonym_when_other_details_change(review, business_manager,
                                                                    client_for):
    client_for(business_manager).post(f"/reviews/{review.uuid}/register/add/", register_form())
    mother = review.identities.get(pseudonym="Mother")
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/register/{mother.pk}/edit/",
        register_form(aliases="Shaz", version=mother.version))
    assert response.status_code == 302
    mother.refresh_from_db()
    assert mother.alias_list == ["Shaz"]


@pytest.mark.parametrize("pseudonym", ["Shannon Moorcroft", " shannon moorcroft "])
def test_a_pseudonym_that_is_the_real_name_is_refused(review, business_manager, client_for,
                                                      pseudonym):
    response = client_for(business_manager).post(f"/reviews/{review.uuid}/register/add/",
                                                 register_form(pseudonym=pseudonym))
    assert response.status_code == 200
    assert "The pseudonym must differ from the real name." in page_text(response)
    assert not review.identities.filter(real_name="Shannon Moorcroft").exists()


def test_an_identifier_must_say_what_kind_it_is(review, business_manager, client_for):
    child = review.identities.get(pseudonym="Child A")
    response = client_for(business_manager).post(
        f"/reviews/{review.uuid}/register/add/",
        register_form(kind=IdentityEntry.Kind.IDENTIFIER, real_name="943 476 5919",
                      pseudonym="NHS number of Child A", belongs_to=child.pk,
                      **{"date_of_birth-day": "", "date_of_birth-month": "",
                         "date_of_birth-year": ""}))
    assert response.status_code == 200
    assert "Say what kind of identifier this is." in page_text(response)
    assert not review.identities.filter(kind=IdentityEntry.Kind.IDENTIFIER).exists()


@pytest.mark.parametrize("person", ["partner", "scrutineer", "subgroup_member", "agency_author"])
def test_people_who_may_see_but_not_change_the_register_get_403_on_edit(
        request, review, person, client_for):
    client = client_for(request.getfixturevalue(person))
    child = review.identities.get(pseudonym="Child A")
    assert client.get(f"/reviews/{review.uuid}/register/").status_code == 200
    assert client.get(f"/reviews/{review.uuid}/register/add/").status_code == 403
    assert client.post(f"/reviews/{review.uuid}/register/add/",
                       register_form()).status_code == 403
    assert client.get(f"/reviews/{review.uuid}/register/{child.pk}/edit/").status_code == 403
    assert client.post(f"/reviews/{review.uuid}/register/{child.pk}/edit/",
                       register_form(pseudonym="Renamed")).status_code == 403
    child.refresh_from_db()
    assert child.pseudonym == "Child A"
    assert not review.identities.filter(pseudonym="Mother").exists()


def test_a_practitioner_does_not_see_the_register(review, practitioner, client_for):
    assert client_for(practitioner).get(f"/reviews/{review.uuid}/register/").status_code == 403
    assert not AuditEvent.objects.filter(event_type="register.viewed").exists()


def test_an_outsider_gets_404_on_the_register(review, outsider, client_for):
    assert client_for(outsider).get(f"/reviews/{review.uuid}/register/").status_code == 404
    assert client_for(outsider).post(f"/reviews/{review.uuid}/register/add/",
                                     register_form()).status_code == 404


# --- Looking is audited ------------------------------------------------------------------------


def test_viewing_the_review_page_is_audited(review, partner, client_for):
    assert client_for(partner).get(f"/reviews/{review.uuid}/").status_code == 200
    [event] = AuditEvent.objects.filter(event_type="review.viewed")
    assert (event.actor, event.review_id, event.ip_address) == (partner, review.pk, "127.0.0.1")


def test_a_practitioner_viewing_their_review_is_audited_too(review, practitioner, client_for):
    client_for(practitioner).get(f"/reviews/{review.uuid}/")
    assert [e.actor for e in AuditEvent.objects.filter(event_type="review.viewed")] == [
        practitioner]


def test_viewing_the_register_is_audited(review, lead_reviewer, client_for):
    response = client_for(lead_reviewer).get(f"/reviews/{review.uuid}/register/")
    assert response.status_code == 200
    assert "Kayden Moorcroft" in page_text(response)
    [event] = AuditEvent.objects.filter(event_type="register.viewed")
    assert (event.actor, event.review_id) == (lead_reviewer, review.pk)


def test_a_refused_look_is_not_recorded_as_a_view(review, outsider, client_for):
    client_for(outsider).get(f"/reviews/{review.uuid}/")
    client_for(outsider).get(f"/reviews/{review.uuid}/register/")
    assert not AuditEvent.objects.filter(event_type__in=["review.viewed",
                                                         "register.viewed"]).exists()


def test_a_former_practitioner_cannot_become_a_subgroup_member_on_the_same_review(
        review, practitioner, business_manager):
    membership = review.memberships.get(person=practitioner, role=ReviewRole.PRACTITIONER)
    actions.remove_member(membership, by=business_manager, ended_on=date(2026, 3, 4),
                          reason="Moved to another team")
    with pytest.raises(ValidationError, match="both a practitioner and a subgroup member"):
        actions.add_member(review, practitioner, ReviewRole.SUBGROUP_MEMBER, by=business_manager,
                           started_on=date(2026, 3, 5))


def test_references_count_past_a_thousand(make_review, partnership):
    first = make_review()
    Review.objects.filter(pk=first.pk).update(reference="TS-2026-1000")
    assert make_review().reference == "TS-2026-1001"


def test_the_register_gives_a_partner_the_childs_age_at_the_incident_never_the_date_of_birth(
        review, partner, business_manager, client_for):
    # The review's child was born on 14 March 2019 and hurt on 2 March 2026.
    text = client_for(partner).get(f"/reviews/{review.uuid}/register/").content.decode()
    assert "aged 6 at the incident" in text and "14 March 2019" not in text
    text = client_for(business_manager).get(f"/reviews/{review.uuid}/register/").content.decode()
    assert "14 March 2019" in text


def test_two_phone_numbers_share_their_placeholder_on_the_register_page(
        review, business_manager, client_for):
    client = client_for(business_manager)
    for number in ("07700 900123", "07700 900456"):
        response = client.post(f"/reviews/{review.uuid}/register/add/", register_form(
            kind=IdentityEntry.Kind.IDENTIFIER, identifier_type="phone", real_name=number,
            pseudonym="[phone number]", role_title="", aliases="", date_of_birth_0=None,
            date_of_birth_1=None, date_of_birth_2=None))
        assert response.status_code == 302, page_text(response)
    assert review.identities.filter(pseudonym="[phone number]").count() == 2
