"""Settings → Agencies: the business manager keeps the partnership's list of agencies, adds one
from wherever an agency is chosen, merges one recorded twice and never deletes one with records.
Every change is audited."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk.accounts import actions
from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
from reviewdesk.accounts.selectors import agency_links, records_of
from reviewdesk.audit.models import AuditEvent
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor, ClientResponse, MakeReview

LIST = "/settings/agencies/"
ADD = "/settings/agencies/add/"
MERGE = "/settings/agencies/merge/"


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


@pytest.fixture
def trust(partnership: Partnership, business_manager: User) -> Agency:
    return actions.add_agency(partnership, by=business_manager, name="Kirkvale Hospitals NHS Trust",
                              short_name="KHT", kind=Agency.Kind.ACUTE_TRUST)


@pytest.fixture
def trust_twice(partnership: Partnership, business_manager: User) -> Agency:
    """The same trust, typed again by someone who did not find it in the list."""
    return actions.add_agency(partnership, by=business_manager, name="Kirkvale Hospitals Trust",
                              kind=Agency.Kind.HEALTH)


# --- The list and who may use it ---------------------------------------------------------------


def test_the_settings_page_links_to_the_agencies(business_manager: User, client_for: ClientFor) -> None:
    response = client_for(business_manager).get("/settings/")
    assert f'href="{LIST}"' in response.content.decode()


def test_the_list_shows_active_and_inactive_agencies(business_manager: User, agencies: dict[str, Agency],
                                                     trust: Agency, client_for: ClientFor) -> None:
    actions.deactivate_agency(agencies["voluntary"], by=business_manager)
    text = page_text(client_for(business_manager).get(LIST))
    assert "Kirkvale Hospitals NHS Trust" in text and "KHT" in text
    assert "Testshire Voluntary sector" in text and "Inactive" in text


def test_the_list_takes_the_same_queries_however_many_agencies(business_manager: User,
                                                               agencies: dict[str, Agency], partner: User,
                                                               client_for: ClientFor) -> None:
    client = client_for(business_manager)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for agency in agencies.values():
        agency.subgroup_representative = partner
        agency.save()
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["partner", "subgroup_member", "lead_reviewer", "agency_author",
                                 "outsider"])
def test_only_the_business_manager_keeps_the_agencies(who: str, request: pytest.FixtureRequest, trust: Agency,
                                                      client_for: ClientFor) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"name": "Sneaky Agency", "kind": "other"}).status_code == 403
    assert client.post(f"{LIST}{trust.pk}/", {"name": "Renamed", "kind": "other"}
                       ).status_code == 403
    assert client.post(f"{LIST}{trust.pk}/delete/").status_code == 403
    assert not Agency.objects.filter(name__in=["Sneaky Agency", "Renamed"]).exists()


def test_another_partnerships_agency_is_not_found(business_manager: User, client_for: ClientFor) -> None:
    elsewhere = Partnership.objects.create(name="Elsewhere SCP", code="EW")
    theirs = Agency.objects.create(partnership=elsewhere, name="Elsewhere Police", kind="police")
    client = client_for(business_manager)
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/delete/").status_code == 404


# --- Adding and changing -----------------------------------------------------------------------


def test_the_business_manager_adds_an_agency_with_every_detail(business_manager: User, partner: User,
                                                               client_for: ClientFor) -> None:
    response = client_for(business_manager).post(ADD, {
        "name": "  North West Ambulance Service ", "short_name": "NWAS", "kind": "ambulance",
        "email": "safeguarding@nwas.example", "subgroup_representative": partner.pk,
        "staff_support": "Employee Assistance Programme, 0800 000 0000, eap.example"})
    assert response.status_code == 302 and response["Location"] == LIST
    agency = Agency.objects.get(name="North West Ambulance Service")
    assert (agency.short_name, agency.kind, agency.email, agency.subgroup_representative,
            agency.is_active) == ("NWAS", "ambulance", "safeguarding@nwas.example", partner, True)
    assert "0800 000 0000" in agency.staff_support
    [event] = events("agency.added")
    assert event.actor == business_manager and event.data["agency"] == agency.pk


def test_a_name_or_short_name_already_used_is_refused_and_says_so(business_manager: User, trust: Agency,
                                                                  client_for: ClientFor) -> None:
    client = client_for(business_manager)
    text = page_text(client.post(ADD, {"name": "kirkvale hospitals nhs trust", "kind": "health"}))
    assert "There is already an agency called kirkvale hospitals nhs trust" in text
    text = page_text(client.post(ADD, {"name": "Another Trust", "short_name": "kht",
                                       "kind": "health"}))
    assert "Another agency already has the short name kht" in text
    assert Agency.objects.filter(name__icontains="trust").count() == 1
    assert len(events("agency.added")) == 1  # the fixture's own


def test_an_agency_with_no_name_or_kind_says_what_is_missing(business_manager: User,
                                                             client_for: ClientFor) -> None:
    text = page_text(client_for(business_manager).post(ADD, {"name": "", "kind": ""}))
    assert "Enter the agency's name." in text and "Choose the kind of agency." in text


def test_a_representative_from_another_partnership_is_refused(partnership: Partnership,
                                                              business_manager: User) -> None:
    elsewhere = Partnership.objects.create(name="Elsewhere SCP", code="EW")
    stranger = User.objects.create_user("s@example.test", "x", full_name="Stan Stranger",
                                        partnership=elsewhere)
    with pytest.raises(ValidationError) as refused:
        actions.add_agency(partnership, by=business_manager, name="Some Agency", kind="other",
                           subgroup_representative=stranger)
    assert "Choose an active person of your partnership" in str(refused.value)


def test_changing_an_agency_records_which_fields_changed(business_manager: User, trust: Agency,
                                                         client_for: ClientFor) -> None:
    response = client_for(business_manager).post(f"{LIST}{trust.pk}/", {
        "name": trust.name, "short_name": "KHFT", "kind": "acute_trust", "email": "",
        "staff_support": "", "is_active": "on", "version": trust.version})
    assert response.status_code == 302
    trust.refresh_from_db()
    assert trust.short_name == "KHFT"
    [event] = events("agency.changed")
    assert event.data["fields"] == ["short_name"]


def test_unticking_active_deactivates_it_from_the_change_page(business_manager: User, trust: Agency,
                                                             client_for: ClientFor) -> None:
    client_for(business_manager).post(f"{LIST}{trust.pk}/", {
        "name": trust.name, "short_name": "KHT", "kind": "acute_trust",
        "version": trust.version})
    trust.refresh_from_db()
    assert not trust.is_active


# --- Add on the fly: the 'next' link ----------------------------------------------------------


def test_adding_on_the_fly_returns_to_the_page_it_came_from(business_manager: User, review: Review,
                                                            client_for: ClientFor) -> None:
    back = f"/reviews/{review.uuid}/rapid-review/summaries/request/?x=1"
    response = client_for(business_manager).post(
        f"{ADD}?next=/reviews/{review.uuid}/rapid-review/summaries/request/%3Fx%3D1",
        {"name": "St Aidan's Primary School", "kind": "school"})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("bad", [
    "https://evil.example/", "//evil.example/", "/reviews/../sign-out/",
    "/reviews/%2e%2e/sign-out/", "/reviews/./x/", "\\\\evil.example", "javascript:alert(1)",
])
def test_a_next_that_leaves_the_site_or_climbs_out_is_ignored(bad: str, business_manager: User,
                                                              client_for: ClientFor) -> None:
    client = client_for(business_manager)
    response = client.post(f"{ADD}?next={bad}", {"name": f"Agency {len(bad)}", "kind": "other"})
    assert response["Location"] == LIST
    form = client.get(f"{ADD}?next={bad}").content.decode()
    assert "evil.example" not in form and "sign-out" not in form.split("<main")[1]


def test_the_link_appears_only_for_the_business_manager(business_manager: User, subgroup_member: User,
                                                        review: Review, client_for: ClientFor) -> None:
    url = f"/reviews/{review.uuid}/register/add/"
    shown = client_for(business_manager).get(url).content.decode()
    assert "Add an agency that is not listed" in shown
    assert f"{ADD}?next=/reviews/{review.uuid}/register/add/" in shown


def test_the_intake_form_offers_the_link(business_manager: User, client_for: ClientFor) -> None:
    text = page_text(client_for(business_manager).get(reverse("reviews:record_incident")))
    assert "Add an agency that is not listed" in text


# --- Deactivated agencies -----------------------------------------------------------------------


def test_an_inactive_agency_is_not_offered_for_new_work_but_stays_on_records(
        business_manager: User, agencies: dict[str, Agency], review: Review, client_for: ClientFor) -> None:
    police = agencies["police"]  # involved in the review's incident
    actions.deactivate_agency(police, by=business_manager)
    client = client_for(business_manager)
    intake = client.get(reverse("reviews:record_incident")).content.decode()
    assert police.name not in intake
    request_page = client.get(f"/reviews/{review.uuid}/rapid-review/summaries/request/")
    assert police.name not in request_page.content.decode()
    assert police in review.incidents.get().agencies.all()
    assert Agency.objects.for_new_work(police.partnership_id, keep=[police.pk]).filter(
        pk=police.pk).exists()


def test_deactivating_twice_says_it_is_already_inactive(business_manager: User, trust: Agency) -> None:
    actions.deactivate_agency(trust, by=business_manager)
    with pytest.raises(ValidationError, match="already inactive"):
        actions.deactivate_agency(trust, by=business_manager)
    assert len(events("agency.deactivated")) == 1


# --- Deleting -------------------------------------------------------------------------------------


def test_an_agency_with_no_records_can_be_deleted(business_manager: User, trust: Agency,
                                                  client_for: ClientFor) -> None:
    client = client_for(business_manager)
    assert "can be deleted" in page_text(client.get(f"{LIST}{trust.pk}/delete/"))
    response = client.post(f"{LIST}{trust.pk}/delete/")
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=trust.pk).exists()
    [event] = events("agency.deleted")
    assert event.data == {"agency": trust.pk, "kind": trust.kind}


def test_the_audit_trail_holds_no_agency_names(business_manager: User, trust: Agency, trust_twice: Agency,
                                               client_for: ClientFor) -> None:
    """A school's or a nursery's name identifies a child, and the audit trail is never changed."""
    actions.change_agency(trust, by=business_manager, short_name="KHT")
    actions.deactivate_agency(trust_twice, by=business_manager)
    actions.merge_agencies(trust_twice, trust, by=business_manager)
    written = [(e.summary, str(e.data)) for e in AuditEvent.objects.filter(
        event_type__startswith="agency.")]
    assert len(written) >= 4
    for summary, data in written:
        for name in ("Kirkvale", "Hospitals", "KHT"):
            assert name not in summary and name not in data


def test_an_agency_with_records_is_never_deleted_and_deactivate_is_offered(
        business_manager: User, agencies: dict[str, Agency], review: Review, client_for: ClientFor) -> None:
    police = agencies["police"]
    client = client_for(business_manager)
    text = page_text(client.get(f"{LIST}{police.pk}/delete/"))
    assert "cannot be deleted" in text and "Incidents (agencies involved)" in text
    assert f"{LIST}{police.pk}/deactivate/" in text
    response = client.post(f"{LIST}{police.pk}/delete/")
    assert "cannot be deleted because records point to it" in page_text(response)
    assert Agency.objects.filter(pk=police.pk).exists() and not events("agency.deleted")
    client.post(f"{LIST}{police.pk}/deactivate/")
    police.refresh_from_db()
    assert not police.is_active and len(events("agency.deactivated")) == 1


# --- Merging --------------------------------------------------------------------------------------


def test_every_link_to_an_agency_is_found_across_the_apps() -> None:
    found = {(link.model._meta.label, link.field_name) for link in agency_links()}
    assert {("accounts.User", "agency"), ("rapid_review.SummaryRequest", "agency"),
            ("chronology.Entry", "agency"), ("reviews.IdentityEntry", "agency"),
            ("reviews.Incident_agencies", "agency"),
            ("commissioning.TermsOfReference_agencies", "agency")} <= found


def test_merging_shows_what_will_move_then_moves_it_in_one_go(business_manager: User,
                                                              partnership: Partnership, trust: Agency,
                                                              trust_twice: Agency, make_review: MakeReview,
                                                              client_for: ClientFor) -> None:
    review = make_review(agencies=[trust, trust_twice])
    other = make_review(child_name="Maisie Hart", agencies=[trust_twice])
    nurse = User.objects.create_user("nurse@example.test", "x", full_name="Nia Nurse",
                                     partnership=partnership, agency=trust_twice)
    IdentityEntry.objects.create(review=review, kind=IdentityEntry.Kind.PROFESSIONAL,
                                 real_name="Nia Nurse", pseudonym="Nurse 1", agency=trust_twice)
    client = client_for(business_manager)
    confirm = page_text(client.post(MERGE, {"duplicate": trust_twice.pk, "keep": trust.pk}))
    assert "Merge Kirkvale Hospitals Trust into Kirkvale Hospitals NHS Trust" in confirm
    assert "Incidents (agencies involved)" in confirm and "People who work there" in confirm
    assert not events("agency.merged")  # nothing yet

    response = client.post(MERGE, {"duplicate": trust_twice.pk, "keep": trust.pk,
                                   "confirmed": "yes"})
    assert response.status_code == 302
    nurse.refresh_from_db()
    trust.refresh_from_db()
    trust_twice.refresh_from_db()
    assert nurse.agency == trust
    assert list(review.incidents.get().agencies.all()) == [trust]  # listed once, not twice
    assert list(other.incidents.get().agencies.all()) == [trust]
    assert review.identities.get(pseudonym="Nurse 1").agency == trust
    assert records_of(trust_twice) == []
    assert not trust_twice.is_active  # kept, not deleted
    assert "Kirkvale Hospitals Trust" in trust.alias_list
    [event] = events("agency.merged")
    assert event.data["moved"]["People who work there"] == 1
    # The first incident listed both: its duplicate link was dropped, not moved.
    assert event.data["moved"]["Incidents (agencies involved)"] == 1


def test_merging_into_itself_or_across_partnerships_is_refused(
        business_manager: User, partnership: Partnership, trust: Agency, client_for: ClientFor) -> None:
    text = page_text(client_for(business_manager).post(MERGE, {"duplicate": trust.pk,
                                                               "keep": trust.pk,
                                                               "confirmed": "yes"}))
    assert "an agency cannot be merged into itself" in text
    elsewhere = Partnership.objects.create(name="Elsewhere SCP", code="EW")
    theirs = Agency.objects.create(partnership=elsewhere, name="Elsewhere Trust", kind="health")
    assert actions.merge_problems(trust, theirs) == [
        "Both agencies must belong to your partnership."]
    with pytest.raises(ValidationError):
        actions.merge_agencies(theirs, trust, by=business_manager)
    text = page_text(client_for(business_manager).post(MERGE, {"duplicate": theirs.pk,
                                                               "keep": trust.pk}))
    assert "Select a valid choice" in text or "Choose" in text
    assert not events("agency.merged")


def test_a_merge_that_would_give_a_review_two_of_a_kind_is_refused_and_says_where(
        business_manager: User, trust: Agency, trust_twice: Agency, review: Review) -> None:
    contact = User.objects.create_user("c@example.test", "x", full_name="Cal Contact",
                                       partnership=review.partnership)
    for agency in (trust, trust_twice):
        SummaryRequest.objects.create(review=review, agency=agency, contact=contact,
                                      due_on=date(2026, 3, 10), requested_on=date(2026, 3, 3),
                                      requested_by=business_manager)
    [problem] = actions.merge_problems(trust_twice, trust)
    assert problem.startswith("Rapid review summary requests: both Kirkvale Hospitals Trust and "
                              "Kirkvale Hospitals NHS Trust have one on " + review.reference)
    with pytest.raises(ValidationError):
        actions.merge_agencies(trust_twice, trust, by=business_manager)
    assert SummaryRequest.objects.filter(agency=trust_twice).count() == 1
    assert trust_twice.is_active


def test_a_representative_named_in_settings_is_the_one_told(partnership: Partnership,
                                                            agencies: dict[str, Agency],
                                                            subgroup_member: User, partner: User) -> None:
    health = agencies["health"]
    assert list(health.subgroup_representatives()) == [subgroup_member]  # who works there
    health.subgroup_representative = partner
    health.save()
    assert list(health.subgroup_representatives()) == [partner]
    partner.is_active = False
    partner.save()
    assert list(health.subgroup_representatives()) == [subgroup_member]


def test_a_subgroup_member_is_offered_as_representative(business_manager: User, subgroup_member: User,
                                                        client_for: ClientFor) -> None:
    assert subgroup_member.role == PartnershipRole.SUBGROUP_MEMBER
    assert "Sue Subgroup" in page_text(client_for(business_manager).get(ADD))


def test_a_late_summary_is_escalated_to_the_representative_named_in_settings(business_manager: User,
                                                                             agencies: dict[str, Agency],
                                                                             review: Review, partner: User,
                                                                             subgroup_member: User) -> None:
    from reviewdesk.rapid_review.chasers import escalation_recipients

    health = agencies["health"]
    late = SummaryRequest.objects.create(review=review, agency=health, contact=partner,
                                         due_on=date(2026, 3, 10), requested_on=date(2026, 3, 3),
                                         requested_by=business_manager)
    health.subgroup_representative = partner
    health.save()
    late.refresh_from_db()
    people = escalation_recipients(late)
    assert partner in people and business_manager in people
    # Sue works for health and sits on this review's subgroup: still told as a team member.
    assert subgroup_member in people


def test_an_inactive_agency_already_in_scope_stays_in_the_next_version(
        partnership: Partnership, business_manager: User, agencies: dict[str, Agency]) -> None:
    from reviewdesk.commissioning.forms import TermsOfReferenceForm

    police = agencies["police"]
    actions.deactivate_agency(police, by=business_manager)
    assert police in TermsOfReferenceForm(partnership.pk, initial={
        "agencies": [police.pk]}).fields["agencies"].queryset
    assert police not in TermsOfReferenceForm(partnership.pk).fields["agencies"].queryset
