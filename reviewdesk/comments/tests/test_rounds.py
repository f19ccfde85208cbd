"""Opening and closing rounds: working days over England's bank holidays, the latest version
only, one round in progress at a time, closing as answered only once every comment is."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.comments import actions
from reviewdesk.comments.tests.conftest import PARAGRAPHS
from reviewdesk.reports.models import Comment, CommentRound, ReportVersion
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.testing import tomorrow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("working_days", "closes_on"), [
    # Christmas Day (Friday), Boxing Day's substitute (Monday 28th) and New Year's Day are not
    # working days, nor the weekends between.
    (2, date(2026, 12, 24)), (3, date(2026, 12, 29)), (5, date(2026, 12, 31)),
    (6, date(2027, 1, 4)), (7, date(2027, 1, 5)),
])
def test_the_closing_date_counts_working_days_over_the_bank_holidays(
        today_is, registered, lead_reviewer: User, business_manager: User, working_days: int,
        closes_on: date) -> None:
    today_is(date(2026, 12, 22))
    version = version_of(registered, lead_reviewer, *PARAGRAPHS, scan=False)
    round_ = actions.open_round(registered, by=business_manager, version=version,
                                working_days=working_days)
    assert (round_.number, round_.opened_on, round_.closes_on) == (
        1, date(2026, 12, 22), closes_on)
    event = AuditEvent.objects.get(event_type="comments.round_opened")
    assert event.data["closes_on"] == closes_on.isoformat()
    assert "Moorcroft" not in event.summary


def test_a_round_dated_earlier_counts_from_its_own_date(version: ReportVersion,
                                                       business_manager: User) -> None:
    today = timezone.localdate()
    round_ = actions.open_round(version.review, by=business_manager, version=version,
                                working_days=1, opened_on=today)
    assert round_.closes_on > today
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.open_round(version.review, by=business_manager, version=version,
                           working_days=1, opened_on=tomorrow())


def test_a_round_is_refused_on_a_version_that_has_been_replaced(
        version: ReportVersion, lead_reviewer: User, business_manager: User) -> None:
    version_of(version.review, lead_reviewer, *PARAGRAPHS, scan=False)
    with pytest.raises(ValidationError) as refused:
        actions.open_round(version.review, by=business_manager, version=version, working_days=5)
    assert refused.value.message_dict["version"] == [
        "Version 1 has been replaced by version 2. Open the round on version 2, the one the "
        "lead reviewer is working from."]
    assert not CommentRound.objects.exists()


def test_a_round_recorded_late_on_the_version_of_its_day_is_accepted(
        registered, lead_reviewer: User, business_manager: User) -> None:
    today = timezone.localdate()
    first = version_of(registered, lead_reviewer, *PARAGRAPHS, scan=False,
                       written_on=today - timedelta(days=30))
    version_of(registered, lead_reviewer, *PARAGRAPHS, scan=False,
               written_on=today - timedelta(days=10))
    round_ = actions.open_round(registered, by=business_manager, version=first, working_days=5,
                                opened_on=today - timedelta(days=28))
    assert round_.version == first


def test_the_number_of_working_days_must_be_sensible(version: ReportVersion,
                                                    business_manager: User) -> None:
    for days in (0, 61):
        with pytest.raises(ValidationError, match="from 1 to 60"):
            actions.open_round(version.review, by=business_manager, version=version,
                               working_days=days)


def test_only_one_round_is_in_progress_at_a_time(round_: CommentRound, business_manager: User,
                                                 lead_reviewer: User, subgroup_member: User,
                                                 today_is) -> None:
    review = round_.review
    second = version_of(review, lead_reviewer, *PARAGRAPHS, scan=False)
    with pytest.raises(ValidationError, match="Round 1 on version 1 is still in progress"):
        actions.open_round(review, by=business_manager, version=second, working_days=5)
    comment = actions.make_comment(round_, by=subgroup_member, text="Say who shared what.")
    today_is(round_.closes_on + timedelta(days=1))
    actions.answer_comment(comment, by=lead_reviewer, answer=Comment.Answer.CHANGED,
                           changed_in=second)
    actions.close_round(round_, by=lead_reviewer)
    assert actions.open_round(review, by=business_manager, version=second,
                              working_days=5).number == 2


def test_a_round_cannot_be_closed_while_comments_have_no_answer(
        round_: CommentRound, lead_reviewer: User, subgroup_member: User, partner: User,
        today_is) -> None:
    first = actions.make_comment(round_, by=subgroup_member, text="First point.")
    actions.make_comment(round_, by=partner, text="Second point.")
    actions.make_comment(round_, by=partner, text="Third point.")
    with pytest.raises(ValidationError, match="takes comments until the end of"):
        actions.close_round(round_, by=lead_reviewer)
    today_is(round_.closes_on + timedelta(days=3))
    actions.answer_comment(first, by=lead_reviewer, answer=Comment.Answer.DISCUSSION)
    with pytest.raises(ValidationError) as refused:
        actions.close_round(round_, by=lead_reviewer)
    assert refused.value.messages == [
        "2 comments have no answer yet. Answer every comment (changed, not changed or for "
        "discussion) before closing the round."]
    round_.refresh_from_db()
    assert round_.answered_on is None
    for c in round_.comments.filter(answer=""):
        actions.answer_comment(c, by=lead_reviewer, answer=Comment.Answer.NOT_CHANGED,
                               answer_text="Outside the terms of reference.")
    closed = actions.close_round(round_, by=lead_reviewer)
    assert (closed.answered_on, closed.answered_by) == (timezone.localdate(), lead_reviewer)
    with pytest.raises(ValidationError, match="already closed as answered"):
        actions.close_round(round_, by=lead_reviewer)
    with pytest.raises(ValidationError, match="its answers are kept as they were"):
        actions.answer_comment(first, by=lead_reviewer, answer=Comment.Answer.NOT_CHANGED,
                               answer_text="Changed my mind.")
