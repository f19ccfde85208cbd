"""The owner's pages, an action's page and its forms, and the monitoring view with its
download: who may use them, what they show (free text through the reader's redactor), the
errors a bad form gets, and query counts that do not grow with the number of actions."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from reviewdesk.accounts.models import Agency, User
from reviewdesk.action_plan.models import Action, PlanMeeting
from reviewdesk.action_plan.testing import make_action, make_recommendation
from reviewdesk.audit.models import AuditEvent
from reviewdesk.progress import actions
from reviewdesk.progress.tests.conftest import MOTHER
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor, MakeReview, TodayIs


def day(name: str, on: date) -> dict[str, str]:
    return {f"{name}-day": str(on.day), f"{name}-month": str(on.month),
            f"{name}-year": str(on.year)}


def page(action: Action) -> str:
    return reverse("progress:action", args=[action.uuid])


def test_an_owner_with_no_part_in_the_review_sees_and_updates_their_action(
        client_for: ClientFor, action: Action, owner: User, today_is: TodayIs) -> None:
    today_is(date(2027, 1, 11))
    client = client_for(owner)
    mine = client.get(reverse("progress:my_actions")).content.decode()
    assert f"Action {action.number}" in mine and "Green: on track" in mine
    shown = client.get(page(action))
    assert shown.status_code == 200
    text = shown.content.decode()
    # The owner reads the review by pseudonym only.
    assert "Mother&#39;s baby" in text and "Jolene" not in text
    assert "Red: overdue (not completed after its due date)" in text  # the rule, on the page
    response = client.post(reverse("progress:post_update", args=[action.uuid]), {
        "update-text": "Audit tool agreed.", **day("update-written_on", date(2027, 1, 8)),
        "update-file": SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit")})
    assert response.status_code == 302
    after = client.get(page(action)).content.decode()
    assert "Your update is added" in after and "Audit tool agreed." in after
    assert "Progress update (now in progress)" in after and "audit.pdf" in after
    kept = action.updates.get().files.get()
    download = client.get(reverse("progress:evidence", args=[action.uuid, kept.pk]))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 audit"
    assert AuditEvent.objects.filter(event_type="progress.evidence_downloaded").exists()


def test_a_completion_without_evidence_is_refused_on_the_page_saying_what_is_missing(
        client_for: ClientFor, action: Action, owner: User) -> None:
    response = client_for(owner).post(reverse("progress:complete", args=[action.uuid]), {
        "complete-evidence": "", **day("complete-completed_on", date(2026, 12, 1)),
        "complete-version": action.version})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "An action is not completed without evidence" in text
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_only_the_owner_and_readers_of_the_plan_open_an_action(
        client_for: ClientFor, action: Action, other_owner: User, agency_author: User,
        partner: User, make_review: MakeReview) -> None:
    assert client_for(other_owner).get(page(action)).status_code == 404  # cannot know it exists
    assert client_for(agency_author).get(page(action)).status_code == 403  # on the review
    text = client_for(partner).get(page(action)).content.decode()
    assert "Mother&#39;s baby" in text and MOTHER not in text
    assert "Post a progress update" not in text  # a partner reads, never updates
    mine = client_for(other_owner).get(reverse("progress:my_actions")).content.decode()
    assert "You have no open actions" in mine


def test_the_subgroup_records_a_meeting_and_accepts_the_impact_from_the_pages(
        client_for: ClientFor, action: Action, owner: User, subgroup_chair: User,
        business_manager: User, today_is: TodayIs) -> None:
    today_is(date(2027, 9, 1))
    actions.complete(action, by=owner, completed_on=date(2027, 3, 1), evidence="Audit report.")
    chair = client_for(subgroup_chair)
    refused = chair.post(reverse("progress:accept_impact", args=[action.uuid]), {
        "accept-meeting": "", "accept-version": action.version + 0})
    assert refused.status_code == 200
    form = chair.get(reverse("progress:record_meeting"))
    assert form.status_code == 200
    response = chair.post(reverse("progress:record_meeting"), {
        **day("held_on", date(2027, 8, 20)), "attendees": [subgroup_chair.pk, business_manager.pk],
        "other_attendees": "Head of safeguarding, Testshire Police", "notes": ""})
    assert response.status_code == 302
    meeting = PlanMeeting.objects.get(kind=PlanMeeting.Kind.MONITORING)
    client_for(owner).post(reverse("progress:add_impact", args=[action.uuid]), {
        "impact-evidence": "Referrals doubled.", **day("impact-written_on", date(2027, 8, 1)),
        "impact-version": Action.objects.get(pk=action.pk).version})
    action.refresh_from_db()
    assert action.impact_evidence == "Referrals doubled."
    shown = chair.post(reverse("progress:accept_impact", args=[action.uuid]), {
        "accept-meeting": meeting.pk, "accept-note": "", "accept-version": action.version})
    assert shown.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.IMPACT_SHOWN
    assert "At the monitoring meeting on 20 August 2027" in chair.get(page(action)).content.decode()
    # The owner may not accept their own impact, nor record a meeting.
    assert client_for(owner).get(reverse("progress:record_meeting")).status_code == 403


def _many(review: Review, by: User, agency: Agency, owner: User, n: int) -> None:
    recommendation = make_recommendation(review, by=by, number=n + 10, themes=("Neglect",))
    for i in range(n):
        made = make_action(review, by=by, owner=owner, agency=agency, due_on=date(2027, 1, 1 + i),
                           recommendations=(recommendation,))
        actions.post_update(made, by=by, text=f"Update {i} on {MOTHER}.",
                            written_on=date(2026, 11, 1))


def test_the_monitoring_view_filters_redacts_and_its_queries_do_not_grow(
        client_for: ClientFor, action: Action, owner: User, other_owner: User, partner: User,
        business_manager: User, agencies: dict[str, Agency], make_review: MakeReview,
        django_assert_max_num_queries: DjangoAssertNumQueries, today_is: TodayIs) -> None:
    today_is(date(2027, 1, 4))
    second = make_review("Tyler Ashdown")
    make_action(second, by=business_manager, owner=other_owner, agency=agencies["police"],
                due_on=date(2026, 12, 31), description="Police: review the bruising referrals.")
    client = client_for(partner)
    url = reverse("progress:monitoring")
    text = client.get(url).content.decode()
    assert "2 actions in all" in text and "1 overdue" in text
    assert "Mother&#39;s baby" in text and MOTHER not in text
    police = client.get(url, {"agency": agencies["police"].pk}).content.decode()
    assert "Police: review the bruising" in police and "Mother&#39;s baby" not in police
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert "1 action shown" in overdue and "Red: overdue" in overdue
    theme = action.recommendations.get().themes.get()
    themed = client.get(url, {"theme": theme.pk}).content.decode()
    assert "Mother&#39;s baby" in themed and "Police: review" not in themed
    assert "1 action shown" in client.get(url, {"owner": f"u{other_owner.pk}"}).content.decode()
    # More reviews and actions, the same number of queries (once there is a history to fetch).
    actions.post_update(action, by=business_manager, text="Started.",
                        written_on=date(2026, 12, 1), files=[actions.Upload("a.pdf", b"%PDF")])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    _many(make_review("Ava Third"), business_manager, agencies["health"], owner, 6)
    _many(make_review("Ben Fourth"), business_manager, agencies["police"], other_owner, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_owner_filter_names_each_owner_as_the_most_careful_review_does(
        client_for: ClientFor, action: Action, owner: User, partner: User,
        business_manager: User, agencies: dict[str, Agency], make_review: MakeReview,
        today_is: TodayIs) -> None:
    # Olive Owner is registered as staff in a second review (where she owns nothing), and an
    # action there is owned by someone without a sign-in, typed as the mother's name.
    today_is(date(2027, 1, 4))
    second = make_review("Tyler Ashdown")
    staff = review_actions.save_identity(second, by=business_manager,
                                         kind=IdentityEntry.Kind.PROFESSIONAL,
                                         real_name="Olive Owner", pseudonym="Health visitor 1",
                                         role_title="Health visitor")
    IdentityEntry.objects.filter(pk=staff.pk).update(person=owner)  # as adding her would
    review_actions.save_identity(second, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Wanda Ashdown", pseudonym="Aunt",
                                 role_title="Aunt")
    make_action(second, by=business_manager, owner_name="Wanda Ashdown",
                owner_email="wanda@example.test", agency=agencies["social_care"],
                due_on=date(2027, 2, 1))

    def owner_choices(person: User) -> list[str]:
        page = client_for(person).get(reverse("progress:monitoring")).content.decode()
        select = page[page.index('name="owner"'):]
        return re.findall(r"<option[^>]*>([^<]*)</option>", select[:select.index("</select>")])

    assert owner_choices(partner) == ["All owners", "Aunt", "Health visitor 1"]
    assert owner_choices(business_manager) == ["All owners", "Olive Owner", "Wanda Ashdown"]


@pytest.mark.parametrize("query", [
    {"review": "-310"}, {"review": "not-a-uuid"}, {"agency": "²"}, {"theme": "9" * 5000},
    {"owner": "u²"}, {"owner": "u" + "9" * 30}, {"page": "٣"}, {"page": "²"},
])
def test_a_filter_or_page_no_row_can_match_shows_nothing_not_a_server_error(
        query: dict[str, str], client_for: ClientFor, action: Action, partner: User) -> None:
    # Typed into the address or left from an old link: read leniently, never a server error.
    client = client_for(partner)
    for name in ("progress:monitoring", "progress:monitoring_download"):
        assert client.get(reverse(name), query).status_code == 200, (name, query)


def test_the_download_has_the_same_filtered_rows_by_pseudonym_and_is_audited(
        client_for: ClientFor, action: Action, partner: User, business_manager: User,
        agencies: dict[str, Agency], make_review: MakeReview, other_owner: User,
        today_is: TodayIs) -> None:
    today_is(date(2027, 1, 4))
    make_action(make_review("Tyler Ashdown"), by=business_manager, owner=other_owner,
                agency=agencies["police"], due_on=date(2026, 12, 31),
                description="Police: review the bruising referrals.")
    response = client_for(partner).get(reverse("progress:monitoring_download"),
                                       {"agency": agencies["health"].pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[str(c) for c in row] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(rows) == 1
    assert "Mother's baby" in rows[0][2] and MOTHER not in str(rows)
    event = AuditEvent.objects.get(event_type="progress.monitoring_exported")
    assert event.data["filters"] == {"agency": agencies["health"].pk}


def test_only_the_oversight_roles_monitor(client_for: ClientFor, owner: User,
                                          agency_author: User, learning_lead: User) -> None:
    for person in (owner, agency_author, learning_lead):
        assert client_for(person).get(reverse("progress:monitoring")).status_code == 403


def test_an_owners_home_page_shows_their_overdue_action(
        client_for: ClientFor, action: Action, practitioner: User, planned: Review,
        business_manager: User, today_is: TodayIs) -> None:
    from reviewdesk.progress.selectors import needs

    today_is(date(2027, 4, 1))
    theirs = make_action(planned, by=business_manager, owner=practitioner,
                         due_on=date(2027, 3, 31))
    items = needs(practitioner, date(2027, 4, 1))
    assert [(i.url, i.state) for i in items] == [(page(theirs), "overdue")]
