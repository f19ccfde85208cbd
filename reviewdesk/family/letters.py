"""Letters to the family: the default wording, a review's own wording, and the letter as a Word
document or a PDF.

A letter is for the family, so it carries real names: the person it is addressed to and the
child as the family knows them. Only those who may see every identity on the review produce or
download one (access.py: MANAGE_FAMILY). The words are kind, short and plain, as a bereaved or
hurt family would want to read them; a review may change them (``change_letter_template``).
"""

import io
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from reviewdesk.family.models import LetterKind, LetterTemplate
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewMembership, ReviewRole

# What a letter's wording may ask Review Desk to fill in, with what each becomes.
PLACEHOLDERS = {
    "name": "the name of the person the letter is addressed to",
    "child": "the child's name, as the family knows them",
    "reviewer": "the lead reviewer's name",
    "partnership": "the partnership's name",
    "today": "the date the letter is produced",
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")

_SIGN_OFF = ["With kind regards,", "{reviewer}\nLead reviewer, on behalf of {partnership}"]


def _letter(*paragraphs: str) -> str:
    return "\n\n".join([*paragraphs, *_SIGN_OFF])


# Paragraphs; a blank line between them in the wording people edit.
DEFAULTS = {
    LetterKind.FIRST: _letter(
        "Dear {name},",
        "I am writing to you because of what happened to {child}. I am very sorry for all that "
        "you and your family have been through.",
        "{partnership} is holding a review to learn what the services that knew {child} and your "
        "family could have done better. I am leading it. The review is not about blaming anyone, "
        "and it is not a police investigation. It is about learning, so that other children and "
        "families get the right help sooner.",
        "You knew {child} better than anyone. If you would like to, I would value hearing from "
        "you. We could meet, talk on the phone, or you could write to me, whichever suits you. "
        "You are welcome to bring someone with you for support, and we can arrange an "
        "interpreter.",
        "It is entirely your choice, and you do not need to decide now. If you would rather not "
        "be contacted about the review, please tell me and I will respect that.",
    ),
    LetterKind.REMINDER: _letter(
        "Dear {name},",
        "I wrote to you a little while ago about the review {partnership} is holding after what "
        "happened to {child}. I am writing again in case my letter did not reach you, or you did "
        "not feel ready to reply.",
        "There is no pressure. If you would like to share your thoughts, in person, by phone, in "
        "writing or through someone you trust, I would be glad to hear from you, whenever you are"
        " ready. If you would prefer not to take part, that is completely all right, and you do "
        "not need to explain.",
    ),
    LetterKind.SEE_REPORT: _letter(
        "Dear {name},",
        "Thank you for the part you have played in the review {partnership} has held after what "
        "happened to {child}.",
        "The report is now written in draft. Before it is published, I would like to offer you "
        "the chance to read it and talk it through with me, and to tell me if anything in it "
        "about {child} or your family is wrong or missing. We can do this in person, with someone"
        " to support you, and with an interpreter if you would like one.",
        "Please let me know if you would like to see it, and whether you would like to be told "
        "the date it will be published. If you would rather not, that is your choice.",
    ),
}


def unknown_placeholders(body: str) -> list[str]:
    """The ``{words}`` in a wording that Review Desk cannot fill in."""
    return sorted({m for m in PLACEHOLDER.findall(body) if m not in PLACEHOLDERS})


def wording(review: Review, kind: str) -> tuple[str, LetterTemplate | None]:
    """The review's own wording of this letter, else the default (and the review's template row,
    if it has one)."""
    template = LetterTemplate.objects.filter(review=review, kind=kind).first()
    return (template.body if template else DEFAULTS[LetterKind(kind)]), template


def fill(body: str, values: dict[str, str]) -> str:
    """The wording with its placeholders filled in; anything else in braces is left as typed."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def lead_reviewer_name(review: Review) -> str:
    membership = (ReviewMembership.objects.filter(review=review, role=ReviewRole.LEAD_REVIEWER,
                                                  ended_at__isnull=True)
                  .select_related("person").order_by("started_on", "pk").first())
    return membership.person.full_name if membership else ""


def child_name(review: Review) -> str:
    """The child as the family knows them: the first case's child, by their real name."""
    child = (review.identities.filter(kind=IdentityEntry.Kind.CHILD).order_by("pk").first())
    return child.real_name if child else "your child"


def values_for(review: Review, addressed_to: str, *, signed_by: str,
               on: date) -> dict[str, str]:
    """What each placeholder becomes; ``addressed_to`` is the person's real name (the letter is
    for them)."""
    return {
        "name": addressed_to,
        "child": child_name(review),
        "reviewer": lead_reviewer_name(review) or signed_by,
        "partnership": review.partnership.name,
        "today": f"{on:%-d %B %Y}",
    }


# --- The letter as a file -----------------------------------------------------------------------

@dataclass(frozen=True)
class LetterFile:
    data: bytes
    filename: str
    content_type: str


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"


def _paragraphs(body: str) -> list[list[str]]:
    """Paragraphs (split at blank lines), each as its lines."""
    return [para.strip("\n").split("\n") for para in re.split(r"\n\s*\n", body.strip())
            if para.strip()]


def to_docx(body: str, *, dated: date, title: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)  # a letter a family may read unaided: a comfortable size
    doc.core_properties.title = title
    doc.add_paragraph(f"{dated:%-d %B %Y}")
    for lines in _paragraphs(body):
        paragraph = doc.add_paragraph()
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            if n < len(lines) - 1:
                run.add_break()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_html(body: str, *, dated: date, title: str) -> str:
    paras = "".join(
        "<p>" + "<br>".join(escape(line) for line in lines) + "</p>"
        for lines in _paragraphs(body))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(title)}</title><style>@page {{ size: A4; margin: 2.5cm; }} "
            f"body {{ font-family: {FONT}, Helvetica, sans-serif; font-size: 12pt; "
            f"line-height: 1.5; }} p {{ margin: 0 0 1em; }}</style></head><body>"
            f'<p class="date">{dated:%-d %B %Y}</p>{paras}</body></html>')


def to_pdf(body: str, *, dated: date, title: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(body, dated=dated, title=title)).write_pdf()
    return pdf


def letter_file(body: str, *, fmt: str, dated: date, kind_label: str) -> LetterFile:
    """The letter as a .docx or .pdf. The file is named for the kind of letter and its date,
    never for the person (a file name travels further than its contents)."""
    name = f"{kind_label.lower().replace(' ', '-')}-{dated:%Y-%m-%d}"
    if fmt == "docx":
        return LetterFile(to_docx(body, dated=dated, title=kind_label), f"{name}.docx", DOCX)
    return LetterFile(to_pdf(body, dated=dated, title=kind_label), f"{name}.pdf",
                      "application/pdf")
