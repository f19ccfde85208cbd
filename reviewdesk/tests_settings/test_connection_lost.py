# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Issue 22 §2, on PostgreSQL: the database connection killed (``pg_terminate_backend``) in the
middle of saving an agency's chronology upload and in the middle of moving a review on. Nothing
is half-saved, the person is told nothing was saved and to try again, and the audit chain is
whole. (SQLite has no server connection to lose.)"""

from typing import Any

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.verify import verify_chain
from reviewdesk.chronology import actions as chronology_actions
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    nurse,
    police,
)
from reviewdesk.reviews import history, transitions
from reviewdesk.reviews.models import Review, Stage, TimelineEntry

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a server connection to kill: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]
ROWS = [["01/03/2024", "10:00", "Police log", "PC", "Call from a neighbour.", "Officers sent."]]


def kill(pid: int) -> None:
    """End the backend ``pid`` from a connection of its own, as an administrator or a failover
    would."""
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname=db["NAME"],
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def killed_before(module: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``module.name`` first kills the connection it runs on, then runs: the middle of the work."""
    real = getattr(module, name)

    def dying(*args: Any, **kwargs: Any) -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        kill(pid)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


def reconnect() -> None:
    connection.close()


def test_the_connection_lost_mid_upload_saves_nothing_and_says_try_again(
        client, chronology_review, police, agency_author, monkeypatch, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"
    client.force_login(agency_author)
    events = AuditEvent.objects.count()
    # After the version and its file are saved, as its audit event is written: the middle.
    killed_before(chronology_actions, "record_step", monkeypatch)

    response = client.post(reverse("chronology:upload", args=[chronology_review.uuid, police.pk]),
                           {"file": SimpleUploadedFile("police.csv", csv_file(ROWS), "text/csv")})

    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert "Nothing was saved" in page and "send it again" in page
    reconnect()
    assert not Submission.objects.exists()
    assert AuditEvent.objects.count() == events
    assert not verify_chain(path=settings.AUDIT_CHECKPOINT_PATH).problems


def test_the_connection_lost_mid_transition_leaves_the_review_where_it_was(
        chronology_review, business_manager, monkeypatch, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"
    review = Review.objects.get(pk=chronology_review.pk)
    stage, steps, events = review.stage, TimelineEntry.objects.count(), AuditEvent.objects.count()
    killed_before(transitions, "record_step", monkeypatch)
    assert transitions.record_step is not history.record_step

    with pytest.raises(OperationalError):
        transitions.move(review, "start_conversations", by=business_manager,
                         effective_on=timezone.localdate(), reason="Moving on.",
                         accept_outstanding=True)

    reconnect()
    assert Review.objects.get(pk=review.pk).stage == stage == Stage.CHRONOLOGY
    assert (TimelineEntry.objects.count(), AuditEvent.objects.count()) == (steps, events)
    assert not verify_chain(path=settings.AUDIT_CHECKPOINT_PATH).problems
