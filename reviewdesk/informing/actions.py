"""Every change to telling staff and keeping them informed goes through a function here: one
transaction, an audit event (and a timeline entry where the review's readers should see it), the
notices kept in it and sent once it commits.

``by`` is the signed-in person acting; ``on_behalf_of`` whose word it is, when someone types for
another (from the audit context unless given). Every effective date is the day it happened:
never in the future. The expected dates of coming stages are the exception, since they are
expectations: they may only be in the future.

Each notice to a member of staff is logged as a ``StaffUpdate``, unique per review, person, kind
and subject (``key``), and its notice has a dedupe key too: nothing about one subject reaches one
person twice, however often the updates are worked out (docs/decisions/0049).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.informing import notices, selectors
from reviewdesk.informing.selectors import STAGE_WORDS
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.models import Notice
from reviewdesk.parallel.models import Advice
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review, Stage, TimelineEntry
from reviewdesk.reviews.names import anonymised
from reviewdesk.staff import selectors as staff_selectors
from reviewdesk.staff.models import (
    ExpectedStageDate,
    Practitioner,
    ProgressSettings,
    Question,
    StaffUpdate,
)

Kind = StaffUpdate.Kind
QUESTION_MAX_LENGTH = 2000


def _on_behalf(on_behalf_of: User | None, by: User) -> User | None:
    if on_behalf_of is None and (context := audit_context.current()) is not None:
        on_behalf_of = context.on_behalf_of
    return None if on_behalf_of is not None and on_behalf_of.pk == by.pk else on_behalf_of


def _queue(review: Review, template: str, *, dedupe_key: str, label: str, person: User,
           by: User | None, purpose: str, extra: dict[str, object]) -> Notice | None:
    """Queue one notice, or find the one already kept under this key (``None`` if a guard
    refused it: advice of no contact with them)."""
    try:
        notice = queue_from_template(review, template, dedupe_key=dedupe_key,
                                     recipient_label=label, recipients=[person.email], by=by,
                                     purpose=purpose, extra=extra)
    except NoticeRefused:
        return None
    return notice or Notice.objects.filter(dedupe_key=dedupe_key).first()


def _log(review: Review, person: User, practitioner: Practitioner | None, kind: str, key: str,
         notice: Notice | None, *, by: User, sent_on: date,
         on_behalf_of: User | None = None) -> StaffUpdate | None:
    """The update's log row, once per person and subject (None if it is there already)."""
    try:
        with transaction.atomic():
            return StaffUpdate.objects.create(
                review=review, person=person, practitioner=practitioner, kind=kind, key=key,
                notice=notice, sent_on=sent_on, recorded_by=by, on_behalf_of=on_behalf_of)
    except IntegrityError:
        return None


# --- Telling practitioners ------------------------------------------------------------------------

def told_context(review: Review, practitioner: Practitioner) -> dict[str, object]:
    """The telling notice's placeholders for one practitioner, in the anonymised view."""
    found = selectors.about(review, practitioner, anonymised(review))
    return {
        "role_label": found.role_label, "why": found.why, "aims": found.aims,
        "involves": found.involves, "expected_of_you": found.expected_of_you,
        "how_long": found.how_long,
        "terms_of_reference": selectors.terms_of_reference_words(review, found),
        "who_to_ask": selectors.who_to_ask_words(found),
        "support": selectors.support_words(found),
        "advice": selectors.advice_words(found), "page_url": selectors.page_url(review),
    }


def preview(review: Review, practitioner: Practitioner) -> tuple[str, str]:
    """The telling notice as it would be sent to this practitioner: (subject, body)."""
    from reviewdesk.notices.actions import template_for
    from reviewdesk.notices.templating import render_text, review_context

    template = template_for(review.partnership_id, notices.TOLD)
    context = review_context(review) | {"recipient": practitioner.identity.pseudonym} | (
        told_context(review, practitioner))
    return render_text(template.subject, context), render_text(template.body, context)


def not_yet_told(review: Review) -> list[Practitioner]:
    return [p for p in staff_selectors.practitioners_of(review) if p.told_on is None
            and p.person.is_active]


@dataclass
class Told:
    told: list[Practitioner] = field(default_factory=list)
    # Those the advice in force says not to contact: not told, and still waiting.
    refused: list[Practitioner] = field(default_factory=list)


def _subjects(review: Review) -> dict[str, str]:
    """The subjects an update may be about now, by kind: the terms of reference shared last,
    the latest change of advice, the current stage. A practitioner told now knows them all."""
    found: dict[str, str] = {Kind.PROGRESS: f"stage-{review.stage}"}
    version = selectors.shared_version(review)
    if version is not None:
        found[Kind.TERMS_OF_REFERENCE] = f"tor-{version.pk}"
    advice = _latest_advice(review)
    if advice is not None:
        found[Kind.ADVICE] = _advice_key(advice)
    return found


