"""Who may use each publication check page: those who may see every identity (the business
manager, the review's lead reviewer and subgroup members) check drafts; the partnership's
oversight roles (and the executive group from the report stage) read checks as role labels;
the rest of the team gets 403; anyone who cannot see the review, 404."""

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.reports import actions
from reviewdesk.reports.models import DraftCheck, FalseAlarm
from reviewdesk.reports.tests.conftest import DRAFT
from reviewdesk.reports.tests.helpers import checked, text, upload_file
from reviewdesk.reviews.models import Review

CHECKERS = {"business_manager", "lead_reviewer", "subgroup_member"}
READERS = CHECKERS | {"partner", "scrutineer"}
PEOPLE = ["business_manager", "lead_reviewer", "subgroup_member", "partner", "scrutineer",
          "agency_author", "practitioner", "executive", "learning_lead", "outsider"]
# At the notification stage the executive group and the L&D subgroup cannot see the review.
SEES_REVIEW = READERS | {"agency_author", "practitioner"}


def expected(person: str, allowed: set[str], ok: int = 200) -> int:
    if person not in SEES_REVIEW:
        return 404
    return ok if person in allowed else 403


@pytest.fixture
def done(registered: Review, business_manager: User) -> tuple[DraftCheck, FalseAlarm]:
    check = checked(registered, business_manager, DRAFT, name="Kayden Moorcroft draft.txt")
    alarm = actions.mark_false_alarm(check.findings.get(text="Dee"), by=business_manager,
                                     reason="Dee is on the form only.")
    return check, alarm


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_for_every_person(done, registered, client_for, request, person):
    check, alarm = done
    client = reauthenticated(client_for(request.getfixturevalue(person)))
    base = f"/reviews/{registered.uuid}/publication-checks/"
    finding = check.findings.first()
    gets = {
        base: READERS, base + "1/": READERS, base + "1/status/": READERS,
        base + "upload/": CHECKERS, base + f"1/findings/{finding.pk}/false-alarm/": CHECKERS,
        base + "1/original/": CHECKERS,
    }
    for address, allowed in gets.items():
        assert client.get(address).status_code == expected(person, allowed), address
    corrected = client.get(base + "1/corrected/")  # a .txt: sent back with a message
    assert corrected.status_code == expected(person, CHECKERS, ok=302)
    upload = client.post(base + "upload/", {"file": upload_file(DRAFT)})
    assert upload.status_code == expected(person, CHECKERS, ok=302)
    assert registered.draft_checks.count() == (2 if person in CHECKERS else 1)
    undo = client.post(base + f"1/false-alarms/{alarm.pk}/undo/")
    assert undo.status_code == expected(person, CHECKERS, ok=302)


@pytest.mark.parametrize("person", ["partner", "scrutineer"])
def test_oversight_roles_read_findings_as_role_labels_only(done, registered, client_for, request,
                                                           person):
    page = text(client_for(request.getfixturevalue(person)).get(
        f"/reviews/{registered.uuid}/publication-checks/1/"))
    for real in ["Kayden", "Moorcroft", "Dana", "Polly Practitioner", "Larkspur", "14/03/2019"]:
        assert real not in page
    for label in ["Child A", "Mother", "Health Visitor 1", "The family home"]:
        assert label in page
    # Nor the reason for a false alarm: people type what they saw into it.
    assert "on the form only" not in page and ">Reason</th>" not in page


def test_the_lead_reviewer_and_subgroup_member_see_every_identity_in_full(
        done, registered, lead_reviewer, subgroup_member, client_for):
    for person in (lead_reviewer, subgroup_member):
        page = text(client_for(person).get(f"/reviews/{registered.uuid}/publication-checks/1/"))
        assert "“Polly Practitioner”" in page and "“Dana Moorcroft”" in page
        assert "Kayden Moorcroft draft.txt" in page
