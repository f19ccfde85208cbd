"""Copies to Ofsted, the DfE and the National Panel, a learning review's copies decision and the
repository deposit: each through its action, audited with the date it took effect."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.copies import actions
from reviewdesk.copies.selectors import copies_state, notice_key
from reviewdesk.copies.tests.conftest import ACTIONS_PDF
from reviewdesk.notices.models import Notice
from reviewdesk.publication.models import (
    CopiesDecision,
    NationalCopy,
    Publication,
    RepositoryDeposit,
)
from reviewdesk.publication.testing import make_publication
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, TimelineEntry

pytestmark = pytest.mark.django_db
ALL = ["ofsted", "dfe", "panel"]


def test_copies_go_to_all_three_with_the_report_and_the_actions_taken_once(
        cspr: Review, final: FinalReport, published: Publication, business_manager: User,
        addresses: Partnership, django_capture_on_commit_callbacks) -> None:
    sent_on = timezone.localdate() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        copies = actions.send_copies(cspr, by=business_manager, bodies=ALL, sent_on=sent_on)
    assert [c.body for c in copies] == ALL
    assert all(c.final_report == final and c.with_actions and c.sent_on == sent_on
               for c in copies)
    report_pdf = final.pdf.open("rb").read()
    assert sorted(m.to[0] for m in mail.outbox) == ["dfe@example.test", "ofsted@example.test",
                                                    "panel@example.test"]
    for message in mail.outbox:
        assert message.attachments == [
            (f"{cspr.reference}-final-report.pdf", report_pdf, "application/pdf"),
            (f"{cspr.reference}-actions-taken.pdf", ACTIONS_PDF, "application/pdf")]
        assert cspr.reference in message.subject
        assert "Child A" in message.body and "Kayden" not in message.body  # pseudonyms only
        assert "actions taken" in message.body and "published on 2 November 2026" in message.body
    # Logged in the review's notices, one per copy.
    assert set(Notice.objects.filter(review=cspr).filter(
        dedupe_key__in=[notice_key(c) for c in copies]).values_list("status", flat=True)) == {
        Notice.Status.SENT}
    event = AuditEvent.objects.get(event_type="copies.sent")
    assert event.data["effective_on"] == sent_on.isoformat()
    assert event.data["bodies"] == ALL and event.data["with_actions"] is True
    assert TimelineEntry.objects.filter(
        review=cspr, title__startswith="Final report sent to Ofsted", effective_on=sent_on).exists()

    # Once: sending again to a body that has this final report is refused, nothing sent.
    with pytest.raises(ValidationError, match="Ofsted already has this final report"):
        with django_capture_on_commit_callbacks(execute=True):
            actions.send_copies(cspr, by=business_manager, bodies=["ofsted"])
    assert NationalCopy.objects.count() == 3 and len(mail.outbox) == 3
    state = copies_state(cspr)
    assert state.to_send == [] and state.sent == ALL


def test_a_newer_final_report_is_a_new_copy_and_the_page_keeps_both(
        cspr: Review, final: FinalReport, business_manager: User, addresses: Partnership,
        django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_copies(cspr, by=business_manager, bodies=["panel"])
    # Without a publication's document on actions taken, only the report goes.
    assert len(mail.outbox[0].attachments) == 1
    newer = FinalReport.objects.get(pk=final.pk)
    newer.pk = None
    newer.produced_on = timezone.localdate()
    newer.save()
    FinalReport.objects.filter(pk=final.pk).update(replaced_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        [again] = actions.send_copies(cspr, by=business_manager, bodies=["panel"])
    assert again.final_report_id == newer.pk
    [panel] = [r for r in copies_state(cspr).rows if r.body == "panel"]
    assert [s.copy.final_report_id for s in panel.sent] == [newer.pk, final.pk]
    assert [s.of_current for s in panel.sent] == [True, False]
    assert len(mail.outbox) == 2


def test_a_missing_address_fails_visibly_and_is_sent_once_the_address_is_set(
        cspr: Review, final: FinalReport, business_manager: User, addresses: Partnership,
        django_capture_on_commit_callbacks) -> None:
    Partnership.objects.filter(pk=addresses.pk).update(dfe_email="")
    with django_capture_on_commit_callbacks(execute=True):
        copies = actions.send_copies(cspr, by=business_manager, bodies=ALL)
    assert sorted(m.to[0] for m in mail.outbox) == ["ofsted@example.test", "panel@example.test"]
    dfe = next(c for c in copies if c.body == "dfe")
    notice = Notice.objects.get(dedupe_key=notice_key(dfe))
    assert notice.status == Notice.Status.FAILED
    assert "No e-mail address to send to" in notice.last_error
    [failed] = copies_state(cspr).failed
    assert failed.copy == dfe

    with pytest.raises(ValidationError, match="still no e-mail address for the Department for "
                                              "Education"):
        actions.retry_copy(dfe, by=business_manager)
    Partnership.objects.filter(pk=addresses.pk).update(dfe_email="copies@dfe.example.test")
    with django_capture_on_commit_callbacks(execute=True):
        actions.retry_copy(dfe, by=business_manager)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.recipients == ["copies@dfe.example.test"]
    assert mail.outbox[-1].to == ["copies@dfe.example.test"]
    assert mail.outbox[-1].attachments[0][1] == final.pdf.open("rb").read()
    event = AuditEvent.objects.get(event_type="copies.copy_resent")
    assert event.data["readdressed"] is True
    assert event.data["effective_on"] == timezone.localdate().isoformat()
    # A copy that went is not sent again.
    with pytest.raises(ValidationError, match="did not fail"):
        actions.retry_copy(dfe, by=business_manager)
    assert copies_state(cspr).failed == []


def test_a_learning_review_is_refused_before_the_decision_then_only_the_decided_bodies_go(
        learning: Review, business_manager: User, subgroup_member: User, addresses: Partnership,
        django_capture_on_commit_callbacks) -> None:
    with pytest.raises(ValidationError, match="has not yet decided which national bodies"):
        actions.send_copies(learning, by=business_manager, bodies=["panel"])
    assert not NationalCopy.objects.exists()

    decided_on = timezone.localdate() - timedelta(days=2)
    decision = actions.record_decision(learning, by=subgroup_member, bodies=["panel", "dfe"],
                                       reasons="Learning for the Panel's thematic review.",
                                       decided_on=decided_on)
    assert decision.bodies == ["dfe", "panel"]
    event = AuditEvent.objects.get(event_type="copies.decided")
    assert event.data["effective_on"] == decided_on.isoformat()
    assert event.data["bodies"] == ["dfe", "panel"]

    with pytest.raises(ValidationError, match="decided on .* that Ofsted does not get a copy"):
        actions.send_copies(learning, by=business_manager, bodies=["ofsted", "panel"])
    assert not NationalCopy.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        copies = actions.send_copies(learning, by=business_manager, bodies=["dfe", "panel"])
    assert [c.body for c in copies] == ["dfe", "panel"]
    assert sorted(m.to[0] for m in mail.outbox) == ["dfe@example.test", "panel@example.test"]
    assert copies_state(learning).to_send == []


def test_the_subgroup_may_decide_no_copies_go(
        learning: Review, business_manager: User, subgroup_member: User) -> None:
    actions.record_decision(learning, by=business_manager, bodies=[],
                            reasons="Nothing new for the national bodies.",
                            on_behalf_of=subgroup_member)
    decision = CopiesDecision.objects.get()
    assert decision.bodies == [] and decision.on_behalf_of == subgroup_member
    assert AuditEvent.objects.get(event_type="copies.decided").on_behalf_of == subgroup_member
    with pytest.raises(ValidationError, match="decided on .* that no copies go"):
        actions.send_copies(learning, by=business_manager, bodies=["panel"])
    state = copies_state(learning)
    assert state.to_send == [] and not state.awaiting_decision


def test_a_cspr_has_no_copies_decision(cspr: Review, business_manager: User) -> None:
    with pytest.raises(ValidationError, match="goes to Ofsted, the Department for Education and "
                                              "the National Panel"):
        actions.record_decision(cspr, by=business_manager, bodies=["panel"], reasons="Why.")
    assert not CopiesDecision.objects.exists()


def test_the_deposit_is_recorded_with_its_date_and_reference(
        cspr: Review, business_manager: User) -> None:
    on = timezone.localdate() - timedelta(days=3)
    deposit = actions.record_deposit(cspr, by=business_manager, deposited_on=on,
                                     reference=" NCRR-2026-0417 ")
    assert deposit.reference == "NCRR-2026-0417" and deposit.deposited_on == on
    event = AuditEvent.objects.get(event_type="copies.deposited")
    assert event.data == {"deposit": deposit.pk, "effective_on": on.isoformat()}
    assert copies_state(cspr).deposit == deposit


@pytest.mark.parametrize("case", ["future", "no body", "unknown body", "before the report"])
def test_bad_copies_are_refused_and_nothing_changes(
        case: str, cspr: Review, final: FinalReport, business_manager: User,
        addresses: Partnership, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    bodies, on, message = {
        "future": (ALL, today + timedelta(days=1), "cannot be in the future"),
        "no body": ([], today, "Choose which national bodies"),
        "unknown body": (["nspcc"], today, "Choose from Ofsted"),
        "before the report": (ALL, final.produced_on - timedelta(days=1),
                              "cannot be before .*the date of the final report"),
    }[case]
    with pytest.raises(ValidationError, match=message):
        with django_capture_on_commit_callbacks(execute=True):
            actions.send_copies(cspr, by=business_manager, bodies=bodies, sent_on=on)
    assert not NationalCopy.objects.exists() and mail.outbox == []
    assert not AuditEvent.objects.filter(event_type__startswith="copies.").exists()


@pytest.mark.parametrize("case", ["future", "no reasons"])
def test_a_bad_decision_is_refused_and_nothing_changes(
        case: str, learning: Review, subgroup_member: User) -> None:
    on = timezone.localdate() + timedelta(days=1) if case == "future" else timezone.localdate()
    reasons = "" if case == "no reasons" else "Because."
    with pytest.raises(ValidationError, match="future" if case == "future" else "reasons"):
        actions.record_decision(learning, by=subgroup_member, bodies=["panel"], reasons=reasons,
                                decided_on=on)
    assert not CopiesDecision.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="copies.").exists()


def test_a_future_deposit_is_refused(cspr: Review, business_manager: User) -> None:
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.record_deposit(cspr, by=business_manager,
                               deposited_on=timezone.localdate() + timedelta(days=1))
    assert not RepositoryDeposit.objects.exists()


def test_only_the_business_manager_sends_and_records_the_deposit(
        cspr: Review, final: FinalReport, subgroup_member: User, lead_reviewer: User,
        outsider: User) -> None:
    for person in (subgroup_member, lead_reviewer, outsider):
        with pytest.raises(PermissionDenied):
            actions.send_copies(cspr, by=person, bodies=ALL)
        with pytest.raises(PermissionDenied):
            actions.record_deposit(cspr, by=person)
    assert not NationalCopy.objects.exists() and not RepositoryDeposit.objects.exists()


def test_copies_wait_for_the_publication_stage_and_a_final_report(
        review: Review, business_manager: User) -> None:
    with pytest.raises(ValidationError, match="from the publication stage on"):
        actions.send_copies(review, by=business_manager, bodies=ALL)
    Review.objects.filter(pk=review.pk).update(stage="publication")
    with pytest.raises(ValidationError, match="There is no final report to send yet"):
        actions.send_copies(review, by=business_manager, bodies=ALL)


def test_the_actions_document_of_a_withdrawn_publication_still_goes(
        cspr: Review, final: FinalReport, business_manager: User, addresses: Partnership,
        django_capture_on_commit_callbacks) -> None:
    make_publication(cspr, by=business_manager, state=Publication.State.WITHDRAWN,
                     published_on=date(2026, 10, 1), final_report=final,
                     actions_document=ACTIONS_PDF)
    with django_capture_on_commit_callbacks(execute=True):
        [copy] = actions.send_copies(cspr, by=business_manager, bodies=["ofsted"])
    assert copy.with_actions
    assert mail.outbox[0].attachments[1][1] == ACTIONS_PDF
