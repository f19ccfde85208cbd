"""Running a publication check: the background task's body.

The draft's text and parts were extracted at upload (so a file that cannot be read is refused
on the form). Here the scanner looks for the review's registered identities and for unregistered
identifiers, saving its progress as it goes so the check's page can show it, then stores the
findings, leaving out those the review has marked as false alarms.
"""

import dataclasses
import logging
import time

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from reviewdesk import jobs
from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.lib.scanner.documents import Document, Segment
from reviewdesk.lib.scanner.engine import ScanFinding, scan
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm, normalise
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.register_file import entry_as_dict

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds): enough for the page, light on the database.
PROGRESS_EVERY = 0.5
# Context shown around a finding the reader could not place in a paragraph (characters).
LOOSE_CONTEXT = 200

FAILED_MESSAGE = ("The check stopped before it finished because of a problem in Review Desk, not "
                  "in your file. Upload the draft again; if it fails again, tell the business "
                  "unit which check failed (check {number}).")


def scan_unregistered() -> bool:
    """Whether checks also look for identifiers the register does not hold (the language model).
    Always on in use; app tests that are not about unregistered identifiers turn it off."""
    return getattr(settings, "REPORTS_SCAN_UNREGISTERED", True)


def _clock() -> float:
    return time.monotonic()


def _mine(check: DraftCheck) -> "models.QuerySet[DraftCheck]":
    """The check while this attempt still holds it: not taken up again after its lease ran out."""
    return DraftCheck.objects.filter(pk=check.pk, status=DraftCheck.Status.RUNNING,
                                     attempts=check.attempts)


