"""Every change to a review's briefings: one function each, in one transaction with its audit
event (summaries and data hold ids and counts, never names or what was typed).

* ``schedule_briefing`` diarises the session through the meetings app (``schedule_meeting``, a
  meeting of kind BRIEFING, and its ``send_updates``: each invitee their own ``.ics``), up to the
  session's capacity: the review's practitioners first, then the wider staff of the chosen
  agencies. Who is left out is returned, so the page can say so.
* Attendance is the meetings app's ``record_attendance``, called from this app's page.
* The seven-minute briefing (``BriefingDocument``): generated from the findings and
  recommendations and the final report's background, through the anonymised redactor (pseudonyms
  only); edited with optimistic locking; checked by the publication check; approved only while
  the check finds nothing, when its .docx and PDF are made.
* ``reflect``: an attendee's answer after the session, once.
"""

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import documents
from reviewdesk.action_plan.models import (
    Briefing,
    BriefingDocument,
    Finding,
    Recommendation,
    Reflection,
)
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.meetings import actions as meetings
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import anonymised
from reviewdesk.staff.models import Invitation, Meeting, Practitioner
from reviewdesk.staff.selectors import practitioners_of
from reviewdesk.versioning import UNCHECKED, claim

log = logging.getLogger(__name__)

DOCUMENT_TITLE = "Seven-minute briefing"
DOCUMENT_FIELDS = ["background", "findings", "practice", "questions"]
HEADINGS = {"background": "Background", "findings": "Findings",
            "practice": "What it means for practice", "questions": "Questions for reflection"}
# One page: about seven minutes' reading aloud.
BACKGROUND_WORDS = 150
MAX_CAPACITY = 500
BACKGROUND_HEADINGS = ("background", "summary", "introduction", "the child", "circumstances")
QUESTIONS = [
    "- How would you have recognised the risks in this case in your own work?",
    "- What would you do if you were worried another agency had not acted?",
    "- How do you make sure the child's voice is heard and recorded?",
    "- What will you do differently after this briefing?",
]


def _on_behalf_of(given: User | None) -> User | None:
    if given is not None:
        return given
    context = audit_context.current()
    return context.on_behalf_of if context is not None else None


# --- Sessions ---------------------------------------------------------------------------------

@dataclass
class Scheduled:
    briefing: Briefing
    invited: int
    # Those in the audience the capacity left out (each a User), for the page to name.
    not_invited: list[User]


def audience(review: Review, *, for_practitioners: bool,
             agencies: Sequence[Agency]) -> list[tuple[User, Practitioner | None]]:
    """Who the session is for, in the order they are invited: the review's practitioners with
    an active sign-in, then the active staff of the chosen agencies (each person once)."""
    found: list[tuple[User, Practitioner | None]] = []
    seen: set[int] = set()
    if for_practitioners:
        for practitioner in practitioners_of(review).select_related("person"):
            if practitioner.person.is_active and practitioner.person_id not in seen:
                seen.add(practitioner.person_id)
                found.append((practitioner.person, practitioner))
    if agencies:
        staff = User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                    agency__in=list(agencies)).order_by("agency__name", "pk")
        for person in staff:
            if person.pk not in seen:
                seen.add(person.pk)
                found.append((person, None))
    return found


