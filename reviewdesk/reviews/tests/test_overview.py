"""The review page as an overview: the case in a line, the stages, the review's state, and what
happens next from the real blockers of the current stage — who must act and where — for each
viewer as they may see it."""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.chronology.reminders import KEY_PREFIX as CHRONOLOGY_KEY
from reviewdesk.chronology.selectors import chronologies_waiting
from reviewdesk.commissioning import actions as commissioning
from reviewdesk.commissioning.models import ChronologyAuthor
from reviewdesk.commissioning.testing import walk
from reviewdesk.decisions.models import Escalation
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.notices.models import Notice
from reviewdesk.rapid_review import actions as rapid_review
from reviewdesk.rapid_review.chasers import KEY_PREFIX as SUMMARY_KEY
from reviewdesk.reviews import actions, selectors
from reviewdesk.reviews.models import Clock, ClockKind, Review, Stage
from reviewdesk.reviews.names import Names

CHILD = "Kayden Moorcroft"  # conftest's make_review


def page_text(client, review: Review) -> str:
    response = client.get(reverse("reviews:review", args=[review.uuid]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def escalate(review: Review, key: str) -> None:
    """The escalation notice the reminders would have queued."""
    Notice.objects.create(partnership=review.partnership, review=review, purpose="escalation",
                          dedupe_key=key, recipient_label="The business manager",
                          subject="Overdue", body="Overdue")


# --- What happens next ---------------------------------------------------------------------------

def test_at_commissioning_the_blockers_are_the_requirements_and_the_case_files_in_words(
        review, business_manager, addresses, agencies):
    review = walk(review, business_manager, Stage.COMMISSIONING)
    names = Names(review, business_manager)
    blockers = selectors.what_happens_next(review, names).blockers
    texts = [b.text for b in blockers]
    assert any(t.startswith("Send the commissioning notices") for t in texts), texts
    assert all(b.who for b in blockers)  # a requirement that names no one: whoever takes the step
    assert selectors.what_happens_next(review, names).ready == []

    commissioning.send_commissioning_notices(review, by=business_manager)
    commissioning.ensure_checklist(review, by=business_manager)
    lines = list(review.case_file_checks.all())
    commissioning.confirm_case_files(lines[0], by=business_manager, confirmed_by_name="Records",
                                     confirmed_on=date(2026, 4, 2), records_held="Here",
                                     copy_made=False)
    blockers = selectors.what_happens_next(review, names).blockers
    files = next(b for b in blockers if b.text.startswith("Case files"))
    assert files.text == ("Case files: 1 of 2 agencies has not confirmed that their files are "
                          "secured")
    assert files.who == "Each agency's author, or the business manager for them"
    assert files.url == reverse("commissioning:case_files", args=[review.uuid])


def test_at_the_chronology_stage_each_chronology_not_accepted_is_waited_for_with_how_late(
        review, business_manager, agency_author, addresses, agencies, today_is):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    author = ChronologyAuthor.objects.get(review=review, agency=agencies["police"])
    due = date(2026, 12, 1)
    ChronologyAuthor.objects.filter(pk=author.pk).update(due_on=due)
    today_is(add_working_days(due, 3))
    escalate(review, f"{CHRONOLOGY_KEY}{author.pk}:{due.isoformat()}:escalated")

    waiting = selectors.what_happens_next(review, Names(review, business_manager)).blockers
    police = next(b for b in waiting if "Testshire Police" in b.text)
    assert police.text == ("Waiting for Testshire Police's chronology (due 1 December 2026, "
                           "3 working days late, escalated)")
    assert police.who == f"{author.person.display_name}, Testshire Police's chronology author"
    assert police.url == reverse("chronology:agency", args=[review.uuid, agencies["police"].pk])


def test_an_agency_author_sees_only_their_own_agencys_chronology_waited_for(
        review, business_manager, agency_author, addresses, agencies):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    other = User.objects.create_user("health.author@example.test", "x", full_name="Hana Hughes",
                                     partnership=review.partnership, agency=agencies["health"])
    commissioning.name_chronology_author(review, agencies["health"], by=business_manager,
                                         person=other, due_on=date(2026, 12, 4),
                                         named_on=date(2026, 5, 20))
    mine = chronologies_waiting(review, Names(review, agency_author))
    assert [b.text.split("'s")[0] for b in mine] == ["Waiting for Testshire Police"]
    everyone = chronologies_waiting(review, Names(review, business_manager))
    assert [b.text.split("'s")[0] for b in everyone] == [
        "Waiting for Testshire Health / ICB", "Waiting for Testshire Police"]
    # Each agency's chronology is said once, by the wait, not again by the step's requirement.
    page = selectors.what_happens_next(review, Names(review, business_manager)).blockers
    assert sum("Testshire Police" in b.text for b in page) == 1


def test_at_the_rapid_review_each_summary_not_returned_is_waited_for(
        review, business_manager, agency_author, agencies, today_is):
    review = walk(review, business_manager, Stage.RAPID_REVIEW)
    due = date(2026, 3, 9)
    [item] = rapid_review.request_summaries(review, by=business_manager,
                                            contacts=[(agencies["police"], agency_author)],
                                            due_on=due, requested_on=date(2026, 3, 4))
    today_is(add_working_days(due, 4))
    escalate(review, f"{SUMMARY_KEY}{item.pk}:{due.isoformat()}:escalated")
    names = Names(review, business_manager)
    [summary] = [b for b in selectors.what_happens_next(review, names).blockers
                 if "summary (" in b.text]
    assert summary.text == ("Waiting for Testshire Police's summary (due 9 March 2026, 4 working "
                            "days late, escalated)")
    assert summary.who.endswith("Testshire Police's named contact")
    assert summary.url == reverse("rapid_review:request", args=[review.uuid, item.uuid])


def test_at_the_decision_each_partner_not_yet_decided_is_waited_for_then_the_scrutineer(
        review, business_manager, addresses, today_is):
    review = walk(review, business_manager, Stage.DECISION)
    names = Names(review, business_manager)
    waiting = selectors.what_happens_next(review, names).blockers
    assert [b.text for b in waiting] == [
        "Waiting for the local authority's decision on whether to hold a review",
        "Waiting for the health partner (ICB)'s decision on whether to hold a review",
        "Waiting for the police's decision on whether to hold a review"]
    assert waiting[2].who.startswith("The safeguarding partner for the police")
    assert waiting[2].url == reverse("decisions:decision", args=[review.uuid])

    Escalation.objects.create(review=review, opened_on=date(2026, 12, 1))
    today_is(date(2026, 12, 4))
    [scrutineer] = selectors.what_happens_next(review, names).blockers
    assert scrutineer.text == ("Waiting for the independent scrutineer's final decision: the "
                               "partners disagreed on 1 December 2026, 3 working days ago")
    assert scrutineer.who == "The independent scrutineer"


def test_when_nothing_blocks_it_names_the_next_step_and_who_takes_it(
        review, business_manager, addresses):
    review = walk(review, business_manager, Stage.CONVERSATIONS)
    next_ = selectors.what_happens_next(review, Names(review, business_manager))
    assert next_.blockers == []
    [step] = next_.ready
    assert step.label == "Start family involvement"
    assert step.who == "The business manager"
    assert step.url == reverse("reviews:change_stage", args=[review.uuid,
                                                             "start_family_involvement"])
    assert next_.work.startswith("Lead reviewer: meet the practitioners")


# --- The stages and the state --------------------------------------------------------------------

def test_the_progress_bar_has_every_stage_done_current_or_to_come_with_dates(
        review, business_manager, addresses):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    steps = selectors.progress(review, review.timeline.all())
    assert [s.stage for s in steps] == list(Stage)
    states = {s.stage: s.state for s in steps}
    assert states[Stage.COMMISSIONING] == selectors.DONE
    assert states[Stage.CHRONOLOGY] == selectors.CURRENT
    assert states[Stage.REPORT] == selectors.TO_COME
    by_stage = {s.stage: s for s in steps}
    assert by_stage[Stage.COMMISSIONING].dates == "finished 15 April 2026"
    assert by_stage[Stage.CHRONOLOGY].dates == "since 15 May 2026"


def test_a_review_not_held_shows_the_stages_it_skipped_as_not_held(
        review, business_manager, addresses):
    review = walk(review, business_manager, Stage.CLOSED, kind="")
    states = {s.stage: s.state for s in selectors.progress(review, review.timeline.all())}
    assert states[Stage.DECISION] == selectors.DONE
    assert states[Stage.CHRONOLOGY] == selectors.NOT_HELD
    assert states[Stage.CLOSED] == selectors.CURRENT


def clock(due: date, **extra: object) -> Clock:
    return Clock(pk=1, kind=ClockKind.REVIEW_COMPLETION, started_on=date(2026, 1, 1), due_on=due,
                 **extra)


@pytest.mark.parametrize(("due", "extra", "state", "words"), [
    (date(2026, 12, 31), {}, "on_track", "Review complete: due 31 December 2026"),
    (date(2026, 12, 8), {}, "due_soon", "due in 1 working day"),
    (date(2026, 11, 30), {}, "overdue", "overdue by 5 working days"),
    (date(2026, 11, 30), {"revised_due_on": date(2027, 3, 1),
                          "delay_reason": Clock.DelayReason.INQUEST},
     "delayed", "revised date 1 March 2027 (was 30 November 2026, inquest)"),
    (date(2026, 11, 30), {"met_on": date(2026, 11, 1)}, "on_track", "No deadline is open."),
])
def test_the_review_state_comes_from_its_open_deadlines(due, extra, state, words):
    review = Review(stage=Stage.REPORT, stage_since=date(2026, 11, 1))
    found = selectors.review_state(review, [clock(due, **extra)], today=date(2026, 12, 7))
    assert found.state == state
    assert words in found.detail


def test_a_closed_review_is_closed_whatever_its_deadlines():
    review = Review(stage=Stage.CLOSED, stage_since=date(2026, 11, 1))
    found = selectors.review_state(review, [clock(date(2026, 1, 1))], today=date(2026, 12, 7))
    assert (found.state, found.label) == ("closed", "Closed")


# --- The page, for each viewer -------------------------------------------------------------------

@pytest.mark.parametrize("who", ["business_manager", "lead_reviewer", "subgroup_member",
                                 "agency_author", "practitioner", "partner"])
def test_the_page_starts_with_the_case_the_stages_and_the_state_as_each_viewer_may_see_it(
        who, request, review, business_manager, addresses, client_for):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    viewer: User = request.getfixturevalue(who)
    text = page_text(client_for(viewer), review)
    names = Names(review, viewer)
    for part in ("case", "progress", "state"):
        assert f'data-overview="{part}"' in text
    top = text[:text.index('data-overview="progress"')]
    assert f"{names.subject}, aged 6 at the incident" in top
    assert "Local child safeguarding practice review" in top
    assert "The child was seriously harmed on 2 March 2026" in top
    if names.subject != CHILD:
        assert CHILD not in text and "Moorcroft" not in text and "Kayden" not in text
    assert re.search(r'aria-current="step">\s*<span class="govuk-visually-hidden">Current: '
                     r'</span>Chronology', text)


def test_the_business_manager_sees_the_blockers_with_who_must_act_before_the_stage_sections(
        review, business_manager, agency_author, addresses, client_for):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    text = page_text(client_for(business_manager), review)
    next_at = text.index('data-overview="next"')
    assert next_at < text.index("Each agency's chronology")
    assert "Waiting for Testshire Police's chronology" in text[next_at:]
    assert "Who must act:" in text[next_at:]
    # Finished stages fold into the history, with their links.
    assert "Finished stages:" in text
    assert text.index("Finished stages:") > text.index("Deadlines")


def page_queries(client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        page_text(client, review)
    return len(queries)


def test_the_page_costs_the_same_queries_however_many_agencies_and_entries(
        review, business_manager, addresses, agencies, client_for, today_is):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    client = client_for(business_manager)
    page_queries(client, review)  # the session and the partnership's settings, once
    few = page_queries(client, review)
    for n, kind in enumerate(["education", "voluntary", "social_care", "public_health"]):
        author = User.objects.create_user(f"author.{kind}@example.test", "x",
                                          full_name=f"Author {n}", partnership=review.partnership,
                                          agency=agencies[kind])
        commissioning.name_chronology_author(review, agencies[kind], by=business_manager,
                                             person=author, due_on=date(2026, 12, 1),
                                             named_on=date(2026, 5, 20))
        actions.save_identity(review, by=business_manager, kind="family",
                              real_name=f"Relative Number{n}", pseudonym=f"Relative {n}")
    assert ChronologyAuthor.objects.filter(review=review).count() >= 5
    assert page_queries(client, review) == few


def test_the_practitioner_view_has_the_same_summary_and_stages_without_the_blockers(
        review, business_manager, practitioner, addresses, client_for):
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    text = page_text(client_for(practitioner), review)
    assert 'data-overview="progress"' in text and 'data-overview="state"' in text
    assert 'data-overview="next"' not in text
