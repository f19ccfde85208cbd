"""The holds page and the advance-copy page, their forms, and the section on the review page:
who may use them, what they show (free text through the reader's redactor) and the errors a bad
form gets."""

from datetime import date
from html import unescape

from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.holds import actions
from reviewdesk.holds.tests.conftest import CHILD, MOTHER
from reviewdesk.parallel.models import ParallelProcess
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor, TodayIs, tomorrow


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month),
            f"{name}-year": str(on.year)}


def url(name: str, review: Review, *more: object) -> str:
    return reverse(f"holds:{name}", args=[review.uuid, *more])


def test_the_business_manager_puts_publication_on_hold_for_the_inquest(
        client_for: ClientFor, held_review: Review, inquest: ParallelProcess,
        business_manager: User, partner: User) -> None:
    client = client_for(business_manager)
    form = client.get(url("add_hold", held_review))
    assert form.status_code == 200
    assert "Inquest, opened 10 March 2026 (open)" in form.content.decode()
    response = client.post(url("add_hold", held_review), {
        "process": inquest.pk, "reason": f"{MOTHER} is a witness at {CHILD}'s inquest.",
        "decided_by": "The three safeguarding partners", **day("decided_on", date(2026, 12, 1)),
        "on_behalf_of": partner.pk})
    assert response.status_code == 302 and response["Location"] == url("holds", held_review)
    hold = Hold.objects.get()
    assert (hold.process, hold.on_behalf_of, hold.decided_on) == (inquest, partner,
                                                                  date(2026, 12, 1))
    page = client.get(url("holds", held_review)).content.decode()
    assert "Hold recorded. The National Panel and the Secretary of State have been sent" in page
    # The business manager reads every name; a partner reads pseudonyms.
    assert f"{MOTHER} is a witness at {CHILD}" in page
    assert "Bea Manager on behalf of Pat Partner" in page
    theirs = client_for(partner).get(url("holds", held_review)).content.decode()
    assert "Mother is a witness at Child A" in theirs and CHILD not in theirs
    assert "Release this hold" not in theirs and "Put publication on hold" not in theirs


