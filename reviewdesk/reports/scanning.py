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
from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.audit.services import record
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm, normalise
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.register_file import entry_as_dict
from reviewdesk.scanner.documents import Document, Segment
from reviewdesk.scanner.engine import ScanFinding, scan

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


class _Progress:
    """Saves the percentage scanned, at most every PROGRESS_EVERY seconds."""

    def __init__(self, check_id: int):
        self.check_id = check_id
        self.saved_at = -PROGRESS_EVERY  # the first report is saved
        self.percent = 0

    def __call__(self, done: int, total: int) -> None:
        # Never 100 until the findings are stored: the page reloads when the check is done.
        percent = min(99, done * 100 // total) if total else 99
        now = _clock()
        if percent > self.percent and now - self.saved_at >= PROGRESS_EVERY:
            DraftCheck.objects.filter(pk=self.check_id).update(progress=percent)
            self.percent, self.saved_at = percent, now


def run_check(check_id: int, *, unregistered: bool | None = None) -> str:
    """Scan a queued check and store its findings. Safe to call twice: a check that is no longer
    queued is left alone. Returns the check's status."""
    with transaction.atomic():
        check = DraftCheck.objects.select_for_update().filter(pk=check_id).first()
        if check is None:
            return "missing"
        if check.status != DraftCheck.Status.QUEUED:
            return check.status
        check.status = DraftCheck.Status.RUNNING
        check.started_at = timezone.now()
        check.progress = 0
        check.save(update_fields=["status", "started_at", "progress"])
    began = time.monotonic()
    try:
        entries, register = review_register(check.review_id)
        found = scan(document_of(check), entries,
                     unregistered=scan_unregistered() if unregistered is None else unregistered,
                     progress=_Progress(check.pk))
        _finish(check, found, register, time.monotonic() - began)
    except Exception:  # noqa: BLE001 - whatever went wrong (storing too), not "running" for ever
        logger.exception("Publication check %s failed", check.pk)
        _fail(check, FAILED_MESSAGE.format(number=check.number))
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
            seconds: float) -> None:
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
    check.save(update_fields=["status", "progress", "finished_at", "scan_seconds",
                              "skipped_false_alarms"])
    categories: dict[str, int] = {}
    for row in rows:
        categories[row.category] = categories.get(row.category, 0) + 1
    # The findings' text is the case's identities: counts and categories only.
    record("reports.draft_checked", review=check.review,
           summary=f"Publication check {check.number} finished: {len(rows)} finding(s)",
           data={"check": check.pk, "findings": len(rows), "categories": categories,
                 "skipped_false_alarms": skipped, "words": check.words,
                 "seconds": check.scan_seconds})


@transaction.atomic
def _fail(check: DraftCheck, message: str) -> None:
    DraftCheck.objects.filter(pk=check.pk).update(
        status=DraftCheck.Status.FAILED, error=message, finished_at=timezone.now())
    record("reports.draft_check_failed", review=check.review,
           summary=f"Publication check {check.number} failed", data={"check": check.pk})


def stored_bytes(check: DraftCheck) -> bytes:
    with check.file.open("rb") as handle:
        return handle.read()

