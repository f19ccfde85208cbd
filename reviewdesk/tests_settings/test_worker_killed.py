# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""A background worker killed (SIGKILL) in the middle of each kind of task: the task is taken
up again, doing it a second time has no second effect, and ``verify_audit`` passes after each
fault.

Each test starts a real worker (``manage.py db_worker`` in a child process,
``worker_process.py``) on the test's database and at the test's time, lets it reach a chosen
point inside the real task, and kills it there with SIGKILL: no ``finally``, no rollback by
Python, the database connection simply gone. django-tasks-db never takes a task up again by
itself (its row stays "running" for ever, shown below), so each test then does what production
does: ``recover_jobs`` after the lease ran out, or the page or action that queues the work
again, and another worker.

PostgreSQL only: the child process must see the test's database, which on SQLite is in memory.
CI runs the suite on PostgreSQL too (.ci/run). What happens per task is in docs/production.md,
"When a background worker is killed".
"""

import email
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.tasks import Task
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reviewdesk import settings as project_settings
from reviewdesk.accounts import actions as account_actions
from reviewdesk.accounts import tasks as account_tasks
from reviewdesk.audit.models import AuditEvent
from reviewdesk.checklist.tasks import work_out_checklist
from reviewdesk.checklist.tests import reports as sample_reports
from reviewdesk.chronology import actions as chronology_actions
from reviewdesk.chronology import duplicates
from reviewdesk.chronology import tasks as chronology_tasks
from reviewdesk.chronology.models import (
    AnonymisedSubmission,
    AnonymisedText,
    DuplicateScan,
    DuplicateSuggestion,
    Entry,
    Submission,
)
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    health,
    nurse,
    police,
)
from reviewdesk.notices import actions as notice_actions
from reviewdesk.notices import tasks as notice_tasks
from reviewdesk.notices.models import Notice
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import ChecklistResult, DraftCheck, DraftFinding
from reviewdesk.reports.tasks import scan_draft
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry

pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="a killed worker needs a database its child process can open: "
                              "PostgreSQL (SQLite's test database is in memory)"),
    pytest.mark.django_db(transaction=True),
]

LEASE = timedelta(seconds=settings.JOB_LEASE_SECONDS)
# What queues a task here puts it in the database, for the worker process, not run at once.
database_queue = override_settings(TASKS=project_settings.TASKS)


class Worker:
    """Starts ``db_worker`` processes on this test's database, clock, files and mail folder."""

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path
        self.mail = tmp_path / "mail"
        db = connection.settings_dict
        port = f":{db['PORT']}" if db["PORT"] else ""
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
                            f"@{db['HOST'] or 'localhost'}{port}/{quote(db['NAME'])}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WORKER_SETTINGS": json.dumps({
                "MAILERS": {"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                                        "OPTIONS": {"file_path": str(self.mail)}}},
                "REPORTS_SCAN_UNREGISTERED": False,  # the register only: no language model
            }),
        }
        self.kills = 0

    def _start(self, queue: str, **extra: str) -> subprocess.Popen[bytes]:
        env = {**self.env, "WORKER_CLOCK": timezone.now().isoformat(), **extra}
        return subprocess.Popen([sys.executable, "-m", "reviewdesk.tests_settings.worker_process",
                                 queue], env=env, cwd=settings.BASE_DIR,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, queue: str) -> None:
        """A worker that takes every task ready on the queue, then stops by itself."""
        process = self._start(queue)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()

    def kill_inside(self, queue: str, target: str, when: str = "before") -> None:
        """A worker that takes the queue's next task and is killed with SIGKILL inside it, just
        before (or after) the task calls ``target`` (``module:attribute``)."""
        self.kills += 1
        stopped = self.folder / f"stopped-{self.kills}"
        process = self._start(queue, WORKER_STOP_AT=target, WORKER_STOP_WHEN=when,
                              WORKER_STOPPED_FILE=str(stopped))
        deadline = time.monotonic() + 120
        while not stopped.exists():
            if process.poll() is not None:
                pytest.fail(f"The worker ended before reaching {target}: "
                            f"{process.stderr.read().decode() if process.stderr else ''}")
            assert time.monotonic() < deadline, f"The worker never reached {target}"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL

    def sent(self) -> list[email.message.Message]:
        """Every e-mail the workers handed to the mail server, oldest first."""
        files = sorted(self.mail.glob("*.log"), key=lambda f: f.stat().st_mtime_ns) \
            if self.mail.exists() else []
        return [email.message_from_bytes(f.read_bytes()) for f in files]