@transaction.atomic
def tell_practitioners(review: Review, *, by: User, told_on: date,
                       practitioners: list[Practitioner] | None = None,
                       on_behalf_of: User | None = None) -> Told:
    """Send each practitioner not yet told (of ``practitioners``, else of the whole list) the
    telling notice; set their ``told_on``. What they are told now (the terms of reference, the
    advice, the stage) is logged as known to them and their managers, so no update repeats
    it."""
    if not access.can(by, review, Permission.INFORM_STAFF):
        raise PermissionDenied("Only the business manager tells staff about the review.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.initiated_on is None or not review.is_open:
        raise ValidationError("Staff are told once the partners have decided to hold the review, "
                              "while it is open.")
    check_effective_date(told_on, field="told_on", what="The date staff were told",
                         not_before=review.initiated_on,
                         since="when the partners decided to hold the review")
    waiting = not_yet_told(review)
    if practitioners is not None:
        chosen = {p.pk for p in practitioners}
        waiting = [p for p in waiting if p.pk in chosen]
    if not waiting:
        raise ValidationError("Everyone on the practitioner list has been told already. Add "
                              "practitioners to the list first if someone is missing.")
    on_behalf_of = _on_behalf(on_behalf_of, by)
    subjects = _subjects(review)
    result = Told()
    for practitioner in waiting:
        person = practitioner.person
        notice = _queue(review, notices.TOLD, dedupe_key=f"staff-told:{review.pk}:{person.pk}",
                        label=practitioner.identity.pseudonym, person=person, by=by,
                        purpose="telling staff", extra=told_context(review, practitioner))
        if notice is None:
            result.refused.append(practitioner)
            continue
        _log(review, person, practitioner, Kind.TOLD, "told", notice, by=by, sent_on=told_on,
             on_behalf_of=on_behalf_of)
        for kind, key in subjects.items():
            # Known from the telling notice: logged against it, so no update repeats it.
            _log(review, person, practitioner, kind, key, notice, by=by, sent_on=told_on,
                 on_behalf_of=on_behalf_of)
            if practitioner.manager is not None:
                # Their manager hears of changes from now on, not of what already was.
                _log(review, practitioner.manager, practitioner, kind, key, None, by=by,
                     sent_on=told_on, on_behalf_of=on_behalf_of)
        # A new version of the entry: a form opened before it was told is refused (0023).
        Practitioner.objects.filter(pk=practitioner.pk).update(
            told_on=told_on, changed_by=by, changed_at=timezone.now(), version=F("version") + 1)
        practitioner.told_on = told_on
        result.told.append(practitioner)
    if not result.told:
        raise ValidationError("Nobody could be told: the advice in force says there is to be no "
                              "contact about the review with those not yet told.")
    count = len(result.told)
    record_step("informing.staff_told", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Practitioners told about the review", told_on,
                          detail=f"{count} {'practitioner' if count == 1 else 'practitioners'} "
                                 "sent the notice telling them about the review."),
                summary=f"Told {count} practitioner(s) about the review",
                data={"practitioners": [p.pk for p in result.told],
                      "not_told": [p.pk for p in result.refused]})
    return result


# --- Updates, once per person per subject ---------------------------------------------------------

def _latest_advice(review: Review) -> Advice | None:
    return review.advice.select_related("recorded_by", "ended_by").order_by("-pk").first()


def _advice_key(advice: Advice) -> str:
    lifted = advice.ended_at is not None and advice.replaced_by_id is None
    return f"advice-{advice.pk}-{'lifted' if lifted else 'set'}"


@dataclass(frozen=True)
class Recipient:
    person: User
    practitioner: Practitioner
    label: str


def _told_and_managers(review: Review) -> list[Recipient]:
    """Practitioners already told, and their managers (each person once)."""
    found: dict[int, Recipient] = {}
    for practitioner in staff_selectors.practitioners_of(review).filter(told_on__isnull=False):
        if practitioner.person.is_active:
            found.setdefault(practitioner.person_id, Recipient(
                practitioner.person, practitioner, practitioner.identity.pseudonym))
        manager = practitioner.manager
        if manager is not None and manager.is_active:
            found.setdefault(manager.pk, Recipient(manager, practitioner,
                                                   "A practitioner's manager"))
    return list(found.values())


