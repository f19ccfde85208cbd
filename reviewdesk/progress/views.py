"""An owner's actions, one action's page with its history and forms, and the subgroup's
monitoring view with its download. Views stay thin: the rules are in actions.py, access in
reviewdesk.access and here in ``_action_for``. Free text is shown through the viewer's redactor
for the action's review."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan import rules
from reviewdesk.action_plan.models import Action, EvidenceFile
from reviewdesk.audit.services import record
from reviewdesk.progress import actions, monitoring_file, selectors
from reviewdesk.progress.forms import (
    AcceptImpactForm,
    CompleteForm,
    ImpactForm,
    MonitoringFilterForm,
    MonitoringMeetingForm,
    UpdateForm,
)
from reviewdesk.reviews.names import Names
from reviewdesk.shortcuts import login_required, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _action_for(request: HttpRequest, action_uuid: Any, *, change: bool = False
                ) -> tuple[Action, Names]:
    """The action and the names as this viewer may see them. Its owner may open it whatever
    their part in the review; anyone else as for the review (404 if they cannot know it
    exists), then VIEW_ACTION_PLAN (MANAGE_ACTION_PLAN to change it) or 403."""
    user = _user(request)
    try:
        action = selectors.action_query().get(uuid=action_uuid)
    except (Action.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such action") from exc
    if not access.owns_action(user, action):
        review = access.get_review_for(user, action.review.uuid)
        access.require(user, review, Permission.MANAGE_ACTION_PLAN if change
                       else Permission.VIEW_ACTION_PLAN)
    return action, Names(action.review, user)


def _page(action: Action) -> str:
    return reverse("progress:action", args=[action.uuid])


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    found = selectors.my_actions(user)
    names = selectors.names_for(user, list({a.review_id: a.review for a in found}.values()))
    rows = [{"action": a, "names": names[a.review_id], "rating": rules.rating(a, today),
             "description": names[a.review_id].redact(a.description)} for a in found]
    return render(request, "progress/my_actions.html", {
        "title": "Your actions", "open": [r for r, a in zip(rows, found, strict=True) if a.is_open],
        "done": [r for r, a in zip(rows, found, strict=True) if not a.is_open],
        "rag_rule": rules.RAG_RULE,
    })


def _render_action(request: HttpRequest, action: Action, names: Names,
                   forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    forms = forms or {}
    may_update = actions.may_update(user, action)
    may_manage = access.can(user, action.review, Permission.MANAGE_ACTION_PLAN)
    may_read_plan = access.can(user, action.review, Permission.VIEW_ACTION_PLAN)
    is_open = action.is_open
    completed = action.status == Action.Status.COMPLETED
    return render(request, "progress/action.html", {
        "title": f"Action {action.number} – {names.title}", "action": action, "names": names,
        "review": action.review, "rating": rules.rating(action, today),
        "rag_rule": rules.RAG_RULE, "today": today,
        "description": names.redact(action.description),
        "owner": selectors.owner_label(action, names),
        "success_criteria": names.redact(action.success_criteria),
        "impact_measure": names.redact(action.impact_measure),
        "impact_source": names.redact(action.impact_source),
        "completion_evidence": names.redact(action.completion_evidence),
        "impact_evidence": names.redact(action.impact_evidence),
        "closed_reason": names.redact(action.closed_reason),
        "recommendations": [(r.number, names.redact(r.text))
                            for r in action.recommendations.order_by("number")],
        "history": selectors.history_of(action, names),
        "is_owner": access.owns_action(user, action),
        "for_someone": may_update and not access.owns_action(user, action),
        "may_read_plan": may_read_plan,
        "update_form": forms.get("update") or (UpdateForm(prefix="update")
                                               if may_update and is_open else None),
        "complete_form": forms.get("complete") or (
            CompleteForm(action, prefix="complete") if may_update and is_open else None),
        "impact_form": forms.get("impact") or (
            ImpactForm(action, prefix="impact") if may_update and completed else None),
        "accept_form": forms.get("accept") or (
            AcceptImpactForm(action, prefix="accept") if may_manage and completed else None),
        "may_record_meeting": actions.may_record_monitoring(user),
    }, status=status)


@login_required
@require_GET
def action(request: HttpRequest, action_uuid: str) -> HttpResponse:
    found, names = _action_for(request, action_uuid)
    return _render_action(request, found, names)


def _for_update(request: HttpRequest, action_uuid: str) -> tuple[Action, Names]:
    found, names = _action_for(request, action_uuid)
    if not actions.may_update(_user(request), found):
        raise PermissionDenied(actions.OWNER_OR_SUBGROUP)
    return found, names


@login_required
@require_POST
def post_update(request: HttpRequest, action_uuid: str) -> HttpResponse:
    found, names = _for_update(request, action_uuid)
    form = UpdateForm(request.POST, request.FILES, prefix="update")
    if save_form(request, form, lambda data: actions.post_update(
            found, by=_user(request), text=data["text"], written_on=data["written_on"],
            files=form.uploads()), "Your update is added to the action's history."):
        return redirect(_page(found) + "#history")
    return _render_action(request, found, names, {"update": form})


@login_required
@require_POST
def complete(request: HttpRequest, action_uuid: str) -> HttpResponse:
    found, names = _for_update(request, action_uuid)
    form = CompleteForm(found, request.POST, request.FILES, prefix="complete")
    if save_form(request, form, lambda data: actions.complete(
            found, by=_user(request), completed_on=data["completed_on"],
            evidence=data["evidence"], files=form.uploads(), version=data["version"]),
            "The action is marked completed. Next, add the evidence of its impact against the "
            "success criteria."):
        return redirect(_page(found))
    return _render_action(request, found, names, {"complete": form})


@login_required
@require_POST
def add_impact(request: HttpRequest, action_uuid: str) -> HttpResponse:
    found, names = _for_update(request, action_uuid)
    form = ImpactForm(found, request.POST, request.FILES, prefix="impact")
    if save_form(request, form, lambda data: actions.add_impact_evidence(
            found, by=_user(request), evidence=data["evidence"], written_on=data["written_on"],
            files=form.uploads(), version=data["version"]),
            "The impact evidence is added. The CSPR subgroup considers it at a monitoring "
            "meeting."):
        return redirect(_page(found))
    return _render_action(request, found, names, {"impact": form})


@login_required
@require_POST
def accept_impact(request: HttpRequest, action_uuid: str) -> HttpResponse:
    found, names = _action_for(request, action_uuid, change=True)
    form = AcceptImpactForm(found, request.POST, prefix="accept")
    if save_form(request, form, lambda data: actions.accept_impact(
            found, by=_user(request), meeting=data["meeting"], note=data["note"],
            version=data["version"]),
            "Impact shown: the subgroup's acceptance is recorded."):
        return redirect(_page(found))
    return _render_action(request, found, names, {"accept": form})


@login_required
@require_GET
def evidence(request: HttpRequest, action_uuid: str, file_pk: int) -> HttpResponse:
    found, _names = _action_for(request, action_uuid)
    try:
        kept = EvidenceFile.objects.get(pk=file_pk, update__action=found)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404("No such file") from exc
    try:
        data = actions.evidence_file(kept, found, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page(found) + "#history")
    response = HttpResponse(data, content_type=kept.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, kept.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filters(request: HttpRequest) -> selectors.Filters:
    """The query string, read leniently: a value that matches nothing shows nothing."""
    get = request.GET

    def number(name: str) -> int | None:
        return selectors.whole_number(get.get(name, ""))

    return selectors.Filters(
        review=get.get("review", "")[:40], agency=number("agency"),
        owner=get.get("owner", "")[:210], theme=number("theme"),
        status=get.get("status", "")[:20], overdue=get.get("overdue") in {"on", "true", "1"})


def _may_monitor(request: HttpRequest) -> User:
    user = _user(request)
    access.require_partnership(access.may_monitor_actions(user),
                               "and the partnership's oversight roles monitor actions")
    return user


def _pagination(view: selectors.Monitoring, query: str) -> dict[str, Any] | None:
    """govukPagination's parameters: previous, next and each page, keeping the filters."""
    if view.pages <= 1:
        return None

    def href(n: int) -> str:
        return "?" + "&".join(part for part in (query, f"page={n}") if part)

    params: dict[str, Any] = {"items": [
        {"number": n, "href": href(n), "current": n == view.page} for n in range(1, view.pages + 1)
        if n in (1, view.pages) or abs(n - view.page) <= 2] }
    if view.page > 1:
        params["previous"] = {"href": href(view.page - 1)}
    if view.page < view.pages:
        params["next"] = {"href": href(view.page + 1)}
    return params