@pytest.fixture
def worker(tmp_path: Path, settings) -> Worker:
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"
    return Worker(tmp_path)


def audit_trail_intact() -> None:
    """``manage.py verify_audit`` passes (it raises CommandError if anything is broken)."""
    out = io.StringIO()
    call_command("verify_audit", "--no-checkpoint", stdout=out, stderr=io.StringIO())
    assert "The audit chain is intact" in out.getvalue()


def recover_jobs() -> None:
    """The sweep production runs every minute, its tasks queued for the worker."""
    with database_queue:
        call_command("recover_jobs", stdout=io.StringIO())


def task_rows(task: Task) -> list[str]:
    """The statuses of the task's rows in django-tasks-db's queue, oldest first."""
    return list(DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")
                .values_list("status", flat=True))


def events(code: str) -> int:
    return AuditEvent.objects.filter(event_type=code).count()


# --- Chronology check (heavy) ------------------------------------------------------------------

@pytest.mark.parametrize("killed", [
    "reviewdesk.chronology.tasks:check_file",  # while reading the file, the lease held
    "reviewdesk.chronology.tasks:record",  # storing: the result written, not yet committed
])
def test_a_chronology_check_killed_is_checked_again_and_stored_once(
        killed, worker, chronology_review, police, agency_author, time_machine):
    with database_queue:
        submission = chronology_actions.upload_submission(
            chronology_review, police, by=agency_author, data=csv_file(good_rows(3)),
            filename="police.csv")

    worker.kill_inside("heavy", killed)

    submission.refresh_from_db()
    assert (submission.status, submission.attempts) == ("checking", 1)
    assert submission.lease_expires_at is not None and submission.error_count == 0
    assert events("chronology.file_checked") == 0
    # django-tasks-db leaves the task "running" and no worker takes it again by itself.
    assert task_rows(chronology_tasks.check_submission) == ["RUNNING"]
    worker.run("heavy")
    assert Submission.objects.get(pk=submission.pk).status == "checking"
    audit_trail_intact()

    time_machine.shift(LEASE + timedelta(seconds=1))
    recover_jobs()
    worker.run("heavy")

    submission.refresh_from_db()
    assert (submission.status, submission.attempts, submission.rows_total) == ("ready", 2, 3)
    assert events("chronology.file_check_requeued") == 1
    assert events("chronology.file_checked") == 1
    audit_trail_intact()

    # The lost first task turning up again, and the sweep again: nothing more happens.
    with database_queue:
        chronology_tasks.check_submission.enqueue(submission.pk)
    recover_jobs()
    worker.run("heavy")
    submission.refresh_from_db()
    assert (submission.status, submission.attempts, submission.rows_total) == ("ready", 2, 3)
    assert events("chronology.file_checked") == 1 and events("chronology.file_check_requeued") == 1
    assert not Entry.objects.filter(submission=submission).exists()  # entries come at acceptance
    audit_trail_intact()


# --- Publication check (heavy) -----------------------------------------------------------------