def _advice_change(advice: Advice) -> tuple[str, str, User]:
    """(what changed, the parallel app's dedupe key stem, who changed it)."""
    if advice.ended_at is not None and advice.replaced_by_id is None:
        return (f"The advice to staff given on {advice.effective_on:%-d %B %Y} was lifted"
                + (f" on {advice.ended_on:%-d %B %Y}" if advice.ended_on else "")
                + ". Its restrictions no longer apply.",
                f"advice:{advice.pk}:lifted", advice.ended_by or advice.recorded_by)
    return (f"New advice to staff was given on {advice.effective_on:%-d %B %Y}. It holds until "
            "it is changed or lifted.", f"advice:{advice.pk}:set", advice.recorded_by)


def _stage_move(review: Review) -> TimelineEntry | None:
    return (review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED, to_stage=review.stage)
            .select_related("recorded_by").order_by("-recorded_at", "-pk").first())


@transaction.atomic
def send_updates(review: Review) -> list[StaffUpdate]:
    """Send those affected (practitioners already told, and their managers) an update about
    each subject they have not heard of: the terms of reference shared last, the latest change
    of advice, and, where the business manager chose the e-mail digest, the stage the review
    has reached. Safe to run any number of times: each person gets each update once.

    Where another part of Review Desk has already sent a person the same news (commissioning
    sends the staff involved each shared version; the advice's own notice goes to everyone on
    the review), that notice is logged as their update and nothing more is sent: the notice's
    dedupe key is shared (docs/decisions/0049)."""
    people = _told_and_managers(review)
    if not people:
        return []
    today = timezone.localdate()
    names = anonymised(review)
    page = selectors.page_url(review)
    sent: list[StaffUpdate] = []
    known = set(StaffUpdate.objects.filter(review=review, person__in=[r.person for r in people])
                .values_list("person_id", "kind", "key"))

    def once(recipient: Recipient, kind: str, key: str, dedupe_key: str, template: str,
             by: User, extra: dict[str, object]) -> None:
        if (recipient.person.pk, kind, key) in known:
            return
        notice = _queue(review, template, dedupe_key=dedupe_key, label=recipient.label,
                        person=recipient.person, by=by, purpose=f"staff update: {kind}",
                        extra=extra)
        if notice is None:
            return  # refused: no contact with them now; tried again by the next run
        row = _log(review, recipient.person, recipient.practitioner, kind, key, notice, by=by,
                   sent_on=today)
        if row is not None:
            sent.append(row)

    version = selectors.shared_version(review)
    if version is not None:
        share = version.shares.select_related("shared_by").order_by("-pk").first()
        by = share.shared_by if share is not None else version.created_by
        for recipient in people:
            # Commissioning's own key: the staff involved already had its notice.
            once(recipient, Kind.TERMS_OF_REFERENCE, f"tor-{version.pk}",
                 f"tor-share:{version.pk}:{recipient.person.pk}", notices.TOR_UPDATE, by,
                 {"version": version.number, "link": selectors.terms_of_reference_url(review),
                  "page_url": page})
    advice = _latest_advice(review)
    if advice is not None:
        change, stem, by = _advice_change(advice)
        in_force = advice.ended_at is None
        text = ""
        if in_force:
            topics = [names.redact(t.topic) for t in advice.topics.filter(lifted_on__isnull=True)]
            text = names.redact(advice.text) + ("\n\nNot to be discussed:\n" + "\n".join(
                f"- {t}" for t in topics) if topics else "")
        for recipient in people:
            # The parallel app's own key: everyone on the review already had its notice.
            once(recipient, Kind.ADVICE, _advice_key(advice),
                 f"{stem}:{recipient.person.pk}", notices.ADVICE_UPDATE, by,
                 {"change": change, "advice": text, "page_url": page})
    move = _stage_move(review)
    digest = ProgressSettings.objects.filter(review=review, email_digest=True).first()
    # A digest for each stage reached after the business manager chose it (not the stage the
    # review was at when they did).
    if digest is not None and move is not None and (
            digest.changed_at is None or move.recorded_at >= digest.changed_at):
        expected = selectors.expected(review)
        words = "".join(f"{line.words}\n" for line in expected)
        mover = move.recorded_by
        # Only Review Desk's own daily entries have no person, and none of those moves a stage.
        assert mover is not None
        for recipient in people:
            once(recipient, Kind.PROGRESS, f"stage-{review.stage}",
                 f"staff-progress:{review.pk}:{review.stage}:{recipient.person.pk}",
                 notices.PROGRESS, mover,
                 {"since": f"{move.effective_on:%-d %B %Y}",
                  "progress": STAGE_WORDS.get(review.stage, Stage(review.stage).label),
                  "expected": (f"What the business manager expects next (expectations, not "
                               f"promises: they may change):\n{words}\n" if words else ""),
                  "page_url": page})
    if sent:
        record("informing.updates_sent", actor=sent[0].recorded_by, review=review,
               summary=f"Sent {len(sent)} update(s) to staff about the review",
               data={"updates": [u.pk for u in sent]})
    return sent


