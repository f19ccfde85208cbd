"""Adding and changing family members, sibling decisions and the report offer: each audited,
each refusing what it should with a message that says how to put it right."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family import actions, selectors
from reviewdesk.family.models import FamilyMember, SiblingDecision
from reviewdesk.family.rules import approach_refusal
from reviewdesk.family.tests.helpers import SISTER, add, register_family
from reviewdesk.reviews.models import IdentityEntry, Review, TimelineEntry
from reviewdesk.testing import tomorrow
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def test_the_lead_reviewer_adds_the_grandmother_from_the_register(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    family = register_family(review, business_manager)
    member = add(review, lead_reviewer, family["grandmother"])
    assert member.identity == family["grandmother"]
    assert (member.relationship, member.language, member.interpreter) == (
        "maternal grandmother", "Polish", "spoken")
    event = AuditEvent.objects.filter(event_type="family.member_added").get()
    assert event.actor == lead_reviewer
    assert event.data["member"] == member.pk
    assert event.data["effective_on"] == timezone.localdate().isoformat()
    # Not on the review's timeline: agency authors read it.
    assert not TimelineEntry.objects.filter(review=review, title__icontains="family").exists()


def test_someone_new_is_added_to_the_identity_register_too(
        review: Review, lead_reviewer: User) -> None:
    member = actions.add_family_member(
        review, by=lead_reviewer, real_name="Dougie Fairweather", pseudonym="Family friend",
        kind=IdentityEntry.Kind.OTHER_PERSON, relationship="family friend")
    entry = member.identity
    assert (entry.real_name, entry.pseudonym, entry.kind) == (
        "Dougie Fairweather", "Family friend", IdentityEntry.Kind.OTHER_PERSON)
    assert AuditEvent.objects.filter(event_type="register.entry_added",
                                     data__entry=entry.pk).exists()


def test_a_new_person_needs_a_name_and_a_pseudonym(review: Review, lead_reviewer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.add_family_member(review, by=lead_reviewer, relationship="uncle")
    assert set(refused.value.message_dict) == {"real_name", "pseudonym"}
    assert not FamilyMember.objects.exists()
    assert not review.identities.filter(kind=IdentityEntry.Kind.FAMILY).exists()


def test_a_professional_from_the_register_cannot_be_a_family_member(
        review: Review, lead_reviewer: User) -> None:
    child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    with pytest.raises(ValidationError, match="family member or other person"):
        actions.add_family_member(review, by=lead_reviewer, identity=child, relationship="self")


def test_nobody_is_added_twice(review: Review, business_manager: User) -> None:
    family = register_family(review, business_manager)
    add(review, business_manager, family["grandmother"])
    with pytest.raises(ValidationError, match="already among the family members"):
        add(review, business_manager, family["grandmother"])


def test_a_reason_is_needed_whenever_someone_is_not_approached(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    family = register_family(review, business_manager)
    with pytest.raises(ValidationError) as refused:
        add(review, lead_reviewer, family["grandmother"], to_approach=False)
    assert "guide asks for a reason" in refused.value.message_dict["not_approached_reason"][0]
    assert not FamilyMember.objects.exists()
    member = add(review, lead_reviewer, family["grandmother"], to_approach=False,
                 not_approached_reason="She is too unwell, her GP advises.")
    assert selectors.status(member).text == "Not approached"
    assert approach_refusal(member) == (
        "The review decided not to approach Grandmother: change their details to say they are "
        "to be approached before any contact.")


def test_changing_a_member_to_not_approached_needs_a_reason_and_nothing_changes(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    member = add(review, lead_reviewer, register_family(review, business_manager)["grandmother"])
    with pytest.raises(ValidationError):
        actions.change_family_member(member, by=lead_reviewer, version=member.version,
                                     to_approach=False)
    member.refresh_from_db()
    assert member.to_approach and member.version == 1


def test_a_change_from_an_older_version_is_refused(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    member = add(review, lead_reviewer, register_family(review, business_manager)["grandmother"])
    actions.change_family_member(member, by=lead_reviewer, version=1, language="Polish",
                                 support_needs="Large print letters")
    stale = FamilyMember.objects.get(pk=member.pk)
    with pytest.raises(StaleEdit):
        actions.change_family_member(stale, by=business_manager, version=1,
                                     support_needs="A quiet room")
    stale.refresh_from_db()
    assert stale.support_needs == "Large print letters" and stale.version == 2
    event = AuditEvent.objects.filter(event_type="family.member_changed").get()
    assert event.data["fields"] == ["support_needs"]


def test_a_sibling_is_not_approached_until_a_decision_says_contact_is_appropriate(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    sister = add(review, lead_reviewer, register_family(review, business_manager)["sister"],
                 relationship="older sister", is_sibling=True)
    assert approach_refusal(sister) == (
        "Sibling 1 is a sibling: record the considered decision about them (their age, who was "
        "consulted, whether contact is appropriate) before any approach.")
    assert selectors.status(sister).text == "Sibling decision needed"

    actions.record_sibling_decision(
        sister, by=lead_reviewer, age=14, consulted="Her social worker and her foster carer",
        contact_appropriate=False, decision="Not to be contacted now",
        reasons="She is sitting exams", decided_on=date(2026, 11, 2))
    sister = FamilyMember.objects.get(pk=sister.pk)
    assert approach_refusal(sister) == (
        "The sibling decision of 2 November 2026 says contact with Sibling 1 is not "
        "appropriate: record a new decision before any approach.")

    actions.record_sibling_decision(
        sister, by=lead_reviewer, age=14, consulted="Her social worker",
        contact_appropriate=True, how="With her foster carer present",
        decision="To be invited to talk", reasons="She asked to be heard",
        decided_on=date(2026, 12, 1))
    sister = FamilyMember.objects.get(pk=sister.pk)
    assert approach_refusal(sister) is None
    assert SiblingDecision.objects.count() == 1
    events = AuditEvent.objects.filter(event_type="family.sibling_decision_recorded")
    assert [e.data["reconsidered"] for e in events.order_by("pk")] == [False, True]


def test_a_sibling_decision_says_what_is_missing(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    sister = add(review, lead_reviewer, register_family(review, business_manager)["sister"],
                 relationship="older sister", is_sibling=True)
    with pytest.raises(ValidationError) as refused:
        actions.record_sibling_decision(sister, by=lead_reviewer, age=14, consulted=" ",
                                        contact_appropriate=True, decision="Invite her",
                                        reasons="", decided_on=tomorrow())
    assert set(refused.value.message_dict) == {"consulted", "how", "reasons", "decided_on"}
    assert not SiblingDecision.objects.exists()


def test_only_a_sibling_has_a_sibling_decision(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    grandmother = add(review, lead_reviewer,
                      register_family(review, business_manager)["grandmother"])
    with pytest.raises(ValidationError, match="Only a sibling"):
        actions.record_sibling_decision(grandmother, by=lead_reviewer, age=70, consulted="GP",
                                        contact_appropriate=True, how="Letter",
                                        decision="Yes", reasons="Yes")


def test_the_report_offer_is_recorded_for_the_report_and_publication_stages(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    family = register_family(review, business_manager)
    grandmother = add(review, lead_reviewer, family["grandmother"])
    sister = add(review, lead_reviewer, family["sister"], relationship="older sister",
                 is_sibling=True)
    assert selectors.report_offers(review) == []
    actions.record_report_offer(grandmother, by=lead_reviewer, offered_draft_on=date(2026, 12, 1),
                                wants_to_see_draft=True, wants_publication_date=False)
    actions.record_report_offer(sister, by=lead_reviewer, offered_draft_on=date(2026, 12, 2),
                                wants_to_see_draft=None, wants_publication_date=True)
    assert selectors.report_offers(review) == [grandmother, sister]
    assert selectors.wants_to_see_draft(review) == [grandmother]
    assert selectors.wants_publication_date(review) == [sister]
    assert AuditEvent.objects.filter(event_type="family.report_offer_recorded").count() == 2


def test_the_report_offer_cannot_be_dated_in_the_future(
        review: Review, business_manager: User, lead_reviewer: User) -> None:
    grandmother = add(review, lead_reviewer,
                      register_family(review, business_manager)["grandmother"])
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.record_report_offer(grandmother, by=lead_reviewer,
                                    offered_draft_on=tomorrow(), wants_to_see_draft=True,
                                    wants_publication_date=True)
    grandmother.refresh_from_db()
    assert grandmother.offered_draft_on is None


def test_the_summary_counts_without_naming(review: Review, business_manager: User,
                                           lead_reviewer: User) -> None:
    family = register_family(review, business_manager)
    add(review, lead_reviewer, family["grandmother"])
    add(review, lead_reviewer, family["sister"], relationship="older sister", is_sibling=True)
    summary = selectors.summary(review)
    assert summary.sentence() == "2 people considered, 0 approached, 0 contributed"
    assert SISTER not in summary.sentence()
