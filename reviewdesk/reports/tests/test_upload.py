"""Uploading a draft: every bad file is refused on the form with a clear message and nothing is
kept; a good one is stored under a random name, audited, and scanned in the background."""

import io
import zipfile
from pathlib import Path

import pytest

from reviewdesk.audit.models import AuditEvent
from reviewdesk.lib.ooxml import MAX_ENTRIES
from reviewdesk.lib.scanner.tests.docx_fixtures import patch_docx
from reviewdesk.reports.models import DraftCheck
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import docx_bytes, text, upload_file
from reviewdesk.reviews.models import Review


def url(review: Review) -> str:
    return f"/reviews/{review.uuid}/publication-checks/upload/"


def nothing_kept(media_root: Path) -> bool:
    stored = list(media_root.rglob("*")) if media_root.exists() else []
    return (not DraftCheck.objects.exists() and not [p for p in stored if p.is_file()]
            and not AuditEvent.objects.filter(event_type__startswith="reports.").exists())


def test_the_upload_page_says_what_is_checked_and_takes_a_file(registered, business_manager,
                                                               client_for):
    page = text(client_for(business_manager).get(url(registered)))
    assert "Check a draft for identifying details" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page
    assert ("A Word document (.docx), a PDF or a plain text file, smaller than 20 MB and at most "
            "200,000 words.") in page
    assert "comments, tracked changes and the document's properties" in page


@pytest.mark.parametrize(("name", "content", "message"), [
    (None, None, "Select the draft report to check."),
    ("draft.doc", b"old Word format", "The selected file must be a Word document (.docx), a PDF "
                                      "(.pdf) or a plain text file (.txt)."),
    ("notes", b"no extension at all", "The selected file must be a Word document (.docx)"),
    ("draft.txt", b"", "The selected file is empty. Choose the draft report file again."),
    ("draft.txt", b"\xff\xfe\x00 not UTF-8 \x81", "The text file is not UTF-8"),
    # The database cannot hold a NUL, and offsets must point into the file's own text.
    ("draft.txt", b"Kayden\x00 Moorcroft", "Save the file as UTF-8 text"),
    ("draft.docx", b"PK this is not really a Word document", "draft.docx"),
    ("draft.pdf", b"not a pdf at all", "'draft.pdf' is not a PDF file."),
    ("draft.txt", b"   \n\n  ", "No text could be read from the selected file."),
])
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_kept(
        registered, business_manager, client_for, media_root, name, content, message):
    data = {"file": upload_file(content, name)} if name else {}
    response = client_for(business_manager).post(url(registered), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert nothing_kept(media_root)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        registered, business_manager, client_for, media_root, monkeypatch):
    monkeypatch.setattr("reviewdesk.reports.actions.MAX_BYTES", 100)
    monkeypatch.setattr("reviewdesk.reports.actions.MAX_MEGABYTES", 1)
    page = text(client_for(business_manager).post(url(registered),
                                                  {"file": upload_file("x" * 101, "big.txt")}))
    assert "The selected file must be smaller than 1 MB." in page
    assert nothing_kept(media_root)


def test_a_draft_over_the_word_limit_is_refused_with_its_count_and_the_limit(
        registered, business_manager, client_for, media_root, settings):
    settings.DRAFT_MAX_WORDS = 1_000
    page = text(client_for(business_manager).post(
        url(registered), {"file": upload_file("word " * 1_001, "long.txt")}))
    assert "There is a problem" in page
    assert "The selected file has 1,001 words; a draft can have at most 1,000." in page
    assert nothing_kept(media_root)


def test_a_draft_at_the_word_limit_is_taken(registered, business_manager, client_for, settings):
    settings.DRAFT_MAX_WORDS = 1_000
    response = client_for(business_manager).post(
        url(registered), {"file": upload_file("word " * 1_000, "long.txt")})
    assert response.status_code == 302
    assert DraftCheck.objects.get().words == 1_000


def test_the_default_word_limit_is_200000():
    from reviewdesk import settings as project_settings

    assert project_settings.DRAFT_MAX_WORDS == 200_000


def test_a_good_draft_is_kept_under_a_random_name_and_its_check_is_queued(
        registered, business_manager, client_for, media_root):
    response = client_for(business_manager).post(url(registered), {
        "file": upload_file(DRAFT, "Kayden Moorcroft draft v3.txt")})
    check = DraftCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{registered.uuid}/publication-checks/1/"
    assert (check.number, check.status, check.kind) == (1, "queued", "txt")
    assert check.original_filename == "Kayden Moorcroft draft v3.txt"
    assert check.size == len(DRAFT.encode()) and check.words == len(DRAFT.split())
    assert check.uploaded_by == business_manager
    # On disk: the bytes as uploaded, under a name that says nothing about the case.
    stored = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == DRAFT.encode()
    assert "Kayden" not in str(stored[0]) and "Moorcroft" not in str(stored[0])
    event = AuditEvent.objects.get(event_type="reports.draft_uploaded")
    assert event.summary == "Uploaded a draft for publication check 1"
    assert event.actor == business_manager and event.review_id == registered.pk
    assert "Kayden" not in str(event.data) and event.data["check"] == check.pk


def test_the_scan_runs_once_the_upload_is_committed(
        registered, lead_reviewer, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead_reviewer).post(url(registered), {"file": upload_file(DRAFT)})
    check = DraftCheck.objects.get()
    assert check.status == "done" and check.progress == 100
    assert check.findings.count() == 7
    assert AuditEvent.objects.filter(event_type="reports.draft_checked").exists()


def test_each_upload_on_a_review_gets_the_next_number(registered, subgroup_member, client_for):
    client = client_for(subgroup_member)
    for _ in range(3):
        client.post(url(registered), {"file": upload_file(DRAFT)})
    assert list(registered.draft_checks.values_list("number", flat=True)) == [3, 2, 1]


# --- Macro-enabled and hostile Word files: the chronology upload's checks (lib.ooxml) -------

MACROS = ("'draft v3.docx' is a macro-enabled Word file. We do not take files that can run macros, "
          "to keep everyone's computers safe. Open it in Word, save it as a macro-free Word "
          "Document (.docx) and upload that.")


def macro_content_type(data: bytes) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    return patch_docx(data, {"[Content_Types].xml": types})


def with_vba_project(data: bytes) -> bytes:
    return patch_docx(data, {"word/vbaProject.bin": b"VBA"})


@pytest.mark.parametrize("make", [macro_content_type, with_vba_project])
def test_a_macro_enabled_word_file_named_docx_is_refused_and_nothing_is_kept(
        registered, business_manager, client_for, media_root, make):
    data = make(docx_bytes("Kayden Moorcroft lived with his mother."))
    response = client_for(business_manager).post(url(registered),
                                                 {"file": upload_file(data, "draft v3.docx")})
    assert response.status_code == 200
    assert MACROS in text(response)
    assert nothing_kept(media_root)
    assert not registered.draft_checks.exists()


def test_a_word_file_of_too_many_parts_is_refused_with_the_chronology_s_limit(
        registered, business_manager, client_for, media_root):
    parts = {f"word/media/filler{n}.bin": b"x" for n in range(MAX_ENTRIES)}
    data = patch_docx(docx_bytes("Kayden Moorcroft."), parts)
    page = text(client_for(business_manager).post(url(registered),
                                                  {"file": upload_file(data, "draft.docx")}))
    assert "far more than any report needs" in page
    assert nothing_kept(media_root)
