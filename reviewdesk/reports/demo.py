"""A checked draft for the demo partnership (called by ``manage.py load_demo`` after the reviews
have been walked through their stages).

Review 9, at the report stage, gets the lead reviewer's first draft as a Word document, with the
case's real names left in the text, a comment, the document's author, and a neighbour the
register does not know; the check has run, so its findings, the corrected copy and marking false
alarms can be tried at once. Every name here is fictional.
"""

import io
from typing import Any

from reviewdesk.reports import actions
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import IdentityEntry, Review


def draft_docx(review: Review) -> bytes:
    from docx import Document

    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).first()
    mother = review.identities.filter(pseudonym="Mother").first()
    home = review.identities.filter(kind=IdentityEntry.Kind.PLACE).first()
    first = child.real_name.split()[0]
    born = f"{child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else "2016"
    document = Document()
    document.add_heading(f"Local child safeguarding practice review: {child.pseudonym}", 1)
    document.add_paragraph("This review was led by Ruth Ellery, independent reviewer, for the "
                           "Kirkvale Safeguarding Children Partnership.")
    document.add_paragraph(f"{child.real_name} (born {born}) lived with her mother, "
                           f"{mother.real_name}, at {home.real_name}.")
    # The review's child is at school: the health visitor came for the youngest of the family.
    visit = document.add_paragraph(f"The health visitor, Priya Venn, visited {first}'s younger "
                                   f"brother twice in the spring. Dee told her that a neighbour, "
                                   f"Gordon Ashby, sometimes looked after {first}.")
    document.add_comment(visit.runs, text=f"Check this with {mother.real_name.split()[0]} first",
                         author="Priya Venn", initials="PV")
    document.add_paragraph("The school noted that she was often tired and hoped that the family "
                           "would get more help. The police were told by Arun Thorne.")
    document.core_properties.author = "Priya Venn"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def load(command: Any) -> None:
    review = Review.objects.get(pk=command.reviews[9].pk)
    lead = command.people["lead.reviewer"]
    check = actions.upload_draft(review, by=lead, data=draft_docx(review),
                                 filename="CSPR draft report v1.docx")
    # Scanned here rather than by the worker, so the demo opens with the findings ready; the
    # queued task then finds the check done and leaves it alone.
    run_check(check.pk)
