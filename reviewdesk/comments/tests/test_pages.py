"""The rounds' pages as each person uses them: the business manager opens a round, a commenter
comments on a numbered paragraph, the lead reviewer answers and closes; closed rounds refuse
comments on the page; the review page's section; names through each reader's redactor."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions
from reviewdesk.comments.tests.conftest import block_of
from reviewdesk.commissioning.testing import walk
from reviewdesk.reports.models import Comment, CommentRound, ReportVersion
from reviewdesk.reviews.models import Stage
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def day(name: str, on) -> dict[str, int]:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def url(round_: CommentRound, name: str = "round", *more: object) -> str:
    return reverse(f"comments:{name}", args=[round_.review.uuid, round_.number, *more])


def test_the_business_manager_opens_a_round_on_the_latest_version(
        client_for: ClientFor, version: ReportVersion, business_manager: User) -> None:
    client = client_for(business_manager)
    page = client.get(reverse("comments:open_round", args=[version.review.uuid]))
    assert page.status_code == 200 and "Version 1, dated" in text(page)
    empty = client.post(reverse("comments:open_round", args=[version.review.uuid]),
                        {"version": version.pk, **day("opened_on", timezone.localdate())})
    assert "Enter how many working days commenters have, for example 10." in text(empty)
    done = client.post(reverse("comments:open_round", args=[version.review.uuid]),
                       {"version": version.pk, "working_days": "10",
                        **day("opened_on", timezone.localdate())}, follow=True)
    round_ = CommentRound.objects.get()
    assert done.redirect_chain[-1][0] == url(round_)
    assert f"comments are taken until the end of {round_.closes_on:%-d %B %Y}" in text(done)


def test_a_commenter_comments_on_a_numbered_paragraph(
        client_for: ClientFor, round_: CommentRound, subgroup_member: User) -> None:
    client = client_for(subgroup_member)
    form = text(client.get(url(round_, "comment")))
    # The paragraphs by the document's own numbers, names as this reader may see them.
    assert "1.1: Kayden Moorcroft lived with his mother" in form
    assert "Whose comment is it?" not in form
    missing = client.post(url(round_, "comment"), {"block": "general", "text": ""})
    assert "Enter the comment." in text(missing)
    block = block_of(round_.version, "1.1")
    client.post(url(round_, "comment"), {"block": str(block), "text": "Dana's view is missing."})
    comment = Comment.objects.get()
    assert (comment.anchor, comment.author) == ("1.1", subgroup_member)
    page = text(client.get(url(round_)))
    assert "Dana's view is missing." in page and "Not answered yet" in page


def test_partners_read_the_comments_through_their_redactor(
        client_for: ClientFor, round_: CommentRound, subgroup_member: User,
        partner: User) -> None:
    actions.make_comment(round_, by=subgroup_member, text="Dana Moorcroft was not asked.")
    page = text(client_for(partner).get(url(round_)))
    assert "Mother was not asked." in page and "Moorcroft" not in page
    form = text(client_for(partner).get(url(round_, "comment")))
    assert "1.1: Child A lived with his mother, Mother." in form and "Kayden" not in form
    assert "Introduction (heading)" in form


def test_after_closing_the_page_says_so_and_the_business_manager_accepts_it_late(
        client_for: ClientFor, round_: CommentRound, subgroup_member: User,
        business_manager: User, today_is) -> None:
    today_is(round_.closes_on + timedelta(days=2))
    member = client_for(subgroup_member)
    page = text(member.get(url(round_)))
    assert f"This round closed on {round_.closes_on:%-d %B %Y}" in page
    assert "Make a comment" not in page
    refused = text(member.post(url(round_, "comment"), {"block": "general", "text": "Late."}))
    assert (f"Round 1 closed on {round_.closes_on:%-d %B %Y}: comments were taken until the end "
            "of that day. Ask the business manager") in refused
    bm = client_for(business_manager)
    form = {"author": subgroup_member.pk, "block": "general", "text": "Late.",
            **day("made_on", timezone.localdate())}
    no_reason = text(bm.post(url(round_, "comment"), form))
    assert "To accept this comment late, say why it is accepted." in no_reason
    bm.post(url(round_, "comment"), {**form, "late_reason": "Her e-mail bounced."})
    late = Comment.objects.get()
    assert (late.late, late.late_accepted_by) == (True, business_manager)
    page = text(bm.get(url(round_)))
    assert "Accepted late" in page and "Her e-mail bounced." in page


def test_the_lead_reviewer_answers_and_closes_the_round(
        client_for: ClientFor, round_: CommentRound, subgroup_member: User, lead_reviewer: User,
        today_is) -> None:
    first = actions.make_comment(round_, by=subgroup_member, text="One.")
    second = actions.make_comment(round_, by=subgroup_member, text="Two.")
    today_is(round_.closes_on + timedelta(days=1))
    client = client_for(lead_reviewer)
    today = day("answered_on", timezone.localdate())
    no_reason = text(client.post(url(round_, "answer", first.pk),
                                 {"answer": "not_changed", **today}))
    assert "Say why the report was not changed." in no_reason
    client.post(url(round_, "answer", first.pk),
                {"answer": "not_changed", "answer_text": "Outside scope.", **today})
    refused = text(client.post(url(round_, "close_round"), today))
    assert "1 comment has no answer yet." in refused
    client.post(url(round_, "answer", second.pk), {"answer": "discussion", **today})
    done = client.post(url(round_, "close_round"), today, follow=True)
    assert "Round 1 is closed as answered." in text(done)
    round_.refresh_from_db()
    assert round_.answered_by == lead_reviewer


def test_the_business_manager_answers_for_the_lead_reviewer(
        client_for: ClientFor, round_: CommentRound, subgroup_member: User, lead_reviewer: User,
        business_manager: User) -> None:
    comment = actions.make_comment(round_, by=subgroup_member, text="One.")
    client = client_for(business_manager)
    body = {"answer": "discussion", **day("answered_on", timezone.localdate())}
    assert "Choose the lead reviewer whose answer it is." in text(
        client.post(url(round_, "answer", comment.pk), body))
    client.post(url(round_, "answer", comment.pk), {**body, "on_behalf_of": lead_reviewer.pk})
    comment.refresh_from_db()
    assert (comment.answer, comment.answered_by) == ("discussion", business_manager)


def test_the_review_page_shows_the_rounds_and_their_state(
        client_for: ClientFor, round_: CommentRound, business_manager: User,
        partner: User) -> None:
    walk(round_.review, business_manager, Stage.REPORT)
    page = text(client_for(partner).get(reverse("reviews:review", args=[round_.review.uuid])))
    assert "Comments on the report" in page and "Taking comments" in page
    assert "Open a round of comments" not in page
    bm_page = text(client_for(business_manager).get(
        reverse("reviews:review", args=[round_.review.uuid])))
    # Round 1 is in progress: no second round until it is closed as answered.
    assert "Round 1" in bm_page and "Open a round of comments" not in bm_page


def test_a_version_page_can_show_the_rounds_on_that_version(
        rf, round_: CommentRound, partner: User, practitioner: User, lead_reviewer: User) -> None:
    from django.template.loader import render_to_string

    from reviewdesk.comments.sections import version_panel
    from reviewdesk.reviews.names import Names

    request = rf.get("/")
    request.user = partner
    section = version_panel(request, round_.version, Names(round_.review, partner))
    assert section is not None
    shown = render_to_string(section.template, {"section": section}, request=request)
    assert "Round 1" in shown and "Taking comments" in shown
    # A later version has no round of its own yet.
    from reviewdesk.comments.tests.conftest import PARAGRAPHS
    from reviewdesk.reports.tests.helpers import version_of

    later = version_of(round_.review, lead_reviewer, *PARAGRAPHS, scan=False)
    section = version_panel(request, later, Names(round_.review, partner))
    assert section is not None and section.context["rows"] == []
    request.user = practitioner
    assert version_panel(request, round_.version, Names(round_.review, practitioner)) is None
