"""Every change the publication check makes, and every file it hands out: one transaction each
with its audit event. Audit summaries hold check numbers and counts, never a finding's text, a
reason typed by someone, or a file's name (drafts are often named after the child)."""

import hashlib
import pathlib
import secrets
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.lib.report_outline import read_outline
from reviewdesk.lib.scanner.correct import TextChanged, correct_docx
from reviewdesk.lib.scanner.documents import MAX_BYTES, Document, DocumentError
from reviewdesk.lib.scanner.reading import read_document
from reviewdesk.reports.models import (
    DraftCheck,
    DraftFinding,
    FalseAlarm,
    FamilyDraftCopy,
    InformationRequest,
    ReportVersion,
)
from reviewdesk.reports.scanning import stored_bytes
from reviewdesk.reports.tasks import scan_draft
from reviewdesk.reviews.models import Review

if TYPE_CHECKING:  # family is a stage above this app: its model is reached through the review
    from reviewdesk.family.models import FamilyMember

KINDS = {".docx": DraftCheck.Kind.DOCX, ".pdf": DraftCheck.Kind.PDF, ".txt": DraftCheck.Kind.TXT}
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
# What a corrected copy says where a finding had no suggestion.
NO_SUGGESTION = "[removed]"
# When the stored draft no longer reads to the text that was checked (Review Desk reads Word
# documents differently since), the findings' offsets would replace the wrong characters.
TEXT_CHANGED = ("The draft now reads differently from when it was checked (Review Desk has changed "
                "how it reads documents since), so a corrected copy made from this check could "
                "replace the wrong words. Upload the draft again and download the corrected copy "
                "from the new check.")


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def check_upload(filename: str, size: int) -> str:
    """The file's kind, or why it cannot be checked (before anything is read)."""
    suffix = pathlib.PurePath(filename or "").suffix.lower()
    if suffix not in KINDS:
        raise _file_error("The selected file must be a Word document (.docx), a PDF (.pdf) or a "
                          "plain text file (.txt). Save the draft in one of these formats and "
                          "upload it again.")
    if size == 0:
        raise _file_error("The selected file is empty. Choose the draft report file again.")
    if size > MAX_BYTES:
        raise _file_error(f"The selected file must be smaller than {MAX_MEGABYTES} MB. Remove large "
                          "images from the draft, or save it without them, and upload it again.")
    return KINDS[suffix]


def read_upload(data: bytes, filename: str) -> Document:
    """Read the draft now, so a file the scanner cannot read is refused on the form."""
    check_upload(filename, len(data))
    try:
        document = read_document(data, filename)
    except DocumentError as exc:
        raise _file_error(str(exc)) from None
    if not document.text.strip():
        raise _file_error("No text could be read from the selected file. If it is a scanned "
                          "PDF, upload the Word document instead.")
    limit = settings.DRAFT_MAX_WORDS
    if document.words > limit:
        # Far longer than any report: a scan this size would hold the worker for minutes.
        raise _file_error(f"The selected file has {document.words:,} words; a draft can have at "
                          f"most {limit:,}. Check that it is the report itself, or split it and "
                          "upload each part as its own check.")
    return document


def upload_draft(review: Review, *, by: User, data: bytes, filename: str) -> DraftCheck:
    """Keep an uploaded draft and queue its check. Nothing is kept if the file cannot be read."""
    document = read_upload(data, filename)  # outside the transaction: reading can take a moment
    return _store_draft(review, by=by, data=data, filename=filename, document=document)


@transaction.atomic
def _store_draft(review: Review, *, by: User, data: bytes, filename: str, document: Document) -> DraftCheck:
    # Lock the review: two uploads at once get numbers one after the other.
    Review.objects.select_for_update().filter(pk=review.pk).first()
    number = (review.draft_checks.aggregate(n=Max("number"))["n"] or 0) + 1
    check = DraftCheck(
        review=review, number=number, uploaded_by=by, original_filename=filename[-255:],
        size=len(data), kind=KINDS[pathlib.PurePath(filename).suffix.lower()],
        text=document.text, words=document.words,
        segments=[[s.part, s.start, s.end, s.label] for s in document.segments])
    # A random name on disk: never the name the draft was given.
    check.file.save(secrets.token_hex(16), ContentFile(data), save=False)
    check.save()
    record("reports.draft_uploaded", actor=by, review=review,
           summary=f"Uploaded a draft for publication check {number}",
           data={"check": check.pk, "kind": check.kind, "size": check.size,
                 "words": check.words})
    transaction.on_commit(partial(scan_draft.enqueue, check.pk))
    return check


