"""A practitioner's question: routed to their agency's subgroup representative on the review, or
the business manager where there is none; answered by them or the lead reviewer they bring in;
the answer waiting on the practitioner's page; reminded once after 2 working days."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.informing import actions
from reviewdesk.informing.tests.helpers import on_the_list
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.staff.models import Practitioner, Question, StaffUpdate
from reviewdesk.testing import TodayIs

pytestmark = pytest.mark.django_db

QUESTION = "Can I talk to Kayden Moorcroft's nursery about what happened?"


def _to(person: User) -> list[Notice]:
    return [n for n in Notice.objects.order_by("pk") if person.email in n.recipients]


@pytest.fixture
def police_officer(at_chronology: Review, business_manager: User,
                   agencies: dict[str, Agency]) -> Practitioner:
    """A practitioner whose agency has no representative on the review's subgroup."""
    person = User.objects.create_user("pc.plod@example.test", "x", full_name="Percy Plod",
                                      partnership=at_chronology.partnership,
                                      agency=agencies["police"], job_title="Police Constable")
    return on_the_list(at_chronology, person, by=business_manager)


def test_a_question_goes_to_the_agencys_subgroup_representative_on_the_review(
        listed: Practitioner, subgroup_member: User) -> None:
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)

    assert question.routed_to == subgroup_member and question.asked_on == timezone.localdate()
    (notice,) = _to(subgroup_member)
    assert "has asked you a question" in notice.subject
    assert f"/reviews/{listed.review.uuid}/questions/" in notice.body
    # Not the question: it names the child, and e-mail leaves the partnership.
    assert "nursery" not in notice.body and "Kayden" not in notice.body


def test_where_the_agency_has_no_representative_it_goes_to_the_business_manager(
        police_officer: Practitioner, business_manager: User, subgroup_member: User) -> None:
    question = actions.ask_question(police_officer, by=police_officer.person, text=QUESTION)

    assert question.routed_to == business_manager
    assert len(_to(business_manager)) == 1 and _to(subgroup_member) == []


def test_only_the_practitioner_asks_their_own_question_and_it_must_say_something(
        listed: Practitioner, police_officer: Practitioner, business_manager: User) -> None:
    with pytest.raises(PermissionDenied):
        actions.ask_question(listed, by=police_officer.person, text=QUESTION)
    with pytest.raises(PermissionDenied):
        actions.ask_question(listed, by=business_manager, text=QUESTION)
    with pytest.raises(ValidationError, match="Enter your question"):
        actions.ask_question(listed, by=listed.person, text="   ")
    assert not Question.objects.exists()


def test_the_representative_answers_and_the_practitioner_is_told_an_answer_is_waiting(
        listed: Practitioner, subgroup_member: User) -> None:
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)
    before = len(_to(listed.person))
    actions.answer_question(question, by=subgroup_member,
                            answer="Not while the police investigation is open.")

    question.refresh_from_db()
    assert question.answered_by == subgroup_member and question.answered_on == timezone.localdate()
    (notice,) = _to(listed.person)[before:]
    assert "an answer to your question is waiting" in notice.subject
    assert "police investigation" not in notice.body
    assert StaffUpdate.objects.get(kind=StaffUpdate.Kind.QUESTION_ANSWERED).notice == notice
    with pytest.raises(ValidationError, match="answered already"):
        actions.answer_question(question, by=subgroup_member, answer="Again")


def test_the_lead_reviewer_answers_once_brought_in(
        listed: Practitioner, subgroup_member: User, lead_reviewer: User) -> None:
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)
    with pytest.raises(PermissionDenied):
        actions.answer_question(question, by=lead_reviewer, answer="Yes.")
    with pytest.raises(PermissionDenied):
        actions.bring_in_lead_reviewer(question, by=lead_reviewer)

    actions.bring_in_lead_reviewer(question, by=subgroup_member)
    (notice,) = _to(lead_reviewer)
    assert "a practitioner's question for you" in notice.subject
    actions.answer_question(question, by=lead_reviewer, answer="Speak to me first.")
    question.refresh_from_db()
    assert question.answered_by == lead_reviewer


def test_who_may_answer_a_question(
        listed: Practitioner, subgroup_member: User, lead_reviewer: User,
        business_manager: User, agency_author: User, partner: User) -> None:
    review = listed.review
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)

    def answerers() -> set[User]:
        question.refresh_from_db()
        return {p for p in (subgroup_member, lead_reviewer, business_manager, agency_author,
                            partner, listed.person)
                if access.may_answer_staff_question(p, review, question)}

    assert answerers() == {subgroup_member, business_manager}
    actions.bring_in_lead_reviewer(question, by=business_manager)
    assert answerers() == {subgroup_member, business_manager, lead_reviewer}
    # A representative who leaves the review no longer answers it; the business manager does.
    review.memberships.filter(person=subgroup_member, role=ReviewRole.SUBGROUP_MEMBER).update(
        ended_at=timezone.now())
    review.__dict__.pop("_roles_cache", None)
    assert subgroup_member not in answerers()


def test_an_unanswered_question_is_reminded_once_after_2_working_days(
        listed: Practitioner, subgroup_member: User, today_is: TodayIs) -> None:
    # Asked on a Thursday: 2 working days later is the Monday.
    today_is(date(2026, 12, 10))
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)

    today_is(date(2026, 12, 11))
    call_command("send_reminders")
    assert len(_to(subgroup_member)) == 1  # only the notice that it was asked

    today_is(date(2026, 12, 14))
    call_command("send_reminders")
    call_command("send_reminders")
    today_is(date(2026, 12, 16))
    call_command("send_reminders")
    reminders = _to(subgroup_member)[1:]
    assert len(reminders) == 1
    assert "has waited 2 working days" in reminders[0].subject
    assert "10 December 2026" in reminders[0].body and "nursery" not in reminders[0].body
    question.refresh_from_db()
    assert question.reminded_on == date(2026, 12, 14)


def test_an_answered_question_is_not_reminded(
        listed: Practitioner, subgroup_member: User, today_is: TodayIs) -> None:
    today_is(date(2026, 12, 10))
    question = actions.ask_question(listed, by=listed.person, text=QUESTION)
    actions.answer_question(question, by=subgroup_member, answer="No.")
    today_is(date(2026, 12, 15))
    call_command("send_reminders")
    assert len(_to(subgroup_member)) == 1
