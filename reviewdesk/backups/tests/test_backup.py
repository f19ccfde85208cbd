"""A backup holds the database and every stored file; a restore puts them back, checked: the
drill (made, backed up, dropped, restored, every count equal, the audit chain whole) runs on
whichever database the suite runs on (SQLite, and PostgreSQL in CI)."""

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.verify import verify_chain
from reviewdesk.backups import archive
from reviewdesk.reviews.models import Review
from reviewdesk.tests_settings.object_store import s3, s3_endpoint, stored_keys  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def checkpoints(settings, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture
def work(review: Review) -> dict[str, object]:
    """A review with its team (and the audit events that made it), and two stored files."""
    draft = default_storage.save("drafts/ab12cd.docx", ContentFile(b"PK\x03\x04 a draft report"))
    letter = default_storage.save("letters/2026/notice.pdf", ContentFile(b"%PDF-1.7 " * 5000))
    return {"review": review, "files": {draft: default_storage.open(draft).read(),
                                        letter: default_storage.open(letter).read()}}


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "-o", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *extra, stdout=out, stderr=out)
    return out.getvalue()


def drop_everything() -> None:
    call_command("flush", "--no-input")
    for name in archive.stored_files():
        default_storage.delete(name)


def test_the_drill_made_backed_up_dropped_restored_counts_equal_and_the_chain_whole(
        work, tmp_path):
    drill(work, tmp_path)


def test_the_drill_with_stored_files_in_an_object_store(s3, work, tmp_path):  # noqa: F811
    drill(work, tmp_path)
    assert {name.removeprefix("kept/") for name in stored_keys(s3)} == set(work["files"])


def drill(work: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "backup.tar.gz"
    said = backup(path)
    counts = archive.row_counts()  # after the backup's own audit event, which it holds
    assert f"to {path}" in said and "2 stored files" in said

    drop_everything()
    assert not Review.objects.exists() and not list(archive.stored_files())

    said = restore(path)

    assert "Every table's rows match the archive, and the audit chain is intact" in said
    after = archive.row_counts()
    # Every table as backed up, but for the restore's own audit event (and its chain's head).
    assert after["audit.AuditEvent"] == counts["audit.AuditEvent"] + 1
    assert {k: v for k, v in after.items() if k != "audit.AuditEvent"} == {
        k: v for k, v in counts.items() if k != "audit.AuditEvent"}
    assert Review.objects.get().reference == work["review"].reference
    assert {name: default_storage.open(name).read() for name in archive.stored_files()} == work["files"]
    assert not verify_chain().problems
    assert list(AuditEvent.objects.order_by("-pk").values_list("event_type", flat=True)[:1]) == [
        "backups.restored"]


def test_the_manifest_says_what_the_copy_holds(work, tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())

    assert manifest["rows"] == archive.row_counts()
    assert manifest["rows"]["reviews.Review"] == 1
    assert set(manifest["files"]) == set(work["files"])
    assert {"files/" + name for name in work["files"]} <= names
    assert manifest["database"]["file"] in names and manifest["migrations"]


def test_a_database_holding_work_is_not_replaced_unless_forced(work, tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    default_storage.save("drafts/new-since.docx", ContentFile(b"new"))
    before = archive.row_counts()

    with pytest.raises(CommandError, match=r"already holds work \(.*1 reviews.*\).*--force"):
        restore(path)
    assert archive.row_counts() == before  # nothing changed

    restore(path, "--force")
    assert Review.objects.count() == 1
    # Files stored since the backup are left where they are: a restore never deletes a file.
    assert default_storage.exists("drafts/new-since.docx")


def test_bad_archives_are_refused_with_what_is_wrong_and_nothing_changes(work, tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    before = archive.row_counts()

    with pytest.raises(CommandError, match="is not a file"):
        restore(tmp_path / "missing.tar.gz")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="cannot be read as a backup"):
        restore(junk, "--force")
    # A stored file changed inside the archive: its digest no longer matches the manifest.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(path) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "files/drafts/ab12cd.docx":
                data = data.replace(b"draft", b"DRAFT")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="drafts/ab12cd.docx .* not the one backed up"):
        restore(tampered, "--force")

    assert archive.row_counts() == before


def test_a_backup_never_replaces_another_and_needs_its_folder(work, tmp_path):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        backup(path)
    assert path.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match="does not exist"):
        backup(tmp_path / "no-such-folder" / "backup.tar.gz")


def test_an_archive_of_another_kind_of_database_is_refused(work, tmp_path):
    path = tmp_path / "backup.tar.gz"
    backup(path)
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}
    other_kind = tmp_path / "other.tar.gz"
    with tarfile.open(path) as source, tarfile.open(other_kind, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"]["vendor"] = other[manifest["database"]["vendor"]]
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError, match="restore it into a deployment of the same kind"):
        restore(other_kind, "--force")
