"""Every change to an agency's chronology, and the reviewer's decisions on its entries: one
transaction each, with its audit row (and a step on the review's timeline where the review's
history should show it).

Two ways in, one set of rules:

* the data team's command calls ``import_file``: read, check and, when nothing stands in the
  way, accept, in one call;
* the pages call ``upload_submission`` (the file is kept and checked in the background by
  ``tasks.check_submission``), then ``change_mapping`` if a column was
  misread, then ``accept_submission`` (every error row excluded with a reason) or
  ``withdraw_submission``.

Rules every path keeps:

* All or nothing: a submission, its entries, its excluded rows, the superseding of the
  previous version and the audit row are written in one transaction, or not at all. A file with
  errors is never half-saved: its error rows are either fixed in the file or excluded explicitly.
* Nothing is silently dropped: a row whose only content is in columns that are not imported is
  an error row too (it has no date and no event), so it is fixed, mapped or excluded openly.
* One accepted submission per agency: accepting a new one marks the previous one SUPERSEDED
  (its entries kept); a new upload or import withdraws the agency's upload still waiting to be
  accepted (kept, WITHDRAWN), so an agency has at most one submission in progress.
* Audit rows hold ids and counts only: never a file's name (files are often named after the
  child), a cell's text, an exclusion's reason, a changed value, or a reviewer's note.

Reading and checking are in ``checking``, the rows and files stored in ``storage``, where each
agency stands in ``status``.
"""

import dataclasses
import logging
import pathlib
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.services import record
from reviewdesk.chronology.checking import (
    BROWSER_LABEL,
    CheckResult,
    check_failed,
    check_file,
    check_typed,
    entry_values,
    normalise_mapping,
    read_columns,
    read_file,
)
from reviewdesk.chronology.merge import sort_key
from reviewdesk.chronology.models import DuplicateDecision, Entry, Significance, Submission
from reviewdesk.chronology.status import (
    CLOSED_STAGES,
    PENDING,
    agencies_in_scope,
    author_of,
    draft_of,
    settled_message,
)
from reviewdesk.chronology.storage import (
    check_data,
    copy_entries,
    discard_file,
    new_entry,
    save_file,
    store_check,
    store_counts,
    store_entries,
    stored_bytes,
)
from reviewdesk.chronology.tasks import (
    check_submission,
    request_duplicates_refresh,
    request_rebuild,
)
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.lib.chronology_files.columns import COLUMN_KEYS
from reviewdesk.lib.chronology_files.table import SourceTable
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.versioning import UNCHECKED, claim, refuse_if_stale

logger = logging.getLogger(__name__)

COMMAND_REASON = "Excluded by the data team's import (--exclude-error-rows)"


# --- What every change checks first -----------------------------------------------------------

def _require_open(review: Review) -> None:
    if review.stage in CLOSED_STAGES:
        raise ValidationError(f"This review is at {review.get_stage_display().lower()}: its "
                              "agencies' chronologies can no longer be changed.")


def _require_in_scope(review: Review, agency: Agency) -> None:
    if not ChronologyAuthor.objects.filter(review=review, agency=agency).exists():
        names = ", ".join(a.name for a in agencies_in_scope(review)) or "none yet"
        raise ValidationError({"agency": f"{agency.name} has no named chronology author on "
                                         f"{review.reference}, so it has no chronology to send. "
                                         f"Agencies with an author: {names}."})


def _require_not_settled(review: Review, agency: Agency) -> Submission | None:
    """Refuse a change to a settled chronology; the accepted (reopened) version, if any."""
    current = (Submission.objects.filter(review=review, agency=agency,
                                         status=Submission.Status.ACCEPTED)
               .select_related("agency").first())
    if current is not None and current.reopened_at is None:
        raise ValidationError(settled_message(current))
    return current


def check_received_on(review: Review, agency: Agency, received_on: date, *,
                      field: str | None = "received_on") -> None:
    """Never in the future, never before the agency's author was named (the chronology was
    requested), nor, once the chronology was reopened, before it was reopened."""
    author = author_of(review, agency)
    not_before, since = (author.named_on, "when the agency's chronology author was named") \
        if author else (None, "")
    current = Submission.objects.filter(review=review, agency=agency,
                                        status=Submission.Status.ACCEPTED).first()
    if current is not None and current.reopened_on and (
            not_before is None or current.reopened_on > not_before):
        not_before, since = current.reopened_on, "when the chronology was reopened"
    check_effective_date(received_on, not_before=not_before, since=since, field=field,
                         what="The date the chronology was received")


def received_date(by: User, review: Review, agency: Agency, received_on: date | None) -> date:
    """The day a chronology sent or recorded by ``by`` was received. An agency's author sends
    their own chronology today, whatever date is passed: they may not back-date it (as the rapid
    review's named contact may not back-date a summary). The business manager or a lead reviewer
    (``Permission.ACCEPT_CHRONOLOGY``), recording one that came by e-mail or on paper, gives the
    day it came (today if none). Checked by ``check_received_on``."""
    if received_on is None or not access.can(by, review, access.Permission.ACCEPT_CHRONOLOGY):
        received_on = timezone.localdate()
    check_received_on(review, agency, received_on)
    return received_on


