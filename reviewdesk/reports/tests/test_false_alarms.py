"""False alarms: a finding judged not identifying, with a reason, is hidden on every check of the
review and not raised again there (still raised on other reviews); undoing one raises it again.
Both are audited without the finding's text or the reason."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reports import actions
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm
from reviewdesk.reports.tests.helpers import checked, marked, text
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import IdentityEntry, Review

# 'Hope' is a registered sister's name and, in the second sentence, an ordinary word.
DRAFT = "Hope Moorcroft is Kayden's sister.\n\nThe school said Hope would come to the meeting.\n"


@pytest.fixture
def sister(registered: Review, business_manager: User) -> IdentityEntry:
    return review_actions.save_identity(
        registered, by=business_manager, kind=IdentityEntry.Kind.FAMILY,
        real_name="Hope Moorcroft", pseudonym="Sibling 1", role_title="Sister")


def url(check: DraftCheck, more: str = "") -> str:
    return f"/reviews/{check.review.uuid}/publication-checks/{check.number}/{more}"


def test_a_reason_is_required_and_nothing_changes_without_one(
        registered, sister, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT)
    hope = check.findings.get(text="Hope")
    response = client_for(business_manager).post(url(check, f"findings/{hope.pk}/false-alarm/"),
                                                 {"reason": "   "})
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Say why this is not identifying, so others checking the report can rely on it." in page
    assert not FalseAlarm.objects.exists()
    assert not AuditEvent.objects.filter(event_type="reports.false_alarm_marked").exists()


def test_the_false_alarm_page_shows_the_finding_and_warns_when_it_is_in_the_register(
        registered, sister, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT)
    hope = check.findings.get(text="Hope")
    page = text(client_for(business_manager).get(url(check, f"findings/{hope.pk}/false-alarm/")))
    assert "Mark a finding as a false alarm" in page
    assert f"The school said {marked('Hope')} would come to the meeting." in page
    assert "Mark it only if here it is not about Hope Moorcroft." in page


def test_marking_a_false_alarm_hides_it_keeps_the_reason_and_is_audited(
        registered, sister, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT)
    hope = check.findings.get(text="Hope")
    client = client_for(business_manager)
    response = client.post(url(check, f"findings/{hope.pk}/false-alarm/"),
                           {"reason": "Here 'Hope' is the girl's nickname at school, not her."})
    assert response.status_code == 302 and response["Location"] == url(check, "#findings")
    alarm = FalseAlarm.objects.get()
    assert (alarm.normalised, alarm.category, alarm.entry) == ("hope", "person", sister)
    assert alarm.marked_by == business_manager and alarm.finding == hope
    event = AuditEvent.objects.get(event_type="reports.false_alarm_marked")
    assert event.summary == "Marked a finding of publication check 1 as a false alarm"
    assert "Hope" not in event.summary + str(event.data) and "nickname" not in str(event.data)
    page = text(client.get(url(check)))
    assert "Marked as a false alarm. Findings like it are hidden" in page
    assert "“Hope”" not in page  # no longer among the findings
    assert "“Hope Moorcroft”" in page
    assert "Here 'Hope' is the girl's nickname at school, not her." in page  # the false alarms


def test_a_false_alarm_is_not_raised_on_the_next_check_of_the_review_but_is_on_another(
        registered, sister, business_manager, make_review):
    first = checked(registered, business_manager, DRAFT)
    actions.mark_false_alarm(first.findings.get(text="Hope"), by=business_manager,
                             reason="An ordinary word here.")
    second = checked(registered, business_manager, DRAFT)
    assert not second.findings.filter(text="Hope").exists()
    assert second.findings.filter(text="Hope Moorcroft").exists()
    assert second.skipped_false_alarms == 1
    other = make_review(child_name="Hope Moorcroft")
    elsewhere = checked(other, business_manager, DRAFT)
    assert elsewhere.findings.filter(text="Hope").exists()


def test_undoing_a_false_alarm_raises_it_again_and_is_audited(
        registered, sister, business_manager, lead_reviewer, client_for):
    check = checked(registered, business_manager, DRAFT)
    alarm = actions.mark_false_alarm(check.findings.get(text="Hope"), by=business_manager,
                                     reason="An ordinary word here.")
    client = client_for(lead_reviewer)
    response = client.post(url(check, f"false-alarms/{alarm.pk}/undo/"))
    assert response.status_code == 302 and response["Location"] == url(check, "#false-alarms")
    alarm.refresh_from_db()
    assert alarm.undone_by == lead_reviewer and alarm.undone_at is not None
    event = AuditEvent.objects.get(event_type="reports.false_alarm_undone")
    assert event.summary == "Undid a false alarm: findings like it are raised again"
    assert "“Hope”" in text(client.get(url(check)))
    assert checked(registered, business_manager, DRAFT).findings.filter(text="Hope").exists()
    # Undone once: a second press says so and changes nothing.
    page = text(client.post(url(check, f"false-alarms/{alarm.pk}/undo/"), follow=True))
    assert "This false alarm has already been undone." in page
    assert AuditEvent.objects.filter(event_type="reports.false_alarm_undone").count() == 1


def test_the_same_false_alarm_cannot_be_marked_twice(registered, sister, business_manager):
    first = checked(registered, business_manager, DRAFT)
    hope = first.findings.get(text="Hope")
    actions.mark_false_alarm(hope, by=business_manager, reason="Ordinary word.")
    with pytest.raises(ValidationError, match="already marked as a false alarm"):
        actions.mark_false_alarm(hope, by=business_manager, reason="Again.")
    assert FalseAlarm.objects.count() == 1


def test_someone_who_may_not_see_the_identity_sees_the_false_alarm_by_its_label(
        registered, sister, business_manager, partner, client_for):
    check = checked(registered, business_manager, DRAFT)
    actions.mark_false_alarm(check.findings.get(text="Hope Moorcroft"), by=business_manager,
                             reason="Hope Moorcroft agreed to be named.")
    page = text(client_for(partner).get(url(check)))
    assert "Hope Moorcroft" not in page
    assert '<th scope="row" class="govuk-table__header">Sibling 1</th>' in page
    # The reason is for those who may see every identity: people type names into it.
    assert "agreed to be named" not in page and ">Reason</th>" not in page
    assert "Undo" not in page


@pytest.mark.parametrize(("person", "status"), [
    ("partner", 403), ("scrutineer", 403), ("agency_author", 403), ("practitioner", 403),
    ("outsider", 404), ("subgroup_member", 302), ("lead_reviewer", 302),
])
def test_only_those_who_check_drafts_mark_and_undo_false_alarms(
        registered, sister, business_manager, client_for, request, person, status):
    check = checked(registered, business_manager, DRAFT)
    hope = check.findings.get(text="Hope")
    client = client_for(request.getfixturevalue(person))
    marked = client.post(url(check, f"findings/{hope.pk}/false-alarm/"), {"reason": "A word."})
    assert marked.status_code == status
    assert FalseAlarm.objects.exists() == (status == 302)
    alarm = FalseAlarm.objects.first() or actions.mark_false_alarm(
        hope, by=business_manager, reason="A word.")
    undone = client.post(url(check, f"false-alarms/{alarm.pk}/undo/"))
    assert undone.status_code == status
    alarm.refresh_from_db()
    assert (alarm.undone_at is not None) == (status == 302)


def test_the_false_alarm_page_is_never_cached_and_its_hint_asks_not_to_repeat_the_name(
        registered, sister, business_manager, client_for):
    check = checked(registered, business_manager, DRAFT)
    address = url(check, f"findings/{check.findings.get(text='Hope').pk}/false-alarm/")
    client = client_for(business_manager)
    for response in (client.get(address), client.post(address, {"reason": ""})):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        page = text(response)
        assert "Do not repeat the word or name that was found, or name anyone" in page
        assert "'hope' is used" not in page
    # The form on the check's page asks the same.
    page = text(client.get(url(check)))
    assert "Do not repeat the word or name that was found, or name anyone" in page


def unregistered_copy(finding: DraftFinding) -> DraftFinding:
    """The same text as the language model raised it on an earlier check, before the person was
    in the register: no entry."""
    earlier = checked(finding.draft_check.review, finding.draft_check.uploaded_by, DRAFT)
    return DraftFinding.objects.create(
        draft_check=earlier, start=finding.start, end=finding.end, text=finding.text,
        normalised=finding.normalised, part=finding.part, paragraph_start=finding.paragraph_start,
        paragraph_end=finding.paragraph_end, category=finding.category,
        reason="named-entity model: PERSON", suggestion="[name of another person]",
        source=DraftFinding.Source.MODEL, entry=None)


def test_a_false_alarm_on_a_word_the_register_does_not_hold_does_not_hide_a_registered_person(
        registered, sister, business_manager):
    check = checked(registered, business_manager, DRAFT)
    registered_hope = check.findings.get(text="Hope")
    model_hope = unregistered_copy(registered_hope)
    actions.mark_false_alarm(model_hope, by=business_manager, reason="An ordinary word here.")
    visible = DraftFinding.objects.visible()
    assert not visible.filter(pk=model_hope.pk).exists()
    assert visible.filter(pk=registered_hope.pk).exists()
    # Nor on the next check: the sister is still raised.
    later = checked(registered, business_manager, DRAFT)
    assert later.findings.filter(text="Hope", entry=sister).exists()
    assert later.skipped_false_alarms == 0


def test_a_false_alarm_on_a_registered_person_does_not_hide_the_same_word_unregistered(
        registered, sister, business_manager):
    check = checked(registered, business_manager, DRAFT)
    registered_hope = check.findings.get(text="Hope")
    model_hope = unregistered_copy(registered_hope)
    alarm = actions.mark_false_alarm(registered_hope, by=business_manager, reason="A word here.")
    assert alarm.entry == sister
    assert DraftFinding.objects.visible().filter(pk=model_hope.pk).exists()
    # Each can be marked once: the register's, and the one the register does not hold.
    actions.mark_false_alarm(model_hope, by=business_manager, reason="A word here too.")
    with pytest.raises(ValidationError, match="already marked"):
        actions.mark_false_alarm(model_hope, by=business_manager, reason="Again.")
    with pytest.raises(IntegrityError), transaction.atomic():
        FalseAlarm.objects.create(review=registered, normalised="hope", category="person",
                                  text="Hope", entry=None, reason="Again.", marked_by=business_manager)


def test_existing_false_alarms_take_their_entry_from_their_finding(registered, sister,
                                                                   business_manager):
    migration = importlib.import_module(
        "reviewdesk.reports.migrations.0002_false_alarms_keyed_on_register_entry")
    check = checked(registered, business_manager, DRAFT)
    hope = check.findings.get(text="Hope")
    without_entry = actions.mark_false_alarm(hope, by=business_manager, reason="A word.")
    FalseAlarm.objects.filter(pk=without_entry.pk).update(entry=None)
    gone = FalseAlarm.objects.create(review=registered, normalised="hope moorcroft",
                                     category="person", text="Hope Moorcroft", entry=sister,
                                     reason="Named.", marked_by=business_manager, finding=None)
    migration.entry_from_finding(django_apps, None)
    assert FalseAlarm.objects.get(pk=without_entry.pk).entry == sister
    assert FalseAlarm.objects.get(pk=gone.pk).entry is None
