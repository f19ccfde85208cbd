"""The whole publication stage in a real browser (Debian's Chromium), as its people run it, with
axe-core on every page, staff and public: the business manager opens publication from the review
page and finds the advance copy and the harm assessment unmet; puts publication on hold for the
inquest, which the final check then names; the inquest concludes, the daily reminders run, the
home page asks to release the hold and it is released; the advance copy is recorded as sent ten
working days ago, so its earliest date has passed; the harm is assessed; they confirm it's them
and publish, and the page shows the planned end of its time on the website. A member of the
public, never signed in, finds the report on /published/, downloads its PDF and asks for a copy
(a wrong e-mail address first); the business manager sends it from the request log, then sends
the final report to Ofsted, the Department for Education and the National Panel.

Set up in Python only what a user does not do on these pages: the review walked to publication
with its final report, the partnership's addresses for notices, the inquest in the register of
parallel processes and its conclusion, and the daily reminders."""

import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, LocatorAssertions, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.lib.workingdays import add_working_days, is_working_day
from reviewdesk.parallel import actions as parallel_actions
from reviewdesk.parallel.models import ProcessKind, ProcessState
from reviewdesk.publication import selectors
from reviewdesk.publication.models import AdvanceCopy, Hold, Publication, ReportRequest
from reviewdesk.publication.testing import at_publication
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_browser import (
    PASSWORD,
    assert_accessible,
    fill_date,
    sign_in,
    uk_date,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The review fixture's child (Child A): never on a public page, nor in the inquest's words there.
MARKERS = ["Kayden", "Moorcroft"]
BUSINESS_UNIT = "business.unit@example.test"
NATIONAL_BODIES = ["dfe@example.test", "ofsted@example.test", "panel@example.test"]
PUBLIC_EMAIL = "robin.reader@example.org"


def working_days_before(day: date, n: int) -> date:
    """The day ``n`` working days before ``day`` (England's bank holidays counted)."""
    while n:
        day -= timedelta(days=1)
        n -= is_working_day(day)
    return day


def banner(page: Page) -> LocatorAssertions:
    # The success banner: the review's panel on parallel processes is a banner too.
    return expect(page.locator(".govuk-notification-banner--success"))


def check_row(page: Page, title: str) -> LocatorAssertions:
    return expect(page.get_by_role("row").filter(has_text=title))


def assert_nameless(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert not [m for m in MARKERS if m in text], page.url


def with_pdf(to: str) -> list[mail.EmailMessage]:
    """The e-mails sent to ``to`` with a PDF attached."""
    return [m for m in mail.outbox if m.to == [to]
            and any(a[2] == "application/pdf" and bytes(a[1]).startswith(b"%PDF")
                    for a in m.attachments if isinstance(a, tuple))]


def test_the_whole_publication_stage(
        page: Page, live_server: LiveServer, browser: Browser, browser_context_args: dict,
        review: Review, business_manager: User, addresses: Partnership) -> None:
    # What a user does not do on these pages: the review at publication with its final report,
    # where notices go, and the inquest in the register of parallel processes.
    at_publication(review, by=business_manager)
    review.refresh_from_db()
    addresses.business_unit_email = BUSINESS_UNIT
    addresses.save(update_fields=["business_unit_email"])
    inquest = parallel_actions.record_process(
        review, by=business_manager, kind=ProcessKind.INQUEST, opened_on=date(2026, 3, 10),
        reference="Inquest touching Kayden Moorcroft's death", lead_name="Alys Penhallow",
        lead_role="Senior coroner")
    mail.outbox.clear()  # the walk's own notices
    today = timezone.localdate()
    base = f"{live_server.url}/reviews/{review.uuid}"

    # 1. The review page leads to publication; the final check finds the advance copy and the
    # harm assessment unmet.
    sign_in(page, live_server, business_manager)
    page.goto(f"{base}/")
    expect(page.locator("#publication")).to_have_text("Publication")
    assert_accessible(page)
    page.get_by_role("link", name="Open publication and the final check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publication")
    check_row(page, "The advance copy").to_contain_text("Not met")
    check_row(page, "Harm from publication assessed").to_contain_text("Not met")
    check_row(page, "No hold on publication").to_contain_text("Met")
    expect(page.locator("#final-check + p")).to_contain_text("2 are not met")
    assert_accessible(page)

    # 2. A hold for the inquest, recorded on the holds page (a mistake first); the final check
    # then names it.
    page.goto(f"{base}/")
    page.get_by_role("link", name="See the holds on publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Holds on publication")
    expect(page.locator("main")).to_contain_text("No hold on publication is in force.")
    assert_accessible(page)
    page.get_by_role("button", name="Put publication on hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Put publication on hold")
    assert_accessible(page)
    page.get_by_role("button", name="Put publication on hold and tell the Panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why publication is delayed")
    assert_accessible(page)
    assert not Hold.objects.exists()
    page.get_by_label("Which parallel process does publication wait for? (optional)") \
        .select_option(label="Inquest, opened 10 March 2026 (open)")
    page.get_by_label("Why is publication delayed?").fill(
        "Child A's mother gives evidence at the inquest; publishing first could prejudice it.")
    page.get_by_label("Who decided to delay publication?").fill(
        "The three safeguarding partners")
    fill_date(page, "decided_on", today)
    page.get_by_role("button", name="Put publication on hold and tell the Panel").click()
    banner(page).to_contain_text("Hold recorded.")
    expect(page.locator("main")).to_contain_text("Waiting for: Inquest")
    assert_accessible(page)
    hold = Hold.objects.get()
    assert (hold.process, hold.decided_on, hold.in_force) == (inquest, today, True)
    told = [m for m in mail.outbox if m.to in (["panel@example.test"], ["dfe@example.test"])]
    assert len(told) == 2, [m.to for m in mail.outbox]

    page.goto(f"{base}/publication/")
    hold_row = page.get_by_role("row").filter(has_text="No hold on publication")
    expect(hold_row).to_contain_text("Not met")
    expect(hold_row).to_contain_text("the hold for the inquest")
    expect(hold_row).to_contain_text(f"decided by The three safeguarding partners on "
                                     f"{uk_date(today)}")
    assert "Kayden" not in hold_row.inner_text()
    assert_accessible(page)

    # 3. The inquest concludes and the daily reminders run: the home page asks the business
    # manager to release the hold, and they do.
    parallel_actions.record_process_status(
        inquest, by=business_manager, state=ProcessState.CONCLUDED, effective_on=today,
        outcome="A narrative conclusion.")
    call_command("send_reminders", stdout=None)
    assert [m for m in mail.outbox if m.to == [BUSINESS_UNIT]
            and f"/reviews/{review.uuid}/publication/holds/" in m.body]
    page.goto(f"{live_server.url}/")
    more = page.locator("details.govuk-details").filter(has_text="more")
    if more.count():  # waiting items come last, perhaps below the first screen
        more.locator("summary").click()
    page.get_by_role("link", name="Decide whether to release the hold on publication: the "
                                  "inquest it waits for has concluded").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Holds on publication")
    expect(page.locator("main")).to_contain_text("The process this hold waits for has concluded")
    assert_accessible(page)
    page.get_by_role("link", name="Release this hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release a hold on publication")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("The inquest concluded; the partners agreed.")
    page.get_by_role("button", name="Release the hold").click()
    banner(page).to_contain_text("Hold released.")
    expect(page.locator("main")).to_contain_text("No hold on publication is in force.")
    assert_accessible(page)
    hold.refresh_from_db()
    assert not hold.in_force and hold.released_by == business_manager

    # 4. The advance copy, sent ten working days ago: its earliest publication date has passed.
    sent_on = working_days_before(today, 10)
    earliest = add_working_days(sent_on, 7)
    assert earliest <= today
    page.get_by_role("link", name="The advance copy and the earliest publication date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The advance copy")
    assert_accessible(page)
    page.get_by_role("button", name="Send the advance copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the advance copy")
    assert_accessible(page)
    fill_date(page, "sent_on", sent_on)
    page.get_by_role("button", name="Send the advance copy").click()
    banner(page).to_contain_text(
        f"The earliest publication date is {uk_date(earliest, with_weekday=True)}.")
    expect(page.locator(".govuk-panel")).to_contain_text(uk_date(earliest, with_weekday=True))
    assert_accessible(page)
    copy = AdvanceCopy.objects.get()
    assert (copy.sent_on, copy.earliest_publication_on) == (sent_on, earliest)

    # 5. The harm from publication assessed (a mistake first).
    page.goto(f"{base}/publication/")
    check_row(page, "The advance copy").to_contain_text("Met")
    check_row(page, "No hold on publication").to_contain_text("Met")
    page.get_by_role("button", name="Assess the harm from publication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assess the harm from publication")
    assert_accessible(page)
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say who assessed it")
    assert_accessible(page)
    for box in page.locator("textarea[name^='impact_']").all():
        box.fill("Local press interest after the inquest; no names are published.")
    page.get_by_label("Overall conclusion").fill("Publish, now that the inquest has concluded.")
    page.get_by_label("Who assessed it").fill("The CSPR subgroup")
    page.get_by_role("button", name="Record the assessment").click()
    banner(page).to_contain_text("The assessment of harm from publication is recorded")
    check_row(page, "Harm from publication assessed").to_contain_text("Met")
    assert_accessible(page)
    # Nobody in the family asked to be told the date (the family's wishes are recorded on the
    # family's pages), so the family's check is met without a date shared or a reason.
    assert not selectors.wanting_the_date(review)
    check_row(page, "The family told the publication date").to_contain_text(
        "No family member asked to be told the publication date.")
    expect(page.locator("#final-check + p")).to_contain_text("every one is met")

    # 6. Published: the business manager confirms it's them, fills the form and publishes.
    page.get_by_role("button", name="Publish or schedule the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the report")
    expect(page.get_by_label("Title")).to_have_value("Child A")
    assert_accessible(page)
    page.get_by_label("Summary for the public").fill(
        "What the review of Child A found: agencies each knew part of the story.")
    page.get_by_role("button", name="Publish or schedule").click()
    ends_on = today + relativedelta(months=addresses.website_months)
    banner(page).to_contain_text(f"until {uk_date(ends_on)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publication")
    end_row = page.locator(".govuk-summary-list__row").filter(
        has_text="Planned end of its time on the website")
    expect(end_row).to_contain_text(uk_date(ends_on))
    assert_accessible(page)
    published = Publication.objects.get()
    assert (published.state, published.published_on, published.ends_on) == (
        Publication.State.PUBLISHED, today, ends_on)

    # 7. A member of the public, never signed in, in a browser of their own.
    public_context = browser.new_context(**browser_context_args)
    public = public_context.new_page()
    public.goto(f"{live_server.url}/published/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Published reports")
    expect(public.get_by_role("link", name="Sign out")).to_have_count(0)
    card = public.locator(".govuk-summary-card").filter(has_text="Child A")
    expect(card).to_contain_text("agencies each knew part of the story")
    expect(card.get_by_role(
        "link", name=re.compile(r"^Download the report\W+Child A \(PDF\)$"))).to_be_visible()
    assert_nameless(public)
    assert_accessible(public)
    card.get_by_role("link", name="Child A", exact=True).click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Child A")
    expect(public).to_have_url(f"{live_server.url}/published/{published.slug}/")
    expect(public.locator("main")).to_contain_text(uk_date(today))
    assert_nameless(public)
    assert_accessible(public)
    href = public.get_by_role("link", name="Download the report (PDF)").get_attribute("href")
    assert href == f"/published/{published.slug}/report.pdf"
    pdf = public.request.get(f"{live_server.url}{href}")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert pdf.body().startswith(b"%PDF")
    with public.expect_download() as download:
        public.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    public.get_by_role("link", name="ask for a copy").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Ask for a copy of a report")
    assert_accessible(public)
    public.get_by_label("Your name").fill("Robin Reader")
    public.get_by_label("Your e-mail address").fill("robin.reader.example.org")
    public.get_by_label("Why you are asking (optional)").fill("I train health visitors.")
    public.get_by_role("button", name="Send the request").click()
    summary = public.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an e-mail address in the right format")
    assert_accessible(public)
    assert not ReportRequest.objects.exists()
    public.get_by_label("Your e-mail address").fill(PUBLIC_EMAIL)
    public.get_by_role("button", name="Send the request").click()
    expect(public.locator(".govuk-panel")).to_contain_text("Your request has been sent")
    asked = ReportRequest.objects.get()
    expect(public.locator("main")).to_contain_text(
        f"by {uk_date(asked.due_on, with_weekday=True)}")
    assert_accessible(public)
    public_context.close()
    assert (asked.publication, asked.email, asked.received_on) == (published, PUBLIC_EMAIL, today)

    # 8. The business manager finds the request in the log and sends the report.
    page.goto(f"{base}/")
    page.get_by_role("link", name="See the time on the website").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time on the website")
    expect(page.locator("main")).to_contain_text(uk_date(ends_on))
    assert_accessible(page)
    page.get_by_role("link", name="All requests for reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for reports")
    row = page.get_by_role("row").filter(has_text="Child A")
    expect(row).to_contain_text(uk_date(asked.due_on))
    assert_accessible(page)
    row.get_by_role("link", name="Child A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request for a report")
    expect(page.locator("main")).to_contain_text("I train health visitors.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the report")
    assert_accessible(page)
    fill_date(page, "responded_on", today)
    page.get_by_role("button", name="Send the report").click()
    banner(page).to_contain_text("The report is sent")
    expect(page.locator("main")).to_contain_text(f"The report was sent on {uk_date(today)}")
    assert_accessible(page)
    asked.refresh_from_db()
    assert asked.response == ReportRequest.Response.SENT
    assert len(with_pdf(PUBLIC_EMAIL)) == 1

    # 9. The copies to Ofsted, the Department for Education and the National Panel.
    before = {to: len(with_pdf(to)) for to in NATIONAL_BODIES}
    page.goto(f"{base}/")
    page.get_by_role("link", name="Open the copies to national bodies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Copies to national bodies")
    expect(page.locator("main")).to_contain_text("Still to send: Ofsted, the Department for "
                                                 "Education and the National Panel.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the copies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send the final report to the national bodies")
    assert_accessible(page)
    for label in ("Ofsted", "Department for Education", "The National Panel"):
        page.get_by_label(label).check()
    fill_date(page, "sent_on", today)
    page.get_by_role("button", name="Send the copies").click()
    banner(page).to_contain_text("The final report is on its way to Ofsted, the Department for "
                                 "Education and the National Panel.")
    expect(page.locator("main")).to_contain_text(
        "Every national body due a copy has the final report that stands.")
    assert_accessible(page)
    assert {to: len(with_pdf(to)) - before[to] for to in NATIONAL_BODIES} == {
        to: 1 for to in NATIONAL_BODIES}