# --- Accepting: the one path every accepted file takes ------------------------------------------

def _kind_of(table: SourceTable) -> str:
    return Submission.Kind(table.kind).value


def _locked(review: Review) -> Review:
    """The review as stored, locked: two submissions for one review are numbered in turn."""
    return Review.objects.select_for_update().get(pk=review.pk)


def _new_version(review: Review, agency: Agency) -> tuple[int, list[int]]:
    """Inside the caller's transaction (the review locked): the agency's next version number,
    and its upload still waiting to be accepted, now withdrawn (kept): a new file replaces it."""
    known = list(Submission.objects.filter(review=review, agency=agency).order_by()
                 .values_list("pk", "status", "version"))
    pending = [pk for pk, status, _ in known if status in PENDING]
    if pending:
        Submission.objects.filter(pk__in=pending).update(status=Submission.Status.WITHDRAWN)
    return max((v for *_, v in known), default=0) + 1, pending


def _supersede(review: Review, agency: Agency, *, keep: Submission | None = None) -> int | None:
    """Mark the agency's accepted submission as an earlier version (its entries stay)."""
    current = Submission.objects.filter(review=review, agency=agency,
                                        status=Submission.Status.ACCEPTED)
    if keep is not None and keep.pk is not None:
        current = current.exclude(pk=keep.pk)
    previous = current.order_by().values_list("pk", flat=True).first()
    if previous is not None:
        Submission.objects.filter(pk=previous).update(status=Submission.Status.SUPERSEDED)
    return previous


def _mark_accepted(submission: Submission, *, by: User | None, accepted_on: date) -> int | None:
    """Inside the caller's transaction: supersede the previous version (a reopened one: this
    version revises it) and mark this one accepted on ``accepted_on``. Not saved."""
    current = Submission.objects.filter(review=submission.review, agency=submission.agency,
                                        status=Submission.Status.ACCEPTED).exclude(
        pk=submission.pk).first()
    if current is not None and current.reopened_at is not None and not submission.revises_id:
        submission.revises = current
    previous = _supersede(submission.review, submission.agency, keep=submission)
    submission.status = Submission.Status.ACCEPTED
    submission.accepted_by, submission.accepted_at = by, timezone.now()
    submission.accepted_on = accepted_on
    # Its entries' anonymised search text, and the review's likely duplicates, are worked out
    # in the background once this is committed.
    transaction.on_commit(partial(request_rebuild, submission.review_id))
    transaction.on_commit(partial(request_duplicates_refresh, submission.review_id))
    return previous


def _accept(submission: Submission, result: CheckResult, *, by: User | None,
            exclusions: dict[str, str], accepted_on: date) -> tuple[int, int, int | None]:
    """Inside the caller's transaction: supersede the previous version, then store this one's
    entries and exclusions and mark it accepted. (In that order: one accepted per agency.)"""
    previous = _mark_accepted(submission, by=by, accepted_on=accepted_on)
    store_counts(submission, result)
    submission.progress = 100
    submission.save()
    imported, excluded = store_entries(submission, result, by=by, exclusions=exclusions)
    return imported, excluded, previous


def _check_accepted_on(submission: Submission, accepted_on: date | None) -> date:
    accepted_on = accepted_on or timezone.localdate()
    check_effective_date(accepted_on, not_before=submission.received_on,
                         what="The date it was accepted", field="accepted_on",
                         since="the day this version was received")
    return accepted_on


def _step(submission: Submission, title: str, effective_on: date, detail: str = "") -> Step:
    """The review's timeline step for something done to an agency's chronology."""
    return Step(f"{title}: {submission.agency.name}, version {submission.version}",
                effective_on, detail=detail)


def _check_exclusions(result: CheckResult, exclusions: dict[str, str]) -> None:
    """Every error row excluded with a reason, and nothing else excluded, or ValidationError."""
    if result.file_errors:
        raise ValidationError(
            ["The file cannot be accepted: " + " ".join(p.message for p in result.file_errors)])
    error_refs = {r.ref for r in result.error_rows}
    missing = [r for r in result.error_rows if not (exclusions.get(r.ref) or "").strip()]
    not_errors = [ref for ref in exclusions if ref not in error_refs]
    messages = []
    if missing:
        listed = "; ".join(f"{r.label} ({', '.join(sorted({p.code for p in r.errors}))})"
                           for r in missing)
        messages.append(f"Give a reason for leaving out each row with errors, or correct the "
                        f"file and upload it again. Still to exclude ({len(missing)}): {listed}.")
    if not_errors:
        labels = {r.ref: r.label for r in result.rows}
        listed = ", ".join(labels.get(ref, f"row {ref}") for ref in not_errors)
        messages.append(f"Only rows with errors can be left out; these have none: {listed}. "
                        "Check the file was not changed since it was checked.")
    if messages:
        raise ValidationError(messages)


