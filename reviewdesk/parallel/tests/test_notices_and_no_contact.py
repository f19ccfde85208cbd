"""Everyone on the team is told of new and lifted advice, each through their own redactor; no
contact with a named person is refused everywhere, saying why and since when."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.notices.actions import queue_notice
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import deliver
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import NoContact
from reviewdesk.parallel.restrictions import no_contact_refusal
from reviewdesk.parallel.tests.conftest import MOTHER
from reviewdesk.reviews.actions import add_member
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole

pytestmark = pytest.mark.django_db


def _notices(review: Review, purpose: str) -> dict[str, Notice]:
    return {n.recipients[0]: n for n in Notice.objects.filter(review=review, purpose=purpose)}


def test_each_person_on_the_team_is_told_of_new_advice_through_their_own_redactor(
        review: Review, business_manager: User, mother: IdentityEntry,
        practitioner: User, agency_author: User, lead_reviewer: User) -> None:
    actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 5),
                       text="Polly Practitioner must not discuss the case with anyone.",
                       no_contact=[mother], topics=["What Polly Practitioner saw"])

    sent = _notices(review, "advice to staff")
    practitioner_label = review.identities.get(person=practitioner).pseudonym
    assert set(sent) == {"reviewer@example.test", "author@example.test",
                         "practitioner@example.test", "subgroup@example.test"}
    # The lead reviewer sees every identity; the agency author the family's, not staff's.
    to_reviewer, to_author = sent["reviewer@example.test"], sent["author@example.test"]
    assert "Polly Practitioner must not discuss" in to_reviewer.body
    assert "Polly Practitioner" not in to_author.body
    assert f"{practitioner_label} must not discuss" in to_author.body
    assert f"No contact about this review with: {MOTHER} (Mother)." in to_author.body
    assert "please read it" in to_author.subject
    assert to_author.recipient_label == "Agency author"
    assert "Polly Practitioner" not in to_author.recipient_label + to_author.subject


def test_everyone_is_told_when_advice_is_replaced_and_when_it_is_lifted(
        review: Review, business_manager: User) -> None:
    first = actions.set_advice(review, by=business_manager, text="Do not discuss the case.",
                               effective_on=date(2026, 3, 5))
    actions.set_advice(review, by=business_manager, text="You may now talk among yourselves.",
                       effective_on=date(2026, 4, 1))
    replaced = _notices(review, "advice to staff")
    assert len(replaced) == 4 and Notice.objects.filter(purpose="advice to staff").count() == 8
    newest = Notice.objects.filter(purpose="advice to staff", body__contains="talk among")
    assert all("replacing the advice of 5 March 2026" in n.body for n in newest)

    second = review.advice.get(ended_at__isnull=True)
    actions.lift_advice(second, by=business_manager, lifted_on=date(2026, 5, 1),
                        reason="The inquest concluded.")
    lifted = _notices(review, "advice to staff lifted")
    assert len(lifted) == 4
    assert all("was lifted on 1 May 2026" in n.body and "The inquest concluded." in n.body
               for n in lifted.values())
    assert first.pk != second.pk


def test_no_contact_is_refused_with_the_name_as_the_viewer_sees_it_and_since_when(
        review: Review, business_manager: User, mother: IdentityEntry, partner: User,
        practitioner: User) -> None:
    assert no_contact_refusal(review, mother) is None
    actions.set_advice(review, by=business_manager, text="No contact with the mother.",
                       effective_on=date(2026, 3, 3), no_contact=[mother])
    assert no_contact_refusal(review, mother, viewer=practitioner) == (
        f"You cannot contact {MOTHER} about this review: advice of 3 March 2026 says no "
        "contact, since 3 March 2026.")
    assert no_contact_refusal(review, mother, viewer=partner) == (
        "You cannot contact Mother about this review: advice of 3 March 2026 says no contact, "
        "since 3 March 2026.")
    # Her e-mail address in the register is hers: a letter to it is refused too.
    address = review.identities.get(pseudonym="Mother's e-mail")
    assert no_contact_refusal(review, address) is not None

    # Newer advice that still says no contact: since the first day it was said.
    actions.set_advice(review, by=business_manager, text="Still no contact with the mother.",
                       effective_on=date(2026, 4, 7), no_contact=[mother])
    assert no_contact_refusal(review, mother) == (
        "You cannot contact Mother about this review: advice of 7 April 2026 says no contact, "
        "since 3 March 2026.")

    restriction = NoContact.objects.get(advice__ended_at__isnull=True)
    actions.lift_restriction(restriction, by=business_manager, lifted_on=date(2026, 5, 1))
    assert no_contact_refusal(review, mother) is None


def test_no_notice_is_sent_to_a_person_under_no_contact(
        review: Review, business_manager: User, mother: IdentityEntry) -> None:
    waiting = queue_notice(partnership_id=review.partnership_id, review=review,
                           purpose="family letter", dedupe_key="letter:1",
                           recipient_label="Mother", recipients=["jolene@example.test"],
                           subject="A letter", body="Dear Mother")
    assert waiting is not None
    actions.set_advice(review, by=business_manager, text="No contact with the mother.",
                       effective_on=date(2026, 3, 3), no_contact=[mother])

    with pytest.raises(NoticeRefused) as refused:
        queue_notice(partnership_id=review.partnership_id, review=review,
                     purpose="family letter", dedupe_key="letter:2", recipient_label="Mother",
                     recipients=["Jolene@Example.test "], subject="A letter", body="Dear Mother")
    assert isinstance(refused.value, ValidationError)
    assert refused.value.messages == [
        "The notice was not sent. You cannot contact Mother about this review: advice of 3 "
        "March 2026 says no contact, since 3 March 2026."]
    assert not Notice.objects.filter(dedupe_key="letter:2").exists()

    # One queued before the advice is stopped at sending, saying why.
    assert deliver(waiting.pk) == Notice.Status.FAILED
    waiting.refresh_from_db()
    assert waiting.last_error == (
        "Not sent. You cannot contact Mother about this review: advice of 3 March 2026 says no "
        "contact, since 3 March 2026.")


def test_a_person_on_the_team_under_no_contact_is_not_sent_the_advice(
        review: Review, business_manager: User, outsider: User) -> None:
    membership = add_member(review, outsider, ReviewRole.PRACTITIONER, by=business_manager,
                            started_on=date(2026, 3, 3))
    teacher = membership.identity
    assert teacher is not None
    actions.set_advice(review, by=business_manager, text="Do not contact the teacher.",
                       effective_on=date(2026, 3, 5), no_contact=[teacher])
    sent = _notices(review, "advice to staff")
    assert "outsider@example.test" not in sent and len(sent) == 4
