"""Retention: the partnership's period, the reviews kept past it, legal holds, and the erasure of
a closed review's personal data: a review built with every app's records (the access matrix's
closed stage, every identity field holding a marker) keeps only its published report, its
anonymised learning and its history, in pseudonyms; nothing of another review changes; the audit
trail verifies."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.notices.models import Notice
from reviewdesk.retention import actions, plan
from reviewdesk.retention.models import Erasure, LegalHold
from reviewdesk.reviews.models import IdentityEntry, Incident, Review, Stage
from reviewdesk.reviews.tests.test_access_matrix import (
    FAMILY_MARKERS,
    HERE_MARKER_NAMES,
    HERE_PEOPLE,
    STAFF_MARKERS,
    MatrixContext,
    build_partnership,
    rows_for,
)

pytestmark = pytest.mark.django_db


def close(review: Review, on: date) -> Review:
    """The review closed on ``on`` (the walk through every stage is the matrix's business)."""
    Review.objects.filter(pk=review.pk).update(stage=Stage.CLOSED, stage_since=on)
    review.refresh_from_db()
    return review


def set_period(review: Review, years: int | None = 15) -> None:
    partnership = review.partnership
    partnership.retention_years, partnership.retention_policy = years, "Records schedule v4, 7.2"
    partnership.save()


def belonging_rows(review: Review) -> dict[str, int]:
    return {m._meta.label: m._default_manager.filter(**{p: review}).count()
            for m, p in plan.belonging().items() if p}


@pytest.fixture
def closed_world() -> MatrixContext:
    """The matrix's closed review: every app's records, every identity field a marker."""
    ctx = build_partnership("closed", name="Testshire Safeguarding Children Partnership",
                            code="TS", place="Testshire", names=HERE_PEOPLE,
                            email_domain="example.test", markers=HERE_MARKER_NAMES)
    rows_for(ctx)
    return ctx


def test_erasure_keeps_the_report_and_the_learning_in_pseudonyms_and_removes_the_rest(
        closed_world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"  # this test's own
    review, bm = closed_world.review, closed_world.business_manager
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    other = Review.objects.create(partnership=review.partnership, reference="TS-2026-999",
                                  stage=Stage.CLOSED, stage_since=review.stage_since,
                                  created_by=bm)
    Incident.objects.create(review=other, what_happened="death", abuse_or_neglect="known",
                            incident_date=date(2026, 1, 5), la_aware_on=date(2026, 1, 6),
                            summary=f"{FAMILY_MARKERS[0]} of the other review.", recorded_by=bm)
    before_other = belonging_rows(other)
    set_period(review, 15)
    # The matrix's rows placed a hold naming everyone (retention/tests/access_rows.py): lifted.
    hold = LegalHold.objects.get(review=review, lifted_on__isnull=True)
    actions.lift_hold(review, by=bm, lifted_on=review.stage_since,
                      reason=f"Inquest into {HERE_MARKER_NAMES['child']}'s death held.")
    before = belonging_rows(review)
    assert sum(before[s.label] for s in plan.removed()) > 200  # the matrix's records are here
    removed_files = [name for step in plan.removed() for field in plan.file_fields(step.model)
                     for name in actions._rows(step, review).values_list(field, flat=True) if name]
    kept_files = [name for step in plan.kept() if step.model is not Review
                  for field in plan.file_fields(step.model)
                  for name in actions._rows(step, review).values_list(field, flat=True) if name]
    assert removed_files and kept_files
    until = actions.keep_until(review, 15)

    with django_capture_on_commit_callbacks(execute=True):
        erasure = actions.erase_review(review, by=bm, confirm=review.reference.lower(),
                                       today=until)

    after = belonging_rows(review)
    assert {s.label for s in plan.removed() if after[s.label]} == set()
    for step in plan.kept():  # what was kept is still there
        if step.model not in (Review, Erasure):
            assert after[step.label] == before[step.label], step.label
    assert sum(erasure.counts.values()) >= sum(before[s.label] for s in plan.removed())
    # Not a marker left in any kept record's text, the register included.
    markers = [m.lower() for m in FAMILY_MARKERS + STAFF_MARKERS]
    for step in plan.kept():
        rows = [review] if step.model is Review else actions._rows(step, review)
        fields = [f.name for f in step.model._meta.concrete_fields
                  if f.get_internal_type() in {"CharField", "TextField"}]
        for row in rows:
            for name in fields:
                text = str(getattr(row, name) or "").lower()
                assert not [m for m in markers if m in text], (step.label, name, text[:200])
    register = IdentityEntry.objects.filter(review=review)
    assert all(e.real_name == e.pseudonym and not e.aliases and e.date_of_birth is None
               and e.person_id is None for e in register)
    assert LegalHold.objects.get(pk=hold.pk).reason.startswith("Inquest into ")  # in pseudonyms
    # The files of what went are gone; the published report's are kept.
    assert not [n for n in removed_files if default_storage.exists(n)]
    assert all(default_storage.exists(n) for n in kept_files)
    # Another review of the partnership is untouched.
    assert belonging_rows(other) == before_other
    assert HERE_MARKER_NAMES["child"] in Incident.objects.get(review=other).summary
    # One audit event, with ids, the reference and counts: no name; the chain verifies.
    event = AuditEvent.objects.get(event_type="retention.review_erased")
    assert event.data["reference"] == review.reference and event.data["removed"]
    assert not [m for m in markers if m in (str(event.data) + event.summary).lower()]
    call_command("verify_audit")
    # The erased review still opens for its business manager, and is listed as erased.
    from django.test import Client

    client = Client()
    client.force_login(bm)
    assert client.get(f"/reviews/{review.uuid}/").status_code == 200
    page = client.get("/settings/retention/").content.decode()
    assert "personal data erased on" in page and review.reference in page
    # Erased once only.
    with pytest.raises(ValidationError, match="already been erased"):
        actions.erase_review(review, by=bm, confirm=review.reference, today=until)


def test_a_review_is_erased_only_when_closed_past_the_period_with_no_hold_and_confirmed(
        review, business_manager, lead_reviewer):
    refuse = actions.erasure_refusal
    today = date(2041, 6, 1)
    placed = timezone.localdate()  # a hold's date is never in the future
    assert "Only a closed review" in refuse(review, today)
    close(review, date(2026, 5, 31))
    assert "has not set how long" in refuse(review, today)
    set_period(review, 15)
    assert refuse(review, date(2041, 5, 30)).startswith("The records are kept until 31 May 2041")
    assert refuse(review, date(2041, 5, 31)) == ""
    hold = actions.place_hold(review, by=business_manager, reason="A claim is pending.",
                              placed_on=placed)
    assert "legal hold" in refuse(review, today)
    with pytest.raises(ValidationError, match="already has a legal hold"):
        actions.place_hold(review, by=business_manager, reason="Again.", placed_on=placed)
    with pytest.raises(ValidationError):
        actions.erase_review(review, by=business_manager, confirm=review.reference, today=today)
    actions.lift_hold(review, by=business_manager, reason="Claim settled.", lifted_on=placed)
    assert LegalHold.objects.get(pk=hold.pk).active is False
    with pytest.raises(ValidationError, match="Type the review's reference"):
        actions.erase_review(review, by=business_manager, confirm="TS-2026-000", today=today)
    with pytest.raises(PermissionDenied):
        actions.erase_review(review, by=lead_reviewer, confirm=review.reference, today=today)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.place_hold(review, by=business_manager, reason="x",
                           placed_on=placed + timedelta(days=1))
    with pytest.raises(ValidationError, match="Say why"):
        actions.place_hold(review, by=business_manager, reason="  ", placed_on=placed)
    assert not Erasure.objects.exists()
    assert Review.objects.get(pk=review.pk).incidents.exists()  # nothing changed


def test_the_period_needs_its_policy_and_a_sensible_number(review, business_manager,
                                                           lead_reviewer):
    partnership = review.partnership
    with pytest.raises(ValidationError) as refused:
        actions.change_retention(partnership, by=business_manager, years=15, policy="")
    assert "records policy" in str(refused.value)
    with pytest.raises(ValidationError, match="from 1 to 100"):
        actions.change_retention(partnership, by=business_manager, years=0, policy="v4")
    with pytest.raises(PermissionDenied):
        actions.change_retention(partnership, by=lead_reviewer, years=15, policy="v4")
    actions.change_retention(partnership, by=business_manager, years=15, policy="Schedule v4")
    partnership.refresh_from_db()
    assert (partnership.retention_years, partnership.retention_policy) == (15, "Schedule v4")
    assert AuditEvent.objects.filter(event_type="retention.settings_changed").count() == 1


def test_the_business_manager_is_told_once_of_each_review_past_the_period(
        review, business_manager, settings):
    close(review, date(2010, 3, 1))
    set_period(review, 15)
    assert [d.review for d in actions.past_retention(review.partnership, date(2025, 3, 1))] == [
        review]
    assert actions.past_retention(review.partnership, date(2025, 2, 28)) == []
    call_command("send_reminders", today="2026-12-07")
    call_command("send_reminders", today="2026-12-08")
    told = Notice.objects.filter(review=review, purpose="reminder:retention_past")
    assert told.count() == 1
    notice = told.get()
    assert business_manager.email in notice.recipients
    assert "/settings/retention/" in notice.body and "15 years" in notice.body
    assert review.incidents.first().summary not in notice.body


def test_the_retention_pages_are_the_business_managers(client, review, business_manager,
                                                       lead_reviewer):
    close(review, date(2010, 3, 1))
    client.force_login(lead_reviewer)
    assert client.get("/settings/retention/").status_code == 403
    assert client.get(f"/reviews/{review.uuid}/retention/erase/").status_code == 403
    client.force_login(business_manager)
    page = client.get("/settings/retention/").content.decode()
    assert "No period is set" in page
    refused = client.post("/settings/retention/", {"years": "15", "policy": "",
                                                   "version": "1"}).content.decode()
    assert "Say which records policy sets this period" in refused
    client.post("/settings/retention/", {"years": "15", "policy": "Schedule v4", "version": "1"})
    page = client.get("/settings/retention/").content.decode()
    assert review.reference in page and "Erase its personal data" in page
    # A hold placed from the page's reference box, on any review.
    found = client.get("/settings/retention/", {"hold": review.reference.lower()})
    assert found.status_code == 302 and found["Location"].endswith(
        f"/reviews/{review.uuid}/retention/hold/")
    assert "No review of" in client.get("/settings/retention/", {"hold": "XX-1"}).content.decode()
    today = timezone.localdate()
    client.post(f"/reviews/{review.uuid}/retention/hold/",
                {"reason": "Inquest pending.", "placed_on-day": today.day,
                 "placed_on-month": today.month, "placed_on-year": today.year})
    assert LegalHold.objects.filter(review=review, lifted_on__isnull=True).exists()
    erase_page = client.get(f"/reviews/{review.uuid}/retention/erase/").content.decode()
    assert "A legal hold is on this review" in erase_page
    refused = client.post(f"/reviews/{review.uuid}/retention/erase/",
                          {"confirm": review.reference}).content.decode()
    assert "A legal hold is on this review" in refused
    assert not Erasure.objects.exists()


def test_every_record_of_a_review_is_kept_or_erased_by_the_plan():
    labels = {m._meta.label for m in plan.belonging()}
    assert set(plan.KEPT) <= labels  # no kept model misspelt
    order = [s.model for s in plan.removed()]
    assert {s.label for s in plan.removed()} == labels - set(plan.KEPT)
    for index, model in enumerate(order):  # each goes before what it points to
        for field in model._meta.concrete_fields:
            if field.is_relation and not field.null and field.related_model in order:
                assert order.index(field.related_model) >= index, (model, field.name)
    assert {User, Notice} - set(plan.belonging()) == {User}


def test_the_review_page_says_a_hold_keeps_it_and_then_that_it_was_erased(
        review, business_manager, partner, client_for):
    page = f"/reviews/{review.uuid}/"
    assert "legal hold" not in client_for(business_manager).get(page).content.decode()
    reason = "A claim by Kit's mother is pending."
    hold = actions.place_hold(review, by=business_manager, reason=reason,
                              placed_on=timezone.localdate())
    shown = client_for(partner).get(page).content.decode()
    assert "A legal hold is on this review" in shown
    assert reason not in shown  # the reason may name people: on the retention page only
    actions.lift_hold(review, by=business_manager, reason="Settled.",
                      lifted_on=hold.placed_on)
    assert "legal hold" not in client_for(partner).get(page).content.decode()

    close(review, date(2026, 5, 31))
    set_period(review, 15)
    actions.erase_review(review, by=business_manager, confirm=review.reference,
                         today=date(2041, 6, 2))
    for viewer in (business_manager, partner):
        shown = client_for(viewer).get(page)
        assert shown.status_code == 200
        assert "personal data was erased" in shown.content.decode()
        assert "2 June 2041" in shown.content.decode()
    assert "Retention settings" in client_for(business_manager).get(page).content.decode()
    assert "Retention settings" not in client_for(partner).get(page).content.decode()
