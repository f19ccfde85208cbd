"""The demo's progress on actions (``manage.py load_demo``, after the action plan's demo, which
agrees the actions at each state), all through the actions; a second run adds nothing.

The CSPR subgroup held a monitoring meeting a fortnight ago (Samir Grewal, Rhian Pell and the
business manager, with the police's head of safeguarding typed in). Each action in progress with
no update yet gets its owner's progress update a month ago, with a short evidence file (a
training register), so its page and the monitoring view show a history. What else each action
shows (completed, impact shown, overdue, a revised date) is the action plan's demo's.

Child R's plan shows every state: impact shown, overdue, due soon with no update (amber), on
track, a revised date, closed with reasons. Child S's actions all show their impact, accepted at
the monitoring meeting, and the review is closed a week ago.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.demo import ALL_DONE, UNDER_WAY
from reviewdesk.action_plan.models import Action, ActionUpdate, PlanMeeting
from reviewdesk.progress import actions
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, Stage

AUDIT = b"Record,Protocol followed\n1,yes\n2,yes\n3,no\n4,yes\n"
REGISTER = (b"Session,Date,Attended\nBruising protocol briefing (health visiting),"
            b"2026-10-14,23\nBruising protocol briefing (GP practices),2026-10-21,17\n")


def _plan(command: Any, index: int) -> tuple[Review | None, dict[int, Action]]:
    if index not in getattr(command, "reviews", {}):
        return None, {}
    review = Review.objects.get(pk=command.reviews[index].pk)
    return review, {a.number: a for a in Action.objects.filter(review=review)
                    .select_related("review", "owner")}


def _done(action: Action, bm: User, meeting: PlanMeeting, completed_on: date,
          evidence: str, impact: str) -> None:
    """Completed on ``completed_on`` with its evidence, the impact evidence later, and the
    impact accepted at the monitoring meeting."""
    today = timezone.localdate()
    actions.post_update(action, by=bm, written_on=min(completed_on - timedelta(days=30), today),
                        text="Under way: the first steps agreed with the agency's leads.")
    action.refresh_from_db()
    actions.complete(action, by=bm, completed_on=min(completed_on, today), evidence=evidence)
    action.refresh_from_db()
    actions.add_impact_evidence(action, by=bm, evidence=impact,
                                written_on=min(completed_on + timedelta(days=60), today))
    action.refresh_from_db()
    actions.accept_impact(action, by=bm, meeting=meeting,
                          note="The subgroup saw the figures and accepted them.")


def stories(command: Any, meeting: PlanMeeting) -> None:
    """Child R's plan in every state, and Child S's all shown to have worked, then closed."""
    bm: User = command.bm
    today = timezone.localdate()
    review, plan = _plan(command, UNDER_WAY)
    if review is not None and plan and not ActionUpdate.objects.filter(
            action__review=review, kind=ActionUpdate.Kind.PROGRESS).exists():
        first = plan[1]
        _done(first, bm, meeting, first.agreed_on + timedelta(days=80),
              "The protocol was agreed by all three partners and published on the partnership's "
              "website; every agency's procedures now link to it.",
              "In the last two quarters every bruised non-mobile baby (14) was referred the same "
              "day, against 9 of 15 in the year before the review.")
        # Training of GP leads: one update long ago, then nothing; now past its due date.
        actions.post_update(plan[3], by=bm, written_on=min(plan[3].agreed_on + timedelta(
            days=60), today), text="Dates set for two training sessions in the spring.")
        # The partnership's course: updated a fortnight ago, due next year (on track).
        actions.post_update(plan[6], by=bm, written_on=today - timedelta(days=14),
                            text="The protocol is in the draft of next year's course plan.")
        # The audit, its due date revised: started, with the first sample.
        actions.post_update(plan[2], by=bm, written_on=today - timedelta(days=10),
                            text="First 20 records audited: the protocol followed in 17.",
                            files=[actions.Upload("audit-sample.csv", AUDIT)])
    review, plan = _plan(command, ALL_DONE)
    if review is not None and plan and review.stage == Stage.ACTION_PLAN and all(
            a.status == Action.Status.NOT_STARTED for a in plan.values()):
        for _number, action in sorted(plan.items()):
            _done(action, bm, meeting, action.due_on - timedelta(days=10),
                  "Done as agreed: the record of it is with the subgroup's papers.",
                  "The measure agreed at the meeting has been met for two quarters running.")
        transitions.move(review, "close_review", by=bm, effective_on=today - timedelta(days=7),
                         reason="Every action has shown its impact; the subgroup agreed the "
                                "review can close.")


def load(command: Any) -> None:
    bm = command.bm
    if bm is None or bm.partnership_id is None:
        return
    today = timezone.localdate()
    if not PlanMeeting.objects.filter(partnership_id=bm.partnership_id,
                                      kind=PlanMeeting.Kind.MONITORING).exists():
        people = [p for key, p in getattr(command, "people", {}).items()
                  if key in {"subgroup.member", "subgroup.health", "business.manager"}]
        actions.record_monitoring_meeting(
            by=bm, held_on=today - timedelta(days=14), attendees=people or [bm],
            other_attendees="Head of Safeguarding, West Kirkvale Police",
            notes="Reviewed every open action; the overdue ones were escalated to partners.")
    meeting = PlanMeeting.objects.filter(partnership_id=bm.partnership_id,
                                         kind=PlanMeeting.Kind.MONITORING).order_by(
        "-held_on").first()
    if meeting is not None:
        stories(command, meeting)
    reviews = {r.pk for r in getattr(command, "reviews", {}).values()}
    waiting = Action.objects.filter(status=Action.Status.IN_PROGRESS, updates__isnull=True,
                                    review__in=reviews).select_related("review", "owner")
    for action in waiting:
        written_on = max(action.agreed_on, today - timedelta(days=30))
        by = action.owner if action.owner is not None and action.owner.is_active else bm
        actions.post_update(
            action, by=by, written_on=written_on,
            text="Briefings on the revised protocol held for health visiting and GP "
                 "practices; the audit of records starts next month.",
            files=[actions.Upload("training-register.csv", REGISTER)])
