"""The rapid review part of the demo (``manage.py load_demo``): this app starts every rapid
review (with its plan) and, before a review's rapid review is marked complete, keeps its whole
record. Everything here is fictional.

* Reviews 0 and 1 (notification): review 0's notifications recorded; review 1's Panel
  notification is overdue and left unrecorded.
* Review 2 (rapid review, a looked-after child's death): Ofsted told, the Secretary of State not
  yet; the plan; the police's summary sent, social care's accepted, the ICB's not yet due; a
  meeting; the record begun.
* Review 3 (rapid review, overdue): the police's summary overdue, chased and escalated; the other
  two accepted; a meeting; the record part-way.
* Reviews 4 onwards (past the rapid review, review 4 over Christmas 2025): everything recorded,
  the record complete, signed off by the three partners and sent to the Panel (the rapid review
  deadline met that day).
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.lib.workingdays import add_working_days, is_working_day
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.rapid_review import actions, chasers
from reviewdesk.rapid_review.models import Meeting, RapidReviewRecord, SignOff, SummaryRequest
from reviewdesk.rapid_review.selectors import SIGN_OFF
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.demo_stories import words_for
from reviewdesk.reviews.models import (
    ClockKind,
    IdentityEntry,
    Review,
    ReviewRole,
    Stage,
    TimelineEntry,
)

PASSWORD = "demo-review-desk-2026"
# Named contacts for the agencies' summaries, beside the demo's police author (agency index).
CONTACTS = [
    ("safeguarding.lead", "Nadia Holt", "Safeguarding Lead", 0),
    ("designated.doctor", "Dr Tomasz Wren", "Designated Doctor", 2),
]


def people(command: Any) -> None:
    people = command.people
    domain = people["business.manager"].email.split("@", 1)[1]
    for key, name, title, agency in CONTACTS:
        if key not in people:
            people[key] = User.objects.create_user(
                f"{key}@{domain}", PASSWORD, full_name=name, job_title=title,
                partnership=command.kv, agency=command.agencies[agency])


def before_step(command: Any, index: int, review: Review, name: str, on: date,
                **details: Any) -> None:
    if name == "start_rapid_review":  # this app's step: the plan is made with it
        actions.start_rapid_review(review, by=command.bm, effective_on=on)
    elif name == "complete_rapid_review":
        Demo(command).completed(review, done=on)


def load(command: Any) -> None:
    Demo(command).load()


class Demo:
    def __init__(self, command: Any):
        self.bm = command.bm
        self.people = command.people
        self.agencies = command.agencies
        self.reviews: dict[int, Review] = command.reviews
        self.today = timezone.localdate()

    @property
    def contacts(self) -> list[tuple[Any, User]]:
        p, a = self.people, self.agencies
        return [(a[1], p["agency.author"]), (a[0], p["safeguarding.lead"]),
                (a[2], p["designated.doctor"])]

    def load(self) -> None:
        for index, review in sorted(self.reviews.items()):
            review.refresh_from_db()  # its history has moved it on since it was made
            with transaction.atomic():
                if index != 1:  # review 1's Panel notification is overdue
                    self.notify(review, secretary_of_state=index != 2)
                if index == 2:
                    self.in_progress(review, overdue=False)
                elif index == 3:
                    self.in_progress(review, overdue=True)

    # --- helpers ------------------------------------------------------------------------------

    def clamp(self, day: date, earliest: date, latest: date | None = None) -> date:
        return max(earliest, min(day, latest or self.today, self.today))

    def working_days_ago(self, n: int) -> date:
        day = self.today
        while n > 0:
            day -= timedelta(days=1)
            n -= is_working_day(day)
        return day

    def stage_date(self, review: Review, stage: str) -> date | None:
        entry = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED,
                                       to_stage=stage).order_by("effective_on").first()
        return entry.effective_on if entry else None

    def redate(self, review: Review, title: str, day: date) -> None:
        """Demo history happened on earlier days than the day it is loaded."""
        review.timeline.filter(title=title).update(effective_on=day)

    def child_name(self, review: Review) -> str:
        return review.identities.filter(kind=IdentityEntry.Kind.CHILD).first().real_name

    # --- the parts ------------------------------------------------------------------------------

    def notify(self, review: Review, secretary_of_state: bool) -> None:
        incident = review.incidents.get()
        clock = review.clocks.get(incident=incident, kind=ClockKind.PANEL_NOTIFICATION)
        panel_on = clock.met_on or self.clamp(add_working_days(incident.la_aware_on, 2),
                                              incident.la_aware_on)
        values = {"panel_notified_on": panel_on,
                  "panel_reference": f"NCSPRP-{incident.la_aware_on:%y}-{4100 + review.pk * 37}",
                  "partners_told_on": max(incident.la_aware_on, panel_on - timedelta(days=1))}
        children = list(incident.children.all())
        if incident.what_happened == "death" and any(c.looked_after for c in children):
            values["ofsted_notified_on"] = panel_on
            if secretary_of_state:
                values["secretary_of_state_notified_on"] = panel_on
        actions.record_notification(incident, by=self.bm, **values)

    def start(self, review: Review) -> date:
        started = self.stage_date(review, Stage.RAPID_REVIEW)
        actions.create_plan(review, by=self.bm, owner=self.bm, started_on=started)
        return started

    def in_progress(self, review: Review, overdue: bool) -> None:
        """Reviews 2 and 3: the rapid review under way."""
        started = self.start(review)
        plan = {t.key: t for t in review.tasks.all()}
        asked = self.contacts if overdue else self.contacts[:2]
        due = plan["rapid-review-agencies-reply"].due_on
        items = actions.request_summaries(review, by=self.bm, contacts=asked,
                                          due_on=max(due, started), requested_on=started)
        for title in {f"Agency summary requested from {a.name}" for a, _c in asked}:
            self.redate(review, title, started)
        self.redate(review, f"Done: {plan['rapid-review-request-summaries'].title}", started)
        review.tasks.filter(pk=plan["rapid-review-request-summaries"].pk).update(done_on=started)
        police, social_care = items[0], items[1]
        sent_on = self.clamp(due - timedelta(days=1), started)
        for item in ([social_care] if not overdue else items[1:]):
            self.send(item, sent_on, accept=True)
        if overdue:
            # The police's summary is long overdue: chased now, and escalated to the business
            # manager and the police's subgroup representative by the daily reminders.
            actions.chase_summary(police, by=self.bm)
            for reminder in chasers.summary_reminders(self.today):
                if reminder.review.pk == review.pk:
                    queue_from_template(
                        reminder.review, reminder.template_key, dedupe_key=reminder.dedupe_key,
                        recipient_label=reminder.recipient_label, recipients=reminder.recipients,
                        extra=reminder.extra, purpose=f"reminder:{reminder.template_key}")
        else:
            self.send(police, self.today, accept=False)
            ask_later = self.working_days_ago(1)
            actions.request_summaries(review, by=self.bm, contacts=self.contacts[2:],
                                      due_on=add_working_days(self.today, 2),
                                      requested_on=max(ask_later, started))
        held_on = self.clamp(plan["rapid-review-meeting"].due_on, started)
        self.meeting(review, held_on)
        child = self.child_name(review)
        actions.save_record(
            review, by=self.bm,
            facts_established=f"{child} was known to three agencies. The summaries received so "
                              "far agree on the events of the week before the incident.",
            **({"criterion_a": "met", "evidence_a": "Health and children's social care held "
                "different information about who lived in the home.",
                "criterion_c": "unclear", "evidence_c": "Waiting for the police summary."}
               if overdue else {}))

    def send(self, item: SummaryRequest, on: date, accept: bool) -> None:
        child = self.child_name(item.review)
        actions.submit_summary(
            item, by=item.contact,
            what_known=f"{item.agency.name} had contact with {child} and the family in the "
                       "three months before the incident (fictional demonstration summary).",
            immediate_actions="Checked that the siblings are safe; safety plan agreed.",
            early_learning="Information about a new adult in the household was not shared.")
        SummaryRequest.objects.filter(pk=item.pk).update(submitted_on=on)
        self.redate(item.review, f"Agency summary received from {item.agency.name}", on)
        if accept:
            actions.accept_summary(item, by=self.bm, accepted_on=on)

    def meeting(self, review: Review, held_on: date) -> Meeting:
        p = self.people
        return actions.record_meeting(
            review, by=self.bm, held_on=held_on,
            attendees=[self.bm, p["la.partner"], p["health.partner"], p["police.partner"],
                       p["subgroup.member"], p["subgroup.health"]],
            other_attendees="Named GP for safeguarding, Kirkvale Medical Group",
            notes="Each agency's summary was discussed in turn (fictional demonstration notes).",
            immediate_actions="Children's social care to complete a strategy discussion for the "
                              "siblings; the GP to see each of them within 48 hours.")

    def completed(self, review: Review, done: date) -> None:
        """Before the rapid review is marked complete on ``done``: its whole record."""
        started = self.start(review)
        p = self.people
        for agency, contact in self.contacts:
            if not review.memberships.filter(person=contact, role=ReviewRole.AGENCY_AUTHOR,
                                             ended_at__isnull=True).exists():
                review_actions.add_member(review, contact, ReviewRole.AGENCY_AUTHOR, by=self.bm,
                                          started_on=started, agency=agency)
            sent = self.clamp(add_working_days(started, 3), started, done)
            SummaryRequest.objects.create(
                review=review, agency=agency, contact=contact, requested_by=self.bm,
                requested_on=started, due_on=add_working_days(started, 4),
                state=SummaryRequest.State.ACCEPTED, submitted_on=sent, submitted_by=contact,
                checked_on=sent,
                submitted_at=timezone.now(), checked_by=self.bm, checked_at=timezone.now(),
                what_known=f"{agency.name}'s contact with the family (fictional summary).",
                immediate_actions="Siblings seen and safe.",
                early_learning="Earlier concerns were not shared with the other agencies.")
        meeting = Meeting.objects.create(
            review=review, held_on=self.clamp(add_working_days(started, 6), started, done),
            recorded_by=self.bm, notes="The partners and agencies met to review the summaries.",
            immediate_actions="Strategy discussion for the siblings held the same day.")
        meeting.attendees.set([self.bm, p["la.partner"], p["health.partner"],
                               p["police.partner"], p["subgroup.member"]])
        child = self.child_name(review)
        RapidReviewRecord.objects.create(
            review=review, updated_by=self.bm, panel_copy_sent_on=done,
            panel_copy_recorded_by=self.bm,
            facts_established=f"{child} was known to children's social care, health and the "
                              "police. The week before the incident, a new adult had moved into "
                              "the home; only the police knew.",
            immediate_actions="Siblings safeguarded through a strategy discussion; information "
                              "sharing between the agencies' front doors reviewed.",
            practice_strengths=f"The {words_for(review).setting} made a prompt referral and "
                               "followed it up.",
            learning_local="Agencies do not routinely ask who else lives in the home.",
            learning_national="None beyond what the Panel has already published.",
            criterion_a="met", evidence_a="Who lived in the home was not known to health.",
            criterion_b="not_met", criterion_c="met",
            evidence_c="The police's information did not reach health or social care.",
            criterion_d="not_met", national_review_view="do_not_recommend",
            national_review_reasons="The learning is about local information sharing.")
        sent = max(item.submitted_on for item in review.summary_requests.all())
        when = {"rapid-review-request-summaries": started, "rapid-review-agencies-reply": sent,
                "rapid-review-meeting": meeting.held_on, SIGN_OFF: done,
                "rapid-review-copy-to-panel": done}
        # Each partner signed off on the day the rapid review was completed (the local
        # authority's recorded for them by the business manager).
        for partner_for, key in ((PartnerFor.LOCAL_AUTHORITY, "la.partner"),
                                 (PartnerFor.HEALTH, "health.partner"),
                                 (PartnerFor.POLICE, "police.partner")):
            SignOff.objects.create(review=review, partner_for=partner_for, signed_by=p[key],
                                   signed_on=done,
                                   recorded_by=self.bm if key == "la.partner" else p[key])
        for task in review.tasks.filter(key__startswith="rapid-review-"):
            on = when.get(task.key) or self.clamp(min(task.due_on, done), started, done)
            review_actions.complete_task(task, by=self.bm, done_on=on)
        # The rapid review deadline is met the day the copy went to the Panel.
        for clock in review.clocks.filter(kind=ClockKind.RAPID_REVIEW, met_on__isnull=True):
            review_actions.mark_clock_met(clock, by=self.bm, met_on=max(done, clock.started_on))
