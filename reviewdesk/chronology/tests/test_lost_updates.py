# ruff: noqa: F811 - the fixtures imported from fixtures.py are named again as test arguments
"""Lost updates (decision 0023): two people change one chronology entry at once. The
second save, made from the page as it was before the first, is refused with the first person's
change shown (as the second may see it) and the second's input kept; saved again, it wins."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import Agency, User
from reviewdesk.chronology import actions
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.chronology.tests.fixtures import chronology_review, nurse, police  # noqa: F401
from reviewdesk.chronology.tests.test_pages import (
    ODD_HEADER,
    ODD_ROWS,
    base,
    csv_file,
    version_url,
)
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
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
def entry(chronology_review: Review, police: Agency, agency_author: User) -> Entry:
    return actions.add_entry(chronology_review, police, by=agency_author, values=typed())


def change_url(entry: Entry) -> str:
    return reverse("chronology:change_entry", args=[entry.review.uuid, entry.agency_id, entry.pk])


def test_the_second_of_two_saves_from_one_version_is_refused_and_keeps_its_input(
        entry, client_for, business_manager, agency_author):
    manager, author = client_for(business_manager), client_for(agency_author)
    seen_by_manager, seen_by_author = open_in_both(change_url(entry), manager, author)

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
    actions.edit_entry(entry, by=business_manager, values={"event": "First."}, version=1)
    with pytest.raises(StaleEdit, match="Someone else changed this entry"):
        actions.edit_entry(Entry.objects.get(pk=entry.pk), by=business_manager,
                            values={"event": "Second."}, version=1)
    entry.refresh_from_db()
    assert (entry.event, entry.version) == ("First.", 2)


# --- The columns chosen for an uploaded file ---------------------------------------------------


def columns(**values: str) -> dict[str, str]:
    """The file's columns: Date, Time, Source, Role, Happenings (4), Action / outcome (5)."""
    return {"date": "0", "time": "1", "sequence": "", "source": "2", "role": "3", "event": "4",
            "action": "5", "analysis": "", **values}


def chosen(page: str, column: str) -> str:
    """The value selected in the page's select for one of our columns."""
    select = re.search(rf'name="{column}".*?</select>', page, re.DOTALL)
    assert select, column
    option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return option.group(1) if option else ""


@pytest.fixture
def odd_file(chronology_review: Review, police: Agency, agency_author: User, client_for: ClientFor,
             django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Submission:
    """An uploaded file whose events are under a heading we cannot match ("Happenings")."""
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agency_author).post(base(chronology_review, police) + "upload/", {
            "file": SimpleUploadedFile("police.csv", csv_file(ODD_ROWS, ODD_HEADER))})
    return Submission.objects.get()


def test_the_second_of_two_column_choices_from_one_version_is_refused_and_keeps_its_input(
        odd_file, agency_author, business_manager, client_for):
    page, url = version_url(odd_file), version_url(odd_file, "columns/")
    author, manager = client_for(agency_author), client_for(business_manager)
    seen_by_author, seen_by_manager = open_in_both(page, author, manager)
    assert seen_by_author == seen_by_manager == "1"

    assert manager.post(url, posted(columns(), seen_by_manager)).status_code == 302
    refused = author.post(url, posted(columns(action="", analysis="5"), seen_by_author))
    new_version = assert_refused(refused, who="Bea Manager", theirs=["Happenings"], kept=[])
    card = refused.content.decode().split('id="their-version"')[1].split("</dl>")[0]
    assert re.search(r"Action / outcome\s*</dt>\s*<dd[^>]*>\s*Action / outcome\s*<strong", card)
    assert re.search(r"Analysis / comment\s*</dt>\s*<dd[^>]*>\s*Not in the file\s*<strong",
                     card)
    kept = refused.content.decode().split("</dl>", 1)[1]
    assert (chosen(kept, "action"), chosen(kept, "analysis")) == ("", "5")
    odd_file.refresh_from_db()
    assert (odd_file.mapping["action"], odd_file.mapping["analysis"], odd_file.changed_by) == (
        5, None, business_manager)

    assert author.post(url, posted(columns(action="", analysis="5"), new_version)
                       ).status_code == 302
    odd_file.refresh_from_db()
    assert (odd_file.mapping["action"], odd_file.mapping["analysis"], odd_file.changed_by,
            odd_file.edit_version, odd_file.version) == (None, 5, agency_author, 3, 1)
    assert_refused_without_version(author.post(url, columns()))
