# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Issue 22 §2: the storage cannot take a file (a full disk) while an agency's chronology is
uploaded: the author is told nothing was saved, and nothing was: no version, no file, no audit
event. Any other failure is still a server error, not passed off as a full disk."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    health,
    nurse,
    police,
)

ROWS = [["01/03/2024", "10:00", "Police log", "PC", "Call from a neighbour.", "Officers sent."]]


def upload(client, review, agency):
    return client.post(reverse("chronology:upload", args=[review.uuid, agency.pk]),
                       {"file": SimpleUploadedFile("police.csv", csv_file(ROWS), "text/csv")})


@pytest.mark.django_db
def test_a_full_disk_on_upload_says_nothing_was_saved_and_saves_nothing(
        client, chronology_review, police, agency_author, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    client.force_login(agency_author)
    events = AuditEvent.objects.count()

    response = upload(client, chronology_review, police)

    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert "Your file could not be saved" in page and "Nothing was saved" in page
    assert not Submission.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_another_failure_is_not_taken_for_a_full_disk(client, chronology_review, police,
                                                      agency_author, monkeypatch):
    def missing(*args, **kwargs):
        raise OSError(errno.ENOENT, "No such file or directory")

    monkeypatch.setattr(FileSystemStorage, "_save", missing)
    client.raise_request_exception = True
    client.force_login(agency_author)
    with pytest.raises(OSError, match="No such file"):
        upload(client, chronology_review, police)
    assert not Submission.objects.exists()
