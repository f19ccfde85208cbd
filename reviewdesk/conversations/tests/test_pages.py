"""The pages: the lead reviewer's conversations with staff, one conversation, the areas raised;
the business manager's shared note; the practitioner's sections and forms; the home items. Who
reads a note or an area: the lead reviewer, the business manager a note once shared, the
practitioner their own areas; never the subgroup, a partner or the practitioner's manager."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.conversations import actions
from reviewdesk.conversations.tests.helpers import (
    AREA,
    AREAS,
    NOTE,
    REPLY,
    asked,
    booked,
    make_practitioner,
)
from reviewdesk.parallel.models import Advice, TopicRestriction
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.needs import needs_for
from reviewdesk.staff.models import Conversation, Practitioner
from reviewdesk.testing import ClientFor, TodayIs, tomorrow

Status = Conversation.Status


@pytest.fixture
def prac(review: Review, practitioner: User, business_manager: User) -> Practitioner:
    return make_practitioner(review, practitioner, business_manager)


@pytest.fixture
def manager(review: Review, partnership, business_manager: User, agencies) -> User:
    """The practitioner's line manager, on the review as their manager."""
    person = User.objects.create_user("manager@example.test", "x", full_name="Mo Manager",
                                      partnership=partnership, agency=agencies["health"])
    add_member(review, person, ReviewRole.MANAGER, by=business_manager,
               started_on=date(2026, 3, 3))
    return person


def held(prac: Practitioner, lead: User, today_is: TodayIs, *, shared: bool = False
         ) -> Conversation:
    conversation = booked(prac, lead)
    today_is(tomorrow() + timedelta(days=1))
    actions.record_held(conversation, by=lead, held_on=timezone.localdate(), note=NOTE)
    if shared:
        actions.save_note(conversation, by=lead, note=NOTE, shared=True)
    return conversation


def url(name: str, review: Review, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"conversations:{name}", args=[review.uuid, *args])


def test_the_lead_reviewers_page_lists_every_practitioner_with_state_and_areas(
        review: Review, prac: Practitioner, lead_reviewer: User, practitioner: User,
        client_for: ClientFor) -> None:
    asked(prac, lead_reviewer)
    actions.raise_area(prac, by=practitioner, text=AREA)
    client = client_for(lead_reviewer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url("staff", review))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Polly Practitioner" in body and "Asked for" in body
    assert "1 raised, 1 new" in body
    assert AuditEvent.objects.filter(event_type="conversations.viewed",
                                     actor=lead_reviewer).exists()
    few = len(queries)
    # A second practitioner costs no more queries.
    other = User.objects.create_user("second@example.test", "x", full_name="Sid Second",
                                     partnership=review.partnership,
                                     agency=prac.agency, job_title="School nurse")
    add_member(review, other, ReviewRole.PRACTITIONER, by=lead_reviewer,
               started_on=date(2026, 3, 3))
    make_practitioner(review, other, lead_reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("staff", review)).status_code == 200
    assert len(queries) == few


@pytest.mark.parametrize("who", ["business_manager", "subgroup_member", "partner",
                                 "agency_author", "practitioner", "manager"])
def test_nobody_but_the_lead_reviewer_opens_the_conversations_or_areas(
        who: str, review: Review, prac: Practitioner, lead_reviewer: User, practitioner: User,
        client_for: ClientFor, request: pytest.FixtureRequest, today_is: TodayIs) -> None:
    conversation = held(prac, lead_reviewer, today_is)
    area = actions.raise_area(prac, by=practitioner, text=AREA)
    client = client_for(request.getfixturevalue(who))
    for page in [url("staff", review), url("conversation", review, conversation.pk),
                 url("note", review, conversation.pk), url("areas", review),
                 url("answer_area", review, area.pk), url("shared_note", review,
                                                          conversation.pk)]:
        response = client.get(page)
        assert response.status_code == 403, (page, response.status_code)
        assert NOTE not in response.content.decode() and AREA not in response.content.decode()