@dataclasses.dataclass
class ImportOutcome:
    result: CheckResult
    submission: Submission | None
    imported: int
    excluded: int
    refused: bool
    superseded: int | None = None  # the previous accepted submission's id, if any


def import_file(review: Review, agency: Agency, data: bytes, filename: str, *, by: User | None,
                via: str = Submission.Via.COMMAND, mapping: dict | None = None,
                default_source: str = "", exclude_error_rows: bool = False,
                exclusion_reason: str = "", dry_run: bool = False,
                received_on: date | None = None,
                accepted_on: date | None = None) -> ImportOutcome:
    """Read, check and accept a file in one call (the data team's command).

    Refused (nothing saved) when the file has errors that cannot be excluded (a file-wide error)
    or has error rows and ``exclude_error_rows`` is off. Otherwise, unless ``dry_run``: the file
    is stored, an accepted submission (the agency's next version) holds its entries, each error
    row is an ExcludedRow with its codes and ``exclusion_reason``, the previous accepted version
    is superseded, and one audit row records the counts. ``by`` is None for the command.

    The business unit's data team imports on the business manager's behalf, so the file is
    accepted at once: received on ``received_on`` and accepted on ``accepted_on`` (both today
    unless given). A settled (accepted, not reopened) chronology is never replaced."""
    _require_open(review)
    _require_in_scope(review, agency)
    _require_not_settled(review, agency)
    received_on = received_on or timezone.localdate()
    check_received_on(review, agency, received_on)
    accepted_on = accepted_on or timezone.localdate()
    check_effective_date(accepted_on, not_before=received_on, what="The date it was accepted",
                         field="accepted_on", since="the day it was received")
    if exclude_error_rows and not exclusion_reason.strip():
        raise ValidationError({"exclusion_reason": "Say why the rows with errors are left out."})
    result = check_file(review, data, filename, mapping=mapping, default_source=default_source,
                        agency_name=agency.name)
    refused = bool(result.file_errors) or (bool(result.error_rows) and not exclude_error_rows)
    imported, excluded = len(result.clean_rows), len(result.error_rows)
    if refused:
        return ImportOutcome(result, None, 0, 0, True)
    if dry_run:
        return ImportOutcome(result, None, imported, excluded, False)
    exclusions = {r.ref: exclusion_reason for r in result.error_rows}
    submission = Submission(
        review=review, agency=agency, via=via, submitted_by=by,
        original_filename=pathlib.PurePath(filename).name[-255:], kind=_kind_of(result.table),
        size=len(data), sheet=result.table.sheet[:100], headings=result.table.headers,
        mapping=result.mapping, default_source=result.default_source.strip()[:300],
        received_on=received_on)
    try:
        with transaction.atomic():
            _locked(review)
            _require_not_settled(review, agency)
            submission.version, withdrawn = _new_version(review, agency)
            save_file(submission, data)
            imported, excluded, previous = _accept(submission, result, by=by,
                                                   exclusions=exclusions, accepted_on=accepted_on)
            summary = (f"Imported version {submission.version} of an agency's chronology"
                       + (" (import_chronology command)" if by is None else ""))
            data = {"submission": submission.pk, "agency": agency.pk, "via": via,
                    "by_command": by is None, "version": submission.version,
                    "kind": submission.kind, "size": submission.size, "entries": imported,
                    "excluded": excluded, "warnings": submission.warning_count,
                    "superseded": previous, "withdrawn": withdrawn,
                    "received_on": received_on.isoformat(),
                    "accepted_on": accepted_on.isoformat(), "revises": submission.revises_id}
            if by is None:
                # The data team's command: Review Desk's own work (its audit context), with no
                # person to show on the review's timeline.
                record("chronology.file_imported", review=review, summary=summary, data=data)
            else:
                record_step("chronology.file_imported", review=review, by=by, summary=summary,
                            step=[_step(submission, "Chronology received", received_on),
                                  _step(submission, "Chronology accepted", accepted_on)],
                            data=data)
    except BaseException:
        discard_file(submission)
        raise
    return ImportOutcome(result, submission, imported, excluded, False, previous)


# --- The pages' path: upload, check in the background, correct, accept ---------------------------

