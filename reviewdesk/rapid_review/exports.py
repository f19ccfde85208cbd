"""The rapid review as a document for the National Panel, in Word (DOCX) and PDF.

Always anonymised: the children by pseudonym with their ages (never dates of birth), staff by
role label, and every piece of free text through the identity register. Both formats come from
one list of parts, in the order a Panel reader expects.
"""

import io
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from reviewdesk.decisions.selectors import decision_summary
from reviewdesk.rapid_review.models import CRITERIA, Meeting, Notification, RapidReviewRecord
from reviewdesk.rapid_review.selectors import (
    age_at,
    is_looked_after_death,
    sign_off_state,
)
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names, anonymised

FONT_STACK = "'Liberation Sans', Arial, sans-serif"
MARKING = "OFFICIAL-SENSITIVE"
NOT_RECORDED = "Not recorded."


@dataclass
class Part:
    """A numbered section of the document. Blocks are ("p", text), ("h3", text),
    ("rows", [(key, value)…]) or ("table", [head…], [[cell…]…])."""

    heading: str
    blocks: list[tuple[Any, ...]] = field(default_factory=list)

    def text(self, value: str) -> None:
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        for line in lines or [NOT_RECORDED]:
            self.blocks.append(("p", line))


@dataclass
class PanelDocument:
    reference: str
    title: str
    lines: list[str]
    parts: list[Part]


