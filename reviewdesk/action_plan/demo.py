"""The demo's action plan (``manage.py load_demo``), through the actions; a second run adds
nothing.

Review 9 runs late (its completion deadline was delayed for the criminal trial, with interim
learning recorded: health visiting now checks who lives in the home at every new-birth visit).
The CSPR subgroup did not wait for the report: a month ago it held an extraordinary meeting and
agreed an action on that learning, owned by the health visiting service's named nurse (who has
a sign-in), due in two months, on track.

Child R's and Child S's reviews are past their reports: each had its extraordinary meeting a
fortnight into the action plan stage, with actions on its recommendations (PLANS).
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from reviewdesk.action_plan import actions
from reviewdesk.action_plan.models import Action, PlanMeeting
from reviewdesk.reviews.models import Review, Stage

RUNNING_LATE = 9  # the demo review's index (load_demo's plans)
# Reviews past their reports (load_demo's plans): Child R's plan under way, Child S's all done
# (the progress demo completes it, the subgroup accepts the impact and closes the review).
UNDER_WAY, ALL_DONE = 17, 18


@dataclass(frozen=True)
class Planned:
    description: str
    agency: int  # index in load_demo's AGENCIES
    owner: str  # a demo person's key, or "" for the named owner without a sign-in
    due_in: int  # days after the meeting
    success: str
    measure: str
    source: str


PLANS = {
    UNDER_WAY: [
        Planned("Adopt one bruising protocol for non-mobile babies across health visiting, GP "
                "practices and children's social care.", 3, "subgroup.health", 95,
                "Every agency's staff use the same protocol; every bruised non-mobile baby is "
                "referred to children's social care the same day.",
                "Referrals of bruised non-mobile babies made the same day.",
                "Children's social care front door data, each quarter."),
        Planned("Audit health visiting records of babies under six months for the protocol's "
                "use.", 3, "", 240,
                "The audit covers 50 records and finds the protocol followed in at least 90%.",
                "Records where the protocol was followed.", "The named nurse's record audit."),
        Planned("Train every GP practice's safeguarding lead in the bruising protocol.", 2,
                "health.partner", 270,
                "Every GP practice has a trained safeguarding lead.",
                "Practices with a trained lead.", "The ICB's training records."),
        Planned("Hold a strategy discussion for every bruised non-mobile baby referred, whatever "
                "the explanation given.", 0, "social.worker", 300,
                "A strategy discussion is held for every such referral.",
                "Referrals with a strategy discussion within two working days.",
                "Children's social care case audit."),
        Planned("Share the learning with early years settings through a newsletter article.", 4,
                "subgroup.member", 120,
                "Every early years setting receives the article.", "Settings reached.",
                "The education team's mailing list."),
        Planned("Add the protocol to the partnership's multi-agency training programme.", 6,
                "learning", 420,
                "The protocol is part of every multi-agency safeguarding course.",
                "Courses that include it.", "The L&D subgroup's course plans."),
    ],
    ALL_DONE: [
        Planned("Create one shared record of each missing episode that every agency can see.",
                0, "social.worker", 120,
                "Every missing episode is on the shared record within one working day.",
                "Episodes recorded within one working day.", "The missing children's team's "
                "monthly report."),
        Planned("Send every return home interview to the child's school and the police.", 1,
                "agency.author", 150,
                "Every interview reaches the school and the police within five working days.",
                "Interviews shared within five working days.", "Quarterly dip sample."),
        Planned("Write a partnership protocol for children who go missing often.", 4,
                "subgroup.member", 200,
                "The protocol is agreed by the executive group.", "Protocol agreed.",
                "Executive group minutes."),
    ],
}


def load(command: Any) -> None:
    interim_action(command)
    for index in PLANS:
        agreed_plan(command, index)


def agreed_plan(command: Any, index: int) -> list[Action]:
    """The extraordinary meeting a fortnight after the action plan stage started, and its
    actions; on Child R's plan one due date revised and one action closed with reasons."""
    if index not in command.reviews:
        return []
    review = Review.objects.get(pk=command.reviews[index].pk)
    if review.stage != Stage.ACTION_PLAN or Action.objects.filter(review=review).exists():
        return []
    recommendations = list(review.recommendations.filter(removed_at__isnull=True))
    if not recommendations:
        return []
    today = timezone.localdate()
    held_on = min(review.stage_since + timedelta(days=14), today)
    people = command.people
    meeting = actions.record_meeting(
        review, by=command.bm, held_on=held_on,
        attendees=[p for p in (command.bm, people.get("subgroup.member"),
                               people.get("subgroup.health")) if p],
        other_attendees="Head of Safeguarding, West Kirkvale Police\nLead reviewer",
        notes="Extraordinary meeting at the review's conclusion: actions agreed with partners.")
    agencies = list(command.agencies)
    made = []
    for n, planned in enumerate(PLANS[index]):
        owner = people.get(planned.owner) if planned.owner else None
        made.append(actions.agree_action(
            review, by=command.bm, meeting=meeting, due_on=held_on + timedelta(days=planned.due_in),
            terms=actions.ActionTerms(
                description=planned.description, agency=agencies[planned.agency],
                recommendations=[recommendations[n % len(recommendations)]],
                owner=owner, owner_name="" if owner else "Named nurse for safeguarding children",
                owner_email="" if owner else "named.nurse@demo.reviewdesk.invalid",
                success_criteria=planned.success, impact_measure=planned.measure,
                impact_source=planned.source,
                impact_assessed_on=held_on + timedelta(days=planned.due_in + 90))))
    if index == UNDER_WAY:
        audit = made[1]
        decided_on = min(audit.due_on - timedelta(days=20), today)
        actions.revise_due_date(
            audit, by=command.bm, new_due_on=audit.due_on + timedelta(days=90),
            reason="The named nurse was on long-term leave; the audit starts on her return.",
            decided_on=decided_on)
        actions.close_action(
            made[4], by=command.bm, closed_on=min(held_on + timedelta(days=60), today),
            reason="Overtaken: the L&D subgroup's briefings reached every early years setting.")
    return made


