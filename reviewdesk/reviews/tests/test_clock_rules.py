"""The deadline the partnership sets itself (how long the scrutineer has to settle the partners'
disagreement) is changed by the business manager; the statutory ones are not."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews import actions, clocks
from reviewdesk.reviews.models import ClockKind, ClockRule
from reviewdesk.testing import ClientFor

URL = "/settings/clocks/escalation/"


def length(partnership: Partnership, kind: str = ClockKind.DECISION_ESCALATION) -> int:
    return clocks.rule_for(partnership.pk, kind).length


def test_the_business_manager_changes_how_long_the_scrutineer_has(
        partnership: Partnership, business_manager: User, client_for: ClientFor) -> None:
    client = client_for(business_manager)
    assert "change how long the scrutineer has to decide" in client.get(
        "/settings/clocks/").content.decode()
    assert "Now 5 working days" in client.get(URL).content.decode()
    response = client.post(URL, {"length": "8"})
    assert response.status_code == 302 and response["Location"] == "/settings/clocks/"
    assert length(partnership) == 8
    event = AuditEvent.objects.get(event_type="clock.rule_changed")
    assert event.data == {"kind": ClockKind.DECISION_ESCALATION, "before": 5, "after": 8}
    assert event.actor == business_manager
    # A disagreement found from now on is due 8 working days later (Monday 2 to Thursday 12).
    rule = clocks.rule_for(partnership.pk, ClockKind.DECISION_ESCALATION)
    assert clocks.due_date(rule, date(2026, 3, 2)) == date(2026, 3, 12)


@pytest.mark.parametrize(("typed", "message"), [
    ("0", "Enter a number of working days from 1 to 60."),
    ("61", "Enter a number of working days from 1 to 60."),
    ("five", "Enter the number of working days as a whole number, like 5."),
    ("", "Enter the number of working days."),
])
def test_a_length_out_of_range_is_refused_and_nothing_changes(
        typed: str, message: str, partnership: Partnership, business_manager: User,
        client_for: ClientFor) -> None:
    response = client_for(business_manager).post(URL, {"length": typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert length(partnership) == 5
    assert not AuditEvent.objects.filter(event_type="clock.rule_changed").exists()


def test_statutory_deadlines_cannot_be_changed(partnership: Partnership,
                                               business_manager: User) -> None:
    with pytest.raises(ValidationError, match="statutory"):
        actions.change_clock_rule(partnership.pk, ClockKind.RAPID_REVIEW, by=business_manager,
                                  length=30)
    assert length(partnership, ClockKind.RAPID_REVIEW) == 15


def test_others_are_refused_and_see_no_link(partnership: Partnership, partner: User,
                                            client_for: ClientFor) -> None:
    client = client_for(partner)
    assert client.post(URL, {"length": "9"}).status_code == 403
    assert "change how long" not in client.get("/settings/clocks/").content.decode()
    assert ClockRule.objects.filter(partnership=partnership, length=9).count() == 0
