"""Reads for telling staff and keeping them informed: who is on the practitioner list, who they
ask, what the review is about in words a practitioner can use, its progress, and the questions
each person may see.

``about`` is written once and read twice: by the telling notice (with the anonymised view, since
e-mail leaves the partnership) and by the practitioner's own page (with the viewer's own names).

The practitioner list is read through the staff app's selectors (``practitioner_for``,
``practitioners_of``, ``subgroup_rep_for``).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from reviewdesk import access
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.commissioning.models import TermsOfReference
from reviewdesk.commissioning.scope import version_shared_with
from reviewdesk.lib.workingdays import add_working_days
from reviewdesk.parallel.models import Advice
from reviewdesk.parallel.restrictions import advice_in_force
from reviewdesk.reviews.clocks import expected_duration
from reviewdesk.reviews.models import (
    STAGE_ORDER,
    Incident,
    Review,
    ReviewRole,
    Stage,
    TimelineEntry,
)
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import DUE_SOON, OVERDUE, WAITING, Need
from reviewdesk.staff.models import (
    Practitioner,
    ProgressSettings,
    Question,
    SupportService,
)
from reviewdesk.staff.selectors import subgroup_rep_for

# An unanswered question is reminded this many working days after it was asked, once.
QUESTION_REMINDER_WORKING_DAYS = 2

# Each stage in a practitioner's words: where the review is, and what they can expect next.
STAGE_WORDS: dict[str, str] = {
    Stage.NOTIFICATION: "The serious incident has been notified to the National Panel.",
    Stage.RAPID_REVIEW: "The agencies are gathering the facts quickly in a rapid review; the "
                        "safeguarding partners then decide whether to hold a review.",
    Stage.DECISION: "The safeguarding partners are deciding whether to hold a review.",
    Stage.COMMISSIONING: "The partners have decided to hold a review, and it is being "
                         "commissioned.",
    Stage.SET_UP: "A lead reviewer is being appointed and the terms of reference agreed; staff "
                  "are told about the review next.",
    Stage.INFORMING_STAFF: "Staff who worked with the child or family are being told about the "
                           "review; the agencies' chronologies come next.",
    Stage.CHRONOLOGY: "The chronologies are being brought together; the reviewer expects to "
                      "contact staff next.",
    Stage.CONVERSATIONS: "The lead reviewer is speaking with staff; the family are invited to "
                         "take part next.",
    Stage.FAMILY: "The lead reviewer is speaking with the family; the report is written next.",
    Stage.REPORT: "The report is being written and signed off; publication comes next.",
    Stage.PUBLICATION: "The report is being prepared for publication; the action plan and "
                       "briefings for staff follow.",
    Stage.ACTION_PLAN: "The partnership is acting on the learning and briefing staff.",
    Stage.CLOSED: "The review is closed.",
}

AIMS = ("To learn how the agencies worked with the child and family, and together, and what "
        "would help keep children safer. It is not about blame: the review is separate from "
        "any disciplinary process.")
EXPECTED_OF_YOU = (
    "Read the terms of reference. Keep the records you hold. If the lead reviewer asks to speak "
    "with you, agree a time, and come to the learning event for practitioners if you are "
    "invited. Tell the reviewer what you think matters, from your page for the review. Follow "
    "the advice in force about what may be discussed, and ask if you are unsure.")


# --- The practitioner list ------------------------------------------------------------------------

def rep_for(review: Review, agency: Agency) -> User | None:
    """The agency's CSPR subgroup representative on this review, who answers its staff's
    questions (None: the business manager does)."""
    membership = subgroup_rep_for(review, agency)
    return membership.person if membership is not None else None


def business_managers(review: Review) -> list[User]:
    return list(User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                    role=PartnershipRole.BUSINESS_MANAGER).order_by("pk"))


def lead_reviewers(review: Review) -> list[User]:
    return [m.person for m in review.memberships.filter(
        role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True, person__is_active=True
    ).select_related("person").order_by("pk")]


def page_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reviews:review", args=[review.uuid])


def questions_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("informing:questions", args=[review.uuid])


def terms_of_reference_url(review: Review) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("commissioning:terms_of_reference",
                                                   args=[review.uuid])


def shared_version(review: Review) -> TermsOfReference | None:
    """The latest version of the terms of reference shared with the staff involved."""
    return (review.terms_of_reference.filter(shares__isnull=False).distinct()
            .order_by("-number").first())


# --- What the review is about, in a practitioner's words ------------------------------------------

@dataclass
class Line:
    on: date
    words: str


@dataclass
class About:
    """Everything a practitioner needs to know about the review, as one reader may see it."""

    role_label: str
    why: str
    aims: str
    involves: str
    expected_of_you: str
    how_long: str
    tor_version: int | None
    rep: User | None
    business_managers: list[User]
    support_service: SupportService | None
    # What the agency's settings say of its staff support, where no service is configured.
    agency_support: str
    advice: Advice | None
    advice_text: str = ""
    topics: list[str] = field(default_factory=list)
    no_contact: list[str] = field(default_factory=list)
    progress: list[Line] = field(default_factory=list)
    expected: list[Line] = field(default_factory=list)
    now: str = ""


def why(review: Review, names: Names) -> str:
    """Why there is a review, with no more than the reader already knows: the children as the
    reader may see them, what happened in the intake's own categories (never its summary)."""
    incidents = list(review.incidents.order_by("incident_date", "pk"))
    children = ", ".join(names.entry(e) for e in names.children) or "A child"
    happened = ("died" if any(i.what_happened == Incident.WhatHappened.DEATH for i in incidents)
                else "was seriously harmed")
    abuse = any(i.abuse_or_neglect != Incident.AbuseOrNeglect.NOT_SUSPECTED for i in incidents)
    decided = (f" on {review.initiated_on:%-d %B %Y}" if review.initiated_on else "")
    return (f"{children} {happened}" + (", and abuse or neglect is known or suspected" if abuse
                                        else "") +
            f". The safeguarding partners decided{decided} to hold a local child safeguarding "
            "practice review, because they think it can show how agencies could work better "
            "together to protect children.")