def test_the_note_reaches_the_business_manager_only_once_shared(
        review: Review, prac: Practitioner, lead_reviewer: User, business_manager: User,
        subgroup_member: User, partner: User, manager: User, practitioner: User,
        client_for: ClientFor, today_is: TodayIs) -> None:
    conversation = held(prac, lead_reviewer, today_is)
    page = url("shared_note", review, conversation.pk)
    assert client_for(business_manager).get(page).status_code == 403
    assert page not in client_for(business_manager).get(
        f"/reviews/{review.uuid}/").content.decode()
    assert access.may_read_conversation_note(lead_reviewer, conversation)
    assert not access.may_read_conversation_note(business_manager, conversation)
    assert NOTE in client_for(lead_reviewer).get(page).content.decode()
    actions.save_note(conversation, by=lead_reviewer, note=NOTE, shared=True)
    conversation.refresh_from_db()
    # The review page links to it (the note itself is on its own page only).
    review_page = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert f'href="{page}"' in review_page and NOTE not in review_page
    response = client_for(business_manager).get(page)
    assert response.status_code == 200 and NOTE in response.content.decode()
    assert AuditEvent.objects.filter(event_type="conversations.note_viewed",
                                     actor=business_manager).exists()
    for nobody in (subgroup_member, partner, manager, practitioner):
        assert not access.may_read_conversation_note(nobody, conversation)
        assert client_for(nobody).get(page).status_code == 403
    # Unshared again: closed again.
    actions.save_note(conversation, by=lead_reviewer, note=NOTE, shared=False)
    conversation.refresh_from_db()
    assert not access.may_read_conversation_note(business_manager, conversation)


