"""The yearly report figures as .xlsx and .docx: the same rows as the page
(``selectors.YearFigures.rows``), counts only (no review is named)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from reviewdesk.action_plan.documents import Section, to_docx
from reviewdesk.learning.selectors import YearFigures
from reviewdesk.reviews.dashboard_file import _text


def title(figures: YearFigures, partnership: str) -> str:
    return f"{partnership}: review figures for {figures.year}"


def workbook(figures: YearFigures, partnership: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Figures {figures.year}"
    # The partnership's name and its themes are typed by people: text, never a formula.
    sheet.append([_text(title(figures, partnership))])
    sheet.append([f"1 January to 31 December {figures.year}"])
    sheet.append([])
    sheet.append(["Figure", "Of which", "Number"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for label, part, value in figures.rows():
        sheet.append([label if not part else "", part, value])
    themes = book.create_sheet("Themes")
    themes.append(["Theme", "Reviews"])
    for cell in themes[1]:
        cell.font = Font(bold=True)
    for name, n in figures.themes:
        themes.append([_text(name), n])
    for ws, widths in ((sheet, (44, 40, 10)), (themes, (50, 10))):
        for letter, width in zip("ABC", widths, strict=False):
            ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sections(figures: YearFigures) -> list[Section]:
    lines = []
    for figure in figures.figures:
        lines.append(f"{figure.label}: {figure.value}")
        lines.extend(f"- {label}: {n}" for label, n in figure.parts)
    themes = [f"- {name}: {n} review{'s' if n != 1 else ''}" for name, n in figures.themes]
    return [Section("Figures", lines),
            Section("Themes", themes or ["No themes were recorded for the year's reviews."])]


def document(figures: YearFigures, partnership: str) -> bytes:
    return to_docx(title(figures, partnership), sections(figures),
                   subtitle=f"1 January to 31 December {figures.year}")
