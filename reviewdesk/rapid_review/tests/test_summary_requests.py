"""Agency summary requests: the business manager asks each agency's named contact; each contact
sees and completes only their own agency's request; late summaries are chased, then escalated,
each reminder sent once."""

import html
import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import SummaryRequest
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews.models import Review, ReviewRole, TimelineEntry

DUE = date(2026, 3, 9)  # Monday: 5 working days after the local authority became aware


@pytest.fixture
def health_contact(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("hazel@example.test", "x", full_name="Hazel Heath",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="Named Nurse")


@pytest.fixture
def police_rep(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    """The police's representative on the CSPR subgroup."""
    return User.objects.create_user("rory@example.test", "x", full_name="Rory Rep",
                                    partnership=partnership, agency=agencies["police"],
                                    role=PartnershipRole.SUBGROUP_MEMBER)


@pytest.fixture
def asked(started: Review, business_manager: User, agencies: dict[str, Agency], agency_author: User,
          health_contact: User) -> dict[str, SummaryRequest]:
    """Police (Andy Author) and health (Hazel Heath) asked on 3 March, due 9 March."""
    return {r.agency.kind: r for r in actions.request_summaries(
        started, by=business_manager, due_on=DUE, requested_on=date(2026, 3, 3),
        contacts=[(agencies["police"], agency_author), (agencies["health"], health_contact)])}


def request_url(item: SummaryRequest, suffix: str = "") -> str:
    return f"/reviews/{item.review.uuid}/rapid-review/summaries/{item.uuid}/{suffix}"


def summary(**extra: str) -> dict:
    return {"what_known": "Police attended the home twice in February.",
            "immediate_actions": "A safety plan for the siblings is in place.",
            "early_learning": "Information was not shared with health.", **extra}


# --- Asking ---------------------------------------------------------------------------------------


def test_the_business_manager_asks_the_agencies_involved(
        started, business_manager, agencies, agency_author, health_contact, client_for,
        django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    url = f"/reviews/{started.uuid}/rapid-review/summaries/request/"
    page = client.get(url).content.decode()
    # The incident's agencies (police and health) are ticked to begin with.
    assert page.count("checked") == 2
    police, health = agencies["police"], agencies["health"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "agencies": [police.pk, health.pk], f"contact_{police.pk}": agency_author.pk,
            f"contact_{health.pk}": health_contact.pk, **date_form("due_on", DUE),
            **date_form("requested_on", date(2026, 3, 3))})
    assert response.status_code == 302
    items = {r.agency_id: r for r in SummaryRequest.objects.all()}
    assert items[police.pk].contact == agency_author and items[health.pk].contact == health_contact
    assert {r.state for r in items.values()} == {SummaryRequest.State.REQUESTED}
    # The health contact joins the team as an agency author; the police author already was one.
    roles = started.memberships.filter(role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True)
    assert sorted(m.person.full_name for m in roles) == ["Andy Author", "Hazel Heath"]
    assert sorted(m.to[0] for m in mail.outbox) == [agency_author.email, health_contact.email]
    for message in mail.outbox:
        assert "Child A" in message.body and "Kayden" not in message.subject + message.body
        assert "/rapid-review/summaries/" in message.body
    step = started.tasks.get(key="rapid-review-request-summaries")
    assert step.done_on == date(2026, 3, 3)
    assert started.timeline.filter(title="Agency summary requested from Testshire Police").exists()
    assert AuditEvent.objects.filter(event_type="rapid_review.summary_requested").count() == 2


def test_the_plan_s_summaries_step_is_owed_by_the_agencies_asked_and_the_review_page_says_so(
        asked, business_manager, client_for):
    review = asked["police"].review
    step = review.tasks.get(key="rapid-review-agencies-reply")
    assert step.owner is None
    assert step.owner_label == "Each agency's contact: Testshire Police, Testshire Health / ICB"
    page = page_text(client_for(business_manager).get(f"/reviews/{review.uuid}/"))
    assert ("Agencies send their summaries Monday 9 March 2026 Each agency's contact: "
            "Testshire Police, Testshire Health / ICB") in page


@pytest.mark.parametrize(("contact", "message"), [
    ("", "Choose the named contact at Testshire Health / ICB, or untick the agency."),
    ("author", "Choose someone who works for Testshire Health / ICB."),
])
def test_each_ticked_agency_needs_its_own_contact(started, business_manager, agencies,
                                                  agency_author, client_for, contact, message):
    health = agencies["health"]
    response = client_for(business_manager).post(
        f"/reviews/{started.uuid}/rapid-review/summaries/request/",
        {"agencies": [health.pk], f"contact_{health.pk}": agency_author.pk if contact else "",
         **date_form("due_on", DUE), **date_form("requested_on", date(2026, 3, 3))})
    assert response.status_code == 200
    assert message in page_text(response)
    assert not SummaryRequest.objects.exists() and not Notice.objects.exists()


def test_the_due_date_cannot_be_before_the_request(started, business_manager, agencies,
                                                   agency_author, client_for):
    police = agencies["police"]
    response = client_for(business_manager).post(
        f"/reviews/{started.uuid}/rapid-review/summaries/request/",
        {"agencies": [police.pk], f"contact_{police.pk}": agency_author.pk,
         **date_form("due_on", date(2026, 3, 2)), **date_form("requested_on", date(2026, 3, 3))})
    assert "The due date must be on or after the date requested." in page_text(response)
    assert not SummaryRequest.objects.exists()


def test_an_agency_is_asked_once(asked, business_manager, agencies, agency_author):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already been asked"):
        actions.request_summaries(asked["police"].review, by=business_manager, due_on=DUE,
                                  requested_on=date(2026, 3, 3),
                                  contacts=[(agencies["police"], agency_author)])


# --- Who sees which request -----------------------------------------------------------------------


def test_each_contact_sees_only_their_own_agencys_request(asked, agency_author, health_contact,
                                                         client_for):
    police, health = asked["police"], asked["health"]
    author, nurse = client_for(agency_author), client_for(health_contact)
    assert author.get(request_url(police)).status_code == 200
    assert author.get(request_url(health)).status_code == 403
    assert nurse.get(request_url(police)).status_code == 403
    assert nurse.post(request_url(police), summary()).status_code == 403
    listing = page_text(nurse.get(f"/reviews/{police.review.uuid}/rapid-review/summaries/"))
    assert "Testshire Health" in listing and "Testshire Police" not in listing
    page = nurse.get(f"/reviews/{police.review.uuid}/").content.decode()
    start = page.index('aria-labelledby="rapid-review-request"')
    section = page[start:page.index("</section>", start)]
    assert "Your agency summary for the rapid review" in section
    assert "Complete Testshire Health / ICB's summary" in section
    assert "Testshire Police" not in section


def test_readers_see_requests_but_cannot_send_them(asked, partner, practitioner, outsider,
                                                   client_for):
    police = asked["police"]
    assert client_for(partner).get(request_url(police)).status_code == 200
    assert client_for(partner).post(request_url(police), summary()).status_code == 403
    assert client_for(practitioner).get(request_url(police)).status_code == 403
    assert client_for(practitioner).get(
        f"/reviews/{police.review.uuid}/rapid-review/summaries/").status_code == 403
    assert client_for(outsider).get(request_url(police)).status_code == 404
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.REQUESTED


# --- Sending, accepting, returning ----------------------------------------------------------------


def test_the_contact_sends_and_the_business_manager_accepts(
        asked, agency_author, health_contact, business_manager, client_for):
    police, health = asked["police"], asked["health"]
    response = client_for(agency_author).post(request_url(police), summary())
    assert response.status_code == 302
    police.refresh_from_db()
    assert (police.state, police.submitted_by, police.submitted_on) == (
        SummaryRequest.State.SUBMITTED, agency_author, date(2026, 3, 3))
    assert police.what_known == "Police attended the home twice in February."
    again = client_for(agency_author).post(request_url(police), summary())
    assert ("This summary has already been sent: it is sent, waiting to be checked."
            in page_text(again))
    bm = client_for(business_manager)
    assert bm.post(request_url(police, "accept/")).status_code == 302
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.ACCEPTED
    step = police.review.tasks.get(key="rapid-review-agencies-reply")
    assert step.done_on is None  # health has not replied yet
    client_for(health_contact).post(request_url(health), summary())
    bm.post(request_url(health, "accept/"))
    step.refresh_from_db()
    assert step.done_on == date(2026, 3, 3)
    events = AuditEvent.objects.filter(event_type__in=[
        "rapid_review.summary_submitted", "rapid_review.summary_accepted"])
    assert events.count() == 4
    assert police.review.timeline.filter(
        title="Agency summary received from Testshire Police").exists()


def test_a_summary_the_business_manager_records_shows_on_the_contacts_behalf(
        asked, business_manager, partner, client_for):
    health = asked["health"]
    response = client_for(business_manager).post(
        request_url(health), summary(**date_form("received_on", date(2026, 3, 3))), follow=True)
    page = page_text(response)
    assert "Summary recorded on behalf of Hazel Heath." in page
    assert "The business manager will check it." not in page  # that is said to the contact
    assert "Received 3 March 2026 — on time; recorded by Bea Manager on behalf of Hazel Heath" \
        in page
    # Partners see the contact by role label, never by name.
    seen = page_text(client_for(partner).get(request_url(health)))
    assert "by Bea Manager on behalf of Named Nurse 1" in seen and "Hazel Heath" not in seen


def test_an_empty_summary_is_explained_and_not_sent(asked, agency_author, client_for):
    police = asked["police"]
    response = client_for(agency_author).post(request_url(police), summary(what_known=" "))
    assert response.status_code == 200
    assert "Say what your agency knew about the child and family, and what it did." in page_text(
        response)
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.REQUESTED and police.what_known == ""


def test_a_returned_summary_goes_back_with_the_reason_and_a_new_date(
        asked, agency_author, business_manager, client_for, django_capture_on_commit_callbacks):
    police = asked["police"]
    client_for(agency_author).post(request_url(police), summary(
        what_known="Kayden was seen by police twice."))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(business_manager).post(request_url(police, "return/"), {
            "reason": "Add what Kayden Moorcroft's school told the police.",
            **date_form("due_on", date(2026, 3, 5)), **date_form("returned_on", date(2026, 3, 3))})
    assert response.status_code == 302
    police.refresh_from_db()
    assert (police.state, police.due_on, police.times_returned) == (
        SummaryRequest.State.RETURNED, date(2026, 3, 5), 1)
    returned = mail.outbox[-1]
    assert returned.to == [agency_author.email]
    assert "Add what Child A's school told the police." in returned.body
    assert "Kayden" not in returned.body
    # The contact sees why, and sends it again.
    page = page_text(client_for(agency_author).get(request_url(police)))
    assert "Returned because Add what Kayden Moorcroft's school told the police." in page
    client_for(agency_author).post(request_url(police), summary())
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.SUBMITTED
    assert AuditEvent.objects.filter(event_type="rapid_review.summary_returned").count() == 1


def test_a_returned_summary_comes_back_as_its_contact_may_see_it(
        asked, agency_author, practitioner, business_manager, client_for):
    """The contact (an agency author: the family by name, staff by role label) gets their summary
    back with staff named by role label; what they leave as shown keeps the names written."""
    police = asked["police"]
    assert police.review.memberships.filter(person=practitioner).exists()  # Health Visitor 1
    written = "Kayden was seen by police twice; Polly Practitioner visited, and P. said so."
    client_for(business_manager).post(request_url(police), summary(
        what_known=written, **date_form("received_on", date(2026, 3, 3))))
    actions.return_summary(police, by=business_manager, reason="Add the school's view.",
                           due_on=date(2026, 3, 5), returned_on=date(2026, 3, 3))
    author = client_for(agency_author)

    page = author.get(request_url(police)).content.decode()

    assert "Polly" not in page and "Practitioner visited" not in page
    assert "Kayden was seen by police twice; Health Visitor 1 visited" in page
    assert "Some names are shown to you as role labels." in page
    # Sent again with only the learning changed: the names written stay as written.
    author.post(request_url(police), summary(
        what_known=page_text_field(page, "what_known"), early_learning="Health were not told."))
    police.refresh_from_db()
    assert police.what_known == written
    assert police.early_learning == "Health were not told."


def page_text_field(page: str, name: str) -> str:
    """A textarea's text as the page shows it, as a browser would send it back."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, name
    return html.unescape(match.group(1)).removeprefix("\n")


def test_a_summary_that_was_not_sent_cannot_be_accepted(asked, business_manager, client_for):
    police = asked["police"]
    response = client_for(business_manager).post(request_url(police, "accept/"), follow=True)
    assert ("Only a summary that has been sent can be accepted; this one is requested."
            in page_text(response))
    police.refresh_from_db()
    assert police.state == SummaryRequest.State.REQUESTED


# --- Chasing and escalation -----------------------------------------------------------------------


def reminders_on(day: str) -> None:
    call_command("send_reminders", today=day)


def test_late_summaries_are_chased_then_escalated_each_once(
        asked, agency_author, health_contact, police_rep, business_manager, subgroup_member,
        client_for, django_capture_on_commit_callbacks):
    police = asked["police"]
    client_for(health_contact).post(request_url(asked["health"]), summary())  # health is on time
    prefix = f"rapid-review:summary:{police.pk}:2026-03-09"
    with django_capture_on_commit_callbacks(execute=True):
        reminders_on("2026-03-06")
        assert not Notice.objects.filter(dedupe_key__startswith=prefix).exists()
        reminders_on("2026-03-09")  # the due date
        reminders_on("2026-03-09")
        reminders_on("2026-03-10")  # a working day late
        reminders_on("2026-03-11")
        reminders_on("2026-03-12")  # 3 working days late: escalated
        reminders_on("2026-03-12")
        reminders_on("2026-03-16")
    notices = {n.dedupe_key: n for n in Notice.objects.filter(
        dedupe_key__startswith="rapid-review:summary:").exclude(dedupe_key__endswith="requested")}
    assert set(notices) == {f"{prefix}:due", f"{prefix}:overdue", f"{prefix}:escalated"}
    assert notices[f"{prefix}:due"].recipients == [agency_author.email]
    assert notices[f"{prefix}:overdue"].recipients == [agency_author.email]
    escalated = notices[f"{prefix}:escalated"]
    # The business manager and the police's subgroup representative; not the health one.
    assert escalated.recipients == [business_manager.email, police_rep.email]
    assert "3 working days late" in escalated.subject
    escalation_mail = next(m for m in mail.outbox if m.subject == escalated.subject)
    assert "Andy Author" not in escalation_mail.body  # the contact by role label
    assert "Detective Sergeant 1" in escalation_mail.body
    page = page_text(client_for(business_manager).get(f"/reviews/{police.review.uuid}/"))
    # The section shows when each was sent (here, when the command ran).
    sent_on = f"{notices[f'{prefix}:escalated'].created_at:%-d %B %Y}"
    assert f"Last chased {sent_on} (2 times)" in page and f"Escalated {sent_on}" in page


def test_a_sent_summary_is_not_chased(asked, agency_author, client_for):
    client_for(agency_author).post(request_url(asked["police"]), summary())
    reminders_on("2026-03-16")
    assert not Notice.objects.filter(
        dedupe_key__startswith=f"rapid-review:summary:{asked['police'].pk}:2026").exists()


def test_chase_now_once_a_day(asked, business_manager, client_for, today_is):
    police = asked["police"]
    bm = client_for(business_manager)
    first = bm.post(request_url(police, "chase/"), follow=True)
    assert "Testshire Police's named contact has been chased." in page_text(first)
    second = bm.post(request_url(police, "chase/"), follow=True)
    assert ("Testshire Police was already chased today: you can chase again tomorrow."
            in page_text(second))
    today_is(date(2026, 3, 4))
    bm.post(request_url(police, "chase/"))
    keys = sorted(Notice.objects.filter(dedupe_key__contains=":chase-now:").values_list(
        "dedupe_key", flat=True))
    assert keys == [f"rapid-review:summary:{police.pk}:chase-now:2026-03-03",
                    f"rapid-review:summary:{police.pk}:chase-now:2026-03-04"]
    assert AuditEvent.objects.filter(event_type="rapid_review.summary_chased").count() == 2


def test_only_the_business_manager_chases_accepts_or_returns(asked, partner, agency_author,
                                                             client_for):
    police = asked["police"]
    for person in (partner, agency_author):
        client = client_for(person)
        assert client.post(request_url(police, "chase/")).status_code == 403
        assert client.post(request_url(police, "accept/")).status_code == 403
        assert client.get(request_url(police, "return/")).status_code == 403
    assert client_for(partner).get(request_url(police, "chase/")).status_code == 405
    assert not Notice.objects.filter(dedupe_key__contains="chase-now").exists()


def test_the_timeline_shows_the_contact_by_role_label_to_partners(asked, partner, client_for):
    entry = asked["police"].review.timeline.get(
        kind=TimelineEntry.Kind.NOTE, title="Agency summary requested from Testshire Police")
    assert entry.subject.pseudonym == "Detective Sergeant 1"
    page = page_text(client_for(partner).get(f"/reviews/{asked['police'].review.uuid}/"))
    assert "Andy Author" not in page and "Detective Sergeant 1" in page
