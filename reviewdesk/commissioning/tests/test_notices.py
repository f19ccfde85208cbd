"""Commissioning notices: one action alerts every partner agency involved, Ofsted, the DfE and the
National Panel, once each, with pseudonyms only; failures show and a retry sends once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning import actions
from reviewdesk.commissioning.models import CaseFileCheck, NotNotified
from reviewdesk.commissioning.tests.helpers import date_fields, tag_count, text
from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import AUTOMATIC_ATTEMPTS, retry_due_notices
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Incident, Review, ReviewKind, TimelineEntry
from reviewdesk.reviews.tests.test_access_matrix import ADDRESS, CHILD, MOTHER
from reviewdesk.two_sessions import version_on

FAILING = {"default": {"BACKEND": "reviewdesk.commissioning.tests.backends.RefusingBackend"}}
STATUTORY = {"Ofsted": "ofsted@example.test", "Department for Education": "dfe@example.test",
             "National Child Safeguarding Practice Review Panel": "panel@example.test"}


def send(review: Review, by: User, capture: DjangoCaptureOnCommitCallbacks) -> list[Notice]:
    with capture(execute=True):
        return actions.send_commissioning_notices(review, by=by)


def sent_to(review: Review) -> dict[str, list[str]]:
    return {n.recipient_label: n.recipients for n in review.notices.filter(purpose="commissioning")}


# --- Sending -------------------------------------------------------------------------------------


def test_one_action_alerts_each_agency_involved_ofsted_the_dfe_and_the_panel(
        commissioned, business_manager, django_capture_on_commit_callbacks):
    notices = send(commissioned, business_manager, django_capture_on_commit_callbacks)
    assert len(notices) == 5
    assert sent_to(commissioned) == {
        "Testshire Police": ["safeguarding.police@example.test"],
        "Testshire Health / ICB": ["safeguarding.health@example.test"], **{
            label: [email] for label, email in STATUTORY.items()}}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["safeguarding.police@example.test", "safeguarding.health@example.test",
         *STATUTORY.values()])
    for notice in commissioned.notices.all():
        assert notice.status == Notice.Status.SENT and notice.sent_at is not None
        assert notice.created_by == business_manager
    police = next(m for m in mail.outbox if m.to == ["safeguarding.police@example.test"])
    assert police.subject == f"{commissioned.reference}: review commissioned, please secure your " \
                             "case files"
    assert "secure your agency's case files" in police.body
    assert "make a copy of the records" in police.body
    assert "31 March 2026" in police.body  # the date of the decision


def test_the_notices_come_from_the_partnerships_own_templates(
        commissioned, business_manager, client_for, django_capture_on_commit_callbacks):
    response = client_for(business_manager).post("/settings/notices/commissioning_ofsted/", {
        "subject": "Review {{ review_reference }} commissioned",
        "body": "To {{ recipient }}: {{ review_kind }} about {{ children }}.", "version": 1})
    assert response.status_code == 302
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    ofsted = next(m for m in mail.outbox if m.to == ["ofsted@example.test"])
    assert ofsted.subject == f"Review {commissioned.reference} commissioned"
    assert ofsted.body == "To Ofsted: Local child safeguarding practice review about Child A."


def test_nothing_is_sent_twice_and_pressing_again_sends_only_what_was_never_sent(
        commissioned, business_manager, agencies, client_for, django_capture_on_commit_callbacks):
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="Every commissioning notice has already been sent"):
        send(commissioned, business_manager, django_capture_on_commit_callbacks)
    client = client_for(business_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reviews/{commissioned.uuid}/commissioning/notices/send/")
    assert response.status_code == 302
    assert "Every commissioning notice has already been sent" in text(client.get(response["Location"]))
    assert len(mail.outbox) == 5

    # Another case brings another agency in: only that agency is alerted.
    review_actions.add_case(
        commissioned, by=business_manager, children=[{"name": "Second Child"}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=date(2026, 3, 1),
        la_aware_on=date(2026, 3, 2), summary="Another case.",
        agencies=[agencies["police"], agencies["education"]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reviews/{commissioned.uuid}/commissioning/notices/send/")
    assert "1 commissioning notice sent" in text(client.get(response["Location"]))
    assert [m.to for m in mail.outbox[5:]] == [["safeguarding.education@example.test"]]
    assert commissioned.notices.count() == 6
    # ... and it joins the case-file checklist too.
    assert commissioned.case_file_checks.count() == 3


def test_the_notices_carry_pseudonyms_only(make_review, business_manager, at_stage,
                                           django_capture_on_commit_callbacks):
    review = make_review(child_name=CHILD, summary=f"{CHILD} was hurt; {MOTHER} called 999 from "
                                                   f"{ADDRESS}.")
    review_actions.save_identity(review, by=business_manager, kind="family", real_name=MOTHER,
                                 pseudonym="Mother")
    review = at_stage(review, "commissioning")
    send(review, business_manager, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        assert "Child A" in message.body
        for marker in [CHILD, MOTHER, ADDRESS, "Quintrell", business_manager.full_name]:
            assert marker not in message.subject + message.body
    for notice in review.notices.all():
        assert CHILD not in notice.body + notice.subject + notice.recipient_label


def test_sending_is_audited_and_shows_on_the_timeline(
        commissioned, business_manager, django_capture_on_commit_callbacks):
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(event_type="commissioning.notices_sent")
    assert (event.actor, event.review_id) == (business_manager, commissioned.pk)
    assert event.summary == "Sent 5 commissioning notice(s)"
    assert sorted(event.data["recipients"]) == ["agency", "agency", "dfe", "ofsted", "panel"]
    entry = commissioned.timeline.get(title="Commissioning notices sent")
    assert entry.kind == TimelineEntry.Kind.NOTE and entry.recorded_by == business_manager
    assert "Ofsted" in entry.detail and "Testshire Police" in entry.detail
    # The case-file checklist starts with them: a line per agency involved.
    assert [c.agency.name for c in commissioned.case_file_checks.all()] == [
        "Testshire Health / ICB", "Testshire Police"]
    assert AuditEvent.objects.filter(
        event_type="commissioning.case_file_checklist_created").count() == 1


def test_notices_are_sent_only_at_commissioning_or_set_up(review, business_manager, addresses):
    with pytest.raises(ValidationError, match="this review is at notification"):
        actions.send_commissioning_notices(review, by=business_manager)
    assert Notice.objects.count() == 0


def test_the_commissioning_page_lists_each_recipient_and_its_delivery(
        commissioned, business_manager, client_for, django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{commissioned.uuid}/commissioning/notices/"))
    assert tag_count(page, "Not sent") == 5
    assert "Send the commissioning notices" in page
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    page = text(client.get(f"/reviews/{commissioned.uuid}/commissioning/notices/"))
    assert tag_count(page, "Sent") == 5
    assert "Every recipient has been sent the notice" in page


# --- Failure and retry ---------------------------------------------------------------------------


def test_a_delivery_failure_shows_on_the_notices_page_and_a_retry_sends_once(
        commissioned, business_manager, client_for, settings,
        django_capture_on_commit_callbacks):
    working = settings.MAILERS
    settings.MAILERS = FAILING
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # The mail server down: each notice waits, visibly, and is tried again by itself, later each
    # time (notices.tasks); after the last automatic attempt it has failed.
    assert {n.status for n in commissioned.notices.all()} == {Notice.Status.PENDING}
    page = text(client_for(business_manager).get(f"/reviews/{commissioned.uuid}/notices/"))
    assert "Waiting to be sent" in page and "tried again by itself" in page
    for _attempt in range(AUTOMATIC_ATTEMPTS - 1):
        with django_capture_on_commit_callbacks(execute=True):
            retry_due_notices(timezone.now() + timedelta(days=1))
    notices = list(commissioned.notices.all())
    assert {n.status for n in notices} == {Notice.Status.FAILED}
    assert all("the mail server refused the connection" in n.last_error for n in notices)
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{commissioned.uuid}/notices/"))
    assert page.count("Failed") >= 5 and "the mail server refused the connection" in page
    assert "Retry" in page
    page = text(client.get(f"/reviews/{commissioned.uuid}/commissioning/notices/"))
    assert tag_count(page, "Failed") == 5 and "Why, and retry" in page
    section = text(client.get(f"/reviews/{commissioned.uuid}/"))
    assert "5 failed" in section

    settings.MAILERS = working
    ofsted = commissioned.notices.get(recipient_label="Ofsted")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reviews/{commissioned.uuid}/notices/{ofsted.uuid}/retry/")
    assert response.status_code == 302
    ofsted.refresh_from_db()
    assert (ofsted.status, ofsted.attempts) == (Notice.Status.SENT, AUTOMATIC_ATTEMPTS + 1)
    assert [m.to for m in mail.outbox] == [["ofsted@example.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/{commissioned.uuid}/notices/{ofsted.uuid}/retry/")
    assert len(mail.outbox) == 1
    # Pressing "send" again does not resend the failed ones: they are retried from the list.
    with pytest.raises(ValidationError, match="already been sent"):
        send(commissioned, business_manager, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_a_notice_with_no_address_gets_it_from_the_settings_page_and_is_retried(
        commissioned, business_manager, partnership, agencies, client_for,
        django_capture_on_commit_callbacks):
    partnership.dfe_email = ""
    partnership.save()
    send(commissioned, business_manager, django_capture_on_commit_callbacks)
    dfe = commissioned.notices.get(recipient_label="Department for Education")
    assert dfe.status == Notice.Status.FAILED and "No e-mail address" in dfe.last_error
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{commissioned.uuid}/commissioning/notices/"))
    assert "No address" in page
    form = {"panel_email": "panel@example.test", "ofsted_email": "ofsted@example.test",
            "dfe_email": "New.DfE@example.test",
            **{f"agency_{a.pk}": a.email for a in agencies.values()},
            "version": version_on(client.get("/settings/partnership/"))}
    assert client.post("/settings/partnership/", form).status_code == 302
    dfe.refresh_from_db()
    assert dfe.recipients == ["new.dfe@example.test"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/{commissioned.uuid}/notices/{dfe.uuid}/retry/")
    dfe.refresh_from_db()
    assert dfe.status == Notice.Status.SENT
    assert mail.outbox[-1].to == ["new.dfe@example.test"]


# --- Learning reviews: agreed case by case -----------------------------------------------------


def test_a_learning_review_may_record_that_partners_were_not_notified(
        review, at_stage, business_manager, partner, client_for):
    review = at_stage(review, "commissioning", kind=ReviewKind.LEARNING_REVIEW)
    client = client_for(business_manager)
    page = text(client.get(f"/reviews/{review.uuid}/commissioning/notices/"))
    assert "agreed case by case" in page
    url = f"/reviews/{review.uuid}/commissioning/not-notified/"
    bad = client.post(url, {**date_fields("agreed_on", date(2026, 4, 2)), "reason": ""})
    assert bad.status_code == 200
    assert "Say why the partners were not notified" in text(bad)
    assert not NotNotified.objects.exists() and not CaseFileCheck.objects.exists()
    response = client.post(url, {**date_fields("agreed_on", date(2026, 4, 2)),
                                 "reason": "Agreed at the subgroup: a local learning exercise.",
                                 "on_behalf_of": partner.pk})
    assert response.status_code == 302
    waiver = NotNotified.objects.get(review=review)
    assert (waiver.agreed_on, waiver.recorded_by, waiver.on_behalf_of) == (
        date(2026, 4, 2), business_manager, partner)
    assert review.case_file_checks.count() == 2  # files are still secured
    entry = review.timeline.get(title="Partners not notified: agreed case by case")
    assert (entry.effective_on, entry.on_behalf_of) == (date(2026, 4, 2), partner)
    event = AuditEvent.objects.get(event_type="commissioning.not_notified_recorded")
    assert event.on_behalf_of == partner
    assert Notice.objects.count() == 0
    # Nothing more about notices: what is left is the agencies confirming their files.
    assert [b.text for b in transitions.TRANSITIONS["complete_commissioning"].unmet(review)] == [
        f"Testshire {agency}: confirm its case files are secured (or a copy made where work with "
        "the family continues)." for agency in ("Health / ICB", "Police")]


def test_a_local_cspr_cannot_skip_the_notices(commissioned, business_manager):
    with pytest.raises(ValidationError, match="the commissioning notices are required"):
        actions.record_not_notified(commissioned, by=business_manager, reason="No.",
                                    agreed_on=date(2026, 4, 2))


def test_not_notified_cannot_be_dated_in_the_future_or_before_the_decision(
        review, at_stage, business_manager):
    review = at_stage(review, "commissioning", kind=ReviewKind.OTHER_LEARNING)
    with pytest.raises(ValidationError) as exc:
        actions.record_not_notified(review, by=business_manager, reason="Agreed.",
                                    agreed_on=date(2026, 3, 1))
    assert exc.value.message_dict == {"agreed_on": [
        "The date it was agreed cannot be before 31 March 2026, when the previous step took "
        "effect."]}
    assert not NotNotified.objects.exists()


# --- Partnership settings --------------------------------------------------------------------


def test_the_business_manager_sets_where_notices_go(business_manager, partnership, agencies,
                                                   client_for):
    client = client_for(business_manager)
    page = text(client.get("/settings/partnership/"))
    assert "Testshire Police" in page and "National Child Safeguarding Practice Review Panel" in page
    form = {"panel_email": "panel@example.test", "ofsted_email": "not an address",
            "dfe_email": "dfe@example.test", f"agency_{agencies['police'].pk}": "sg@police.test",
            "version": version_on(client.get("/settings/partnership/"))}
    bad = client.post("/settings/partnership/", form)
    assert bad.status_code == 200
    assert "Enter Ofsted's e-mail address in the right format" in text(bad)
    partnership.refresh_from_db()
    assert partnership.panel_email == ""  # nothing saved
    form["ofsted_email"] = "ofsted@example.test"
    assert client.post("/settings/partnership/", form).status_code == 302
    partnership.refresh_from_db()
    agencies["police"].refresh_from_db()
    assert (partnership.panel_email, partnership.ofsted_email, partnership.dfe_email) == (
        "panel@example.test", "ofsted@example.test", "dfe@example.test")
    assert agencies["police"].email == "sg@police.test"
    event = AuditEvent.objects.get(event_type="commissioning.notice_addresses_changed")
    assert event.summary == "Changed where statutory notices are sent"
    assert sorted(event.data["fields"]) == ["dfe_email", "ofsted_email", "panel_email"]
    assert event.data["agencies"] == [agencies["police"].pk]


def test_only_the_business_manager_may_change_the_addresses(partner, client_for):
    assert client_for(partner).get("/settings/partnership/").status_code == 403
    assert client_for(partner).post("/settings/partnership/", {}).status_code == 403


def test_not_notified_cannot_be_recorded_once_the_notices_have_gone(
        review, at_stage, business_manager):
    review = at_stage(review, "commissioning", kind=ReviewKind.LEARNING_REVIEW)
    actions.send_commissioning_notices(review, by=business_manager)
    with pytest.raises(ValidationError, match="have already been sent"):
        actions.record_not_notified(review, by=business_manager, reason="Agreed.",
                                    agreed_on=date(2026, 4, 2))
