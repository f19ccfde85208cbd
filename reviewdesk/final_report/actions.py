"""Every change to the final report and every file it hands out: one transaction each with its
audit event. Audit summaries hold version numbers and counts, never the report's words.

A final report is made from the approved version only (``approval.approval_state``), and only
when that version's publication check has finished with no open findings: the report must be
publishable without redaction. The Word document is stripped of its hidden content
(``strip_docx``) and then turned into a PDF by LibreOffice, or the lead reviewer's own PDF is
checked word by word against it. Conversion runs in the request (about a second for a 20,000-word
report: see converter.py and docs/decisions/0059), outside the transaction that stores it.
"""

import dataclasses
import hashlib
import pathlib
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.final_report import converter, pdf_check
from reviewdesk.final_report.approval import approval_state
from reviewdesk.lib.scanner.correct import strip_docx
from reviewdesk.lib.scanner.documents import MAX_BYTES, DocumentError
from reviewdesk.lib.scanner.pdf_reader import read_pdf
from reviewdesk.reports.models import DraftCheck, FinalReport, ReportVersion
from reviewdesk.reviews.models import Review

MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)


@dataclasses.dataclass
class Readiness:
    """Whether a final report may be made now, and if not, why."""

    version: ReportVersion | None  # the approved version, where there is one
    check: DraftCheck | None
    open_findings: int
    problems: list[str]

    @property
    def ready(self) -> bool:
        return not self.problems

    def refuse(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)


def readiness(review: Review) -> Readiness:
    """The approved version, its publication check, and what stops a final report being made."""
    state = approval_state(review)
    latest = review.report_versions.select_related("draft_check").first()
    if not state.is_approved or state.version is None:
        return Readiness(None, None, 0, [
            "The report has not been approved by everyone who must approve it: the subgroup, "
            "the Executive Group (with its agreement to publish) and the three safeguarding "
            "partners, all on the same version. The final report is made once they have."])
    version = state.version
    if latest is None or latest.pk != version.pk:
        return Readiness(version, None, 0, [
            f"Version {version.number} was approved, but a later version has been uploaded "
            "since. The final report is made from the latest version once it is approved."])
    check = latest.draft_check
    if check is None or not check.is_finished:
        return Readiness(version, check, 0, [
            f"The publication check of version {version.number} has not finished yet. Wait for "
            "it to finish, then make the final report."])
    if check.status == DraftCheck.Status.FAILED:
        return Readiness(version, check, 0, [
            f"The publication check of version {version.number} could not be completed. Retry "
            "the check from its page, then make the final report."])
    open_findings = check.findings.visible().count()
    if open_findings:
        plural = "finding is" if open_findings == 1 else "findings are"
        return Readiness(version, check, open_findings, [
            f"{open_findings} identifying {plural} still open in the publication check of "
            f"version {version.number} (check {check.number}). The report must be publishable "
            "without redaction: correct them in the Word document and upload it as a new "
            "version, or mark them as false alarms where they do not identify anyone."])
    return Readiness(version, check, 0, [])


def current(review: Review) -> FinalReport | None:
    """The final report that stands (not replaced)."""
    return (FinalReport.objects.filter(review=review, replaced_at__isnull=True)
            .select_related("version", "recorded_by", "on_behalf_of").first())


def _effective(produced_on: date | None) -> date:
    today = timezone.localdate()
    produced_on = produced_on or today
    if produced_on > today:
        raise ValidationError({"produced_on": "The date of the final report must be today or in "
                               "the past."})
    return produced_on


def _cleaned(version: ReportVersion) -> tuple[bytes, dict[str, int]]:
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ValidationError(f"The Word document of version {version.number} is no longer in "
                              "storage. Upload it again as a new version.") from None
    try:
        return strip_docx(data, filename=f"version {version.number}.docx")
    except DocumentError as exc:
        raise ValidationError(str(exc)) from None


def produce(review: Review, *, by: User, produced_on: date | None = None,
            on_behalf_of: User | None = None) -> FinalReport:
    """Make the final report from the approved version with LibreOffice: its hidden content
    stripped, then converted to PDF. Nothing is kept if any step fails."""
    produced_on = _effective(produced_on)
    ready = readiness(review)
    ready.refuse()
    assert ready.version is not None
    docx, stripped = _cleaned(ready.version)
    try:
        pdf = converter.docx_to_pdf(docx)
    except converter.ConversionFailed as exc:
        raise ValidationError(str(exc)) from None
    pdf, fields = pdf_check.strip_metadata(pdf)
    # LibreOffice's own PDF should say what the document says; kept for the publication stage.
    check = pdf_check.compare(docx, pdf)
    return _store(review, ready.version, by=by, source=FinalReport.Source.CONVERTED, docx=docx,
                  pdf=pdf, stripped={**stripped, "pdf_metadata": fields},
                  text_check=check.as_dict(), produced_on=produced_on, on_behalf_of=on_behalf_of)


