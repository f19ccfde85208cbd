"""The actions' rules, beyond what the pages show: who may, retired themes, removing once, and
taking from the final report all or nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation
from reviewdesk.action_plan.testing import theme
from reviewdesk.audit.models import AuditEvent
from reviewdesk.findings import actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review


def test_only_the_managers_and_the_lead_reviewer_may(planned: Review, partner: User,
                                                     practitioner: User) -> None:
    for person in (partner, practitioner):
        with pytest.raises(PermissionDenied):
            actions.add_finding(planned, by=person, number=1, text="x")
    assert not Finding.objects.exists()


def test_a_retired_theme_is_not_offered_for_new_tags_but_stays_where_it_was(
        planned: Review, business_manager: User) -> None:
    old = theme(planned, "Escalation")
    finding = actions.add_finding(planned, by=business_manager, number=1, text="x", themes=[old])
    old.retired_at = timezone.now()
    old.save(update_fields=["retired_at"])
    with pytest.raises(ValidationError, match="not on the partnership's list of themes in use"):
        actions.add_finding(planned, by=business_manager, number=2, text="y", themes=[old])
    actions.change_finding(finding, by=business_manager, number=1, text="x2", themes=[old])
    assert list(finding.themes.all()) == [old]


def test_a_finding_is_removed_once_and_on_whose_behalf(
        planned: Review, business_manager: User, partner: User) -> None:
    finding = actions.add_finding(planned, by=business_manager, number=1, text="x")
    actions.remove_finding(finding, by=business_manager, reason="Merged.", on_behalf_of=partner,
                           removed_on=date(2026, 12, 1))
    event = AuditEvent.objects.get(event_type="findings.finding_removed")
    assert event.on_behalf_of == partner and event.data["effective_on"] == "2026-12-01"
    with pytest.raises(ValidationError, match="was already removed"):
        actions.remove_finding(finding, by=business_manager, reason="Again.")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.change_finding(finding, by=business_manager, number=1, text="z")
    # Its number is free again for a finding that stands.
    actions.add_finding(planned, by=business_manager, number=1, text="The new one.")
    assert Finding.objects.filter(review=planned).count() == 2


def test_taking_from_the_report_saves_all_or_none(planned: Review, final: FinalReport,
                                                  business_manager: User) -> None:
    actions.add_recommendation(planned, by=business_manager, number=2, text="Already here.")
    items = [actions.Taken(1, "Share it."), actions.Taken(2, "Clashes.")]
    with pytest.raises(ValidationError) as refused:
        actions.take_from_report(planned, by=business_manager, final_report=final,
                                 findings=[actions.Taken(1, "Found.")], recommendations=items)
    assert "Recommendation 2 already exists" in str(refused.value)
    assert not Finding.objects.exists() and Recommendation.objects.count() == 1
    items[1].include = False
    taken = actions.take_from_report(planned, by=business_manager, final_report=final,
                                     findings=[actions.Taken(1, "Found.")],
                                     recommendations=items)
    assert [r.number for r in taken.recommendations] == [1]
    assert taken.findings[0].final_report == final


def test_nothing_is_taken_from_a_final_report_since_replaced(
        planned: Review, final: FinalReport, business_manager: User) -> None:
    final.replaced_at = timezone.now()
    final.save(update_fields=["replaced_at"])
    with pytest.raises(ValidationError, match="A newer final report was made"):
        actions.take_from_report(planned, by=business_manager, final_report=final,
                                 findings=[actions.Taken(1, "x")], recommendations=[])
