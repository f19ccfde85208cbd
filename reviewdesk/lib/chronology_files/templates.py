"""The blank templates agencies fill in (.xlsx and .docx): the review's reference, agency, period and
due date, instructions, and our header row. Never a person's name."""

import datetime as dt
import io

import openpyxl

from reviewdesk.lib.chronology_files.columns import COLUMNS

WIDTHS = {"date": 14, "time": 9, "sequence": 10, "source": 24, "role": 24, "event": 60, "action": 40,
          "analysis": 40}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _template_lines(reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                    due: dt.date | None) -> list[tuple[str, str]]:
    return [
        ("Review", reference),
        ("Agency", agency),
        ("Period under review", f"{_long_date(period[0])} to {_long_date(period[1])}" if period
         else "As set in the terms of reference"),
        ("Please return by", _long_date(due) if due else "As agreed with the business manager"),
    ]


INSTRUCTIONS = [
    "One row for each event or contact, oldest first. Include only what happened in the period under review.",
    "Write dates day first (22/05/2024). If you are not sure of a date put ? in front (?22/05/2024); if you "
    "know only the month or year, write that (May 2024, 2024).",
    "For several events on one day, number them 1, 2, 3 in the Sequence column.",
    "Give each practitioner's role, never their name. Refer to the child and family as in the terms of "
    "reference.",
    "Every row needs a date, a source of information and the event. Do not change the headings.",
]


def template_xlsx(*, reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                  due: dt.date | None) -> bytes:
    """A workbook to fill in: the review's details and instructions above our header row.

    Holds the review reference and agency name only, never a person's name."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Review Desk"
    workbook.properties.title = f"Chronology for review {reference}"
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = f"Chronology for review {reference}"
    sheet["A1"].font = Font(bold=True, size=14)
    row = 2
    for label, value in _template_lines(reference, agency, period, due)[1:]:
        sheet.cell(row, 1, label).font = Font(bold=True)
        # Text, even where it starts like a formula: the agency's name is typed by people
        # (OWASP: CSV injection).
        sheet.cell(row, 2, value).data_type = "s"
        sheet.merge_cells(f"B{row}:{last}{row}")
        row += 1
    sheet.cell(row, 1, "How to fill this in").font = Font(bold=True)
    sheet.cell(row, 2, "\n".join(INSTRUCTIONS)).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"B{row}:{last}{row}")
    sheet.row_dimensions[row].height = 95
    header = row + 2
    fill = PatternFill("solid", fgColor="DDE4EE")
    for col, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(header, col, column.heading)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = Comment(("Must be filled in. " if column.required else "") + column.help, "Review Desk")
        note.width, note.height = 300, 120
        cell.comment = note
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 20)
    # Typed dates and times stay as typed ('?22/05/2024', '22.05.24'): Excel would otherwise turn some
    # into numbers and refuse others. Our date reader reads the text, day first.
    for col, column in enumerate(COLUMNS, 1):
        # Column styles, not styled cells: Excel gives them to every cell typed into the column.
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.alignment = Alignment(wrap_text=True, vertical="top")
        if column.key in ("date", "time"):
            dimension.number_format = "@"
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0

    help_sheet = workbook.create_sheet("Help")
    help_sheet.append(["Column", "Must be filled in", "What to write"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.heading, "Yes" if column.required else "No", column.help])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 18
    help_sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_docx(*, reference: str, agency: str, period: tuple[dt.date, dt.date] | None,
                  due: dt.date | None) -> bytes:
    """A Word document to fill in: the review's details, instructions and a table with our header row.

    Holds the review reference and agency name only, never a person's name."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "Review Desk"
    props.title = f"Chronology for review {reference}"
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(f"Chronology for review {reference}", level=1)
    for label, value in _template_lines(reference, agency, period, due)[1:]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_heading("How to fill this in", level=2)
    for line in INSTRUCTIONS:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("What to write in each column", level=2)
    for column in COLUMNS:
        paragraph = document.add_paragraph(style="List Bullet")
        required = " (must be filled in)" if column.required else ""
        paragraph.add_run(f"{column.heading}{required}: ").bold = True
        paragraph.add_run(column.help)
    document.add_paragraph("Add rows to the table as you need them (Tab in the last cell adds a row).")

    table = document.add_table(rows=1 + 8, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats at the top of every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    total = sum(WIDTHS.values())
    for cell, column in zip(header.cells, COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.heading)
        run.bold = True
        run.font.size = Pt(10)
    for index, column in enumerate(COLUMNS):
        width = Cm(26.7 * WIDTHS.get(column.key, 20) / total)
        for row in table.rows:
            row.cells[index].width = width
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
