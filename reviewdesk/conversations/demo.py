"""The demo's conversations with staff and areas raised (``manage.py load_demo``), through the
actions.

On the review at the chronology stage, whose practitioners the staff demo puts on the list (it
runs first; without them this does nothing): the lead reviewer has asked to speak with the
first, booked a conversation with the second, and held one with the third (a note shared with the
business manager, and the practitioner's consent); the fourth has raised an area the lead
reviewer answered, and the fifth one not yet looked at.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.conversations import actions
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.staff.models import Conversation, Meeting, Practitioner


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days),
                                                time(hour)))


def _lead(review: Review) -> User | None:
    membership = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                           ended_at__isnull=True).select_related("person").first()
    return membership.person if membership else None


def load(command: Any) -> None:
    reviews = [r for r in getattr(command, "reviews", {}).values()
               if r.stage == Stage.CHRONOLOGY]
    for review in reviews:
        people = list(Practitioner.objects.filter(review=review, membership__ended_at__isnull=True)
                      .select_related("person", "review").order_by("pk"))
        lead = _lead(review)
        if lead is None or not people:
            continue  # the staff demo has not put anyone on the list: nothing to show
        _story(review, lead, people)


def _story(review: Review, lead: User, people: list[Practitioner]) -> None:
    place = "Room 2, Kirkvale House, or by video if you prefer"
    if len(people) > 0:
        actions.ask_for_conversation(
            people[0], by=lead, place=place, offers=[_at(8, 10), _at(9, 14)],
            areas="How the team shared what they knew about the family's move, and what made "
                  "that easier or harder.")
    if len(people) > 1:
        asked = actions.ask_for_conversation(
            people[1], by=lead, place=place, offers=[_at(5, 11), _at(6, 15)],
            areas="The home visits in the autumn, and the supervision you had at the time.")
        actions.accept_date(asked, by=people[1].person,
                            starts_at=actions.offered_times(asked)[1])
    if len(people) > 2:
        _held(people[2], lead, place)
    if len(people) > 3:
        area = actions.raise_area(
            people[3], by=people[3].person,
            text="Referrals from the nursery went to a shared inbox that nobody owned over "
                 "Christmas. I think the review should look at that.")
        actions.answer_area(area, by=lead, status="in_terms_of_reference",
                            reply="Thank you. How referrals are received over holidays is now "
                                  "one of the review's lines of enquiry.")
    if len(people) > 4:
        actions.raise_area(people[4], by=people[4].person,
                           text="The interpreter service could not be booked at short notice, "
                                "so visits went ahead without one.")


def _held(practitioner: Practitioner, lead: User, place: str) -> Conversation:
    asked = actions.ask_for_conversation(
        practitioner, by=lead, place=place, offers=[_at(1, 10)],
        areas="What you saw at the two-year check, and how concerns were passed on.")
    booked = actions.accept_date(asked, by=practitioner.person,
                                 starts_at=actions.offered_times(asked)[0])
    # The demo tells it as if booked a week ago: the meeting took place three days ago (a date
    # to come can only be accepted while it is still to come).
    assert booked.meeting is not None
    Meeting.objects.filter(pk=booked.meeting.pk).update(starts_at=_at(-3, 10),
                                                        ends_at=_at(-3, 11))
    booked.refresh_from_db()
    held_on = timezone.localdate() - timedelta(days=3)
    actions.record_held(booked, by=lead, held_on=held_on,
                        note="Open and reflective. Concerns at the two-year check were passed "
                             "on by phone, with no written referral; supervision was monthly.")
    actions.save_note(booked, by=lead, shared=True,
                      note="Open and reflective. Concerns at the two-year check were passed on "
                           "by phone, with no written referral; supervision was monthly.")
    return actions.record_consent(booked, by=practitioner.person, consent="paraphrased",
                                  given_on=held_on)
