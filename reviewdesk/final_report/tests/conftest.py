"""The final report's test set-up: a review at the report stage, a report as the lead reviewer
writes it (numbered headings, a running header, page numbers in the footer, words hyphenated
across lines), its version uploaded and checked, and the sign-off's answer faked (the signoff app
is built alongside: ``approval.approval_state`` is the one place that asks it).

Tests that run LibreOffice ask for ``soffice``: they skip where it is not installed, except in CI
(``CI`` or ``REQUIRE_SOFFICE`` set), where they fail instead, as the browser tests do."""

import dataclasses
import io
import os

import pytest
from docx import Document
from docx.oxml import parse_xml

from reviewdesk.accounts.models import User
from reviewdesk.final_report import actions, converter
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import Review, Stage

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# The report's body: (heading) or paragraph text. Names are the pseudonyms a final report uses.
Block = str | tuple[str, int]
REPORT: list[Block] = [
    ("1. Introduction", 1),
    "1.1 This review considers the circumstances of serious harm to Child A, aged six, in "
    "March 2026, and what the partnership's agencies can learn from them.",
    ("2. Methodology", 1),
    "2.1 The lead reviewer read each agency's chronology, met the practitioners involved and "
    "spoke with Child A's mother, who wished to contribute.",
    ("3. What happened", 1),
    "3.1 The health visitor saw Child A at home in January 2026 and recorded concerns about his "
    "weight. The school nurse was not told.",
    "3.2 In February the school raised a concern with children's social care, which decided no "
    "further action was needed after a telephone call with the mother.",
    ("4. Recommendations", 1),
    "4.1 The partnership should make sure that health visitors share weight concerns with the "
    "school nursing service when a child starts school.",
]
FILLER = ("The practitioners described a well-being assessment that was thorough, "
          "multi-agency and child-centred, though its recommendations were not followed up. ")


def report_docx(blocks: list[Block] = REPORT, *, pages: int = 3,
                hidden: str = "", author: str = "") -> bytes:
    """The report as Word saves it: a running header, a page number field in the footer, and
    enough text (``pages``) to run over several pages."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Local child safeguarding practice review: Child A"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    footer._p.append(parse_xml(
        f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    for block in blocks:
        if isinstance(block, tuple):
            document.add_heading(block[0], block[1])
        else:
            document.add_paragraph(block)
    for n in range(pages * 4):
        document.add_paragraph(f"3.{n + 3} " + FILLER * 3)
    if hidden:
        p = document.add_paragraph("A visible sentence.")
        p._p.append(parse_xml(
            f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> {hidden}</w:t></w:r>'))
    if author:
        document.core_properties.author = author
        document.core_properties.last_modified_by = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def soffice_required() -> bool:
    def is_set(name: str) -> bool:
        return os.environ.get(name, "").strip().lower() not in {"", "0", "false", "no"}

    return is_set("CI") or is_set("REQUIRE_SOFFICE")


@pytest.fixture
def soffice() -> str:
    path = converter.soffice_path()
    if path is None:
        message = (f"LibreOffice is missing, so the PDF cannot be made. Install it with "
                   f"'apt-get install -y --no-install-recommends {converter.PACKAGE}'.")
        if soffice_required():
            pytest.fail(message + " CI or REQUIRE_SOFFICE is set, so this is a failure.",
                        pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture
def at_report(review: Review) -> Review:
    Review.objects.filter(pk=review.pk).update(stage=Stage.REPORT)
    review.refresh_from_db()
    return review


def upload(review: Review, by: User, data: bytes | None = None) -> ReportVersion:
    """A version uploaded through the reports app's action, its check run at once."""
    version = report_actions.upload_version(review, by=by, data=data or report_docx(),
                                            filename="Child A report.docx")
    assert version.draft_check_id is not None
    run_check(version.draft_check_id)
    version.refresh_from_db()
    return version


@pytest.fixture
def version(at_report: Review, lead_reviewer: User) -> ReportVersion:
    return upload(at_report, lead_reviewer)


@dataclasses.dataclass
class FakeApproval:
    is_approved: bool
    version: ReportVersion | None


class Approvals:
    """The sign-off's answer, as the tests set it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.state = FakeApproval(False, None)
        monkeypatch.setattr(actions, "approval_state", lambda review: self.state)

    def approve(self, version: ReportVersion) -> None:
        self.state = FakeApproval(True, version)

    def partly(self, version: ReportVersion) -> None:
        self.state = FakeApproval(False, version)


@pytest.fixture
def approvals(monkeypatch: pytest.MonkeyPatch) -> Approvals:
    return Approvals(monkeypatch)


@pytest.fixture
def approved(version: ReportVersion, approvals: Approvals) -> ReportVersion:
    approvals.approve(version)
    return version


@pytest.fixture(autouse=True)
def register_only(settings: object) -> None:
    """Checks look only for the register's identities (fast), as the reports app's tests do."""
    settings.REPORTS_SCAN_UNREGISTERED = False  # type: ignore[attr-defined]
