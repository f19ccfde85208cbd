"""Adding, changing and removing practitioners: sign-ins found or invited, managers, the identity
register, the timeline and the audit trail; every bad input refused, changing nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.actions import deactivate_person
from reviewdesk.accounts.models import Agency, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole, Stage, TimelineEntry
from reviewdesk.staff import actions, selectors
from reviewdesk.staff.models import Practitioner
from reviewdesk.staff.practitioner_file import parse
from reviewdesk.staff.tests.helpers import row, state
from reviewdesk.testing import tomorrow
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def add(review: Review, business_manager: User, django_capture_on_commit_callbacks):
    def go(**changes: object) -> Practitioner:
        with django_capture_on_commit_callbacks(execute=True):
            return actions.add_practitioner(review, by=business_manager,
                                            **{**row(), **changes})
    return go


def test_a_new_practitioner_is_invited_and_gets_a_role_label_in_the_register(
        add, review: Review, business_manager: User, agencies: dict[str, Agency]) -> None:
    hazel = add()

    person = User.objects.get(email="hazel.pennock@example.test")
    assert (hazel.person, hazel.agency, hazel.job_title) == (person, agencies["health"],
                                                              "Health Visitor")
    assert person.invited_at is not None and not person.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["hazel.pennock@example.test"]
    assert message.subject == "You have been invited to Review Desk"
    # The fixture's practitioner is Health Visitor 1 already.
    assert (hazel.identity.real_name, hazel.identity.pseudonym) == ("Hazel Pennock",
                                                                  "Health Visitor 2")
    assert hazel.identity.person == person and hazel.identity.agency == agencies["health"]
    assert hazel.membership.role == ReviewRole.PRACTITIONER and hazel.membership.is_active
    assert hazel.added_on == timezone.localdate() and hazel.recorded_by == business_manager
    entry = review.timeline.get(kind=TimelineEntry.Kind.MEMBER_ADDED, subject=hazel.identity)
    assert entry.title == "Practitioner added to the review"
    assert "Hazel" not in entry.title + entry.detail
    event = AuditEvent.objects.get(event_type="staff.practitioner_added")
    assert event.data["practitioner"] == hazel.pk and event.data["invited"] is True
    assert "Hazel" not in event.summary


def test_someone_with_a_sign_in_keeps_it_matched_by_e_mail_whatever_the_capitals(
        add, review: Review, outsider: User) -> None:
    users = User.objects.count()
    oscar = add(name="Oscar O", email="OUTSIDER@Example.test", job_title="Teacher",
                agency="testshire education")
    assert oscar.person == outsider and User.objects.count() == users
    assert mail.outbox == []
    # The register keeps the name on their sign-in.
    assert (oscar.identity.real_name, oscar.identity.pseudonym) == ("Oscar Outsider", "Teacher 1")
    assert AuditEvent.objects.get(event_type="staff.practitioner_added").data["invited"] is False


def test_the_agency_is_found_by_its_short_name_too(add, agencies: dict[str, Agency]) -> None:
    agencies["police"].short_name = "TP"
    agencies["police"].save()
    assert add(agency="tp", job_title="Police Constable").agency == agencies["police"]


def test_a_manager_gets_a_sign_in_a_manager_membership_and_a_register_entry(
        add, review: Review) -> None:
    hazel = add(manager_email="mo.manager@example.test", manager_name="Mo Manager")
    iris = add(name="Iris Ames", email="iris.ames@example.test", job_title="School Nurse",
               manager_email="MO.manager@example.test")

    mo = User.objects.get(email="mo.manager@example.test")
    assert hazel.manager == mo and iris.manager == mo and mo.full_name == "Mo Manager"
    [membership] = ReviewMembership.objects.filter(review=review, person=mo)
    assert membership.role == ReviewRole.MANAGER and membership.is_active
    entry = review.identities.get(person=mo)
    assert (entry.real_name, entry.pseudonym, entry.kind) == ("Mo Manager", "Line Manager 1",
                                                              "professional")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hazel.pennock@example.test", "iris.ames@example.test", "mo.manager@example.test"]
    assert set(selectors.managed_by(mo, review)) == {hazel, iris}


def test_a_practitioner_added_from_the_team_page_is_taken_into_the_list(
        add, review: Review, practitioner: User) -> None:
    memberships = ReviewMembership.objects.count()
    polly = add(name="Polly P", email="practitioner@example.test", job_title="Health Visitor")
    assert polly.person == practitioner and ReviewMembership.objects.count() == memberships
    assert polly.membership == ReviewMembership.objects.get(review=review, person=practitioner)
    assert polly.identity.pseudonym == "Health Visitor 1"


def test_the_demo_s_team_page_practitioners_get_their_records(
        review: Review, business_manager: User, practitioner: User) -> None:
    [polly] = actions.take_in_memberships(review, by=business_manager)
    assert (polly.person, polly.job_title, polly.agency) == (practitioner, "Health Visitor",
                                                             practitioner.agency)
    assert actions.take_in_memberships(review, by=business_manager) == []


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Enter the practitioner's full name."),
    ({"email": "hazel-at-example"}, "email", "is not an e-mail address"),
    ({"email": ""}, "email", "Enter the practitioner's work e-mail"),
    ({"agency": "Testshire Fire Service"}, "agency", "There is no active agency called"),
    ({"job_title": ""}, "job_title", "Enter the practitioner's job"),
    ({"manager_email": "mo@"}, "manager_email", "is not an e-mail address"),
    ({"manager_email": "hazel.pennock@example.test"}, "manager_email",
     "The manager's e-mail is the practitioner's own"),
    ({"email": "subgroup@example.test"}, "email", "is a subgroup member on this review"),
    ({"manager_email": "subgroup@example.test"}, "manager_email",
     "cannot be a practitioner's manager on it"),
])
def test_every_bad_input_is_refused_with_a_message_and_changes_nothing(
        add, changes: dict, field: str, message: str) -> None:
    before = state()
    with pytest.raises(ValidationError) as refused:
        add(**changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert state() == before


def test_a_date_in_the_future_is_refused(add) -> None:
    before = state()
    with pytest.raises(ValidationError) as refused:
        add(added_on=tomorrow())
    assert "cannot be in the future" in refused.value.message_dict["added_on"][0]
    assert state() == before


def test_an_inactive_agency_is_not_offered(add, agencies: dict[str, Agency]) -> None:
    agencies["health"].is_active = False
    agencies["health"].save()
    with pytest.raises(ValidationError, match="no active agency"):
        add()


def test_someone_already_on_the_list_is_not_added_twice(add) -> None:
    add()
    before = state()
    with pytest.raises(ValidationError) as refused:
        add(email="Hazel.Pennock@example.test")
    assert "already a practitioner on this review" in refused.value.message_dict["email"][0]
    assert state() == before


def test_a_deactivated_sign_in_is_not_used(add, business_manager: User, outsider: User) -> None:
    deactivate_person(outsider, by=business_manager, reason="Left")
    with pytest.raises(ValidationError, match="deactivated"):
        add(email="outsider@example.test")
    with pytest.raises(ValidationError, match="deactivated"):
        add(manager_email="outsider@example.test")


def test_a_closed_review_takes_no_practitioners(add, review: Review) -> None:
    Review.objects.filter(pk=review.pk).update(stage=Stage.CLOSED)
    review.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        add()


# --- A list --------------------------------------------------------------------------------------

GOOD = """name, e-mail, agency, job, manager e-mail
Hazel Pennock, hazel.pennock@example.test, Testshire Health / ICB, Health Visitor, mo@example.test
Ian Crowe, ian.crowe@example.test, testshire children's social care, Social Worker, mo@example.test
"Jo Dale, MBE", jo.dale@example.test, Testshire Police, Police Constable,
"""


def _import(review: Review, by: User, text: str, capture) -> list[Practitioner]:
    parsed = parse(text)
    assert parsed.problems == []
    with capture(execute=True):
        return actions.add_practitioners(review, parsed.rows, by=by)


def test_a_list_adds_everyone_in_it_with_one_manager_for_two(
        review: Review, business_manager: User, django_capture_on_commit_callbacks) -> None:
    added = _import(review, business_manager, GOOD, django_capture_on_commit_callbacks)

    assert [p.identity.pseudonym for p in added] == ["Health Visitor 2", "Social Worker 1",
                                                     "Police Officer 1"]
    assert [p.identity.real_name for p in added] == ["Hazel Pennock", "Ian Crowe", "Jo Dale, MBE"]
    mo = User.objects.get(email="mo@example.test")
    assert [p.manager for p in added] == [mo, mo, None]
    assert ReviewMembership.objects.filter(person=mo, role=ReviewRole.MANAGER).count() == 1
    assert len(mail.outbox) == 4  # three practitioners and their manager, invited once each
    event = AuditEvent.objects.get(event_type="staff.practitioners_imported")
    assert event.data["practitioners"] == [p.pk for p in added]


def test_a_list_pasted_from_a_spreadsheet_without_a_header_is_read(
        review: Review, business_manager: User, django_capture_on_commit_callbacks) -> None:
    text = ("Hazel Pennock\thazel.pennock@example.test\tTestshire Health / ICB\tHealth Visitor\t\n"
            "Ian Crowe\tian.crowe@example.test\tTestshire Police\tDetective Constable\t"
            "hazel.pennock@example.test\n")
    added = _import(review, business_manager, text, django_capture_on_commit_callbacks)
    hazel = User.objects.get(email="hazel.pennock@example.test")
    # Her manager's sign-in is hers, with the name the list gives her.
    assert added[1].manager == hazel and hazel.full_name == "Hazel Pennock"


BAD = """Hazel Pennock, hazel.pennock@example.test, Testshire Health / ICB, Health Visitor,
Ian Crowe, not-an-email, Testshire Police, Social Worker,
Jo Dale, jo.dale@example.test, Testshire Fire Service, Firefighter,
Kit Marr, kit.marr@example.test, Testshire Police, , mo@
Hazel Again, HAZEL.PENNOCK@example.test, Testshire Police, Police Constable,
Polly, practitioner@example.test, Testshire Police, Police Constable,
, nameless@example.test, Testshire Police, Police Constable, nameless@example.test
"""


def test_a_list_with_problems_adds_nobody_and_says_every_problem_by_row(
        review: Review, business_manager: User, practitioner: User,
        django_capture_on_commit_callbacks) -> None:
    actions.add_practitioner(review, by=business_manager, name="Polly", job_title="Health Visitor",
                             email="practitioner@example.test", agency="Testshire Health / ICB")
    before = state()
    parsed = parse(BAD)
    with pytest.raises(ValidationError) as refused:
        with django_capture_on_commit_callbacks(execute=True):
            actions.add_practitioners(review, parsed.rows, by=business_manager)
    messages = refused.value.messages
    expected = [
        ("Row 2:", "'not-an-email' is not an e-mail address"),
        ("Row 3:", "no active agency called 'Testshire Fire Service'"),
        ("Row 4:", "Enter the practitioner's job"),
        ("Row 4:", "The manager's e-mail 'mo@' is not an e-mail address"),
        ("Row 5:", "hazel.pennock@example.test is in the list twice"),
        ("Row 6:", "practitioner@example.test is already a practitioner on this review"),
        ("Row 7:", "Enter the practitioner's full name"),
        ("Row 7:", "The manager's e-mail is the practitioner's own"),
    ]
    for where, what in expected:
        assert any(m.startswith(where) and what in m for m in messages), (where, what, messages)
    assert len(messages) == len(expected)
    assert not any(m.startswith("Row 1:") for m in messages)
    assert state() == before  # all or nothing: the good first row was not added either


def test_a_list_checked_again_at_the_confirmation_refuses_what_changed_since(
        review: Review, business_manager: User) -> None:
    parsed = parse(GOOD)
    assert actions.plan_practitioners(review, parsed.rows).problems == []
    actions.add_practitioner(review, by=business_manager, name="Ian Crowe",
                             email="ian.crowe@example.test", agency="Testshire Police",
                             job_title="Social Worker")
    before = state()
    with pytest.raises(ValidationError, match="Row 3: ian.crowe@example.test is already"):
        actions.add_practitioners(review, parsed.rows, by=business_manager)
    assert state() == before


@pytest.mark.parametrize(("text", "message"), [
    ("Hazel Pennock, hazel@example.test, Testshire Police", "Row 1 has 3 columns"),
    ("a,b,c,d,e,f,g", "Row 1 has 7 columns"),
    ("name, e-mail, agency, job\n\n", "The list is empty"),
])
def test_a_list_that_cannot_be_read_says_why(text: str, message: str) -> None:
    assert any(message in p for p in parse(text).problems)


def test_the_planned_role_labels_are_those_the_import_gives(
        review: Review, business_manager: User) -> None:
    plan = actions.plan_practitioners(review, parse(GOOD).rows)
    assert [p.label for p in plan.rows] == ["Health Visitor 2", "Social Worker 1",
                                            "Police Officer 1"]
    assert plan.new_sign_ins == 4


# --- Changes ------------------------------------------------------------------------------------

def test_a_new_job_and_manager_from_a_date_on_the_timeline_and_the_old_manager_leaves(
        add, review: Review, business_manager: User) -> None:
    hazel = add(manager_email="mo.manager@example.test", manager_name="Mo Manager",
                added_on=timezone.localdate() - timedelta(days=10))
    mo = User.objects.get(email="mo.manager@example.test")
    on = timezone.localdate() - timedelta(days=2)
    actions.change_practitioner(hazel, by=business_manager, job_title="Senior Health Visitor",
                                manager_email="nia.new@example.test", manager_name="Nia New",
                                changed_on=on, version=hazel.version)
    hazel.refresh_from_db()
    nia = User.objects.get(email="nia.new@example.test")
    assert (hazel.job_title, hazel.manager, hazel.identity.pseudonym) == (
        "Senior Health Visitor", nia, "Health Visitor 2")
    assert not ReviewMembership.objects.get(person=mo, role=ReviewRole.MANAGER).is_active
    assert ReviewMembership.objects.get(person=nia, role=ReviewRole.MANAGER).is_active
    entry = review.timeline.get(title="Practitioner's job and manager changed")
    assert entry.subject == hazel.identity and entry.effective_on == on
    event = AuditEvent.objects.get(event_type="staff.practitioner_changed")
    assert event.data["fields"] == ["job_title", "manager"]


def test_a_change_made_from_an_older_page_is_refused(add, business_manager: User) -> None:
    hazel = add()
    seen = hazel.version
    actions.change_practitioner(hazel, by=business_manager, job_title="Senior Health Visitor",
                                version=seen)
    with pytest.raises(StaleEdit):
        actions.change_practitioner(Practitioner.objects.get(pk=hazel.pk), by=business_manager,
                                    job_title="Health Visitor", version=seen)


def test_a_change_needs_a_job_and_a_date_not_before_they_were_added(
        add, business_manager: User) -> None:
    hazel = add()
    with pytest.raises(ValidationError) as refused:
        actions.change_practitioner(hazel, by=business_manager, job_title=" ",
                                    changed_on=hazel.added_on - timedelta(days=1))
    assert set(refused.value.message_dict) == {"job_title", "changed_on"}


def test_a_removed_practitioner_keeps_their_record_and_may_be_added_again(
        add, review: Review, business_manager: User) -> None:
    hazel = add(manager_email="mo.manager@example.test")
    actions.remove_practitioner(hazel, by=business_manager, reason="Added by mistake")
    hazel.refresh_from_db()
    assert hazel.membership.ended_on == timezone.localdate()
    assert hazel.membership.end_reason == "Added by mistake"
    assert hazel not in selectors.practitioners_of(review)
    assert hazel in selectors.all_practitioners_of(review)
    assert not ReviewMembership.objects.get(person__email="mo.manager@example.test").is_active
    assert review.timeline.filter(kind=TimelineEntry.Kind.MEMBER_REMOVED,
                                  subject=hazel.identity).exists()
    with pytest.raises(ValidationError, match="already been removed"):
        actions.remove_practitioner(hazel, by=business_manager, reason="Again")

    again = add()
    assert again.pk == hazel.pk and again.membership.is_active
    assert again.identity == hazel.identity


def test_removing_needs_a_reason(add, business_manager: User) -> None:
    hazel = add()
    with pytest.raises(ValidationError) as refused:
        actions.remove_practitioner(hazel, by=business_manager, reason=" ")
    assert "reason" in refused.value.message_dict
    hazel.membership.refresh_from_db()
    assert hazel.membership.is_active
