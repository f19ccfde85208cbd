"""The audit trail page: each event a sentence naming who acted and their role, as this viewer may
see them; filters grouped by area in plain words, 'changes only', and a constant query count."""

import re
from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import User
from reviewdesk.audit.context import as_system
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole
from reviewdesk.testing import ClientFor, MakeReview

URL = "/audit/"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


def pseudonym_of(review: Review, person: User) -> str:
    return IdentityEntry.objects.get(review=review, person=person).pseudonym


def test_the_business_manager_reads_each_event_as_a_sentence_with_names_and_roles(
        review: Review, business_manager: User, practitioner: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    client_for(practitioner).get(f"/reviews/{review.uuid}/")
    record("commissioning.case_files_viewed", actor=lead_reviewer, review=review,
           summary="Viewed the case-file checklist")
    with as_system("the chronology check"):
        record("chronology.file_checked", review=review, summary="Checked version 1")
    page = text_of(client_for(business_manager).get(URL).content.decode())
    assert "Bea Manager (business manager) added someone to the review" in page
    assert "Polly Practitioner (practitioner) read the review's page" in page
    assert "Rita Reviewer (lead reviewer) read the case-file checklist" in page
    assert "Review Desk finished checking a chronology file" in page
    assert "Bea Manager (business manager) recorded a serious incident notification" in page


def test_the_scrutineer_sees_staff_by_their_role_label_and_never_their_names(
        review: Review, scrutineer: User, practitioner: User, agency_author: User,
        client_for: ClientFor) -> None:
    client_for(practitioner).get(f"/reviews/{review.uuid}/")
    record("commissioning.case_files_confirmed", actor=agency_author, review=review,
           summary="Confirmed the case files")
    response = client_for(scrutineer).get(URL)
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert f"{pseudonym_of(review, practitioner)} (practitioner) read the review's page" in page
    assert (f"{pseudonym_of(review, agency_author)} (agency author) confirmed an agency's case "
            "files were secured") in page
    for hidden in ("Polly", "Andy", "Author", "Kayden", "Moorcroft"):
        assert hidden not in page.replace("(agency author)", "")
    # The business manager's own events name her: a partnership officer acts under her own name.
    assert "Bea Manager (business manager) added someone to the review" in page


def test_on_behalf_of_reads_in_the_sentence(review: Review, business_manager: User, partner: User,
                                            client_for: ClientFor) -> None:
    record("decision.partner_recorded", actor=business_manager, on_behalf_of=partner,
           review=review, summary="Recorded a decision")
    page = text_of(client_for(business_manager).get(URL).content.decode())
    assert ("Bea Manager (business manager), on behalf of Pat Partner (safeguarding partner), "
            "recorded a safeguarding partner's decision") in page


def event_types_shown(client: Client, query: str) -> set[str]:
    html = client.get(URL + query).content.decode()
    table = html.split("Events, newest first", 1)[-1].replace("<wbr>", "")
    return set(re.findall(r"<code[^>]*>([a-z_]+\.[a-z_]+)</code>", table))


def test_the_filter_groups_events_by_area_in_plain_words(review: Review, business_manager: User,
                                                          client_for: ClientFor) -> None:
    client = client_for(business_manager)
    client.get(f"/reviews/{review.uuid}/")
    html = client.get(URL).content.decode()
    select = html[html.index('id="id_event_type"'):]
    select = select[:select.index("</select>")]
    assert '<optgroup label="The review and its team">' in select
    assert '<option value="area:review">All events: the review and its team</option>' in select
    assert '<option value="review.member_added">Someone was added to a review</option>' in select
    # Plain words only: no option reads as a code.
    assert not re.search(r">[a-z_]+\.[a-z_]+<", select)

    assert event_types_shown(client, "?event_type=area:review") == {
        "review.incident_recorded", "review.member_added", "review.viewed"}
    assert event_types_shown(client, "?event_type=review.member_added") == {"review.member_added"}
    assert "audit.viewed" in event_types_shown(client, "?event_type=area:reads")


def test_changes_only_leaves_out_reads(review: Review, business_manager: User,
                                       client_for: ClientFor) -> None:
    client = client_for(business_manager)
    client.get(f"/reviews/{review.uuid}/")
    client.get(URL)
    assert {"review.viewed", "audit.viewed"} <= event_types_shown(client, "")
    changes = event_types_shown(client, "?changes_only=on")
    assert "review.member_added" in changes
    assert not {"review.viewed", "audit.viewed"} & changes
    assert event_types_shown(client, "?changes_only=on&event_type=area:review") == {
        "review.incident_recorded", "review.member_added"}


def test_the_existing_filters_still_work(review: Review, business_manager: User, partner: User,
                                         make_review: MakeReview, client_for: ClientFor) -> None:
    other = make_review(child_name="Other Child")
    record("review.viewed", actor=partner, review=other, summary="Viewed the review")
    client = client_for(business_manager)
    by_partner = client.get(URL + f"?person={partner.pk}").content.decode()
    assert "Pat Partner (safeguarding partner) read the review's page" in text_of(by_partner)
    assert "added someone to the review" not in text_of(by_partner)
    only_other = text_of(client.get(URL + f"?review={other.reference}").content.decode())
    assert other.reference in only_other and review.reference not in only_other
    refused = client.get(URL + "?date_from-day=5&date_from-month=12&date_from-year=2026"
                               "&date_to-day=1&date_to-month=12&date_to-year=2026")
    assert "The &#39;to&#39; date must be the same as or after" in refused.content.decode()
    assert "There is a problem" in client.get(URL + "?event_type=no.such").content.decode()


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_rows_on_a_page(
        make_review: MakeReview, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    def reviewed(n: int) -> None:
        for i in range(n):
            r = make_review(child_name=f"Child Number{i}")
            actions.add_member(r, lead_reviewer, ReviewRole.LEAD_REVIEWER, by=business_manager,
                               started_on=date(2026, 3, 3))
            record("review.viewed", actor=lead_reviewer, review=r, summary="Viewed the review")

    client = client_for(business_manager)
    reviewed(1)
    few = queries(client, URL)
    reviewed(5)
    assert AuditEvent.objects.count() > 15
    assert queries(client, URL) == few
