"""Helpers for the family tests: the family in the register, a member added."""

from datetime import date
from typing import Any

from reviewdesk.accounts.models import User
from reviewdesk.family import actions
from reviewdesk.family.models import FamilyMember
from reviewdesk.reviews.actions import save_identity
from reviewdesk.reviews.models import IdentityEntry, Review

GRANDMOTHER = "Edna Moorcroft"
SISTER = "Lacey Moorcroft"


def register_family(review: Review, by: User) -> dict[str, IdentityEntry]:
    """The child's grandmother and sister in the review's identity register."""
    return {
        "grandmother": save_identity(review, by=by, kind=IdentityEntry.Kind.FAMILY,
                                     real_name=GRANDMOTHER, pseudonym="Grandmother",
                                     role_title="maternal grandmother"),
        "sister": save_identity(review, by=by, kind=IdentityEntry.Kind.FAMILY,
                                real_name=SISTER, pseudonym="Sibling 1",
                                date_of_birth=date(2012, 5, 1), role_title="older sister"),
    }


def add(review: Review, by: User, identity: IdentityEntry, **values: Any) -> FamilyMember:
    details: dict[str, Any] = {"relationship": "maternal grandmother", "approach": "letter",
                               "language": "Polish", "interpreter": "spoken",
                               "best_placed": "Her GP", "support_needs": "Step-free access"}
    details.update(values)
    return actions.add_family_member(review, by=by, identity=identity, **details)