# Steps whose news staff are sent as an update (any stage move, too: the progress digest).
UPDATE_STEPS = {"commissioning.tor_shared", "advice.set", "advice.replaced", "advice.lifted",
                "advice.restriction_lifted"}


def after_step(event_type: str, review: Review, by: User) -> None:
    """The step listener (reviews.history): after a step that changes what staff were told,
    send the updates it calls for, in a transaction of its own."""
    if event_type in UPDATE_STEPS or event_type.startswith("review."):
        with audit_context.as_system("staff updates"):
            send_updates(review)


def sweep(today: date) -> list[StaffUpdate]:
    """The backstop (run by send_reminders): every open review with staff told."""
    sent: list[StaffUpdate] = []
    for review in Review.objects.filter(practitioners__told_on__isnull=False).distinct():
        sent += send_updates(review)
    return sent


# --- Progress: expected dates and the e-mail digest -----------------------------------------------

@transaction.atomic
def set_expected_dates(review: Review, *, by: User, dates: Mapping[str, date | None],
                       on_behalf_of: User | None = None) -> list[ExpectedStageDate]:
    """The dates the business manager expects the coming stages to start (an empty one clears
    it). They are expectations: each in the future, in the order of the stages."""
    if not access.can(by, review, Permission.INFORM_STAFF):
        raise PermissionDenied("Only the business manager sets the dates staff are told to "
                               "expect.")
    coming = [s.value for s in selectors.coming_stages(review)]
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for stage, on in dates.items():
        if stage not in coming:
            errors["__all__"] = (f"{Stage(stage).label if stage in Stage.values else stage} is "
                                 "not a coming stage of this review: set dates only for the "
                                 "stages still to come.")
        elif on is not None and on <= today:
            errors[stage] = (f"{Stage(stage).label}: an expected date is in the future. Enter a "
                             "later date, or leave it empty.")
    ordered = [(s, dates[s]) for s in coming if dates.get(s) is not None]
    for (earlier, a), (later, b) in zip(ordered, ordered[1:], strict=False):
        if a is not None and b is not None and b < a and later not in errors:
            errors[later] = (f"{Stage(later).label} cannot be expected before "
                             f"{Stage(earlier).label.lower()} ({a:%-d %B %Y}): the stages come "
                             "in order.")
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf(on_behalf_of, by)
    saved = []
    for stage, on in dates.items():
        if on is None:
            review.expected_stage_dates.filter(stage=stage).delete()
            continue
        row, _ = ExpectedStageDate.objects.update_or_create(
            review=review, stage=stage,
            defaults={"expected_on": on, "recorded_by": by, "on_behalf_of": on_behalf_of})
        saved.append(row)
    record("informing.expected_dates_set", actor=by, on_behalf_of=on_behalf_of, review=review,
           summary="Set the dates staff are told to expect for the coming stages",
           data={"dates": {s: (d.isoformat() if d else None) for s, d in dates.items()}})
    return saved


@transaction.atomic
def set_email_digest(review: Review, *, by: User, email_digest: bool) -> ProgressSettings:
    """Whether staff are e-mailed a digest at each stage the review reaches from now on."""
    if not access.can(by, review, Permission.INFORM_STAFF):
        raise PermissionDenied("Only the business manager chooses whether staff get an e-mail "
                               "digest.")
    row, _ = ProgressSettings.objects.get_or_create(review=review, defaults={"changed_by": by})
    if row.email_digest == email_digest:
        raise ValidationError("Staff are already " + ("" if email_digest else "not ")
                              + "e-mailed a digest at each stage: nothing has changed.")
    # From this moment: a digest for each stage reached later (not the one it is at now).
    row.email_digest, row.changed_by, row.changed_at = email_digest, by, timezone.now()
    row.save()
    record("informing.digest_changed", actor=by, review=review,
           summary=("Staff will be e-mailed a digest at each stage" if email_digest
                    else "Staff will no longer be e-mailed a digest at each stage"),
           data={"email_digest": email_digest})
    return row


# --- Questions ------------------------------------------------------------------------------------

