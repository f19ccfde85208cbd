"""Heavy background work (draft scans, chronology checks) has its own queue and worker, so
e-mails, notices and reminders never wait behind a long scan; `make run` starts a worker for
each queue and the sweep that recovers jobs whose worker stopped."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from reviewdesk import settings as project_settings
from reviewdesk.accounts.tasks import send_email
from reviewdesk.chronology.tasks import check_submission
from reviewdesk.notices.tasks import deliver_notice
from reviewdesk.reports.tasks import scan_draft

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def test_scans_and_chronology_checks_go_on_the_heavy_queue_and_messages_on_the_default():
    assert {scan_draft.queue_name, check_submission.queue_name} == {"heavy"}
    assert {deliver_notice.queue_name, send_email.queue_name} == {"default"}
    assert project_settings.TASKS["default"]["QUEUES"] == ["default", "heavy"]


@pytest.mark.django_db
def test_a_worker_for_the_default_queue_never_takes_a_scan():
    with override_settings(TASKS=project_settings.TASKS):
        scan_draft.enqueue(1)
        deliver_notice.enqueue(2)
    ready = DBTaskResult.objects.ready()
    assert list(ready.filter(queue_name__in=["default"]).values_list("task_path", flat=True)) == [
        "reviewdesk.notices.tasks.deliver_notice"]
    assert list(ready.filter(queue_name__in=["heavy"]).values_list("task_path", flat=True)) == [
        "reviewdesk.reports.tasks.scan_draft"]


def test_make_run_starts_a_worker_per_queue_and_the_recovery_sweep():
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    workers = re.findall(r"db_worker .*--queue-name (\w+)", recipe)
    assert sorted(workers) == ["default", "heavy"]
    assert "recover_jobs --every" in recipe


@pytest.mark.django_db
def test_the_recovery_sweep_says_what_it_did():
    out = io.StringIO()
    call_command("recover_jobs", stdout=out)
    assert out.getvalue() == "0 stopped job(s) queued again, 0 marked failed.\n"


@pytest.mark.parametrize(("argv", "loads_the_model"), [
    (["manage.py", "db_worker", "--queue-name", "heavy"], True),
    (["manage.py", "db_worker", "--queue-name=default,heavy"], True),
    (["manage.py", "db_worker", "--queue-name", "*"], True),
    (["manage.py", "db_worker", "--queue-name", "default"], False),
    (["manage.py", "db_worker"], False),
])
def test_only_the_worker_that_scans_drafts_loads_the_language_model(argv, loads_the_model):
    from reviewdesk.reports.apps import scans_drafts

    assert scans_drafts(argv) is loads_the_model
