"""The action plan's hub page and its forms: who may use them, what they show (free text through
the reader's redactor, the RAG rule beside the ratings) and the errors a bad form gets; the
section on the review page, the dashboard's count and the home item."""

from datetime import timedelta
from html import unescape

from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan import actions, rules
from reviewdesk.action_plan.models import Action, PlanMeeting, Recommendation
from reviewdesk.action_plan.testing import make_action
from reviewdesk.action_plan.tests.conftest import MOTHER, day
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor, TodayIs


def url(name: str, review: Review, *more: object) -> str:
    return reverse(f"action_plan:{name}", args=[review.uuid, *more])


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_subgroup_records_the_meeting_and_agrees_an_action_from_the_page(
        client_for: ClientFor, planned: Review, recommendations: list[Recommendation],
        business_manager: User, subgroup_member: User, agencies: dict[str, Agency]) -> None:
    client = client_for(subgroup_member)
    held = timezone.localdate() - timedelta(days=2)
    response = client.post(url("record_meeting", planned), {
        **day("held_on", held), "attendees": [business_manager.pk, subgroup_member.pk],
        "other_attendees": "Head of safeguarding, Kirkvale Academy Trust", "notes": ""})
    assert response.status_code == 302
    meeting = PlanMeeting.objects.get()
    assert set(meeting.attendees.all()) == {business_manager, subgroup_member}
    form = text(client.get(url("agree_action", planned)))
    # The recommendations are offered as the viewer may read them: a subgroup member on no
    # review sees pseudonyms.
    assert "Recommendation 1: Health visitors should ask" in form
    due = timezone.localdate() + timedelta(days=90)
    response = client.post(url("agree_action", planned), {
        "meeting": meeting.pk, "description": "Train health visitors.",
        "recommendations": [recommendations[0].pk, recommendations[1].pk],
        "agency": agencies["health"].pk, "owner": subgroup_member.pk, "owner_name": "",
        "owner_email": "", **day("due_on", due), "success_criteria": "Every visit records it.",
        "impact_measure": "Audited visits.", "impact_source": "Quarterly audit.",
        **day("impact_assessed_on", due + timedelta(days=180))})
    assert response.status_code == 302, text(response)
    action = Action.objects.get()
    assert (action.number, action.due_on, action.owner) == (1, due, subgroup_member)
    page = text(client.get(url("page", planned)))
    assert "Action 1 agreed." in page
    assert rules.RAG_RULE in page and "Green: on track" in page
    assert "Recommendations 1, 2" in page


def test_a_bad_action_form_says_what_is_wrong_and_agrees_nothing(
        client_for: ClientFor, planned: Review, meeting: PlanMeeting,
        business_manager: User) -> None:
    response = client_for(business_manager).post(url("agree_action", planned), {
        "meeting": meeting.pk, "description": "", "agency": "", "owner": "",
        "owner_name": "", "owner_email": "not-an-address", **day("due_on", timezone.localdate()),
        "success_criteria": "", "impact_measure": "", "impact_source": "",
        "impact_assessed_on-day": "31", "impact_assessed_on-month": "2",
        "impact_assessed_on-year": "2027"})
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter the owner's e-mail address in the right format" in page
    assert "When impact will be assessed must be a real date." in page
    assert not Action.objects.exists()
    # Valid boxes, missing parts: the action names each one.
    response = client_for(business_manager).post(url("agree_action", planned), {
        "meeting": meeting.pk, "description": "", "owner_email": "",
        **day("due_on", meeting.held_on)})
    page = text(response)
    for words in ("Describe the action", "Link the action to at least one",
                  "Choose the agency that owns the action", "Name the action's owner",
                  "The due date must be after the meeting", "Give the success criteria",
                  "Say what will be measured", "Say where the measure comes from",
                  "Give the date the action's impact will be assessed"):
        assert words in page, words
    assert not Action.objects.exists()


def test_free_text_is_shown_through_each_readers_redactor(
        client_for: ClientFor, action: Action, business_manager: User, partner: User) -> None:
    mine = text(client_for(business_manager).get(url("page", action.review)))
    assert f"Train health visitors to ask {MOTHER}'s household" in mine
    theirs = text(client_for(partner).get(url("page", action.review)))
    assert "Train health visitors to ask Mother's household" in theirs
    assert MOTHER not in theirs and "Moorcroft" not in theirs
    # A partner reads the plan but does not change it.
    assert "Agree an action" not in theirs and "Close with reasons" not in theirs
    assert client_for(partner).get(url("edit_action", action.review, 1)).status_code == 403


