"""Set-up shared by the chronology service, command and reminder tests: a review walked to the
chronology stage through every step's requirements (``commissioning.testing.walk``), its
terms of reference approved with the sample files' period under review, and named chronology
authors for the police (Andy Author) and health (Nell Nurse), both due on Friday 4 December 2026.

``nine_agencies`` adds the nine agencies of ``sample_files`` to the review, each with an author.
"""

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.context import as_system
from reviewdesk.chronology import actions
from reviewdesk.chronology.actions import ImportOutcome
from reviewdesk.commissioning import actions as commissioning
from reviewdesk.commissioning.models import TermsOfReference
from reviewdesk.commissioning.testing import walk
from reviewdesk.lib.chronology_files.tests.sample_files import AGENCIES, PERIOD
from reviewdesk.reviews.models import Review, Stage

DUE = date(2026, 12, 4)  # a Friday
NAMED_ON = date(2026, 4, 20)


def approve_period(review: Review, by: User, agencies: list[Agency],
                   period: tuple[date, date] = PERIOD) -> TermsOfReference:
    version = commissioning.save_terms_of_reference(
        review, by=by, period_from=period[0], period_to=period[1],
        lines_of_enquiry="How agencies shared information.", agencies=agencies,
        methodology="A systems approach.")
    return commissioning.approve_terms_of_reference(version, by=by, approved_on=NAMED_ON)


@pytest.fixture
def nurse(partnership: Partnership, agencies: dict[str, Agency]) -> User:
    return User.objects.create_user("nurse@example.test", "x", full_name="Nell Nurse",
                                    partnership=partnership, agency=agencies["health"],
                                    job_title="Named Nurse")


@pytest.fixture
def chronology_review(review: Review, business_manager: User, agencies: dict[str, Agency],
                      agency_author: User, nurse: User) -> Review:
    """The conftest review at the chronology stage; police and health authors named."""
    review = walk(review, business_manager, Stage.SET_UP)
    approve_period(review, business_manager, [agencies["police"], agencies["health"]])
    for agency, person in [(agencies["police"], agency_author), (agencies["health"], nurse)]:
        commissioning.name_chronology_author(review, agency, by=business_manager, person=person,
                                             due_on=DUE, named_on=NAMED_ON)
    return walk(review, business_manager, Stage.CHRONOLOGY)


@pytest.fixture
def police(agencies: dict[str, Agency]) -> Agency:
    return agencies["police"]


@pytest.fixture
def health(agencies: dict[str, Agency]) -> Agency:
    return agencies["health"]


@pytest.fixture
def nine_agencies(chronology_review: Review, business_manager: User,
                  partnership: Partnership) -> dict[str, Agency]:
    """The sample files' nine agencies, each with a named author on the chronology review."""
    review = chronology_review
    made = {}
    for number, (name, *_rest) in enumerate(AGENCIES):
        agency = Agency.objects.create(partnership=partnership, name=name, kind="other")
        person = User.objects.create_user(f"author{number}@example.test", "x",
                                          full_name=f"Author {number}", partnership=partnership,
                                          agency=agency, job_title="Safeguarding lead")
        commissioning.name_chronology_author(review, agency, by=business_manager, person=person,
                                             due_on=DUE, named_on=NAMED_ON)
        made[name] = agency
    return made


def csv_file(rows: list[list[str]], header: tuple[str, ...] = (
        "Date", "Time", "Source of information", "Practitioner role", "Event / contact",
        "Action / outcome")) -> bytes:
    """A small CSV chronology: the header, then the rows given."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def good_rows(count: int = 3) -> list[list[str]]:
    """Clean rows, one a day from 1 March 2024 (in the period under review, in date order)."""
    first = date(2024, 3, 1)
    return [[f"{first + timedelta(days=n):%d/%m/%Y}", "10:00", "Case note", "Social worker",
             f"Home visit number {n + 1}.", "Visit again."] for n in range(count)]


def import_by_command(review: Review, agency: Agency, data: bytes, filename: str,
                      **options: Any) -> ImportOutcome:
    """A file imported as the data team's ``import_chronology`` imports it: by no named person,
    in the audit context every data team command runs in (``DataTeamCommand.execute``)."""
    with as_system("command import_chronology"):
        return actions.import_file(review, agency, data, filename, by=None, **options)
