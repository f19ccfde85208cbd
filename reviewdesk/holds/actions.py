"""Every change this app makes, audited, with the effective date and on whose behalf.

``by`` is the signed-in person typing (the business manager); ``on_behalf_of`` the person whose
decision it is, when they have a sign-in (without it, the audit context's is used). Every date is
the day the thing happened: today or earlier, never the future.

* ``add_hold`` — publication delayed, linked to one of the review's parallel processes or
  standing alone, with why, who decided and when. The National Panel and the Secretary of State
  (through the Department for Education's address) are told at once, by pseudonym only.
* ``release_hold`` — the hold ends, once: who released it, when, and a note. A linked process
  concluding does not release it: the business manager is alerted (``alert_release``) and
  decides.
* ``record_advance_copy`` — the current final report sent to the Panel and the Secretary of
  State, its PDF attached to each notice; the earliest publication date is 7 working days after.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.holds import notices
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.parallel.actions import timeline_name
from reviewdesk.parallel.models import ParallelProcess, ProcessState
from reviewdesk.publication.models import AdvanceCopy, Hold, Publication
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review

# National guidance: the Panel and the Secretary of State have the final report at least this
# many working days before it is published.
ADVANCE_WORKING_DAYS = 7
DECIDED_BY_LENGTH = 200
# Once a report is out, a hold or an advance copy can no longer do anything.
PUBLISHED_STATES = (Publication.State.PUBLISHED, Publication.State.ON_REQUEST)


def _check_manager(review: Review, by: User) -> None:
    if not access.can(by, review, Permission.MANAGE_PUBLICATION):
        raise PermissionDenied("Only the business manager records holds on publication and the "
                               "advance copy.")


def _on_behalf_of(by: User, on_behalf_of: User | None) -> User | None:
    return audit_context.acting_for(by, on_behalf_of)


def _day(on: date) -> str:
    return f"{on:%-d %B %Y}"


def long_day(on: date) -> str:
    """Wednesday 26 May 2027: the dates the advance-copy rule is argued in."""
    return f"{on:%A %-d %B %Y}"


def process_words(process: ParallelProcess | None) -> str:
    """What a hold waits for, in the kind's own words (never an 'Other' process's free text,
    which may name someone): 'Inquest', or 'stands alone'."""
    if process is None:
        return "stands alone"
    return timeline_name(process)


def _published(review: Review) -> Publication | None:
    return review.publications.filter(state__in=PUBLISHED_STATES).first()


def _missing_addresses(review: Review) -> list[str]:
    partnership = review.partnership
    missing = []
    if not partnership.panel_email:
        missing.append("the National Panel")
    if not partnership.dfe_email:
        missing.append("the Department for Education (for the Secretary of State)")
    return missing


def _addresses_error(missing: list[str], what: str) -> str:
    return (f"Review Desk has no e-mail address for {' or '.join(missing)}, so {what} cannot be "
            "sent. Add it under Settings, 'Where notices are sent', then try again.")


@transaction.atomic
def add_hold(review: Review, *, by: User, reason: str, decided_by: str,
             decided_on: date | None = None, process: ParallelProcess | None = None,
             on_behalf_of: User | None = None) -> Hold:
    """Delay publication. The National Panel and the Secretary of State are told of the delay
    and its reason (pseudonyms only), and the notices are kept in the review's notice log."""
    _check_manager(review, by)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    reason, decided_by = (reason or "").strip(), (decided_by or "").strip()
    decided_on = decided_on or timezone.localdate()
    errors: dict[str, Any] = {}
    published = _published(review)
    if published is not None:
        raise ValidationError(
            f"The report was published on {_day(published.published_on or decided_on)}: a hold "
            "can no longer delay it. To take it off the website early, use early withdrawal.")
    if not reason:
        errors["reason"] = ("Say why publication is delayed: the National Panel and the "
                            "Secretary of State are told the reason.")
    if not decided_by:
        errors["decided_by"] = ("Say who decided to delay publication, for example the three "
                                "safeguarding partners.")
    elif len(decided_by) > DECIDED_BY_LENGTH:
        errors["decided_by"] = (f"Who decided must be {DECIDED_BY_LENGTH} characters or fewer: "
                                "a name and role, or a group, is enough.")
    try:
        check_effective_date(decided_on, what="The date it was decided", field="decided_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if process is not None and process.review_id != review.pk:
        errors["process"] = ("That process is not one of this review's: choose one of its "
                             "parallel processes, or none if the hold stands alone.")
    missing = _missing_addresses(review)
    if missing:
        errors.setdefault("__all__", []).append(
            _addresses_error(missing, "the notice of the delay"))
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    hold = Hold.objects.create(review=review, process=process, reason=reason,
                               decided_by=decided_by, decided_on=decided_on, recorded_by=by,
                               on_behalf_of=on_behalf_of)
    title = f"Publication put on hold ({process_words(process).lower()})"
    record_step("holds.hold_added", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=title, step=Step(
                    title=title, effective_on=decided_on,
                    detail="The National Panel and the Secretary of State were told of the "
                           "delay and its reason."),
                data={"hold": hold.pk, "process": process.pk if process else None,
                      "effective_on": decided_on.isoformat()})
    notices.tell_of_hold(hold, by=by)
    return hold


@transaction.atomic
def release_hold(hold: Hold, *, by: User, released_on: date | None = None, note: str = "",
                 on_behalf_of: User | None = None) -> Hold:
    """End a hold, once. Publication may go ahead when nothing else stops it."""
    review = hold.review
    _check_manager(review, by)
    hold = Hold.objects.select_for_update(of=("self",)).get(pk=hold.pk)
    released_on = released_on or timezone.localdate()
    if not hold.in_force:
        raise ValidationError(
            f"The hold decided on {_day(hold.decided_on)} ({process_words(hold.process)}) was "
            f"already released on {_day(hold.released_on or released_on)}: a hold is released "
            "once. The holds page shows those still in force.")
    errors: dict[str, Any] = {}
    try:
        check_effective_date(released_on, not_before=hold.decided_on,
                             what="The date it was released",
                             since="when the hold was decided", field="released_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    hold.released_on, hold.released_at, hold.released_by = (released_on, timezone.now(), by)
    hold.released_on_behalf_of, hold.release_note = on_behalf_of, (note or "").strip()
    hold.save(update_fields=["released_on", "released_at", "released_by",
                             "released_on_behalf_of", "release_note"])
    title = f"The hold on publication decided on {_day(hold.decided_on)} was released"
    record_step("holds.hold_released", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=title, step=Step(title=title, effective_on=released_on),
                data={"hold": hold.pk, "effective_on": released_on.isoformat()})
    return hold


@transaction.atomic
def alert_release(hold: Hold, *, today: date) -> Hold | None:
    """The hold's process has concluded: the business manager is told, once, to consider
    releasing it (the hold stays in force until they do). None when there is nothing to do."""
    hold = Hold.objects.select_for_update(of=("self",)).select_related(
        "review__partnership", "process").get(pk=hold.pk)
    if (not hold.in_force or hold.release_alerted_on is not None or hold.process is None
            or hold.process.state != ProcessState.CONCLUDED):
        return None
    hold.release_alerted_on = today
    hold.save(update_fields=["release_alerted_on"])
    record("holds.release_alerted", review=hold.review,
           summary="Told the business unit a hold's process has concluded",
           data={"hold": hold.pk, "process": hold.process_id,
                 "effective_on": today.isoformat()})
    notices.alert_business_unit(hold)
    return hold


@transaction.atomic
def record_advance_copy(review: Review, *, by: User, sent_on: date | None = None,
                        on_behalf_of: User | None = None) -> AdvanceCopy:
    """The current final report goes to the National Panel and the Secretary of State (its PDF
    attached to each notice); the earliest publication date is 7 working days after
    ``sent_on``, counted with England's bank holidays, and kept."""
    _check_manager(review, by)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    sent_on = sent_on or timezone.localdate()
    final = current_final_report(review)
    if final is None:
        raise ValidationError("There is no final report yet: the advance copy is the final "
                              "report's PDF. Make the final report first, then record it.")
    published = _published(review)
    if published is not None:
        raise ValidationError(
            f"The report was published on {_day(published.published_on or sent_on)}: an advance "
            "copy can only go before publication.")
    already = AdvanceCopy.objects.filter(review=review, final_report=final).first()
    if already is not None:
        raise ValidationError(
            f"The advance copy of this final report (version {final.version.number}) already "
            f"went on {_day(already.sent_on)}. A new advance copy is needed only when a newer "
            "final report is made.")
    errors: dict[str, Any] = {}
    try:
        check_effective_date(sent_on, not_before=final.produced_on,
                             what="The date it was sent",
                             since="when the final report was made", field="sent_on")
    except ValidationError as exc:
        exc.update_error_dict(errors)
    missing = _missing_addresses(review)
    if missing:
        errors.setdefault("__all__", []).append(_addresses_error(missing, "the advance copy"))
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    earliest = add_working_days(sent_on, ADVANCE_WORKING_DAYS)
    copy = AdvanceCopy.objects.create(review=review, final_report=final, sent_on=sent_on,
                                      earliest_publication_on=earliest, recorded_by=by,
                                      on_behalf_of=on_behalf_of)
    title = ("The final report went to the National Panel and the Secretary of State in "
             "advance of publication")
    record_step("holds.advance_copy_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Sent the advance copy of the final report (version "
                        f"{final.version.number})",
                step=Step(title=title, effective_on=sent_on,
                          detail=f"The earliest publication date is {long_day(earliest)}."),
                data={"advance_copy": copy.pk, "final_report": final.pk,
                      "earliest_publication_on": earliest.isoformat(),
                      "effective_on": sent_on.isoformat()})
    notices.send_advance_copy(copy, by=by)
    return copy
