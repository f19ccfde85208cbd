"""When a held report's process concludes, the business manager is alerted to release the hold:
an item on their home page, and one e-mail to the business unit however often the daily
reminders run."""

from datetime import date

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.holds import actions
from reviewdesk.holds.tests.conftest import BUSINESS_UNIT
from reviewdesk.notices.models import Notice
from reviewdesk.parallel import actions as parallel_actions
from reviewdesk.parallel.models import ParallelProcess, ProcessState
from reviewdesk.publication.models import Hold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.needs import needs_for
from reviewdesk.testing import ClientFor


def hold_on(review: Review, inquest: ParallelProcess, by: User) -> Hold:
    return actions.add_hold(review, by=by, process=inquest, reason="The inquest.",
                            decided_by="The partners", decided_on=date(2026, 11, 2))


def conclude(inquest: ParallelProcess, by: User) -> None:
    parallel_actions.record_process_status(inquest, by=by, state=ProcessState.CONCLUDED,
                                           effective_on=date(2026, 12, 1),
                                           outcome="A narrative conclusion.")


def release_alerts() -> list[Notice]:
    return list(Notice.objects.filter(purpose="a held report's process has concluded"))


def test_the_business_unit_is_told_once_and_the_home_page_asks_to_release(
        held_review: Review, inquest: ParallelProcess, business_manager: User, partner: User,
        client_for: ClientFor) -> None:
    hold = hold_on(held_review, inquest, business_manager)
    call_command("send_reminders", stdout=None)
    assert release_alerts() == []
    assert not [n for n in needs_for(business_manager, date(2026, 12, 5))
                if "release the hold" in n.what]

    conclude(inquest, business_manager)
    hold.refresh_from_db()
    assert hold.in_force
    for _ in range(3):
        call_command("send_reminders", stdout=None)
    alert, = release_alerts()
    assert alert.recipients == [BUSINESS_UNIT]
    assert alert.dedupe_key == f"publication-hold:{hold.pk}:process-concluded"
    assert "The inquest that the publication of review" in alert.body
    assert f"/reviews/{held_review.uuid}/publication/holds/" in alert.body
    hold.refresh_from_db()
    assert hold.release_alerted_on == timezone.localdate()
    assert AuditEvent.objects.filter(event_type="holds.release_alerted").count() == 1

    item, = [n for n in needs_for(business_manager, date(2026, 12, 5))
             if "release the hold" in n.what]
    assert item.what == ("Decide whether to release the hold on publication: the inquest it "
                         "waits for has concluded")
    assert item.need.url == reverse("holds:holds", args=[held_review.uuid]) + f"#hold-{hold.pk}"
    assert item.need.since == date(2026, 12, 1)
    assert not [n for n in needs_for(partner, date(2026, 12, 5)) if "release the hold" in n.what]
    home = client_for(business_manager).get(reverse("reviews:home"))
    assert "Decide whether to release the hold on publication" in home.content.decode()

    actions.release_hold(hold, by=business_manager)
    assert not [n for n in needs_for(business_manager, date(2026, 12, 5))
                if "release the hold" in n.what]
    call_command("send_reminders", stdout=None)
    assert len(release_alerts()) == 1


def test_a_hold_released_before_its_process_concludes_raises_no_alert(
        held_review: Review, inquest: ParallelProcess, business_manager: User) -> None:
    hold = hold_on(held_review, inquest, business_manager)
    actions.release_hold(hold, by=business_manager)
    conclude(inquest, business_manager)
    call_command("send_reminders", stdout=None)
    assert release_alerts() == []
