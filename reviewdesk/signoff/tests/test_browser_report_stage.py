"""The whole report stage in a real browser (Debian's Chromium), as its people run it, with
axe-core on every page: the lead reviewer uploads version 1 with the child's real name left in
and the publication check finds it; the business manager opens a round of comments, the
subgroup member comments on the numbered paragraph, the lead reviewer answers; version 2 replaces
the name, the comparison shows it, the answer becomes "changed in version 2" and the round is
closed as answered; the business manager accepts what version 2's checklist still finds; the
subgroup, the Executive Group (sign-off and agreement to publish) and the three partners approve
version 2 in the guide's order; the lead reviewer makes the PDF and downloads it. A partner reads
both versions as rendered text, without the child's real name.

The clock is moved from day to day with ``today_is`` (fixed days of 2026, after the walk's
report stage starts on 1 July), so nothing depends on the real date."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import LocatorAssertions, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.final_report import converter
from reviewdesk.final_report.pdf_check import pdf_pages
from reviewdesk.final_report.tests.conftest import soffice_required
from reviewdesk.reports.models import Approval, Comment, CommentRound, FinalReport, ReportVersion
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import assert_accessible, fill_date, sign_in
from reviewdesk.signoff.selectors import completion_clock
from reviewdesk.testing import TodayIs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The child's real name (the conftest's review: Kayden Moorcroft, Child A), left in paragraph 3.1
# of version 1 and replaced by his pseudonym in version 2.
MARKERS = ["Kayden", "Moorcroft"]
NAMED = "3.1 Kayden Moorcroft is six. He lives with his mother and his baby brother."
PSEUDONYM = "3.1 Child A is six. He lives with his mother and his baby brother."


def report(paragraph: str) -> bytes:
    """A short report with every section the checklist looks for, numbered as reviewers do, and
    two habits its checklist finds: an acronym the glossary leaves out (MASH) and jargon ("in
    order to")."""
    return report_docx(
        ("1. Reason for the review", 1),
        "1.1 This review looks at the help given to Child A and his family in the year before "
        "he was hurt at home in March 2026.",
        ("2. How the review was carried out", 1),
        "2.1 The reviewer read the records of each agency. She met the staff who knew the family "
        "and talked to Child A's mother.",
        ("3. Child A and his family", 1),
        paragraph,
        ("4. What happened", 1),
        "4.1 The health visitor saw the baby in May. She noticed that Child A was thin and "
        "tired. She told the GP the same day. The school told the MASH in June.",
        ("5. Analysis", 1),
        "5.1 Each agency knew part of the story. No one brought the parts together in order to "
        "see how hard things had become at home.",
        ("6. Good practice", 1),
        "6.1 The health visitor acted quickly and wrote down what she saw.",
        ("7. Recommendations", 1),
        "7.1 Testshire Police should tell the school what happens after a concern is shared.",
        ("8. Glossary", 1),
        "GP: a general practitioner, the family's doctor.",
    )


@pytest.fixture(autouse=True)
def register_only(settings: Settings) -> None:
    """The publication check looks only for the register's identities (fast), as the reports
    app's tests do: the child's name is in the register."""
    settings.REPORTS_SCAN_UNREGISTERED = False


@pytest.fixture
def soffice() -> str:
    """LibreOffice, as the final report's tests ask for it: skipped where it is missing, except in
    CI (``CI`` or ``REQUIRE_SOFFICE`` set), where that fails."""
    path = converter.soffice_path()
    if path is None:
        message = (f"LibreOffice is missing, so the PDF cannot be made. Install it with "
                   f"'apt-get install -y --no-install-recommends {converter.PACKAGE}'.")
        if soffice_required():
            pytest.fail(message + " CI or REQUIRE_SOFFICE is set, so this is a failure.",
                        pytrace=False)
        pytest.skip(message)
    return path


def switch_to(page: Page, live_server: LiveServer, person: User) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, person)


def banner(page: Page) -> LocatorAssertions:
    return expect(page.locator(".govuk-notification-banner"))


