"""Every change to the family's involvement: one function each, in one transaction with its
audit event.

None of this goes on the review's timeline: the timeline is read by agency authors, and the
family's involvement is for the business manager, the lead reviewer(s) and the review's subgroup
members only. The audit trail keeps ids, never names. ``on_behalf_of`` is the audit context's
(the business unit typing for the lead reviewer) unless given.

The members and sibling decisions come first; then the contact log, meetings, written
contributions, consent and letters, where:

* only the business manager and the review's lead reviewer(s) run the family's involvement
  (``Permission.MANAGE_FAMILY``), and only they read a written contribution;
* nothing is recorded, produced or sent for someone the advice in force says may not be
  contacted about the review (``parallel.restrictions.no_contact_refusal``), nor for someone the
  family page says may not be approached (``family.rules.approach_refusal``: a sibling before a
  considered decision says contact is appropriate, or someone the review decided not to
  approach) — each refusal says why and since when, and nothing changes;
* every date is the day it happened: today or earlier, never in the future.
"""

import hashlib
import pathlib
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.family import letters
from reviewdesk.family.models import (
    Approach,
    Consent,
    Contact,
    Contribution,
    FamilyMeeting,
    FamilyMember,
    Letter,
    LetterKind,
    LetterTemplate,
    SiblingDecision,
)
from reviewdesk.family.rules import approach_refusal
from reviewdesk.parallel.restrictions import no_contact_refusal
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


def _on_behalf_of(given: User | None = None) -> User | None:
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


# A family's written contribution: a letter, a statement, a photograph of a handwritten page.
CONTRIBUTION_KINDS = {".docx": "Word document", ".pdf": "PDF", ".txt": "plain text",
                      ".rtf": "rich text", ".odt": "OpenDocument text", ".jpg": "photograph",
                      ".jpeg": "photograph", ".png": "image"}
CONTRIBUTION_MAX_MEGABYTES = 20
CONTRIBUTION_MAX_BYTES = CONTRIBUTION_MAX_MEGABYTES * 1024 * 1024
ANY_MEMBER = "Only the business manager and the review's lead reviewers record the family's " \
             "involvement."


def _require_manager(member: FamilyMember, by: User) -> None:
    if not access.can(by, member.review, Permission.MANAGE_FAMILY):
        raise PermissionDenied(ANY_MEMBER)


def _require_family_identities(review: Review, by: User) -> None:
    """A letter carries real names (it is for the family): only someone who may see them makes
    or opens one. (Those who run the family's involvement always may; this says why.)"""
    if not access.sees_family_identities(access.identity_tier(by, review)):
        raise PermissionDenied("A letter to the family names them: only those who may see the "
                               "family's names produce or download one.")




def contact_refusal(member: FamilyMember) -> str | None:
    """Why nothing may be recorded, produced or sent for this person now, or None."""
    return (no_contact_refusal(member.review, member.identity)
            or approach_refusal(member))


def _check_may_contact(member: FamilyMember) -> None:
    if refusal := contact_refusal(member):
        raise ValidationError(refusal)


def _check_date(on: date | None, field: str, what: str) -> date:
    if on is None:
        raise ValidationError({field: f"Enter {what}."})
    check_effective_date(on, what=what[:1].upper() + what[1:], field=field)
    return on


def _locked(member: FamilyMember) -> FamilyMember:
    """The member row locked for the change, so two saves at once are one after the other."""
    return FamilyMember.objects.select_for_update().select_related(
        "review__partnership", "identity").get(pk=member.pk)


