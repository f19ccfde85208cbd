"""The monitoring view as an .xlsx workbook for the subgroup's meeting pack: the same filters,
rows and ratings as the page (``selectors.monitoring``), words as the reader may see them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reviewdesk.action_plan import rules
from reviewdesk.progress.selectors import Filters, Monitoring
from reviewdesk.reviews.dashboard_file import MARKING, _text

COLUMNS = ["Review", "Action", "Description", "Recommendations", "Agency", "Owner", "Status",
           "RAG", "Overdue", "Due date", "Original due date", "Completed on", "Last update",
           "Success criteria", "Impact evidence", "History"]
WIDTHS = [30, 8, 50, 16, 28, 24, 16, 18, 10, 14, 16, 14, 14, 40, 40, 60]


def _history(row: object) -> str:
    lines = []
    for entry in row.history:  # type: ignore[attr-defined]
        line = f"{entry.on:%-d %b %Y} {entry.title} ({entry.by})"
        if entry.text:
            line += f": {entry.text}"
        if entry.files:
            line += f" [{len(entry.files)} file{'s' if len(entry.files) != 1 else ''}]"
        lines.append(line)
    return "\n".join(lines)


def workbook(view: Monitoring, filters: Filters) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Actions"
    sheet.append([f"{MARKING}: Review Desk actions on {view.today:%-d %B %Y}"])
    sheet.append([f"{len(view.rows)} actions shown ({view.overdue} overdue of {view.total} "
                  f"monitored){'; filtered' if filters.any else ''}"])
    sheet.append([rules.RAG_RULE])
    sheet.append(COLUMNS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    # Rows counted here: openpyxl's max_row looks at every cell, once per call.
    for row_number, row in enumerate(view.rows, start=5):  # below the title and heading rows
        action = row.action
        sheet.append([
            _text(row.names.title), action.number, _text(row.description),
            row.recommendations, _text(action.agency.name), _text(row.owner),
            action.get_status_display(), row.rating.label, "Yes" if row.rating.overdue else "",
            action.due_on, action.original_due_on if action.original_due_on != action.due_on
            else None, action.completed_on, action.last_update_on,
            _text(row.names.redact(action.success_criteria)),
            _text(row.names.redact(action.impact_evidence)), _text(_history(row)),
        ])
        for column in (10, 11, 12, 13):
            sheet.cell(row_number, column).number_format = "d mmmm yyyy"
        for column in (3, 14, 15, 16):
            sheet.cell(row_number, column).alignment = Alignment(wrap_text=True,
                                                                    vertical="top")
    sheet.freeze_panes = "A5"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