@transaction.atomic
def retry_check(check: DraftCheck, *, by: User) -> DraftCheck:
    """Run a failed check again on the text read at upload, from the start: a person's retry
    has the same automatic second chance as the first run had."""
    locked = DraftCheck.objects.select_for_update().defer("text", "segments").get(pk=check.pk)
    if locked.status != DraftCheck.Status.FAILED:
        raise ValidationError(f"Check {locked.number} has not failed, so there is nothing to "
                              "retry.")
    failed_after = locked.attempts
    locked.status, locked.progress, locked.error = DraftCheck.Status.QUEUED, 0, ""
    locked.attempts, locked.lease_expires_at = 0, None
    locked.started_at = locked.finished_at = locked.scan_seconds = None
    locked.save(update_fields=["status", "progress", "error", "attempts", "lease_expires_at",
                               "started_at", "finished_at", "scan_seconds"])
    record("reports.draft_check_retried", actor=by, review=check.review,
           summary=f"Retried publication check {locked.number}",
           data={"check": locked.pk, "failed_after_attempts": failed_after})
    transaction.on_commit(partial(scan_draft.enqueue, locked.pk))
    check.status, check.error, check.attempts = locked.status, locked.error, locked.attempts
    return check


@transaction.atomic
def mark_false_alarm(finding: DraftFinding, *, by: User, reason: str) -> FalseAlarm:
    """This text, of this category, as this register entry (or as something the register does
    not hold), is not identifying on this review: hide it on every check and do not raise it
    again."""
    review = Review.objects.select_for_update().get(pk=finding.draft_check.review_id)
    check = DraftCheck.objects.defer("text", "segments").get(pk=finding.draft_check_id)  # as stored
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this is not identifying, so others checking "
                               "the report can rely on it."})
    if check.status != DraftCheck.Status.DONE:
        raise ValidationError("Findings can be marked only once the check has finished.")
    if FalseAlarm.objects.active().filter(review=review, normalised=finding.normalised,
                                          category=finding.category,
                                          entry=finding.entry).exists():
        raise ValidationError("This is already marked as a false alarm on this review.")
    alarm = FalseAlarm.objects.create(
        review=review, normalised=finding.normalised, category=finding.category,
        finding=finding, text=finding.text, entry=finding.entry, reason=reason, marked_by=by)
    record("reports.false_alarm_marked", actor=by, review=review,
           summary=f"Marked a finding of publication check {check.number} as a false alarm",
           data={"false_alarm": alarm.pk, "finding": finding.pk, "check": check.pk,
                 "category": finding.category, "entry": finding.entry_id})
    return alarm


@transaction.atomic
def undo_false_alarm(alarm: FalseAlarm, *, by: User) -> FalseAlarm:
    """Raise it again: existing findings like it show again; later checks report it."""
    alarm = FalseAlarm.objects.select_for_update().get(pk=alarm.pk)
    if alarm.undone_at is not None:
        raise ValidationError("This false alarm has already been undone.")
    alarm.undone_at, alarm.undone_by = timezone.now(), by
    alarm.save(update_fields=["undone_at", "undone_by"])
    record("reports.false_alarm_undone", actor=by, review=alarm.review,
           summary="Undid a false alarm: findings like it are raised again",
           data={"false_alarm": alarm.pk, "category": alarm.category})
    return alarm


def _stored(check: DraftCheck) -> bytes:
    try:
        return stored_bytes(check)
    except FileNotFoundError:
        raise ValidationError("The uploaded file is no longer in storage. Upload the draft "
                              "again.") from None


def original_file(check: DraftCheck, *, by: User) -> bytes:
    """The draft as uploaded, for someone who may see every identity in it. The audit event is
    the only write (record() is its own transaction); no lock is held while files are read."""
    data = _stored(check)
    record("reports.original_downloaded", actor=by, review=check.review,
           summary=f"Downloaded the uploaded draft of publication check {check.number}",
           data={"check": check.pk})
    return data


def replacements(check: DraftCheck) -> list[tuple[int, int, str]]:
    """The accepted replacements: every finding not marked as a false alarm, by its suggestion.
    Refused (ValidationError) if a finding's offsets no longer point at its own text."""
    out: list[tuple[int, int, str]] = []
    text = check.text
    for f in check.findings.visible().order_by("start", "end"):
        if text[f.start:f.end][:500] != f.text:
            raise ValidationError(TEXT_CHANGED)
        if out and f.start < out[-1][1]:
            continue  # overlapping findings: the first one covers it
        out.append((f.start, f.end, f.suggestion or NO_SUGGESTION))
    return out


def _corrected(check: DraftCheck, changes: list[tuple[int, int, str]], unreadable: str) -> bytes:
    """The checked Word draft with ``changes`` made and its hidden content removed; refused with
    ``unreadable`` where the file cannot be worked on."""
    try:
        return correct_docx(_stored(check), changes, expected_text=check.text)
    except TextChanged:
        raise ValidationError(TEXT_CHANGED) from None
    except ValueError:
        raise ValidationError(unreadable) from None


