"""Every change to the family's involvement: one function each, in one transaction with its
audit event.

None of this goes on the review's timeline: the timeline is read by agency authors, and the
family's involvement is for the business manager, the lead reviewer(s) and the review's subgroup
members only. The audit trail keeps ids, never names. ``on_behalf_of`` is the audit context's
(the business unit typing for the lead reviewer) unless given.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.family.models import FamilyMember, SiblingDecision
from reviewdesk.reviews.actions import check_effective_date, save_identity
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.names import Names
from reviewdesk.versioning import UNCHECKED, claim

# The register's kinds a family member or friend may be chosen from.
FAMILY_KINDS = (IdentityEntry.Kind.FAMILY, IdentityEntry.Kind.OTHER_PERSON)
# The member's details a form changes (the report offer and the sibling decision have their own).
MEMBER_FIELDS = ["relationship", "is_sibling", "to_approach", "not_approached_reason", "approach",
                 "approach_through", "best_placed", "language", "interpreter", "support_needs"]
NO_REASON = ("Say why they are not being approached: the guide asks for a reason whenever a "
             "family member is not approached.")


def _on_behalf_of(given: User | None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


def _check_member(values: dict[str, Any]) -> dict[str, Any]:
    """The member's details, tidied, or the reasons they cannot be saved (by field)."""
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors: dict[str, str] = {}
    if not values.get("relationship"):
        errors["relationship"] = ("Enter their relationship to the child, for example mother, "
                                  "grandfather or family friend.")
    if values.get("to_approach"):
        values["not_approached_reason"] = ""
    elif not values.get("not_approached_reason"):
        errors["not_approached_reason"] = NO_REASON
    if values.get("approach") in ("professional", "solicitor") and not values.get(
            "approach_through"):
        errors["approach_through"] = ("Say who the approach goes through: the professional or "
                                      "solicitor's name or role.")
    if values.get("interpreter") and not values.get("language"):
        errors["language"] = "Say which language they need an interpreter or translation for."
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_family_member(
    review: Review, *, by: User, identity: IdentityEntry | None = None,
    real_name: str = "", pseudonym: str = "", kind: str = IdentityEntry.Kind.FAMILY,
    date_of_birth: date | None = None, relationship: str, is_sibling: bool = False,
    to_approach: bool = True, not_approached_reason: str = "", approach: str = "",
    approach_through: str = "", best_placed: str = "", language: str = "",
    interpreter: str = "", support_needs: str = "", considered_on: date | None = None,
    on_behalf_of: User | None = None,
) -> FamilyMember:
    """Add someone the review considers approaching: an entry of the identity register (a family
    member or other person), or a new one added to the register here (``real_name`` and
    ``pseudonym``) through the register's own action."""
    considered_on = considered_on or timezone.localdate()
    check_effective_date(considered_on, what="The date they were considered")
    values = _check_member({
        "relationship": relationship, "is_sibling": is_sibling, "to_approach": to_approach,
        "not_approached_reason": not_approached_reason, "approach": approach,
        "approach_through": approach_through, "best_placed": best_placed, "language": language,
        "interpreter": interpreter, "support_needs": support_needs})
    if identity is None:
        real_name, pseudonym = real_name.strip(), pseudonym.strip()
        errors = {}
        if not real_name:
            errors["real_name"] = "Enter their name, or choose someone already in the register."
        if not pseudonym:
            errors["pseudonym"] = ("Enter the pseudonym or role label others will see, for "
                                   "example Mother or Sibling 1.")
        elif real_name and real_name.lower() == pseudonym.lower():
            errors["pseudonym"] = "The pseudonym must differ from the real name."
        if kind not in FAMILY_KINDS:
            errors["kind"] = "Choose family member or other person."
        if errors:
            raise ValidationError(errors)
        identity = save_identity(review, by=by, kind=kind, real_name=real_name,
                                 pseudonym=pseudonym, date_of_birth=date_of_birth,
                                 role_title=values["relationship"][:200])
    elif identity.review_id != review.pk or identity.kind not in FAMILY_KINDS:
        raise ValidationError({"identity": "Choose a family member or other person from this "
                                           "review's identity register."})
    if FamilyMember.objects.filter(review=review, identity=identity).exists():
        raise ValidationError({"identity": f"{identity.pseudonym} is already among the family "
                                           f"members considered: change their details instead."})
    member = FamilyMember.objects.create(review=review, identity=identity, created_by=by,
                                         **values)
    record("family.member_added", actor=by, review=review, on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Added a family member or friend the review considers approaching",
           data={"member": member.pk, "identity": identity.pk, "to_approach": member.to_approach,
                 "is_sibling": member.is_sibling, "effective_on": considered_on.isoformat()})
    return member


