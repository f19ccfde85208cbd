"""The decision on the home page: each partner's decision to record, and the scrutineer's
escalation with its clock, reminders and how long it has waited."""

from datetime import date

from django.core.management import call_command

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.decisions.tests.helpers import bring_to_decision, decide
from reviewdesk.decisions.tests.test_escalation import final, split
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Clock, ClockKind, ClockRule, Review
from reviewdesk.reviews.tests.test_dashboard import queries_for
from reviewdesk.testing import ClientFor, MakeReview, TodayIs


def test_each_partner_sees_their_own_decision_to_record(
        at_decision: Review, partners: dict, client_for: ClientFor, today_is: TodayIs) -> None:
    today_is(date(2026, 3, 24))
    la = partners[PartnerFor.LOCAL_AUTHORITY]
    assert "Record your decision on the rapid review" in client_for(la).get("/").content.decode()
    decide(at_decision, la, on=date(2026, 3, 23))
    assert "Record your decision" not in client_for(la).get("/").content.decode()
    health = client_for(partners[PartnerFor.HEALTH]).get("/").content.decode()
    assert "Record your decision on the rapid review" in health
    assert f"/reviews/{at_decision.uuid}/decision/#record-a-decision" in health


def test_the_escalation_has_a_clock_is_reminded_once_and_shows_as_overdue(
        at_decision: Review, partners: dict, scrutineer: User, business_manager: User,
        client_for: ClientFor, today_is: TodayIs) -> None:
    today_is(date(2026, 3, 27))
    split(at_decision, partners)  # escalated on 26 March (a Thursday)
    clock = Clock.objects.get(review=at_decision, kind=ClockKind.DECISION_ESCALATION)
    assert (clock.started_on, clock.due_on) == (date(2026, 3, 26), date(2026, 4, 2))
    body = client_for(scrutineer).get("/").content.decode()
    item = body[body.index('data-testid="needs"'):]
    assert "Make the final decision: the safeguarding partners disagree" in item
    assert "Escalated" in item and "Due 2 April 2026" in item
    assert "waiting 1 working day since 26 March 2026" in item
    # Two working days before it is due, the scrutineer is reminded: once, however often it runs.
    today_is(date(2026, 3, 31))
    call_command("send_reminders")
    call_command("send_reminders")
    reminders = Notice.objects.filter(purpose="reminder:decision_escalation_reminder")
    assert [n.recipients for n in reminders] == [[scrutineer.email]]
    assert "your final decision is due in 2 working days" in reminders.get().subject
    # After the due date (Good Friday and Easter Monday are not working days) it is overdue.
    today_is(date(2026, 4, 8))
    body = client_for(scrutineer).get("/").content.decode()
    item = body[body.index('data-testid="needs"'):]
    assert "Overdue" in item and "2 working days late" in item
    manager = client_for(business_manager).get("/").content.decode()
    assert "For: The independent scrutineer" in manager
    final(at_decision, scrutineer, decided_on=date(2026, 4, 8))
    clock.refresh_from_db()
    assert clock.met_on == date(2026, 4, 8)
    assert "Make the final decision" not in client_for(scrutineer).get("/").content.decode()


def test_the_partnership_sets_how_long_the_scrutineer_has(
        at_decision: Review, partners: dict, today_is: TodayIs) -> None:
    ClockRule.objects.filter(partnership=at_decision.partnership,
                             kind=ClockKind.DECISION_ESCALATION).update(length=2)
    today_is(date(2026, 3, 27))
    split(at_decision, partners)
    clock = Clock.objects.get(review=at_decision, kind=ClockKind.DECISION_ESCALATION)
    assert clock.due_on == date(2026, 3, 30)  # two working days after Thursday 26 March


def test_escalations_on_home_take_the_same_queries_however_many(
        make_review: MakeReview, business_manager: User, partners: dict, scrutineer: User,
        client_for: ClientFor, today_is: TodayIs) -> None:
    today_is(date(2026, 3, 27))

    def escalate(n: int) -> Review:
        review = bring_to_decision(make_review(child_name=f"Esme Split{n}"), business_manager)
        split(review, partners)
        return review

    first = escalate(0)
    # One escalated before its kind of clock existed: its deadline comes from the rule.
    Clock.objects.filter(review=first, kind=ClockKind.DECISION_ESCALATION).delete()
    escalate(1)
    clients = [client_for(scrutineer), client_for(business_manager)]
    few = [queries_for(c, "/") for c in clients]
    for n in range(2, 5):
        escalate(n)
    assert [queries_for(c, "/") for c in clients] == few
    body = clients[0].get("/").content.decode()
    assert body.count("Make the final decision") == 5
    assert body.count("Due 2 April 2026") == 5  # the clock's, and the rule's for the first
