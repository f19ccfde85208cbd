"""The advance copy: the final report's PDF to the Panel and the Secretary of State, and the
earliest publication date 7 working days after, over England's bank holidays."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.holds import actions
from reviewdesk.lib.workingdays import bank_holiday_name
from reviewdesk.notices.models import Notice
from reviewdesk.publication import checks
from reviewdesk.publication.models import AdvanceCopy
from reviewdesk.reports.models import FinalReport
from reviewdesk.testing import TodayIs, tomorrow

SENT = date(2027, 5, 26)  # a Wednesday


def advance_check(review: object, on: date) -> checks.Check:
    return next(c for c in checks.run(review, on) if c.key == "advance_copy")  # type: ignore[arg-type]


def test_the_spring_bank_holiday_2027_is_known() -> None:
    assert bank_holiday_name(date(2027, 5, 31)) == "Spring Bank Holiday"


def test_the_advance_copy_goes_with_the_pdf_and_sets_the_earliest_date(
        final: FinalReport, business_manager: User, partner: User, today_is: TodayIs,
        django_capture_on_commit_callbacks: object) -> None:
    today_is(date(2027, 5, 27))
    review = final.review
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        copy = actions.record_advance_copy(review, by=business_manager, sent_on=SENT,
                                           on_behalf_of=partner)
    # Thursday 27, Friday 28 May, Tuesday 1 to Friday 4 June (Monday 31 May is a bank
    # holiday) and Monday 7 June: the seventh working day.
    assert copy.earliest_publication_on == date(2027, 6, 7)
    assert (copy.final_report, copy.sent_on, copy.on_behalf_of) == (final, SENT, partner)
    event = AuditEvent.objects.get(event_type="holds.advance_copy_recorded")
    assert event.data["effective_on"] == "2027-05-26"
    assert event.data["earliest_publication_on"] == "2027-06-07"

    notices = Notice.objects.filter(review=review, purpose="the advance copy")
    assert {n.recipients[0] for n in notices} == {"panel@example.test", "dfe@example.test"}
    assert {n.dedupe_key for n in notices} == {
        f"publication-advance-copy:{copy.pk}:panel",
        f"publication-advance-copy:{copy.pk}:secretary-of-state"}
    sent = [m for m in mail.outbox if "in advance of publication" in m.subject]
    assert len(sent) == 2
    for message in sent:
        assert "will not publish it before Monday 7 June 2027" in message.body
        assert "Kayden" not in message.body and "Child A" in message.body
        (name, content, content_type), = message.attachments
        assert name == f"{review.reference}-final-report.pdf"
        assert content_type == "application/pdf"
        assert content == final.pdf.open("rb").read()


def test_the_seven_working_day_rule_over_the_bank_holiday(
        final: FinalReport, business_manager: User, today_is: TodayIs) -> None:
    today_is(SENT)
    review = final.review
    actions.record_advance_copy(review, by=business_manager)

    friday = advance_check(review, date(2027, 6, 4))
    assert not friday.met
    assert friday.detail == (
        "The earliest publication date is Monday 7 June 2027: 7 working days after the advance "
        "copy went to the Panel and the Secretary of State on Wednesday 26 May 2027.")
    assert friday.link == f"/reviews/{review.uuid}/publication/advance-copy/"
    assert "advance_copy" in {c.key for c in checks.refusals(review, date(2027, 6, 4))}

    monday = advance_check(review, date(2027, 6, 7))
    assert monday.met
    assert "advance_copy" not in {c.key for c in checks.refusals(review, date(2027, 6, 7))}


def test_without_an_advance_copy_the_check_is_unmet(final: FinalReport) -> None:
    check = advance_check(final.review, date(2027, 6, 7))
    assert not check.met
    assert check.detail.startswith("The final report has not been sent to the Panel and the "
                                   "Secretary of State. Send the advance copy")


def test_a_newer_final_report_needs_a_new_advance_copy(
        final: FinalReport, business_manager: User, today_is: TodayIs) -> None:
    today_is(SENT)
    review = final.review
    actions.record_advance_copy(review, by=business_manager)
    with pytest.raises(ValidationError) as refused:
        actions.record_advance_copy(review, by=business_manager)
    assert "already went on 26 May 2027" in refused.value.messages[0]

    # A newer final report replaces it (as making it again would).
    FinalReport.objects.filter(pk=final.pk).update(replaced_at=timezone.now())
    newer = FinalReport.objects.get(pk=final.pk)
    newer.pk, newer.replaced_at, newer.produced_on = None, None, date(2027, 5, 26)
    newer.save()
    check = advance_check(review, date(2027, 6, 30))
    assert not check.met and "a newer final report was made since" in check.detail

    today_is(date(2027, 5, 28))
    copy = actions.record_advance_copy(review, by=business_manager)
    assert copy.final_report == newer
    assert copy.earliest_publication_on == date(2027, 6, 9)
    assert advance_check(review, date(2027, 6, 9)).met
    assert AdvanceCopy.objects.filter(review=review).count() == 2


@pytest.mark.parametrize(("sent_on", "words"), [
    ("future", "The date it was sent cannot be in the future"),
    (date(2026, 8, 31), "cannot be before 1 September 2026, when the final report was made"),
])
def test_a_date_in_the_future_or_before_the_final_report_is_refused(
        final: FinalReport, business_manager: User, sent_on: object, words: str) -> None:
    day = tomorrow() if sent_on == "future" else sent_on
    with pytest.raises(ValidationError) as refused:
        actions.record_advance_copy(final.review, by=business_manager,
                                    sent_on=day)  # type: ignore[arg-type]
    assert words in refused.value.message_dict["sent_on"][0]
    assert not AdvanceCopy.objects.exists()
    assert not Notice.objects.filter(purpose="the advance copy").exists()


def test_no_advance_copy_without_a_final_report(review: object, business_manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.record_advance_copy(review, by=business_manager)  # type: ignore[arg-type]
    assert refused.value.messages == [
        "There is no final report yet: the advance copy is the final report's PDF. Make the "
        "final report first, then record it."]
    assert not AdvanceCopy.objects.exists()
