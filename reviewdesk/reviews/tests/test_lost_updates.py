"""Issue 12, lost updates (decision 0023): the business manager and the lead reviewer change
one identity register entry at once; the second save, made from the entry as it was, is
refused with the first change shown and the second person's input kept."""

import json
from datetime import date

import pytest

from reviewdesk.reviews import actions, register_file
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.tests.test_team_and_register import register_form
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    posted,
    version_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(review, business_manager) -> IdentityEntry:  # noqa: ANN001
    return actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Shannon Moorcroft", pseudonym="Mother",
                                 role_title="Mother", aliases="Shan\nShannon M",
                                 date_of_birth=date(1998, 7, 2))


def edit_url(entry: IdentityEntry) -> str:
    return f"/reviews/{entry.review.uuid}/register/{entry.pk}/edit/"


def test_the_second_of_two_register_saves_from_one_version_is_refused_and_keeps_its_input(
        mother, business_manager, lead_reviewer, client_for):
    manager, reviewer = client_for(business_manager), client_for(lead_reviewer)
    seen_by_manager = version_on(manager.get(edit_url(mother)))
    seen_by_reviewer = version_on(reviewer.get(edit_url(mother)))

    assert manager.post(edit_url(mother), posted(register_form(aliases="Shaz"),
                                                 seen_by_manager)).status_code == 302
    refused = reviewer.post(edit_url(mother), posted(
        register_form(role_title="Birth mother"), seen_by_reviewer))
    new_version = assert_refused(refused, who="Bea Manager", theirs=["Shaz"],
                                 kept=['value="Birth mother"'])
    mother.refresh_from_db()
    assert (mother.aliases, mother.role_title, mother.changed_by) == (
        "Shaz", "Mother", business_manager)

    again = reviewer.post(edit_url(mother), posted(
        register_form(aliases="Shaz", role_title="Birth mother"), new_version))
    assert again.status_code == 302
    mother.refresh_from_db()
    assert (mother.aliases, mother.role_title, mother.changed_by) == (
        "Shaz", "Birth mother", lead_reviewer)


def test_a_register_save_without_a_version_is_refused_rather_than_overwriting(
        mother, business_manager, client_for):
    refused = client_for(business_manager).post(edit_url(mother), register_form(aliases="Shaz"))
    assert_refused_without_version(refused)
    mother.refresh_from_db()
    assert mother.alias_list == ["Shan", "Shannon M"]


def test_an_import_moves_the_entry_on_so_an_edit_opened_before_it_is_refused(
        review, mother, business_manager, client_for):
    manager = client_for(business_manager)
    seen = version_on(manager.get(edit_url(mother)))
    file = json.dumps({"entries": [{"kind": "person", "name": "Shannon Moorcroft",
                                    "pseudonym": "Mother", "role": "Parent"}]})
    actions.import_register(review, register_file.parse_register(file), by=business_manager)
    mother.refresh_from_db()
    assert (mother.role_title, mother.version, mother.changed_by) == ("Parent", 2,
                                                                      business_manager)
    refused = manager.post(edit_url(mother), posted(register_form(aliases="Shaz"), seen))
    assert_refused(refused, theirs=["Parent"], kept=["Shaz"])
    mother.refresh_from_db()
    assert mother.role_title == "Parent" and mother.alias_list == ["Shan", "Shannon M"]
