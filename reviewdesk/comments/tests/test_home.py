"""Home items: a commenter's "Comment on version N of the report by <date>" while the round takes
comments and they have not commented; the lead reviewer's "Answer N comments" once comments wait
for an answer."""

from datetime import timedelta

import pytest
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.comments import actions
from reviewdesk.reports.models import Comment, CommentRound
from reviewdesk.reviews.needs import needs_for
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def items(person: User) -> list[str]:
    from django.utils import timezone

    return [n.what for n in needs_for(person, timezone.localdate())
            if "comment" in n.what.lower()]


def test_commenters_are_asked_until_they_comment_or_the_round_closes(
        round_: CommentRound, subgroup_member: User, partner: User, lead_reviewer: User,
        business_manager: User, today_is) -> None:
    asked = f"Comment on version 1 of the report by {round_.closes_on:%-d %B %Y}"
    assert items(subgroup_member) == [asked]
    assert items(partner) == [asked]
    assert items(lead_reviewer) == [] and items(business_manager) == []
    actions.make_comment(round_, by=subgroup_member, text="Done.")
    assert items(subgroup_member) == []
    assert items(lead_reviewer) == ["Answer 1 comment on the report"]
    today_is(round_.closes_on + timedelta(days=1))
    assert items(partner) == []


def test_the_lead_reviewer_is_asked_to_answer_until_every_comment_is(
        round_: CommentRound, subgroup_member: User, partner: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    first = actions.make_comment(round_, by=subgroup_member, text="One.")
    actions.make_comment(round_, by=partner, text="Two.")
    home = client_for(lead_reviewer).get(reverse("reviews:home")).content.decode()
    assert "Answer 2 comments on the report" in home
    actions.answer_comment(first, by=lead_reviewer, answer=Comment.Answer.DISCUSSION)
    assert items(lead_reviewer) == ["Answer 1 comment on the report"]
