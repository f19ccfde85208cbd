# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Issue 12, lost updates (decision 0023): two people change one chronology entry at once. The
second save, made from the page as it was before the first, is refused with the first person's
change shown (as the second may see it) and the second's input kept; saved again, it wins."""

import pytest
from django.urls import reverse

from reviewdesk.chronology import services
from reviewdesk.chronology.models import Entry
from reviewdesk.chronology.tests.fixtures import chronology_review, nurse, police  # noqa: F401
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    posted,
    version_on,
)
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def typed(**values: str) -> dict[str, str]:
    return {"date": "3 March 2024", "time": "14:30", "sequence": "2", "source": "Case note",
            "role": "Health visitor", "event": "Home visit.", "action": "", "analysis": "",
            **values}


@pytest.fixture
def entry(chronology_review, police, agency_author) -> Entry:  # noqa: ANN001
    return services.add_entry(chronology_review, police, by=agency_author, values=typed())


def change_url(entry: Entry) -> str:
    return reverse("chronology:change_entry", args=[entry.review.uuid, entry.agency_id, entry.pk])


def test_the_second_of_two_saves_from_one_version_is_refused_and_keeps_its_input(
        entry, client_for, business_manager, agency_author):
    manager, author = client_for(business_manager), client_for(agency_author)
    seen_by_manager = version_on(manager.get(change_url(entry)))
    seen_by_author = version_on(author.get(change_url(entry)))

    first = manager.post(change_url(entry), posted(typed(event="Home visit; mother seen."),
                                                   seen_by_manager))
    assert first.status_code == 302
    second = author.post(change_url(entry), posted(typed(action="Referral to early help."),
                                                   seen_by_author))
    new_version = assert_refused(second, who="Bea Manager",
                                 theirs=["Home visit; mother seen."],
                                 kept=["Referral to early help."])
    entry.refresh_from_db()
    assert (entry.event, entry.action, entry.edited_by) == (
        "Home visit; mother seen.", "", business_manager)
    assert new_version == str(entry.version) == "2"

    # Checked against theirs, the author keeps both changes and saves again: accepted.
    again = author.post(change_url(entry), posted(
        typed(event="Home visit; mother seen.", action="Referral to early help."), new_version))
    assert again.status_code == 302
    entry.refresh_from_db()
    assert (entry.event, entry.action, entry.version) == (
        "Home visit; mother seen.", "Referral to early help.", 3)


def test_their_version_is_shown_through_the_viewers_redaction(
        chronology_review, entry, client_for, business_manager, agency_author):
    review_actions.save_identity(chronology_review, by=business_manager,
                                 kind=IdentityEntry.Kind.PROFESSIONAL, real_name="Helen Visitor",
                                 pseudonym="Visiting Nurse 7")
    manager, author = client_for(business_manager), client_for(agency_author)
    seen_by_author = version_on(author.get(change_url(entry)))
    manager.post(change_url(entry), posted(typed(event="Helen Visitor saw the mother."),
                                           version_on(manager.get(change_url(entry)))))
    refused = author.post(change_url(entry), posted(typed(action="Referral."), seen_by_author))
    assert_refused(refused, theirs=["Visiting Nurse 7 saw the mother."], kept=["Referral."])
    assert "Helen Visitor" not in refused.content.decode()


def test_a_save_without_a_version_is_refused_rather_than_overwriting(
        entry, client_for, agency_author):
    author = client_for(agency_author)
    refused = author.post(change_url(entry), typed(event="Overwritten?"))
    version = assert_refused_without_version(refused)
    entry.refresh_from_db()
    assert entry.event == "Home visit." and version == "1"
    assert author.post(change_url(entry), posted(typed(event="Checked."), version)
                       ).status_code == 302


def test_the_action_refuses_a_stale_version_and_changes_nothing(entry, business_manager):
    services.edit_entry(entry, by=business_manager, values={"event": "First."}, version=1)
    with pytest.raises(StaleEdit, match="Someone else changed this entry"):
        services.edit_entry(Entry.objects.get(pk=entry.pk), by=business_manager,
                            values={"event": "Second."}, version=1)
    entry.refresh_from_db()
    assert (entry.event, entry.version) == ("First.", 2)
