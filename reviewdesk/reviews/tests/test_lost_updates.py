"""Lost updates (decision 0023): the business manager and the lead reviewer change
one identity register entry at once; the second save, made from the entry as it was, is
refused with the first change shown and the second person's input kept."""

import json
from datetime import date

import pytest

from reviewdesk.accounts.models import User
from reviewdesk.reviews import actions, register_file
from reviewdesk.reviews.models import IdentityEntry, Review, Task
from reviewdesk.reviews.tests.test_team_and_register import register_form
from reviewdesk.two_sessions import (
    assert_refused,
    assert_refused_without_version,
    open_in_both,
    posted,
    version_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(review: Review, business_manager: User) -> IdentityEntry:
    return actions.save_identity(review, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
                                 real_name="Shannon Moorcroft", pseudonym="Mother",
                                 role_title="Mother", aliases="Shan\nShannon M",
                                 date_of_birth=date(1998, 7, 2))


def edit_url(entry: IdentityEntry) -> str:
    return f"/reviews/{entry.review.uuid}/register/{entry.pk}/edit/"


def test_the_second_of_two_register_saves_from_one_version_is_refused_and_keeps_its_input(
        mother, business_manager, lead_reviewer, client_for):
    manager, reviewer = client_for(business_manager), client_for(lead_reviewer)
    seen_by_manager, seen_by_reviewer = open_in_both(edit_url(mother), manager, reviewer)

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


# --- Tasks and clocks: changed by two business managers at once ----------------------------------



def day(name: str, when: date) -> dict:
    return {f"{name}-day": when.day, f"{name}-month": when.month, f"{name}-year": when.year}


@pytest.fixture
def task(review: Review, business_manager: User) -> Task:
    return actions.add_task(review, by=business_manager, title="Ask the school for its records",
                            due_on=date(2026, 12, 11))


def test_the_second_of_two_task_changes_from_one_version_is_refused_and_keeps_its_input(
        task, business_manager, deputy, lead_reviewer, client_for):
    url = f"/reviews/{task.review.uuid}/tasks/{task.pk}/change/"
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url, manager, other)
    assert seen_by_manager == seen_by_deputy == "1"

    assert other.post(url, posted(day("due_on", date(2026, 12, 18)) | {"owner": ""},
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(url, posted(day("due_on", date(2026, 12, 11))
                                       | {"owner": lead_reviewer.pk}, seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["18 December 2026"],
                                 kept=[f'<option value="{lead_reviewer.pk}" selected>'])
    task.refresh_from_db()
    assert (task.due_on, task.owner, task.changed_by) == (date(2026, 12, 18), None, deputy)

    assert manager.post(url, posted(day("due_on", date(2026, 12, 18))
                                    | {"owner": lead_reviewer.pk}, new_version)
                        ).status_code == 302
    task.refresh_from_db()
    assert (task.due_on, task.owner, task.changed_by, task.version) == (
        date(2026, 12, 18), lead_reviewer, business_manager, 3)


def test_a_task_change_without_a_version_is_refused(task, business_manager, client_for):
    url = f"/reviews/{task.review.uuid}/tasks/{task.pk}/change/"
    refused = client_for(business_manager).post(url, day("due_on", date(2027, 1, 8)))
    assert assert_refused_without_version(refused) == "1"
    task.refresh_from_db()
    assert task.due_on == date(2026, 12, 11)


def delay_form(revised: date, detail: str) -> dict:
    return {"reason": "inquest", "detail": detail,
            "interim_learning": "Safe sleep advice re-issued to health visitors.",
            **day("revised_due_on", revised), **day("effective_on", date(2026, 3, 20))}


def test_the_second_of_two_delays_of_one_clock_is_refused_and_keeps_its_input(
        review, business_manager, deputy, client_for):
    from reviewdesk.reviews.models import ClockKind

    rapid = review.clocks.get(kind=ClockKind.RAPID_REVIEW)
    url = f"/reviews/{review.uuid}/clocks/{rapid.pk}/delay/"
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager, seen_by_deputy = open_in_both(url, manager, other)

    assert other.post(url, posted(delay_form(date(2026, 4, 30), "The coroner set a date."),
                                  seen_by_deputy)).status_code == 302
    refused = manager.post(url, posted(delay_form(date(2026, 5, 29), "Police still interviewing."),
                                       seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy",
                                 theirs=["30 April 2026", "The coroner set a date."],
                                 kept=["Police still interviewing."])
    rapid.refresh_from_db()
    assert (rapid.revised_due_on, rapid.delay_detail, rapid.changed_by) == (
        date(2026, 4, 30), "The coroner set a date.", deputy)

    assert manager.post(url, posted(delay_form(date(2026, 5, 29), "The coroner set a date; "
                                               "police still interviewing."), new_version)
                        ).status_code == 302
    rapid.refresh_from_db()
    assert (rapid.revised_due_on, rapid.changed_by, rapid.version) == (
        date(2026, 5, 29), business_manager, 3)
    assert_refused_without_version(manager.post(url, delay_form(date(2026, 6, 30), "Again?")))


def test_marking_a_clock_met_from_a_page_opened_before_it_was_delayed_is_refused(
        review, business_manager, deputy, client_for):
    from reviewdesk.reviews.models import ClockKind

    rapid = review.clocks.get(kind=ClockKind.RAPID_REVIEW)
    met_url = f"/reviews/{review.uuid}/clocks/{rapid.pk}/met/"
    delay_url = f"/reviews/{review.uuid}/clocks/{rapid.pk}/delay/"
    manager, other = client_for(business_manager), client_for(deputy)
    seen_by_manager = version_on(manager.get(met_url))
    assert other.post(delay_url, posted(delay_form(date(2026, 4, 30), "The coroner set a date."),
                                        version_on(other.get(delay_url)))).status_code == 302

    met = day("met_on", date(2026, 4, 2)) | {"on_behalf_of": ""}
    refused = manager.post(met_url, posted(met, seen_by_manager))
    new_version = assert_refused(refused, who="Dee Deputy", theirs=["Delayed to", "30 April 2026"],
                                 kept=['name="met_on-day" type="text" value="2"'])
    rapid.refresh_from_db()
    assert rapid.met_on is None and rapid.revised_due_on == date(2026, 4, 30)

    assert manager.post(met_url, posted(met, new_version)).status_code == 302
    rapid.refresh_from_db()
    assert (rapid.met_on, rapid.changed_by, rapid.version) == (
        date(2026, 4, 2), business_manager, 3)
    # Once met, a page without a version is refused before anything else is said.
    assert_refused_without_version(manager.post(met_url, met))
