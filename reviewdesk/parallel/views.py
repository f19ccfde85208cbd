"""A review's parallel processes: the list with each status history, a form to add one and a
form to record a change of status; the panel at the top of every page of the review and the
section on its page. Views stay thin: rules in actions.py, access in reviewdesk.access."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.parallel import actions, selectors
from reviewdesk.parallel.forms import ProcessForm, StatusForm
from reviewdesk.parallel.models import ParallelProcess, ProcessState
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, save_form


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
    return Section(template="parallel/_panel.html", order=10,
                   context={**context, "names": names or Names(review, user)})


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
