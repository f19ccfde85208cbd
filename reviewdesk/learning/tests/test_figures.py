"""The partnership's yearly report figures: for a chosen year, on the page and as .xlsx and
.docx with the same numbers; downloads audited."""

import io
from datetime import date

from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action
from reviewdesk.action_plan.testing import make_meeting
from reviewdesk.audit.models import AuditEvent
from reviewdesk.decisions.models import Outcome
from reviewdesk.learning import selectors
from reviewdesk.learning.tests.conftest import Learned
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Clock, ClockKind, ReviewKind
from reviewdesk.testing import ClientFor


def _figures(learned_review: Learned, business_manager: User) -> None:
    done = learned_review("Ada Brook", aware=date(2025, 2, 3), completed_on=date(2025, 8, 20),
                          review_themes=("Neglect",),
                          actions=({"agreed_on": date(2025, 9, 1),
                                    "status": Action.Status.COMPLETED,
                                    "completed_on": date(2025, 11, 3)},))
    make_publication(done, by=business_manager, published_on=date(2025, 10, 1),
                     title="Child A", slug="child-a-2025")
    late = learned_review("Bea Cole", aware=date(2025, 5, 5), outcome=Outcome.LEARNING_REVIEW,
                          kind=ReviewKind.LEARNING_REVIEW, actions=())
    Clock.objects.create(review=late, kind=ClockKind.REVIEW_COMPLETION,
                         started_on=date(2025, 5, 28), due_on=date(2025, 11, 28),
                         revised_due_on=date(2026, 3, 1), delay_reason=Clock.DelayReason.INQUEST,
                         owed_by="The lead reviewer", rule_source="WT 2023",
                         rule_text="Six months")
    shown = learned_review("Cal Dunn", aware=date(2024, 4, 1), completed_on=date(2025, 1, 20),
                           actions=({"status": Action.Status.IMPACT_SHOWN},))
    meeting = make_meeting(None, by=business_manager, held_on=date(2025, 12, 1),
                           kind="monitoring", partnership_id=shown.partnership_id)
    Action.objects.filter(review=shown).update(impact_accepted_at=meeting)


def test_the_figures_of_a_year(learned_review: Learned, business_manager: User,
                               partner: User) -> None:
    _figures(learned_review, business_manager)
    figures = {f.label: f for f in selectors.yearly_figures(partner, 2025).figures}
    assert figures["Rapid reviews held"].value == 2
    assert figures["Decisions after a rapid review"].parts == [
        ("Local child safeguarding practice review", 1),
        ("Local learning review / 'near miss'", 1)]
    assert figures["Reviews started"].value == 2
    assert figures["Reviews completed"].value == 2
    # 20 August 2025 is within six months of 28 February; 20 January 2025 is not of 28 April
    # 2024.
    assert figures["Reviews completed within six months"].value == 1
    assert figures["Reviews delayed"].parts == [("Inquest", 1)]
    assert figures["Reports published"].value == 1
    assert figures["Actions agreed"].value == 1
    assert figures["Actions completed"].value == 1
    assert figures["Actions with impact shown"].value == 1
    themes = dict(selectors.yearly_figures(partner, 2025).themes)
    assert themes["Neglect"] == 1 and themes["Non-accidental injury"] == 2


def test_the_page_and_both_files_say_the_same(client_for: ClientFor, learned_review: Learned,
                                              business_manager: User, partner: User) -> None:
    _figures(learned_review, business_manager)
    client = client_for(partner)
    page = client.get(reverse("learning:figures"), {"year": 2025}).content.decode()
    assert "Review figures for 2025" in page and "Inquest" in page
    rows = selectors.yearly_figures(partner, 2025).rows()
    book = load_workbook(io.BytesIO(client.get(reverse("learning:figures_xlsx",
                                                       args=[2025])).content))
    sheet = book.active
    assert sheet is not None
    sheet_rows = [(r[0] or "", r[1] or "", r[2]) for r in
                  sheet.iter_rows(min_row=5, values_only=True)]
    assert [(part, n) for _, part, n in rows] == [(p, n) for _, p, n in sheet_rows]
    doc = Document(io.BytesIO(client.get(reverse("learning:figures_docx", args=[2025])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Reviews completed within six months: 1" in text and "Inquest: 1" in text
    events = AuditEvent.objects.filter(event_type="learning.figures_downloaded")
    assert sorted(e.data["format"] for e in events) == ["docx", "xlsx"]


def test_a_year_without_reviews_is_not_found(client_for: ClientFor, learned_review: Learned,
                                             partner: User) -> None:
    learned_review()
    client = client_for(partner)
    assert client.get(reverse("learning:figures_xlsx", args=[1999])).status_code == 404
    # An unknown year in the form shows this year's.
    this_year = timezone.localdate().year
    assert f"Review figures for {this_year}" in client.get(reverse("learning:figures"),
                                                           {"year": "1999"}).content.decode()


def test_who_may_see_the_figures(client_for: ClientFor, learned_review: Learned,
                                 practitioner: User, learning_lead: User) -> None:
    learned_review()
    assert client_for(learning_lead).get(reverse("learning:figures")).status_code == 200
    assert client_for(practitioner).get(reverse("learning:figures")).status_code == 403
    assert client_for(practitioner).get(reverse("learning:figures_xlsx", args=[2026])
                                        ).status_code == 403


def test_typed_words_in_the_figures_workbook_are_text_never_formulas():
    from types import SimpleNamespace

    from reviewdesk.learning.exports import workbook

    figures = SimpleNamespace(year=2026, rows=lambda: [("Reviews started", "", 3)],
                              themes=[('=HYPERLINK("http://x.invalid","Neglect")', 2),
                                      ("@SUM(1+1)", 1), ("Neglect", 4)])
    book = load_workbook(io.BytesIO(workbook(figures, "+Testshire=1")))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.value for c in cells if c.data_type == "f"]
    themes = [row[0].value for row in book["Themes"].iter_rows(min_row=2)]
    assert themes == ["'=HYPERLINK(\"http://x.invalid\",\"Neglect\")", "'@SUM(1+1)", "Neglect"]
    assert book.worksheets[0]["A1"].value.startswith("'+Testshire=1")
