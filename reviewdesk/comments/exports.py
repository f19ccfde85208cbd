"""The comment log of a round as a spreadsheet (.xlsx) and a Word document (.docx): every comment
with its paragraph, commenter, date, lateness and answer. People are shown as the downloader may
see them and every typed word goes through their redactor (``Names``), as on the round's page."""

import io
from dataclasses import dataclass

from django.utils import timezone

from reviewdesk.comments import selectors
from reviewdesk.reports.models import Comment, CommentRound
from reviewdesk.reviews.names import Names

KINDS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
HEAD = ["No.", "Paragraph", "Commenter", "Speaks for", "Made on", "Late", "Comment", "Answer",
        "Changed in", "Lead reviewer's reason or note", "Answered on"]


def _d(day: object) -> str:
    return f"{day:%-d %B %Y}" if day else ""


@dataclass(frozen=True)
class LogRow:
    number: int
    paragraph: str
    commenter: str
    speaks_for: str
    made_on: str
    late: str
    text: str
    answer: str
    changed_in: str
    answer_text: str
    answered_on: str

    def cells(self) -> list[str]:
        return [str(self.number), self.paragraph, self.commenter, self.speaks_for, self.made_on,
                self.late, self.text, self.answer, self.changed_in, self.answer_text,
                self.answered_on]


def comments_of(round_: CommentRound) -> list[Comment]:
    return list(round_.comments.select_related("author", "agency", "late_accepted_by",
                                               "changed_in", "answered_by")
                .order_by("block", "made_on", "pk"))


def log_rows(round_: CommentRound, names: Names) -> list[LogRow]:
    rows = []
    for n, c in enumerate(comments_of(round_), start=1):
        late = ""
        if c.late:
            late = (f"Late: accepted by {names.user(c.late_accepted_by)} because "
                    f"{names.redact(c.late_reason)}")
        rows.append(LogRow(
            n, names.redact(c.anchor) if c.anchor else "General", names.user(c.author),
            selectors.who_speaks(c), _d(c.made_on), late, names.redact(c.text),
            c.get_answer_display() if c.answer else "Not answered yet",
            f"Version {c.changed_in.number}" if c.changed_in else "",
            names.redact(c.answer_text), _d(c.answered_on)))
    return rows


def _title(round_: CommentRound, names: Names) -> str:
    return (f"{round_.review.reference}: comments on version {round_.version.number} of the "
            f"report (round {round_.number})")


def _lines(round_: CommentRound) -> list[str]:
    state = selectors.STATE_LABELS[selectors.state(round_, timezone.localdate())]
    return [f"Opened on {_d(round_.opened_on)} for {round_.working_days} working days; "
            f"closed for comments at the end of {_d(round_.closes_on)}.",
            f"State: {state}" + (f" on {_d(round_.answered_on)}." if round_.answered_on else "."),
            "OFFICIAL-SENSITIVE: a draft's discussion. Do not forward."]


def log_file(round_: CommentRound, *, kind: str, names: Names) -> bytes:
    if kind == "xlsx":
        return _xlsx(round_, names)
    if kind == "docx":
        return _docx(round_, names)
    raise ValueError(f"No comment log of kind {kind!r}")


def _xlsx(round_: CommentRound, names: Names) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Round {round_.number}"
    sheet.append(HEAD)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in log_rows(round_, names):
        sheet.append(row.cells())
        for cell in sheet[sheet.max_row]:
            # Typed text is text, never a formula ("=HYPERLINK(…)" stays as typed).
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGHIJK", [5, 14, 22, 24, 16, 30, 60, 16, 12, 50, 16],
                             strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    about = book.create_sheet("About")
    for line in [_title(round_, names), *_lines(round_)]:
        about.append([line])
        about.cell(about.max_row, 1).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(round_: CommentRound, names: Names) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(_title(round_, names), 1)
    for line in _lines(round_):
        document.add_paragraph(line)
    rows = log_rows(round_, names)
    if not rows:
        document.add_paragraph("No comments were made in this round.")
    else:
        table = document.add_table(rows=1, cols=len(HEAD))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEAD, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row.cells(), strict=True):
                cell.text = text
    document.core_properties.author = "Review Desk"
    document.core_properties.title = _title(round_, names)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