@pytest.mark.parametrize("killed", [
    "reviewdesk.reports.scanning:scan",  # scanning, the lease held
    "reviewdesk.reports.scanning:record",  # the findings written, not yet committed
])
def test_a_publication_check_killed_is_scanned_again_and_its_findings_stored_once(
        killed, worker, review, business_manager, lead_reviewer, time_machine):
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Dana Moorcroft", pseudonym="Mother",
                                 role_title="Mother", aliases="Dee")
    with database_queue:
        check = report_actions.upload_draft(review, by=lead_reviewer, data=DRAFT.encode(),
                                            filename="draft.txt")

    worker.kill_inside("heavy", killed)

    check.refresh_from_db()
    assert (check.status, check.attempts) == ("running", 1)
    assert not DraftFinding.objects.filter(draft_check=check).exists()
    assert task_rows(scan_draft) == ["RUNNING"]
    audit_trail_intact()

    time_machine.shift(LEASE + timedelta(seconds=1))
    recover_jobs()
    worker.run("heavy")

    check.refresh_from_db()
    assert (check.status, check.attempts) == ("done", 2)
    found = sorted(DraftFinding.objects.filter(draft_check=check).values_list("start", "text"))
    assert found and len(found) == len(set(found))
    assert events("reports.draft_check_requeued") == 1 and events("reports.draft_checked") == 1
    audit_trail_intact()

    with database_queue:
        scan_draft.enqueue(check.pk)
    recover_jobs()
    worker.run("heavy")
    check.refresh_from_db()
    assert check.status == "done" and check.attempts == 2
    assert sorted(DraftFinding.objects.filter(draft_check=check).values_list("start", "text")) == found
    assert events("reports.draft_checked") == 1
    assert DraftCheck.objects.count() == 1
    audit_trail_intact()


# --- The report checklist (heavy) --------------------------------------------------------------

def test_a_checklist_killed_is_worked_out_when_it_is_next_read_and_kept_once(
        worker, review, lead_reviewer, business_manager, client_for):
    with database_queue:
        version = report_actions.upload_version(review, by=lead_reviewer,
                                                data=report_docx(*sample_reports.NUMBERED),
                                                filename="report.docx")
    worker.kill_inside("heavy", "reviewdesk.checklist.actions:measures.work_out")

    assert not ChecklistResult.objects.filter(version=version).exists()
    assert task_rows(work_out_checklist) == ["RUNNING"]
    audit_trail_intact()

    # No sweep for it: the checklist is worked out whenever it is read and not stored (the
    # review page links to it, saying items are not worked out yet).
    page = client_for(business_manager).get(
        reverse("checklist:checklist", args=[review.uuid, version.number]))
    assert page.status_code == 200
    first = ChecklistResult.objects.get(version=version)
    audit_trail_intact()

    # The lost task run again, by a worker: the same one result, replaced.
    with database_queue:
        work_out_checklist.enqueue(version.pk)
    worker.run("heavy")
    assert task_rows(work_out_checklist) == ["RUNNING", "SUCCESSFUL"]
    again = ChecklistResult.objects.get(version=version)
    assert again.pk == first.pk and again.items == first.items
    audit_trail_intact()


# --- The anonymised search text (default queue) ------------------------------------------------

def accepted(review, agency, author, business_manager) -> Submission:
    """A file uploaded, checked at once, and accepted: its rebuild and duplicate refresh queued
    in the database for the worker."""
    submission = chronology_actions.upload_submission(
        review, agency, by=author, data=csv_file(good_rows(4)), filename="chronology.csv")
    submission.refresh_from_db()
    with database_queue:
        return chronology_actions.accept_submission(submission, by=business_manager)


