"""The demo's history for learning across reviews (``manage.py load_demo``, after the other apps'
demos); a second run adds nothing.

The demo's own reviews are all from this year, too few and too recent for the learning dashboard
to show a pattern. So the partnership's reviews of the previous two years are added as history:
concluded before it used Review Desk, each recorded with its incident (through the intake's own
action, so the register and its pseudonyms are real), the partners' decision, when the review
started and was completed (some late, with the reason), its findings and recommendations tagged
with themes, and the actions agreed on them in every state (impact shown, completed, closed with
reasons, in progress, overdue, a revised due date). Their stages and dates are history, written
directly: no transition could take a review to "closed" two years ago.

The pattern they show: information sharing and non-accidental injury in babies come back year
after year; parental substance use rises; child exploitation appears in the second year. At the
end the similar-reviews index is rebuilt for the whole partnership.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from reviewdesk.action_plan.models import (
    Action,
    ActionUpdate,
    DueDateRevision,
    Finding,
    PlanMeeting,
    Recommendation,
    ReviewTheme,
    Theme,
)
from reviewdesk.decisions.models import DecisionOutcome, Outcome
from reviewdesk.learning.search import index_partnership
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Clock, ClockKind, Incident, Review, ReviewKind, Stage

OUTCOMES: dict[str, str] = {ReviewKind.LOCAL_CSPR: Outcome.LOCAL_CSPR,
                            ReviewKind.LEARNING_REVIEW: Outcome.LEARNING_REVIEW,
                            ReviewKind.OTHER_LEARNING: Outcome.OTHER_LEARNING}
MARK = "Fictional demonstration case (history). "

INJURY, SHARING, SUBSTANCE, SLEEP, EXPLOITATION, VOICE, CURIOSITY, NEGLECT, DOMESTIC = (
    "Non-accidental injury", "Information sharing", "Parental substance use",
    "Sudden unexpected death in infancy / safe sleep", "Child exploitation",
    "Voice of the child", "Professional curiosity", "Neglect", "Domestic abuse")


@dataclass(frozen=True)
class Past:
    child: str
    born_years_before: int
    aware: tuple[int, int, int]  # (years ago, month, day)
    summary: str
    kind: str
    months_to_complete: int  # 0: not completed (still open, history of a long delay)
    delay: str = ""  # Clock.DelayReason, when it ran late
    themes: tuple[str, ...] = ()
    findings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    recommendations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Each action's state: impact, completed, closed, progress, overdue, revised.
    actions: tuple[str, ...] = field(default_factory=tuple)


HISTORY = [
    Past("Archie Lindqvist", 0, (2, 2, 9),
         "A baby of four months was taken to hospital with a fractured arm and bruising.",
         ReviewKind.LOCAL_CSPR, 6, themes=(INJURY, SHARING),
         findings=(("Bruising on a non-mobile baby was seen by a health visitor and a GP, and "
                    "neither referred it under the bruising protocol.", (INJURY,)),
                   ("The GP did not know the father's history of violence, which the police "
                    "held.", (SHARING, DOMESTIC))),
         recommendations=(("All health practitioners apply the bruising protocol to every "
                           "non-mobile baby.", (INJURY,)),
                          ("Police share domestic abuse incidents with the GP within one working "
                           "day.", (SHARING, DOMESTIC))),
         actions=("impact", "impact", "closed")),
    Past("Grace Pemberton", 6, (2, 5, 14),
         "A child of six living with a mother who misused alcohol was seriously neglected.",
         ReviewKind.LEARNING_REVIEW, 7, themes=(NEGLECT, SUBSTANCE),
         findings=(("The school saw the child hungry and unkempt for a year; concerns were "
                    "logged but not shared with children's social care.", (NEGLECT, SHARING)),
                   ("No one asked the child what home was like.", (VOICE,))),
         recommendations=(("Schools have one route to share cumulative neglect concerns.",
                           (NEGLECT, SHARING)),
                          ("Assessments record the child's own words.", (VOICE,))),
         actions=("impact", "completed")),
    Past("Theo Karlsson", 0, (2, 9, 3),
         "A baby died in the parents' bed after a night when both parents had been drinking.",
         ReviewKind.LOCAL_CSPR, 9, delay="inquest", themes=(SLEEP, SUBSTANCE),
         findings=(("Safe sleep advice was given once, at birth, and not repeated when the "
                    "family's circumstances changed.", (SLEEP,)),
                   ("The father's drinking was known to the substance misuse service but not to "
                    "the health visitor.", (SUBSTANCE, SHARING))),
         recommendations=(("Safe sleep advice is repeated at every contact in the first year, "
                           "and when circumstances change.", (SLEEP,)),
                          ("Substance misuse services tell the health visitor when a parent of "
                           "a baby is in treatment.", (SUBSTANCE, SHARING))),
         actions=("completed", "revised", "impact")),
    Past("Ellie Vantongeren", 3, (2, 11, 20),
         "A child of three was admitted to hospital with injuries that could not be explained.",
         ReviewKind.OTHER_LEARNING, 5, themes=(INJURY, CURIOSITY),
         findings=(("Practitioners accepted the mother's account of a fall without asking who "
                    "else cared for the child.", (CURIOSITY, INJURY)),),
         recommendations=(("Practitioners ask about every adult in the household.",
                           (CURIOSITY,)),),
         actions=("closed",)),
    Past("Kai Mensah-Booth", 15, (1, 1, 16),
         "A teenager went missing repeatedly and was found seriously hurt after being exploited "
         "by adults outside the home.",
         ReviewKind.LOCAL_CSPR, 8, delay="police_investigation",
         themes=(EXPLOITATION, SHARING),
         findings=(("Each missing episode was treated alone; no agency saw the pattern.",
                    (EXPLOITATION, SHARING)),
                   ("The return home interviews did not record what the young person said.",
                    (VOICE, EXPLOITATION))),
         recommendations=(("A multi-agency exploitation panel reviews every young person "
                           "missing three times in 90 days.", (EXPLOITATION, SHARING)),
                          ("Return home interviews record the young person's own words.",
                           (VOICE,))),
         actions=("impact", "progress", "overdue")),
    Past("Freya Oyelaran", 0, (1, 3, 2),
         "A baby of ten weeks was found to have rib fractures of different ages.",
         ReviewKind.LOCAL_CSPR, 6, themes=(INJURY, SHARING),
         findings=(("The maternity unit's concerns about the father did not reach the health "
                    "visitor.", (SHARING, INJURY)),
                   ("Bruising on the baby's ear was not referred: the bruising protocol was not "
                    "followed.", (INJURY,))),
         recommendations=(("Maternity and health visiting share a single record of concerns.",
                           (SHARING,)),
                          ("The bruising protocol is audited every six months.", (INJURY,))),
         actions=("completed", "overdue", "revised")),
    Past("Jayden Marchbank", 16, (1, 6, 11),
         "A looked-after teenager was seriously hurt after being drawn into county lines.",
         ReviewKind.LEARNING_REVIEW, 0, delay="court_proceedings",
         themes=(EXPLOITATION, SUBSTANCE),
         findings=(("The placement did not know of the young person's cannabis debts, which "
                    "the youth justice service knew.", (EXPLOITATION, SUBSTANCE, SHARING)),),
         recommendations=(("Placements receive the youth justice service's risk information "
                           "on the day of placement.", (SHARING, EXPLOITATION)),),
         actions=("progress", "overdue")),
    Past("Mila Hargreaves", 5, (1, 8, 25),
         "A child of five living with two parents who misused drugs was seriously harmed.",
         ReviewKind.LOCAL_CSPR, 6, themes=(SUBSTANCE, NEGLECT, SHARING),
         findings=(("Drug use by both parents was known to the substance misuse service and "
                    "the GP, but not shared with the school.", (SUBSTANCE, SHARING)),
                   ("Escalation between agencies stalled for four months.", (SHARING,))),
         recommendations=(("Substance misuse services share with schools when a parent of a "
                           "pupil is in treatment, with consent or where risk requires.",
                           (SUBSTANCE, SHARING)),),
         actions=("progress", "completed")),
]


def _aware(past: Past, today: date) -> date:
    years_ago, month, day = past.aware
    return date(today.year - years_ago, month, day)


def load(command: Any) -> None:
    if Review.objects.filter(partnership=command.kv,
                             incidents__summary__startswith=MARK).exists():
        return
    today = timezone.localdate()
    for past in HISTORY:
        _history(command, past, today)
    index_partnership(command.kv.pk)


def _history(command: Any, past: Past, today: date) -> Review:
    bm = command.bm
    aware = _aware(past, today)
    review = review_actions.record_incident(
        command.kv, by=bm, children=[{"name": past.child,
                                      "date_of_birth": aware - relativedelta(
                                          years=past.born_years_before, months=3),
                                      "looked_after": False}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=aware - timedelta(1),
        la_aware_on=aware, summary=MARK + past.summary, agencies=command.agencies[:4])
    review.clocks.filter(kind=ClockKind.PANEL_NOTIFICATION).update(met_on=aware + timedelta(2))
    review.clocks.filter(kind=ClockKind.RAPID_REVIEW).update(met_on=aware + timedelta(20))
    initiated = aware + timedelta(27)
    DecisionOutcome.objects.create(
        review=review, outcome=OUTCOMES[past.kind],
        route=DecisionOutcome.Route.AGREEMENT, decided_on=initiated,
        reasons="The criteria for a review were met.", review_kind=past.kind, recorded_by=bm)
    due = initiated + relativedelta(months=6)
    # History: completed at least six weeks ago, whenever the demo is loaded.
    completed = (min(initiated + relativedelta(months=past.months_to_complete, days=-3),
                     today - timedelta(42)) if past.months_to_complete else None)
    Clock.objects.create(
        review=review, kind=ClockKind.REVIEW_COMPLETION, started_on=initiated, due_on=due,
        met_on=completed, owed_by="The lead reviewer and the CSPR subgroup",
        rule_source="Working Together to Safeguard Children 2023",
        rule_text="Six months from the decision to initiate",
        revised_due_on=(due + relativedelta(months=4)) if past.delay else None,
        delay_reason=past.delay,
        delay_detail="The review waited for the parallel process to end." if past.delay else "")
    # Closed only when every action has shown its impact or was closed with reasons, as closing
    # a review requires.
    stage = Stage.CLOSED if completed and set(past.actions) <= {"impact", "closed"} \
        else Stage.ACTION_PLAN
    if not completed:
        stage = Stage.FAMILY
    Review.objects.filter(pk=review.pk).update(
        kind=past.kind, stage=stage, initiated_on=initiated,
        stage_since=min(completed or initiated, today),
        closed_reason="Every action showed impact or was closed with reasons."
        if stage == Stage.CLOSED else "")
    review.refresh_from_db()
    themes = {t.name: t for t in Theme.objects.filter(partnership=command.kv)}
    ReviewTheme.objects.bulk_create([ReviewTheme(review=review, theme=themes[n], recorded_by=bm)
                                     for n in past.themes])
    for number, (text, tags) in enumerate(past.findings, start=1):
        finding = Finding.objects.create(review=review, number=number, text=text,
                                         recorded_by=bm)
        finding.themes.set([themes[n] for n in tags])
    recommendations = []
    for number, (text, tags) in enumerate(past.recommendations, start=1):
        recommendation = Recommendation.objects.create(review=review, number=number, text=text,
                                                       recorded_by=bm)
        recommendation.themes.set([themes[n] for n in tags])
        recommendation.findings.set(Finding.objects.filter(review=review, number=number))
        recommendations.append(recommendation)
    if past.actions and completed:
        _actions(command, review, past, completed, recommendations, today)
    return review


def _actions(command: Any, review: Review, past: Past, completed: date,
             recommendations: list[Recommendation], today: date) -> None:
    bm = command.bm
    agreed = min(completed + timedelta(21), today)
    meeting = PlanMeeting.objects.create(
        partnership=command.kv, review=review, kind=PlanMeeting.Kind.EXTRAORDINARY,
        held_on=agreed, recorded_by=bm, notes="Agreed the action plan.")
    meeting.attendees.set([command.people["subgroup.member"], command.people["subgroup.health"],
                           bm])
    monitoring = PlanMeeting.objects.create(
        partnership=command.kv, kind=PlanMeeting.Kind.MONITORING,
        held_on=min(agreed + relativedelta(months=10), today), recorded_by=bm,
        notes="Accepted impact shown against the success criteria.")
    owners = [command.people["subgroup.health"], command.people["subgroup.member"], None]
    for number, state in enumerate(past.actions, start=1):
        recommendation = recommendations[(number - 1) % len(recommendations)]
        due = {"overdue": today - timedelta(40), "progress": today + timedelta(60),
               "revised": today + timedelta(90)}.get(state, agreed + relativedelta(months=4))
        original = today - timedelta(20) if state == "revised" else due
        owner = owners[(number - 1) % len(owners)]
        agency = command.agencies[(number + 1) % len(command.agencies)]
        status = {"impact": Action.Status.IMPACT_SHOWN, "completed": Action.Status.COMPLETED,
                  "closed": Action.Status.CLOSED}.get(state, Action.Status.IN_PROGRESS)
        if state == "overdue" and number % 2:
            status = Action.Status.NOT_STARTED
        done_on = due - timedelta(10) if status in {Action.Status.IMPACT_SHOWN,
                                                    Action.Status.COMPLETED} else None
        action = Action.objects.create(
            review=review, number=number, agreed_at=meeting, agreed_on=agreed,
            description=f"Act on recommendation {recommendation.number}: "
                        f"{recommendation.text[0].lower()}{recommendation.text[1:]}",
            agency=agency, owner=owner,
            owner_name="" if owner else "Dr Nia Rowlands (named GP for safeguarding)",
            owner_email="" if owner else "nia.rowlands@example.test",
            due_on=due, original_due_on=original,
            success_criteria="The audit finds the practice in at least 90% of cases.",
            impact_measure="Cases audited where the practice was followed.",
            impact_source="The partnership's multi-agency audit.",
            impact_assessed_on=due + relativedelta(months=6), status=status,
            completed_on=done_on,
            completion_evidence="Training delivered and the policy changed." if done_on else "",
            impact_evidence=("The audit of 40 cases found the practice in 37."
                             if status == Action.Status.IMPACT_SHOWN else ""),
            impact_accepted_at=monitoring if status == Action.Status.IMPACT_SHOWN else None,
            closed_reason=("Overtaken by the national bruising protocol."
                           if status == Action.Status.CLOSED else ""),
            last_update_on=min(agreed + timedelta(60), today) if state != "overdue" else None,
            recorded_by=bm)
        action.recommendations.set([recommendation])
        if state == "revised":
            DueDateRevision.objects.create(
                action=action, previous_due_on=original, new_due_on=due, decided_on=today,
                reason="The training provider cancelled; the next course is in three months.",
                recorded_by=bm)
        if state in {"progress", "revised", "completed", "impact"}:
            ActionUpdate.objects.create(
                action=action, kind=ActionUpdate.Kind.PROGRESS,
                written_on=min(agreed + timedelta(60), today),
                text="Half the teams have been trained.", recorded_by=bm)
