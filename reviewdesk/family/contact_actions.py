"""Every change to a family member's contact log, meetings, written contributions, consent and
letters (issue 15 §3): one transaction each with its audit event. (The family page's own writes,
members and sibling decisions, are in ``actions.py``.)

The rules:

* only the business manager and the review's lead reviewer(s) run the family's involvement
  (``Permission.MANAGE_FAMILY``), and only they read a written contribution;
* nothing is recorded, produced or sent for someone the advice in force says may not be
  contacted about the review (``parallel.restrictions.no_contact_refusal``), nor for someone the
  family page says may not be approached (``family.rules.approach_refusal``: a sibling before a
  considered decision says contact is appropriate, or someone the review decided not to
  approach) — each refusal says why and since when, and nothing changes;
* every date is the day it happened: today or earlier, never in the future.

Nothing here goes on the review's timeline: every member of the review reads the timeline, and
the family's involvement is for the few above. Audit summaries hold ids and kinds, never a
name, a file's name or what the family said.
"""

import hashlib
import pathlib
import secrets
from datetime import date

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
)
from reviewdesk.family.rules import approach_refusal
from reviewdesk.parallel.restrictions import no_contact_refusal
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.models import Review
from reviewdesk.versioning import UNCHECKED, claim

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


def _on_behalf_of() -> User | None:
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


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
