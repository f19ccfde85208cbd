"""The actions statement: drafted from the plan with pseudonyms only, changed from the version the
page showed, refused approval while the publication check finds anything, approved with its
files, put beside the report and sent to the national bodies: each audited, with its date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.audit.models import AuditEvent
from reviewdesk.copies import actions as copies_actions
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.statement import actions, drafting, selectors
from reviewdesk.statement.tests.conftest import CHILD, MOTHER
from reviewdesk.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def _approved(review: Review, by: User) -> ActionsStatement:
    return actions.approve(actions.generate(review, by=by), by=by)


def test_the_draft_tells_each_action_from_the_plan_by_pseudonym(
        planned: Review, business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    assert statement.number == 1 and len(statement.body) == 5
    text = drafting.text_of(statement)
    assert "Kayden" not in text and "Jolene" not in text and "Moorcroft" not in text
    assert "Child A" in text and "Mother" in text
    assert "Bea Manager" not in text  # owners are named by their agency only
    entries = {e["heading"].split(":")[0]: e for e in statement.body}
    assert entries["Action 1"]["taken"].startswith("Not started yet")
    assert "overdue: it was due by 30 November 2026" in entries["Action 2"]["taken"]
    assert entries["Action 3"]["taken"].startswith("Completed on 20 October 2026")
    assert "accepted by the CSPR subgroup on 20 November 2026" in entries["Action 4"]["impact"]
    assert "decommissioned" in entries["Action 5"]["taken"]
    # What more will be done: the open actions, and the completed one's impact to come.
    assert "- Action 1:" in statement.what_more and "- Action 3: its impact" in \
        statement.what_more and "Action 4" not in statement.what_more
    event = AuditEvent.objects.get(event_type="statement.generated")
    assert event.data["effective_on"] == timezone.localdate().isoformat()


def test_a_new_version_replaces_the_last_and_may_copy_its_words(
        planned: Review, business_manager: User) -> None:
    first = actions.generate(planned, by=business_manager)
    actions.edit(first, by=business_manager, introduction="Our own words.",
                 entries=first.body, what_more="More to come.", version=first.version)
    copy = actions.generate(planned, by=business_manager, copy_of=first)
    first.refresh_from_db()
    assert first.replaced_at is not None and copy.number == 2
    assert copy.introduction == "Our own words."


def test_no_statement_without_agreed_actions(review: Review, business_manager: User) -> None:
    with pytest.raises(ValidationError, match="no agreed actions yet"):
        actions.generate(review, by=business_manager)


def test_only_those_who_manage_the_action_plan_write_it(
        planned: Review, lead_reviewer: User, subgroup_member: User) -> None:
    with pytest.raises(PermissionDenied):
        actions.generate(planned, by=lead_reviewer)
    assert actions.generate(planned, by=subgroup_member).number == 1


def test_an_edit_from_an_older_version_is_refused(planned: Review,
                                                  business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    seen = statement.version
    actions.edit(statement, by=business_manager, introduction="First.", entries=statement.body,
                 what_more="More.", version=seen)
    with pytest.raises(StaleEdit):
        actions.edit(statement, by=business_manager, introduction="Second.",
                     entries=statement.body, what_more="More.", version=seen)
    statement.refresh_from_db()
    assert statement.introduction == "First."


def test_an_edit_says_what_is_missing_and_changes_nothing(planned: Review,
                                                          business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    entries = [dict(e) for e in statement.body]
    entries[1]["impact"] = " "
    with pytest.raises(ValidationError) as refused:
        actions.edit(statement, by=business_manager, introduction="", entries=entries,
                     what_more="More.", version=statement.version)
    assert set(refused.value.error_dict) == {"introduction", "impact_1"}
    statement.refresh_from_db()
    assert statement.version == 1


def test_a_statement_naming_someone_is_refused_approval_listing_what_was_found(
        planned: Review, business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    said = f"After {CHILD} was hurt, {MOTHER.split()[0]} asked for change."
    statement = actions.edit(statement, by=business_manager, introduction=said,
                             entries=statement.body, what_more="More.",
                             version=statement.version)
    with pytest.raises(ValidationError) as refused:
        actions.approve(statement, by=business_manager, version=statement.version)
    words = " ".join(refused.value.messages)
    assert "cannot be approved" in words and "\u201cKayden Moorcroft\u201d" in words
    assert "\u201cJolene\u201d" in words and "Child A" in words
    statement.refresh_from_db()
    assert statement.approved_at is None and not statement.pdf
    assert len(statement.scan["findings"]) >= 2  # kept, for the page to list
    assert AuditEvent.objects.filter(event_type="statement.approval_refused").exists()


def test_a_full_name_not_in_the_register_is_found_too(planned: Review,
                                                      business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    said = "The training was led by Margaret Thistlethwaite-Ogunleye."
    statement = actions.edit(statement, by=business_manager, introduction=said,
                             entries=statement.body, what_more="More.",
                             version=statement.version)
    findings = actions.check(statement, by=business_manager)
    assert any("Thistlethwaite" in f["text"] for f in findings)


def test_approving_makes_the_files_and_keeps_it_as_approved(
        planned: Review, business_manager: User) -> None:
    statement = actions.generate(planned, by=business_manager)
    assert actions.check(statement, by=business_manager) == []
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be before"):
        actions.approve(statement, by=business_manager, approved_on=yesterday)
    statement = actions.approve(statement, by=business_manager, version=statement.version)
    assert statement.approved_on == timezone.localdate()
    assert statement.pdf.open("rb").read(5) == b"%PDF-"
    assert statement.docx.open("rb").read(2) == b"PK"
    step = TimelineEntry.objects.get(review=planned, title__contains="was approved")
    assert step.effective_on == timezone.localdate()
    with pytest.raises(ValidationError, match="kept as approved"):
        actions.edit(statement, by=business_manager, introduction="x", entries=statement.body,
                     what_more="y", version=statement.version)
    data = actions.download(statement, "docx", by=business_manager)
    assert data[:2] == b"PK"
    assert AuditEvent.objects.get(event_type="statement.downloaded").data["kind"] == "docx"


def test_put_beside_the_published_report_the_public_downloads_it(
        planned: Review, business_manager: User, client: Client) -> None:
    statement = _approved(planned, business_manager)
    with pytest.raises(ValidationError, match="not scheduled or published"):
        actions.put_beside_report(statement, by=business_manager, public=True)
    publication = make_publication(planned, by=business_manager, slug="child-a-2026")
    assert not publication.actions_published
    actions.put_beside_report(statement, by=business_manager, public=True)
    publication.refresh_from_db()
    assert publication.actions_published
    response = client.get("/published/child-a-2026/actions.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == statement.pdf.open("rb").read()
    page = client.get("/published/child-a-2026/").content.decode()
    assert "actions taken, their impact and what more will be done" in page
    state = selectors.statement_state(planned)
    assert state.with_report == statement and state.public
    event = AuditEvent.objects.get(event_type="statement.put_beside_report")
    assert event.data["public"] is True and event.data["effective_on"]


def test_kept_with_the_report_but_not_public_it_still_goes_with_the_copies(
        planned: Review, business_manager: User, client: Client,
        django_capture_on_commit_callbacks) -> None:
    statement = _approved(planned, business_manager)
    final = FinalReport.objects.get(review=planned, replaced_at__isnull=True)
    make_publication(planned, by=business_manager, slug="child-a-2026", final_report=final)
    actions.put_beside_report(statement, by=business_manager, public=False)
    assert client.get("/published/child-a-2026/actions.pdf").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        copies_actions.send_copies(planned, by=business_manager, bodies=["ofsted"])
    (message,) = mail.outbox
    assert len(message.attachments) == 2
    assert message.attachments[1][1] == statement.pdf.open("rb").read()
    assert selectors.statement_state(planned).to_send == []


def test_sent_to_the_bodies_that_already_have_the_report_once_each(
        planned: Review, business_manager: User, django_capture_on_commit_callbacks) -> None:
    make_publication(planned, by=business_manager, slug="child-a-2026")
    with django_capture_on_commit_callbacks(execute=True):
        copies_actions.send_copies(planned, by=business_manager, bodies=["ofsted", "panel"])
    mail.outbox.clear()
    statement = _approved(planned, business_manager)
    assert selectors.statement_state(planned).to_send == ["ofsted", "panel"]
    with pytest.raises(ValidationError) as refused:
        actions.send_to_national_bodies(statement, by=business_manager, bodies=["dfe"])
    assert "not been sent the final report" in str(refused.value)
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.send_to_national_bodies(statement, by=business_manager,
                                               bodies=["ofsted", "panel"])
    assert sent == ["ofsted", "panel"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ofsted@example.test", "panel@example.test"]
    for message in mail.outbox:
        assert message.attachments[0][1] == statement.pdf.open("rb").read()
        assert "Child A" in message.body and "Kayden" not in message.body
    with pytest.raises(ValidationError, match="already been sent"):
        actions.send_to_national_bodies(statement, by=business_manager, bodies=["ofsted"])
    assert selectors.statement_state(planned).to_send == []
    assert AuditEvent.objects.get(event_type="statement.sent").data["bodies"] == ["ofsted",
                                                                                 "panel"]


def test_only_the_business_manager_publishes_or_sends_it(
        planned: Review, business_manager: User, subgroup_member: User) -> None:
    statement = _approved(planned, business_manager)
    make_publication(planned, by=business_manager, state=Publication.State.SCHEDULED,
                     slug="child-a-2027")
    with pytest.raises(PermissionDenied):
        actions.put_beside_report(statement, by=subgroup_member, public=True)
    with pytest.raises(PermissionDenied):
        actions.send_to_national_bodies(statement, by=subgroup_member, bodies=["ofsted"])