@transaction.atomic
def change_family_member(member: FamilyMember, *, by: User, version: int | None = UNCHECKED,
                         changed_on: date | None = None, on_behalf_of: User | None = None,
                         **values: Any) -> FamilyMember:
    """Change a member's details, from the ``version`` the edit page showed (decision 0023)."""
    changed_on = changed_on or timezone.localdate()
    check_effective_date(changed_on, what="The date of the change")
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"Not a family member's detail: {sorted(unknown)}")
    merged = _check_member({**{f: getattr(member, f) for f in MEMBER_FIELDS}, **values})
    claim(member, version, thing="this family member's details", by=by,
          name_of=Names(member.review, by).user)
    stored = FamilyMember.objects.get(pk=member.pk)
    changed = [f for f in MEMBER_FIELDS if getattr(stored, f) != merged[f]]
    for name in MEMBER_FIELDS:
        setattr(member, name, merged[name])
    # Only these: the report offer has its own action, and may have changed since the page opened.
    member.save(update_fields=MEMBER_FIELDS)
    record("family.member_changed", actor=by, review=member.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Changed a family member's details",
           data={"member": member.pk, "fields": changed, "effective_on": changed_on.isoformat()})
    return member


@transaction.atomic
def record_sibling_decision(member: FamilyMember, *, by: User, age: int, consulted: str,
                            contact_appropriate: bool, how: str = "", decision: str,
                            reasons: str, decided_on: date | None = None,
                            on_behalf_of: User | None = None) -> SiblingDecision:
    """The considered decision about a sibling, before any approach. Recorded again when it is
    reconsidered (the sibling is older, circumstances changed): the latest is the one in force,
    and the audit trail keeps that it was reconsidered."""
    decided_on = decided_on or timezone.localdate()
    consulted, how, decision, reasons = (consulted.strip(), how.strip(), decision.strip(),
                                         reasons.strip())
    errors: dict[str, str] = {}
    try:
        check_effective_date(decided_on, what="The date of the decision", field="decided_on")
    except ValidationError as exc:
        errors["decided_on"] = exc.message_dict["decided_on"][0]
    if not member.is_sibling:
        errors["__all__"] = ("Only a sibling needs a sibling decision: change their details to "
                             "say they are a sibling first.")
    if age is None or not 0 <= age <= 30:
        errors["age"] = "Enter the sibling's age in years, from 0 to 30."
    if not consulted:
        errors["consulted"] = ("Say who was consulted, for example the sibling's social worker "
                               "or a parent.")
    if contact_appropriate and not how:
        errors["how"] = "Say how contact should be made, since it is appropriate."
    if not decision:
        errors["decision"] = "Enter the decision."
    if not reasons:
        errors["reasons"] = "Enter the reasons for the decision."
    if errors:
        raise ValidationError(errors)
    fields = {"age": age, "consulted": consulted, "contact_appropriate": contact_appropriate,
              "how": how, "decision": decision, "reasons": reasons, "decided_on": decided_on,
              "recorded_by": by, "on_behalf_of": _on_behalf_of(on_behalf_of)}
    existing = SiblingDecision.objects.select_for_update().filter(member=member).first()
    if existing is None:
        found = SiblingDecision.objects.create(member=member, **fields)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.recorded_at = timezone.now()
        existing.save()
        found = existing
    record("family.sibling_decision_recorded", actor=by, review=member.review,
           on_behalf_of=fields["on_behalf_of"],
           summary=("Reconsidered" if existing else "Recorded")
                   + " the decision about a sibling",
           data={"member": member.pk, "contact_appropriate": contact_appropriate,
                 "reconsidered": existing is not None, "effective_on": decided_on.isoformat()})
    return found


@transaction.atomic
def record_report_offer(member: FamilyMember, *, by: User, offered_draft_on: date,
                        wants_to_see_draft: bool | None, wants_publication_date: bool | None,
                        on_behalf_of: User | None = None) -> FamilyMember:
    """The offer to see the draft report before publication, and their wishes: the report and
    publication stages read them (``selectors.report_offers``)."""
    check_effective_date(offered_draft_on, what="The date of the offer", field="offered_draft_on")
    member.offered_draft_on = offered_draft_on
    member.wants_to_see_draft = wants_to_see_draft
    member.wants_publication_date = wants_publication_date
    member.save(update_fields=["offered_draft_on", "wants_to_see_draft",
                               "wants_publication_date"])
    record("family.report_offer_recorded", actor=by, review=member.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary="Recorded the offer of the draft report to a family member",
           data={"member": member.pk, "wants_to_see_draft": wants_to_see_draft,
                 "wants_publication_date": wants_publication_date,
                 "effective_on": offered_draft_on.isoformat()})
    return member
