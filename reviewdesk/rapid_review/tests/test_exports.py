"""The rapid review for the National Panel, as a Word document and a PDF: the parts in the order
a Panel reader expects, anonymised throughout, every export audited."""

import io
from datetime import date
from typing import Any

import pytest
from docx import Document

from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.rapid_review import actions, exports
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review, ReviewRole
from reviewdesk.testing import MakeReview, TodayIs

CHILD, MOTHER, PRACTITIONER = "Zorbex Quintrell", "Yselda Quintrell", "Wendeline Vortigern"
MARKERS = [CHILD, MOTHER, PRACTITIONER, "29 February 2016", "Zorbo"]
HEADINGS = ["1. Case summary", "2. Agencies involved", "3. Facts established",
            "4. Immediate actions taken", "5. Practice strengths", "6. Learning identified",
            "7. The criteria for a local child safeguarding practice review",
            "8. The partners' decision", "9. Sign-off"]


@pytest.fixture
def finished(make_review: MakeReview, business_manager: User, partner: User, practitioner: User,
             agencies: dict[str, Agency], agency_author: User, partners: dict[str, User],
             today_is: TodayIs) -> Review:
    """A rapid review with every part filled in, every name a marker."""
    today_is(date(2026, 3, 13))
    practitioner.full_name = PRACTITIONER
    practitioner.save()
    review = make_review(child_name=CHILD, summary=f"{CHILD} was hurt; {MOTHER} called 999.",
                         children=[{"name": CHILD, "date_of_birth": date(2016, 2, 29),
                                    "looked_after": True}])
    child = review.identities.get(kind=IdentityEntry.Kind.CHILD)
    review_actions.save_identity(review, by=business_manager, entry=child, aliases="Zorbo")
    review_actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name=MOTHER, pseudonym="Mother")
    review_actions.add_member(review, practitioner, ReviewRole.PRACTITIONER, by=business_manager,
                              started_on=date(2026, 3, 2))
    actions.record_notification(review.incidents.get(), by=business_manager,
                                panel_notified_on=date(2026, 3, 4), panel_reference="NOT-77",
                                partners_told_on=date(2026, 3, 3))
    review = actions.start_rapid_review(review, by=business_manager, effective_on=date(2026, 3, 3))
    [police] = actions.request_summaries(review, by=business_manager, due_on=date(2026, 3, 9),
                                         requested_on=date(2026, 3, 3),
                                         contacts=[(agencies["police"], agency_author)])
    actions.submit_summary(police, by=agency_author, what_known="Seen twice.",
                           immediate_actions="None needed.", early_learning="None yet.")
    actions.record_meeting(review, by=business_manager, held_on=date(2026, 3, 10),
                           attendees=[partner, practitioner], notes=f"{MOTHER} was not invited.",
                           immediate_actions=f"Zorbo's siblings were seen by {PRACTITIONER}.")
    actions.save_record(
        review, by=business_manager,
        facts_established=f"{CHILD} was found injured.\n{MOTHER} was at home.",
        immediate_actions=f"{PRACTITIONER} visited the siblings.",
        practice_strengths="The school acted quickly.",
        learning_local=f"Health did not hear of {CHILD}'s earlier injury.",
        learning_national="None of national significance.",
        criterion_a="met", evidence_a=f"{PRACTITIONER} was not told of the injury.",
        criterion_b="not_met", criterion_c="unclear", criterion_d="not_met",
        national_review_view="do_not_recommend",
        national_review_reasons="The learning is local.")
    for partner_for, person in partners.items():
        actions.record_sign_off(review, by=business_manager, partner_for=partner_for,
                                on_behalf_of=person, signed_on=date(2026, 3, 12))
    actions.record_panel_copy(review, by=business_manager, sent_on=date(2026, 3, 13))
    return review


def docx_text(content: bytes) -> list[str]:
    """Every paragraph and table cell of the document, in order."""
    doc = Document(io.BytesIO(content))
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tc"):
                    out.append("".join(t.text or "" for t in row.iter() if t.tag.endswith("}t")))
    return [line for line in out if line]


