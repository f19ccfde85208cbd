"""The check's page: progress while the scan runs (polled with HTMX, a plain link without it),
then every finding grouped by person or kind with its paragraph, replacement and reason; the
failure and how to fix it. Real names only for those who may see them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import ROUTE, take
from reviewdesk.reports import actions, display
from reviewdesk.reports.models import DraftCheck, DraftFinding
from reviewdesk.reports.scanning import FAILED_MESSAGE
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import checked, marked, text
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review, Stage

REAL = ["Kayden", "Moorcroft", "Dana", "Polly Practitioner", "Larkspur", "14/03/2019",
        "draft v3"]
LABELS = ["Child A", "Mother", "Health Visitor 1", "The family home"]


def url(check: DraftCheck, more: str = "") -> str:
    return f"/reviews/{check.review.uuid}/publication-checks/{check.number}/{more}"


def queued(review: Review, by: User) -> DraftCheck:
    """Uploaded, not yet picked up by the worker (the test's transaction never commits)."""
    return actions.upload_draft(review, by=by, data=DRAFT.encode(),
                                filename="Kayden Moorcroft draft v3.txt")


def test_a_queued_check_polls_for_its_progress_and_offers_a_plain_refresh_link(
        registered, business_manager, client_for):
    check = queued(registered, business_manager)
    page = text(client_for(business_manager).get(url(check)))
    assert "Publication check 1" in page
    assert "The check is waiting for the background worker to start it." in page
    assert (f'aria-live="polite" hx-get="{url(check, "status/")}" hx-trigger="every 2s" '
            'hx-swap="innerHTML"') in page
    assert f'<a class="govuk-link" href="{url(check)}">Refresh</a>' in page
    assert "Findings" not in page


def test_a_running_check_shows_how_far_it_has_got(registered, business_manager, client_for):
    check = queued(registered, business_manager)
    DraftCheck.objects.filter(pk=check.pk).update(status="running", progress=40)
    client = client_for(business_manager)
    page = text(client.get(url(check)))
    assert "<strong>40%</strong> of the draft checked (43 words in all)." in page
    fragment = client.get(url(check, "status/"), headers={"HX-Request": "true"})
    assert "<strong>40%</strong> of the draft checked" in text(fragment)
    assert "<html" not in text(fragment)
    assert "HX-Refresh" not in fragment


def test_when_the_check_is_done_the_poll_reloads_the_page(registered, business_manager,
                                                          client_for):
    check = checked(registered, business_manager, DRAFT)
    client = client_for(business_manager)
    polled = client.get(url(check, "status/"), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    # Without HTMX (someone following the link), just the state.
    plain = client.get(url(check, "status/"))
    assert "HX-Refresh" not in plain and "The check has finished." in text(plain)


def test_findings_are_grouped_by_person_with_their_paragraph_and_replacement(
        registered, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT, name="Kayden Moorcroft draft v3.txt")
    page = text(client_for(business_manager).get(url(check)))
    assert "43 words checked" in page
    assert "7 findings" in page
    headings = ["Kayden Moorcroft (Child A)", "Dana Moorcroft (Mother)",
                "Polly Practitioner (Health Visitor 1)", "12 Larkspur Close (The family home)"]
    # In the summary and as headings, in order of first appearance.
    summary = [page.index(f'">{heading}</a>') for heading in headings]
    assert summary == sorted(summary)
    for heading in headings:
        assert f"{heading}\n  <span class=\"govuk-caption-m\">" in page
    assert "3 findings, in the identity register" in page
    assert "“Kayden's”" in page and "“14/03/2019”" in page
    # The possessive stays possessive; a date of birth becomes a placeholder.
    assert "Replace with: <strong>Child A's</strong>" in page
    assert "Replace with: <strong>[date of birth]</strong>" in page
    assert "Why: Matches Dana Moorcroft (Mother) in the identity register: another name or " \
           "nickname" in page
    assert "Body text, Paragraph 2" in page
    assert (f"{marked('Dana Moorcroft')}, told Polly Practitioner that Dee was not coping at 12 "
            "Larkspur Close.") in page
    assert "Kayden Moorcroft draft v3.txt" in page  # the file's name, for those who may see it
    assert "Not identifying — mark as a false alarm" in page
    assert "Download the draft as uploaded" in page
    assert "A corrected copy is made only for Word documents (.docx)." in page


def test_someone_who_may_not_see_identities_sees_categories_and_labels_only(
        registered, business_manager, partner, client_for):
    check = checked(registered, business_manager, DRAFT, name="Kayden Moorcroft draft v3.txt")
    page = text(client_for(partner).get(url(check)))
    for real in REAL:
        assert real not in page, real
    for label in LABELS:
        assert label in page
    assert "Plain text" in page  # instead of the draft's name
    # Each finding: what kind it is, where, and what replaces it; none of the draft's text.
    assert ('<h5 class="govuk-heading-s govuk-!-margin-bottom-1">A person\'s name</h5>\n'
            '  <p class="govuk-body-s rd-muted govuk-!-margin-bottom-2">Body text, Paragraph 2</p>'
            in page)
    assert "Replace with: <strong>Child A's</strong>" in page
    assert "Replace with: <strong>[date of birth]</strong>" in page
    for words in ["told", "coping", "lived with", "<mark>", "Why:"]:
        assert words not in page, words
    # Oversight roles read findings but do not change or download them.
    assert "mark as a false alarm" not in page and "Download" not in page


def test_the_executive_group_reads_checks_once_the_review_reaches_the_report_stage(
        registered, business_manager, executive, client_for):
    check = checked(registered, business_manager, DRAFT)
    assert client_for(executive).get(url(check)).status_code == 404
    registered = at_report_stage(registered, business_manager)
    assert registered.stage == Stage.REPORT
    page = text(client_for(executive).get(url(check)))
    assert "Child A" in page and "Kayden" not in page


def test_a_failed_check_says_what_went_wrong_and_how_to_fix_it(registered, business_manager,
                                                               client_for):
    check = queued(registered, business_manager)
    DraftCheck.objects.filter(pk=check.pk).update(status="failed",
                                                  error=FAILED_MESSAGE.format(number=1))
    page = text(client_for(business_manager).get(url(check)))
    assert "Could not be checked" in page
    assert "because of a problem in Review Desk, not in your file" in page
    assert "Upload the draft again" in page


def test_nothing_found_says_so_without_promising_too_much(registered, business_manager,
                                                         client_for):
    check = checked(registered, business_manager, "Child A was seen by Health Visitor 1.")
    page = text(client_for(business_manager).get(url(check)))
    assert "Nothing identifying was found." in page


def test_viewing_a_finished_check_is_audited_without_its_contents(
        registered, business_manager, partner, client_for):
    check = checked(registered, business_manager, DRAFT)
    client_for(partner).get(url(check))
    event = AuditEvent.objects.get(event_type="reports.draft_check_viewed")
    assert event.summary == "Viewed publication check 1"
    assert event.actor == partner and event.data == {"check": check.pk, "tier": 0}


def test_the_check_page_takes_the_same_queries_however_many_findings(
        registered, business_manager, partner, client_for):
    few = checked(registered, business_manager, DRAFT)
    many = checked(registered, business_manager, DRAFT * 10)
    assert many.findings.count() == 10 * few.findings.count()
    for viewer in (business_manager, partner):
        client = client_for(viewer)
        client.get(url(few))  # the session and its caches warmed up
        counts = []
        for address in (url(few), url(many)):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts


def at_report_stage(review: Review, by: User) -> Review:
    """The review moved on to the report stage, where the executive group reads checks."""
    for name in ROUTE[:ROUTE.index("start_report") + 1]:
        review = take(review, name, by=by, on=review.stage_since)
    return review


def test_below_tier_all_no_text_of_the_draft_is_shown_not_even_what_the_scanner_missed(
        registered, business_manager, executive, partner, client_for):
    # A surname in lower case and a neighbour the register does not hold (the language model is
    # off) are not found, and the aunt is marked as a false alarm: all sit beside findings.
    draft = ("Kayden Moorcroft moved in with the moorcroft grandparents, next door to Mr "
             "Okonjo-Hale.\n\nDee visited Kayden with Aunt Ottilie.\n")
    check = checked(registered, business_manager, draft)
    actions.mark_false_alarm(check.findings.get(text="Dee"), by=business_manager,
                             reason="Ottilie is not in the register.")
    full = text(client_for(business_manager).get(url(check)))
    assert "moorcroft grandparents" in full and "Okonjo-Hale" in full and "Ottilie" in full
    at_report_stage(registered, business_manager)
    for viewer in (executive, partner):
        page = text(client_for(viewer).get(url(check)))
        assert "Child A" in page and "Replace with: <strong>Child A</strong>" in page
        for hidden in ("moorcroft", "Okonjo", "Ottilie", "grandparents", "next door"):
            assert hidden.lower() not in page.lower(), hidden


def test_a_surname_the_family_shares_is_grouped_apart_with_a_neutral_replacement(
        registered, business_manager, client_for):
    check = checked(registered, business_manager,
                    "The Moorcroft family moved to the area.\n\nThe Moorcrofts' car, Moorcraft said.\n")
    page = text(client_for(business_manager).get(url(check)))
    assert "Surnames several people in the register share\n  <span" in page
    assert "Replace with: <strong>[family surname]</strong>" in page
    assert ("Why: A surname Kayden Moorcroft and Dana Moorcroft share in the identity register: it "
            "does not say which of them is meant") in page
    assert ("Why: A surname Kayden Moorcroft and Dana Moorcroft share in the identity register, "
            "here misspelt: it does not say which of them is meant") in page


def test_the_reason_says_in_words_how_an_address_or_a_date_of_birth_was_matched(
        registered, business_manager, client_for):
    review_actions.save_identity(registered, by=business_manager, kind=IdentityEntry.Kind.PLACE,
                                 real_name="Flat 2, 7 Tallowmere Way, Ashby", pseudonym="The flat")
    check = checked(registered, business_manager,
                    "Kayden was born in March 2019. He lived on Larkspur Close, then at 7 Tallowmere "
                    "Way.\n")
    page = text(client_for(business_manager).get(url(check)))
    assert ("Why: Matches Kayden Moorcroft (Child A) in the identity register: month and year of "
            "birth") in page
    assert "Why: Matches 12 Larkspur Close (The family home) in the identity register: street name" in page
    assert ("Why: Matches Flat 2, 7 Tallowmere Way, Ashby (The flat) in the identity register: house "
            "number and street") in page


def test_a_long_paragraph_is_cut_around_the_finding_at_word_boundaries():
    words = [f"word{i:03d}" for i in range(200)]  # 1,600 characters, one paragraph
    words[100] = "Kayden"
    paragraph = " ".join(words)
    start = paragraph.index("Kayden")
    finding = DraftFinding(start=start, end=start + 6, text="Kayden", paragraph_start=0,
                           paragraph_end=len(paragraph))
    shown = str(display.context(paragraph, finding, [finding]))
    assert shown.startswith("&hellip;") and shown.endswith("&hellip;")
    inner = shown.removeprefix("&hellip;").removesuffix("&hellip;")
    plain = inner.replace(marked("Kayden"), "Kayden")
    assert plain.split()[0] != words[0] and all(
        re.fullmatch(r"word\d{3}|Kayden", w) for w in plain.split()), plain
    assert 200 < len(plain[:plain.index("Kayden")]) <= display.WINDOW
