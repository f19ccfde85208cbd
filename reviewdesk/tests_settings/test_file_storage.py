# The chronology's shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811
"""Every kept file goes through Django's storage API, never a path on disk, so object storage can
replace the local folder by a setting alone. Here the default storage is Django's in-memory one,
then an S3-compatible object store (moto's server, configured by the environment variables
production uses), and MEDIA_ROOT names a folder that must never appear: a chronology and a draft
report are uploaded through their pages, stored, and read back by their background checks."""

import html
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import Settings

from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    nurse,
    police,
)
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.tests.conftest import DRAFT, registered  # noqa: F401
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.tests_settings.object_store import s3, s3_endpoint, stored_keys  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "object store"])
def in_memory(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Path:
    """Kept files in memory, then in an object store; the folder MEDIA_ROOT names is never
    created."""
    if request.param == "object store":
        request.getfixturevalue("s3")
        return Path(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = tmp_path / "never-created"
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    assert isinstance(storages["default"], InMemoryStorage)
    return settings.MEDIA_ROOT


def test_a_chronology_is_stored_checked_and_accepted_from_storage_without_a_folder(
        in_memory, today_is, chronology_review, police, agency_author, business_manager,
        client_for, django_capture_on_commit_callbacks):
    accepted_on = today_is(date(2026, 12, 7))
    data = csv_file(good_rows(3))
    agency_url = f"/reviews/{chronology_review.uuid}/chronology/{police.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agency_author).post(
            agency_url + "upload/", {"file": SimpleUploadedFile("police chronology.csv", data)})
    assert response.status_code == 302
    submission = Submission.objects.get()
    # The background check read the file back from storage and found every row.
    assert (submission.status, submission.rows_total, submission.error_count) == (
        Submission.Status.READY, 3, 0)
    # Accepting reads it back again, and brings its entries in.
    accepted = client_for(business_manager).post(
        agency_url + "versions/1/accept/",
        {f"accepted_on-{part}": str(getattr(accepted_on, part)) for part in ("day", "month", "year")})
    assert accepted.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED and submission.entries.count() == 3
    with default_storage.open(submission.file.name) as stored:
        assert stored.read() == data
    assert not in_memory.exists()


def test_a_draft_report_is_stored_and_scanned_from_storage_without_a_folder(
        in_memory, registered, lead_reviewer, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead_reviewer).post(
            f"/reviews/{registered.uuid}/publication-checks/upload/",
            {"file": SimpleUploadedFile("draft v3.txt", DRAFT.encode())})
    assert response.status_code == 302
    check = DraftCheck.objects.get()
    assert check.status == "done" and check.findings.count() == 7
    with default_storage.open(check.file.name) as stored:
        assert stored.read() == DRAFT.encode()
    assert not in_memory.exists()


def test_a_register_import_keeps_no_file_at_all(in_memory, review, business_manager, client_for):
    url = f"/reviews/{review.uuid}/register/import/"
    file = json.dumps({"entries": [{"kind": "person", "name": "Shannon Moorcroft",
                                    "pseudonym": "Mother"}]}).encode()
    client = client_for(business_manager)
    checked = client.post(url, {"file": SimpleUploadedFile("register.json", file)})
    assert checked.status_code == 200, checked.status_code
    register = checked.content.decode().split('name="register" value="')[1].split('"')[0]
    version = checked.content.decode().split('name="version" value="')[1].split('"')[0]
    assert client.post(url, {"register": html.unescape(register),
                             "version": html.unescape(version)}).status_code == 302
    assert IdentityEntry.objects.filter(review=review, pseudonym="Mother").exists()
    assert default_storage.listdir("")[1] == [] and not in_memory.exists()
