"""The rapid review's bookkeeping: each safeguarding partner signs off the record (or the
business manager records it for them) and the plan's step closes when all three have; the
rapid review deadline ('complete, copy to the Panel') is met on the date the copy was sent."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.rapid_review import actions
from reviewdesk.rapid_review.models import SignOff
from reviewdesk.rapid_review.selectors import SIGN_OFF
from reviewdesk.rapid_review.testing import complete_the_record
from reviewdesk.rapid_review.tests.helpers import date_form, page_text
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Clock, ClockKind, Review, Task
from reviewdesk.testing import MakeReview, TodayIs

LA, HEALTH, POLICE = PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE


@pytest.fixture
def underway(clock: TodayIs, make_review: MakeReview, business_manager: User) -> Review:
    """Aware Monday 2 March 2026, the rapid review started on 3 March (its deadline, 15 working
    days on, is Monday 23 March)."""
    review = make_review()
    return actions.start_rapid_review(review, by=business_manager, effective_on=date(2026, 3, 3))


@pytest.fixture
def finished(underway: Review, clock: TodayIs, business_manager: User) -> Review:
    """The record complete on Friday 13 March."""
    clock(date(2026, 3, 13))
    complete_the_record(underway, by=business_manager)
    return underway


def sign_off_url(review: Review) -> str:
    return f"/reviews/{review.uuid}/rapid-review/record/sign-off/"


def sign_off_step(review: Review) -> Task:
    return review.tasks.get(key=SIGN_OFF)


def rapid_review_clock(review: Review) -> Clock:
    return review.clocks.get(kind=ClockKind.RAPID_REVIEW)


# --- The partners' sign-off ----------------------------------------------------------------------


def test_each_partner_signs_off_for_their_own_partner(finished, clock, partners, client_for):
    clock(date(2026, 3, 20))
    client = client_for(partners[HEALTH])
    page = page_text(client.get(sign_off_url(finished)))
    assert "Local authority Not signed off" in page and "Whose sign-off" not in page
    response = client.post(sign_off_url(finished), date_form("signed_on", date(2026, 3, 17)))
    assert response.status_code == 302
    sign_off = SignOff.objects.get(review=finished)
    assert (sign_off.partner_for, sign_off.signed_by, sign_off.recorded_by, sign_off.signed_on) \
        == (HEALTH, partners[HEALTH], partners[HEALTH], date(2026, 3, 17))
    record_page = page_text(client.get(f"/reviews/{finished.uuid}/rapid-review/record/"))
    assert "Health (ICB) 17 March 2026 Hattie Health" in record_page
    assert "Waiting for: Local authority, Police." in record_page
    entry = finished.timeline.get(title="Rapid review signed off: Health (ICB)")
    assert (entry.effective_on, entry.recorded_by, entry.on_behalf_of) == (
        date(2026, 3, 17), partners[HEALTH], None)
    assert AuditEvent.objects.get(event_type="rapid_review.signed_off").data["partner_for"] \
        == HEALTH
    assert sign_off_step(finished).done_on is None  # one of three


def test_a_partner_cannot_sign_off_for_another_partner(finished, partners):
    with pytest.raises(ValidationError) as refused:
        actions.record_sign_off(finished, by=partners[POLICE], partner_for=LA,
                                signed_on=date(2026, 3, 13))
    assert "You represent the police: you may sign off only for the police" in str(refused.value)
    assert not SignOff.objects.exists()


def test_the_business_manager_records_a_sign_off_on_the_partners_behalf(
        finished, clock, business_manager, partners, client_for):
    clock(date(2026, 3, 20))
    client = client_for(business_manager)
    # Whose, and who signed: the person must represent that partner.
    response = client.post(sign_off_url(finished), {
        "partner_for": POLICE, "on_behalf_of": str(partners[HEALTH].pk),
        **date_form("signed_on", date(2026, 3, 16))})
    assert response.status_code == 200
    assert "represents another partner" in page_text(response)
    response = client.post(sign_off_url(finished), {
        "partner_for": POLICE, "on_behalf_of": str(partners[POLICE].pk),
        **date_form("signed_on", date(2026, 3, 16))})
    assert response.status_code == 302
    sign_off = SignOff.objects.get(review=finished)
    assert (sign_off.signed_by, sign_off.recorded_by) == (partners[POLICE], business_manager)
    page = page_text(client.get(f"/reviews/{finished.uuid}/rapid-review/record/"))
    assert ("Police 16 March 2026 Percy Police; recorded on 20 March 2026 by Bea Manager on "
            "their behalf") in page
    entry = finished.timeline.get(title="Rapid review signed off: Police")
    assert (entry.recorded_by, entry.on_behalf_of) == (business_manager, partners[POLICE])


def test_the_step_closes_when_all_three_have_signed_off_on_the_last_date(
        finished, clock, business_manager, partners, client_for):
    clock(date(2026, 3, 27))  # recorded a fortnight later
    actions.record_sign_off(finished, by=partners[LA], partner_for=LA,
                            signed_on=date(2026, 3, 16))
    actions.record_sign_off(finished, by=partners[POLICE], partner_for=POLICE,
                            signed_on=date(2026, 3, 20))
    assert sign_off_step(finished).done_on is None
    actions.record_sign_off(finished, by=business_manager, partner_for=HEALTH,
                            on_behalf_of=partners[HEALTH], signed_on=date(2026, 3, 17))
    step = sign_off_step(finished)
    assert step.done_on == date(2026, 3, 20)  # the last of the three, not the day recorded
    assert step.done_late_by == 1  # due Thursday 19 March, 13 working days after aware
    page = page_text(client_for(business_manager).get(f"/reviews/{finished.uuid}/"))
    assert "all three signed off, the last on 20 March 2026" in page


def test_each_partner_signs_off_once(finished, partners):
    actions.record_sign_off(finished, by=partners[LA], partner_for=LA,
                            signed_on=date(2026, 3, 13))
    with pytest.raises(ValidationError) as refused:
        actions.record_sign_off(finished, by=partners[LA], partner_for=LA,
                                signed_on=date(2026, 3, 13))
    assert "The local authority's sign-off is already recorded (signed off on 13 March 2026)." \
        in refused.value.messages


def test_a_sign_off_needs_a_complete_record_and_a_real_date(underway, clock, partners):
    with pytest.raises(ValidationError) as refused:
        actions.record_sign_off(underway, by=partners[LA], partner_for=LA,
                                signed_on=date(2026, 3, 3))
    assert refused.value.messages[0] == ("The rapid review record is not finished: the partners "
                                         "sign off a complete record.")
    assert "Record the facts established on the rapid review record." in refused.value.messages
    clock(date(2026, 3, 13))
    complete_the_record(underway, by=underway.created_by)
    for day, message in [(date(2026, 3, 14), "cannot be in the future"),
                         (date(2026, 3, 1), "cannot be before 2 March 2026, when the local "
                                            "authority became aware of the incident")]:
        with pytest.raises(ValidationError) as refused:
            actions.record_sign_off(underway, by=partners[LA], partner_for=LA, signed_on=day)
        assert message in refused.value.message_dict["signed_on"][0]
    assert not SignOff.objects.exists()


def test_only_partners_and_the_business_manager_sign_off(finished, scrutineer, subgroup_member,
                                                         outsider, client_for):
    for reader in (scrutineer, subgroup_member):  # they read the record, but do not sign it
        assert client_for(reader).get(sign_off_url(finished)).status_code == 403
    assert client_for(outsider).get(sign_off_url(finished)).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.record_sign_off(finished, by=scrutineer, partner_for=LA,
                                signed_on=date(2026, 3, 13))


def test_a_change_to_the_record_withdraws_the_sign_offs_so_far(finished, business_manager,
                                                              partners):
    actions.record_sign_off(finished, by=partners[LA], partner_for=LA,
                            signed_on=date(2026, 3, 13))
    actions.save_record(finished, by=business_manager, practice_strengths="A prompt referral.")
    assert not SignOff.objects.filter(withdrawn_at__isnull=True).exists()
    assert finished.timeline.filter(
        title="Partners' sign-offs withdrawn: the rapid review record changed").exists()
    # The local authority signs off the changed record again.
    actions.record_sign_off(finished, by=partners[LA], partner_for=LA,
                            signed_on=date(2026, 3, 13))


def test_once_all_three_have_signed_off_the_record_no_longer_changes(finished, business_manager,
                                                                    partners):
    for partner_for, person in partners.items():
        actions.record_sign_off(finished, by=person, partner_for=partner_for,
                                signed_on=date(2026, 3, 13))
    with pytest.raises(ValidationError) as refused:
        actions.save_record(finished, by=business_manager, practice_strengths="Changed.")
    assert "The three safeguarding partners have signed off" in refused.value.messages[0]
    assert SignOff.objects.filter(withdrawn_at__isnull=True).count() == 3


def test_the_sign_off_step_is_not_marked_done_by_hand(finished, business_manager, client_for):
    client = client_for(business_manager)
    page = client.get(f"/reviews/{finished.uuid}/").content.decode()
    step = sign_off_step(finished)
    assert f"/tasks/{step.pk}/done/" not in page
    assert f"{sign_off_url(finished)}\">Record sign-offs" in page
    response = client.get(f"/reviews/{finished.uuid}/tasks/{step.pk}/done/")
    assert response.status_code == 302 and response.url == sign_off_url(finished)
    assert sign_off_step(finished).done_on is None


# --- The copy to the Panel --------------------------------------------------------------------


def test_the_rapid_review_deadline_is_met_on_the_day_the_copy_was_sent(
        finished, clock, business_manager, client_for):
    clock(date(2026, 3, 27))  # recorded after the deadline (Monday 23 March)
    actions.record_panel_copy(finished, by=business_manager, sent_on=date(2026, 3, 20))
    assert rapid_review_clock(finished).met_on == date(2026, 3, 20)  # on time
    page = page_text(client_for(business_manager).get(f"/reviews/{finished.uuid}/"))
    assert "Met on 20 March 2026" in page and "Met on 20 March 2026 (late)" not in page
    assert finished.tasks.get(key="rapid-review-copy-to-panel").done_on == date(2026, 3, 20)


def test_marking_the_rapid_review_complete_does_not_meet_the_deadline(finished, clock,
                                                                     business_manager):
    clock(date(2026, 3, 18))
    transitions.move(finished, "complete_rapid_review", by=business_manager, effective_on=date(2026, 3, 18))
    assert rapid_review_clock(finished).met_on is None
    clock(date(2026, 3, 26))
    actions.record_panel_copy(finished, by=business_manager, sent_on=date(2026, 3, 25))
    clock_ = rapid_review_clock(finished)
    assert clock_.met_on == date(2026, 3, 25)  # two working days late, whatever day it completed


def test_the_copy_cannot_have_gone_before_the_last_sign_off(finished, clock, partners,
                                                           business_manager):
    clock(date(2026, 3, 20))
    actions.record_sign_off(finished, by=business_manager, partner_for=HEALTH,
                            on_behalf_of=partners[HEALTH], signed_on=date(2026, 3, 18))
    with pytest.raises(ValidationError, match="before the partners' last sign-off of the record, "
                                              "on 18 March 2026"):
        actions.record_panel_copy(finished, by=business_manager, sent_on=date(2026, 3, 17))
    assert rapid_review_clock(finished).met_on is None
    actions.record_panel_copy(finished, by=business_manager, sent_on=date(2026, 3, 18))
    assert rapid_review_clock(finished).met_on == date(2026, 3, 18)


def test_once_the_panel_has_the_record_it_no_longer_changes(finished, clock, business_manager):
    clock(date(2026, 3, 20))
    actions.record_panel_copy(finished, by=business_manager, sent_on=date(2026, 3, 19))
    with pytest.raises(ValidationError, match="sent to the Panel on 19 March 2026"):
        actions.save_record(finished, by=business_manager, practice_strengths="Added later.")
    finished.refresh_from_db()
    assert "Added later." not in finished.rapid_review_record.practice_strengths