def upload_submission(review: Review, agency: Agency, *, by: User, data: bytes, filename: str,
                      received_on: date | None = None) -> Submission:
    """Keep an uploaded file as the agency's next version and check it in the background.

    The file is read now (FileRefused, nothing saved, if it cannot be taken), so a refusal is
    shown on the upload form; the checks run in the background task, which saves its progress.
    The agency's earlier upload still waiting to be accepted is withdrawn (kept). Received
    today, or on ``received_on`` when the business manager or a lead reviewer uploads, on the
    author's behalf, a file received days ago (``received_date``: an author's own upload is
    always received today). Refused once the chronology is settled."""
    _require_open(review)
    _require_in_scope(review, agency)
    _require_not_settled(review, agency)
    received_on = received_date(by, review, agency, received_on)
    table = read_file(data, filename)  # outside the transaction: reading can take a moment
    submission = Submission(
        review=review, agency=agency, via=Submission.Via.UPLOAD, submitted_by=by,
        original_filename=pathlib.PurePath(filename).name[-255:], kind=_kind_of(table),
        size=len(data), sheet=table.sheet[:100], headings=table.headers,
        # Read as the check will read it (headings, then cells), so the page shows the same
        # columns while the check runs.
        mapping=normalise_mapping(read_columns(table)[0], table.headers),
        status=Submission.Status.CHECKING, rows_total=len(table.rows), received_on=received_on)
    try:
        with transaction.atomic():
            _locked(review)
            current = _require_not_settled(review, agency)
            submission.revises = current  # reopened: this file changes the accepted version
            submission.version, withdrawn = _new_version(review, agency)
            save_file(submission, data)
            submission.save()
            record_step("chronology.file_uploaded", review=review, by=by,
                        summary=f"Uploaded version {submission.version} of an agency's "
                                "chronology",
                        step=_step(submission, "Chronology received", received_on),
                        data={"submission": submission.pk, "agency": agency.pk,
                              "version": submission.version, "kind": submission.kind,
                              "size": submission.size, "rows": submission.rows_total,
                              "withdrawn": withdrawn, "received_on": received_on.isoformat(),
                              "revises": submission.revises_id})
            transaction.on_commit(partial(check_submission.enqueue, submission.pk))
    except BaseException:
        discard_file(submission)
        raise
    return submission


def retry_check(submission: Submission, *, by: User) -> Submission:
    """Check the stored file again after a check that stopped before it finished, from the
    start, with the same automatic second chance the first check had."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not check_failed(locked):
            raise ValidationError(f"The check of version {locked.version} has not failed, so "
                                  "there is nothing to retry.")
        _require_open(submission.review)
        failed_after = locked.attempts
        locked.status, locked.progress, locked.problems = Submission.Status.CHECKING, 0, []
        locked.error_count = locked.warning_count = 0
        locked.attempts, locked.lease_expires_at = 0, None
        locked.save(update_fields=["status", "progress", "problems", "error_count",
                                   "warning_count", "attempts", "lease_expires_at"])
        record("chronology.file_check_retried", actor=by, review=submission.review,
               summary=f"Retried the check of version {locked.version} of an agency's "
                       "chronology",
               data={"submission": locked.pk, "agency": locked.agency_id,
                     "failed_after_attempts": failed_after})
        transaction.on_commit(partial(check_submission.enqueue, locked.pk))
    _copy(locked, submission)
    return submission


def _require_status(submission: Submission, allowed: tuple[str, ...], doing: str) -> None:
    if submission.status not in allowed:
        raise ValidationError(f"Version {submission.version} is "
                              f"{submission.get_status_display().lower()}: it cannot be {doing}.")


def change_mapping(submission: Submission, mapping: dict, default_source: str, *, by: User,
                   version: int | None = UNCHECKED) -> Submission:
    """Say which of the file's columns holds each of ours, and check the file again with it.

    Only before the submission is accepted, and once its first check has finished; from the
    edit ``version`` the page showed, else refused (``StaleEdit``, decision 0023). The audit
    row names the columns whose mapping changed, never the headings or the source typed."""
    stored = _fresh(submission)
    thing = "the columns chosen for this file"
    name_of = Names(submission.review, by).user
    refuse_if_stale(stored, version, thing=thing, name_of=name_of)  # before reading the file
    if stored.status == Submission.Status.CHECKING:
        raise ValidationError("The file is still being checked: choose its columns once the "
                              "check has finished.")
    _require_status(stored, (Submission.Status.PROBLEMS, Submission.Status.READY), "changed")
    if stored.kind == Submission.Kind.BROWSER:
        raise ValidationError("Entries typed in Review Desk have no file columns to choose.")
    mapping = normalise_mapping(mapping, stored.headings, require=True)
    default_source = (default_source or "").strip()
    if len(default_source) > 300:
        raise ValidationError({"default_source": "Keep the source of information to 300 "
                                                 "characters or fewer."})
    review = submission.review
    _require_open(review)
    result = check_file(review, stored_bytes(stored), stored.original_filename,
                        mapping=mapping, default_source=default_source,
                        agency_name=stored.agency.name)
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        claim(locked, version, thing=thing, by=by, name_of=name_of)
        _require_status(locked, (Submission.Status.PROBLEMS, Submission.Status.READY), "changed")
        old = {k: (locked.mapping or {}).get(k) for k in COLUMN_KEYS}
        changed = [k for k in COLUMN_KEYS if old[k] != mapping[k]]
        source_changed = locked.default_source != default_source
        locked.default_source = default_source
        store_check(locked, result)
        record("chronology.mapping_changed", actor=by, review=review,
               summary=f"Changed how version {locked.version} of an agency's chronology is read",
               data={**check_data(locked), "columns": changed,
                     "default_source_changed": source_changed})
    _copy(locked, submission)
    return submission


def _fresh(submission: Submission) -> Submission:
    """The submission as stored now: a page may hold an object from before its check ended."""
    return Submission.objects.get(pk=submission.pk)


def _copy(source: Submission | Entry, target: Submission | Entry) -> None:
    """Bring the caller's object up to date with what was saved."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def accept_submission(submission: Submission, *, by: User,
                      exclusions: dict[str, str] | None = None,
                      accepted_on: date | None = None) -> Submission:
    """Accept a checked version as the agency's chronology, on ``accepted_on`` (today unless
    given; never in the future or before the version was received). The business manager's or
    a lead reviewer's decision (``Permission.ACCEPT_CHRONOLOGY``); a settled chronology must be
    reopened first.

    A file is read again with the stored mapping. A file with error rows is accepted only with
    EVERY error row in ``exclusions`` (row ref -> reason, none blank), and nothing but error rows
    there; a file-wide error cannot be excluded. Then, as ``import_file``: entries, excluded rows
    (codes, reason, who), the previous version superseded, one audit row, a timeline step.
    A version typed in Review Desk already holds its entries: it is marked accepted."""
    exclusions = dict(exclusions or {})
    stored = _fresh(submission)
    _require_status(stored, (Submission.Status.PROBLEMS, Submission.Status.READY), "accepted")
    review = submission.review
    if not access.can(by, review, access.Permission.ACCEPT_CHRONOLOGY):
        raise PermissionDenied("Only the business manager or the review's lead reviewer may "
                               "accept an agency's chronology.")
    _require_open(review)
    _require_in_scope(review, submission.agency)
    _require_sent(stored)
    accepted_on = _check_accepted_on(stored, accepted_on)
    browser = stored.kind == Submission.Kind.BROWSER
    result = None
    if browser:
        if exclusions:
            raise ValidationError("Entries typed in Review Desk have no rows to leave out.")
        if not stored.entries.exists():
            raise ValidationError(f"Version {stored.version} has no entries yet: add them, "
                                  "then accept it.")
    else:
        result = check_file(review, stored_bytes(stored), stored.original_filename,
                            mapping=stored.mapping, default_source=stored.default_source,
                            agency_name=stored.agency.name)
        _check_exclusions(result, exclusions)
    with transaction.atomic():
        _locked(review)
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        _require_status(locked, (Submission.Status.PROBLEMS, Submission.Status.READY),
                        "accepted")
        if locked.mapping != stored.mapping or locked.default_source != stored.default_source:
            raise ValidationError("How the file's columns are read changed while you were "
                                  "looking at it. Check the problems again, then accept it.")
        locked.review, locked.agency = review, submission.agency
        _require_not_settled(review, locked.agency)
        _require_sent(locked)
        if browser:
            previous = _mark_accepted(locked, by=by, accepted_on=accepted_on)
            locked.save()
            imported, excluded = locked.entries.count(), 0
        else:
            imported, excluded, previous = _accept(locked, result, by=by, exclusions=exclusions,
                                                   accepted_on=accepted_on)
        record_step("chronology.submission_accepted", review=review, by=by,
                    summary=f"Accepted version {locked.version} of an agency's chronology",
                    step=_step(locked, "Chronology accepted", accepted_on),
                    data={"submission": locked.pk, "agency": locked.agency_id,
                          "version": locked.version, "entries": imported,
                          "excluded": excluded, "warnings": locked.warning_count,
                          "superseded": previous, "revises": locked.revises_id,
                          "accepted_on": accepted_on.isoformat()})
    _copy(locked, submission)
    return submission


