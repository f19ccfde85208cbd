"""The six-month clock: the date of the last required approval of the final version completes
the review; the page says met, or missed by so many days, against the target and against the
revised date where a delay was recorded."""

from datetime import date, timedelta

from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import ClockKind
from reviewdesk.signoff.selectors import approval_state, completion
from reviewdesk.signoff.tests.helpers import approve_all


def test_approved_before_the_target_is_met(version, business_manager, client_for):
    review = version.review
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    approve_all(version, business_manager, date(2026, 8, 3))
    result = completion(review, approval_state(review))
    assert result is not None and result.completed_on == date(2026, 8, 3)
    assert result.against_target == "met"
    clock.refresh_from_db()
    assert clock.met_on == date(2026, 8, 3)
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/sign-off/")
    assert "<strong>met</strong> against the target of" in page.content.decode()


def test_approved_after_the_target_is_missed_by_so_many_days(version, business_manager,
                                                             today_is, client_for):
    review = version.review
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    late = clock.due_on + timedelta(days=12)
    today_is(late + timedelta(days=3))
    approve_all(version, business_manager, late)
    result = completion(review, approval_state(review))
    assert result is not None and result.against_target == "missed by 12 days"
    page = client_for(business_manager).get(f"/reviews/{review.uuid}/sign-off/")
    assert "<strong>missed by 12 days</strong>" in page.content.decode()


def test_against_the_revised_date_where_a_delay_was_recorded(version, business_manager,
                                                             today_is, client_for):
    review = version.review
    clock = review.clocks.get(kind=ClockKind.REVIEW_COMPLETION)
    review_actions.delay_clock(clock, by=business_manager,
                               revised_due_on=clock.due_on + timedelta(days=60),
                               reason="inquest", detail="The inquest was adjourned.",
                               interim_learning="", effective_on=date(2026, 8, 1))
    late = clock.due_on + timedelta(days=20)
    today_is(late + timedelta(days=1))
    approve_all(version, business_manager, late)
    result = completion(review, approval_state(review))
    assert result is not None
    assert (result.against_target, result.against_revised) == ("missed by 20 days", "met")
    text = client_for(business_manager).get(f"/reviews/{review.uuid}/sign-off/").content.decode()
    assert "<strong>met</strong> against the revised date of" in text
    assert "(delayed: inquest)" in text


def test_not_completed_while_approvals_are_missing(version):
    review = version.review
    result = completion(review, approval_state(review))
    assert result is not None and result.completed_on is None
    assert result.against_target == ""