def interim_action(command: Any) -> Action | None:
    if RUNNING_LATE not in command.reviews:
        return None
    review = Review.objects.get(pk=command.reviews[RUNNING_LATE].pk)
    clocks = actions.interim_clocks(review)
    if not clocks or Action.objects.filter(review=review).exists():
        return None
    today = timezone.localdate()
    nurse = command.people.get("subgroup.health")
    meeting = PlanMeeting.objects.filter(review=review).first() or actions.record_meeting(
        review, by=command.bm, held_on=today - timedelta(days=30),
        attendees=[p for p in (command.bm, nurse, command.people.get("subgroup.member")) if p],
        other_attendees="Designated doctor, Kirkvale ICB",
        notes="Agreed on the interim learning while the review waits for the criminal trial.")
    agency = (nurse.agency if nurse and nurse.agency else None) or review.partnership.agencies \
        .filter(is_active=True).first()
    return actions.agree_action(
        review, by=command.bm, meeting=meeting, due_on=today + timedelta(days=60),
        terms=actions.ActionTerms(
            description="Add 'who else lives in the home?' to the new-birth visit template and "
                        "train every health visitor to ask it.",
            agency=agency, recommendations=[], interim_learning=clocks[0],
            owner=nurse if nurse else None, owner_name="" if nurse else "Named nurse",
            owner_email="" if nurse else "named.nurse@demo.reviewdesk.invalid",
            success_criteria="Every new-birth visit record says who else lives in the home.",
            impact_measure="New-birth visit records naming every adult in the household.",
            impact_source="The health visiting service's monthly record audit.",
            impact_assessed_on=today + timedelta(days=240)))