def involves(role_label: str) -> str:
    return ("An independent lead reviewer reads each agency's chronology of its work with the "
            "family, speaks with staff who worked with them and with the family, and holds a "
            "learning event for practitioners. The report uses role labels, not names: you "
            f"will be called {role_label}. The partnership publishes the report and acts on its "
            "learning.")


def progress(review: Review) -> list[Line]:
    """Each stage the review has passed, oldest first: the stages behind it by name, the one it
    is at now in plain words."""
    moves = list(review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).exclude(
        to_stage="").order_by("effective_on", "pk").values_list("effective_on", "to_stage"))
    lines = [Line(on, f"{Stage(stage).label} started.") for on, stage in moves]
    if moves and moves[-1][1] == review.stage:
        lines[-1].words = f"{Stage(review.stage).label} started. {STAGE_WORDS[review.stage]}"
    return lines


def coming_stages(review: Review) -> list[Stage]:
    """The stages after the current one (where the business manager may set expected dates)."""
    now = STAGE_ORDER.index(Stage(review.stage))
    return [s for s in STAGE_ORDER[now + 1:]]


def expected(review: Review) -> list[Line]:
    """The expected start of each coming stage the business manager has set, soonest first."""
    coming = {s.value for s in coming_stages(review)}
    return [Line(e.expected_on, f"{Stage(e.stage).label}: expected to start around "
                                f"{e.expected_on:%-d %B %Y}")
            for e in review.expected_stage_dates.all() if e.stage in coming]


def about(review: Review, practitioner: Practitioner, names: Names) -> About:
    advice = advice_in_force(review)
    version = (version_shared_with(practitioner.person, review)
               or shared_version(review))
    found = About(
        role_label=practitioner.identity.pseudonym,
        why=why(review, names), aims=AIMS, involves=involves(practitioner.identity.pseudonym),
        expected_of_you=EXPECTED_OF_YOU, how_long=expected_duration(review),
        tor_version=version.number if version else None,
        rep=rep_for(review, practitioner.agency),
        business_managers=business_managers(review),
        support_service=SupportService.objects.filter(agency_id=practitioner.agency_id).first(),
        agency_support=practitioner.agency.staff_support,
        advice=advice, progress=progress(review), expected=expected(review),
        now=STAGE_WORDS.get(review.stage, ""),
    )
    if advice is not None:
        found.advice_text = names.redact(advice.text)
        found.topics = [names.redact(t.topic) for t in advice.topics.filter(lifted_on__isnull=True)]
        found.no_contact = [names.entry_with_label(r.identity) for r in
                            advice.no_contact.filter(lifted_on__isnull=True)
                            .select_related("identity")]
    return found


def who_to_ask_words(found: About) -> str:
    lines = []
    if found.rep is not None:
        lines.append(f"{found.rep.display_name}, your agency's representative on the CSPR "
                     f"subgroup for this review: {found.rep.email}")
    lines += [f"{bm.display_name}, the partnership's business manager: {bm.email}"
              for bm in found.business_managers]
    return "\n".join(lines) or "The partnership's business unit."


