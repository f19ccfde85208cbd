"""The dashboard as an .xlsx workbook for board reports: the same rows and figures as the page
(``selectors.dashboard``), names as the reader may see them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from reviewdesk.reviews.selectors import STATES, Dashboard

MARKING = "OFFICIAL-SENSITIVE"
# What makes a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REVIEW_COLUMNS = ["Review", "Kind", "Stage", "Next deadline", "Due on", "State", "Who must act",
                  "Overdue tasks"]


def _text(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def workbook(board: Dashboard) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Reviews"
    sheet.append([f"{MARKING}: Review Desk dashboard on {board.today:%-d %B %Y}"])
    sheet.append([f"{board.overdue} overdue, {board.due_soon} due within 2 working days, "
                  f"{len(board.rows)} reviews"])
    sheet.append([])
    sheet.append(REVIEW_COLUMNS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in board.rows:
        sheet.append([
            _text(row.names.title), row.review.get_kind_display(),
            row.review.get_stage_display(),
            row.clock.get_kind_display() if row.clock else "No open deadline",
            row.clock.effective_due_on if row.clock else None,
            row.status.label if row.status else "None open",
            _text(row.who_must_act), row.overdue_tasks,
        ])
        if row.clock:
            sheet.cell(sheet.max_row, 5).number_format = "d mmmm yyyy"
    sheet.freeze_panes = "A5"
    for letter, width in zip("ABCDEFGH", [34, 22, 22, 40, 18, 28, 34, 14], strict=True):
        sheet.column_dimensions[letter].width = width
    chart = book.create_sheet("Deadlines by state")
    chart.append(["Deadline", *[label for _, label in STATES], "Total"])
    for cell in chart[1]:
        cell.font = Font(bold=True)
    for r in board.chart_rows:
        chart.append([r["kind"].label, *[r["counts"][state] for state, _ in STATES], r["total"]])
    chart.column_dimensions["A"].width = 44
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
