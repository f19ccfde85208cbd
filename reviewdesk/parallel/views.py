"""A review's parallel processes: the list with each status history, a form to add one and a
form to record a change of status; the panel at the top of every page of the review and the
section on its page. Views stay thin: rules in actions.py, access in reviewdesk.access.

The advice to staff: the advice in force and its history, setting, lifting and
acknowledging it. Views stay thin: the rules are in actions.py, access in reviewdesk.access.
"""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.parallel import actions, selectors
from reviewdesk.parallel.forms import (
    LiftAdviceForm,
    LiftRestrictionForm,
    ProcessForm,
    SetAdviceForm,
    StatusForm,
)
from reviewdesk.parallel.models import (
    Advice,
    ChronologyRestriction,
    NoContact,
    ParallelProcess,
    ProcessState,
    TopicRestriction,
)
from reviewdesk.parallel.restrictions import advice_in_force
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form


@login_required
@require_GET
def processes(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PARALLEL_PROCESSES)
    user = cast(User, request.user)  # signed in (login_required)
    return render(request, "parallel/processes.html", {
        "title": f"Parallel processes – {names.title}", "review": review, "names": names,
        "processes": selectors.processes_with_history(review),
        "may_manage": access.can(user, review, Permission.MANAGE_PARALLEL_PROCESSES),
    })