def test_a_bad_hold_form_says_what_is_wrong_and_records_nothing(
        client_for: ClientFor, held_review: Review, business_manager: User) -> None:
    response = client_for(business_manager).post(url("add_hold", held_review), {
        "process": "", "reason": "", "decided_by": "", **day("decided_on", tomorrow())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why publication is delayed: the National Panel and the Secretary of State" in page
    assert "Say who decided to delay publication, for example the three safeguarding" in page
    assert "Date it was decided cannot be in the future." in page
    assert not Hold.objects.exists()


def test_releasing_a_hold_from_its_page_and_not_twice(
        client_for: ClientFor, held_review: Review, business_manager: User) -> None:
    hold = actions.add_hold(held_review, by=business_manager, reason=f"{CHILD}'s trial.",
                            decided_by="The partners", decided_on=date(2026, 11, 2))
    client = client_for(business_manager)
    form = unescape(client.get(url("release_hold", held_review, hold.pk)).content.decode())
    assert f"{CHILD}'s trial." in form
    response = client.post(url("release_hold", held_review, hold.pk), {
        **day("released_on", date(2026, 12, 3)), "note": "The trial ended."})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_on == date(2026, 12, 3) and hold.release_note == "The trial ended."
    page = client.get(url("holds", held_review)).content.decode()
    assert "Released" in page and "3 December 2026 by Bea Manager" in page
    again = client.post(url("release_hold", held_review, hold.pk),
                        day("released_on", date(2026, 12, 4)))
    assert again.status_code == 200
    assert "was already released on 3 December 2026" in again.content.decode()


def test_another_reviews_hold_is_not_found(
        client_for: ClientFor, held_review: Review, business_manager: User,
        make_review: object) -> None:
    other = make_review("Ada Other")  # type: ignore[operator]
    hold = Hold.objects.create(review=other, reason="x", decided_by="y",
                               decided_on=date(2026, 11, 2), recorded_by=business_manager)
    response = client_for(business_manager).get(url("release_hold", held_review, hold.pk))
    assert response.status_code == 404


def test_who_may_use_the_pages(client_for: ClientFor, held_review: Review, partner: User,
                               lead_reviewer: User, practitioner: User, outsider: User) -> None:
    for name in ("holds", "advance_copy"):
        assert client_for(partner).get(url(name, held_review)).status_code == 200
        assert client_for(lead_reviewer).get(url(name, held_review)).status_code == 200
        assert client_for(practitioner).get(url(name, held_review)).status_code == 403
        assert client_for(outsider).get(url(name, held_review)).status_code == 404
    for name in ("add_hold", "record_advance_copy"):
        assert client_for(partner).get(url(name, held_review)).status_code == 403
        assert client_for(partner).post(url(name, held_review), {}).status_code == 403
    assert not Hold.objects.exists() and not AdvanceCopy.objects.exists()


def test_the_advance_copy_from_its_page_and_the_earliest_date(
        client_for: ClientFor, final: FinalReport, business_manager: User,
        today_is: TodayIs) -> None:
    today_is(date(2027, 5, 27))
    review = final.review
    client = client_for(business_manager)
    page = client.get(url("advance_copy", review)).content.decode()
    assert "has not been sent to the Panel and the Secretary of State" in page
    form = client.get(url("record_advance_copy", review)).content.decode()
    assert "version 1, made on 1 September 2026" in form
    bad = client.post(url("record_advance_copy", review), day("sent_on", date(2026, 8, 1)))
    assert "cannot be before 1 September 2026, when the final report was made" in (
        bad.content.decode())
    assert not AdvanceCopy.objects.exists()
    response = client.post(url("record_advance_copy", review), day("sent_on", date(2027, 5, 26)))
    assert response.status_code == 302
    page = client.get(url("advance_copy", review)).content.decode()
    assert "The earliest publication date is Monday 7 June 2027." in page
    assert "Earliest publication date" in page and "Wednesday 26 May 2027" in page
    review_page = client.get(reverse("reviews:review", args=[review.uuid])).content.decode()
    assert "Holds and the advance copy" in review_page
    assert "the earliest publication date is Monday 7 June 2027" in review_page


def test_the_review_page_lists_the_holds_in_force(
        client_for: ClientFor, held_review: Review, inquest: ParallelProcess,
        business_manager: User, partner: User) -> None:
    actions.add_hold(held_review, by=business_manager, process=inquest, reason="The inquest.",
                     decided_by="The partners", decided_on=date(2026, 11, 2))
    page = client_for(partner).get(reverse("reviews:review", args=[held_review.uuid]))
    text = unescape(page.content.decode())
    assert ("Waiting for the inquest (Inquest touching Child A's death), decided on "
            "2 November 2026") in text
    assert CHILD not in text


def test_once_published_both_forms_say_why_and_nothing_changes(
        client_for: ClientFor, final: FinalReport, business_manager: User) -> None:
    from reviewdesk.publication.testing import make_publication

    review = final.review
    make_publication(review, by=business_manager, published_on=date(2026, 9, 14))
    client = client_for(business_manager)
    held = client.post(url("add_hold", review), {
        "process": "", "reason": "A trial.", "decided_by": "The partners",
        **day("decided_on", date(2026, 12, 1))})
    assert held.status_code == 200
    assert "The report was published on 14 September 2026: a hold can no longer delay it." in (
        held.content.decode())
    sent = client.post(url("record_advance_copy", review), day("sent_on", date(2026, 12, 1)))
    assert sent.status_code == 200
    assert "an advance copy can only go before publication" in sent.content.decode()
    assert not Hold.objects.exists() and not AdvanceCopy.objects.exists()