@pytest.mark.parametrize(("killed", "when"), [
    # Between two chronologies: the first one's text committed, the second not begun.
    ("reviewdesk.chronology.search_text:_build_submission", "after"),
    # Inside one chronology's transaction: its old text deleted and the new written.
    ("reviewdesk.chronology.search_text:AnonymisedSubmission.objects.update_or_create", "before"),
])
def test_a_search_text_rebuild_killed_is_queued_again_and_no_text_is_stored_twice(
        killed, when, worker, chronology_review, police, health, agency_author, nurse,
        business_manager, time_machine):
    accepted(chronology_review, police, agency_author, business_manager)
    accepted(chronology_review, health, nurse, business_manager)
    entries = Entry.objects.filter(submission__review=chronology_review,
                                   submission__status="accepted").count()
    assert entries == 8

    worker.kill_inside("default", killed, when)

    built = AnonymisedSubmission.objects.filter(submission__review=chronology_review).count()
    assert built == (1 if when == "after" else 0)
    assert task_rows(chronology_tasks.rebuild_search_text) == ["RUNNING"]
    audit_trail_intact()

    # An anonymised search finds the text out of date and asks for a rebuild: not queued again
    # while the first may only be slow, then queued.
    assert not chronology_tasks.request_rebuild(chronology_review.pk)
    time_machine.shift(chronology_tasks.REQUEUE_AFTER + timedelta(seconds=1))
    with database_queue:
        assert chronology_tasks.request_rebuild(chronology_review.pk)
    worker.run("default")

    assert AnonymisedSubmission.objects.filter(submission__review=chronology_review).count() == 2
    texts = AnonymisedText.objects.filter(entry__submission__review=chronology_review)
    assert texts.count() == entries == len(set(texts.values_list("entry_id", flat=True)))
    audit_trail_intact()

    with database_queue:
        chronology_tasks.rebuild_search_text.enqueue(chronology_review.pk)
    worker.run("default")
    assert texts.count() == entries
    assert task_rows(chronology_tasks.rebuild_search_text)[-1] == "SUCCESSFUL"
    assert DBTaskResult.objects.filter(return_value=0,
                                       task_path__endswith="rebuild_search_text").count() == 1
    audit_trail_intact()


# --- Stored duplicate suggestions (heavy) ------------------------------------------------------

def test_a_duplicates_refresh_killed_is_queued_again_and_stores_each_pair_once(
        worker, chronology_review, police, health, agency_author, nurse, business_manager,
        time_machine):
    accepted(chronology_review, police, agency_author, business_manager)
    accepted(chronology_review, health, nurse, business_manager)
    worked_out_now = [(s.entry_id, s.original_id)
                      for s in duplicates.worked_out(chronology_review)]
    assert worked_out_now  # the two agencies recorded the same visits

    # Killed as it stores the pairs: written, not committed.
    worker.kill_inside("heavy", "reviewdesk.chronology.duplicates:"
                                "DuplicateSuggestion.objects.bulk_create", "after")

    assert not DuplicateSuggestion.objects.filter(review=chronology_review).exists()
    assert duplicates.out_of_date(chronology_review)
    assert task_rows(chronology_tasks.refresh_duplicates) == ["RUNNING"]
    audit_trail_intact()

    # The duplicates page (or an export) finds them out of date; a large chronology's are
    # queued for the worker, once the first request may be lost.
    assert duplicates.bring_up_to_date(chronology_review, inline_up_to=0)
    assert task_rows(chronology_tasks.refresh_duplicates) == ["RUNNING"]
    time_machine.shift(chronology_tasks.REQUEUE_AFTER + timedelta(seconds=1))
    with database_queue:
        assert duplicates.bring_up_to_date(chronology_review, inline_up_to=0)
    worker.run("heavy")

    stored = list(DuplicateSuggestion.objects.filter(review=chronology_review)
                  .order_by("rank").values_list("entry_id", "original_id"))
    assert stored == worked_out_now
    assert not duplicates.out_of_date(chronology_review)
    assert DuplicateScan.objects.get(pk=chronology_review.pk).queued_at is None
    audit_trail_intact()

    with database_queue:
        chronology_tasks.refresh_duplicates.enqueue(chronology_review.pk)
    worker.run("heavy")
    assert list(DuplicateSuggestion.objects.filter(review=chronology_review)
                .order_by("rank").values_list("entry_id", "original_id")) == worked_out_now
    audit_trail_intact()


# --- Notices (default queue) -------------------------------------------------------------------

def queued_notice(review) -> Notice:
    with database_queue:
        notice = notice_actions.queue_notice(
            partnership_id=review.partnership_id, review=review, purpose="test",
            dedupe_key="killed:1", recipient_label="Ofsted", recipients=["ofsted@example.test"],
            subject="A serious incident notification", body="Child A was seriously hurt.")
    assert notice is not None
    return notice