def corrected_copy(check: DraftCheck, *, by: User) -> bytes:
    """A copy of the Word draft with the accepted replacements made and comments, tracked
    changes and identifying properties removed. The uploaded draft is kept as it was."""
    if not check.is_docx:
        raise ValidationError("A corrected copy is made only for Word documents (.docx). Make "
                              "the changes in the original document, or upload it as a .docx.")
    if check.status != DraftCheck.Status.DONE:
        raise ValidationError("A corrected copy can be made once the check has finished.")
    changes = replacements(check)
    data = _corrected(check, changes, "A corrected copy could not be made from this file. Make "
                                      "the changes in the original document instead.")
    record("reports.corrected_downloaded", actor=by, review=check.review,
           summary=f"Downloaded a corrected copy of publication check {check.number}'s draft",
           data={"check": check.pk, "replacements": len(changes)})
    return data


# --- Versions of the report ---------------------------------------------------------------------
# What happens when a version arrives, besides its check: the sign-off withdraws approvals of
# earlier versions, the checklist works itself out. Apps above this one register here (this app
# imports none of them); each listener runs inside the upload's transaction.
VersionListener = Callable[[ReportVersion, User], None]
_version_listeners: list[VersionListener] = []


def register_version_listener(listener: VersionListener) -> None:
    if listener not in _version_listeners:
        _version_listeners.append(listener)


def read_version(data: bytes, filename: str) -> Document:
    """A version must be the Word document the reviewer works in; read now, so a file that
    cannot be read is refused on the form."""
    if pathlib.PurePath(filename or "").suffix.lower() != ".docx":
        raise _file_error("The report must be a Word document (.docx), the form reviewers work in. "
                          "Save it as .docx and upload it again; a PDF is supplied later, for "
                          "the published form.")
    return read_upload(data, filename)


def upload_version(review: Review, *, by: User, data: bytes, filename: str, note: str = "",
                   written_on: date | None = None, on_behalf_of: User | None = None
                   ) -> ReportVersion:
    """Keep a new version of the report and queue its publication check. Nothing is kept if the
    file cannot be read or the date is wrong."""
    document = read_version(data, filename)  # outside the transaction: reading can take a moment
    today = timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise ValidationError({"written_on": "The date of this version must be today or in the "
                               "past."})
    outline = [block.as_dict() for block in read_outline(data)]
    return _store_version(review, by=by, data=data, filename=filename, document=document,
                          note=note.strip(), written_on=written_on, outline=outline,
                          on_behalf_of=on_behalf_of)


@transaction.atomic
def _store_version(review: Review, *, by: User, data: bytes, filename: str, document: Document,
                   note: str, written_on: date, outline: list[dict[str, object]],
                   on_behalf_of: User | None) -> ReportVersion:
    check = _store_draft(review, by=by, data=data, filename=filename, document=document)
    number = (review.report_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        review=review, number=number, original_filename=filename[-255:], size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), note=note[:500], written_on=written_on,
        outline=outline, words=document.words, draft_check=check, recorded_by=by,
        on_behalf_of=on_behalf_of)
    version.file.save(secrets.token_hex(16), ContentFile(data), save=False)
    version.save()
    record("reports.version_uploaded", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Uploaded version {number} of the report",
           data={"version": version.pk, "check": check.pk, "words": version.words,
                 "effective_on": written_on.isoformat()})
    for listener in _version_listeners:
        listener(version, by)
    return version


# --- Who reads a version, and what leaves Review Desk -------------------------------------------
# Reads of a version (its rendered text) and downloads of its file are audited as reads; a
# family copy, and a partner's regulation 14 request and its answer, are changes: logged with
# the date they happened and on whose behalf. Summaries hold numbers only.
FAMILY_COPY_REFUSED_OFFER = ("A copy can be made only for a family member who took up the offer "
                             "to see the draft report. Record their answer on the family "
                             "member's page first.")
FAMILY_COPY_NOT_CHECKED = ("Version {n}'s publication check has not finished, so its findings "
                           "cannot be replaced yet. Wait for the check to finish (or retry it if "
                           "it failed) and make the copy again.")


def version_read(version: ReportVersion, *, by: User, tier: int) -> None:
    """Someone read a version as rendered text (through their redactor)."""
    record("reports.version_read", actor=by, review=version.review,
           summary=f"Read version {version.number} of the report",
           data={"version": version.pk, "tier": tier})