class _Progress:
    """Saves the percentage scanned, at most every PROGRESS_EVERY seconds, and renews the
    check's lease (jobs.Heartbeat) so the recovery sweep knows its worker is alive."""

    def __init__(self, check: DraftCheck):
        self.check = check
        self.saved_at = -PROGRESS_EVERY  # the first report is saved
        self.percent = 0
        self.heartbeat = jobs.Heartbeat(
            lambda until: _mine(check).update(lease_expires_at=until))

    def __call__(self, done: int, total: int) -> None:
        # Never 100 until the findings are stored: the page reloads when the check is done.
        percent = min(99, done * 100 // total) if total else 99
        now = _clock()
        if percent > self.percent and now - self.saved_at >= PROGRESS_EVERY:
            _mine(self.check).update(progress=percent)
            self.percent, self.saved_at = percent, now
        self.heartbeat()


@as_system("the publication check")
def run_check(check_id: int, *, unregistered: bool | None = None) -> str:
    """Scan a queued check and store its findings. Safe to call twice: a check that is no longer
    queued is left alone. Returns the check's status.

    Starting takes a lease for this attempt; the findings are stored in one transaction at the
    end, so a worker killed part-way leaves nothing behind to repeat or duplicate."""
    with transaction.atomic():
        check = DraftCheck.objects.select_for_update().filter(pk=check_id).first()
        if check is None:
            return "missing"
        if check.status != DraftCheck.Status.QUEUED:
            return check.status
        check.status = DraftCheck.Status.RUNNING
        check.started_at = timezone.now()
        check.progress = 0
        check.attempts += 1
        check.lease_expires_at = jobs.lease_from(check.started_at)
        check.save(update_fields=["status", "started_at", "progress", "attempts",
                                  "lease_expires_at"])
    began = time.monotonic()
    try:
        entries, register = review_register(check.review_id)
        found = scan(document_of(check), entries,
                     unregistered=scan_unregistered() if unregistered is None else unregistered,
                     progress=_Progress(check))
        if not _finish(check, found, register, time.monotonic() - began):
            return DraftCheck.objects.values_list("status", flat=True).get(pk=check.pk)
    except Exception:  # noqa: BLE001 - whatever went wrong (storing too), not "running" for ever
        logger.exception("Publication check %s failed", check.pk)
        fail_check(check, FAILED_MESSAGE.format(number=check.number))
        return DraftCheck.Status.FAILED
    return DraftCheck.Status.DONE


def document_of(check: DraftCheck) -> Document:
    return Document(check.text, [Segment(*s) for s in check.segments], check.kind)


def review_register(review_id: int) -> tuple[list[dict], list[IdentityEntry]]:
    """The review's register in the scanner's format, and the entries in the same order, so a
    finding's entry_index names its entry exactly; then the partnership's agencies as
    organisations (``agency_entries``), which have no register entry."""
    entries = list(IdentityEntry.objects.filter(review_id=review_id).select_related("agency")
                   .order_by("pk"))
    dicts = [entry_as_dict(e) for e in entries]
    partnership_id = Review.objects.values_list("partnership_id", flat=True).get(pk=review_id)
    return dicts + agency_entries(partnership_id, dicts), entries


AGENCY_REASON = ("The name of a school or early years setting in your partnership's list of "
                 "agencies: it can show where the child lived")
# What an identifying agency's name becomes in a draft (decision record 0013).
AGENCY_LABELS = {Agency.Kind.SCHOOL: "the school", Agency.Kind.EARLY_YEARS: "the early years setting"}


def agency_entries(partnership_id: int, register: list[dict]) -> list[dict]:
    """Every agency of the partnership (inactive ones too: a report covers years), by its name,
    short name and former names, as an organisation, and the partnership itself.

    Most agencies are public bodies that reports name as a matter of course (West Kirkvale
    Police, the ambulance service): they are public, so the check never raises them and never
    takes a word of their names for a person's. A school or an early years setting points to
    where the child lived: it is raised, with a label to put instead. An agency the review's
    register already holds under any of its names is left to the register, which knows the
    case (decision record 0013)."""
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    registered = {norm(n) for e in register for n in [e.get("name") or "", *e.get("aliases", [])]
                  if n}
    partnership = Partnership.objects.get(pk=partnership_id)
    out = [{"kind": "organisation", "name": partnership.name, "aliases": [], "role": "",
            "pseudonym": "", "public": True}] if norm(partnership.name) not in registered else []
    for agency in Agency.objects.filter(partnership_id=partnership_id).order_by("pk"):
        names = agency.names
        if registered & {norm(n) for n in names}:
            continue
        identifying = agency.is_identifying
        out.append({"kind": "organisation", "name": names[0], "aliases": names[1:], "role": "",
                    "pseudonym": AGENCY_LABELS.get(agency.kind, "") if identifying else "",
                    "public": not identifying})
    return out


def _finding_row(check: DraftCheck, document: Document, found: ScanFinding,
                 entry: IdentityEntry | None) -> DraftFinding:
    segment = document.segment_at(found.start)
    if segment is not None and segment.start <= found.start and found.end <= segment.end:
        para_start, para_end, label = segment.start, segment.end, segment.label
    else:
        para_start = max(0, found.start - LOOSE_CONTEXT)
        para_end = min(len(document.text), found.end + LOOSE_CONTEXT)
        label = segment.label if segment is not None else ""
    source = found.source if found.source in DraftFinding.Source.values else "pattern"
    return DraftFinding(
        draft_check=check, start=found.start, end=found.end, text=found.text[:500],
        normalised=normalise(found.text)[:500], part=found.part, segment_label=label[:200],
        paragraph_start=para_start, paragraph_end=para_end, category=found.category[:40],
        reason=found.reason[:500], suggestion=found.suggestion[:200], source=source, entry=entry)


def without_false_alarms(review_id: int, found: list[ScanFinding],
                         register: list[IdentityEntry]) -> tuple[list[ScanFinding], int]:
    """The findings the review has not marked as false alarms, and how many were left out.
    ``register`` is the entries scanned, in order (``review_register``): an alarm matches the
    text, the category and the register entry (None for both when the register does not hold it)."""
    alarms = set(FalseAlarm.objects.active().filter(review_id=review_id).values_list(
        "normalised", "category", "entry_id"))

    def key(f: ScanFinding) -> tuple[str, str, int | None]:
        entry = register[f.entry_index].pk if 0 <= f.entry_index < len(register) else None
        return normalise(f.text)[:500], f.category[:40], entry

    kept = [f for f in found if key(f) not in alarms]
    return kept, len(found) - len(kept)


@transaction.atomic
def _finish(check: DraftCheck, found: list[ScanFinding], register: list[IdentityEntry],
            seconds: float) -> bool:
    """Store the findings and mark the check done; False, storing nothing, if this attempt no
    longer holds the check (its lease ran out and the check was queued again or failed)."""
    if not _mine(check).select_for_update().exists():
        logger.warning("Publication check %s: attempt %s finished after losing its lease",
                       check.pk, check.attempts)
        return False
    # Only ever one set of findings per check, however many attempts there were.
    DraftFinding.objects.filter(draft_check=check).delete()
    document = document_of(check)
    kept, skipped = without_false_alarms(check.review_id, found, register)
    rows = []
    for f in kept:
        if f.source == "register" and f.entry_index >= len(register):
            # A school or early years setting among the agencies: no register entry to name.
            f = dataclasses.replace(f, source="pattern", reason=AGENCY_REASON)
        rows.append(_finding_row(check, document, f,
                                 register[f.entry_index] if f.source == "register"
                                 and f.entry_index >= 0 else None))
    DraftFinding.objects.bulk_create(rows)
    check.status = DraftCheck.Status.DONE
    check.progress = 100
    check.finished_at = timezone.now()
    check.scan_seconds = round(seconds, 3)
    check.skipped_false_alarms = skipped
    check.lease_expires_at = None
    check.save(update_fields=["status", "progress", "finished_at", "scan_seconds",
                              "skipped_false_alarms", "lease_expires_at"])
    categories: dict[str, int] = {}
    for row in rows:
        categories[row.category] = categories.get(row.category, 0) + 1
    # The findings' text is the case's identities: counts and categories only.
    record("reports.draft_checked", review=check.review,
           summary=f"Publication check {check.number} finished: {len(rows)} finding(s)",
           data={"check": check.pk, "findings": len(rows), "categories": categories,
                 "skipped_false_alarms": skipped, "words": check.words,
                 "seconds": check.scan_seconds, "attempts": check.attempts})
    return True


@transaction.atomic
def fail_check(check: DraftCheck, message: str, *, stalled: bool = False) -> None:
    if not _mine(check).update(status=DraftCheck.Status.FAILED, error=message,
                               finished_at=timezone.now(), lease_expires_at=None):
        return  # this attempt no longer holds the check: another one decides how it ends
    record("reports.draft_check_failed", review=check.review,
           summary=f"Publication check {check.number} failed",
           data={"check": check.pk, "attempts": check.attempts, "stalled": stalled})


def stored_bytes(check: DraftCheck) -> bytes:
    with check.file.open("rb") as handle:
        return handle.read()