@transaction.atomic
def schedule_briefing(review: Review, *, title: str, starts_at: datetime, ends_at: datetime,
                      place: str, online_link: str = "", capacity: int,
                      for_practitioners: bool, agencies: Sequence[Agency] = (),
                      agenda: str = "", by: User, on_behalf_of: User | None = None) -> Scheduled:
    """Diarise a briefing session and send each invitee (up to ``capacity``) their calendar
    invitation. Refused, nothing kept or sent, when the details are incomplete or nobody is in
    the audience."""
    errors: dict[str, str] = {}
    place, online_link = place.strip(), online_link.strip()
    if not place and not online_link:
        errors["place"] = "Enter a place (a room or an address) or an online link."
    if not capacity or capacity < 1:
        errors["capacity"] = "Enter how many people the session can take, 1 or more."
    elif capacity > MAX_CAPACITY:
        errors["capacity"] = f"The capacity must be {MAX_CAPACITY} or fewer."
    if any(a.partnership_id != review.partnership_id for a in agencies):
        errors["agencies"] = "Choose agencies of this partnership."
    if review.stage == Stage.CLOSED:
        raise ValidationError("The review is closed: no more briefings can be diarised on it.")
    wanted = audience(review, for_practitioners=for_practitioners, agencies=agencies)
    if not errors and not wanted:
        errors["agencies"] = ("Nobody is in the audience: invite the review's practitioners, or "
                              "choose agencies with staff who sign in to Review Desk.")
    if errors:
        raise ValidationError(errors)
    invited, left_out = wanted[:capacity], wanted[capacity:]
    # The meetings app checks its own invitees (the review's practitioners and team); the wider
    # staff are added to the same meeting below and sent theirs by the same send_updates.
    on_team = [practitioner for _, practitioner in invited if practitioner is not None]
    meeting = meetings.schedule_meeting(
        review, kind=Meeting.Kind.BRIEFING, title=title, starts_at=starts_at, ends_at=ends_at,
        place=place or online_link, agenda=_agenda(agenda, online_link, place),
        invitees=on_team, by=by, on_behalf_of=on_behalf_of)
    wider = [person for person, practitioner in invited if practitioner is None]
    Invitation.objects.bulk_create([Invitation(meeting=meeting, person=person)
                                    for person in wider])
    sent = meetings.send_updates(meeting, by=by)
    briefing = Briefing.objects.create(
        meeting=meeting, capacity=capacity, online_link=online_link,
        for_practitioners=for_practitioners, recorded_by=by,
        on_behalf_of=_on_behalf_of(on_behalf_of))
    briefing.agencies.set(agencies)
    record("briefings.scheduled", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary=f"Diarised a briefing session for {len(invited)} people",
           data={"briefing": briefing.pk, "meeting": meeting.pk, "capacity": capacity,
                 "agencies": [a.pk for a in agencies], "practitioners": for_practitioners,
                 "invited": len(invited), "not_invited": [p.pk for p, _ in left_out],
                 "wider_notices": sent, "effective_on": timezone.localdate().isoformat()})
    return Scheduled(briefing, len(invited), [person for person, _ in left_out])


def _agenda(agenda: str, online_link: str, place: str) -> str:
    """The calendar invitation's description: the online link too when there is a room."""
    agenda = agenda.strip()
    if online_link and place:
        return f"{agenda}\n\nJoin online: {online_link}".strip()
    return agenda


@transaction.atomic
def record_attendance(briefing: Briefing, attended_ids: Sequence[int], *, by: User,
                      on: date | None = None, on_behalf_of: User | None = None) -> Briefing:
    """Who came (the meetings app's ``record_attendance``), then each who came is asked once by
    e-mail for their reflection, with the link to their own form."""
    from reviewdesk.briefings import notices

    meeting = briefing.meeting
    meetings.record_attendance(meeting, attended_ids, by=by, on=on, on_behalf_of=on_behalf_of)
    came = (Invitation.objects.filter(meeting=meeting, attended=True, withdrawn_at__isnull=True)
            .select_related("person", "practitioner__identity").order_by("pk"))
    url = notices.reflection_url(meeting.review.uuid, briefing.pk)
    for invitation in came:
        queue_from_template(
            meeting.review, notices.ASK_FOR_REFLECTION,
            dedupe_key=f"briefing-reflection-{invitation.pk}",
            recipient_label=(invitation.practitioner.identity.pseudonym
                             if invitation.practitioner_id and invitation.practitioner
                             else "Attendee"),
            recipients=[invitation.practitioner.email if invitation.practitioner_id
                        and invitation.practitioner else invitation.person.email],
            by=by, extra={"reflection_url": url})
    return briefing


# --- The seven-minute briefing -----------------------------------------------------------------

def _background(review: Review) -> str:
    """The final report's background, as its first paragraphs under a heading such as
    Background or Summary (about 150 words), pseudonymised. Empty when it cannot be read."""
    final = (FinalReport.objects.filter(review=review, replaced_at__isnull=True)
             .order_by("-recorded_at", "-pk").first())
    if final is None or not final.docx:
        return ""
    from reviewdesk.lib.report_outline import read_outline

    try:
        with final.docx.open("rb") as handle:
            blocks = read_outline(handle.read())
    except Exception:  # an unreadable file leaves the box for the author to fill in
        log.warning("Could not read the final report %s for a briefing", final.pk, exc_info=True)
        return ""
    words: list[str] = []
    taking = False
    for block in blocks:
        if block.kind == "heading":
            if taking:
                break
            taking = any(h in block.text.lower() for h in BACKGROUND_HEADINGS)
        elif taking and block.kind == "paragraph" and block.text.strip():
            words.extend(block.text.split())
            if len(words) >= BACKGROUND_WORDS:
                break
    if not words:
        return ""
    text = " ".join(words[:BACKGROUND_WORDS])
    return text + ("…" if len(words) > BACKGROUND_WORDS else "")


