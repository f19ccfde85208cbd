"""The briefings pages: who may use them, what they show (names only where the viewer may see
them; the reflections never), the forms' errors, and query counts that do not grow with the
number of sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Briefing, Reflection
from reviewdesk.briefings import actions
from reviewdesk.briefings.tests.conftest import schedule, staff_of
from reviewdesk.meetings import actions as meetings
from reviewdesk.meetings.tests.helpers import next_week_at
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review
from reviewdesk.staff.models import Practitioner

pytestmark = pytest.mark.django_db


def _url(review: Review, tail: str = "") -> str:
    return f"/reviews/{review.uuid}/briefings/{tail}"


def test_scheduling_from_the_page(at_plan: Review, learning_lead: User, client_for,
                                  two: list[Practitioner], agencies: dict[str, Agency]) -> None:
    staff_of(agencies["social_care"], 2)
    day = next_week_at(9).date()
    body = {"title": "Seven-minute briefing", "meeting_date-day": day.day,
            "meeting_date-month": day.month, "meeting_date-year": day.year, "start": "09:30",
            "end": "10:30", "place": "", "online_link": "https://meet.example/b",
            "capacity": "3", "for_practitioners": "on",
            "agencies": [agencies["social_care"].pk]}
    response = client_for(learning_lead).post(_url(at_plan, "new/"), body, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "3 calendar invitation(s) sent" in text and "1 not invited" in text
    assert Briefing.objects.get().capacity == 3


def test_the_form_says_what_is_missing(at_plan: Review, learning_lead: User,
                                       client_for) -> None:
    response = client_for(learning_lead).post(_url(at_plan, "new/"), {"capacity": "0"})
    text = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in text
    for said in ("Enter the date of the meeting", "Enter a place (a room or an address) or "
                 "an online link", "Enter how many people the session can take, 1 or more",
                 "Choose who is invited"):
        assert said in text
    assert not Briefing.objects.exists()


def test_the_list_costs_the_same_for_many_sessions(
        at_plan: Review, learning_lead: User, client_for, two: list[Practitioner],
        django_assert_max_num_queries) -> None:
    client = client_for(learning_lead)
    schedule(at_plan, learning_lead)
    client.get(_url(at_plan))
    with django_assert_max_num_queries(40) as one:
        assert client.get(_url(at_plan)).status_code == 200
    for days in (8, 9, 10, 11):
        schedule(at_plan, learning_lead, starts_at=next_week_at(9, days=days),
                 ends_at=next_week_at(10, days=days))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_url(at_plan)).status_code == 200


def test_the_reflections_page_names_nobody(
        at_plan: Review, learning_lead: User, practitioner: User, client_for,
        two: list[Practitioner], today_is) -> None:
    made = schedule(at_plan, learning_lead)
    meeting = made.briefing.meeting
    today_is(timezone.localtime(meeting.ends_at).date() + timedelta(days=1))
    meetings.record_attendance(meeting, [i.pk for i in meeting.invitations.all()],
                               by=learning_lead)
    mine = meeting.invitations.get(person=practitioner)
    client = client_for(practitioner)
    assert "Reflect on the briefing you attended" in client.get("/").content.decode()
    page = client.get(_url(at_plan, f"{made.briefing.pk}/reflection/"))
    assert page.status_code == 200 and "What will you do differently" in page.content.decode()
    client.post(_url(at_plan, f"{made.briefing.pk}/reflection/"),
                {"will_do_differently": "Ask to see the baby undressed.", "useful": "5"})
    assert Reflection.objects.get(invitation=mine).useful == 5
    text = client_for(learning_lead).get(_url(at_plan, "reflections/")).content.decode()
    assert "Ask to see the baby undressed." in text
    assert "Polly" not in text and "Practitioner 1" not in text
    assert "Other agencies (1)" in text
    again = client.get(_url(at_plan, f"{made.briefing.pk}/reflection/")).content.decode()
    assert "answered already" in again


def test_someone_elses_reflection_form_is_not_found(
        at_plan: Review, learning_lead: User, outsider: User, client_for,
        two: list[Practitioner]) -> None:
    made = schedule(at_plan, learning_lead)
    assert client_for(outsider).get(
        _url(at_plan, f"{made.briefing.pk}/reflection/")).status_code == 404
    assert client_for(learning_lead).get(
        _url(at_plan, f"{made.briefing.pk}/reflection/")).status_code == 404


def test_agency_staff_without_a_part_in_the_review_are_asked_by_e_mail(
        at_plan: Review, learning_lead: User, client_for, agencies: dict[str, Agency],
        today_is) -> None:
    [worker] = staff_of(agencies["social_care"], 1)
    made = schedule(at_plan, learning_lead, for_practitioners=False,
                    agencies=[agencies["social_care"]])
    meeting = made.briefing.meeting
    today_is(timezone.localtime(meeting.ends_at).date() + timedelta(days=1))
    [invitation] = meeting.invitations.all()
    response = client_for(learning_lead).post(
        _url(at_plan, f"{made.briefing.pk}/attendance/"),
        {"attended": [invitation.pk], "on-day": timezone.localdate().day,
         "on-month": timezone.localdate().month, "on-year": timezone.localdate().year})
    assert response.status_code == 302
    [asked] = Notice.objects.filter(purpose="briefing_reflection")
    assert asked.recipients == [worker.email]
    assert f"/briefings/{made.briefing.pk}/reflection/" in asked.body
    assert "Kayden" not in asked.body + asked.subject
    # Asked once, however often attendance is recorded.
    actions.record_attendance(made.briefing, [invitation.pk], by=learning_lead)
    assert Notice.objects.filter(purpose="briefing_reflection").count() == 1
    client = client_for(worker)
    page = client.get(_url(at_plan, f"{made.briefing.pk}/reflection/")).content.decode()
    assert "What will you do differently" in page
    assert "Kayden" not in page and "Moorcroft" not in page
    # They cannot read the review itself.
    assert client.get(f"/reviews/{at_plan.uuid}/").status_code == 404


def test_practitioners_see_the_findings_once_signed_off(
        at_plan: Review, learning_lead: User, practitioner: User, client_for,
        two: list[Practitioner]) -> None:
    assert access.subgroup_has_signed_off(at_plan)
    schedule(at_plan, learning_lead)
    text = client_for(practitioner).get(f"/reviews/{at_plan.uuid}/").content.decode()
    assert "The review&#39;s findings and briefings" in text or (
        "The review's findings and briefings" in text)
    assert "bruising was not seen as a warning sign" in text
    assert "Briefing:" in text


def test_the_edit_form_keeps_the_version(at_plan: Review, learning_lead: User,
                                         client_for) -> None:
    document = actions.generate_document(at_plan, by=learning_lead)
    client = client_for(learning_lead)
    page = client.get(_url(at_plan, "document/1/edit/")).content.decode()
    assert 'name="version"' in page
    client.post(_url(at_plan, "document/1/edit/"), {
        "background": "New background.", "findings": "- One", "practice": "- Two",
        "questions": "- Three?", "version": document.version})
    document.refresh_from_db()
    assert document.background == "New background."
    stale = client.post(_url(at_plan, "document/1/edit/"), {
        "background": "Stale.", "findings": "- One", "practice": "- Two", "questions": "",
        "version": document.version - 1})
    assert stale.status_code == 200 and "govuk-error-summary" in stale.content.decode()
