"""What must be true before a family member may be approached.

The contact log, meetings and letters ask ``approach_refusal`` before they write anything: a
sibling is approached only after a considered decision says contact is appropriate, and nobody
the review decided not to approach is contacted without that decision being changed first.
"""

from reviewdesk.family.models import FamilyMember, SiblingDecision


def approach_refusal(member: FamilyMember) -> str | None:
    """Why this member may not be approached now, as a sentence for the page; None if they may."""
    name = member.identity.pseudonym
    if member.is_sibling:
        try:
            decision = member.sibling_decision
        except SiblingDecision.DoesNotExist:
            return (f"{name} is a sibling: record the considered decision about them (their age, "
                    f"who was consulted, whether contact is appropriate) before any approach.")
        if not decision.contact_appropriate:
            return (f"The sibling decision of {decision.decided_on:%-d %B %Y} says contact with "
                    f"{name} is not appropriate: record a new decision before any approach.")
    if not member.to_approach:
        return (f"The review decided not to approach {name}: change their details to say they "
                f"are to be approached before any contact.")
    return None