@transaction.atomic
def reopen_chronology(review: Review, agency: Agency, *, by: User, reason: str,
                      reopened_on: date | None = None) -> Submission:
    """The business manager reopens an agency's accepted chronology, saying why, on
    ``reopened_on`` (today unless given; not before it was accepted). The accepted version stays
    the agency's chronology, read-only, until a new one is accepted; the changes are made in a
    new version typed in Review Desk, which starts as a copy of the accepted entries (or in a
    corrected file uploaded instead). Returns that new version."""
    if not access.can(by, review, access.Permission.REOPEN_CHRONOLOGY):
        raise PermissionDenied("Only the business manager may reopen an accepted chronology.")
    _require_open(review)
    _locked(review)
    current = (Submission.objects.select_for_update()
               .filter(review=review, agency=agency, status=Submission.Status.ACCEPTED).first())
    if current is None:
        raise ValidationError(f"{agency.name}'s chronology has not been accepted: there is "
                              "nothing to reopen, and its author can still change it.")
    if current.reopened_at is not None:
        raise ValidationError(f"{agency.name}'s chronology was already reopened on "
                              f"{current.reopened_on:%-d %B %Y}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the chronology is reopened: the author and "
                                         "whoever accepts it again will read it."})
    reopened_on = reopened_on or timezone.localdate()
    check_effective_date(reopened_on, not_before=current.accepted_on, field="reopened_on",
                         what="The date it was reopened", since="the day it was accepted")
    current.reopened_by, current.reopened_on, current.reopen_reason = by, reopened_on, reason
    current.reopened_at = timezone.now()
    current.save(update_fields=["reopened_by", "reopened_on", "reopen_reason", "reopened_at"])
    current.agency = agency
    draft = _start_browser_version(current.review, agency, by=by, revises=current)
    # The reason is kept on the version and the timeline; the audit row holds ids only.
    record_step("chronology.reopened", review=review, by=by,
                summary=f"Reopened version {current.version} of an agency's chronology",
                step=_step(current, "Chronology reopened", reopened_on, detail=reason),
                data={"submission": current.pk, "agency": agency.pk,
                      "version": current.version, "reopened_on": reopened_on.isoformat(),
                      "new_version": draft.version, "new_submission": draft.pk})
    return draft


