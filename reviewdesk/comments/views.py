"""The comment rounds' pages. Views stay thin: who may do what in reviewdesk.access, every change
and download in actions.py, what a round is and who comments in selectors.py.

Comments and answers are typed text about a draft: always shown through the viewer's redactor
(``names.redact``), never in a title, a notice or an audit summary. Rounds are numbered within
their review (round 1, 2, 3…)."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.comments import actions, exports, selectors
from reviewdesk.comments.forms import AnswerForm, CloseRoundForm, CommentForm, OpenRoundForm
from reviewdesk.reports.models import Comment, CommentRound
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form

HELP = "report-comments"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _round_for(review: Review, number: int) -> CommentRound:
    round_ = get_object_or_404(CommentRound.objects.select_related(
        "version", "answered_by", "recorded_by", "on_behalf_of").defer("version__outline"),
        review=review, number=number)
    round_.review = review  # already fetched and authorised
    return round_


def _round_url(round_: CommentRound, anchor: str = "") -> str:
    return reverse("comments:round", args=[round_.review.uuid, round_.number]) + anchor


def _is_lead_reviewer(request: HttpRequest, review: Review) -> bool:
    return ReviewRole.LEAD_REVIEWER in access.review_roles(_user(request), review)


@login_required
def open_round(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_REPORT)
    form = OpenRoundForm(review, request.POST if request.method == "POST" else None)
    created: list[CommentRound] = []

    def act(data: dict) -> CommentRound:
        created.append(actions.open_round(
            review, by=_user(request), version=data["version"],
            working_days=data["working_days"], opened_on=data["opened_on"]))
        return created[0]

    if save_form(request, form, act, lambda r: f"Round {r.number} is open: comments are taken "
                                               f"until the end of {r.closes_on:%-d %B %Y}."):
        return redirect(_round_url(created[0]))
    current = selectors.in_progress(review)
    latest = selectors.latest_version(review)
    return form_page(
        request, form, heading="Open a round of comments", button="Open the round",
        back_url=reverse("reviews:review", args=[review.uuid]), back_text="Back to the review",
        caption=names.title, template="comments/open.html",
        intro="The review's subgroup members and the three safeguarding partners are asked to "
              "comment on the version you choose. They are reminded 2 working days before the "
              "round closes if they have not commented.",
        context={"review": review, "names": names, "current": current, "latest": latest,
                 "help": HELP})


@login_required
@require_GET
def round_page(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    round_ = _round_for(review, number)
    user = _user(request)
    today = timezone.localdate()
    state = selectors.state(round_, today)
    comments = exports.comments_of(round_)
    manager = access.can(user, review, Permission.MANAGE_REPORT)
    may_comment = access.can(user, review, Permission.COMMENT_ON_REPORT) and (
        manager or selectors.is_commenter(user, review))
    may_answer = access.can(user, review, Permission.ANSWER_COMMENTS)
    # Reading comments on a draft is reading the draft's discussion: recorded.
    record("comments.round_viewed", review=review,
           summary=f"Viewed comment round {round_.number}",
           data={"round": round_.pk, "tier": int(names.tier)})
    return render(request, "comments/round.html", {
        "title": f"Comments on version {round_.version.number} of the report – {names.title}",
        "review": review, "names": names, "round": round_, "state": state,
        "state_label": selectors.STATE_LABELS[state],
        "state_colour": selectors.STATE_COLOURS[state],
        "comments": [(c, selectors.who_speaks(c)) for c in comments],
        "unanswered": sum(1 for c in comments if not c.answer),
        "commented": any(c.author_id == user.pk for c in comments),
        "may_comment": may_comment and state != selectors.ANSWERED
                       and (state == selectors.TAKING or manager),
        "closed_to_you": may_comment and not manager and state == selectors.CLOSED,
        "may_answer": may_answer and state != selectors.ANSWERED,
        "may_close": may_answer and state == selectors.CLOSED,
        "manager": manager, "help": HELP,
        "waiting": ([p for p in selectors.commenters(review)
                     if p.pk not in {c.author_id for c in comments}]
                    if manager and state == selectors.TAKING else []),
    })


@login_required
def comment(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.COMMENT_ON_REPORT)
    round_ = _round_for(review, number)
    manager = access.can(_user(request), review, Permission.MANAGE_REPORT)
    form = CommentForm(round_, review, request.POST if request.method == "POST" else None,
                       manager=manager, redact=names.redact)

    def act(data: dict) -> Comment:
        return actions.make_comment(
            round_, by=_user(request), text=data["text"], block=form.block_index(),
            author=data.get("author"), made_on=data.get("made_on"),
            late_reason=data.get("late_reason", ""))

    if save_form(request, form, act, lambda c: "Comment accepted late and recorded." if c.late
                 else "Comment recorded. The lead reviewer will answer it."):
        return redirect(_round_url(round_, "#comments"))
    today = timezone.localdate()
    return form_page(
        request, form, heading=f"Comment on version {round_.version.number} of the report",
        button="Save the comment", back_url=_round_url(round_), back_text="Back to the round",
        caption=names.title, template="comments/comment.html",
        intro=f"Round {round_.number} takes comments until the end of "
              f"{round_.closes_on:%-d %B %Y}. Write each point as its own comment, on the "
              "paragraph it is about, so the lead reviewer can answer each one.",
        context={"review": review, "names": names, "round": round_, "help": HELP,
                 "closed": today > round_.closes_on})


@login_required
def answer(request: HttpRequest, review_uuid: str, number: int, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.ANSWER_COMMENTS)
    round_ = _round_for(review, number)
    found = get_object_or_404(Comment.objects.select_related("author", "agency", "changed_in"),
                              pk=pk, round=round_)
    found.round = round_
    on_behalf = not _is_lead_reviewer(request, review)
    initial = {"answer": found.answer, "changed_in": found.changed_in_id,
               "answer_text": found.answer_text} if found.answer else None
    form = AnswerForm(found, review, request.POST if request.method == "POST" else None,
                      on_behalf=on_behalf, initial=initial)

    def act(data: dict) -> Comment:
        return actions.answer_comment(
            found, by=_user(request), answer=data["answer"], changed_in=data.get("changed_in"),
            answer_text=data.get("answer_text", ""), answered_on=data["answered_on"],
            on_behalf_of=data.get("on_behalf_of"))

    if save_form(request, form, act, "Answer saved."):
        return redirect(_round_url(round_, f"#comment-{found.pk}"))
    return form_page(
        request, form, heading="Answer a comment", button="Save the answer",
        back_url=_round_url(round_, f"#comment-{found.pk}"), back_text="Back to the round",
        caption=names.title, template="comments/answer.html",
        context={"review": review, "names": names, "round": round_, "comment": found,
                 "speaks_for": selectors.who_speaks(found), "help": HELP})


@login_required
def close_round(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.ANSWER_COMMENTS)
    round_ = _round_for(review, number)
    on_behalf = not _is_lead_reviewer(request, review)
    form = CloseRoundForm(review, request.POST if request.method == "POST" else None,
                          on_behalf=on_behalf)

    def act(data: dict) -> CommentRound:
        return actions.close_round(round_, by=_user(request), answered_on=data["answered_on"],
                                   on_behalf_of=data.get("on_behalf_of"))

    if save_form(request, form, act, f"Round {round_.number} is closed as answered."):
        return redirect(_round_url(round_))
    waiting = selectors.unanswered(round_)
    return form_page(
        request, form, heading=f"Close round {round_.number} as answered",
        button="Close the round as answered", back_url=_round_url(round_),
        back_text="Back to the round", caption=names.title,
        intro=(f"{waiting} comment{' has' if waiting == 1 else 's have'} no answer yet: the "
               "round can be closed once every comment is answered." if waiting else
               "Every comment has an answer. Once closed, the round's comments and answers are "
               "kept as they are, with this version."),
        context={"review": review, "names": names})


@login_required
@require_GET
def download_log(request: HttpRequest, review_uuid: str, number: int, kind: str) -> HttpResponse:
    if kind not in exports.KINDS:
        raise Http404("No such download")
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    round_ = _round_for(review, number)
    try:
        data = actions.comment_log(round_, by=_user(request), kind=kind, names=names)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_round_url(round_))
    response = HttpResponse(data, content_type=exports.KINDS[kind])
    response["Content-Disposition"] = content_disposition_header(
        True, f"{review.reference}-comments-round-{round_.number}.{kind}")
    return response
