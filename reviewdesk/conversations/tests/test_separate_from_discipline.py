"""Separate from discipline: what a practitioner says to the reviewer —
the areas to explore, their answer, the note, their consent, the areas they raise and the
replies — never appears in the review's search, in any export the business manager can make
(the rapid review, the merged chronology in every format, the dashboard), on the audit page or
on the review page and its timeline of anyone. Marker text in every field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.chronology.exports import EXPORT_FORMATS
from reviewdesk.conversations import actions
from reviewdesk.conversations.tests.helpers import (
    AREA,
    MARKER_WORDS,
    NOTE,
    REPLY,
    REPLY_NOTE,
    asked,
    make_practitioner,
)
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import (  # noqa: F401 (fixtures)
    marked_review,
    people,
    readable,
    without_echo,
)
from reviewdesk.testing import ClientFor, TodayIs, tomorrow


def _everything_said(review: Review, lead: User, practitioner: User, bm: User,
                     today_is: TodayIs) -> None:
    prac = make_practitioner(review, practitioner, bm)
    conversation = asked(prac, lead)
    actions.ask_for_another_date(conversation, by=practitioner, note=REPLY_NOTE)
    actions.offer_new_dates(conversation, by=lead, place="Room 2",
                            offers=actions.offered_times(conversation))
    actions.accept_date(conversation, by=practitioner,
                        starts_at=actions.offered_times(conversation)[0])
    area = actions.raise_area(prac, by=practitioner, text=AREA)
    today_is(tomorrow() + timedelta(days=1))
    actions.record_held(conversation, by=lead, held_on=timezone.localdate(), note=NOTE)
    # Shared with the business manager: they may read that one note on its page, nowhere else.
    actions.save_note(conversation, by=lead, note=NOTE, shared=True)
    actions.record_consent(conversation, by=practitioner, consent="paraphrased")
    actions.answer_area(area, by=lead, status="answered", reply=REPLY)


def _clean(text: str, where: str) -> None:
    found = [word for word in MARKER_WORDS if word.lower() in text.lower()]
    assert not found, f"{where} shows {found}"


@pytest.mark.parametrize("stage", ["chronology"])
def test_no_search_export_audit_page_or_review_page_holds_what_was_said(
        stage: str, marked_review: Review, people: dict,  # noqa: F811 (fixtures)
        lead_reviewer: User,
        practitioner: User, business_manager: User, client_for: ClientFor,
        today_is: TodayIs) -> None:
    from reviewdesk.reviews.tests.test_access_matrix import walk_to

    review = marked_review
    walk_to(review, stage, business_manager)
    _everything_said(review, lead_reviewer, practitioner, business_manager, today_is)
    bm = client_for(business_manager)
    # Search, for each marker word (the box echoes what was typed: that is taken out).
    for word in MARKER_WORDS:
        page = bm.get("/search/", {"q": word})
        assert page.status_code == 200
        body = without_echo(page.content.decode(), word)
        _clean(body, f"search for {word}")
        assert review.reference not in body
    # Every export the business manager can make of the review, and the dashboard's.
    exports = {
        "rapid review (Word)": bm.get(f"/reviews/{review.uuid}/rapid-review/export.docx"),
        "rapid review (PDF)": bm.get(f"/reviews/{review.uuid}/rapid-review/export.pdf"),
        "dashboard": bm.get("/dashboard/export.xlsx"),
    }
    merged = f"/reviews/{review.uuid}/chronology/merged/export/"
    for fmt in EXPORT_FORMATS:
        exports[f"merged chronology ({fmt})"] = bm.post(merged, {"format": fmt})
    for what, response in exports.items():
        assert response.status_code == 200, (what, response.status_code)
        _clean(readable(response), what)
    # The audit page: summaries and what the trail keeps say what happened, never what was said.
    audit = bm.get("/audit/", {"review": review.reference})
    assert audit.status_code == 200
    _clean(audit.content.decode(), "the audit page")
    assert "recorded a conversation with a practitioner as held" in audit.content.decode()
    assert AuditEvent.objects.filter(event_type="conversations.held").exists()
    for event in AuditEvent.objects.filter(event_type__startswith="conversations."):
        _clean(f"{event.summary} {event.data}", event.event_type)
    # The review page and its timeline, for everyone who sees the review: that a conversation
    # was held, at most; never with whom or what was said.
    for person, user in people.items():
        if user is None:
            continue
        page = client_for(user).get(f"/reviews/{review.uuid}/")
        if page.status_code != 200:
            continue
        body = page.content.decode()
        if person != "practitioner":  # their own page shows them their own words
            _clean(body, f"the review page as {person}")
    timeline = client_for(business_manager).get(f"/reviews/{review.uuid}/").content.decode()
    assert actions.HELD_ON_TIMELINE in timeline