@transaction.atomic
def withdraw_submission(submission: Submission, *, by: User) -> Submission:
    """An upload the author replaces or abandons: kept, marked as not used."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    _require_status(locked, PENDING, "withdrawn")
    locked.status = Submission.Status.WITHDRAWN
    locked.save(update_fields=["status"])
    record("chronology.submission_withdrawn", actor=by, review=submission.review,
           summary=f"Withdrew version {locked.version} of an agency's chronology",
           data={"submission": locked.pk, "agency": locked.agency_id,
                 "version": locked.version})
    _copy(locked, submission)
    return submission


# --- Entries typed in Review Desk -----------------------------------------------------------------

def _start_browser_version(review: Review, agency: Agency, *, by: User,
                           revises: Submission | None = None) -> Submission:
    """Inside the caller's transaction (the review locked): a new version typed in Review Desk,
    a draft (not received) until it is sent (``send_chronology``). After reopening it starts as
    a copy of the accepted entries, each knowing the entry it was copied from (so the comparison
    can say what changed)."""
    draft = Submission.objects.create(
        review=review, agency=agency, version=_new_version(review, agency)[0],
        via=Submission.Via.BROWSER, submitted_by=by, kind=Submission.Kind.BROWSER,
        status=Submission.Status.READY, progress=100, received_on=None, revises=revises)
    if revises is not None:
        copied, warnings = copy_entries(revises, draft)
        Submission.objects.filter(pk=draft.pk).update(rows_total=copied, warning_count=warnings)
        draft.rows_total = copied
    return draft


def add_entry(review: Review, agency: Agency, *, by: User, values: dict[str, Any]) -> Entry:
    """An entry typed in Review Desk, checked like a file's row (warnings kept on it). It goes
    into the agency's version being typed (a new draft if there is none). A draft is not
    received: its author sends it when every entry is in (``send_chronology``), and the business
    manager or a lead reviewer then accepts it. An author's entry added to a version already sent
    makes it a draft again, to be sent again. Refused once the chronology is settled, or while an
    uploaded file waits to be accepted."""
    _require_open(review)
    _require_in_scope(review, agency)
    _require_not_settled(review, agency)
    row = check_typed(review, values, label=BROWSER_LABEL)
    with transaction.atomic():
        _locked(review)
        current = _require_not_settled(review, agency)
        submission = draft_of(review, agency)
        created = submission is None
        if created:
            waiting = Submission.objects.filter(review=review, agency=agency,
                                                status__in=PENDING).first()
            if waiting is not None:
                raise ValidationError(
                    f"Version {waiting.version}, an uploaded file, is waiting to be accepted. "
                    "Add the entry to the file and upload it again, or choose not to use that "
                    "file, then add entries here.")
            submission = _start_browser_version(review, agency, by=by, revises=current)
            submission.agency = agency
        unsent = _back_to_draft(submission, by=by)
        last = submission.entries.order_by().aggregate(n=Max("position"))["n"]
        position = 0 if last is None else last + 1
        entry = new_entry(submission, dataclasses.replace(row, position=position))
        entry.row_ref, entry.row_label = "", BROWSER_LABEL
        entry.save()
        Submission.objects.filter(pk=submission.pk).update(
            rows_total=submission.entries.count(),
            warning_count=submission.warning_count + len(entry.warnings))
        # The first entry of a new version starts it, on the review's timeline too.
        record_step("chronology.entry_added", review=review, by=by,
                    summary="Added an entry to an agency's chronology",
                    step=[_step(submission, "Chronology started in Review Desk",
                                timezone.localdate())] if created else [],
                    data={"entry": entry.pk, "submission": submission.pk, "agency": agency.pk,
                          "new_version": created, "warnings": len(entry.warnings),
                          "back_to_draft": unsent})
    return entry


def _back_to_draft(submission: Submission, *, by: User) -> bool:
    """Inside the caller's transaction: an author's change to a version already sent (and not
    yet accepted) makes it a draft again, received when it is sent again; otherwise a single
    entry sent before the due date would make a chronology finished weeks later "on time". The
    business manager or a lead reviewer correcting it leaves its received date alone. True when
    it became a draft again."""
    if submission.received_on is None or access.can(by, submission.review,
                                                     access.Permission.ACCEPT_CHRONOLOGY):
        return False
    Submission.objects.filter(pk=submission.pk).update(received_on=None)
    submission.received_on = None
    return True


def _require_sent(submission: Submission) -> None:
    if submission.received_on is None:
        raise ValidationError(f"Version {submission.version} is a draft that has not been sent: "
                              "it is received, and can be accepted, once it is sent.")


def send_chronology(review: Review, agency: Agency, *, by: User,
                    received_on: date | None = None) -> Submission:
    """Send the agency's draft typed in Review Desk: from now on it is received (lateness,
    reminders and escalations count it) and waits to be accepted. Received today when the
    author sends it, whatever date is passed; the business manager or a lead reviewer recording a
    chronology that came another way gives the day it came (``received_date``). A draft made
    when the chronology was reopened is received when it is sent again. Audited, and a
    "Chronology received" step on the review's timeline on the day received."""
    _require_open(review)
    _require_in_scope(review, agency)
    if not access.may_submit_chronology(by, review, agency):
        raise PermissionDenied("Only the business manager and the agency's chronology author "
                               "may send its chronology.")
    _require_not_settled(review, agency)
    received_on = received_date(by, review, agency, received_on)
    with transaction.atomic():
        _locked(review)
        _require_not_settled(review, agency)
        draft = (Submission.objects.select_for_update()
                 .filter(review=review, agency=agency, kind=Submission.Kind.BROWSER,
                         status__in=PENDING).order_by("-version").first())
        if draft is None:
            raise ValidationError(f"{agency.name} has no chronology typed in Review Desk to "
                                  "send: add its entries first.")
        if draft.received_on is not None:
            raise ValidationError(f"Version {draft.version} was already sent: it was received on "
                                  f"{draft.received_on:%-d %B %Y} and waits to be accepted.")
        entries = draft.entries.count()
        if not entries:
            raise ValidationError(f"Version {draft.version} has no entries yet: add them, then "
                                  "send it.")
        draft.received_on = received_on
        draft.save(update_fields=["received_on"])
        draft.review, draft.agency = review, agency
        record_step("chronology.sent", review=review, by=by,
                    summary=f"Sent version {draft.version} of an agency's chronology",
                    step=_step(draft, "Chronology received", received_on),
                    data={"submission": draft.pk, "agency": agency.pk,
                          "version": draft.version, "entries": entries,
                          "received_on": received_on.isoformat(), "revises": draft.revises_id})
    return draft