class TextMismatch(ValidationError):
    """A supplied PDF whose words are not the final Word document's; ``check`` says where."""

    def __init__(self, message: str, check: pdf_check.TextCheck):
        super().__init__({"file": message})
        self.check = check


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def supply(review: Review, *, by: User, data: bytes, filename: str,
           produced_on: date | None = None, on_behalf_of: User | None = None) -> FinalReport:
    """Keep the lead reviewer's own PDF as the final report, once its words are checked against
    the approved Word document (hidden content stripped, as for a converted PDF). Refused if it
    says anything else, or carries comments; its metadata (author, title…) is removed."""
    produced_on = _effective(produced_on)
    if pathlib.PurePath(filename or "").suffix.lower() != ".pdf":
        raise _file_error("The selected file must be a PDF (.pdf). Save the final report as PDF "
                          "from Word (File > Save As > PDF) and upload it.")
    if not data:
        raise _file_error("The selected file is empty. Choose the PDF again.")
    if len(data) > MAX_BYTES:
        raise _file_error(f"The selected file must be smaller than {MAX_MEGABYTES} MB.")
    try:
        read_pdf(data, filename)
    except DocumentError as exc:
        raise _file_error(str(exc)) from None
    ready = readiness(review)
    ready.refuse()
    assert ready.version is not None
    notes = pdf_check.annotations(data)
    if notes:
        raise _file_error(
            f"The PDF has {notes} {'comment' if notes == 1 else 'comments'} (sticky notes or "
            "other annotations, which carry their author's name). A published report has none: "
            "make the PDF again from the final Word document without comments (in Word: File > "
            "Save As > PDF, Options, untick 'Document markup') and upload it.")
    docx, stripped = _cleaned(ready.version)
    check = pdf_check.compare(docx, data)
    if not check.matches:
        places = ", ".join(f"{d.label} (page {d.page})" if d.page else d.label
                           for d in check.differences[:5])
        count = len(check.differences) + check.more
        raise TextMismatch(
            f"The PDF's text differs from version {ready.version.number} of the report in "
            f"{count} {'place' if count == 1 else 'places'}: at {places}"
            f"{' and others' if count > 5 else ''}. Make the PDF again from the approved Word "
            "document and upload it.", check)
    pdf, fields = pdf_check.strip_metadata(data)
    return _store(review, ready.version, by=by, source=FinalReport.Source.SUPPLIED, docx=docx,
                  pdf=pdf, stripped={**stripped, "pdf_metadata": fields},
                  text_check=check.as_dict(), produced_on=produced_on, on_behalf_of=on_behalf_of)


@transaction.atomic
def _store(review: Review, version: ReportVersion, *, by: User, source: str, docx: bytes,
           pdf: bytes, stripped: dict[str, int], text_check: dict[str, object],
           produced_on: date, on_behalf_of: User | None) -> FinalReport:
    Review.objects.select_for_update().filter(pk=review.pk).first()
    # Asked again under the lock: a version uploaded (or approvals withdrawn) while LibreOffice ran.
    ready = readiness(review)
    ready.refuse()
    if ready.version is None or ready.version.pk != version.pk:
        raise ValidationError("The approved version changed while the final report was being "
                              "made. Make it again.")
    previous = list(FinalReport.objects.select_for_update().filter(
        review=review, replaced_at__isnull=True))
    now = timezone.now()
    for old in previous:
        old.replaced_at = now
        old.save(update_fields=["replaced_at"])
    final = FinalReport(
        review=review, version=version, source=source, stripped=stripped,
        text_check=text_check, produced_on=produced_on, recorded_by=by,
        on_behalf_of=on_behalf_of, docx_sha256=hashlib.sha256(docx).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest())
    # Random names on disk: never the report's own name, which often holds the child's.
    final.docx.save(secrets.token_hex(16) + ".docx", ContentFile(docx), save=False)
    final.pdf.save(secrets.token_hex(16) + ".pdf", ContentFile(pdf), save=False)
    final.save()
    made = "made with LibreOffice" if source == FinalReport.Source.CONVERTED else (
        "supplied by the lead reviewer, its text checked")
    record("final_report.produced", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Produced the final report from version {version.number} (PDF {made})"
                   + (", replacing the previous one" if previous else ""),
           data={"final_report": final.pk, "version": version.pk, "source": source,
                 "stripped": stripped, "replaced": [p.pk for p in previous],
                 "differences": len(text_check.get("differences") or []),  # type: ignore[arg-type]
                 "effective_on": produced_on.isoformat()})
    return final


KINDS = {"pdf": "PDF", "docx": "Word document"}


def download(final: FinalReport, kind: str, *, by: User) -> bytes:
    """The final report's PDF or cleaned Word document, its download recorded."""
    if kind not in KINDS:
        raise ValidationError("Choose the PDF or the Word document.")
    field = final.pdf if kind == "pdf" else final.docx
    try:
        with field.open("rb") as handle:
            data: bytes = handle.read()
    except FileNotFoundError:
        raise ValidationError("The file is no longer in storage. Make the final report "
                              "again.") from None
    record("final_report.downloaded", actor=by, review=final.review,
           summary=f"Downloaded the final report's {KINDS[kind]} (version {final.version.number})",
           data={"final_report": final.pk, "kind": kind, "current": final.replaced_at is None})
    return data
