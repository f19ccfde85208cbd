"""Sign-off test set-up: the conftest's review at the report stage with a version of the report,
its executive member, and the three safeguarding partners."""

from datetime import date

import pytest

from reviewdesk.accounts.models import PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.commissioning.testing import walk
from reviewdesk.reports.models import ReportVersion
from reviewdesk.reports.tests.helpers import version_of
from reviewdesk.reviews.models import Review
from reviewdesk.signoff import actions

# The walk starts the report on 1 July 2026 (commissioning.testing.DAYS).
REPORT_STARTED = date(2026, 7, 1)


@pytest.fixture
def partners(partnership: Partnership, partner: User) -> dict[str, User]:
    """The conftest's partner (local authority), and one each for health and the police."""
    found: dict[str, User] = {PartnerFor.LOCAL_AUTHORITY: partner}
    for partner_for, name in [(PartnerFor.HEALTH, "Hana Health"), (PartnerFor.POLICE, "Piers Police")]:
        found[partner_for] = User.objects.create_user(
            f"{partner_for}.partner@example.test", "a-long-test-password", full_name=name,
            partnership=partnership, role=PartnershipRole.SAFEGUARDING_PARTNER,
            partner_for=partner_for)
    return found


@pytest.fixture
def at_report(review: Review, business_manager: User, partners: dict[str, User]) -> Review:
    return walk(review, business_manager, "report")


@pytest.fixture
def version(at_report: Review, lead_reviewer: User) -> ReportVersion:
    return version_of(at_report, lead_reviewer, ("Introduction", 1), "Child A lived at home.",
                      written_on=date(2026, 7, 20))


@pytest.fixture(autouse=True)
def checklist_met(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sign-off's tests are about its order and records: the checklist is taken as met,
    except in tests that ask for ``real_checklist`` (the checklist's own part in sign-off)."""
    if "real_checklist" not in request.fixturenames:
        monkeypatch.setattr(actions, "checklist_blocking_items", lambda version: [])


@pytest.fixture
def real_checklist() -> None:
    """The checklist as it is: its open items block sign-off."""
