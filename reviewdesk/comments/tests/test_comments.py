"""Comments and answers: anchored to the version's paragraphs or general, the commenter's agency,
the business manager typing one for a commenter, late comments refused and then accepted, and
the lead reviewer's answers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.comments import actions
from reviewdesk.comments.tests.conftest import PARAGRAPHS, block_of
from reviewdesk.reports.models import Comment, CommentRound
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db


def test_a_comment_is_anchored_to_a_paragraph_by_its_own_number(
        round_: CommentRound, subgroup_member: User, agencies) -> None:
    block = block_of(round_.version, "1.2")
    comment = actions.make_comment(round_, by=subgroup_member, text="Which months?", block=block)
    assert (comment.block, comment.anchor, comment.author) == (block, "1.2", subgroup_member)
    # A subgroup member speaks for their agency.
    assert comment.agency == agencies["health"]
    assert not comment.late and comment.on_behalf_of is None
    general = actions.make_comment(round_, by=subgroup_member, text="Clear and readable.")
    assert (general.block, general.anchor) == (None, "")
    event = AuditEvent.objects.filter(event_type="comments.comment_made").order_by("pk").last()
    assert event is not None and "readable" not in event.summary + str(event.data)


def test_a_paragraph_not_in_the_version_is_refused(round_: CommentRound,
                                                   subgroup_member: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.make_comment(round_, by=subgroup_member, text="Hm.", block=99)
    assert refused.value.message_dict["block"] == [
        "Choose a paragraph from the list, or make it a general comment."]
    with pytest.raises(ValidationError, match="Enter the comment"):
        actions.make_comment(round_, by=subgroup_member, text="  ")
    assert not Comment.objects.exists()


def test_only_subgroup_members_and_partners_comment(round_: CommentRound, partner: User,
                                                    lead_reviewer: User,
                                                    agency_author: User) -> None:
    assert actions.make_comment(round_, by=partner, text="From the local authority.").agency \
        is None
    for person in (lead_reviewer, agency_author):
        with pytest.raises(ValidationError, match="Only the review's subgroup members"):
            actions.make_comment(round_, by=person, text="Me too.")


def test_the_business_manager_records_a_comment_for_a_commenter(
        round_: CommentRound, business_manager: User, subgroup_member: User,
        partner: User) -> None:
    comment = actions.make_comment(round_, by=business_manager, author=subgroup_member,
                                   text="Sent by e-mail.", made_on=round_.opened_on)
    assert (comment.author, comment.recorded_by, comment.on_behalf_of) == (
        subgroup_member, business_manager, subgroup_member)
    with pytest.raises(ValidationError, match="Choose a commenter"):
        actions.make_comment(round_, by=business_manager, text="My own view.")
    with pytest.raises(ValidationError, match="Only the business manager may record a comment"):
        actions.make_comment(round_, by=partner, author=subgroup_member, text="For Sue.")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.make_comment(round_, by=business_manager, author=partner, text="Soon.",
                             made_on=tomorrow())


def test_after_the_closing_date_a_comment_is_refused_then_accepted_late(
        round_: CommentRound, business_manager: User, subgroup_member: User, today_is) -> None:
    today_is(round_.closes_on + timedelta(days=1))
    closed = f"Round 1 closed on {round_.closes_on:%-d %B %Y}: comments were taken until the " \
             "end of that day."
    with pytest.raises(ValidationError) as refused:
        actions.make_comment(round_, by=subgroup_member, text="Sorry, late.")
    assert refused.value.messages == [
        f"{closed} Ask the business manager if your comment can still be accepted."]
    with pytest.raises(ValidationError) as no_reason:
        actions.make_comment(round_, by=business_manager, author=subgroup_member,
                             text="Sorry, late.")
    assert no_reason.value.message_dict["late_reason"] == [
        f"{closed} To accept this comment late, say why it is accepted."]
    assert not Comment.objects.exists()
    late = actions.make_comment(round_, by=business_manager, author=subgroup_member,
                                text="Sorry, late.", late_reason="She was on leave.")
    assert (late.late, late.late_accepted_by, late.late_reason) == (
        True, business_manager, "She was on leave.")
    # Sent on the closing day and typed in afterwards: on time, whatever day it is typed.
    on_time = actions.make_comment(round_, by=business_manager, author=subgroup_member,
                                   text="On the last day.", made_on=round_.closes_on)
    assert not on_time.late and not on_time.late_reason


def test_answers_say_changed_in_a_later_version_or_why_not(
        round_: CommentRound, lead_reviewer: User, subgroup_member: User, business_manager: User,
        today_is) -> None:
    comment = actions.make_comment(round_, by=subgroup_member, text="Name the agencies.")
    with pytest.raises(ValidationError) as no_version:
        actions.answer_comment(comment, by=lead_reviewer, answer=Comment.Answer.CHANGED)
    assert no_version.value.message_dict["changed_in"] == [
        "Choose the version the report was changed in."]
    with pytest.raises(ValidationError, match="Choose a version after version 1"):
        actions.answer_comment(comment, by=lead_reviewer, answer=Comment.Answer.CHANGED,
                               changed_in=round_.version)
    with pytest.raises(ValidationError) as no_reason:
        actions.answer_comment(comment, by=lead_reviewer, answer=Comment.Answer.NOT_CHANGED)
    assert no_reason.value.message_dict["answer_text"] == ["Say why the report was not changed."]
    discussed = actions.answer_comment(comment, by=lead_reviewer,
                                       answer=Comment.Answer.DISCUSSION)
    assert (discussed.answer, discussed.answered_by) == ("discussion", lead_reviewer)
    second = version_of(round_.review, lead_reviewer, *PARAGRAPHS, scan=False)
    changed = actions.answer_comment(comment, by=business_manager, on_behalf_of=lead_reviewer,
                                     answer=Comment.Answer.CHANGED, changed_in=second,
                                     answer_text="Named in 1.2.")
    assert (changed.answer, changed.changed_in, changed.answered_by) == (
        "changed", second, business_manager)
    event = AuditEvent.objects.filter(event_type="comments.comment_answered").order_by("pk").last()
    assert event is not None and event.on_behalf_of == lead_reviewer
    assert event.summary == ("Changed the answer to a comment in comment round 1: changed in "
                             "version 2")