@login_required
@require_http_methods(["GET", "POST"])
def add_process(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PARALLEL_PROCESSES)
    user = cast(User, request.user)  # signed in (login_required)
    form = ProcessForm(user, request.POST or None)

    def save(data: dict) -> ParallelProcess:
        return actions.record_process(
            review, by=user, kind=data["kind"], other_kind=data["other_kind"],
            reference=data["reference"], lead_name=data["lead_name"],
            lead_role=data["lead_role"], lead_agency=data["lead_agency"],
            lead_contact=data["lead_contact"], opened_on=data["opened_on"], note=data["note"],
            on_behalf_of=data["on_behalf_of"])

    if save_form(request, form, save,
                 lambda p: f"The {actions.lower_first(p.kind_label)} is recorded as open."):
        return redirect("parallel:processes", review.uuid)
    return form_page(
        request, form, heading="Add a parallel process", caption=names.title,
        intro="A police investigation, a charging decision or prosecution, an inquest, family "
              "proceedings, or a reporting restriction or other court order running beside the "
              "review. Everyone on the review sees it while it is open.",
        button="Add the process", back_url=reverse("parallel:processes", args=[review.uuid]),
        back_text="Back to the parallel processes",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def record_status(request: HttpRequest, review_uuid: str, process_pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PARALLEL_PROCESSES)
    user = cast(User, request.user)  # signed in (login_required)
    process = _process_for(review, process_pk)
    now = ProcessState(process.state)
    form = StatusForm(user, sorted(actions.NEXT_STATES[now]), request.POST or None)

    def save(data: dict) -> str:
        status = actions.record_process_status(
            process, by=user, state=data["state"], effective_on=data["effective_on"],
            listed_for=data["listed_for"], outcome=data["outcome"], note=data["note"],
            on_behalf_of=data["on_behalf_of"])
        return (f"The {actions.lower_first(process.kind_label)} is recorded as "
                f"{actions.STATE_WORDS[ProcessState(status.state)]}.")

    if save_form(request, form, save, str):
        return redirect("parallel:processes", review.uuid)
    return form_page(
        request, form, heading=f"Record a change: {names.redact(process.kind_label)}",
        caption=names.title,
        intro=f"It is {actions.STATE_WORDS[now]} now. Record what happened on the day "
              "it happened; the history keeps every change.",
        button="Record the change", back_url=reverse("parallel:processes", args=[review.uuid]),
        back_text="Back to the parallel processes",
        context={"review": review, "names": names})


def _process_for(review: Review, process_pk: int) -> ParallelProcess:
    """One of this review's processes: another review's is not found, as if it did not exist."""
    try:
        return review.parallel_processes.get(pk=process_pk)
    except ParallelProcess.DoesNotExist as exc:
        raise Http404("No such process") from exc


def review_panel(request: HttpRequest, review: Review, names: Names | None) -> Section | None:
    """"Processes open now" at the top of every page of the review, when any is open (the advice
    in force joins it there). It brings its own names when the page has none."""
    user = cast(User, request.user)
    context = selectors.panel(review, user)
    if context is None or not (context["processes"] or context["advice"]):
        return None
    names = names or Names(review, user)
    if context["advice"] is not None:
        context["advice"] = selectors.advice_panel(review, user, names, context["advice"])
        if not (context["processes"] or context["advice"]):
            return None  # advice only, for someone who does not read it (the executive group)
    return Section(template="parallel/_panel.html", order=10,
                   context={**context, "names": names})


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """A line on the review's page, linking to the processes, for everyone who reads them."""
    user = cast(User, request.user)
    if not access.can(user, review, Permission.VIEW_PARALLEL_PROCESSES):
        return None
    counts = {"open": 0, "concluded": 0}
    for is_open in (p.is_open for p in review.parallel_processes.only("state")):
        counts["open" if is_open else "concluded"] += 1
    may_manage = access.can(user, review, Permission.MANAGE_PARALLEL_PROCESSES)
    if not (counts["open"] or counts["concluded"] or may_manage):
        return None
    return Section(template="parallel/_section.html", order=90,
                   context={**counts, "may_manage": may_manage})


# The restriction kinds as the URLs name them.
RESTRICTIONS: dict[str, type[NoContact] | type[TopicRestriction] | type[ChronologyRestriction]] = {
    "no-contact": NoContact, "topic": TopicRestriction, "chronology": ChronologyRestriction}


def advice_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The business manager's way to the advice on the review's page (the advice in force
    itself is in the panel at the top of every page of the review)."""
    user = cast(User, request.user)  # signed in: the review page's login_required
    if not access.can(user, review, Permission.MANAGE_ADVICE):
        return None
    return Section(template="parallel/_advice_section.html", order=11,
                   context={"in_force": advice_in_force(review) is not None})


@login_required
@require_GET
def advice(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_ADVICE)
    user = cast(User, request.user)  # signed in (login_required)
    record("advice.history_viewed", review=review,
           summary="Viewed the advice to staff and its history")
    manages = access.can(user, review, Permission.MANAGE_ADVICE)
    panel = selectors.advice_panel(review, user, names)
    acknowledged, waiting = (selectors.readers(panel["advice"], names)
                             if panel and manages else ([], []))
    # The business manager sees the advice's lifted restrictions too, and lifts the others.
    current = (selectors.restrictions_of(panel["advice"], names, show_ranges=True)
               if panel and manages else {})
    past = [{"advice": a, "text": names.redact(a.text),
             "requested_by": names.redact(a.requested_by),
             "end_reason": names.redact(a.end_reason),
             "recorded_by": names.user(a.recorded_by),
             "on_behalf_of": names.user(a.on_behalf_of) if a.on_behalf_of else "",
             "ended_by": names.user(a.ended_by) if a.ended_by else "",
             "restrictions": selectors.restrictions_of(a, names, show_ranges=manages)}
            for a in selectors.history(review) if not a.in_force]
    return render(request, "parallel/advice.html", {
        "title": f"Advice to staff – {names.title}", "review": review, "names": names,
        "panel": panel, "can_manage": manages, "past": past, "acknowledged": acknowledged,
        "waiting": waiting, "current": current,
    })


@login_required
def set_advice(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ADVICE)
    user = cast(User, request.user)  # signed in (login_required)
    form = SetAdviceForm(review, names, user, request.POST or None)
    in_force = advice_in_force(review)
    if save_form(request, form, lambda _: actions.set_advice(
            review, by=user, **form.arguments()),
            "Advice set. Everyone on the review has been sent a notice and asked to read and "
            "acknowledge it." + (" It replaces the advice that was in force." if in_force
                                 else "")):
        return redirect("parallel:advice", review.uuid)
    return form_page(
        request, form, heading="Set advice to staff", caption=names.title,
        button="Set advice and tell everyone",
        back_url=reverse("parallel:advice", args=[review.uuid]), back_text="Back to the advice",
        intro=("New advice replaces the advice in force now, which stays in the history. "
               "Everyone on the review is told at once and asked to acknowledge it."
               if in_force else "Everyone on the review is told at once and asked to "
                                "acknowledge it."),
        template="parallel/set_advice.html", context={"review": review, "names": names})


def _advice_of(review: Review, advice_pk: int) -> Advice:
    return get_object_or_404(Advice.objects.select_related("review"), review=review,
                             pk=advice_pk)


@login_required
def lift_advice(request: HttpRequest, review_uuid: str, advice_pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ADVICE)
    user = cast(User, request.user)  # signed in (login_required)
    item = _advice_of(review, advice_pk)
    form = LiftAdviceForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.lift_advice(item, by=user, **data),
                 "Advice lifted. Everyone on the review has been told; it stays in the "
                 "history."):
        return redirect("parallel:advice", review.uuid)
    return form_page(
        request, form, heading="Lift the advice to staff", caption=names.title,
        button="Lift the advice and tell everyone", warning=True,
        back_url=reverse("parallel:advice", args=[review.uuid]), back_text="Back to the advice",
        intro=f"The advice of {item.effective_on:%-d %B %Y} and every restriction it carries "
              "end; restricted chronology entries reappear at once.",
        template="parallel/lift_advice.html",
        context={"review": review, "names": names, "text": names.redact(item.text)})


@login_required
def lift_restriction(request: HttpRequest, review_uuid: str, advice_pk: int, kind: str,
                     pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ADVICE)
    user = cast(User, request.user)  # signed in (login_required)
    item = _advice_of(review, advice_pk)
    model = RESTRICTIONS.get(kind)
    if model is None:
        raise Http404("No such restriction")
    restriction = cast(actions.Restriction, get_object_or_404(
        model.objects.select_related("advice__review"), advice=item, pk=pk))
    shown = next(r.text for r in selectors.restrictions_of(item, names, show_ranges=True)[
        _GROUPS[kind]] if r.pk == restriction.pk)
    form = LiftRestrictionForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.lift_restriction(
            restriction, by=user, **data),
            "Restriction lifted. The rest of the advice stays in force."):
        return redirect("parallel:advice", review.uuid)
    return form_page(
        request, form, heading="Lift one restriction", caption=names.title,
        button="Lift this restriction", warning=True,
        back_url=reverse("parallel:advice", args=[review.uuid]), back_text="Back to the advice",
        intro=f"{_KIND_WORDS[kind]}: {shown}. The advice and its other restrictions stay in "
              "force.",
        context={"review": review, "names": names})


_GROUPS = {"no-contact": "no_contact", "topic": "topics", "chronology": "ranges"}
_KIND_WORDS = {"no-contact": "No contact with", "topic": "Not to be discussed",
               "chronology": "Restricted chronology entries"}


@login_required
@require_POST
def acknowledge(request: HttpRequest, review_uuid: str, advice_pk: int) -> HttpResponse:
    review, _ = review_for(request, review_uuid, Permission.ACKNOWLEDGE_ADVICE)
    user = cast(User, request.user)  # signed in (login_required)
    item = _advice_of(review, advice_pk)
    run_action(request, lambda: actions.acknowledge(item, person=user),
               "Thank you: you have confirmed you have read the advice in force.")
    back = request.POST.get("next", "")
    # Back to the page it was sent from, if that is one of this review's pages.
    if back.startswith(f"/reviews/{review.uuid}/") and "//" not in back:
        return redirect(back)
    return redirect("parallel:advice", review.uuid)