def test_a_notice_killed_before_the_mail_server_took_it_is_sent_once(
        worker, make_review, time_machine):
    notice = queued_notice(make_review())

    worker.kill_inside("default", "django.core.mail:EmailMessage.send", "before")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts, worker.sent()) == ("pending", 0, [])
    assert task_rows(notice_tasks.deliver_notice) == ["RUNNING"]
    audit_trail_intact()

    time_machine.shift(timedelta(minutes=notice_tasks.UNTRIED_MINUTES))
    recover_jobs()
    worker.run("default")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 1)
    assert [m["To"] for m in worker.sent()] == ["ofsted@example.test"]
    assert events("notice.sent") == 1
    audit_trail_intact()

    # The lost task turning up again, and the sweep an hour later: nothing more is sent.
    with database_queue:
        notice_tasks.deliver_notice.enqueue(notice.pk)
    time_machine.shift(timedelta(hours=1))
    recover_jobs()
    worker.run("default")
    assert len(worker.sent()) == 1 and events("notice.sent") == 1
    audit_trail_intact()


def test_a_notice_killed_after_the_mail_server_took_it_is_sent_again_as_the_same_message(
        worker, make_review, time_machine):
    """The one case a notice goes twice: the server took it, and the worker died before the
    notice could be marked sent. Sending again is the safe side for a statutory notice (at
    least once, docs/decisions/0068); the copy carries the same Message-ID, which mail
    programs use to show it once."""
    notice = queued_notice(make_review())

    worker.kill_inside("default", "django.core.mail:EmailMessage.send", "after")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("pending", 0)
    assert len(worker.sent()) == 1
    audit_trail_intact()

    time_machine.shift(timedelta(minutes=notice_tasks.UNTRIED_MINUTES))
    recover_jobs()
    worker.run("default")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 1)
    first, second = worker.sent()
    assert first["Message-ID"] == second["Message-ID"] == f"<notice-{notice.uuid}@127.0.0.1>"
    assert events("notice.sent") == 1
    time_machine.shift(timedelta(hours=1))
    recover_jobs()
    worker.run("default")
    assert len(worker.sent()) == 2
    audit_trail_intact()


# --- Account e-mails: invitations and set-password links (default queue) -----------------------

def test_an_invitation_killed_while_sending_is_sent_again_once_by_the_sweep(
        worker, partnership, business_manager, time_machine):
    with database_queue:
        account_actions.invite_person(partnership, by=business_manager,
                                      email="new.starter@example.test", full_name="Nia Starter")

    worker.kill_inside("default", "reviewdesk.accounts.tasks:send_mail")

    assert worker.sent() == []
    assert task_rows(account_tasks.send_email) == ["RUNNING"]
    audit_trail_intact()

    time_machine.shift(account_tasks.LOST_AFTER - timedelta(minutes=1))
    recover_jobs()  # it may only be slow: left alone
    assert task_rows(account_tasks.send_email) == ["RUNNING"]
    time_machine.shift(timedelta(minutes=2))
    recover_jobs()
    worker.run("default")

    assert [m["To"] for m in worker.sent()] == ["new.starter@example.test"]
    assert task_rows(account_tasks.send_email) == ["FAILED", "SUCCESSFUL"]
    audit_trail_intact()

    time_machine.shift(timedelta(hours=1))
    recover_jobs()
    worker.run("default")
    assert len(worker.sent()) == 1
    audit_trail_intact()


def test_an_invitation_whose_worker_is_killed_twice_is_given_up_and_logged(
        worker, partnership, business_manager, time_machine, caplog):
    with database_queue:
        account_actions.invite_person(partnership, by=business_manager,
                                      email="new.starter@example.test", full_name="Nia Starter")
    worker.kill_inside("default", "reviewdesk.accounts.tasks:send_mail")
    time_machine.shift(account_tasks.LOST_AFTER + timedelta(minutes=1))
    recover_jobs()
    worker.kill_inside("default", "reviewdesk.accounts.tasks:send_mail")
    time_machine.shift(account_tasks.LOST_AFTER + timedelta(minutes=1))
    recover_jobs()
    worker.run("default")

    assert worker.sent() == []
    assert task_rows(account_tasks.send_email) == ["FAILED", "FAILED"]
    assert "new.starter@example.test" not in caplog.text  # addresses stay out of the log
    assert "An account e-mail was not sent" in caplog.text
    audit_trail_intact()
