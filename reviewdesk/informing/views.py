"""Telling staff and keeping them informed: the business manager's page (who has been told,
with each notice's delivery), the preview and sending of the telling notice, the expected dates
and the digest; a practitioner's question from their own page, and the questions page of those
who answer them. The "About this review" section of the practitioner's page. Views stay thin:
rules in actions.py, access in reviewdesk.access.
"""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.informing import actions, selectors
from reviewdesk.informing.forms import AnswerForm, AskForm, DigestForm, ExpectedDatesForm, TellForm
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form
from reviewdesk.staff import selectors as staff_selectors
from reviewdesk.staff.models import Practitioner, Question, StaffUpdate


def _back(review: Review) -> str:
    return reverse("informing:staff", args=[review.uuid])


@login_required
@require_GET
def staff(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """The business manager's page: each practitioner, told or not, and each update's delivery."""
    review, names = review_for(request, review_uuid, Permission.INFORM_STAFF)
    record("informing.staff_viewed", review=review,
           summary="Read who has been told about the review")
    practitioners = list(staff_selectors.practitioners_of(review))
    updates: dict[int, list[StaffUpdate]] = {}
    for update in (review.staff_updates.filter(notice__isnull=False)
                   .select_related("notice").order_by("sent_on", "pk")):
        updates.setdefault(update.person_id, []).append(update)
    rows = [{"practitioner": p, "name": names.entry(p.identity),
             "manager": names.user(p.manager) if p.manager else "",
             "updates": updates.get(p.person_id, [])} for p in practitioners]
    return render(request, "informing/staff.html", {
        "title": f"Telling staff – {names.title}", "review": review, "names": names,
        "rows": rows, "waiting": [p for p in practitioners if p.told_on is None],
        "expected": selectors.expected(review), "digest": selectors.email_digest(review),
        "questions": len(selectors.questions_for(cast(User, request.user), review)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def tell(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.INFORM_STAFF)
    user = cast(User, request.user)
    waiting = actions.not_yet_told(review)
    form = TellForm(user, request.POST or None)

    def say(result: actions.Told) -> str:
        told = len(result.told)
        text = f"{told} {'practitioner' if told == 1 else 'practitioners'} told about the review."
        if result.refused:
            text += (f" {len(result.refused)} not told: the advice in force says no contact "
                     "with them.")
        return text

    if save_form(request, form, lambda data: actions.tell_practitioners(
            review, by=user, told_on=data["told_on"], on_behalf_of=data["on_behalf_of"]), say):
        return redirect("informing:staff", review.uuid)
    subject, body = actions.preview(review, waiting[0]) if waiting else ("", "")
    if request.method == "GET":
        record("informing.preview_viewed", review=review,
               summary="Previewed the notice telling practitioners about the review")
    return form_page(
        request, form, heading="Tell practitioners about the review", caption=names.title,
        intro=("Each practitioner below is sent their own notice from the 'Staff: telling a "
               "practitioner about the review' template (the business manager changes its "
               "wording on the notice templates page). Check it first: this is the notice "
               "the first of them will get." if waiting else
               "Everyone on the practitioner list has been told."),
        button="Send the notices", back_url=_back(review), back_text="Back to telling staff",
        template="informing/tell.html",
        context={"review": review, "names": names, "subject": names.redact(subject),
                 "body": names.redact(body),
                 "recipients": [{"name": names.entry(p.identity), "agency": p.agency.name}
                                for p in waiting]})


@login_required
@require_http_methods(["GET", "POST"])
def expected_dates(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.INFORM_STAFF)
    user = cast(User, request.user)
    form = ExpectedDatesForm(review, selectors.coming_stages(review), request.POST or None)
    if save_form(request, form, lambda data: actions.set_expected_dates(
            review, by=user, dates=form.dates()),
            "Expected dates saved. Staff see them on their page, as expectations."):
        return redirect("informing:staff", review.uuid)
    return form_page(
        request, form, heading="Expected dates for the coming stages", caption=names.title,
        intro="Staff see these on their page beside the review's progress, as expectations, not "
              "promises: set them when you can, and change them when plans change.",
        button="Save the dates", back_url=_back(review), back_text="Back to telling staff",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def digest(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.INFORM_STAFF)
    user = cast(User, request.user)
    form = DigestForm(request.POST or None, initial={
        "email_digest": "yes" if selectors.email_digest(review) else "no"})
    if save_form(request, form, lambda data: actions.set_email_digest(
            review, by=user, email_digest=data["email_digest"]), "Your choice is saved."):
        return redirect("informing:staff", review.uuid)
    return form_page(
        request, form, heading="E-mail digest of the review's progress", caption=names.title,
        button="Save", back_url=_back(review), back_text="Back to telling staff",
        context={"review": review, "names": names})


# --- Questions ------------------------------------------------------------------------------------

def _own_practitioner(request: HttpRequest, review: Review) -> Practitioner:
    access.require(cast(User, request.user), review, Permission.ACT_AS_PRACTITIONER)
    practitioner = staff_selectors.practitioner_for(cast(User, request.user), review)
    if practitioner is None:
        raise PermissionDenied("You are not on this review's practitioner list yet: ask the "
                               "business manager.")
    return practitioner


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    practitioner = _own_practitioner(request, review)
    user = cast(User, request.user)
    form = AskForm(request.POST or None)
    rep = selectors.rep_for(review, practitioner.agency)
    goes_to = (f"{rep.display_name}, your agency's representative on the CSPR subgroup for this "
               "review" if rep else "the partnership's business manager")
    if save_form(request, form, lambda data: actions.ask_question(
            practitioner, by=user, text=data["text"]),
            f"Your question has gone to {goes_to}. You will read the answer on this page."):
        return redirect(reverse("reviews:review", args=[review.uuid]) + "#your-questions")
    return form_page(
        request, form, heading="Ask a question about the review", caption=names.title,
        intro=f"Your question goes to {goes_to}, who may bring in the lead reviewer. You will "
              "get an e-mail when the answer is waiting on your page.",
        button="Send your question",
        back_url=reverse("reviews:review", args=[review.uuid]), back_text="Back to the review",
        context={"review": review, "names": names})


@login_required
@require_GET
def questions(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    user = cast(User, request.user)
    if not access.may_read_staff_questions(user, review):
        raise PermissionDenied("Practitioners' questions are read by the person each went to, "
                               "the business manager and the lead reviewer once brought in.")
    record("informing.questions_viewed", review=review, summary="Read practitioners' questions")
    shown = [_shown(q, names, user, review) for q in selectors.questions_for(user, review)]
    return render(request, "informing/questions.html", {
        "title": f"Practitioners' questions – {names.title}", "review": review, "names": names,
        "questions": shown,
    })


def _shown(question: Question, names: Names, user: User, review: Review) -> dict[str, object]:
    return {"question": question, "text": names.redact(question.text),
            "answer": names.redact(question.answer),
            "who": f"{names.entry(question.practitioner.identity)}, "
                   f"{question.practitioner.agency.name}",
            "routed_to": names.user(question.routed_to),
            "answered_by": names.user(question.answered_by) if question.answered_by else "",
            "due_on": selectors.question_due_on(question),
            "may_bring_in": (question.answered_on is None
                             and question.lead_reviewer_asked_at is None
                             and access.may_bring_in_lead_reviewer(user, review, question))}


def _question_for(request: HttpRequest, review: Review, question_pk: int) -> Question:
    question = (review.staff_questions.select_related(
        "practitioner__identity", "practitioner__agency", "routed_to", "answered_by")
        .filter(pk=question_pk).first())
    if question is None:
        raise Http404("No such question")
    if not access.may_answer_staff_question(cast(User, request.user), review, question):
        raise PermissionDenied("Only the person the question went to, the business manager and, "
                               "once brought in, the lead reviewer read and answer it.")
    return question


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, review_uuid: str, question_pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    user = cast(User, request.user)
    question = _question_for(request, review, question_pk)
    if request.method == "GET":
        record("informing.question_viewed", review=review,
               summary="Read a practitioner's question", data={"question": question.pk})
    form = AnswerForm(request.POST or None)
    if save_form(request, form, lambda data: actions.answer_question(
            question, by=user, answer=data["answer"]),
            "Answer saved. The practitioner has been told an answer is waiting on their page."):
        return redirect("informing:questions", review.uuid)
    return form_page(
        request, form, heading="Answer a practitioner's question", caption=names.title,
        button="Send the answer", back_url=reverse("informing:questions", args=[review.uuid]),
        back_text="Back to the questions", template="informing/answer.html",
        context={"review": review, "names": names,
                 "shown": _shown(question, names, user, review)})


@login_required
@require_POST
def bring_in_lead_reviewer(request: HttpRequest, review_uuid: str,
                           question_pk: int) -> HttpResponse:
    review, _ = review_for(request, review_uuid)
    user = cast(User, request.user)
    question = _question_for(request, review, question_pk)
    if not access.may_bring_in_lead_reviewer(user, review, question):
        raise PermissionDenied("Only the person the question went to, or the business manager, "
                               "brings in the lead reviewer.")
    run_action(request, lambda: actions.bring_in_lead_reviewer(question, by=user),
               "The lead reviewer has been asked to help; they may answer it themselves.")
    return redirect("informing:questions", review.uuid)


# --- Sections -------------------------------------------------------------------------------------

def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review's page: the business manager's way to telling staff, and the questions
    waiting for whoever answers them."""
    user = cast(User, request.user)
    informs = access.can(user, review, Permission.INFORM_STAFF)
    if not (informs or access.may_read_staff_questions(user, review)):
        return None
    mine = selectors.questions_for(user, review)
    waiting = sum(1 for q in mine if q.answered_on is None)
    if not informs and not mine:
        return None
    told = not_told = 0
    if informs:
        for told_on in staff_selectors.practitioners_of(review).values_list("told_on", flat=True):
            told, not_told = (told + 1, not_told) if told_on else (told, not_told + 1)
    return Section(template="informing/_section.html", order=60,
                   context={"informs": informs, "told": told, "not_told": not_told,
                            "waiting": waiting, "questions": len(mine)})


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The practitioner's "About this review": why, what it expects to achieve and involves,
    what is expected of them, how long, the terms of reference, who to ask, support (always),
    the advice in force, progress with expected dates, and their questions and answers."""
    user = cast(User, request.user)
    practitioner = staff_selectors.practitioner_for(user, review)
    if practitioner is None:
        return None
    found = selectors.about(review, practitioner, names)
    asked = [{"question": q, "text": names.redact(q.text), "answer": names.redact(q.answer),
              "routed_to": names.user(q.routed_to)} for q in selectors.questions_of(practitioner)]
    return Section(template="informing/_about.html", order=5,
                   context={"about": found, "asked": asked,
                            "may_ask": access.can(user, review, Permission.ACT_AS_PRACTITIONER)})
