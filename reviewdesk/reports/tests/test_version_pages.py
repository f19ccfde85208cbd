"""The report's pages: the versions listed, a version uploaded (on behalf of the lead reviewer
when the business manager uploads), a version's page with its findings carried forward, and its
file downloaded as an audited read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports import actions
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.tests.helpers import report_docx, text, upload_file, version_of
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

FIRST = (("Introduction", 1), "1.1 Kayden Moorcroft lived with Dana Moorcroft.",
         "1.2 Polly Practitioner visited 12 Larkspur Close.")
SECOND = (("Introduction", 1), "1.1 Child A lived with Dana Moorcroft.",
          "1.2 The health visitor visited the family home.")


def url(review: Review, more: str = "") -> str:
    return f"/reviews/{review.uuid}/report/{more}"


def date_fields(name: str, day: object) -> dict[str, object]:
    return {f"{name}-day": day.day, f"{name}-month": day.month,  # type: ignore[attr-defined]
            f"{name}-year": day.year}  # type: ignore[attr-defined]


def test_the_report_page_lists_each_version_with_its_check(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    version_of(registered, lead_reviewer, *FIRST, note="First draft for Kayden")
    version_of(registered, business_manager, *SECOND, on_behalf_of=lead_reviewer,
               written_on=timezone.localdate() - timedelta(days=2))
    client = client_for(business_manager)
    client.get(url(registered))  # the session's first page loads what every page shares
    with CaptureQueriesContext(connection) as two:
        page = text(client.get(url(registered)))
    for _ in range(3):
        version_of(registered, lead_reviewer, *SECOND, scan=False)
    with CaptureQueriesContext(connection) as five:
        client.get(url(registered))
    assert len(five) == len(two)  # however many versions there are
    assert "Version 1" in page and "Version 2" in page
    assert "Bea Manager for Rita Reviewer" in page
    assert "First draft for Kayden" in page
    assert "4 open findings" in page and "1 open finding" in page
    assert "Upload a version" in page and "Log a request" in page
    assert "Compare two versions" in page


def test_a_partner_reads_the_note_through_their_redactor(
        registered: Review, lead_reviewer: User, partner: User, client_for: ClientFor) -> None:
    version_of(registered, lead_reviewer, *FIRST, note="Kayden's mother Dee asked for changes")
    page = text(client_for(partner).get(url(registered)))
    assert "Version 1" in page
    assert "Kayden" not in page and "Dee " not in page
    assert "Upload a version" not in page and "Log a request" not in page


def test_the_lead_reviewer_uploads_a_version_and_is_sent_to_its_page(
        registered: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    client = client_for(lead_reviewer)
    form = text(client.get(url(registered, "upload/")))
    assert "Uploaded on behalf of" not in form  # their own upload
    response = client.post(url(registered, "upload/"), {
        "file": upload_file(report_docx(*FIRST), "Kayden report v1.docx"), "note": "First draft",
        **date_fields("written_on", timezone.localdate())})
    version = ReportVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(registered, "versions/1/")
    assert (version.recorded_by, version.on_behalf_of, version.note) == (
        lead_reviewer, None, "First draft")


def test_the_business_manager_uploads_on_behalf_of_the_lead_reviewer(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    client = client_for(business_manager)
    form = text(client.get(url(registered, "upload/")))
    assert "Uploaded on behalf of" in form and "Rita Reviewer" in form
    earlier = timezone.localdate() - timedelta(days=3)
    client.post(url(registered, "upload/"), {
        "file": upload_file(report_docx(*FIRST), "v1.docx"), "on_behalf_of": lead_reviewer.pk,
        **date_fields("written_on", earlier)})
    version = ReportVersion.objects.get()
    assert (version.recorded_by, version.on_behalf_of, version.written_on) == (
        business_manager, lead_reviewer, earlier)
    event = AuditEvent.objects.get(event_type="reports.version_uploaded")
    assert event.on_behalf_of == lead_reviewer
    assert event.data["effective_on"] == earlier.isoformat()


@pytest.mark.parametrize(("name", "content", "day", "message"), [
    ("report.pdf", b"%PDF-1.4", 0, "The report must be a Word document (.docx)"),
    ("report.docx", b"not a word document", 0, "save it as a Word Document (.docx)"),
    ("report.docx", None, 1, "Date of this version cannot be in the future"),
])
def test_a_bad_upload_says_what_is_wrong_and_keeps_nothing(
        registered: Review, lead_reviewer: User, client_for: ClientFor, name: str,
        content: bytes | None, day: int, message: str) -> None:
    data = report_docx(*FIRST) if content is None else content
    response = client_for(lead_reviewer).post(url(registered, "upload/"), {
        "file": upload_file(data, name),
        **date_fields("written_on", timezone.localdate() + timedelta(days=day))})
    assert response.status_code == 200
    assert message.lower() in text(response).lower()
    assert not ReportVersion.objects.exists()


def test_a_version_page_shows_the_text_and_which_findings_are_new(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    version_of(registered, lead_reviewer, *FIRST)
    second = version_of(registered, lead_reviewer, *SECOND, "2.1 Dee said Gordon Hale helped.")
    response = client_for(business_manager).get(url(registered, "versions/2/"))
    page = text(response)
    assert "1.1 Child A lived with Dana Moorcroft." in page
    assert "1 new since version 1, 1 already there, 3 no longer found" in page
    new = page.split('id="new-findings"')[1].split("</ul>")[0]
    carried = page.split('id="carried-findings"')[1].split("</ul>")[0]
    assert "“Dee”" in new and "“Dana Moorcroft”" in carried
    assert f"/publication-checks/{second.draft_check.number}/" in page  # type: ignore[union-attr]
    assert "Download the Word document" in page
    assert "/report/compare/?from=1&amp;to=2" in response.content.decode()
    event = AuditEvent.objects.get(event_type="reports.version_read")
    assert event.data == {"version": second.pk, "tier": 2}


def test_a_false_alarm_on_an_earlier_version_stays_marked_on_a_later_one(
        registered: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    first = version_of(registered, lead_reviewer, *FIRST)
    dana = first.draft_check.findings.get(text="Dana Moorcroft")  # type: ignore[union-attr]
    actions.mark_false_alarm(dana, by=lead_reviewer, reason="Named with consent.")
    version_of(registered, lead_reviewer, *SECOND)
    page = text(client_for(lead_reviewer).get(url(registered, "versions/2/")))
    assert "No open findings" in page
    assert "0 new since version 1, 0 already there, 3 no longer found" in page


def test_the_file_downloads_as_uploaded_and_the_download_is_audited(
        registered: Review, subgroup_member: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    version = version_of(registered, lead_reviewer, *FIRST)
    client = client_for(subgroup_member)
    assert client.get(url(registered, "versions/1/download/")).status_code == 302  # confirm first
    response = reauthenticated(client).get(url(registered, "versions/1/download/"))
    assert response.status_code == 200
    with version.file.open("rb") as stored:
        assert response.content == stored.read()
    assert f"{registered.reference}-report-version-1.docx" in response["Content-Disposition"]
    event = AuditEvent.objects.get(event_type="reports.version_downloaded")
    assert (event.actor, event.data) == (subgroup_member, {"version": version.pk})
    assert "Kayden" not in event.summary


def test_the_review_page_shows_the_latest_version(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    from reviewdesk.reviews.tests.test_access_matrix import walk_to

    walk_to(registered, "report", business_manager)
    version_of(registered, lead_reviewer, *FIRST)
    version_of(registered, lead_reviewer, *SECOND)
    page = text(client_for(lead_reviewer).get(f"/reviews/{registered.uuid}/"))
    section = page.split('id="report"')[1].split("</table>")[0]
    assert "Version 2" in section and "Version 1" not in section
    assert "1 open finding" in section


def test_a_versions_page_shows_the_stages_panels_about_it(
        registered: Review, business_manager: User, lead_reviewer: User,
        client_for: ClientFor) -> None:
    """The comments and the checklist register their panels for the version's page."""
    from reviewdesk.comments import actions as comment_actions

    version = version_of(registered, lead_reviewer, *SECOND)
    comment_actions.open_round(registered, version=version, by=business_manager, working_days=10,
                               opened_on=timezone.localdate())
    page = text(client_for(business_manager).get(url(registered, f"versions/{version.number}/")))
    assert "Comments on this version" in page and "Round 1" in page
    assert "What the report must contain" in page
    assert f"See the checklist for version {version.number}" in page
