"""The practitioners on a review: the list, adding one or a list, changing and removing one.

The list is read by those who may see the staff side (``Permission.VIEW_PRACTITIONERS``): with
names and e-mails by those who see staff identities (the business manager, the review's lead
reviewer(s) and subgroup members), with role labels by the partnership's oversight roles.
Adding, changing and removing is ``Permission.MANAGE_PRACTITIONERS``. Practitioners, managers,
agency authors, the executive group and L&D get 403; outsiders 404.
"""

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.reviews.models import STAGE_ORDER, Review, ReviewMembership, ReviewRole, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, save_form
from reviewdesk.staff import actions, practitioner_file, selectors
from reviewdesk.staff.forms import ChangeForm, ConfirmListForm, ListForm, PractitionerForm, RemoveForm
from reviewdesk.staff.models import Practitioner

# The staff side starts once the review is set up (staff are told at the next stage).
FROM_STAGE = Stage.SET_UP
SECTION_STAGES = tuple(s.value for s in STAGE_ORDER[STAGE_ORDER.index(FROM_STAGE):])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _practitioner(review: Review, pk: int) -> Practitioner:
    return get_object_or_404(selectors.all_practitioners_of(review), pk=pk)


def _row(p: Practitioner, names: Names) -> dict[str, Any]:
    """One practitioner as this viewer may see them: the role label always; the name and e-mails
    only to those who see staff identities; free text (the job) through their redactor."""
    named = names.may_see(p.identity)
    return {
        "p": p, "label": p.identity.pseudonym, "name": p.identity.real_name if named else "",
        "email": p.email if named else "", "agency": p.agency.short_name or p.agency.name,
        "job": names.redact(p.job_title),
        "manager": names.user(p.manager) if p.manager else "",
        "manager_email": p.manager_email if named else "",
        "removed": p.membership.ended_at is not None,
        "ended_on": p.membership.ended_on, "end_reason": names.redact(p.membership.end_reason),
    }


@login_required
@require_GET
def practitioners(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PRACTITIONERS)
    record("staff.practitioners_viewed", review=review,
           summary="Viewed the review's list of practitioners")
    rows = [_row(p, names) for p in selectors.all_practitioners_of(review)]
    on_team_only = list(ReviewMembership.objects.filter(
        review=review, role=ReviewRole.PRACTITIONER, ended_at__isnull=True,
        practitioner__isnull=True).select_related("identity"))
    return render(request, "staff/practitioners.html", {
        "title": f"Practitioners – {names.title}", "review": review, "names": names,
        "active": [r for r in rows if not r["removed"]],
        "removed": [r for r in rows if r["removed"]],
        "on_team_only": on_team_only,
        "sees_names": access.sees_staff_identities(names.tier),
        "may_manage": access.can(_user(request), review, Permission.MANAGE_PRACTITIONERS)
        and review.is_open,
    })


def _back(review: Review) -> tuple[str, str]:
    return reverse("staff:practitioners", args=[review.uuid]), "Back to the practitioners"


@login_required
def add(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PRACTITIONERS)
    form = PractitionerForm(review.partnership_id, request.POST or None)

    def save(data: dict) -> Practitioner:
        return actions.add_practitioner(
            review, by=_user(request), name=data["name"], email=data["email"],
            agency=data["agency"], job_title=data["job_title"],
            manager_email=data["manager_email"], manager_name=data["manager_name"],
            added_on=data["added_on"])

    if save_form(request, form, save, lambda p: f"{p.identity.real_name} is on the review as "
                                               f"{p.identity.pseudonym}."):
        return redirect("staff:practitioners", review.uuid)
    back_url, back_text = _back(review)
    return form_page(request, form, heading="Add a practitioner", button="Add the practitioner",
                     caption=names.title, back_url=back_url, back_text=back_text,
                     intro="Someone who worked with the child or family. They get a sign-in "
                           "(an invitation by e-mail) unless their e-mail already has one, and a "
                           "role label in the identity register: everyone without staff "
                           "identities sees the label, never their name.")


