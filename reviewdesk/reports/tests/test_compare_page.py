"""The page comparing two versions of the report: who may read it, what it shows each of them
and how the versions are chosen."""

import re

import pytest
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports.tests.helpers import text, version_of
from reviewdesk.reviews.models import Review
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db

FIRST: list[str | tuple[str, int]] = [
    ("1. Introduction", 1),
    "1.1 Kayden Moorcroft was four when he was admitted to hospital with a head injury.",
    "1.2 His mother, Dana Moorcroft, took him to the walk-in centre first.",
    "1.3 The family lived at 12 Larkspur Close from 2021.",
    "1.4 Polly Practitioner had visited the home the week before.",
    ("2. Methodology", 1),
    "2.1 The reviewer read every agency's records and met the practitioners twice."]
SECOND: list[str | tuple[str, int]] = [
    ("1. Introduction", 1),
    "1.1 Kayden Moorcroft was four when he was taken to hospital with a serious head injury.",
    "1.2 His mother, Dana Moorcroft, took him to the walk-in centre first.",
    "1.3 The family lived at 12 Larkspur Close from 2021.",
    "1.4 Polly Practitioner had visited the home the week before.",
    ("2. Methodology", 1),
    "2.1 The reviewer read every agency's records and met the practitioners twice.",
    "2.2 Dee was invited to contribute and chose to speak to the reviewer by telephone."]


def url(review: Review, query: str = "") -> str:
    return reverse("reports:compare", args=[review.uuid]) + query


@pytest.fixture
def versions(registered: Review, lead_reviewer: User) -> Review:
    version_of(registered, lead_reviewer, *FIRST)
    version_of(registered, lead_reviewer, *SECOND, note="Kayden's injury described in full")
    return registered


def test_the_business_manager_sees_the_previous_version_against_the_latest(
        versions: Review, business_manager: User, client_for: ClientFor) -> None:
    response = client_for(business_manager).get(url(versions))

    assert response.status_code == 200
    page = text(response)
    assert "Version 1 to version 2" in page
    assert "1 changed, 1 added, 0 removed and 6 unchanged" in page
    assert re.search(r"<h4[^>]*>1\.1\s+<strong class=\"govuk-tag govuk-tag--blue\">Changed", page)
    assert ('<del><span class="govuk-visually-hidden">removed: </span>admitted'
            '<span class="govuk-visually-hidden"> (end of removal)</span></del>') in page
    assert '<ins><span class="govuk-visually-hidden">added: </span>taken' in page
    assert '<span class="govuk-visually-hidden">added: </span>serious ' in page
    # 1.2 to 2. Methodology unchanged, folded away with their numbers.
    assert "5 paragraphs unchanged (1.2 to 2.1)" in page
    assert "2.2" in page and "Dee was invited" in page
    # Each version's open findings beside it, linked to its check.
    assert page.count("open findings") == 2
    assert "<li>Kayden Moorcroft <span class=\"rd-muted\">(A person's name" in page
    assert reverse("reports:check", args=[versions.uuid, 2]) + "#findings" in page
    event = AuditEvent.objects.get(event_type="reports.comparison_viewed")
    assert event.summary == "Compared versions 1 and 2 of the report"
    assert "Moorcroft" not in event.summary + str(event.data)


def test_a_partner_reads_the_comparison_with_every_identity_replaced(
        versions: Review, partner: User, client_for: ClientFor) -> None:
    response = client_for(partner).get(url(versions))

    assert response.status_code == 200
    page = text(response)
    for name in ("Kayden", "Moorcroft", "Dana", "Larkspur", "Polly", "Dee was"):
        assert name not in page, name
    assert "Child A was four when he was" in page
    assert "His mother, Mother, took him" in page or "His mother, Mother" in page
    assert "Mother was invited to contribute" in page
    assert AuditEvent.objects.filter(event_type="reports.comparison_viewed",
                                     data__tier=0).exists()


def test_any_two_versions_may_be_chosen_either_way_round(
        versions: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    version_of(versions, lead_reviewer, *SECOND[:-1])

    page = text(client_for(lead_reviewer).get(url(versions, "?from=3&to=1")))

    assert "Version 3 to version 1" in page
    assert "1 changed, 0 added, 0 removed and 6 unchanged" in page
    assert '<option value="3" selected>' in page


def test_a_version_compared_with_itself_or_one_that_does_not_exist_is_refused(
        versions: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    client = client_for(lead_reviewer)

    same = text(client.get(url(versions, "?from=2&to=2")))
    missing = text(client.get(url(versions, "?from=9&to=2")))

    assert "Choose two different versions" in same and "govuk-error-summary" in same
    assert "there is no version with that number" in missing
    assert "Version 9" not in missing and "<ins>" not in same + missing
    assert not AuditEvent.objects.filter(event_type="reports.comparison_viewed").exists()


def test_with_one_version_there_is_nothing_to_compare(
        registered: Review, lead_reviewer: User, client_for: ClientFor) -> None:
    version_of(registered, lead_reviewer, *FIRST)

    page = text(client_for(lead_reviewer).get(url(registered)))

    assert "There is one version of the report so far" in page
    assert "Kayden" not in page.split("Compare versions of the report</h2>")[1]


def test_the_review_team_below_the_subgroup_may_not_read_drafts(
        versions: Review, practitioner: User, agency_author: User, outsider: User,
        executive: User, client_for: ClientFor) -> None:
    assert client_for(practitioner).get(url(versions)).status_code == 403
    assert client_for(agency_author).get(url(versions)).status_code == 403
    assert client_for(outsider).get(url(versions)).status_code == 404
    # Before the report stage the executive group does not see the review at all.
    assert client_for(executive).get(url(versions)).status_code == 404
    assert client_for(None).get(url(versions)).status_code == 302