@login_required
@require_GET
def monitoring(request: HttpRequest) -> HttpResponse:
    user = _may_monitor(request)
    today = timezone.localdate()
    filters = _filters(request)
    view = selectors.monitoring(user, filters, today,
                                page=selectors.whole_number(request.GET.get("page", "")) or 1)
    form = MonitoringFilterForm(request.GET or None)
    form.set_choices(view)
    kept = request.GET.copy()
    kept.pop("page", None)
    query = kept.urlencode()
    return render(request, "progress/monitoring.html", {
        "title": "Monitoring actions", "view": view, "form": form, "filters": filters,
        "rag_rule": rules.RAG_RULE, "query": query, "pagination": _pagination(view, query),
        "download_url": reverse("progress:monitoring_download") + (f"?{query}" if query else ""),
        "may_record_meeting": actions.may_record_monitoring(user),
        "meetings": selectors.monitoring_meetings(user.partnership_id)[:5]
        if user.partnership_id else [],
        "status_labels": dict(Action.Status.choices),
    })


@login_required
@require_GET
def monitoring_download(request: HttpRequest) -> HttpResponse:
    user = _may_monitor(request)
    today = timezone.localdate()
    filters = _filters(request)
    view = selectors.monitoring(user, filters, today, page_size=None)
    data = monitoring_file.workbook(view, filters)
    record("progress.monitoring_exported", actor=user, partnership_id=user.partnership_id,
           summary="Downloaded the monitoring view of actions",
           data={"actions": len(view.rows), "filters": {
               k: v for k, v in filters.__dict__.items() if v}})
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(
        True, f"actions-{today:%Y-%m-%d}.xlsx")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def record_meeting(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not actions.may_record_monitoring(user):
        raise PermissionDenied("Only the business manager and the CSPR subgroup record a "
                               "monitoring meeting.")
    form = MonitoringMeetingForm(user, request.POST or None)
    back = reverse("progress:monitoring")
    if save_form(request, form, lambda data: actions.record_monitoring_meeting(
            by=user, held_on=data["held_on"], attendees=list(data["attendees"]),
            other_attendees=data["other_attendees"], notes=data["notes"]),
            "Monitoring meeting recorded. Choose it on an action's page to accept the action's "
            "impact."):
        return redirect(back)
    return render(request, "progress/meeting_form.html", {
        "title": "Record a monitoring meeting", "heading": "Record a monitoring meeting",
        "caption": "", "form": form, "button": "Record the meeting", "back_url": back,
        "back_text": "Back to monitoring actions",
        "intro": "The CSPR subgroup monitors the partnership's actions at its meetings, and "
                 "accepts an action's impact at one. Record the meeting here, then accept each "
                 "action's impact from its page.",
    })
