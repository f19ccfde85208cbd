"""The publication check knows the partnership's agencies (Settings → Agencies) by name, short
name and former names, as organisations (decision record 0013): a public body is never raised and
never taken for a person; a school or an early years setting is raised, with a label to put
instead; the review's own register wins where it holds the agency too."""

import pytest

from reviewdesk.accounts import actions as accounts
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.reports import scanning
from reviewdesk.reports.tests.helpers import checked
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import IdentityEntry, Review


@pytest.fixture
def school(partnership: Partnership, business_manager: User) -> Agency:
    return accounts.add_agency(partnership, by=business_manager, kind=Agency.Kind.SCHOOL,
                               name="St Aidan's Church of England Primary School",
                               short_name="St Aidan's")


@pytest.fixture
def charity(partnership: Partnership, business_manager: User) -> Agency:
    """A voluntary organisation named after a person, as many are."""
    return accounts.add_agency(partnership, by=business_manager, kind=Agency.Kind.VOLUNTARY,
                               name="Rachel Carter House Family Support", short_name="RCH")


def test_every_agency_and_the_partnership_are_given_to_the_scanner(review: Review, school: Agency,
                                                                   charity: Agency,
                                                                   business_manager: User) -> None:
    accounts.deactivate_agency(charity, by=business_manager)  # a report covers years
    entries, register = scanning.review_register(review.pk)
    extra = entries[len(register):]
    by_name = {e["name"]: e for e in extra}
    assert by_name["Testshire Safeguarding Children Partnership"]["public"] is True
    assert by_name["Rachel Carter House Family Support"] | {} == {
        "kind": "organisation", "name": "Rachel Carter House Family Support", "aliases": ["RCH"],
        "role": "", "pseudonym": "", "public": True}
    assert by_name["St Aidan's Church of England Primary School"]["public"] is False
    assert by_name["St Aidan's Church of England Primary School"]["pseudonym"] == "the school"
    assert by_name["St Aidan's Church of England Primary School"]["aliases"] == ["St Aidan's"]


def test_a_public_agency_is_never_raised(review: Review, charity: Agency, business_manager: User) -> None:
    check = checked(review, business_manager,
                    "Testshire Police and RCH worked with Rachel Carter House Family Support.\n")
    assert not check.findings.exists()


def test_a_school_among_the_agencies_is_raised_with_a_label_to_put_instead(
        review: Review, school: Agency, business_manager: User) -> None:
    check = checked(review, business_manager,
                    "Child A attended St Aidan's Church of England Primary School. St Aidan's "
                    "told Testshire Police.\n")
    found = list(check.findings.order_by("start"))
    assert [f.text for f in found] == ["St Aidan's Church of England Primary School",
                                       "St Aidan's"]
    first = found[0]
    assert (first.category, first.suggestion, first.entry, first.source) == (
        "organisation", "the school", None, "pattern")
    assert first.reason == scanning.AGENCY_REASON


def test_a_merged_duplicates_name_is_still_known(partnership: Partnership, review: Review, school: Agency,
                                                 business_manager: User) -> None:
    twice = accounts.add_agency(partnership, by=business_manager, kind=Agency.Kind.SCHOOL,
                                name="St Aidans CE Primary")
    accounts.merge_agencies(twice, school, by=business_manager)
    accounts.delete_agency(twice, by=business_manager)  # nothing points to it any more
    check = checked(review, business_manager, "He was on roll at St Aidans CE Primary.\n")
    assert [f.text for f in check.findings.all()] == ["St Aidans CE Primary"]


def test_the_reviews_register_wins_over_the_agency_list(review: Review, school: Agency,
                                                        business_manager: User) -> None:
    entry = actions.save_identity(review, by=business_manager,
                                  kind=IdentityEntry.Kind.ORGANISATION,
                                  real_name="St Aidan's Church of England Primary School",
                                  pseudonym="School 1")
    check = checked(review, business_manager,
                    "Child A attended St Aidan's Church of England Primary School.\n")
    [finding] = check.findings.all()
    assert finding.entry == entry and finding.suggestion == "School 1"
    assert finding.source == "register"


@pytest.mark.usefixtures("full_scan")
def test_an_agency_named_after_a_person_is_not_taken_for_a_person(review: Review, charity: Agency,
                                                                  business_manager: User) -> None:
    check = checked(review, business_manager,
                    "The health visitor referred the family to Rachel Carter House Family "
                    "Support, which saw Child A twice.\n")
    assert not check.findings.filter(category="person").exists()