@transaction.atomic
def ask_question(practitioner: Practitioner, *, by: User, text: str) -> Question:
    """A practitioner's question, from their own page: routed to their agency's CSPR subgroup
    representative on the review, or where there is none the business manager, who is sent a
    notice (without the question) to answer it."""
    review = practitioner.review
    if by.pk != practitioner.person_id or not access.can(by, review,
                                                         Permission.ACT_AS_PRACTITIONER):
        raise PermissionDenied("Practitioners ask their own questions, from their own page.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your question."})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError({"text": f"Your question must be {QUESTION_MAX_LENGTH} characters "
                                       "or fewer: shorten it, or ask it in two parts."})
    routed = selectors.rep_for(review, practitioner.agency)
    if routed is None:
        managers = selectors.business_managers(review)
        if not managers:
            raise ValidationError("The partnership has no business manager to ask: contact the "
                                  "business unit instead.")
        routed = managers[0]
    question = Question.objects.create(review=review, practitioner=practitioner, text=text,
                                       asked_on=timezone.localdate(), routed_to=routed,
                                       recorded_by=by)
    _queue(review, notices.QUESTION_ASKED, dedupe_key=f"staff-question:{question.pk}:asked",
           label=routed.display_name, person=routed, by=by, purpose="a practitioner's question",
           extra={"questions_url": selectors.questions_url(review)})
    record("informing.question_asked", actor=by, review=review,
           summary="A practitioner asked a question about the review",
           data={"question": question.pk, "routed_to": routed.pk})
    return question


def _locked_question(question: Question) -> Question:
    return Question.objects.select_for_update().select_related(
        "review__partnership", "practitioner__person", "practitioner__identity").get(
        pk=question.pk)


@transaction.atomic
def bring_in_lead_reviewer(question: Question, *, by: User) -> Question:
    """The person the question went to asks the lead reviewer(s) to help; they may then answer."""
    question = _locked_question(question)
    review = question.review
    if not access.may_bring_in_lead_reviewer(by, review, question):
        raise PermissionDenied("Only the person the question went to, or the business manager, "
                               "brings in the lead reviewer.")
    if question.answered_on is not None:
        raise ValidationError("This question has been answered already.")
    if question.lead_reviewer_asked_at is not None:
        raise ValidationError("The lead reviewer has been asked already.")
    leads = selectors.lead_reviewers(review)
    if not leads:
        raise ValidationError("The review has no lead reviewer yet: answer the question "
                              "yourself, or appoint the lead reviewer first.")
    question.lead_reviewer_asked_at = timezone.now()
    question.save(update_fields=["lead_reviewer_asked_at"])
    for lead in leads:
        _queue(review, notices.QUESTION_FOR_LEAD_REVIEWER,
               dedupe_key=f"staff-question:{question.pk}:lead:{lead.pk}", label=lead.display_name,
               person=lead, by=by, purpose="a practitioner's question",
               extra={"questions_url": selectors.questions_url(review)})
    record("informing.lead_reviewer_asked", actor=by, review=review,
           summary="Brought the lead reviewer in to answer a practitioner's question",
           data={"question": question.pk})
    return question


@transaction.atomic
def answer_question(question: Question, *, by: User, answer: str,
                    answered_on: date | None = None) -> Question:
    """The answer, which the practitioner reads on their page; they are sent a notice that it is
    waiting, without it."""
    question = _locked_question(question)
    review = question.review
    if not access.may_answer_staff_question(by, review, question):
        raise PermissionDenied("Only the person the question went to, the business manager or, "
                               "once brought in, the lead reviewer answers it.")
    if question.answered_on is not None:
        raise ValidationError("This question has been answered already.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter your answer."})
    answered_on = answered_on or timezone.localdate()
    check_effective_date(answered_on, field="answered_on", what="The date it was answered",
                         not_before=question.asked_on, since="when it was asked")
    question.answer, question.answered_on, question.answered_by = answer, answered_on, by
    question.save(update_fields=["answer", "answered_on", "answered_by"])
    practitioner = question.practitioner
    notice = _queue(review, notices.QUESTION_ANSWERED,
                    dedupe_key=f"staff-question:{question.pk}:answered",
                    label=practitioner.identity.pseudonym, person=practitioner.person, by=by,
                    purpose="an answer to a practitioner's question",
                    extra={"page_url": selectors.page_url(review)})
    _log(review, practitioner.person, practitioner, Kind.QUESTION_ANSWERED,
         f"question-{question.pk}", notice, by=by, sent_on=answered_on)
    record("informing.question_answered", actor=by, review=review,
           summary="Answered a practitioner's question", data={"question": question.pk})
    return question


def mark_reminded(question: Question, on: date) -> None:
    Question.objects.filter(pk=question.pk, reminded_on__isnull=True).update(reminded_on=on)
