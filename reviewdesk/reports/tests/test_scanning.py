"""The background scan: progress saved as it goes (not on every step), findings stored with
their register entry and paragraph, a check that cannot finish marked failed with a clear
message, and the full scan with the language model finding people the register does not know."""

from collections.abc import Callable
from typing import Any, NoReturn

import pytest
from django.db import DatabaseError

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.lib.scanner.documents import Document
from reviewdesk.lib.scanner.engine import ScanFinding
from reviewdesk.lib.scanner.engine import scan as real_scan
from reviewdesk.reports import actions, scanning
from reviewdesk.reports.models import DraftCheck, DraftFinding
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import checked, text
from reviewdesk.reviews.models import IdentityEntry, Review


def queued(review: Review, by: User, content: str = DRAFT) -> DraftCheck:
    return actions.upload_draft(review, by=by, data=content.encode(), filename="draft.txt")


def test_progress_is_saved_while_the_scan_runs_but_not_at_every_step(
        registered, business_manager, monkeypatch):
    check = queued(registered, business_manager)
    seen = []

    def scan(document: Document, entries: list[dict], *, unregistered: bool,
             progress: Callable[[int, int], None]) -> list[ScanFinding]:
        for done in (10, 20, 45, 60, 100):
            progress(done, 100)
            seen.append(DraftCheck.objects.get(pk=check.pk).progress)
        assert DraftCheck.objects.get(pk=check.pk).status == "running"
        return real_scan(document, entries, unregistered=unregistered)

    clock = iter([0.0, 0.1, 0.2, 5.0, 5.1, 5.2])
    monkeypatch.setattr(scanning, "_clock", lambda: next(clock))
    monkeypatch.setattr(scanning, "scan", scan)
    assert scanning.run_check(check.pk) == "done"
    # Saved at 10% (the first report), then not until half a second had passed (60%); never 100
    # until the findings are stored.
    assert seen == [10, 10, 10, 60, 60]
    check.refresh_from_db()
    assert (check.status, check.progress) == ("done", 100)
    assert check.started_at <= check.finished_at and check.scan_seconds is not None


def test_findings_keep_their_entry_part_paragraph_and_reason(registered, business_manager):
    check = checked(registered, business_manager, DRAFT)
    dana = check.findings.get(text="Dana Moorcroft")
    mother = registered.identities.get(pseudonym="Mother")
    assert dana.entry == mother and dana.source == "register"
    assert (dana.part, dana.segment_label, dana.category) == ("body", "Paragraph 2", "person")
    assert DRAFT[dana.paragraph_start:dana.paragraph_end].startswith("Kayden's mother, Dana")
    assert dana.suggestion == "Mother"
    staff = check.findings.get(text="Polly Practitioner")
    assert staff.entry.kind == IdentityEntry.Kind.PROFESSIONAL
    event = AuditEvent.objects.get(event_type="reports.draft_checked")
    assert event.summary == "Publication check 1 finished: 7 finding(s)"
    assert event.data["categories"] == {"person": 5, "date_of_birth": 1, "address": 1}
    assert "Kayden" not in str(event.data) and "Dana" not in str(event.data)


def test_running_a_check_twice_stores_its_findings_once(registered, business_manager):
    check = checked(registered, business_manager, DRAFT)
    assert scanning.run_check(check.pk) == "done"
    assert check.findings.count() == 7


def test_a_scan_that_breaks_marks_the_check_failed_with_a_clear_message(
        registered, business_manager, monkeypatch):
    check = queued(registered, business_manager)

    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("Kayden Moorcroft: the model crashed")

    monkeypatch.setattr(scanning, "scan", broken)
    assert scanning.run_check(check.pk) == "failed"
    check.refresh_from_db()
    assert check.status == "failed" and check.finished_at is not None
    assert check.error.startswith("The check stopped before it finished")
    assert "Kayden" not in check.error  # the exception's words are logged, not shown
    assert not check.findings.exists()
    event = AuditEvent.objects.get(event_type="reports.draft_check_failed")
    assert event.summary == "Publication check 1 failed"


def test_a_check_whose_findings_cannot_be_stored_is_marked_failed_not_left_running(
        registered, business_manager, monkeypatch):
    check = queued(registered, business_manager)

    def refused(*args: Any, **kwargs: Any) -> NoReturn:
        raise DatabaseError("value too long for type character varying(500)")

    monkeypatch.setattr(DraftFinding.objects, "bulk_create", refused)
    assert scanning.run_check(check.pk) == "failed"
    check.refresh_from_db()
    assert check.status == "failed" and check.error.startswith("The check stopped")
    assert not check.findings.exists()
    assert not AuditEvent.objects.filter(event_type="reports.draft_checked").exists()
    assert AuditEvent.objects.filter(event_type="reports.draft_check_failed").exists()


@pytest.mark.usefixtures("full_scan")
def test_the_full_scan_also_finds_people_and_numbers_the_register_does_not_hold(
        registered, business_manager, partner, client_for):
    draft = (DRAFT + "\nA neighbour, Gareth Pennington, rang the police from 07700 900123 "
             "and said he had seen Kayden at the window.\n")
    check = checked(registered, business_manager, draft)
    unregistered = {f.text: f for f in check.findings.filter(entry__isnull=True)}
    assert "Gareth Pennington" in unregistered and "07700 900123" in unregistered
    assert unregistered["Gareth Pennington"].source == "model"
    assert unregistered["07700 900123"].category == "phone"
    # Registered identities are still found by the register, not the model.
    assert check.findings.get(text="Kayden", paragraph_start__gt=150).entry.pseudonym == "Child A"
    url = f"/reviews/{registered.uuid}/publication-checks/{check.number}/"
    full = text(client_for(business_manager).get(url))
    assert "Names of people not in the register" in full and "Phone numbers" in full
    assert "“Gareth Pennington”" in full and "“07700 900123”" in full
    # Unknown people are shown in full only to those who may see every identity.
    labels = text(client_for(partner).get(url))
    assert "Gareth" not in labels and "07700" not in labels
    assert "A phone number</h5>" in labels and "Replace with: <strong>[phone number]</strong>" in labels
    assert "Names of people not in the register" in labels


def test_a_paragraph_of_over_a_million_characters_is_checked_and_a_name_at_its_end_is_found(
        registered, business_manager):
    # One paragraph (no line break) longer than the language model takes in one go: the check
    # finishes, and the registered name at its very end points at the right characters.
    # (Long words: a draft of this length in ordinary words is over the 200,000-word limit.)
    filler = ("Safeguarding arrangements notwithstanding, practitioners' documentation remained "
              "comprehensive. ") * 12_500
    draft = filler + "Later that week Dana Moorcroft called."
    assert len(draft) > 1_200_000 and "\n" not in draft
    check = checked(registered, business_manager, draft)
    assert check.status == "done"
    dana = check.findings.get(text="Dana Moorcroft")
    assert (dana.start, dana.end) == (draft.index("Dana"), draft.index("Dana") + 14)
    assert check.text[dana.start:dana.end] == "Dana Moorcroft"
