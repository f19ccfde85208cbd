"""Setting, replacing and lifting advice to staff, lifting one restriction, acknowledging it:
each refused with a clear message (and nothing changed) when it should be."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import (
    Acknowledgement,
    Advice,
    ChronologyRestriction,
    NoContact,
    ParallelProcess,
    TopicRestriction,
)
from reviewdesk.parallel.restrictions import advice_in_force, topics_in_force
from reviewdesk.parallel.selectors import readers
from reviewdesk.parallel.tests.conftest import MOTHER
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db
GIVEN = date(2026, 3, 5)


def _set(review: Review, by: User, **changes: object) -> Advice:
    values: dict = {"text": f"Do not discuss the case with {MOTHER}.", "effective_on": GIVEN}
    values.update(changes)
    return actions.set_advice(review, by=by, **values)


def _nothing_recorded(review: Review) -> None:
    assert not Advice.objects.filter(review=review).exists()
    assert not AuditEvent.objects.filter(event_type__startswith="advice.").exists()
    assert not Notice.objects.filter(review=review, purpose__startswith="advice").exists()


def test_the_business_manager_sets_advice_with_its_restrictions(
        review: Review, business_manager: User, mother: IdentityEntry,
        investigation: ParallelProcess, agencies: dict[str, Agency]) -> None:
    advice = _set(review, business_manager, process=investigation,
                  requested_by="DI Ranjit Okafor, senior investigating officer",
                  no_contact=[mother], topics=["The events of 1 March", "", "  "],
                  chronology_restrictions=[{
                      "date_from": date(2026, 2, 1), "date_to": date(2026, 3, 1),
                      "agency": agencies["health"], "lead_reviewers_see": True,
                      "business_manager_sees": False, "agencies_see": [agencies["police"]]}])

    assert advice_in_force(review) == advice
    assert [r.identity for r in advice.no_contact.all()] == [mother]
    assert [t.topic for t in topics_in_force(review)] == ["The events of 1 March"]
    restriction = ChronologyRestriction.objects.get(advice=advice)
    assert (restriction.review, restriction.agency, restriction.business_manager_sees) == (
        review, agencies["health"], False)
    assert list(restriction.agencies_see.all()) == [agencies["police"]]
    event = AuditEvent.objects.get(event_type="advice.set")
    assert event.actor == business_manager and MOTHER not in event.summary
    entry = review.timeline.get(title="Advice to staff was set")
    assert entry.effective_on == GIVEN and MOTHER not in entry.detail


def test_new_advice_replaces_the_advice_in_force_which_stays_in_the_history(
        review: Review, business_manager: User, mother: IdentityEntry) -> None:
    first = _set(review, business_manager, no_contact=[mother])
    second = _set(review, business_manager, text="Staff may now talk among themselves.",
                  effective_on=date(2026, 4, 1))

    first.refresh_from_db()
    assert first.ended == Advice.Ended.REPLACED and first.replaced_by == second
    assert first.ended_on == date(2026, 4, 1) and first.ended_by == business_manager
    assert advice_in_force(review) == second
    # The old advice's no contact ends with it: the new advice carries none.
    assert not NoContact.objects.filter(advice__ended_at__isnull=True).exists()
    assert AuditEvent.objects.filter(event_type="advice.replaced").count() == 1
    assert review.timeline.filter(
        title="New advice to staff replaced the advice of 5 March 2026").exists()
    assert list(review.advice.all()) == [second, first]


# In the future whatever day the suite runs on (CI moves the clock 400 days either way).
FAR_FUTURE = date(2999, 1, 1)


@pytest.mark.parametrize("changes, field, message", [
    ({"text": "  "}, "text", "Enter the advice to staff"),
    ({"effective_on": FAR_FUTURE}, "effective_on", "cannot be in the future"),
    ({"requested_by": "x" * 201}, "requested_by", "200 characters or fewer"),
    ({"topics": ["x" * 301]}, "topics", "300 characters or fewer"),
    ({"chronology_restrictions": [{"date_from": date(2026, 3, 1), "date_to": date(2026, 2, 1)}]},
     "chronology_restrictions", "Range 1: the start, 1 March 2026, is after the end"),
    ({"chronology_restrictions": [{"date_from": date(2026, 3, 1), "date_to": FAR_FUTURE}]},
     "chronology_restrictions", "never dated in the future"),
    ({"chronology_restrictions": [{"date_from": date(2026, 3, 1), "date_to": None}]},
     "chronology_restrictions", "enter the date the entries start from and the date they end"),
])
def test_bad_advice_is_refused_with_a_clear_message_and_nothing_changes(
        review: Review, business_manager: User, changes: dict, field: str,
        message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _set(review, business_manager, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    _nothing_recorded(review)


def test_no_contact_only_with_people_of_this_reviews_register(
        review: Review, business_manager: User, make_review: object) -> None:
    place = review.identities.create(kind=IdentityEntry.Kind.PLACE, real_name="1 Elm Row",
                                     pseudonym="The family home")
    other = make_review(child_name="Tobias Wren")  # type: ignore[operator]
    elsewhere = other.identities.get(kind=IdentityEntry.Kind.CHILD)
    with pytest.raises(ValidationError) as refused:
        _set(review, business_manager, no_contact=[place, elsewhere])
    assert refused.value.message_dict["no_contact"] == [
        "The family home is not a person (place or address): choose the people not to contact.",
        "Choose people from this review's identity register."]
    _nothing_recorded(review)


def test_advice_cannot_be_dated_before_the_advice_it_replaces(
        review: Review, business_manager: User) -> None:
    first = _set(review, business_manager)
    with pytest.raises(ValidationError) as refused:
        _set(review, business_manager, effective_on=date(2026, 3, 4))
    assert refused.value.message_dict["effective_on"] == [
        "The date the advice was given cannot be before 5 March 2026, when the advice in force "
        "now was given."]
    assert advice_in_force(review) == first


def test_a_process_of_another_review_is_refused(
        review: Review, business_manager: User, make_review: object) -> None:
    other = make_review(child_name="Tobias Wren")  # type: ignore[operator]
    theirs = ParallelProcess.objects.create(review=other, kind="inquest",
                                            opened_on=date(2026, 3, 3),
                                            created_by=business_manager)
    with pytest.raises(ValidationError) as refused:
        _set(review, business_manager, process=theirs)
    assert "Choose one of this review's parallel processes" in str(refused.value)
    _nothing_recorded(review)


@pytest.mark.parametrize("who", ["lead_reviewer", "partner", "practitioner", "subgroup_member"])
def test_only_the_business_manager_sets_or_lifts_advice(
        review: Review, business_manager: User, who: str,
        request: pytest.FixtureRequest) -> None:
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only the business manager"):
        _set(review, person)
    _nothing_recorded(review)
    advice = _set(review, business_manager)
    with pytest.raises(PermissionDenied):
        actions.lift_advice(advice, by=person, lifted_on=GIVEN, reason="Charged.")
    assert advice_in_force(review) == advice


def test_lifting_advice_records_who_when_and_why_and_ends_its_restrictions(
        review: Review, business_manager: User, mother: IdentityEntry) -> None:
    advice = _set(review, business_manager, no_contact=[mother], topics=["The incident"])
    actions.lift_advice(advice, by=business_manager, lifted_on=date(2026, 6, 1),
                        reason=f"{MOTHER} was charged; the police no longer object.")

    advice.refresh_from_db()
    assert advice.ended == Advice.Ended.LIFTED and advice.ended_on == date(2026, 6, 1)
    assert advice.ended_by == business_manager and "charged" in advice.end_reason
    assert advice_in_force(review) is None and topics_in_force(review) == []
    assert review.timeline.filter(title="The advice to staff of 5 March 2026 was lifted",
                                  effective_on=date(2026, 6, 1)).exists()
    # Still there, as history.
    assert list(review.advice.all()) == [advice]


@pytest.mark.parametrize("changes, message", [
    ({"reason": ""}, "Say why the advice is lifted"),
    ({"lifted_on": date(2026, 3, 4)}, "cannot be before 5 March 2026, when the advice was given"),
    ({"lifted_on": FAR_FUTURE}, "cannot be in the future"),
])
def test_lifting_is_refused_without_a_reason_or_with_a_wrong_date(
        review: Review, business_manager: User, changes: dict, message: str) -> None:
    advice = _set(review, business_manager)
    values = {"lifted_on": date(2026, 6, 1), "reason": "Charged."} | changes
    with pytest.raises(ValidationError, match=message):
        actions.lift_advice(advice, by=business_manager, **values)
    assert advice_in_force(review) == advice
    assert not AuditEvent.objects.filter(event_type="advice.lifted").exists()


def test_advice_no_longer_in_force_cannot_be_lifted(
        review: Review, business_manager: User) -> None:
    first = _set(review, business_manager)
    _set(review, business_manager, text="New advice.")
    with pytest.raises(ValidationError, match="no longer in force"):
        actions.lift_advice(first, by=business_manager, lifted_on=GIVEN, reason="Done.")


def test_one_restriction_is_lifted_and_the_rest_stay(
        review: Review, business_manager: User, mother: IdentityEntry) -> None:
    advice = _set(review, business_manager, no_contact=[mother],
                  topics=["The incident", "The arrest"])
    topic = TopicRestriction.objects.get(advice=advice, topic="The arrest")
    actions.lift_restriction(topic, by=business_manager, lifted_on=date(2026, 4, 2))

    assert [t.topic for t in topics_in_force(review)] == ["The incident"]
    assert advice_in_force(review) == advice
    assert review.timeline.filter(title="One restriction of the advice to staff was lifted: a "
                                        "topic not to be discussed").exists()
    with pytest.raises(ValidationError, match="no longer in force"):
        actions.lift_restriction(topic, by=business_manager, lifted_on=date(2026, 4, 2))
    no_contact = NoContact.objects.get(advice=advice)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.lift_restriction(no_contact, by=business_manager, lifted_on=tomorrow())
    no_contact.refresh_from_db()
    assert no_contact.in_force


def test_everyone_on_the_team_acknowledges_once_and_the_manager_sees_who_has_not(
        review: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        partner: User) -> None:
    advice = _set(review, business_manager)
    actions.acknowledge(advice, person=practitioner)
    actions.acknowledge(advice, person=practitioner)  # once is enough
    assert Acknowledgement.objects.filter(advice=advice).count() == 1
    assert AuditEvent.objects.filter(event_type="advice.acknowledged",
                                     actor=practitioner).count() == 1
    with pytest.raises(PermissionDenied):
        actions.acknowledge(advice, person=partner)

    done, waiting = readers(advice, Names(review, business_manager))
    assert [r.name for r in done] == ["Polly Practitioner"]
    assert sorted(r.name for r in waiting) == ["Andy Author", "Rita Reviewer", "Sue Subgroup"]

    actions.lift_advice(advice, by=business_manager, lifted_on=GIVEN, reason="Charged.")
    with pytest.raises(ValidationError, match="no longer in force"):
        actions.acknowledge(advice, person=lead_reviewer)
