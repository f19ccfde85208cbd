"""Telling everyone on the review, at once, when advice is set, replaced or lifted.

Each person on the review's team gets their own notice, written for them: the advice and its
restrictions go through *their* redactor (a practitioner may read the family's names, a partner
reading the notices page later sees them through theirs). The greeting and the label carry no
name: the label is their role on the review.
"""

from django.conf import settings
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.defaults import register_default
from reviewdesk.parallel.models import Advice
from reviewdesk.parallel.restrictions import no_contact_for
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.names import Names

SET = "advice_set"
LIFTED = "advice_lifted"


def register_templates() -> None:
    register_default(
        SET, "Advice to staff: new or changed advice",
        "{{ review_reference }}: new advice to staff – please read it and say you have",
        "Dear colleague,\n\nThere is new advice to everyone on review {{ review_reference }} "
        "({{ children }}), given on {{ effective_on }}{{ replaces }}. It holds until it is "
        "changed or lifted:\n\n{{ advice }}\n\n{{ restrictions }}Please read it and confirm "
        "you have, on the review's page: {{ advice_url }}\n\n{{ partnership }}",
    )
    register_default(
        LIFTED, "Advice to staff: lifted",
        "{{ review_reference }}: the advice to staff has been lifted",
        "Dear colleague,\n\nThe advice of {{ effective_on }} to everyone on review "
        "{{ review_reference }} ({{ children }}) was lifted on {{ lifted_on }}. Its "
        "restrictions no longer apply.\n\nWhy: {{ reason }}\n\nThe advice's history is on the "
        "review: {{ advice_url }}\n\n{{ partnership }}",
    )


def advice_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("parallel:advice", args=[review.uuid])


def affected_people(review: Review) -> dict[User, list[str]]:
    """Everyone on the review's team now (practitioners, agency authors, lead reviewers,
    subgroup members), with their roles on it."""
    people: dict[User, list[str]] = {}
    for membership in (review.memberships.filter(ended_at__isnull=True, person__is_active=True)
                       .select_related("person").order_by("role", "person_id")):
        people.setdefault(membership.person, []).append(ReviewRole(membership.role).label)
    return people


def _restrictions_for(advice: Advice, names: Names) -> str:
    lines = []
    no_contact = [names.entry_with_label(r.identity) for r in advice.no_contact.all()]
    if no_contact:
        lines.append("No contact about this review with: " + ", ".join(no_contact) + ".")
    topics = [names.redact(t.topic) for t in advice.topics.all()]
    if topics:
        lines.append("Not to be discussed at practitioner events and conversations:\n"
                     + "\n".join(f"- {t}" for t in topics))
    if advice.chronology_restrictions.exists():
        lines.append("Some chronology entries are seen only by named people while this advice "
                     "is in force.")
    return "".join(f"{line}\n\n" for line in lines)


def tell_everyone(advice: Advice, *, by: User, replaced: Advice | None = None) -> list[User]:
    """A notice to each person on the team about new advice. Returns those not told because the
    advice (or other advice) says no contact with them."""
    review = advice.review
    not_told = []
    for person, roles in affected_people(review).items():
        if no_contact_for(review, person) is not None:
            not_told.append(person)
            continue
        names = Names(review, person)
        queue_from_template(
            review, SET, dedupe_key=f"advice:{advice.pk}:set:{person.pk}",
            recipient_label=", ".join(roles), recipients=[person.email], by=by,
            purpose="advice to staff",
            extra={"advice": names.redact(advice.text),
                   "effective_on": f"{advice.effective_on:%-d %B %Y}",
                   "replaces": (f", replacing the advice of {replaced.effective_on:%-d %B %Y}"
                                if replaced else ""),
                   "restrictions": _restrictions_for(advice, names),
                   "advice_url": advice_url(review)})
    return not_told


def tell_everyone_lifted(advice: Advice, *, by: User) -> list[User]:
    review = advice.review
    not_told = []
    for person, roles in affected_people(review).items():
        # The lifted advice no longer binds, but other advice in force may (none, today: one
        # advice at a time); asked all the same, so the rule lives in one place.
        if no_contact_for(review, person) is not None:
            not_told.append(person)
            continue
        names = Names(review, person)
        queue_from_template(
            review, LIFTED, dedupe_key=f"advice:{advice.pk}:lifted:{person.pk}",
            recipient_label=", ".join(roles), recipients=[person.email], by=by,
            purpose="advice to staff lifted",
            extra={"effective_on": f"{advice.effective_on:%-d %B %Y}",
                   "lifted_on": f"{advice.ended_on:%-d %B %Y}" if advice.ended_on else "",
                   "reason": names.redact(advice.end_reason),
                   "advice_url": advice_url(review)})
    return not_told
