# The object store's fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811
"""Kept files in an S3-compatible object store (django-storages), configured by environment
variables as production is, against moto's server started by the test: large files go up in
parts and come down in a stream spooled to disk, every object is encrypted at rest, and a name
already taken is never overwritten. The pages that store and read files run on it in
test_file_storage.py, and the backup drill in backups/tests."""

import hashlib
import os
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from reviewdesk import settings as project_settings
from reviewdesk.accounts.models import User
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Review
from reviewdesk.tests_settings.object_store import s3, s3_client, s3_endpoint, stored_keys  # noqa: F401

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _head(s3: dict[str, str], key: str) -> dict[str, Any]:
    head: dict[str, Any] = s3_client(s3["endpoint"]).head_object(Bucket=s3["bucket"], Key=key)
    return head


def test_a_large_published_report_goes_up_in_parts_and_streams_down_from_disk(
        s3, review: Review, business_manager: User, client: Client):
    publication = make_publication(review, by=business_manager, title="Child L", slug="child-l")
    # Bigger than the store's part size (8 MB) and the memory kept per file read (5 MB).
    big = b"%PDF-1.7\n" + os.urandom(3 * MB) * 8
    publication.document.save("large-report.pdf", ContentFile(big))
    key = f"kept/{publication.document.name}"
    assert key in stored_keys(s3)
    assert "-" in _head(s3, key)["ETag"], "not uploaded in parts"

    response = client.get(f"/published/{publication.slug}/report.pdf")

    assert response.status_code == 200 and response.streaming
    digest, largest = hashlib.sha256(), 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        digest.update(chunk)
        largest = max(largest, len(chunk))
    assert digest.hexdigest() == hashlib.sha256(big).hexdigest()
    # Sent a block at a time, never the whole file in one piece.
    assert largest <= 64 * 1024
    response.close()


def test_a_file_read_back_past_the_memory_limit_is_held_on_disk(s3):
    name = default_storage.save("reports/final/large.docx", ContentFile(b"x" * (6 * MB)))
    with default_storage.open(name, "rb") as stored:
        assert stored.read(10) == b"x" * 10
        # django-storages keeps the download in a spooled file: past the limit it is on disk.
        assert stored.file._rolled
    with default_storage.open(default_storage.save("small.txt", ContentFile(b"small")), "rb") as s:
        assert s.read() == b"small" and not s.file._rolled


def test_every_object_is_encrypted_at_rest_and_no_name_is_overwritten(s3):
    first = default_storage.save("chronology/police.csv", ContentFile(b"first"))
    second = default_storage.save("chronology/police.csv", ContentFile(b"second"))

    assert first != second
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"
    for name in (first, second):
        assert _head(s3, f"kept/{name}")["ServerSideEncryption"] == "AES256"
    default_storage.delete(first)
    assert stored_keys(s3) == [f"kept/{second}"]


def test_the_environment_chooses_the_store(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("STORAGE_S3_BUCKET", raising=False)
    assert project_settings._kept_files() == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}

    monkeypatch.setenv("STORAGE_S3_BUCKET", "  partnership-files ")
    monkeypatch.setenv("STORAGE_S3_ENDPOINT_URL", "https://objects.example.invalid")
    monkeypatch.setenv("STORAGE_S3_PREFIX", "/review-desk/")
    monkeypatch.setenv("STORAGE_S3_ENCRYPTION", "none")
    chosen = project_settings._kept_files()
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {k: chosen["OPTIONS"][k] for k in ("bucket_name", "endpoint_url", "location",
                                              "object_parameters", "file_overwrite",
                                              "default_acl")} == {
        "bucket_name": "partnership-files", "endpoint_url": "https://objects.example.invalid",
        "location": "review-desk", "object_parameters": {}, "file_overwrite": False,
        "default_acl": None}
