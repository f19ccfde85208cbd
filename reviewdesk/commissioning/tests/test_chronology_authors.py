"""Each agency names its chronology author, with a due date; the author joins the review and is
reminded before, on and after the due date, once each."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning import actions
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.commissioning.tests.helpers import date_fields, text
from reviewdesk.reviews.models import ReviewRole

DUE = date(2026, 12, 4)  # a Friday


@pytest.fixture
def health_author(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("nurse@example.test", "x", full_name="Nell Nurse",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="Named Nurse")


def name_form(person: User, **overrides: object) -> dict:
    return {"person": person.pk, **date_fields("due_on", DUE),
            **date_fields("named_on", date(2026, 4, 20)), "on_behalf_of": "", **overrides}


def test_naming_an_author_adds_them_to_the_review_as_an_agency_author(
        commissioned, business_manager, health_author, agencies, partner, client_for):
    client = client_for(business_manager)
    url = f"/reviews/{commissioned.uuid}/chronology-authors/{agencies['health'].pk}/"
    assert "Nell Nurse" in text(client.get(url))
    response = client.post(url, name_form(health_author, on_behalf_of=partner.pk))
    assert response.status_code == 302
    author = ChronologyAuthor.objects.get()
    assert (author.agency, author.person, author.due_on, author.named_on) == (
        agencies["health"], health_author, DUE, date(2026, 4, 20))
    assert (author.recorded_by, author.on_behalf_of) == (business_manager, partner)
    membership = commissioned.memberships.get(person=health_author)
    assert (membership.role, membership.agency, membership.started_on) == (
        ReviewRole.AGENCY_AUTHOR, agencies["health"], date(2026, 4, 20))
    entry = commissioned.timeline.get(title="Chronology author named: Testshire Health / ICB")
    assert entry.subject == membership.identity and "4 December 2026" in entry.detail
    event = AuditEvent.objects.get(event_type="commissioning.chronology_author_named")
    assert event.summary == "Named an agency's chronology author"
    # On the review page: the author by role label to those without staff identities.
    assert "Testshire Health / ICB: Nell Nurse, due 4 December 2026" in text(
        client.get(f"/reviews/{commissioned.uuid}/"))
    partner_view = text(client_for(partner).get(f"/reviews/{commissioned.uuid}/"))
    assert "Nell Nurse" not in partner_view
    assert "Testshire Health / ICB: Named Nurse 1, due 4 December 2026" in partner_view


def test_an_author_already_on_the_team_keeps_their_membership(
        commissioned, business_manager, agency_author, agencies):
    before = commissioned.memberships.count()
    actions.name_chronology_author(commissioned, agencies["police"], by=business_manager,
                                   person=agency_author, due_on=DUE, named_on=date(2026, 4, 20))
    assert commissioned.memberships.count() == before


def test_the_author_must_work_for_the_agency_and_the_dates_make_sense(
        commissioned, business_manager, health_author, agencies):
    with pytest.raises(ValidationError) as exc:
        actions.name_chronology_author(commissioned, agencies["police"], by=business_manager,
                                       person=health_author, due_on=DUE,
                                       named_on=date(2026, 4, 20))
    assert exc.value.message_dict == {"person": ["Choose someone from Testshire Police."]}
    with pytest.raises(ValidationError) as exc:
        actions.name_chronology_author(commissioned, agencies["health"], by=business_manager,
                                       person=health_author, due_on=date(2026, 4, 1),
                                       named_on=date(2026, 4, 20))
    assert exc.value.message_dict == {"due_on": [
        "The chronology cannot be due before the author was named."]}
    assert not ChronologyAuthor.objects.exists()


def test_naming_someone_else_replaces_the_agencys_author(
        commissioned, business_manager, health_author, agencies, partnership):
    actions.name_chronology_author(commissioned, agencies["health"], by=business_manager,
                                   person=health_author, due_on=DUE, named_on=date(2026, 4, 20))
    other = User.objects.create_user("hv@example.test", "x", full_name="Hal Visitor",
                                     partnership=partnership, agency=agencies["health"])
    actions.name_chronology_author(commissioned, agencies["health"], by=business_manager,
                                   person=other, due_on=DUE, named_on=date(2026, 4, 21))
    assert ChronologyAuthor.objects.get().person == other
    event = AuditEvent.objects.filter(event_type="commissioning.chronology_author_named"
                                      ).order_by("-seq")[0]
    assert event.data["previous"] == health_author.pk


def test_only_the_business_manager_names_authors(commissioned, agencies, subgroup_member,
                                                 agency_author, client_for):
    url = f"/reviews/{commissioned.uuid}/chronology-authors/{agencies['police'].pk}/"
    for person in [subgroup_member, agency_author]:
        assert client_for(person).get(url).status_code == 403


def test_authors_are_reminded_before_on_and_after_the_due_date_once_each(
        commissioned, business_manager, health_author, agencies,
        django_capture_on_commit_callbacks):
    actions.name_chronology_author(commissioned, agencies["health"], by=business_manager,
                                   person=health_author, due_on=DUE, named_on=date(2026, 4, 20))
    for day in ["2026-12-01", "2026-12-02", "2026-12-02", "2026-12-03", "2026-12-04",
                "2026-12-04", "2026-12-07", "2026-12-08", "2026-12-14"]:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", today=day, stdout=open("/dev/null", "w"))  # noqa: SIM115
    reminders = [m for m in mail.outbox if "chronology" in m.subject]
    assert [m.subject for m in reminders] == [
        f"{commissioned.reference}: your agency's chronology is due in 2 working days",
        f"{commissioned.reference}: your agency's chronology is due today",
        f"{commissioned.reference}: your agency's chronology is due and is now overdue",
    ]
    assert all(m.to == [health_author.email] for m in reminders)
    assert all("Nell" not in m.body and "Kayden" not in m.body for m in reminders)
    # The authors' own reminders (the chronology app also escalates overdue chronologies).
    labels = set(commissioned.notices.filter(purpose="reminder:chronology_author_reminder")
                 .values_list("recipient_label", flat=True))
    assert labels == {"Named Nurse 1"}
