"""Every page that shows an identity a pseudonym-only reader may not see is audited as a read
(docs/decisions/0024). The access matrix proves it for every page; these say how."""

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reads import is_read_event
from reviewdesk.reviews.models import IdentityEntry


def reads_by(person: User) -> list[AuditEvent]:
    return [e for e in AuditEvent.objects.filter(actor=person).order_by("seq")
            if is_read_event(e.event_type)]


def test_the_register_entry_edit_page_writes_a_read_event(review, business_manager, client_for):
    child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    response = client_for(business_manager).get(
        f"/reviews/{review.uuid}/register/{child.pk}/edit/")
    assert response.status_code == 200
    assert child.real_name in response.content.decode()
    [event] = reads_by(business_manager)
    assert (event.event_type, event.review_id) == ("page.viewed", review.pk)
    assert event.data == {"page": "reviews:register_edit", "method": "GET", "tier": 2}
    # The summary names the page, never the person.
    assert child.real_name not in event.summary


def test_the_team_page_is_a_read_for_the_lead_reviewer_and_not_for_a_partner(
        review, lead_reviewer, partner, client_for):
    assert client_for(lead_reviewer).get(f"/reviews/{review.uuid}/team/").status_code == 200
    assert [e.data["page"] for e in reads_by(lead_reviewer)] == ["reviews:team"]
    # A partner sees pseudonyms and role labels only: nothing confidential was read.
    assert client_for(partner).get(f"/reviews/{review.uuid}/team/").status_code == 200
    assert reads_by(partner) == []


def test_a_page_that_records_its_own_read_is_not_recorded_twice(review, business_manager,
                                                               client_for):
    assert client_for(business_manager).get(f"/reviews/{review.uuid}/").status_code == 200
    assert [e.event_type for e in reads_by(business_manager)] == ["review.viewed"]


def test_a_refused_request_is_not_a_read(review, practitioner, client_for):
    # The register is closed to a practitioner (403): nothing was shown.
    assert client_for(practitioner).get(f"/reviews/{review.uuid}/register/").status_code == 403
    assert reads_by(practitioner) == []


def test_the_dashboard_writes_one_read_naming_every_review_it_shows(
        make_review, business_manager, client_for):
    first, second = make_review(child_name="Ada Brook"), make_review(child_name="Ben Cole")
    response = client_for(business_manager).get("/dashboard/")
    assert response.status_code == 200
    [event] = reads_by(business_manager)
    assert event.review_id is None
    assert event.data["page"] == "reviews:dashboard"
    assert set(event.data["reviews"]) >= {first.pk, second.pk}


def test_the_people_page_names_staff_and_is_audited(business_manager, practitioner, client_for):
    response = client_for(business_manager).get("/people/")
    assert practitioner.full_name in response.content.decode()
    assert [e.data["page"] for e in reads_by(business_manager)] == ["accounts:people"]


def test_the_polled_status_region_is_not_a_read(review, business_manager, client_for):
    from reviewdesk.reports import actions
    from reviewdesk.reports.scanning import run_check

    check = actions.upload_draft(review, by=business_manager, data=b"A short draft.\n",
                                 filename="draft.txt")
    run_check(check.pk, unregistered=False)
    response = client_for(business_manager).get(
        f"/reviews/{review.uuid}/publication-checks/{check.number}/status/")
    assert response.status_code == 200
    assert reads_by(business_manager) == []
