"""Who sees drafts: the files for the business manager, the lead reviewer and the subgroup
members; the rendered text, through their redactor, for the partners and, from the subgroup's
sign-off, the executive group; nothing for practitioners, agency authors, managers, the family or
the public (docs/decisions/0054)."""

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.models import Approval, ReportVersion
from reviewdesk.reports.tests.helpers import text, version_of
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.tests.test_access_matrix import walk_to
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

# Names in every form, and a neighbour the register does not know (found by the language model).
DRAFT = (("Introduction", 1),
         "1.1 Kayden Moorcroft lived with his mother, Dana Moorcroft (Dee), at 12 Larkspur Close.",
         "1.2 Polly Practitioner visited; Kayden's neighbour Gordon Ashby looked after him.")
FAMILY = ["Kayden", "Moorcroft", "Dana", "Dee", "Larkspur"]
STAFF = ["Polly", "Practitioner visited"]
UNREGISTERED = ["Gordon", "Ashby"]


@pytest.fixture
def at_report(registered: Review, business_manager: User, full_scan: None) -> ReportVersion:
    walk_to(registered, "report", business_manager)
    return version_of(registered, business_manager, *DRAFT)


def pages(review: Review) -> dict[str, str]:
    base = f"/reviews/{review.uuid}/report/"
    return {"report": base, "version": base + "versions/1/", "download": base +
            "versions/1/download/", "upload": base + "upload/", "family": base + "family-copy/",
            "request": base + "regulation-14/new/"}


@pytest.mark.parametrize("person", ["business_manager", "lead_reviewer", "subgroup_member"])
def test_those_who_get_the_files_read_every_name_and_download(
        at_report: ReportVersion, person: str, request: pytest.FixtureRequest,
        client_for: ClientFor) -> None:
    user = request.getfixturevalue(person)
    client = reauthenticated(client_for(user))
    urls = pages(at_report.review)
    page = text(client.get(urls["version"]))
    assert all(name in page for name in FAMILY + UNREGISTERED + ["Polly Practitioner"])
    assert client.get(urls["download"]).status_code == 200


def test_a_partner_reads_the_rendered_text_with_every_name_replaced(
        at_report: ReportVersion, partner: User, client_for: ClientFor) -> None:
    client = reauthenticated(client_for(partner))
    urls = pages(at_report.review)
    response = client.get(urls["version"])
    page = text(response)
    assert response.status_code == 200
    assert "Child A" in page and "Mother" in page and "Health Visitor 1" in page
    for marker in FAMILY + STAFF + UNREGISTERED:
        assert marker not in page, marker
    assert "Download the Word document" not in page
    # The check's page is not theirs to read in full: no link to it with its findings.
    assert client.get(urls["download"]).status_code == 403
    assert client.get(urls["upload"]).status_code == 403
    event = AuditEvent.objects.get(event_type="reports.version_read", actor=partner)
    assert event.data["tier"] == 0


def test_the_executive_group_reads_only_from_the_subgroups_sign_off(
        at_report: ReportVersion, executive: User, business_manager: User,
        client_for: ClientFor) -> None:
    client = client_for(executive)
    urls = pages(at_report.review)
    assert client.get(urls["version"]).status_code == 403
    Approval.objects.create(review=at_report.review, version=at_report, step="subgroup",
                            decided_on=at_report.written_on, recorded_by=business_manager)
    page = text(client.get(urls["version"]))
    assert "Child A" in page
    for marker in FAMILY + STAFF + UNREGISTERED:
        assert marker not in page, marker
    assert client.get(urls["download"]).status_code == 403


@pytest.mark.parametrize("person", ["agency_author", "practitioner", "scrutineer"])
def test_others_who_see_the_review_are_refused_every_draft_page(
        at_report: ReportVersion, person: str, request: pytest.FixtureRequest,
        client_for: ClientFor) -> None:
    client = reauthenticated(client_for(request.getfixturevalue(person)))
    for name, address in pages(at_report.review).items():
        assert client.get(address).status_code == 403, name


def test_an_outsider_cannot_tell_the_review_has_a_report(
        at_report: ReportVersion, outsider: User, client_for: ClientFor) -> None:
    client = client_for(outsider)
    for name, address in pages(at_report.review).items():
        assert client.get(address).status_code == 404, name


def test_the_public_is_sent_to_sign_in(at_report: ReportVersion, client: object) -> None:
    for address in pages(at_report.review).values():
        response = client.get(address)  # type: ignore[attr-defined]
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