def draft(review: Review) -> dict[str, str]:
    """A first draft of each part, from the review's findings and recommendations and the final
    report, with every name replaced by its pseudonym."""
    public = anonymised(review)
    findings = Finding.objects.filter(review=review, removed_at__isnull=True).order_by("number")
    recommendations = (Recommendation.objects.filter(review=review, removed_at__isnull=True)
                       .order_by("number"))
    background = _background(review) or (
        f"This briefing summarises the {review.get_kind_display().lower()} about "
        f"{public.title}. Read the published report for the full learning.")
    return {
        "background": public.redact(background),
        "findings": "\n".join(f"- {public.redact(f.text)}" for f in findings),
        "practice": "\n".join(f"- {public.redact(r.text)}" for r in recommendations),
        "questions": "\n".join(QUESTIONS),
    }


def current_document(review: Review) -> BriefingDocument | None:
    return (BriefingDocument.objects.filter(review=review, replaced_at__isnull=True)
            .order_by("-number").first())


@transaction.atomic
def generate_document(review: Review, *, by: User,
                      on_behalf_of: User | None = None) -> BriefingDocument:
    """A new version of the seven-minute briefing, drafted afresh; it replaces the last."""
    Review.objects.select_for_update().filter(pk=review.pk).first()
    now = timezone.now()
    replaced = list(BriefingDocument.objects.filter(review=review, replaced_at__isnull=True)
                    .values_list("pk", flat=True))
    BriefingDocument.objects.filter(pk__in=replaced).update(replaced_at=now)
    number = (BriefingDocument.objects.filter(review=review).aggregate(n=Max("number"))["n"]
              or 0) + 1
    document = BriefingDocument.objects.create(
        review=review, number=number, recorded_by=by, on_behalf_of=_on_behalf_of(on_behalf_of),
        changed_by=by, changed_at=now, **draft(review))
    record("briefings.document_generated", actor=by, review=review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary=f"Drafted version {number} of the seven-minute briefing",
           data={"document": document.pk, "number": number, "replaced": replaced,
                 "effective_on": timezone.localdate().isoformat()})
    return document


def _unapproved(document: BriefingDocument) -> None:
    if document.replaced_at is not None:
        raise ValidationError("A newer version of the briefing has been drafted: open it "
                              "instead.")
    if document.approved_at is not None:
        raise ValidationError("This version is approved: draft a new version to change it.")


@transaction.atomic
def edit_document(document: BriefingDocument, *, by: User, version: int | None = UNCHECKED,
                  on_behalf_of: User | None = None, **values: str) -> BriefingDocument:
    """Change the briefing's words. Its publication check no longer stands: run it again."""
    unknown = set(values) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not a part of the briefing: {sorted(unknown)}")
    document = BriefingDocument.objects.select_for_update().get(pk=document.pk)
    _unapproved(document)
    values = {k: v.strip() for k, v in values.items()}
    if not any(values.get(f, getattr(document, f)) for f in ("findings", "practice")):
        raise ValidationError({"findings": "Enter the findings or what they mean for practice: "
                                           "a briefing needs something to brief."})
    changed = [f for f, v in values.items() if getattr(document, f) != v]
    if not changed:
        return document
    claim(document, version, thing="this briefing", by=by)
    for name, value in values.items():
        setattr(document, name, value)
    document.scan = {}
    document.save()
    record("briefings.document_edited", actor=by, review=document.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary=f"Edited version {document.number} of the seven-minute briefing",
           data={"document": document.pk, "fields": changed, "version": document.version,
                 "effective_on": timezone.localdate().isoformat()})
    return document


def sections_of(document: BriefingDocument) -> list[documents.Section]:
    return [documents.Section(HEADINGS[f], tuple(getattr(document, f).splitlines()))
            for f in DOCUMENT_FIELDS]


def _subtitle(document: BriefingDocument) -> str:
    return anonymised(document.review).title


def plain_text(document: BriefingDocument) -> str:
    return documents.plain_text(DOCUMENT_TITLE, sections_of(document))


@transaction.atomic
def check_document(document: BriefingDocument, *, by: User) -> BriefingDocument:
    """Run the publication check on the briefing's words and keep what it found."""
    document = BriefingDocument.objects.select_for_update().get(pk=document.pk)
    _unapproved(document)
    found = documents.publication_check(document.review, plain_text(document))
    document.scan = {"findings": found, "checked_at": timezone.now().isoformat(),
                     "version": document.version}
    document.save(update_fields=["scan"])
    record("briefings.document_checked", actor=by, review=document.review,
           summary=f"Ran the publication check on the seven-minute briefing: "
                   f"{len(found)} found",
           data={"document": document.pk, "found": len(found),
                 "effective_on": timezone.localdate().isoformat()})
    return document