EDITABLE = ["date", "precision", "uncertain", "time", "sequence", "source", "role", "event",
            "action", "analysis"]


def require_changeable(entry: Entry) -> None:
    """Only entries of a version being typed and not yet accepted change. An accepted version is
    settled (reopening makes a copy to change); earlier versions are kept as they were."""
    submission = entry.submission
    if submission.status == Submission.Status.ACCEPTED:
        raise ValidationError(settled_message(submission))
    if submission.kind != Submission.Kind.BROWSER or submission.status not in PENDING:
        raise ValidationError("Only entries of the version being written can be changed; this "
                              f"one is in version {submission.version}, kept as it was.")


def edit_entry(entry: Entry, *, by: User, values: dict[str, Any],
               version: int | None = UNCHECKED) -> Entry:
    """Change an entry of the version being typed (not yet accepted), checked as when it was
    added. A key left out of ``values`` keeps its value. The audit row names the fields changed,
    never the values (they are the family's story).

    ``version`` is the entry's version the edit page showed: a save made from an older one is
    refused (``StaleEdit``, decision 0023) and changes nothing."""
    review = entry.review
    _require_open(review)
    require_changeable(Entry.objects.select_related("submission__agency").get(pk=entry.pk))
    typed = entry_values(entry) | {k: v for k, v in values.items()}
    row = check_typed(review, typed, label=entry.row_label or BROWSER_LABEL)
    with transaction.atomic():
        locked = (Entry.objects.select_for_update().select_related("submission__agency")
                  .get(pk=entry.pk))
        require_changeable(locked)
        claim(locked, version, thing="this entry", by=by, name_of=Names(review, by).user)
        new = new_entry(locked.submission, dataclasses.replace(row, ref=locked.row_ref,
                                                            label=locked.row_label,
                                                            position=locked.position))
        changed = [f for f in EDITABLE if getattr(locked, f) != getattr(new, f)]
        for name in [*EDITABLE, "warnings"]:
            setattr(locked, name, getattr(new, name))
        if changed:
            locked.edited_by, locked.edited_at = by, timezone.now()
        locked.save()
        if changed:
            unsent = _back_to_draft(locked.submission, by=by)
            record("chronology.entry_changed", actor=by, review=review,
                   summary="Changed an entry in an agency's chronology",
                   data={"entry": locked.pk, "submission": locked.submission_id,
                         "agency": locked.agency_id, "fields": changed,
                         "warnings": len(locked.warnings), "back_to_draft": unsent})
    _copy(locked, entry)
    return entry


# --- Entries the reviewer marks as significant (the key practice episodes, each with a note) -----
# The audit rows hold ids and whether the note changed, never the note: it is the reviewer's
# analysis of the family's story.