@transaction.atomic
def record_contact(member: FamilyMember, *, by: User, kind: str, method: str = "",
                   response: str = "", in_their_words: str = "", through_whom: str = "",
                   note: str = "", happened_on: date) -> Contact:
    """An attempt to reach a family member, or their response (agreed to meet, will write,
    declined — in their words or through whom — or no response)."""
    member = _locked(member)
    _require_manager(member, by)
    _check_may_contact(member)
    errors: dict[str, str] = {}
    if kind not in Contact.Kind.values:
        errors["kind"] = "Say whether this was an attempt to make contact or their response."
    elif kind == Contact.Kind.ATTEMPT:
        if method not in Approach.values:
            errors["method"] = "Say how contact was attempted: letter, phone, through a " \
                               "professional, through their solicitor or in person."
        if response:
            errors["response"] = "An attempt has no response: record the response separately " \
                                 "when it comes."
    else:
        if response not in Contact.Response.values:
            errors["response"] = "Choose their response: agreed to meet, will write, declined " \
                                 "or no response."
        elif response == Contact.Response.DECLINED and not (in_their_words.strip()
                                                            or through_whom.strip()):
            errors["in_their_words"] = "Say how they declined: in their own words, or through " \
                                       "whom (for example their representative)."
    if errors:
        raise ValidationError(errors)
    _check_date(happened_on, "happened_on", "the date it happened")
    contact = Contact.objects.create(
        member=member, kind=kind, method=method if kind == Contact.Kind.ATTEMPT else "",
        response=response, in_their_words=in_their_words.strip(),
        through_whom=through_whom.strip(), note=note.strip(), happened_on=happened_on,
        recorded_by=by, on_behalf_of=_on_behalf_of())
    what = contact.get_response_display() if response else "an attempt to make contact"
    record("family.contact_recorded", actor=by, review=member.review,
           summary=f"Recorded {what.lower()} in a family member's contact log",
           data={"member": member.pk, "contact": contact.pk, "kind": kind, "method": method,
                 "response": response, "happened_on": happened_on.isoformat()})
    return contact


@transaction.atomic
def record_meeting(member: FamilyMember, *, by: User, held_on: date, place: str,
                   interpreter_booked: bool = False, supporter_present: str = "",
                   notes: str = "") -> FamilyMeeting:
    """A meeting between the lead reviewer and a family member."""
    member = _locked(member)
    _require_manager(member, by)
    _check_may_contact(member)
    if not place.strip():
        raise ValidationError({"place": "Enter where the meeting was held, for example their "
                                        "home or a family centre."})
    _check_date(held_on, "held_on", "the date of the meeting")
    meeting = FamilyMeeting.objects.create(
        member=member, held_on=held_on, place=place.strip(),
        interpreter_booked=interpreter_booked, supporter_present=supporter_present.strip(),
        notes=notes.strip(), recorded_by=by, on_behalf_of=_on_behalf_of())
    record("family.meeting_recorded", actor=by, review=member.review,
           summary="Recorded a meeting with a family member",
           data={"member": member.pk, "meeting": meeting.pk, "held_on": held_on.isoformat(),
                 "interpreter_booked": interpreter_booked})
    return meeting


def check_contribution_file(filename: str, size: int) -> None:
    """The file's kind and size, before anything is kept."""
    suffix = pathlib.PurePath(filename or "").suffix.lower()
    if suffix not in CONTRIBUTION_KINDS:
        raise ValidationError({"file": "The selected file must be a Word document (.docx), a PDF, "
                                       "a plain or rich text file (.txt, .rtf, .odt) or a "
                                       "photograph (.jpg, .png). Save it in one of these formats "
                                       "and upload it again."})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty. Choose the file again."})
    if size > CONTRIBUTION_MAX_BYTES:
        raise ValidationError({"file": f"The selected file must be smaller than "
                                       f"{CONTRIBUTION_MAX_MEGABYTES} MB. Save it smaller (for a "
                                       f"photograph, at a lower resolution) and upload it again."})


def add_contribution(member: FamilyMember, *, by: User, received_on: date, description: str,
                     file: bytes, filename: str) -> Contribution:
    """A written contribution, kept in the app's file storage under a random name (never the
    name it came with, which often names the family)."""
    check_contribution_file(filename, len(file))
    return _store_contribution(member, by=by, received_on=received_on, description=description,
                               data=file, filename=filename)