def _list_page(request: HttpRequest, review: Review, names: Names, form: ListForm, *,
               plan: actions.Plan | None = None, confirm: ConfirmListForm | None = None
               ) -> HttpResponse:
    # The preview shows real names and e-mails: only the list's managers get here, and they see
    # every staff identity. A page holding them is never cached.
    title = f"Add practitioners from a list – {names.title}"
    if form.errors:
        title = f"Error: {title}"
    response = render(request, "staff/add_list.html", {
        "title": title, "review": review, "names": names, "form": form, "plan": plan,
        "confirm": confirm, "columns": practitioner_file.COLUMNS,
    })
    add_never_cache_headers(response)
    return response


@login_required
def add_list(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Two steps: check the list and show who would be added (or every problem, by row); then,
    confirmed, add them all in one go (checked again), or none."""
    review, names = review_for(request, review_uuid, Permission.MANAGE_PRACTITIONERS)
    if request.method == "POST" and "content" in request.POST:
        confirm = ConfirmListForm(request.POST)
        rows: list[practitioner_file.Row] = []
        if confirm.is_valid():
            parsed = practitioner_file.parse(confirm.cleaned_data["content"])
            rows = parsed.rows

        def save(data: dict) -> list[Practitioner]:
            return actions.add_practitioners(review, rows, by=_user(request),
                                             added_on=data["added_on"])

        if save_form(request, confirm, save, lambda added: f"{len(added)} practitioner"
                     f"{'s' if len(added) != 1 else ''} added to the review."):
            return redirect("staff:practitioners", review.uuid)
        # Refused (the review changed since the preview): the list again, with every problem.
        form = ListForm({"text": request.POST.get("content", "")})
        form.is_valid()
        for error in confirm.non_field_errors():
            form.add_error(None, error)
        for name in ("added_on", "content"):
            for error in confirm.errors.get(name, []):
                form.add_error(None, error)
        return _list_page(request, review, names, form)
    form = ListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        parsed = practitioner_file.parse(form.cleaned_data["content"])
        problems = list(parsed.problems)
        plan = actions.plan_practitioners(review, parsed.rows)
        problems += plan.problems
        if not review.is_open:
            problems.insert(0, actions.CLOSED)
        if problems:
            form_errors_from(form, ValidationError(problems))
            return _list_page(request, review, names, form)
        confirm = ConfirmListForm(initial={"content": form.cleaned_data["content"]})
        return _list_page(request, review, names, form, plan=plan, confirm=confirm)
    return _list_page(request, review, names, form)


@login_required
def change(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PRACTITIONERS)
    found = _practitioner(review, pk)
    form = ChangeForm(found, request.POST or None)

    def save(data: dict) -> Practitioner:
        return actions.change_practitioner(
            found, by=_user(request), job_title=data["job_title"],
            manager_email=data["manager_email"], manager_name=data["manager_name"],
            changed_on=data["changed_on"], version=data.get("version"))

    if save_form(request, form, save, "Their details are saved."):
        return redirect("staff:practitioners", review.uuid)
    back_url, back_text = _back(review)
    return form_page(request, form, heading=f"Change the details of {names.entry(found.identity)}",
                     button="Save", caption=names.title, back_url=back_url, back_text=back_text,
                     intro=f"Their role label stays {found.identity.pseudonym}: change it in the "
                           "identity register if the report should use another.")


@login_required
def remove(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PRACTITIONERS)
    found = _practitioner(review, pk)
    form = RemoveForm(request.POST or None)
    if save_form(request, form, lambda data: actions.remove_practitioner(
            found, by=_user(request), reason=data["reason"], ended_on=data["ended_on"]),
            "They are no longer on the review. Their record is kept."):
        return redirect("staff:practitioners", review.uuid)
    back_url, back_text = _back(review)
    return form_page(request, form, heading=f"Remove {names.entry(found.identity)} from the review",
                     button="Remove from the review", warning=True, caption=names.title,
                     back_url=back_url, back_text=back_text,
                     intro="They lose access to the review. Their record, their role label and "
                           "everything they said or were sent are kept.")


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review page from set-up on: how many practitioners, with managers, told; a link
    to the list for those who may read it."""
    user = _user(request)
    if STAGE_ORDER.index(Stage(review.stage)) < STAGE_ORDER.index(FROM_STAGE):
        return None
    if not access.can(user, review, Permission.VIEW_PRACTITIONERS):
        return None
    return Section(template="staff/_section.html", order=55, context={
        "counts": selectors.counts(review),
        "may_manage": access.can(user, review, Permission.MANAGE_PRACTITIONERS)
        and review.is_open})