def support_words(found: About) -> str:
    lines = ["Support is there at any stage of the review, for as long as you need it.",
             "- Your line manager."]
    if found.support_service is not None:
        lines.append(f"- {found.support_service.name}: {found.support_service.how_to_reach}")
    elif found.agency_support:
        lines.append(f"- Your agency's support service: {found.agency_support}")
    else:
        lines.append("- Your agency's counselling or employee-assistance service: your manager "
                     "or HR can tell you how to reach it.")
    bms = ", ".join(f"{bm.display_name} ({bm.email})" for bm in found.business_managers)
    lines.append("- The partnership, through the business manager" + (f": {bms}" if bms else "")
                 + ". Tell them if you cannot get the support you need.")
    return "\n".join(lines)


def advice_words(found: About) -> str:
    if found.advice is None:
        return ("There is no advice in force limiting what may be discussed. If that changes "
                "you will be told at once.")
    lines = [f"Advice given on {found.advice.effective_on:%-d %B %Y} is in force:",
             found.advice_text]
    if found.no_contact:
        lines.append("No contact about this review with: " + ", ".join(found.no_contact) + ".")
    if found.topics:
        lines.append("Not to be discussed:\n" + "\n".join(f"- {t}" for t in found.topics))
    return "\n\n".join(lines)


def terms_of_reference_words(review: Review, found: About) -> str:
    if found.tor_version is None:
        return ("The terms of reference are being agreed; you will be sent them when they are "
                "shared.")
    return (f"Version {found.tor_version} sets out the period the review looks at, its key "
            f"lines of enquiry and the agencies in it: {terms_of_reference_url(review)}")


# --- Progress settings ----------------------------------------------------------------------------

def email_digest(review: Review) -> bool:
    settings_row = ProgressSettings.objects.filter(review=review).first()
    return bool(settings_row and settings_row.email_digest)


# --- Questions ------------------------------------------------------------------------------------

def questions_of(practitioner: Practitioner) -> list[Question]:
    return list(practitioner.questions.select_related("routed_to", "answered_by"))


def questions_for(viewer: User, review: Review) -> list[Question]:
    """The questions this person may read and answer on the review: the business manager all of
    them; a subgroup representative those routed to them; a lead reviewer those they were
    brought in to."""
    found = (review.staff_questions.select_related(
        "practitioner__identity", "practitioner__agency", "routed_to", "answered_by")
        .order_by("answered_on", "-asked_on", "-pk"))
    return [q for q in found if access.may_answer_staff_question(viewer, review, q)]


def question_due_on(question: Question) -> date:
    return add_working_days(question.asked_on, QUESTION_REMINDER_WORKING_DAYS)


def needs(viewer: User, today: date) -> list[Need]:
    """Home items: each unanswered question waiting for this person (routed to them, or a lead
    reviewer brought in), due 2 working days after it was asked; for the business manager, the
    practitioners on open reviews not yet told. Two queries."""
    return _question_needs(viewer, today) + _telling_needs(viewer)


def _telling_needs(viewer: User) -> list[Need]:
    if not access.is_business_manager(viewer) or viewer.partnership_id is None:
        return []
    waiting: dict[int, list[Practitioner]] = {}
    for practitioner in (Practitioner.objects.filter(
            review__partnership_id=viewer.partnership_id, told_on__isnull=True,
            membership__ended_at__isnull=True, review__initiated_on__isnull=False)
            .exclude(review__stage=Stage.CLOSED)
            .select_related("review", "review__partnership").order_by("review_id", "pk")):
        waiting.setdefault(practitioner.review_id, []).append(practitioner)
    return [Need(found[0].review,
                 f"Tell {len(found)} {'practitioner' if len(found) == 1 else 'practitioners'} "
                 "about the review", reverse("informing:staff", args=[found[0].review.uuid]),
                 WAITING, since=min(p.added_on for p in found))
            for found in waiting.values()]


def _question_needs(viewer: User, today: date) -> list[Need]:
    waiting = list(Question.objects.filter(
        Q(routed_to=viewer) | Q(lead_reviewer_asked_at__isnull=False, review__in=access.
                                reviews_in_role(viewer, ReviewRole.LEAD_REVIEWER)),
        answered_on__isnull=True).select_related("review", "review__partnership")
        .order_by("asked_on", "pk"))
    found = []
    for question in waiting:
        due = question_due_on(question)
        state = OVERDUE if today > due else DUE_SOON if today == due else WAITING
        found.append(Need(question.review, "Answer a practitioner's question",
                          reverse("informing:answer", args=[question.review.uuid, question.pk]),
                          state, due_on=due, since=question.asked_on))
    return found
