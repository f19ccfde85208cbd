"""The pages: the practitioner's "About this review" and their question; the business manager's
telling page, preview, expected dates and digest; the questions page of those who answer."""

import html
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.informing import actions
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import ExpectedStageDate, Practitioner, Question
from reviewdesk.testing import ClientFor, ClientResponse, tomorrow

pytestmark = pytest.mark.django_db


def _text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def _day(name: str, on: date) -> dict[str, int]:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def test_the_practitioners_page_says_what_the_review_is_about(
        listed: Practitioner, client_for: ClientFor, subgroup_member: User,
        business_manager: User) -> None:
    review = listed.review
    actions.set_expected_dates(review, by=business_manager,
                               dates={"conversations": tomorrow()})
    page = client_for(listed.person).get(reverse("reviews:review", args=[review.uuid]))

    text = _text(page)
    assert page.status_code == 200
    for heading in ("About this review", "Why there is a review", "What it expects to achieve",
                    "What it involves", "What is expected of you", "How long it should take",
                    "Who to ask", "How to get support", "What you may discuss", "Progress",
                    "Your questions"):
        assert heading in text
    assert "Rapid review started." in text
    assert "Chronology started. The chronologies are being brought together; the reviewer " \
           "expects to contact staff next." in text
    assert f"Conversations with staff: expected to start around {tomorrow():%-d %B %Y}" in text
    assert "expectations, not promises" in text
    assert f"{subgroup_member.display_name}, your agency's representative" in text
    assert "Health Staff Wellbeing Line" in text
    assert reverse("commissioning:terms_of_reference", args=[review.uuid]) in text
    assert reverse("informing:ask", args=[review.uuid]) in text
    # Said once: the page's own "How long it takes" and "Who to ask" give way to this section.
    assert text.count("Who to ask") == 1 and "How long it takes" not in text


def test_a_practitioner_asks_a_question_and_reads_the_answer_on_their_page(
        listed: Practitioner, client_for: ClientFor, subgroup_member: User) -> None:
    review = listed.review
    client = client_for(listed.person)
    url = reverse("informing:ask", args=[review.uuid])
    assert "Sue Subgroup, your agency's representative" in _text(client.get(url))

    empty = client.post(url, {"text": ""})
    assert empty.status_code == 200 and "Enter your question." in _text(empty)
    sent = client.post(url, {"text": "May I speak to my team about it?"})
    assert sent.status_code == 302
    question = Question.objects.get()
    actions.answer_question(question, by=subgroup_member, answer="Yes, about how you feel.")

    text = _text(client.get(reverse("reviews:review", args=[review.uuid])))
    assert "May I speak to my team about it?" in text
    assert "Yes, about how you feel." in text


def test_the_representative_reads_the_questions_routed_to_them_and_answers(
        listed: Practitioner, client_for: ClientFor, subgroup_member: User,
        lead_reviewer: User) -> None:
    review = listed.review
    question = actions.ask_question(listed, by=listed.person, text="Who else is involved?")
    client = client_for(subgroup_member)

    page = client.get(reverse("informing:questions", args=[review.uuid]))
    assert "Who else is involved?" in _text(page)
    assert AuditEvent.objects.filter(event_type="informing.questions_viewed").exists()
    # The lead reviewer sees none until brought in.
    lead_page = client_for(lead_reviewer).get(reverse("informing:questions", args=[review.uuid]))
    assert "Who else is involved?" not in _text(lead_page)
    assert client_for(lead_reviewer).get(
        reverse("informing:answer", args=[review.uuid, question.pk])).status_code == 403

    answer_url = reverse("informing:answer", args=[review.uuid, question.pk])
    client.post(reverse("informing:bring_in_lead_reviewer", args=[review.uuid, question.pk]))
    assert client_for(lead_reviewer).get(answer_url).status_code == 200
    assert client.post(answer_url, {"answer": "Only your own team."}).status_code == 302
    question.refresh_from_db()
    assert question.answer == "Only your own team."


