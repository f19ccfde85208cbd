"""A chronology's check results put the problems first, counted by kind; the agency's page says
how many errors and warnings each version has."""

# The shared fixtures are imported by name, so pytest finds them: not redefinitions.
# ruff: noqa: F811

import html
import re

from django.test import Client

from reviewdesk.accounts.models import Agency, User
from reviewdesk.chronology import actions, tasks
from reviewdesk.chronology.models import Submission
from reviewdesk.chronology.tests.fixtures import (  # noqa: F401
    chronology_review,
    csv_file,
    good_rows,
    nurse,
    police,
)
from reviewdesk.reviews.models import Review

HEADER = ("Date", "Time", "Source of information", "Practitioner role", "Event / contact",
          "Action / outcome")
# Two impossible dates, one unreadable time, and two rows outside the period under review.
ROWS = [["31/02/2024", "", "Case note", "Social worker", "Phone call.", ""],
        ["30/02/2024", "", "Case note", "Social worker", "Home visit.", ""],
        ["05/03/2024", "25:99", "Case note", "Social worker", "Strategy meeting.", ""],
        ["01/07/2025", "", "Case note", "Social worker", "Review meeting.", ""],
        ["02/07/2025", "", "Case note", "Social worker", "Another meeting.", ""]]


def checked(review: Review, agency: Agency, by: User, rows: list[list[str]]) -> Submission:
    submission = actions.upload_submission(review, agency, by=by, data=csv_file(rows, HEADER),
                                            filename="chronology.csv")
    tasks.run_check(submission.pk)
    submission.refresh_from_db()
    return submission


def page_of(client: Client, submission: Submission) -> str:
    url = (f"/reviews/{submission.review.uuid}/chronology/{submission.agency_id}/versions/"
           f"{submission.version}/")
    return html.unescape(client.get(url).content.decode())


def kinds_table(page: str) -> list[tuple[str, ...]]:
    table = page.split('id="problem-kinds"', 1)[1].split("</table>", 1)[0]
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split())
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)]
    body = cells[3:]
    return [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]


def test_the_problems_come_first_counted_by_kind(chronology_review, police, agency_author,
                                                 client_for) -> None:
    submission = checked(chronology_review, police, agency_author, ROWS)
    page = page_of(client_for(agency_author), submission)
    assert kinds_table(page) == [
        ("CHR-E02: Date impossible", "Error", "2"),
        ("CHR-E06: Time unreadable or impossible", "Error", "1"),
        ("CHR-W01: Date outside the period under review", "Warning", "2"),
    ]
    assert "3 errors and 2 warnings." in page
    # Before how the columns were read and what to do next; the detail follows the counts.
    assert (page.index("Problems by kind") < page.index("Errors</caption>")
            < page.index("How we read your columns") < page.index("What to do next"))


def test_a_clean_version_says_so_and_has_no_counts(chronology_review, police, agency_author,
                                                   client_for) -> None:
    submission = checked(chronology_review, police, agency_author, good_rows())
    page = page_of(client_for(agency_author), submission)
    assert "No problems found." in page and 'id="problem-kinds"' not in page


def test_the_agency_page_gives_each_version_its_errors_and_warnings(
        chronology_review, police, agency_author, client_for) -> None:
    clean = checked(chronology_review, police, agency_author, good_rows())
    actions.withdraw_submission(clean, by=agency_author)  # a second upload waits for this
    with_problems = checked(chronology_review, police, agency_author, ROWS)
    page = html.unescape(client_for(agency_author).get(
        f"/reviews/{chronology_review.uuid}/chronology/{police.pk}/").content.decode())
    table = page.split('id="version-table"', 1)[1].split("</table>", 1)[0]
    assert "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Errors</th>" in table
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split())
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0].split()[1]] = (cells[5], cells[6])
    assert rows[str(with_problems.version)] == ("3", "2")
    assert rows[str(clean.version)] == ("0", "0")
    assert "has problems to fix before it can be accepted: 3 errors and 2 warnings." in page