def _d(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else NOT_RECORDED.rstrip(".")


def build(review: Review) -> PanelDocument:
    names = anonymised(review)
    r = names.redact
    record = RapidReviewRecord.objects.filter(review=review).first()
    incidents = list(review.incidents.prefetch_related("agencies", "children__identity"))
    notifications = {n.incident_id: n for n in Notification.objects.filter(review=review)}
    meetings = list(Meeting.objects.filter(review=review).prefetch_related("attendees"))
    requests = list(review.summary_requests.select_related("agency"))
    parts = [
        _case_summary(incidents, notifications, meetings, names),
        _agencies(incidents, requests),
    ]
    facts = Part("Facts established")
    facts.text(r(record.facts_established) if record else "")
    actions = Part("Immediate actions taken")
    actions.text(r(record.immediate_actions) if record else "")
    for meeting in meetings:
        if meeting.immediate_actions:
            actions.blocks.append(("h3", f"Agreed at the rapid review meeting on "
                                         f"{_d(meeting.held_on)}"))
            actions.text(r(meeting.immediate_actions))
    strengths = Part("Practice strengths")
    strengths.text(r(record.practice_strengths) if record else "")
    learning = Part("Learning identified")
    learning.blocks.append(("h3", "Local learning"))
    learning.text(r(record.learning_local) if record else "")
    learning.blocks.append(("h3", "Learning of possible national significance"))
    learning.text(r(record.learning_national) if record else "")
    parts += [facts, actions, strengths, learning, _criteria(record, r), _decision(review, r),
              _sign_off(review, record, names)]
    children = ", ".join(names.entry(c) for c in names.children) or "No child recorded"
    return PanelDocument(
        reference=review.reference,
        title=f"Rapid review {review.reference}",
        lines=[review.partnership.name, "For the Child Safeguarding Practice Review Panel",
               f"Children: {children}",
               f"Produced on {timezone.localdate():%-d %B %Y}. Names are replaced by pseudonyms "
               "and role labels; ages are given instead of dates of birth."],
        parts=parts,
    )


def _case_summary(incidents: list[Any], notifications: dict[int, Notification],
                  meetings: list[Meeting], names: Names) -> Part:
    part = Part("Case summary")
    for n, incident in enumerate(incidents, start=1):
        if len(incidents) > 1:
            part.blocks.append(("h3", f"Case {n}"))
        children = list(incident.children.all())
        kids = "; ".join(
            f"{names.entry(c.identity)}, {age_at(c.identity.date_of_birth, incident.incident_date)}"
            + (", looked-after child" if c.looked_after else "") for c in children)
        note = notifications.get(incident.pk)
        rows = [
            ("What happened", incident.get_what_happened_display()),
            ("Abuse or neglect", incident.get_abuse_or_neglect_display()),
            ("Children (age at the incident)", kids or "None recorded"),
            ("Incident date", _d(incident.incident_date)),
            ("Local authority aware", _d(incident.la_aware_on)),
            ("Summary", names.redact(incident.summary)),
            ("Panel notified", (f"{_d(note.panel_notified_on)}, reference {note.panel_reference}"
                                if note and note.panel_notified_on else "Not recorded")),
            ("Local partners told", _d(note.partners_told_on if note else None)),
        ]
        if is_looked_after_death(incident, children):
            rows += [("Ofsted notified", _d(note.ofsted_notified_on if note else None)),
                     ("Secretary of State notified",
                      _d(note.secretary_of_state_notified_on if note else None))]
        part.blocks.append(("rows", rows))
    meeting_dates = ", ".join(_d(m.held_on) for m in meetings) or "None recorded"
    part.blocks.append(("rows", [("Rapid review meeting", meeting_dates)]))
    return part


def _agencies(incidents: list[Any], requests: list[Any]) -> Part:
    part = Part("Agencies involved")
    by_agency = {item.agency_id: item for item in requests}
    agencies = {a.pk: a for incident in incidents for a in incident.agencies.all()}
    agencies.update({item.agency_id: item.agency for item in requests})
    rows = []
    for agency in sorted(agencies.values(), key=lambda a: a.name):
        item = by_agency.get(agency.pk)
        if item is None:
            state = "No summary requested"
        elif item.submitted_on:
            state = f"{item.get_state_display()} (sent {_d(item.submitted_on)})"
        else:
            state = f"{item.get_state_display()} (due {_d(item.due_on)})"
        rows.append([agency.name, agency.get_kind_display(), state])
    if rows:
        part.blocks.append(("table", ["Agency", "Kind", "Agency summary"], rows))
    else:
        part.text("")
    return part


def _criteria(record: RapidReviewRecord | None, r: Any) -> Part:
    part = Part("The criteria for a local child safeguarding practice review")
    rows = []
    for key, _short, text in CRITERIA:
        answer = record and getattr(record, f"get_criterion_{key}_display")()
        evidence = record and getattr(record, f"evidence_{key}")
        rows.append([text, answer or "Not answered", r(evidence) if evidence else "None given"])
    part.blocks.append(("table", ["Criterion", "Answer", "Evidence"], rows))
    part.blocks.append(("h3", "View on a national review"))
    view = record.get_national_review_view_display() if record and record.national_review_view \
        else "Not recorded"
    part.blocks.append(("rows", [("View", view), ("Reasons", r(record.national_review_reasons)
                                                  if record and record.national_review_reasons
                                                  else "None given")]))
    return part


def _decision(review: Review, r: Any) -> Part:
    part = Part("The partners' decision")
    summary = decision_summary(review)
    if not summary:
        part.blocks.append(("p", "Decision not yet recorded."))
        return part
    part.blocks.append(("rows", [
        ("Decision", r(str(summary.get("outcome_label") or "")) or "Not recorded"),
        ("Decided on", _d(summary.get("decided_on"))),
        ("Decided by", r(str(summary.get("decided_by_label") or "")) or "Not recorded"),
        ("Reasons", r(str(summary.get("reasons") or "")) or "None given"),
    ]))
    partners = summary.get("partners") or []
    if partners:
        part.blocks.append(("h3", "Each partner's decision"))
        part.blocks.append(("table", ["Partner", "Decision", "Date", "Reasons"], [
            [str(p.get("partner_label") or ""), str(p.get("outcome_label") or ""),
             _d(p.get("decided_on")), r(str(p.get("reasons") or "")) or "None given"]
            for p in partners]))
    return part


def _sign_off(review: Review, record: RapidReviewRecord | None, names: Names) -> Part:
    part = Part("Sign-off")
    state = sign_off_state(review)
    lines = []
    for row in state["rows"]:
        s = row["sign_off"]
        lines.append(f"{row['label']}: signed off on {_d(s.signed_on)} by {names.user(s.signed_by)}"
                     if s else f"{row['label']}: not yet signed off")
    signed = ("Signed off by all three safeguarding partners, the last on "
              f"{_d(state['last'])}" if state["complete"] else
              "Not yet signed off by all three safeguarding partners") + ". " + "; ".join(lines)
    part.blocks.append(("rows", [
        ("Safeguarding partners' sign-off", signed),
        ("Copy sent to the Panel", _d(record.panel_copy_sent_on) if record and
         record.panel_copy_sent_on else "Not yet sent"),
    ]))
    return part


# --- Formats ---------------------------------------------------------------------------------------


def to_html(document: PanelDocument) -> str:
    return render_to_string("rapid_review/export.html", {
        "doc": document, "font_stack": FONT_STACK, "marking": MARKING})


def to_pdf(document: PanelDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(document)).write_pdf()


def to_docx(document: PanelDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for style in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[style].font.name = "Arial"
    section = doc.sections[0]
    section.header.paragraphs[0].text = MARKING
    section.footer.paragraphs[0].text = document.title
    doc.core_properties.title = document.title
    doc.core_properties.author = document.lines[0]
    doc.add_heading(document.title, level=0)
    for line in document.lines:
        doc.add_paragraph(line)
    for n, part in enumerate(document.parts, start=1):
        doc.add_heading(f"{n}. {part.heading}", level=1)
        for block in part.blocks:
            kind = block[0]
            if kind == "p":
                doc.add_paragraph(block[1])
            elif kind == "h3":
                doc.add_heading(block[1], level=2)
            elif kind == "rows":
                table = doc.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                for key, value in block[1]:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = key, value
                    cells[0].paragraphs[0].runs[0].bold = True
                doc.add_paragraph()
            elif kind == "table":
                head, rows = block[1], block[2]
                table = doc.add_table(rows=1, cols=len(head))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, head, strict=True):
                    cell.text = text
                    cell.paragraphs[0].runs[0].bold = True
                for row in rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = text
                doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