def test_the_business_manager_previews_and_tells(
        listed: Practitioner, client_for: ClientFor, business_manager: User) -> None:
    review = listed.review
    client = client_for(business_manager)
    staff = _text(client.get(reverse("informing:staff", args=[review.uuid])))
    assert "Not yet told" in staff and "Polly Practitioner" in staff

    url = reverse("informing:tell", args=[review.uuid])
    preview = _text(client.get(url))
    assert "a review you are part of has started" in preview
    assert "Polly Practitioner, " in preview  # who will be told, by name, to the business manager
    assert AuditEvent.objects.filter(event_type="informing.preview_viewed").exists()

    refused = client.post(url, {**_day("told_on", tomorrow()), "on_behalf_of": ""})
    assert "cannot be in the future" in _text(refused)
    assert not Notice.objects.filter(purpose="telling staff").exists()
    done = client.post(url, {**_day("told_on", date(2026, 6, 1)), "on_behalf_of": ""},
                       follow=True)
    assert "1 practitioner told about the review." in _text(done)
    assert "Told about the review, 1 June 2026" in _text(done)


def test_expected_dates_are_in_the_future_and_in_order(
        at_chronology: Review, client_for: ClientFor, business_manager: User) -> None:
    client = client_for(business_manager)
    url = reverse("informing:expected_dates", args=[at_chronology.uuid])
    past = client.post(url, _day("conversations", date(2026, 12, 1)))
    assert "an expected date is in the future" in _text(past)
    later = tomorrow().replace(year=tomorrow().year + 1)
    backwards = client.post(url, {**_day("conversations", later),
                                  **_day("family", tomorrow())})
    assert "the stages come in order" in _text(backwards)
    assert not ExpectedStageDate.objects.exists()
    assert client.post(url, {**_day("conversations", tomorrow()),
                             **_day("family", later)}).status_code == 302
    assert ExpectedStageDate.objects.count() == 2


def test_the_business_manager_chooses_the_digest(
        at_chronology: Review, client_for: ClientFor, business_manager: User) -> None:
    url = reverse("informing:digest", args=[at_chronology.uuid])
    client = client_for(business_manager)
    assert "Say whether staff get an e-mail digest." in _text(client.post(url, {"email_digest": ""}))
    assert client.post(url, {"email_digest": "yes"}).status_code == 302
    assert at_chronology.staff_progress_settings.email_digest is True


def test_home_shows_the_business_manager_who_to_tell_and_the_representative_what_to_answer(
        listed: Practitioner, client_for: ClientFor, business_manager: User,
        subgroup_member: User) -> None:
    home = _text(client_for(business_manager).get(reverse("reviews:home")))
    assert "Tell 1 practitioner about the review" in home
    actions.ask_question(listed, by=listed.person, text="When will I hear?")
    home = _text(client_for(subgroup_member).get(reverse("reviews:home")))
    assert "Answer a practitioner's question" in home


def test_the_questions_page_costs_the_same_whatever_the_number_of_questions(
        listed: Practitioner, client_for: ClientFor, business_manager: User,
        django_assert_num_queries: Any) -> None:
    review = listed.review
    client = client_for(business_manager)
    url = reverse("informing:questions", args=[review.uuid])
    actions.ask_question(listed, by=listed.person, text="One?")
    client.get(url)  # warm the session and the templates
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    for n in range(5):
        actions.ask_question(listed, by=listed.person, text=f"Question {n}?")
    with django_assert_num_queries(len(once.captured_queries)):
        assert "Question 4?" in _text(client.get(url))


def test_reading_a_question_and_answering_it_are_audited(
        listed: Practitioner, client_for: ClientFor, subgroup_member: User) -> None:
    question = actions.ask_question(listed, by=listed.person, text="Why me?")
    url = reverse("informing:answer", args=[listed.review.uuid, question.pk])
    client = client_for(subgroup_member)
    client.get(url)
    client.post(url, {"answer": "You worked with the family."})
    codes = list(AuditEvent.objects.filter(event_type__startswith="informing.question")
                 .order_by("seq").values_list("event_type", flat=True))
    assert codes == ["informing.question_asked", "informing.question_viewed",
                     "informing.question_answered"]
