"""The action plan's hub page (everyone who reads the plan: VIEW_ACTION_PLAN), and the forms of
the business manager and the CSPR subgroup (MANAGE_ACTION_PLAN): the extraordinary meeting,
agreeing and editing an action, revising its due date, closing it with reasons; and reopening a
closed review's action plan (CHANGE_STAGE). Views stay thin: the rules are in actions.py, access
in reviewdesk.access. Free text people typed is shown through the viewer's redactor."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan import actions, rules, selectors
from reviewdesk.action_plan.forms import (
    ActionForm,
    CloseActionForm,
    MeetingForm,
    ReopenForm,
    ReviseDueDateForm,
)
from reviewdesk.action_plan.models import Action
from reviewdesk.reviews import transitions
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _page_url(review: Review, anchor: str = "") -> str:
    return reverse("action_plan:page", args=[review.uuid]) + (f"#{anchor}" if anchor else "")


def _action_of(review: Review, number: int) -> Action:
    """One of this review's actions: another review's is not found, as if it did not exist."""
    try:
        action = Action.objects.select_related("agency", "owner").get(review=review,
                                                                      number=number)
    except Action.DoesNotExist as exc:
        raise Http404("No such action") from exc
    action.review = review  # already fetched and authorised
    return action


def _owner(action: Action, names: Names) -> str:
    return (selectors.person(names, action.owner) if action.owner
            else names.redact(action.owner_name))


@login_required
@require_GET
def page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_ACTION_PLAN)
    user = _user(request)
    today = timezone.localdate()
    rows = selectors.plan(review, today)
    meetings = selectors.meetings_of(review)
    reopen = transitions.TRANSITIONS["reopen_action_plan"]
    return render(request, "action_plan/page.html", {
        "title": f"Action plan – {names.title}", "review": review, "names": names,
        "rows": [{"row": row, "owner": _owner(row.action, names),
                  "description": names.redact(row.action.description),
                  "revisions": [{"revision": r, "reason": names.redact(r.reason)}
                                for r in row.action.due_date_revisions.all()],
                  "closed_reason": names.redact(row.action.closed_reason),
                  # Its own page, with the owner's updates (reviewdesk.progress), where served.
                  "url": selectors.optional_url("progress:action", row.action.uuid)}
                 for row in rows],
        "counts": selectors.counts(rows), "rag_rule": rules.RAG_RULE, "today": today,
        "meetings": [{"meeting": m, "attendees": [selectors.person(names, p) for p in m.attendees.all()],
                      "others": [names.redact(line) for line in m.other_attendees.splitlines()
                                 if line.strip()],
                      "notes": names.redact(m.notes)} for m in meetings],
        "interim": actions.interim_clocks(review),
        "may_agree": actions.may_agree_actions(review),
        "may_manage": access.can(user, review, Permission.MANAGE_ACTION_PLAN),
        "may_reopen": (review.stage == Stage.CLOSED and not reopen.unmet(review)
                       and access.can(user, review, Permission.CHANGE_STAGE)),
        "links": {"findings": selectors.optional_url("findings:list", review.uuid),
                  "statement": selectors.optional_url("statement:page", review.uuid),
                  "briefings": selectors.optional_url("briefings:list", review.uuid),
                  "monitoring": selectors.optional_url("progress:monitoring")},
    })


@login_required
@require_http_methods(["GET", "POST"])
def record_meeting(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    form = MeetingForm(review, user, request.POST or None)
    if save_form(request, form, lambda data: actions.record_meeting(
            review, by=user, held_on=data["held_on"], attendees=list(data["attendees"]),
            other_attendees=data["other_attendees"], notes=data["notes"],
            on_behalf_of=data["on_behalf_of"]),
            "Meeting recorded. Agree its actions next."):
        return redirect(_page_url(review, "meetings"))
    return form_page(
        request, form, heading="Record the extraordinary subgroup meeting", caption=names.title,
        intro="At the review's conclusion the CSPR subgroup holds an extraordinary meeting with "
              "partners to agree the action each must take: record when it was held and who "
              "attended, then agree its actions one by one.",
        button="Record the meeting", back_url=_page_url(review),
        back_text="Back to the action plan", template="action_plan/form.html",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def agree_action(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    form = ActionForm(review, user, names, request.POST or None)
    if save_form(request, form, lambda data: actions.agree_action(
            review, by=user, meeting=data["meeting"], terms=form.terms(),
            due_on=data["due_on"], on_behalf_of=data["on_behalf_of"]),
            lambda action: f"Action {action.number} agreed. Its owner sees it on their page."):
        return redirect(_page_url(review, "actions"))
    no_meeting = "meeting" in form.fields and not form.fields["meeting"].queryset.exists()  # type: ignore[attr-defined]
    return form_page(
        request, form, heading="Agree an action", caption=names.title,
        intro="Every part is needed: what will be done and which recommendation (or interim "
              "learning) it answers, the agency and named owner, the due date, the success "
              "criteria and how its impact will be assessed.",
        button="Agree the action", back_url=_page_url(review),
        back_text="Back to the action plan", template="action_plan/form.html",
        context={"review": review, "names": names, "no_meeting": no_meeting,
                 "meeting_url": reverse("action_plan:record_meeting", args=[review.uuid])})


@login_required
@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    action = _action_of(review, number)
    form = ActionForm(review, user, names, request.POST or None, action=action)
    if save_form(request, form, lambda data: actions.edit_action(
            action, by=user, terms=form.terms(), version=data.get("version"),
            on_behalf_of=data["on_behalf_of"]), f"Action {action.number} saved."):
        return redirect(_page_url(review, f"action-{action.number}"))
    return form_page(
        request, form, heading=f"Change action {action.number}", caption=names.title,
        intro="To move the due date, revise it with a reason instead: the original is kept.",
        button="Save the action", back_url=_page_url(review, f"action-{action.number}"),
        back_text="Back to the action plan", template="action_plan/form.html",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def revise_due_date(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    action = _action_of(review, number)
    form = ReviseDueDateForm(action, user, request.POST or None)
    if save_form(request, form, lambda data: actions.revise_due_date(
            action, by=user, new_due_on=data["new_due_on"], reason=data["reason"],
            decided_on=data["decided_on"], version=data.get("version"),
            on_behalf_of=data["on_behalf_of"]),
            lambda revision: f"Action {action.number} is now due on "
                             f"{revision.new_due_on:%-d %B %Y}. Its original due date, "
                             f"{action.original_due_on:%-d %B %Y}, is kept."):
        return redirect(_page_url(review, f"action-{action.number}"))
    return form_page(
        request, form, heading=f"Revise action {action.number}'s due date", caption=names.title,
        intro=f"It is due on {action.due_on:%-d %B %Y} (originally "
              f"{action.original_due_on:%-d %B %Y}). A revised due date needs a reason; the "
              "original is kept, and reminders start again for the new date.",
        button="Revise the due date", back_url=_page_url(review, f"action-{action.number}"),
        back_text="Back to the action plan", template="action_plan/form.html",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def close_action(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    action = _action_of(review, number)
    form = CloseActionForm(action, user, request.POST or None)
    if save_form(request, form, lambda data: actions.close_action(
            action, by=user, reason=data["reason"], closed_on=data["closed_on"],
            version=data.get("version"), on_behalf_of=data["on_behalf_of"]),
            f"Action {action.number} closed with the subgroup's reasons."):
        return redirect(_page_url(review, f"action-{action.number}"))
    return form_page(
        request, form, heading=f"Close action {action.number} with reasons", caption=names.title,
        intro="Close an action the subgroup agrees will not be done or has been overtaken. It "
              "then counts as concluded when the review is closed, with the reasons kept.",
        button="Close the action", back_url=_page_url(review, f"action-{action.number}"),
        back_text="Back to the action plan", template="action_plan/form.html", warning=True,
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.CHANGE_STAGE)
    user = _user(request)
    form = ReopenForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.reopen_action_plan(
            review, by=user, reason=data["reason"], effective_on=data["effective_on"],
            on_behalf_of=data["on_behalf_of"]),
            "The action plan is reopened: the review is back at the action plan stage."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading="Reopen the action plan", caption=names.title,
        intro="The closed review goes back to the action plan stage, so the subgroup can agree "
              "more actions and monitor them. The reason is kept on the review's timeline.",
        button="Reopen the action plan", back_url=_page_url(review),
        back_text="Back to the action plan", template="action_plan/form.html",
        context={"review": review, "names": names})