def test_the_page_shows_revised_dates_and_the_rag_of_an_overdue_action(
        client_for: ClientFor, action: Action, business_manager: User,
        today_is: TodayIs) -> None:
    original = action.due_on
    client = client_for(business_manager)
    response = client.post(url("revise_due_date", action.review, 1), {
        **day("new_due_on", original + timedelta(days=14)), "reason": f"{MOTHER} moved away.",
        **day("decided_on", timezone.localdate()), "version": action.version})
    assert response.status_code == 302
    today_is(original + timedelta(days=20))
    # Months later: signed in again (a test session lasts 60 days).
    page = text(client_for(business_manager).get(url("page", action.review)))
    assert "Red: overdue" in page and "1 overdue" in page
    assert f"originally {original:%-d %B %Y}" in page
    assert f"{MOTHER} moved away." in page


def test_a_stale_edit_shows_their_version(
        client_for: ClientFor, action: Action, business_manager: User,
        subgroup_member: User, agencies: dict[str, Agency]) -> None:
    seen = action.version
    actions.edit_action(action, by=subgroup_member,
                        terms=actions.ActionTerms(
                            description="Theirs.", agency=action.agency,
                            recommendations=list(action.recommendations.all()),
                            owner_name="Designated nurse", owner_email="dn@example.test",
                            success_criteria="s", impact_measure="m", impact_source="s",
                            impact_assessed_on=action.impact_assessed_on))
    response = client_for(business_manager).post(url("edit_action", action.review, 1), {
        "description": "Mine.", "recommendations": [r.pk for r in action.recommendations.all()],
        "agency": agencies["health"].pk, "owner": "", "owner_name": "Designated nurse",
        "owner_email": "dn@example.test", "success_criteria": "s", "impact_measure": "m",
        "impact_source": "s", **day("impact_assessed_on", action.impact_assessed_on),
        "version": seen})
    page = text(response)
    assert response.status_code == 200 and "Their version, as saved now" in page
    assert "Someone else changed action 1" in page
    action.refresh_from_db()
    assert action.description == "Theirs."


def test_another_reviews_action_number_is_not_found(
        client_for: ClientFor, action: Action, business_manager: User) -> None:
    assert client_for(business_manager).get(
        url("close_action", action.review, 7)).status_code == 404


def test_the_review_page_section_the_dashboard_count_and_the_home_item(
        client_for: ClientFor, planned: Review, business_manager: User,
        today_is: TodayIs, django_assert_max_num_queries) -> None:
    client = client_for(business_manager)
    home = text(client.get(reverse("reviews:home")))
    assert "Agree the action plan at an extraordinary CSPR subgroup meeting" in home
    overdue = timezone.localdate() - timedelta(days=1)
    make_action(planned, by=business_manager, due_on=overdue,
                agreed_on=overdue - timedelta(days=30))
    make_action(planned, by=business_manager, due_on=overdue + timedelta(days=60))
    home = text(client.get(reverse("reviews:home")))
    assert "Agree the action plan at an extraordinary" not in home
    review_page = text(client.get(reverse("reviews:review", args=[planned.uuid])))
    assert "2 actions agreed: 1 overdue" in review_page
    board = text(client.get(reverse("reviews:dashboard")))
    assert 'id="count-overdue-actions"' in board
    assert "1</span>\n      action overdue on the action plans" in board


def test_the_dashboard_counts_overdue_actions_in_a_fixed_number_of_queries(
        client_for: ClientFor, planned: Review, make_review, business_manager: User,
        django_assert_max_num_queries) -> None:
    client = client_for(business_manager)
    late = timezone.localdate() - timedelta(days=1)
    make_action(planned, by=business_manager, due_on=late, agreed_on=late - timedelta(days=9))
    client.get(reverse("reviews:dashboard"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:dashboard"))
    for n in range(4):
        other = make_review(child_name=f"Ellis Brook{n}")
        make_action(other, by=business_manager, due_on=late, agreed_on=late - timedelta(days=9))
    with django_assert_max_num_queries(len(one.captured_queries)):
        board = text(client.get(reverse("reviews:dashboard")))
    assert "5</span>\n      actions overdue on the action plans" in board
