# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Chronology reminders through the daily ``send_reminders``: an overdue chronology is escalated
once, 3 working days after its due date, to the business manager and the agency's CSPR subgroup
representative; an author whose file sits with problems is reminded once; nothing is sent about
an agency whose chronology is accepted. Notices name nobody."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
from reviewdesk.chronology import actions, reminders
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    DUE,
    chronology_review,
    csv_file,
    good_rows,
    health,
    import_by_command,
    nurse,
    police,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review

ESCALATION = f"reminder:{reminders.ESCALATION}"
PROBLEMS = f"reminder:{reminders.PROBLEMS}"
AUTHOR = "reminder:chronology_author_reminder"
NAMES = ("Andy Author", "Nell Nurse", "Bea Manager", "Rory Rep", "Sue Subgroup", "Kayden")


@pytest.fixture
def police_rep(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    """The police's representative on the CSPR subgroup."""
    return User.objects.create_user("rory@example.test", "x", full_name="Rory Rep",
                                    partnership=partnership, agency=agencies["police"],
                                    role=PartnershipRole.SUBGROUP_MEMBER)


def remind(day: date) -> None:
    call_command("send_reminders", "--today", day.isoformat(), stdout=None)


def notices(purpose: str) -> list[Notice]:
    return list(Notice.objects.filter(purpose=purpose).order_by("pk"))


def assert_no_names(items: list[Notice]) -> None:
    for notice in items:
        for name in NAMES:
            assert name not in notice.subject + notice.body + notice.recipient_label


def import_police(review: Review, agency: Agency) -> None:
    import_by_command(review, agency, csv_file(good_rows(2)), "police.csv")


def test_an_overdue_chronology_is_escalated_once_after_three_working_days(
        chronology_review, police_rep, business_manager, subgroup_member):
    remind(date(2026, 12, 8))  # Tuesday: 2 working days after Friday's due date
    assert notices(ESCALATION) == []
    remind(date(2026, 12, 9))
    sent = notices(ESCALATION)
    by_agency = {n.subject.split(": ", 1)[1]: n for n in sent}
    assert set(by_agency) == {
        "Chronology overdue from Testshire Police (3 working days late)",
        "Chronology overdue from Testshire Health / ICB (3 working days late)"}
    police_notice = by_agency["Chronology overdue from Testshire Police (3 working days late)"]
    assert police_notice.recipients == [business_manager.email, police_rep.email]
    assert police_notice.recipient_label == ("The business manager and Testshire Police's CSPR "
                                             "subgroup representative")
    assert "was due on 4 December 2026" in police_notice.body
    assert "Nothing has been sent yet." in police_notice.body
    health_notice = by_agency[
        "Chronology overdue from Testshire Health / ICB (3 working days late)"]
    assert health_notice.recipients == [business_manager.email, subgroup_member.email]
    assert_no_names(sent)
    remind(date(2026, 12, 10))
    remind(date(2026, 12, 14))
    assert len(notices(ESCALATION)) == 2  # once each


def test_an_accepted_chronology_is_not_escalated(chronology_review, police):
    import_police(chronology_review, police)
    remind(date(2026, 12, 9))
    assert [n.subject for n in notices(ESCALATION)] == [
        f"{chronology_review.reference}: Chronology overdue from Testshire Health / ICB "
        "(3 working days late)"]


def test_the_escalation_says_a_file_is_waiting(chronology_review, police, agency_author,
                                               django_capture_on_commit_callbacks):
    # Received on Thursday 10 December: 4 working days late, still waiting to be fixed.
    with time_machine.travel(datetime(2026, 12, 10, 9, tzinfo=UTC), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        actions.upload_submission(chronology_review, police, by=agency_author,
                                   data=csv_file([["31/02/2024", "", "Log", "PC", "X.", ""]]),
                                   filename="police.csv")
    remind(date(2026, 12, 10))
    police_notice = next(n for n in notices(ESCALATION) if "Police" in n.subject)
    assert "A file has been sent but has problems the author has not yet fixed." in (
        police_notice.body)


def test_an_author_whose_file_sits_with_problems_is_reminded_once_from_the_due_date(
        chronology_review, police, agency_author, business_manager,
        django_capture_on_commit_callbacks):
    # Sent on Wednesday 2 December, two days before the due date (the clock frozen there: the
    # file is received "today").
    with time_machine.travel(datetime(2026, 12, 2, 11, tzinfo=UTC), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        submission = actions.upload_submission(
            chronology_review, police, by=agency_author, filename="police.csv",
            data=csv_file(good_rows(2) + [["31/02/2024", "", "Log", "PC", "X.", ""]]))
    remind(date(2026, 12, 3))
    assert notices(PROBLEMS) == []
    remind(date(2026, 12, 4))
    sent = notices(PROBLEMS)
    assert len(sent) == 1 and sent[0].recipients == [agency_author.email]
    assert "has 1 error to fix" in sent[0].body
    assert_no_names(sent)
    remind(date(2026, 12, 7))
    assert len(notices(PROBLEMS)) == 1
    # Fixed by leaving the row out: nothing more is sent about it.
    actions.accept_submission(submission, by=business_manager, exclusions={"4": "Duplicate."})
    assert len(notices(PROBLEMS)) == 1


def test_no_problem_reminder_once_the_agencys_chronology_is_accepted(
        chronology_review, police, agency_author, business_manager,
        django_capture_on_commit_callbacks):
    import_police(chronology_review, police)
    # Reopened for a change: the corrected file's problems are not the agency's deadline.
    actions.reopen_chronology(chronology_review, police, by=business_manager, reason="Redo.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.upload_submission(chronology_review, police, by=agency_author,
                                   filename="police.csv",
                                   data=csv_file([["31/02/2024", "", "Log", "PC", "X.", ""]]))
    remind(date(2026, 12, 8))
    assert notices(PROBLEMS) == []


def test_a_chronology_received_on_time_but_recorded_weeks_later_is_not_escalated_or_chased(
        chronology_review, police, business_manager, nurse, django_capture_on_commit_callbacks):
    """Lateness is measured from the day it was received. Health's (never received) is
    escalated; the police's, received on 1 December and recorded on 21 December, is not."""
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            actions.upload_submission(chronology_review, police, by=business_manager,
                                       data=csv_file(good_rows(2)), filename="police.csv",
                                       received_on=date(2026, 12, 1))
        remind(date(2026, 12, 21))
    assert [n.subject.split(": ", 1)[1] for n in notices(ESCALATION)] == [
        "Chronology overdue from Testshire Health / ICB (11 working days late)"]
    # The police's author is not told a chronology is due that is already in; health's is.
    assert [n.recipients for n in notices(AUTHOR)] == [[nurse.email]]


def test_a_chronology_received_late_is_escalated_from_its_received_date_not_today(
        chronology_review, police, health, business_manager,
        django_capture_on_commit_callbacks):
    """Both recorded on Monday 14 December, still waiting to be accepted: the police's was
    received on Wednesday 9th (3 working days late: escalated, as that), health's on Tuesday 8th
    (2 working days late: not escalated, though today it would be 6)."""
    with time_machine.travel(datetime(2026, 12, 14, 9, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            for agency, day in [(police, date(2026, 12, 9)), (health, date(2026, 12, 8))]:
                actions.upload_submission(chronology_review, agency, by=business_manager,
                                           data=csv_file(good_rows(2)), filename="file.csv",
                                           received_on=day)
        remind(date(2026, 12, 14))
    assert [n.subject.split(": ", 1)[1] for n in notices(ESCALATION)] == [
        "Chronology overdue from Testshire Police (3 working days late)"]
    assert "A file has been sent and checked but not yet accepted." in notices(ESCALATION)[0].body


def test_the_authors_due_date_reminders_stop_once_the_chronology_is_accepted(
        chronology_review, police, agency_author, nurse):
    import_police(chronology_review, police)
    remind(DUE)
    assert [n.recipients for n in notices(AUTHOR)] == [[nurse.email]]