def pdf_text(html: str) -> list[str]:
    """The text WeasyPrint lays out on the PDF's pages, in order."""
    from weasyprint import HTML

    found: list[str] = []

    def walk(box: Any) -> None:  # a WeasyPrint layout box
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return found


def in_order(lines: list[str], wanted: list[str]) -> bool:
    positions = [next((i for i, line in enumerate(lines) if line.startswith(w)), -1)
                 for w in wanted]
    return -1 not in positions and positions == sorted(positions)


def assert_anonymised(text: str) -> None:
    leaks = [m for m in MARKERS if m.lower() in text.lower()]
    assert not leaks, f"the export shows {leaks}"


def test_the_word_document_has_every_part_in_order_and_no_real_names(
        finished, partner, client_for):
    response = client_for(partner).get(f"/reviews/{finished.uuid}/rapid-review/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert f"rapid-review-{finished.reference}.docx" in response["Content-Disposition"]
    lines = docx_text(response.content)
    assert in_order(lines, HEADINGS)
    text = "\n".join(lines)
    assert_anonymised(text)
    assert "Child A, 10 years, looked-after child" in text  # an age, never the date of birth
    assert "Child A was found injured." in text and "Mother was at home." in text
    assert "4 March 2026, reference NOT-77" in text
    assert "Health Visitor 1 visited the siblings." in text
    assert "Agreed at the rapid review meeting on 10 March 2026" in text
    assert "Child A's siblings were seen by Health Visitor 1." in text
    assert "Testshire Police" in text and "Sent, waiting to be checked (sent 13 March 2026)" in text
    assert "Health Visitor 1 was not told of the injury." in text
    assert "Do not recommend a national review" in text
    assert "Decision not yet recorded." in text
    assert ("Signed off by all three safeguarding partners, the last on 12 March 2026. Local "
            "authority: signed off on 12 March 2026 by Pat Partner; Health (ICB): signed off on "
            "12 March 2026 by Hattie Health; Police: signed off on 12 March 2026 by Percy Police"
            ) in text
    assert "13 March 2026" in lines[lines.index("Copy sent to the Panel") + 1]
    event = AuditEvent.objects.get(event_type="rapid_review.exported")
    assert (event.actor, event.data) == (partner, {"format": "docx"})


def test_the_pdf_has_every_part_in_order_and_no_real_names(finished, business_manager,
                                                          client_for):
    response = client_for(business_manager).get(
        f"/reviews/{finished.uuid}/rapid-review/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = exports.to_html(exports.build(finished))
    assert "font-family: 'Liberation Sans', Arial, sans-serif" in html
    assert html.count("font-family: 'Liberation Sans', Arial, sans-serif") >= 4  # margin boxes
    lines = pdf_text(html)
    assert in_order(lines, HEADINGS)
    text = "\n".join(lines)
    assert_anonymised(text)
    assert_anonymised(html)
    assert "Child A was found injured." in text and "OFFICIAL-SENSITIVE" in text
    assert AuditEvent.objects.get(event_type="rapid_review.exported").data == {"format": "pdf"}


def test_the_export_carries_the_partners_decision(finished, monkeypatch):
    monkeypatch.setattr(exports, "decision_summary", lambda review: {
        "outcome_label": "Local child safeguarding practice review",
        "decided_on": date(2026, 3, 20), "reasons": f"{CHILD}'s case meets criterion (a).",
        "decided_by_label": "The three safeguarding partners"})
    text = "\n".join(docx_text(exports.to_docx(exports.build(finished))))
    assert "Local child safeguarding practice review" in text and "20 March 2026" in text
    assert "Child A's case meets criterion (a)." in text
    assert_anonymised(text)


def test_only_the_rapid_reviews_readers_export_it(finished, agency_author, practitioner,
                                                  outsider, client_for):
    url = f"/reviews/{finished.uuid}/rapid-review/export.pdf"
    assert client_for(agency_author).get(url).status_code == 403
    assert client_for(practitioner).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not AuditEvent.objects.filter(event_type="rapid_review.exported").exists()
