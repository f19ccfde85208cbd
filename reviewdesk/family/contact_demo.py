"""The demo's contact with a family (``manage.py load_demo``, through ``family/demo.py``), all
through the actions: on review 9 (the report stage, the family has contributed) the lead
reviewer wrote to the child's mother, she agreed to meet through her support worker, they met
with a Polish interpreter, she wrote about her child and agreed how her words may be used. When
the family page's demo has added them, the grandmother met the reviewer with an interpreter and
the older brother, after the sibling decision allowing it, said he would write; nothing is
recorded for the younger sister (the decision says not to approach her) or the father.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.family import actions
from reviewdesk.family.models import Approach, Contact, FamilyMember, InterpreterNeed
from reviewdesk.reviews.models import Review

REVIEW = 9  # at the report stage


def member_for(review: Review, by: Any) -> FamilyMember:
    """The mother as a family member to approach (the family page's demo may have added her)."""
    mother = review.identities.get(pseudonym="Mother")
    member, _ = FamilyMember.objects.get_or_create(review=review, identity=mother, defaults={
        "relationship": "Mother", "approach": Approach.PROFESSIONAL,
        "approach_through": "Her family support worker", "best_placed": "The lead reviewer",
        "language": "Polish", "interpreter": InterpreterNeed.SPOKEN,
        "support_needs": "Prefers meetings in the morning, at home", "created_by": by})
    return member


def load(command: Any) -> None:
    review: Review | None = getattr(command, "reviews", {}).get(REVIEW)
    if review is None:
        return
    lead = command.people.get("lead.reviewer")
    by = lead if lead and access.can(lead, review, Permission.MANAGE_FAMILY) else command.bm
    member = member_for(review, by)
    if actions.contact_refusal(member):  # the advice demo may forbid it: leave the log empty
        return
    today = timezone.localdate()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    actions.record_contact(member, by=by, kind="attempt", method=Approach.PROFESSIONAL,
                           note="Her family support worker passed on the first letter.",
                           happened_on=ago(70))
    actions.produce_letter(member, by=by, kind="first")
    actions.record_contact(member, by=by, kind="response", response="agreed_to_meet",
                           through_whom="Her family support worker",
                           in_their_words="I want them to know what she was like.",
                           happened_on=ago(62))
    actions.record_meeting(member, by=by, held_on=ago(55), place="Her home, in the morning",
                           interpreter_booked=True,
                           supporter_present="Her family support worker",
                           notes="She spoke about the months before, and asked that the review "
                                 "hears how hard it was to get a health visitor to come.")
    actions.add_contribution(member, by=by, received_on=ago(40),
                             description="Her letter about her daughter, in Polish with a translation",
                             file=b"Fictional demonstration contribution.\n",
                             filename="letter.txt")
    actions.record_consent(member, by=by, use="summarised",
                           note="Summarise, do not quote; do not name the nursery.",
                           given_on=ago(40))
    others = {m.identity.pseudonym: m for m in
              FamilyMember.objects.filter(review=review).select_related("identity")}
    grandmother = others.get("Grandmother")
    if grandmother is not None and not actions.contact_refusal(grandmother):
        actions.record_contact(grandmother, by=by, kind="attempt", method=Approach.PHONE,
                               note="Rang with an interpreter on the line.", happened_on=ago(60))
        actions.record_contact(grandmother, by=by, kind="response",
                               response=Contact.Response.AGREED_TO_MEET, happened_on=ago(60))
        actions.record_meeting(grandmother, by=by, held_on=ago(50), place="The family centre",
                               interpreter_booked=True, supporter_present="Her neighbour",
                               notes="She looked after the child at weekends and spoke about "
                                     "the bruises she had asked the nursery about.")
    brother = others.get("Sibling 1")
    if brother is not None and not actions.contact_refusal(brother):
        actions.produce_letter(brother, by=by, kind="first")
        actions.record_contact(brother, by=by, kind="attempt", method=Approach.PROFESSIONAL,
                               note="His social worker gave him the letter at his foster home.",
                               happened_on=ago(45))
        actions.record_contact(brother, by=by, kind="response",
                               response=Contact.Response.WILL_WRITE,
                               through_whom="His social worker", happened_on=ago(38))