def _current_entry(review: Review, entry: Entry) -> Entry:
    found = (Entry.objects.select_for_update()
             .filter(pk=entry.pk, review=review, submission__status=Submission.Status.ACCEPTED)
             .first())
    if found is None:
        raise ValidationError("Only entries of this review's current chronology can be marked.")
    return found


def mark_significant(review: Review, entry: Entry, *, by: User, note: str = "") -> Significance:
    """Mark an entry significant, or change the note of one already marked."""
    note = note.strip()
    with transaction.atomic():
        entry = _current_entry(review, entry)
        mark = Significance.objects.filter(entry=entry).first()
        created = mark is None
        note_changed = created or mark.note != note
        if created:
            mark = Significance.objects.create(review=review, entry=entry, note=note, marked_by=by)
        else:
            mark.note, mark.marked_by = note, by
            mark.save()
        record("chronology.entry_marked_significant", actor=by, review=review,
               summary=("Marked a chronology entry as significant" if created
                        else "Changed the note on a significant chronology entry"),
               data={"entry": entry.pk, "significance": mark.pk, "created": created,
                     "note_changed": note_changed, "has_note": bool(note)})
    return mark


def unmark_significant(review: Review, entry: Entry, *, by: User) -> bool:
    """Remove the mark (and its note). Returns False, writing nothing, when it was not marked."""
    with transaction.atomic():
        entry = _current_entry(review, entry)
        mark = Significance.objects.filter(entry=entry).first()
        if mark is None:
            return False
        mark_id = mark.pk
        mark.delete()
        record("chronology.entry_unmarked_significant", actor=by, review=review,
               summary="Removed the significant mark from a chronology entry",
               data={"entry": entry.pk, "significance": mark_id})
    return True


# --- Likely duplicates across agencies: the reviewer links or dismisses them ---------------------
# Nothing is deleted: both entries always stay (the suggestions are duplicates.open_suggestions).

def _require_pair(review: Review, entry: Entry, original: Entry) -> tuple[Entry, Entry]:
    """Both entries current and in the review, listed with the original first."""
    if entry.pk == original.pk:
        raise ValidationError("An entry cannot be a duplicate of itself.")
    found = {e.pk: e for e in Entry.objects.select_related("agency")
             .filter(pk__in=[entry.pk, original.pk], review=review,
                     submission__status=Submission.Status.ACCEPTED)}
    if len(found) != 2:
        raise ValidationError("Both entries must be in this review's current chronology.")
    first, second = found[original.pk], found[entry.pk]
    return (second, first) if sort_key(second) < sort_key(first) else (first, second)


def _decide(review: Review, entry: Entry, original: Entry, decision: str, *, by: User,
            reason: str) -> tuple[DuplicateDecision, bool]:
    original, entry = _require_pair(review, entry, original)
    existing = (DuplicateDecision.objects.select_for_update()
                .filter(Q(entry=entry, original=original) | Q(entry=original, original=entry)).first())
    if decision == DuplicateDecision.Decision.LINKED:
        other = (DuplicateDecision.objects.filter(review=review, entry=entry,
                                                  decision=DuplicateDecision.Decision.LINKED)
                 .exclude(original=original).first())
        if other is not None:
            raise ValidationError("This entry is already linked as a duplicate of another entry. "
                                  "Dismiss that link first.")
    changed = existing is None or existing.decision != decision
    if existing is None:
        existing = DuplicateDecision.objects.create(review=review, entry=entry, original=original,
                                                    decision=decision, reason=reason[:300],
                                                    decided_by=by)
    else:
        existing.decision, existing.decided_by, existing.decided_at = decision, by, timezone.now()
        if reason:
            existing.reason = reason[:300]
        existing.save()
    return existing, changed


def link_duplicate(review: Review, entry: Entry, original: Entry, *, by: User,
                   reason: str = "") -> DuplicateDecision:
    """Record that two entries are one event. The earlier-listed of the two is the original
    (whichever way round they are given); an entry is a duplicate of one original at most.
    A dismissed pair can be linked later (the decision changes; nothing is deleted)."""
    with transaction.atomic():
        decision, changed = _decide(review, entry, original, DuplicateDecision.Decision.LINKED,
                                    by=by, reason=reason)
        record("chronology.duplicate_linked", actor=by, review=review,
               summary="Linked a chronology entry as a duplicate of another",
               data={"decision": decision.pk, "entry": decision.entry_id,
                     "original": decision.original_id, "changed": changed})
    return decision


def dismiss_duplicate(review: Review, entry: Entry, original: Entry, *, by: User,
                      reason: str = "") -> DuplicateDecision:
    """Record that two entries are not the same event: the pair is not suggested again. A
    linked pair dismissed is unlinked (the decision changes; nothing is deleted)."""
    with transaction.atomic():
        decision, changed = _decide(review, entry, original, DuplicateDecision.Decision.DISMISSED,
                                    by=by, reason=reason)
        record("chronology.duplicate_dismissed", actor=by, review=review,
               summary="Dismissed a suggested duplicate in the chronology",
               data={"decision": decision.pk, "entry": decision.entry_id,
                     "original": decision.original_id, "changed": changed})
    return decision