@transaction.atomic
def _store_contribution(member: FamilyMember, *, by: User, received_on: date, description: str,
                        data: bytes, filename: str) -> Contribution:
    member = _locked(member)
    _require_manager(member, by)
    _check_may_contact(member)
    _check_date(received_on, "received_on", "the date it was received")
    contribution = Contribution(
        member=member, received_on=received_on, description=description.strip()[:300],
        filename=pathlib.PurePath(filename).name[-300:],
        sha256=hashlib.sha256(data).hexdigest(), recorded_by=by, on_behalf_of=_on_behalf_of())
    contribution.file.save(secrets.token_hex(16), ContentFile(data), save=False)
    try:
        contribution.save()
        record("family.contribution_added", actor=by, review=member.review,
               summary="Added a family member's written contribution",
               data={"member": member.pk, "contribution": contribution.pk,
                     "received_on": received_on.isoformat(), "size": len(data),
                     "sha256": contribution.sha256})
    except Exception:
        # Nothing half-kept: the row is rolled back, so the file goes too.
        if contribution.file.name:
            contribution.file.storage.delete(contribution.file.name)
        raise
    return contribution


def contribution_file(contribution: Contribution, *, by: User) -> bytes:
    """The contribution's file for the lead reviewer or the business manager, the read audited."""
    review = contribution.member.review
    if not access.can(by, review, Permission.MANAGE_FAMILY):
        raise PermissionDenied("Only the business manager and the review's lead reviewers may "
                               "read a family's written contribution.")
    try:
        with contribution.file.open("rb") as handle:
            data: bytes = handle.read()
    except OSError as exc:
        raise ValidationError("The contribution's file is no longer in storage. Ask the "
                              "business manager to add it again.") from exc
    record("family.contribution_downloaded", actor=by, review=review,
           summary="Downloaded a family member's written contribution",
           data={"member": contribution.member_id, "contribution": contribution.pk})
    return data


@transaction.atomic
def record_consent(member: FamilyMember, *, by: User, use: str, note: str = "",
                   given_on: date) -> Consent:
    """How the family member agreed their contribution may be used. A change is a new row: the
    latest is the one in force, and the earlier ones stay as they were given."""
    member = _locked(member)
    _require_manager(member, by)
    _check_may_contact(member)
    if use not in Consent.Use.values:
        raise ValidationError({"use": "Choose how their contribution may be used."})
    _check_date(given_on, "given_on", "the date it was given")
    consent = Consent.objects.create(member=member, use=use, note=note.strip(),
                                     given_on=given_on, recorded_by=by,
                                     on_behalf_of=_on_behalf_of())
    record("family.consent_recorded", actor=by, review=member.review,
           summary=f"Recorded a family member's consent: {consent.get_use_display().lower()}",
           data={"member": member.pk, "consent": consent.pk, "use": use,
                 "given_on": given_on.isoformat()})
    return consent


@transaction.atomic
def produce_letter(member: FamilyMember, *, by: User, kind: str) -> Letter:
    """A letter from the review's wording (or the default), addressed to the member by their
    real name, kept as produced: the letter log."""
    member = _locked(member)
    _require_manager(member, by)
    _require_family_identities(member.review, by)
    _check_may_contact(member)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "Choose which letter to produce: a first letter, a "
                                       "reminder or an invitation to see the report."})
    body, _template = letters.wording(member.review, kind)
    today = timezone.localdate()
    text = letters.fill(body, letters.values_for(member.review, member.identity.real_name,
                                                  signed_by=by.full_name, on=today))
    letter = Letter.objects.create(member=member, kind=kind, body=text, produced_by=by,
                                   on_behalf_of=_on_behalf_of())
    record("family.letter_produced", actor=by, review=member.review,
           summary=f"Produced a letter to a family member: {letter.get_kind_display().lower()}",
           data={"member": member.pk, "letter": letter.pk, "kind": kind,
                 "template_version": _template.version if _template else 0})
    return letter


