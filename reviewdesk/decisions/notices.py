"""The decision stage's notices: the scrutineer is told of a disagreement, the partners of the
scrutineer's final decision. E-mail leaves the partnership, so notices carry pseudonyms, role
labels and the decisions' labels only: never a name, and never the reasons (free text)."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse

from reviewdesk.accounts.models import PartnershipRole, User
from reviewdesk.decisions.models import DecisionOutcome, Escalation, PartnerDecision
from reviewdesk.decisions.selectors import open_escalations
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.defaults import register_default
from reviewdesk.notices.reminders import Reminder, reminder_moment
from reviewdesk.reviews.models import Review, ReviewKind

ESCALATED = "decision_escalated"
FINAL = "decision_final"
REMINDER = "decision_escalation_reminder"


def register_templates() -> None:
    register_default(
        ESCALATED, "The partners disagree: the independent scrutineer decides",
        "{{ review_reference }}: the safeguarding partners disagree – your decision is needed",
        "Dear {{ recipient }},\n\nThe three safeguarding partners have each recorded their "
        "decision on review {{ review_reference }} ({{ children }}), and they do not agree:\n\n"
        "{{ partner_decisions }}\n\nAs the independent scrutineer, your decision settles it. "
        "Sign in to Review Desk to read their reasons side by side and record the final "
        "decision: {{ decision_url }}\n\n{{ partnership }}",
    )
    register_default(
        FINAL, "The independent scrutineer's final decision",
        "{{ review_reference }}: the independent scrutineer has made the final decision",
        "Dear {{ recipient }},\n\nThe safeguarding partners disagreed about review "
        "{{ review_reference }} ({{ children }}), so the independent scrutineer made the final "
        "decision on {{ decided_on }}: {{ outcome }}.\n\n{{ next_step }}\n\nSign in to Review "
        "Desk to read the reasons: {{ decision_url }}\n\n{{ partnership }}",
    )


    register_default(
        REMINDER, "Reminder: the partners disagree and your decision is due",
        "{{ review_reference }}: your final decision is due {{ when }}",
        "Dear {{ recipient }},\n\nThe safeguarding partners disagreed about review "
        "{{ review_reference }} ({{ children }}) on {{ opened_on }}, and the decision is yours. "
        "It is due {{ when }}, on {{ due_on }}.\n\nSign in to Review Desk to read their reasons "
        "and record the final decision: {{ decision_url }}\n\n{{ partnership }}",
    )


def _decision_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("decisions:decision", args=[review.uuid])


def tell_the_scrutineer(review: Review, decisions: list[PartnerDecision], *, by: User) -> None:
    """One notice to each independent scrutineer of the partnership. With none on record, one
    notice without an address is kept: it shows as failed until someone is added and it is
    retried, so a disagreement is never silently left unsettled."""
    scrutineers = list(User.objects.filter(
        partnership_id=review.partnership_id, role=PartnershipRole.INDEPENDENT_SCRUTINEER,
        is_active=True).order_by("pk"))
    extra = {
        "partner_decisions": "\n".join(f"- {d.get_partner_for_display()}: "
                                       f"{d.get_outcome_display()}" for d in decisions),
        "decision_url": _decision_url(review),
    }
    for person in scrutineers or [None]:
        queue_from_template(
            review, ESCALATED,
            dedupe_key=f"decision:{review.pk}:escalated:{person.pk if person else 'none'}",
            recipient_label="The independent scrutineer",
            recipients=[person.email] if person else [], by=by, extra=extra)


def tell_the_partners(review: Review, outcome: DecisionOutcome, *, by: User) -> None:
    """One notice to each safeguarding partner: the scrutineer's decision stands."""
    if outcome.review_kind:
        next_step = (f"The review goes ahead as a {ReviewKind(outcome.review_kind).label.lower()}"
                     ": the business manager now alerts the partner agencies, Ofsted, the "
                     "Department for Education and the National Panel.")
    else:
        next_step = "No review will be held: the case is closed with the reasons kept."
    extra = {"outcome": outcome.get_outcome_display().lower(),
             "decided_on": f"{outcome.decided_on:%-d %B %Y}", "next_step": next_step,
             "decision_url": _decision_url(review)}
    partners = User.objects.filter(partnership_id=review.partnership_id,
                                   role=PartnershipRole.SAFEGUARDING_PARTNER, is_active=True)
    for person in partners.order_by("partner_for", "pk"):
        queue_from_template(
            review, FINAL, dedupe_key=f"decision:{review.pk}:final:{person.pk}",
            recipient_label=person.role_label, recipients=[person.email], by=by, extra=extra)


def escalation_reminders(today: date) -> Iterable[Reminder]:
    """To each independent scrutineer, while an escalation waits for their decision: before its
    clock's due date, on it, and weekly once overdue (each once: the notices' keys)."""
    partnerships = set(Escalation.objects.filter(
        review__decision_outcome__isnull=True).values_list("review__partnership_id", flat=True))
    for partnership_id in partnerships:
        scrutineers = list(User.objects.filter(
            partnership_id=partnership_id, role=PartnershipRole.INDEPENDENT_SCRUTINEER,
            is_active=True).order_by("pk"))
        for escalation, due in open_escalations(partnership_id):
            review = escalation.review
            moment = reminder_moment(due, today)
            if moment is None:
                continue
            kind, words = moment
            stamp = f"{today:%G-W%V}" if kind == "overdue" else due.isoformat()
            for person in scrutineers:
                yield Reminder(
                    dedupe_key=f"decision:{review.pk}:escalation-reminder:{person.pk}:{kind}:{stamp}",
                    review=review, template_key=REMINDER,
                    recipient_label="The independent scrutineer", recipients=[person.email],
                    extra={"when": words, "due_on": f"{due:%-d %B %Y}",
                           "opened_on": f"{escalation.opened_on:%-d %B %Y}",
                           "decision_url": _decision_url(review)})
