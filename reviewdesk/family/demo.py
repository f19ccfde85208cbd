"""The demo's family involvement (``manage.py load_demo``), all through the actions.

Review 9 (Isla Merrow, now at the report stage) involved the family after the police
investigation's advice was lifted: her mother through her family support worker, her grandmother
with an interpreter, her older brother after a considered sibling decision; her younger sister is not to
be contacted (a sibling decision), and her father was not approached, with the reason. The mother
and the grandmother were offered the draft report.

The contact log, meetings and contributions are added by the contact log's demo, which finds
the members with ``members_of(review)``.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.family import actions, contact_demo
from reviewdesk.family.models import FamilyMember
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole

REVIEW = 9  # the demo review whose family has contributed
# The keys ``members_of`` returns, by the register's pseudonym.
PSEUDONYMS = {"mother": "Mother", "grandmother": "Grandmother", "brother": "Sibling 1",
              "sister": "Sibling 2", "father": "Father"}


def members_of(review: Review) -> dict[str, FamilyMember]:
    """The demo's family members on ``review`` by key (mother, grandmother, brother, sister,
    father): what the contact log's demo adds contacts, meetings and contributions to."""
    by_pseudonym = {m.identity.pseudonym: m for m in
                    FamilyMember.objects.filter(review=review).select_related("identity")}
    return {key: by_pseudonym[p] for key, p in PSEUDONYMS.items() if p in by_pseudonym}


def family_started_on(review: Review) -> date:
    """The day the review's family involvement stage began (or, before it, today)."""
    entry = review.timeline.filter(to_stage="family").order_by("effective_on").first()
    return entry.effective_on if entry else timezone.localdate()


def load(command: Any) -> None:
    review = command.reviews[REVIEW]
    lead = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                     ended_at__isnull=True).first()
    by = lead.person if lead else command.bm
    start = family_started_on(review)

    def day(n: int) -> date:
        return min(start + timedelta(days=n), timezone.localdate())

    mother_entry = review.identities.get(pseudonym="Mother")
    # As the contact log's demo has her (it adds her itself if this runs without it).
    mother = actions.add_family_member(
        review, by=by, identity=mother_entry, relationship="Mother", approach="professional",
        approach_through="Her family support worker", best_placed="The lead reviewer",
        language="Polish", interpreter="spoken",
        support_needs="Prefers meetings in the morning, at home", considered_on=day(0))
    grandmother = actions.add_family_member(
        review, by=by, real_name="Nora Merrow", pseudonym="Grandmother",
        kind=IdentityEntry.Kind.FAMILY, relationship="paternal grandmother, who cared for Isla "
        "at weekends", approach="in_person",
        best_placed="Isla's social worker, whom she knows and trusts", language="Irish",
        interpreter="spoken", support_needs="Hearing loss: a quiet room, and questions written "
                                            "down as well as asked.",
        considered_on=day(0))
    brother = actions.add_family_member(
        review, by=by, real_name="Connor Merrow", pseudonym="Sibling 1",
        kind=IdentityEntry.Kind.FAMILY, relationship="older brother", is_sibling=True,
        approach="professional", approach_through="His social worker",
        best_placed="His social worker", support_needs="He would like his foster carer with him.",
        considered_on=day(0))
    sister = actions.add_family_member(
        review, by=by, real_name="Poppy Merrow", pseudonym="Sibling 2",
        kind=IdentityEntry.Kind.FAMILY, relationship="younger sister", is_sibling=True,
        considered_on=day(0))
    actions.add_family_member(
        review, by=by, real_name="Callum Merrow", pseudonym="Father",
        kind=IdentityEntry.Kind.FAMILY, relationship="father", to_approach=False,
        not_approached_reason="He has had no contact with Isla or her mother for six years and "
                              "lives abroad; children's social care could find no address.",
        considered_on=day(1))
    actions.record_sibling_decision(
        brother, by=by, age=15, consulted="His social worker, his foster carer and his mother",
        contact_appropriate=True, how="Through his social worker, at his foster home, with his "
        "foster carer present; he may stop at any time.",
        decision="Connor is invited to talk to the lead reviewer if he wishes.",
        reasons="He has asked his social worker why nobody helped his sister, and wants to be "
                "heard. His social worker thinks talking will help him, with support.",
        decided_on=day(3))
    actions.record_sibling_decision(
        sister, by=by, age=4, consulted="Her social worker and her mother",
        contact_appropriate=False,
        decision="Poppy is not approached. Her mother will tell her about the review when she "
                 "is older.",
        reasons="She is too young to take part, and her mother and social worker agree that "
                "being asked would unsettle her.",
        decided_on=day(3))
    # Offered once the report was drafted, after the family's contributions.
    offered = timezone.localdate() - timedelta(days=20)
    for member, wants_draft in ((mother, True), (grandmother, False)):
        actions.record_report_offer(member, by=by, offered_draft_on=offered,
                                    wants_to_see_draft=wants_draft, wants_publication_date=True)
    # Then the contact log, meetings, contributions and consent (the contact log's demo).
    contact_demo.load(command)