def version_file(version: ReportVersion, *, by: User) -> bytes:
    """The version's .docx as uploaded, for those who get the files. Audited as a read."""
    try:
        with version.file.open("rb") as handle:
            data: bytes = handle.read()
    except FileNotFoundError:
        raise ValidationError("The uploaded file is no longer in storage. Upload the version "
                              "again.") from None
    record("reports.version_downloaded", actor=by, review=version.review,
           summary=f"Downloaded version {version.number} of the report",
           data={"version": version.pk})
    return data


def family_copy(version: ReportVersion, *, member: "FamilyMember", by: User, given_on: date | None = None,
                on_behalf_of: User | None = None) -> tuple[FamilyDraftCopy, bytes]:
    """A copy of the version for a family member who took up the offer to see the draft: every
    open finding replaced (as the corrected copy does), comments, tracked changes and the
    document's properties removed. Logged (``FamilyDraftCopy``); the copy itself is not kept."""
    today = timezone.localdate()
    given_on = given_on or today
    if given_on > today:
        raise ValidationError({"given_on": "The date the copy is given must be today or in the "
                               "past."})
    if member.review_id != version.review_id or member.wants_to_see_draft is not True:
        raise ValidationError({"member": FAMILY_COPY_REFUSED_OFFER})
    check = version.draft_check
    if check is None or check.status != DraftCheck.Status.DONE:
        raise ValidationError({"version": FAMILY_COPY_NOT_CHECKED.format(n=version.number)})
    changes = replacements(check)
    data = _corrected(check, changes, "A copy could not be made from this file. Upload the "
                                      "version again as a .docx saved from Word.")
    with transaction.atomic():
        copy = FamilyDraftCopy.objects.create(
            review=version.review, version=version, member=member, given_on=given_on,
            findings_replaced=len(changes), recorded_by=by, on_behalf_of=on_behalf_of)
        record("reports.family_copy_downloaded", actor=by, review=version.review,
               on_behalf_of=on_behalf_of,
               summary=f"Made a copy of version {version.number} of the report for a family "
                       f"member, {len(changes)} findings replaced",
               data={"copy": copy.pk, "version": version.pk, "member": member.pk,
                     "replaced": len(changes), "effective_on": given_on.isoformat()})
    return copy, data


def _past(value: date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past."})


@transaction.atomic
def log_information_request(review: Review, *, by: User, partner_for: str, requested_on: date,
                            asked: str, request: str, version: ReportVersion | None = None,
                            requested_by: User | None = None,
                            on_behalf_of: User | None = None) -> InformationRequest:
    """A safeguarding partner's written request under regulation 14, as the business manager
    logs it: when, which partner, what was asked and which version was sent, if one was."""
    _past(requested_on, "requested_on", "The date of the request")
    request = request.strip()
    if not request:
        raise ValidationError({"request": "Enter what the partner asked for."})
    if version is not None and version.review_id != review.pk:
        raise ValidationError({"version": "Choose a version of this review's report."})
    item = InformationRequest.objects.create(
        review=review, partner_for=partner_for, requested_by=requested_by,
        requested_on=requested_on, asked=asked, request=request, version=version,
        recorded_by=by, on_behalf_of=on_behalf_of)
    record("reports.information_request_logged", actor=by, review=review,
           on_behalf_of=on_behalf_of,
           summary="Logged a safeguarding partner's regulation 14 request",
           data={"request": item.pk, "partner_for": partner_for, "asked": asked,
                 "version": version.pk if version else None,
                 "effective_on": requested_on.isoformat()})
    return item


@transaction.atomic
def answer_information_request(item: InformationRequest, *, by: User, answered_on: date,
                               answer: str, version: ReportVersion | None = None,
                               on_behalf_of: User | None = None) -> InformationRequest:
    """The answer given to a regulation 14 request (and the version sent with it, if any)."""
    item = InformationRequest.objects.select_for_update(of=("self",)).get(pk=item.pk)
    _past(answered_on, "answered_on", "The date of the answer")
    if answered_on < item.requested_on:
        raise ValidationError({"answered_on": "The date of the answer must be on or after the "
                               f"date of the request ({item.requested_on:%-d %B %Y})."})
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter the answer given to the partner."})
    if version is not None and version.review_id != item.review_id:
        raise ValidationError({"version": "Choose a version of this review's report."})
    item.answered_on, item.answer, item.answered_by = answered_on, answer, by
    item.answered_at = timezone.now()
    if version is not None:
        item.version = version
    item.save(update_fields=["answered_on", "answer", "answered_by", "answered_at", "version"])
    record("reports.information_request_answered", actor=by, review=item.review,
           on_behalf_of=on_behalf_of,
           summary="Recorded the answer to a safeguarding partner's regulation 14 request",
           data={"request": item.pk, "version": item.version_id,
                 "effective_on": answered_on.isoformat()})
    return item