def test_the_lead_reviewer_runs_a_conversation_through_its_pages(
        review: Review, prac: Practitioner, lead_reviewer: User, practitioner: User,
        client_for: ClientFor, today_is: TodayIs) -> None:
    lead, staff = client_for(lead_reviewer), client_for(practitioner)
    first = tomorrow() + timedelta(days=2)
    response = lead.post(url("ask", review, prac.pk), {
        "areas": AREAS, "date_1-day": first.day, "date_1-month": first.month,
        "date_1-year": first.year, "time_1": "25:00", "place": "Room 2"})
    assert response.status_code == 200 and "24-hour clock" in response.content.decode()
    assert not Conversation.objects.exists()
    response = lead.post(url("ask", review, prac.pk), {
        "areas": AREAS, "date_1-day": first.day, "date_1-month": first.month,
        "date_1-year": first.year, "time_1": "14:30", "place": "Room 2"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "conversation", review, conversation.pk)
    # The practitioner sees it on their page, and chooses the date.
    own = staff.get(f"/reviews/{review.uuid}/").content.decode()
    assert AREAS in own and "2:30pm to 3:30pm" in own
    reply = url("reply", review, conversation.pk)
    assert staff.post(reply, {"choice": "another", "note": ""}).status_code == 200
    response = staff.post(reply, {"choice": actions.offered_times(conversation)[0].isoformat()})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == Status.BOOKED
    assert "is booked for" in staff.get(f"/reviews/{review.uuid}/").content.decode()
    today_is(first)
    held_on = timezone.localdate()
    assert lead.post(url("record_held", review, conversation.pk), {
        "held_on-day": held_on.day, "held_on-month": held_on.month,
        "held_on-year": held_on.year, "note": NOTE}).status_code == 302
    conversation.refresh_from_db()
    assert lead.post(url("note", review, conversation.pk), {
        "note": NOTE + " more", "shared": "on", "version": conversation.version}
    ).status_code == 302
    assert lead.post(url("consent", review, conversation.pk), {
        "consent": "quoted", "given_on-day": held_on.day, "given_on-month": held_on.month,
        "given_on-year": held_on.year}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.note_shared_with_business_manager and conversation.consent == "quoted"
    page = lead.get(url("conversation", review, conversation.pk)).content.decode()
    assert "Quoted anonymously" in page and "Shared with the business manager" in page
    # The practitioner sees their consent, never the note; and changes their consent.
    own = staff.get(f"/reviews/{review.uuid}/").content.decode()
    assert "Quoted anonymously" in own and "NOTEMARK" not in own
    assert staff.post(url("own_consent", review, conversation.pk), {
        "consent": "not_used", "given_on-day": held_on.day, "given_on-month": held_on.month,
        "given_on-year": held_on.year}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.consent == "not_used"


def test_a_practitioner_answers_only_their_own_conversation(
        review: Review, prac: Practitioner, lead_reviewer: User, business_manager: User,
        outsider: User, client_for: ClientFor) -> None:
    conversation = asked(prac, lead_reviewer)
    add_member(review, outsider, ReviewRole.PRACTITIONER, by=business_manager,
               started_on=date(2026, 3, 3))
    make_practitioner(review, outsider, business_manager)
    other = client_for(outsider)
    assert other.get(url("reply", review, conversation.pk)).status_code == 404
    assert other.post(url("reply", review, conversation.pk), {
        "choice": actions.offered_times(conversation)[0].isoformat()}).status_code == 404
    conversation.refresh_from_db()
    assert conversation.status == Status.REQUESTED
    own = other.get(f"/reviews/{review.uuid}/").content.decode()
    assert AREAS not in own


def test_areas_raised_the_practitioner_reads_the_reply_nobody_else_reads_them(
        review: Review, prac: Practitioner, lead_reviewer: User, practitioner: User,
        manager: User, client_for: ClientFor) -> None:
    staff = client_for(practitioner)
    assert staff.post(url("raise_area", review), {"text": ""}).status_code == 200
    assert staff.post(url("raise_area", review), {"text": AREA}).status_code == 302
    area = prac.areas_raised.get()
    lead = client_for(lead_reviewer)
    assert AREA in lead.get(url("areas", review)).content.decode()
    today = timezone.localdate()
    assert lead.post(url("answer_area", review, area.pk), {
        "status": "answered", "reply": REPLY, "replied_on-day": today.day,
        "replied_on-month": today.month, "replied_on-year": today.year}).status_code == 302
    own = staff.get(f"/reviews/{review.uuid}/").content.decode()
    assert AREA in own and REPLY in own and "Answered" in own
    # Their manager sees what a practitioner sees, but not their practitioner's areas: no
    # section of ours on their page (the page itself is the manager helper's).
    from django.test import RequestFactory

    from reviewdesk.conversations.views import practitioner_section
    from reviewdesk.reviews.names import Names

    request = RequestFactory().get("/")
    request.user = manager
    assert practitioner_section(request, review, Names(review, manager)) is None


def test_home_items_for_the_lead_reviewer_and_the_practitioner(
        review: Review, prac: Practitioner, lead_reviewer: User, practitioner: User,
        business_manager: User, today_is: TodayIs) -> None:
    conversation = asked(prac, lead_reviewer)
    today = timezone.localdate()
    assert [n.what for n in needs_for(practitioner, today)] == [
        "The lead reviewer asked to speak with you: choose a date, or ask for another"]
    actions.ask_for_another_date(conversation, by=practitioner, note="Tuesday")
    actions.raise_area(prac, by=practitioner, text=AREA)
    lead_items = [n.what for n in needs_for(lead_reviewer, today)]
    assert "Polly Practitioner asked for another date to speak with you: offer new dates" \
        not in lead_items  # by role label: the home page reads through the viewer's names
    assert any("asked for another date to speak with you" in w for w in lead_items)
    assert "1 new area raised by staff for you to consider" in lead_items
    assert not needs_for(practitioner, today)
    # Nothing of it for the business manager.
    assert not [n for n in needs_for(business_manager, today)
                if "area" in n.what or "speak" in n.what]
    actions.offer_new_dates(conversation, by=lead_reviewer, place="Room 2",
                            offers=[actions.offered_times(conversation)[0]])
    conversation = actions.accept_date(conversation, by=practitioner,
                                       starts_at=actions.offered_times(conversation)[0])
    today_is(tomorrow() + timedelta(days=1))
    assert any("as held" in n.what for n in needs_for(lead_reviewer, timezone.localdate()))


def test_the_review_page_shows_counts_to_the_lead_reviewer_only(
        review: Review, prac: Practitioner, lead_reviewer: User, business_manager: User,
        subgroup_member: User, client_for: ClientFor) -> None:
    asked(prac, lead_reviewer)
    link = f'href="{url("staff", review)}"'
    assert link in client_for(lead_reviewer).get(f"/reviews/{review.uuid}/").content.decode()
    for other in (business_manager, subgroup_member):
        page = client_for(other).get(f"/reviews/{review.uuid}/").content.decode()
        assert link not in page and "areas-raised" not in page


def test_the_topics_the_advice_excludes_are_beside_the_conversation_for_both_sides(
        prac: Practitioner, lead_reviewer: User, business_manager: User,
        client_for: ClientFor) -> None:
    """A police investigation's advice says what not to discuss: the reviewer asking and the
    practitioner answering both read it beside the conversation."""
    conversation = asked(prac, lead_reviewer)
    review = prac.review
    lead_page = client_for(lead_reviewer).get(url("conversation", review, conversation.pk))
    assert "Advice in force: do not discuss" not in lead_page.content.decode()
    advice = Advice.objects.create(review=review, text="Police investigation open.",
                                   effective_on=timezone.localdate(), recorded_by=business_manager)
    TopicRestriction.objects.create(advice=advice, topic="The night of the incident")
    for viewer, page in ((lead_reviewer, url("conversation", review, conversation.pk)),
                         (prac.person, f"/reviews/{review.uuid}/")):
        text = client_for(viewer).get(page).content.decode()
        assert "Advice in force: do not discuss" in text and "The night of the incident" in text