def letter_file(letter: Letter, *, by: User, fmt: str) -> letters.LetterFile:
    """The produced letter as .docx or .pdf, for those who run the family's involvement."""
    review = letter.member.review
    if not access.can(by, review, Permission.MANAGE_FAMILY):
        raise PermissionDenied(ANY_MEMBER)
    _require_family_identities(review, by)
    produced = timezone.localdate(letter.produced_at)
    made = letters.letter_file(letter.body, fmt=fmt, dated=produced,
                               kind_label=letter.get_kind_display())
    record("family.letter_downloaded", actor=by, review=review,
           summary=f"Downloaded a letter to a family member as {fmt}",
           data={"member": letter.member_id, "letter": letter.pk, "format": fmt})
    return made


@transaction.atomic
def mark_letter_sent(letter: Letter, *, by: User, sent_on: date) -> Letter:
    """The letter went out on that day. It is refused if contact is not allowed now."""
    letter = Letter.objects.select_for_update().select_related(
        "member__review__partnership", "member__identity").get(pk=letter.pk)
    member = letter.member
    _require_manager(member, by)
    _check_may_contact(member)
    if letter.sent_on is not None:
        raise ValidationError(f"This letter is already recorded as sent on "
                              f"{letter.sent_on:%-d %B %Y}.")
    produced = timezone.localdate(letter.produced_at)
    if sent_on is None:
        raise ValidationError({"sent_on": "Enter the date the letter was sent."})
    check_effective_date(sent_on, not_before=produced, what="The date it was sent",
                         since="the day the letter was produced", field="sent_on")
    letter.sent_on = sent_on
    letter.save(update_fields=["sent_on"])
    record("family.letter_sent", actor=by, review=member.review,
           summary=f"Marked a letter to a family member as sent: "
                   f"{letter.get_kind_display().lower()}",
           data={"member": member.pk, "letter": letter.pk, "sent_on": sent_on.isoformat()})
    return letter


@transaction.atomic
def change_letter_template(review: Review, kind: str, *, by: User, body: str,
                           version: int | None = UNCHECKED) -> LetterTemplate:
    """The review's own wording of one letter: a new version, refused if someone else saved
    another since the page was opened (``version``: what the page showed; None for the default
    wording)."""
    if not access.can(by, review, Permission.MANAGE_FAMILY):
        raise PermissionDenied("Only the business manager and the review's lead reviewers change "
                               "the letters to the family.")
    if kind not in LetterKind.values:
        raise ValidationError("There is no such letter.")
    body = body.strip().replace("\r\n", "\n")
    if not body:
        raise ValidationError({"body": "Enter the letter's wording."})
    if unknown := letters.unknown_placeholders(body):
        known = ", ".join(f"{{{p}}}" for p in letters.PLACEHOLDERS)
        raise ValidationError({"body": f"The letter uses {', '.join(f'{{{u}}}' for u in unknown)}"
                                       f", which Review Desk cannot fill in. Use only {known}."})
    template = LetterTemplate.objects.select_for_update().filter(review=review, kind=kind).first()
    if template is None:
        if version not in (None, UNCHECKED):
            raise ValidationError("This letter's wording was removed since you opened it. Open "
                                  "the letter again.")
        try:
            with transaction.atomic():
                template = LetterTemplate.objects.create(
                    review=review, kind=kind, body=body, changed_by=by,
                    changed_at=timezone.now())
        except IntegrityError as exc:
            raise ValidationError("Someone else saved this letter's wording since you opened "
                                  "it. Open the letter again to see theirs.") from exc
    else:
        claim(template, version, thing="this letter's wording", by=by)
        template.body = body
        template.save(update_fields=["body"])
    record("family.letter_template_changed", actor=by, review=review,
           summary=f"Changed the review's wording of a letter to the family: "
                   f"{template.get_kind_display().lower()}",
           data={"template": template.pk, "kind": kind, "version": template.version})
    return template