def test_the_whole_report_stage(
        page: Page, live_server: LiveServer, at_report: Review, real_checklist: None,
        soffice: str, business_manager: User, lead_reviewer: User, subgroup_member: User,
        executive: User, partner: User, partners: dict, today_is: TodayIs,
        tmp_path: Path) -> None:
    review = at_report
    base = f"{live_server.url}/reviews/{review.uuid}"
    first = tmp_path / "Child report v1.docx"
    first.write_bytes(report(NAMED))
    second = tmp_path / "Child report v2.docx"
    second.write_bytes(report(PSEUDONYM))

    # 1. The lead reviewer uploads version 1; its publication check finds the child's name.
    today_is(date(2026, 7, 20))
    sign_in(page, live_server, lead_reviewer)
    page.goto(f"{base}/report/")
    expect(page.get_by_text("No version of the report has been uploaded yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Upload a version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a version of the report")
    assert_accessible(page)
    page.get_by_label("The report (a Word document)").set_input_files(first)
    page.get_by_label("What changed in this version (optional)").fill("First draft")
    page.get_by_role("button", name="Upload the version").click()
    # Tests run tasks at once: the check is done by the time the version's page opens.
    banner(page).to_contain_text("Version 1 uploaded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1 of the report")
    expect(page.locator("main")).to_contain_text("1 open finding")
    expect(page.get_by_role("heading", name="Found in this version")).to_be_visible()
    expect(page.locator("#new-findings + ul")).to_contain_text(
        "Kayden Moorcroft")
    assert_accessible(page)
    v1 = ReportVersion.objects.get(review=review, number=1)
    assert v1.written_on == date(2026, 7, 20)

    # 2. The business manager opens a round on version 1 for five working days...
    today_is(date(2026, 7, 21))
    switch_to(page, live_server, business_manager)
    page.goto(f"{base}/")
    page.get_by_role("button", name="Open a round of comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a round of comments")
    assert_accessible(page)
    page.get_by_label("How many working days do commenters have?").fill("5")
    page.get_by_role("button", name="Open the round").click()
    round_ = CommentRound.objects.get(review=review)
    assert (round_.version_id, round_.opened_on) == (v1.pk, date(2026, 7, 21))
    assert round_.closes_on == date(2026, 7, 28)
    banner(page).to_contain_text(
        "comments are taken until the end of 28 July 2026")
    assert_accessible(page)

    # ...the subgroup member comments on the paragraph that names the child...
    switch_to(page, live_server, subgroup_member)
    page.get_by_role("link", name="Comment on version 1 of the report by 28 July 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comments on version 1 of the report")
    assert_accessible(page)
    page.get_by_role("button", name="Make a comment").click()
    paragraph = page.get_by_label("Which paragraph is the comment on?")
    option = paragraph.locator("option", has_text=re.compile(r"^3\.1\b"))
    paragraph.select_option(option.get_attribute("value"))
    page.get_by_label("Your comment").fill("This paragraph uses the child's real name: use his "
                                           "pseudonym.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the comment").click()
    banner(page).to_contain_text("Comment recorded")
    expect(page.get_by_role("heading", name=re.compile(r"^3\.1"))).to_be_visible()
    assert_accessible(page)
    comment = Comment.objects.get(round=round_)
    assert comment.anchor.startswith("3.1") and comment.made_on == date(2026, 7, 21)

    # ...and the lead reviewer answers it from their home page: for discussion, for now.
    today_is(date(2026, 7, 23))
    switch_to(page, live_server, lead_reviewer)
    page.get_by_role("link", name="Answer 1 comment on the report").click()
    page.get_by_role("link", name="Answer comment 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a comment")
    assert_accessible(page)
    page.get_by_label("For discussion").check()
    page.get_by_label("Your reason or note").fill("Agreed: the next version uses Child A.")
    page.get_by_role("button", name="Save the answer").click()
    banner(page).to_contain_text("Answer saved")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("For discussion")
    assert_accessible(page)

    # 3. The lead reviewer uploads version 2, the name replaced...
    today_is(date(2026, 7, 29))
    page.goto(f"{base}/report/upload/")
    page.get_by_label("The report (a Word document)").set_input_files(second)
    page.get_by_label("What changed in this version (optional)").fill(
        "The subgroup's comment taken in")
    page.get_by_role("button", name="Upload the version").click()
    banner(page).to_contain_text("Version 2 uploaded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 2 of the report")
    expect(page.locator("main")).to_contain_text("No open findings")
    assert_accessible(page)

    # ...the comparison shows the change within the paragraph...
    page.get_by_role("link", name="Compare with version 1").click()
    expect(page.get_by_role("heading", name="Version 1 to version 2")).to_be_visible()
    changed = page.locator(".rd-compare__row--changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("3.1")
    expect(changed.locator("del")).to_contain_text("Kayden Moorcroft")
    expect(changed.locator("ins")).to_contain_text("Child A")
    assert_accessible(page)

    # ...the answer becomes "changed in version 2", and the round is closed as answered.
    page.goto(f"{base}/report-comments/1/")
    page.get_by_role("link", name="Change the answer comment 1").click()
    page.get_by_label("Changed", exact=True).check()
    page.get_by_label("If changed: in which version?").select_option(label="Version 2")
    page.get_by_label("Your reason or note").fill("")
    page.get_by_role("button", name="Save the answer").click()
    banner(page).to_contain_text("Answer saved")
    answer = page.locator(f"#comment-{comment.pk}")
    expect(answer).to_contain_text(re.compile(r"Changed\s+in version 2"))
    assert_accessible(page)
    page.get_by_role("button", name="Close the round as answered").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close round 1 as answered")
    assert_accessible(page)
    page.get_by_role("button", name="Close the round as answered").click()
    banner(page).to_contain_text("Round 1 is closed as answered.")
    expect(page.get_by_text("Closed as answered").first).to_be_visible()
    assert_accessible(page)
    round_.refresh_from_db()
    comment.refresh_from_db()
    assert round_.answered_on == date(2026, 7, 29)
    assert comment.answer == Comment.Answer.CHANGED and comment.changed_in is not None
    assert comment.changed_in.number == 2
    # Version 1 keeps its round, readable with it.
    page.goto(f"{base}/report/versions/1/")
    expect(page.get_by_role("table", name="Rounds of comments on version 1")).to_be_visible()
    assert_accessible(page)

    # 4. The business manager reads version 2's checklist and accepts each blocking item.
    today_is(date(2026, 7, 30))
    switch_to(page, live_server, business_manager)
    page.goto(f"{base}/sign-off/")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Version 2's checklist has 2 items not met")
    assert_accessible(page)
    page.goto(f"{base}/")
    page.get_by_role("link", name="See the checklist for version 2").click()
    expect(page.get_by_role("heading", name="What the report must contain")).to_be_visible()
    assert_accessible(page)
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        "2 items on this checklist stand in the way of sign-off.")
    for key, title in [("acronyms", "Acronyms explained"), ("jargon", "Jargon")]:
        expect(page.locator(f"#{key}")).not_to_contain_text("Passed")
        page.get_by_role("link", name=re.compile(rf"^Accept as it is\W+{title}$")).click()
        page.get_by_label("Why can the report go forward as it is?").fill(
            "The subgroup agreed readers will know these words.")
        page.get_by_role("button", name="Accept as it is").click()
        banner(page).to_contain_text("is accepted as it is")
        expect(page.locator(f"#{key}")).to_contain_text("Accepted as it is")
        assert_accessible(page)
    expect(page.get_by_role("link", name=re.compile(r"^Accept as it is"))).to_have_count(0)
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        "Nothing on this checklist stands in the way of sign-off.")

    # 5. Sign-off in the guide's order: the subgroup's meeting, recorded by the business
    # manager...
    today_is(date(2026, 8, 14))
    page.goto(f"{base}/")
    page.get_by_role("link", name="See the sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-off of the report")
    expect(page.get_by_text("Not approved: 0 of 5 approvals")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Version 2, dated 29 July 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Record the subgroup's sign-off").click()
    fill_date(page, "decided_on", date(2026, 8, 3))
    assert_accessible(page)
    page.get_by_role("button", name="Record the sign-off").click()
    banner(page).to_contain_text(
        "The subgroup's sign-off of version 2 is recorded")
    expect(page.get_by_text("Not approved: 1 of 5 approvals")).to_be_visible()
    assert_accessible(page)

    # ...the Executive Group's sign-off and its agreement to publish...
    switch_to(page, live_server, executive)
    page.get_by_role("link", name="Sign off version 2 of the report").click()
    page.get_by_role("button", name="Record the Executive Group's sign-off").click()
    fill_date(page, "decided_on", date(2026, 8, 10))
    assert_accessible(page)
    page.get_by_role("button", name="Record the sign-off").click()
    expect(page.get_by_text("Not approved: 2 of 5 approvals")).to_be_visible()
    page.get_by_role("button", name="Record the decision on publication").click()
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", date(2026, 8, 10))
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("the Executive Group agreed to publish version 2")).to_be_visible()
    assert_accessible(page)

    # ...the local authority's partner in their own sign-in; first they read the report as
    # rendered text, the child's real name replaced even in version 1.
    switch_to(page, live_server, partner)
    for number in (1, 2):
        page.goto(f"{base}/report/versions/{number}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Version {number} of the report")
        text = page.locator("main").inner_text()
        assert "3.1 Child A is six." in text
        for marker in MARKERS:
            assert marker not in text, (number, marker)
        expect(page.get_by_role("button", name="Download the Word document")).to_have_count(0)
        assert_accessible(page)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Approve version 2 of the report").click()
    page.get_by_role("button", name="Approve version 2").click()
    fill_date(page, "decided_on", date(2026, 8, 12))
    assert_accessible(page)
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_text("Not approved: 3 of 5 approvals")).to_be_visible()
    assert "Kayden" not in page.locator("main").inner_text()
    assert_accessible(page)

    # ...and the other two partners' approvals, recorded by the business manager for them.
    switch_to(page, live_server, business_manager)
    for label, count in [("Health (ICB)", "4 of 5"), ("Police", "")]:
        page.goto(f"{base}/sign-off/")
        page.get_by_role("button", name="Record a partner's approval").click()
        page.get_by_label(label).check()
        fill_date(page, "decided_on", date(2026, 8, 14))
        assert_accessible(page)
        page.get_by_role("button", name="Record the approval").click()
        if count:
            expect(page.get_by_text(f"Not approved: {count} approvals")).to_be_visible()
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    expect(page.get_by_text("the report was approved on 14 August 2026")).to_be_visible()
    clock = completion_clock(review)
    assert clock is not None
    late_by = (date(2026, 8, 14) - clock.due_on).days
    verdict = "met" if late_by <= 0 else f"missed by {late_by} days"
    expect(page.locator("main")).to_contain_text(
        f"Completed on 14 August 2026, the date of the last approval: {verdict} against the "
        f"target of {clock.due_on:%-d %B %Y}")
    assert_accessible(page)
    page.goto(f"{base}/")
    expect(page.locator("#sign-off + p")).to_contain_text("Approved Version 2: 5 of 5 approvals")
    assert_accessible(page)
    standing = Approval.objects.filter(review=review, withdrawn_at__isnull=True)
    assert {a.version.number for a in standing} == {2} and standing.count() == 6

    # 6. The lead reviewer makes the PDF from version 2 and downloads it.
    today_is(date(2026, 8, 17))
    switch_to(page, live_server, lead_reviewer)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Open the final report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The final report")
    expect(page.locator("main")).to_contain_text("No final report has been made yet.")
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the final report")
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    banner(page).to_contain_text(
        "Final report made from version 2")
    expect(page.locator("main")).to_contain_text("The PDF's words match the Word document's")
    assert_accessible(page)
    final = FinalReport.objects.get(review=review)
    assert final.version.number == 2 and final.produced_on == timezone.localdate()
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download the PDF").click()
    assert pdf.value.suggested_filename == f"{review.reference}-final-report-v2.pdf"
    data = Path(pdf.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and data == final.pdf.read()
    published = "\n".join(pdf_pages(data))
    assert "3.1 Child A is six." in published
    assert not [marker for marker in MARKERS if marker in published]
    assert AuditEvent.objects.filter(event_type="final_report.downloaded").count() == 1
