"""The advice's restricted chronology entries, as access.py reads them: absent for everyone the
advice does not name while it is in force; back at once when it, or the range alone, is lifted,
or when newer advice does not carry it."""

from datetime import date

import pytest

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.parallel import actions
from reviewdesk.parallel.models import ChronologyRestriction
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db
IN_RANGE = date(2026, 2, 14)


def _hidden(review: Review, person: User, agency: Agency) -> bool:
    fresh = Review.objects.get(pk=review.pk)  # nothing kept from before the change
    return access.chronology_entry_hidden(person, fresh, IN_RANGE, agency.pk)


def _restrict(review: Review, business_manager: User) -> None:
    actions.set_advice(review, by=business_manager, effective_on=date(2026, 3, 3),
                       text="The weeks before the incident are for the reviewer only.",
                       chronology_restrictions=[{"date_from": date(2026, 2, 1),
                                                 "date_to": date(2026, 3, 1),
                                                 "business_manager_sees": False}])


def test_restricted_entries_are_absent_for_others_until_the_advice_is_lifted(
        review: Review, business_manager: User, lead_reviewer: User, practitioner: User,
        agencies: dict[str, Agency]) -> None:
    health = agencies["health"]
    _restrict(review, business_manager)
    assert _hidden(review, practitioner, health) and _hidden(review, business_manager, health)
    assert not _hidden(review, lead_reviewer, health)
    assert not access.chronology_entry_hidden(practitioner, review, date(2026, 3, 2), health.pk)

    advice = review.advice.get()
    actions.lift_advice(advice, by=business_manager, lifted_on=date(2026, 4, 1),
                        reason="The police have finished.")
    assert not _hidden(review, practitioner, health)


def test_lifting_the_range_alone_or_replacing_the_advice_brings_the_entries_back(
        review: Review, business_manager: User, practitioner: User,
        agencies: dict[str, Agency]) -> None:
    health = agencies["health"]
    _restrict(review, business_manager)
    actions.lift_restriction(ChronologyRestriction.objects.get(), by=business_manager,
                             lifted_on=date(2026, 3, 20))
    assert not _hidden(review, practitioner, health)

    _restrict(review, business_manager)
    assert _hidden(review, practitioner, health)
    actions.set_advice(review, by=business_manager, effective_on=date(2026, 4, 1),
                       text="Staff may now discuss the chronology.")
    assert not _hidden(review, practitioner, health)
