"""The demo's support for staff (``manage.py load_demo``), through the actions.

The agencies that told the partnership about their staff support (load_demo's STAFF_SUPPORT) have
their service set; the executive group's chair is the senior contact (they do not see the
review at the chronology stage, so the demo shows them the one request and nothing else). On the
chronology-stage review (the staff demo, which runs first, puts its practitioners there):
offers in each state, a request asked and answered, one not answered in time and escalated, and
a manager's team session. Without practitioners there (the staff demo not loaded) only the
settings are made.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.reviews.models import ReviewRole, Task
from reviewdesk.staff.models import Practitioner, SupportOffer, SupportRequest
from reviewdesk.support import actions

CHRONOLOGY = 7  # load_demo's plans: the review at the chronology stage


def load(command: Any) -> None:
    bm = command.bm
    for agency in command.agencies:
        if agency.staff_support:
            name, _, how = agency.staff_support.partition(", ")
            actions.set_support_service(agency, by=bm, name=name, how_to_reach=how or name)
    actions.set_escalation_contact(command.kv, by=bm, person=command.people["executive"])
    review = command.reviews.get(CHRONOLOGY)
    found = list(Practitioner.objects.filter(review=review, membership__ended_at__isnull=True)
                 .select_related("person", "review__partnership")) if review else []
    if not found:
        command.stdout.write("Support demo: no practitioners on the chronology review; "
                             "services and the senior contact only.")
        return
    today = timezone.localdate()
    states = [(SupportOffer.Source.PARTNERSHIP, None, today + timedelta(days=10)),
              (SupportOffer.Source.AGENCY_SERVICE, SupportOffer.Status.TAKEN_UP, None),
              (SupportOffer.Source.LINE_MANAGER, SupportOffer.Status.DECLINED,
               today - timedelta(days=1))]
    for practitioner, (source, status, follow_up) in zip(found, states, strict=False):
        offer = actions.offer_support(practitioner, by=bm, source=source,
                                      offered_on=today - timedelta(days=21),
                                      follow_up_on=follow_up,
                                      note="Offered when they were told about the review.")
        if status is not None:
            actions.record_offer_outcome(offer, by=bm, status=status,
                                         status_on=today - timedelta(days=14),
                                         follow_up_on=follow_up)
    asker = found[0]
    asked = actions.ask_for_support(
        asker, by=asker.person,
        text="My manager is on leave and I keep going over the visits in my head. I would like "
             "to talk to someone outside my team.")
    actions.answer_support_request(
        asked, by=bm, action_taken="Rang the agency's support service and the deputy manager.",
        answer="The Staff Psychological Support team will ring you tomorrow morning, and your "
               "deputy manager will meet you on Thursday.")
    late = found[min(1, len(found) - 1)]
    overdue = actions.ask_for_support(
        late, by=late.person, text="I was told I would hear about counselling and have not.")
    # Demo only: the request is made a week old, so its escalation can be shown (the actions
    # date a request today, as the practitioner asks it).
    week_ago = today - timedelta(days=7)
    SupportRequest.objects.filter(pk=overdue.pk).update(asked_on=week_ago)
    Task.objects.filter(pk=overdue.task.pk if overdue.task else 0).update(
        due_on=add_working_days(week_ago, 2))
    actions.escalate_support_request(overdue, today=today)
    managers = {p.manager for p in found if p.manager is not None
                and review.memberships.filter(person=p.manager, role=ReviewRole.MANAGER,
                                              ended_at__isnull=True).exists()}
    for manager in list(managers)[:1]:
        actions.record_team_session(review, by=manager, held_on=today - timedelta(days=5))
