"""The report stage's versions and checked drafts for the demo partnership (called by
``manage.py load_demo`` after the reviews have been walked through their stages).

- Review 9 (a local CSPR, six months overdue): version 1 is the lead reviewer's first draft as a
  Word document, with the case's real names left in the text, a comment, the document's author
  and a neighbour the register does not know; version 2, written a week later and uploaded by the
  business manager on the lead reviewer's behalf, has fewer names left.
- Review 12 (a learning review): a first draft with findings.
- Review 13 (a local CSPR): two versions, the last one with no open findings (the final report).

Every check has run, so findings, carried-forward findings, corrected copies and false alarms can
be tried at once. Every name here is fictional.

For the stage's other demos (comments, checklist, sign-off, final report), ``demo_versions(command)``
returns the versions made here by review number, oldest first: ``{9: [v1, v2], 12: [v1],
13: [v1, v2]}``, after ``load`` has run (this app's demo loads before theirs).
"""

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.reports import actions
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole


def _save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def draft_docx(review: Review) -> bytes:
    """Review 9's first draft: names everywhere, some hidden in a comment and the properties."""
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
    return _save(document)


def second_docx(review: Review) -> bytes:
    """Review 9's version 2: the family's names taken out; one first name and the neighbour
    still left in."""
    from docx import Document

    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).first()
    first = child.real_name.split()[0]
    document = Document()
    document.add_heading(f"Local child safeguarding practice review: {child.pseudonym}", 1)
    document.add_paragraph("This review was led by Ruth Ellery, independent reviewer, for the "
                           "Kirkvale Safeguarding Children Partnership.")
    document.add_paragraph(f"{child.pseudonym} lived with her mother at the family home.")
    document.add_paragraph(f"The health visitor visited {first}'s younger brother twice in the "
                           "spring. The mother told her that a neighbour, Gordon Ashby, "
                           f"sometimes looked after {child.pseudonym}.")
    document.add_paragraph("The school noted that she was often tired and hoped that the family "
                           "would get more help. The police were told.")
    return _save(document)


def report_docx(review: Review, *, clean: bool) -> bytes:
    """A short report in the guide's sections; ``clean``: pseudonyms only (no finding left)."""
    from docx import Document

    child = review.identities.filter(kind=IdentityEntry.Kind.CHILD).first()
    who = child.pseudonym if clean else child.real_name
    document = Document()
    document.add_heading("Introduction", 1)
    document.add_paragraph(f"1.1 This review looks at the help given to {who} and the family "
                           "in the year before the incident.")
    document.add_heading("What happened", 1)
    document.add_paragraph(f"2.1 {who} was known to children's social care and to health "
                           "services. Referrals were made but not followed up.")
    if not clean:
        document.add_paragraph(f"2.2 {child.real_name.split()[0]}'s school raised concerns "
                               "twice with the duty team.")
    document.add_heading("Findings", 1)
    document.add_paragraph("3.1 Information was not shared between agencies when it mattered.")
    document.add_heading("Recommendations", 1)
    document.add_paragraph("4.1 The partnership should check that referrals are followed up "
                           "within five working days.")
    return _save(document)


def _upload(review: Review, data: bytes, *, by: Any, days_ago: int, note: str,
            on_behalf_of: Any = None) -> ReportVersion:
    version = actions.upload_version(
        review, by=by, data=data, filename=f"{review.reference} report.docx", note=note,
        written_on=timezone.localdate() - timedelta(days=days_ago), on_behalf_of=on_behalf_of)
    # Scanned here rather than by the worker, so the demo opens with the findings ready; the
    # queued task then finds the check done and leaves it alone.
    assert version.draft_check_id is not None
    run_check(version.draft_check_id)
    version.refresh_from_db()
    return version


def load(command: Any) -> None:
    lead = command.people["lead.reviewer"]
    bm = command.people.get("business.manager", lead)
    nine = Review.objects.get(pk=command.reviews[9].pk)
    # Far enough apart for a round of comments on version 1, closed and answered before
    # version 2 arrived (comments.demo).
    _upload(nine, draft_docx(nine), by=lead, days_ago=40, note="First draft")
    _upload(nine, second_docx(nine), by=bm, on_behalf_of=lead, days_ago=12,
            note="Names taken out after the publication check")
    if 12 in command.reviews:
        twelve = Review.objects.get(pk=command.reviews[12].pk)
        _upload(twelve, report_docx(twelve, clean=False), by=_lead_of(twelve, lead), days_ago=3,
                note="First draft")
    if 13 in command.reviews:
        thirteen = Review.objects.get(pk=command.reviews[13].pk)
        by = _lead_of(thirteen, lead)
        _upload(thirteen, report_docx(thirteen, clean=False), by=by, days_ago=40,
                note="First draft")
        _upload(thirteen, report_docx(thirteen, clean=True), by=by, days_ago=21,
                note="Final report: comments taken in, every name replaced")


def _lead_of(review: Review, fallback: Any) -> Any:
    membership = review.memberships.filter(role=ReviewRole.LEAD_REVIEWER,
                                           ended_at__isnull=True).select_related("person").first()
    return membership.person if membership else fallback


def demo_versions(command: Any) -> dict[int, list[ReportVersion]]:
    """The versions ``load`` made, by demo review number, oldest first."""
    out: dict[int, list[ReportVersion]] = {}
    for number in (9, 12, 13):
        if number in command.reviews:
            out[number] = list(ReportVersion.objects.filter(
                review_id=command.reviews[number].pk).defer("outline").order_by("number"))
    return out
