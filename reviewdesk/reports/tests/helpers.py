"""Helpers shared by the publication check tests."""

import html
import io
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from reviewdesk.accounts.models import User
from reviewdesk.reports import actions
from reviewdesk.reports.models import DraftCheck, ReportVersion
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientResponse

if TYPE_CHECKING:
    from reviewdesk.reviews.tests.test_access_matrix import MatrixContext


def text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def upload_file(content: str | bytes, name: str = "Kayden Moorcroft draft v3.txt") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def checked(review: Review, by: User, content: str | bytes, name: str = "draft.txt") -> DraftCheck:
    """A draft uploaded through the action and scanned at once (as the worker would)."""
    data = content.encode() if isinstance(content, str) else content
    check = actions.upload_draft(review, by=by, data=data, filename=name)
    run_check(check.pk)
    check.refresh_from_db()
    return check


def docx_bytes(*paragraphs: str, author: str = "") -> bytes:
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if author:
        document.core_properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def marked(finding: str) -> str:
    """A finding highlighted in its paragraph, as the page writes it."""
    return (f'<mark><span class="govuk-visually-hidden">Start of finding: </span>{finding}'
            '<span class="govuk-visually-hidden"> (end of finding)</span></mark>')


def report_docx(*blocks: str | tuple[str, int]) -> bytes:
    """A report as a Word document: a string is a paragraph, (text, level) a heading."""
    from docx import Document

    document = Document()
    for block in blocks:
        if isinstance(block, tuple):
            document.add_heading(block[0], block[1])
        else:
            document.add_paragraph(block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def version_of(review: Review, by: User, *blocks: str | tuple[str, int], scan: bool = True,
               **extra: object) -> ReportVersion:
    """A version uploaded through the action (``reports.actions.upload_version``), its check run
    at once as the worker would. The other report-stage apps' tests make versions with this."""
    data = report_docx(*blocks) if blocks else report_docx(("Introduction", 1), "A paragraph.")
    version = actions.upload_version(review, by=by, data=data, filename="report.docx",
                                     **extra)  # type: ignore[arg-type]
    if scan and version.draft_check_id:
        run_check(version.draft_check_id)
    version.refresh_from_db()
    return version


def report_readers(ctx: "MatrixContext", readers: set[str]) -> set[str]:
    """The access matrix's readers of the report (READ_REPORT): those given and, beyond the
    report stage, the executive group: the move to publication needs the report signed off (the
    walk signs it off), and the subgroup's sign-off lets the executive group read it
    (access.subgroup_has_signed_off)."""
    from reviewdesk.reviews.tests.test_access_matrix import STAGES

    if STAGES.index(ctx.stage) > STAGES.index("report"):
        return readers | {"executive"}
    return readers
