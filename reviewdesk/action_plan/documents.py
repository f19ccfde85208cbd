"""The stage's generated documents (the actions statement, the seven-minute briefing): one way
to make a .docx and a PDF from headed sections, and the publication check on their text.

Both files are made from the same sections, so they say the same; the PDF with WeasyPrint (no
LibreOffice needed), in the family letters' plain style."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from reviewdesk.lib.scanner.documents import read_text
from reviewdesk.lib.scanner.engine import scan
from reviewdesk.reports.scanning import review_register
from reviewdesk.reviews.models import Review

FONT = "Arial"


@dataclass(frozen=True)
class Section:
    heading: str
    # Each paragraph's text; a paragraph that starts with "- " is a bullet.
    paragraphs: Sequence[str] = field(default_factory=tuple)


def plain_text(title: str, sections: Sequence[Section]) -> str:
    """The document's words, as the publication check reads them."""
    parts = [title]
    for section in sections:
        parts.append(section.heading)
        parts.extend(p for p in section.paragraphs if p.strip())
    return "\n\n".join(parts)


def to_docx(title: str, sections: Sequence[Section], *, subtitle: str = "") -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    doc.core_properties.title = title
    # No author or last-modified-by: the file may be published.
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""
    doc.add_heading(title, level=1)
    if subtitle:
        doc.add_paragraph(subtitle)
    for section in sections:
        doc.add_heading(section.heading, level=2)
        for text in section.paragraphs:
            if not text.strip():
                continue
            if text.startswith("- "):
                doc.add_paragraph(text[2:], style="List Bullet")
            else:
                doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_html(title: str, sections: Sequence[Section], *, subtitle: str = "") -> str:
    body = [f"<h1>{escape(title)}</h1>"]
    if subtitle:
        body.append(f'<p class="subtitle">{escape(subtitle)}</p>')
    for section in sections:
        body.append(f"<h2>{escape(section.heading)}</h2>")
        bullets: list[str] = []
        for text in [*section.paragraphs, ""]:
            if text.startswith("- "):
                bullets.append(f"<li>{escape(text[2:])}</li>")
                continue
            if bullets:
                body.append("<ul>" + "".join(bullets) + "</ul>")
                bullets = []
            if text.strip():
                body.append(f"<p>{escape(text)}</p>")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(title)}</title><style>@page {{ size: A4; margin: 2cm; }} "
            f"body {{ font-family: {FONT}, Helvetica, sans-serif; font-size: 11pt; "
            "line-height: 1.4; } h1 { font-size: 18pt; } h2 { font-size: 13pt; "
            "margin-top: 1.2em; } p, li { margin: 0 0 0.6em; }</style></head><body>"
            + "".join(body) + "</body></html>")


def to_pdf(title: str, sections: Sequence[Section], *, subtitle: str = "") -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(title, sections, subtitle=subtitle)).write_pdf()
    return pdf


def publication_check(review: Review, text: str) -> list[dict]:
    """The publication check (the register and, for people not in it, the model) on ``text``:
    each finding as JSON (text, category, reason, suggestion, part). Empty when it names no one."""
    entries, _ = review_register(review.pk)
    document = read_text(text.encode("utf-8"))
    return [finding.as_json() for finding in scan(document, entries)]