def check_stands(document: BriefingDocument) -> bool:
    """The publication check was run on these very words."""
    return bool(document.scan) and document.scan.get("version") == document.version


@transaction.atomic
def approve_document(document: BriefingDocument, *, by: User, approved_on: date | None = None,
                     on_behalf_of: User | None = None) -> BriefingDocument:
    """Approve the briefing and make its .docx and PDF. Refused until the publication check has
    been run on its words and found nothing."""
    approved_on = approved_on or timezone.localdate()
    check_effective_date(approved_on, not_before=timezone.localdate(document.recorded_at),
                         what="The date it was approved", since="when this version was drafted",
                         field="approved_on")
    document = BriefingDocument.objects.select_for_update().get(pk=document.pk)
    _unapproved(document)
    if not check_stands(document):
        raise ValidationError("Run the publication check on this version first: approving "
                              "needs a check of the words as they are now.")
    found = document.scan.get("findings") or []
    if found:
        listed = "; ".join(f"“{f.get('text', '')}”" for f in found[:10])
        raise ValidationError(f"The publication check found {len(found)} thing(s) that may "
                              f"identify someone: {listed}. Replace each with its pseudonym "
                              f"or role, then run the check again.")
    sections, subtitle = sections_of(document), _subtitle(document)
    docx = documents.to_docx(DOCUMENT_TITLE, sections, subtitle=subtitle)
    pdf = documents.to_pdf(DOCUMENT_TITLE, sections, subtitle=subtitle)
    base = f"seven-minute-briefing-{document.review.uuid}-{document.number}"
    document.docx.save(f"{base}.docx", ContentFile(docx), save=False)
    document.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
    document.approved_on, document.approved_at, document.approved_by = (
        approved_on, timezone.now(), by)
    document.save()
    record("briefings.document_approved", actor=by, review=document.review,
           on_behalf_of=_on_behalf_of(on_behalf_of),
           summary=f"Approved version {document.number} of the seven-minute briefing",
           data={"document": document.pk, "docx_sha256": hashlib.sha256(docx).hexdigest(),
                 "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                 "effective_on": approved_on.isoformat()})
    return document


# --- Reflections ------------------------------------------------------------------------------

USEFUL = range(1, 6)


def may_reflect(invitation: Invitation, now: datetime | None = None) -> str:
    """Why this invitee cannot answer the reflection form now, or "" when they can."""
    now = now or timezone.now()
    meeting = invitation.meeting
    if invitation.withdrawn_at is not None or meeting.cancelled_at is not None:
        return "This session was cancelled or your invitation withdrawn."
    if meeting.ends_at > now:
        return "You can answer once the session has finished."
    if not invitation.attended:
        return "The reflection form is for those recorded as attending the session."
    if Reflection.objects.filter(invitation=invitation).exists():
        return "You have answered already: thank you."
    return ""


@transaction.atomic
def reflect(invitation: Invitation, *, by: User, will_do_differently: str,
            useful: int | None = None, answered_on: date | None = None) -> Reflection:
    """An attendee's reflection after the session, once. The agency is kept only for counts."""
    invitation = (Invitation.objects.select_for_update(of=("self",))
                  .select_related("meeting__review", "meeting__briefing", "practitioner")
                  .get(pk=invitation.pk))
    if invitation.person_id != by.pk:
        raise ValidationError("Only the person who attended can answer their reflection.")
    reason = may_reflect(invitation)
    if reason:
        raise ValidationError(reason)
    answered_on = answered_on or timezone.localdate()
    check_effective_date(answered_on, not_before=timezone.localtime(
        invitation.meeting.starts_at).date(), what="The date answered", since="the session",
        field="answered_on")
    text = will_do_differently.strip()
    if not text:
        raise ValidationError({"will_do_differently": "Say what you will do differently in your "
                                                      "practice after this briefing."})
    if useful is not None and useful not in USEFUL:
        raise ValidationError({"useful": "Choose how useful it was, from 1 (not useful) to 5 "
                                         "(very useful)."})
    agency_id: Any = (invitation.practitioner.agency_id if invitation.practitioner_id
                      and invitation.practitioner else by.agency_id)
    reflection = Reflection.objects.create(
        briefing=invitation.meeting.briefing, invitation=invitation, agency_id=agency_id,
        answered_on=answered_on, will_do_differently=text, useful=useful)
    # The audit says a reflection was given, not whose agency or what it says.
    record("briefings.reflected", actor=by, review=invitation.meeting.review,
           summary="Answered the reflection form after a briefing",
           data={"briefing": reflection.briefing_id,
                 "effective_on": answered_on.isoformat()})
    return reflection
