"""Family members and advice for the contact log's tests."""

from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.family.models import FamilyMember, SiblingDecision
from reviewdesk.parallel.models import Advice, NoContact
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review


def family_member(review: Review, by: User, *, real_name: str = "Joanne Moorcroft",
                  pseudonym: str = "Mother", relationship: str = "Mother",
                  is_sibling: bool = False) -> FamilyMember:
    """A family member from the identity register, to be approached by letter. (Written directly:
    the family page's own action belongs to the family app's base.)"""
    entry = review_actions.save_identity(review, by=by, kind=IdentityEntry.Kind.FAMILY,
                                         real_name=real_name, pseudonym=pseudonym,
                                         role_title=relationship)
    return FamilyMember.objects.create(review=review, identity=entry, relationship=relationship,
                                       is_sibling=is_sibling, approach="letter", created_by=by)


def no_contact_advice(review: Review, by: User, identity: IdentityEntry, *,
                      since: date = date(2026, 12, 1)) -> NoContact:
    advice = Advice.objects.create(review=review, text="Do not contact the mother.",
                                   requested_by="DI Sol Investigator", effective_on=since,
                                   recorded_by=by)
    return NoContact.objects.create(advice=advice, identity=identity)


def sibling_decision(member: FamilyMember, by: User, *, appropriate: bool,
                     on: date = date(2026, 11, 20)) -> SiblingDecision:
    return SiblingDecision.objects.create(
        member=member, age=12, consulted="Her social worker and her father",
        contact_appropriate=appropriate, how="A letter through her social worker"
        if appropriate else "", decision="Contact by letter" if appropriate else "No contact",
        reasons="She asked to be told about the review." if appropriate else
        "She is in the middle of exams and her social worker advised waiting.",
        decided_on=on, recorded_by=by)
