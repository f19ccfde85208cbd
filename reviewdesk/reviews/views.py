"""Pages for a review's case file. Views stay thin: access in reviewdesk.access, rules in
actions.py and transitions.py."""

import json
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.accounts.reauth import reauthentication_needed
from reviewdesk.audit.services import record
from reviewdesk.reviews import actions, register_file, selectors, transitions
from reviewdesk.reviews.clocks import (
    PARTNERSHIP_SET,
    clock_status,
    ensure_default_rules,
    expected_duration,
    rule_for,
)
from reviewdesk.reviews.forms import (
    ClockDelayForm,
    ClockMetForm,
    ClockRuleForm,
    DashboardFilterForm,
    IdentityEntryForm,
    IncidentForm,
    MemberForm,
    RegisterConfirmForm,
    RegisterUploadForm,
    RemoveMemberForm,
    TaskChangeForm,
    TaskDoneForm,
    TransitionForm,
    UndoMoveForm,
)
from reviewdesk.reviews.models import (
    Clock,
    ClockKind,
    ClockRule,
    Review,
    ReviewMembership,
    ReviewRole,
    Stage,
    Task,
    TimelineEntry,
)
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import needs_for
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import (
    CURRENT,
    FINISHED,
    LATER,
    SETTINGS_PAGES,
    TASK_PAGES,
    has_finished_sections,
    placement,
    sections_for,
)
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, save_form

RECENT_ENTRIES = 3  # timeline entries shown open on a review's page


def _review_and_names(request: HttpRequest, review_uuid: str) -> tuple[Review, Names]:
    return review_for(request, review_uuid)


def _clocks_with_status(review: Review, today: date | None = None) -> list[tuple[Clock, object]]:
    return [(c, clock_status(c, today)) for c in review.clocks.all()]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everyone's start page: what needs them now, most urgent first (``reviews.needs``), then
    the reviews they take part in, and what they need to know."""
    user = request.user
    today = timezone.localdate()
    needs = needs_for(user, today)
    reps = ReviewMembership.objects.filter(
        role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True).select_related("person__agency")
    memberships = list(
        access.active_memberships(user).exclude(review__stage=Stage.CLOSED)
        # The subject child with the review: the card's title needs no other register entry.
        .select_related("review", "review__partnership", "review__subject_child", "agency")
        .prefetch_related("review__clocks",
                          Prefetch("review__memberships", queryset=reps, to_attr="subgroup_reps"))
        .order_by("review__reference")
    )
    # Closed reviews are listed by title only: a lead reviewer or an agency's author takes part
    # in many over the years, and their work is done.
    closed = list(access.active_memberships(user).filter(review__stage=Stage.CLOSED)
                  .select_related("review", "review__subject_child")
                  .order_by("-review__stage_since", "review__reference"))
    access.prime_roles(user, [m.review for m in memberships + closed])
    managers = _business_managers(user.partnership_id)
    agency_reps = _agency_representatives(
        user.partnership_id, {m.agency_id or user.agency_id for m in memberships} - {None})
    cards = []
    for membership in memberships:
        review = membership.review
        clocks = list(review.clocks.all())
        cards.append({
            "membership": membership, "review": review,
            "names": Names(review, user, entries=[]),
            "clocks": [(c, clock_status(c, today)) for c in clocks],
            "next_step": transitions.next_step(review),
            "duration": expected_duration(review, clocks),
            "contacts": _contacts_for(user, membership, review.subgroup_reps, agency_reps,
                                      managers),
        })
    return render(request, "reviews/home.html", {
        "title": "Home", "cards": cards, "needs": needs, "first_screen": FIRST_SCREEN,
        "closed": [(m, Names(m.review, user, entries=[])) for m in closed],
        "group_reviews": selectors.group_reviews(user),
        "partnership_counts": (selectors.deadline_counts(user, today)
                               if access.is_business_manager(user) else None),
        "may_view_dashboard": access.may_view_dashboard(user),
    })


# How many items home lists before folding the rest away: one screen's worth.
FIRST_SCREEN = 8


def _business_managers(partnership_id: int | None) -> list[User]:
    return list(User.objects.filter(partnership_id=partnership_id, is_active=True,
                                    role=PartnershipRole.BUSINESS_MANAGER))


def _agency_representatives(partnership_id: int | None,
                            agency_ids: set[int]) -> dict[int, list[User]]:
    """Each agency's representative(s) on the CSPR subgroup (``Agency.subgroup_representatives``,
    for many agencies in two queries)."""
    agencies = list(Agency.objects.filter(pk__in=agency_ids, partnership_id=partnership_id)
                    .select_related("subgroup_representative"))
    members = list(User.objects.filter(partnership_id=partnership_id, is_active=True,
                                       role=PartnershipRole.SUBGROUP_MEMBER,
                                       agency_id__in=agency_ids).select_related("agency"))
    found = {}
    for agency in agencies:
        named = agency.subgroup_representative
        found[agency.pk] = ([named] if named is not None and named.is_active
                            else [m for m in members if m.agency_id == agency.pk])
    return found


def _contacts_for(user: User, membership: ReviewMembership, reps: list[ReviewMembership],
                  agency_reps: dict[int, list[User]], managers: list[User]) -> dict:
    """Who a person on the review may ask: their own agency's representative on the CSPR
    subgroup (on this review, or else the agency's in the partnership), never another
    agency's; and the business manager (the guide insists staff can ask questions and are kept
    informed)."""
    agency_id = membership.agency_id or user.agency_id
    agency = membership.agency if membership.agency_id else user.agency
    own = [m.person for m in reps if agency_id and agency_id in (m.agency_id, m.person.agency_id)]
    own = [p for p in own if p.pk != user.pk] or [
        p for p in agency_reps.get(agency_id or 0, []) if p.pk != user.pk]
    return {"agency": agency, "agency_reps": own, "business_managers": managers}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not access.may_view_dashboard(request.user):
        raise PermissionDenied("The dashboard is for the partnership's officers.")
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    board = selectors.dashboard(request.user, stage=filters.get("stage", ""),
                                kind=filters.get("kind", ""),
                                show_closed=bool(filters.get("show_closed")))
    return render(request, "reviews/dashboard.html", {
        "title": "Dashboard", "board": board, "form": form, "states": selectors.STATES,
        "export_query": request.GET.urlencode(),
        "may_record": access.may_record_incident(request.user),
    })


@login_required
def record_incident(request: HttpRequest) -> HttpResponse:
    access.require_partnership(access.may_record_incident(request.user), "record an incident")
    partnership = request.user.partnership
    form = IncidentForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = actions.record_incident(
                partnership, by=request.user, on_behalf_of=data["on_behalf_of"],
                children=form.children(), what_happened=data["what_happened"],
                abuse_or_neglect=data["abuse_or_neglect"], incident_date=data["incident_date"],
                la_aware_on=data["la_aware_on"], summary=data["summary"],
                agencies=list(data["agencies"]),
                police_investigation=data["police_investigation"], inquest=data["inquest"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Review {review.reference} opened. Its clocks have started.")
            return redirect("reviews:review", review.uuid)
    return render(request, "reviews/record_incident.html",
                  {"title": "Record a serious incident", "form": form})


@login_required
def add_case(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Another case for a review that draws on several."""
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.ADD_CASE)
    form = IncidentForm(request.user, request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_case(
                review, by=request.user, on_behalf_of=data["on_behalf_of"],
                children=form.children(), what_happened=data["what_happened"],
                abuse_or_neglect=data["abuse_or_neglect"], incident_date=data["incident_date"],
                la_aware_on=data["la_aware_on"], summary=data["summary"],
                agencies=list(data["agencies"]),
                police_investigation=data["police_investigation"], inquest=data["inquest"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Case added to the review.")
            return redirect("reviews:review", review.uuid)
    return render(request, "reviews/record_incident.html", {
        "title": f"Add another case – {names.title}", "form": form, "review": review,
        "names": names,
    })


@login_required
@require_GET
def review_page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    record("review.viewed", review=review, summary="Viewed the review page")
    incidents = list(review.incidents.prefetch_related("agencies", "children__identity"))
    clocks = _clocks_with_status(review)
    state = selectors.review_state(review, [c for c, _ in clocks])
    if access.is_practitioner_only(request.user, review):
        # A practitioner's own membership, or a manager's (who sees what a practitioner sees, and
        # the names of their own staff: access.managed_staff_on).
        membership = sorted(access.active_memberships(request.user).filter(
            review=review, role__in=access.PRACTITIONER_PAGE_ROLES).select_related(
            "identity", "agency"), key=lambda m: m.role != ReviewRole.PRACTITIONER)[0]
        managed = access.managed_staff_on(request.user, review).identities
        moves = review.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
        return render(request, "reviews/practitioner_view.html", {
            "title": names.title, "review": review, "names": names, "membership": membership,
            "is_manager": ReviewRole.MANAGER in access.review_roles(request.user, review),
            "my_staff": [e for e in names.entries if e.pk in managed],
            # A manager's register entry is their own, not their membership's (staff app).
            "own_entry": membership.identity or next(
                (e for e in names.entries if e.person_id == request.user.pk), None),
            "case": selectors.case_summary(review, names, incidents), "state": state,
            "progress": selectors.progress(review, moves),
            "clocks": clocks, "next_step": transitions.next_step(review),
            "duration": expected_duration(review),
            "sections": sections_for(request, review, names, practitioner=True),
            "contacts": _contacts_for(
                request.user, membership, list(review.memberships.filter(
                    role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True).select_related(
                    "person__agency")),
                _agency_representatives(review.partnership_id, {
                    membership.agency_id or request.user.agency_id} - {None}),
                _business_managers(review.partnership_id)),
        })
    team = review.memberships.filter(ended_at__isnull=True).select_related(
        "person", "agency", "identity")
    timeline = list(review.timeline.select_related("recorded_by", "on_behalf_of", "subject"))
    tasks = list(review.tasks.select_related("owner"))
    # The current stage's work first, then what is to come. The finished stages' work is only
    # worked out when the history is opened (``finished_stages``): most reviews are long closed.
    current, later = [], []
    for section in sections_for(request, review, names, placed=(CURRENT, LATER)):
        (current if placement(section.stages, review.stage) == CURRENT else later).append(section)
    last = (transitions.last_move(review)
            if access.can(request.user, review, Permission.UNDO_STAGE_MOVE) else None)
    # The latest entries stay open (a move that may still be undone among them); the rest fold.
    undoable = last.entry.pk if last and last.undoable else None
    shown = max([RECENT_ENTRIES] + [i + 1 for i, e in enumerate(timeline) if e.pk == undoable])
    progress = selectors.progress(review, timeline)
    return render(request, "reviews/review.html", {
        "undoable_move": undoable,
        "title": names.title, "review": review, "names": names, "incidents": incidents,
        "case": selectors.case_summary(review, names, incidents), "state": state,
        "progress": progress,
        "next": selectors.what_happens_next(review, names),
        "clocks": clocks, "team": team, "timeline": timeline,
        "recent": timeline[:shown], "earlier": timeline[shown:],
        "transitions": transitions.available(review),
        "can_change": access.can(request.user, review, Permission.CHANGE_STAGE),
        "can_manage_team": access.can(request.user, review, Permission.MANAGE_TEAM),
        "can_view_register": access.can(request.user, review, Permission.VIEW_REGISTER),
        "can_manage_clocks": access.can(request.user, review, Permission.MANAGE_CLOCKS),
        "can_add_case": access.can(request.user, review, Permission.ADD_CASE) and review.is_open,
        "can_view_notices": access.can(request.user, review, Permission.VIEW_NOTICES),
        "can_manage_tasks": access.can(request.user, review, Permission.MANAGE_TASKS),
        # Those still to do first, then those done.
        "tasks": sorted(tasks, key=lambda t: t.done_on is not None),
        "today": timezone.localdate(),
        "task_pages": TASK_PAGES, "sections": current, "later_sections": later,
        "finished": ([step for step in progress if step.state == selectors.DONE]
                     if has_finished_sections(review.stage) else []),
    })


@login_required
@require_GET
def finished_stages(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """What was done at the stages a review has finished: the sections its page folds into its
    history, loaded into it when the history is opened (or this page, without JavaScript)."""
    review, names = _review_and_names(request, review_uuid)
    if access.is_practitioner_only(request.user, review):
        raise PermissionDenied("Practitioners see their own involvement only.")
    record("review.viewed", review=review, summary="Viewed the review's finished stages")
    sections = sections_for(request, review, names, placed=(FINISHED,))
    template = ("reviews/_finished_stages.html" if request.headers.get("HX-Request")
                else "reviews/finished_stages.html")
    return render(request, template, {
        "title": f"Finished stages – {names.title}", "review": review, "names": names,
        "sections": sections, "today": timezone.localdate(),
        "can_view_register": access.can(request.user, review, Permission.VIEW_REGISTER),
        "can_view_notices": access.can(request.user, review, Permission.VIEW_NOTICES),
    })


@login_required
def change_stage(request: HttpRequest, review_uuid: str, name: str) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.CHANGE_STAGE)
    transition = transitions.TRANSITIONS.get(name)
    if transition is None:
        raise Http404("No such step")
    if transition.owner:
        return redirect(transition.page, review.uuid)  # its own pages take this step
    access.require(request.user, review, transition.who_may)
    unmet = transition.unmet(review)
    outstanding = transitions.outstanding(unmet)
    form = TransitionForm(request.user, transition, request.POST or None,
                          outstanding=bool(outstanding))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transitions.move(review, name, by=request.user, effective_on=data["effective_on"],
                             reason=data["reason"], on_behalf_of=data["on_behalf_of"],
                             accept_outstanding=data.get("accept_outstanding", False))
        except ValidationError as exc:
            form_errors_from(form, exc)
            unmet = transition.unmet(review)
            outstanding = transitions.outstanding(unmet)
        else:
            messages.success(request, f"{transition.label}: done." + (
                " The outstanding work is kept on the timeline." if outstanding else ""))
            return redirect("reviews:review", review.uuid)
    return render(request, "reviews/change_stage.html", {
        "title": f"{transition.label} – {names.title}", "heading": transition.label,
        "review": review, "names": names, "form": form, "transition": transition,
        "unmet": transitions.hard(unmet), "outstanding": outstanding,
    })


@login_required
def undo_stage(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Undo the review's last stage move, recorded by mistake: the business manager, within a
    day, with a reason (transitions.undo_last_move decides)."""
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.UNDO_STAGE_MOVE)
    last = transitions.last_move(review)
    form = UndoMoveForm(request.POST or None, initial={"move": last.entry.pk if last else None})
    if save_form(request, form, lambda data: transitions.undo_last_move(
            review, by=request.user, entry_id=data["move"], reason=data["reason"]),
            "The stage move is undone: the review is back at its previous stage."):
        return redirect("reviews:review", review.uuid)
    return render(request, "reviews/undo_stage.html", {
        "title": f"Undo a stage move – {names.title}", "review": review, "names": names,
        "form": form, "last": last,
    })


@login_required
def team(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    if access.is_practitioner_only(request.user, review):
        raise PermissionDenied("Practitioners see their own involvement only.")
    memberships = list(review.memberships.select_related(
        "person", "agency", "identity", "added_by", "ended_by").order_by("ended_at", "role"))
    return render(request, "reviews/team.html", {
        "title": f"Team – {names.title}", "review": review, "names": names,
        "memberships": memberships,
        "can_manage_team": access.can(request.user, review, Permission.MANAGE_TEAM),
        "can_view_register": access.can(request.user, review, Permission.VIEW_REGISTER),
        "can_view_notices": access.can(request.user, review, Permission.VIEW_NOTICES),
    })


@login_required
def add_member(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.MANAGE_TEAM)
    form = MemberForm(review.partnership_id, request.POST or None)
    if save_form(request, form, lambda data: actions.add_member(
            review, data.pop("person"), data.pop("role"), by=request.user,
            **data), "Added to the review team."):
        return redirect("reviews:team", review.uuid)
    return _form_page(request, review, names, form, "Add a person to the review",
                      "Add to the review", back=("reviews:team", "Back to the team"),
                      intro="Subgroup members on a review must have had no direct contact with, "
                            "or decision-making responsibility for, the child or family: each "
                            "declares it, and one who cannot is not added. Practitioners and "
                            "their managers see only their own involvement.")


@login_required
def remove_member(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.MANAGE_TEAM)
    membership = get_object_or_404(review.memberships.select_related("person", "identity"), pk=pk,
                                   ended_at__isnull=True)
    form = RemoveMemberForm(request.POST or None)
    if save_form(request, form, lambda data: actions.remove_member(
            membership, by=request.user, **data),
            "Removed from the review team. Their history is kept."):
        return redirect("reviews:team", review.uuid)
    return _form_page(request, review, names, form,
                      f"Remove {names.user(membership.person)} "
                      f"({membership.get_role_display().lower()})", "Remove from the review",
                      back=("reviews:team", "Back to the team"), warning=True,
                      intro="They will no longer see this review. Their history on it is kept.")


@login_required
@require_GET
def register(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.VIEW_REGISTER)
    record("register.viewed", review=review,
           summary="Viewed the identity register")
    entries = review.identities.select_related("agency", "belongs_to")
    return render(request, "reviews/register.html", {
        "title": f"Identity register – {names.title}", "review": review, "names": names,
        "entries": entries,
        "can_edit": access.can(request.user, review, Permission.EDIT_REGISTER),
        "can_view_notices": access.can(request.user, review, Permission.VIEW_NOTICES),
    })


@login_required
def register_entry(request: HttpRequest, review_uuid: str, pk: int | None = None) -> HttpResponse:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.EDIT_REGISTER)
    entry = get_object_or_404(review.identities, pk=pk) if pk else None
    form = IdentityEntryForm(review, request.POST or None, instance=entry)

    def save(data: dict) -> None:
        values = {f: data[f] for f in actions.REGISTER_FIELDS}
        if entry is not None:
            values["version"] = data.get("version")
        actions.save_identity(review, by=request.user, entry=entry, **values)

    if save_form(request, form, save, "Identity register saved."):
        return redirect("reviews:register", review.uuid)
    heading = "Change an entry" if entry else "Add to the identity register"
    return _form_page(request, review, names, form, heading, "Save",
                      back=("reviews:register", "Back to the register"),
                      template="accounts/form_page_add_agency.html")


@login_required
@require_GET
def register_export(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """The whole register as a register file. Only its editors may take it: it holds every real
    name in the case, so each download is audited and never cached."""
    review, _names = review_for(request, review_uuid, Permission.EDIT_REGISTER)
    if needed := reauthentication_needed(request, request.get_full_path()):
        return needed
    content = register_file.register_json(review)
    record("register.exported", review=review,
           summary="Downloaded the identity register as a file",
           data={"entries": review.identities.count()})
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{register_file.export_filename(review)}"')
    return response


@login_required
def register_import(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """Import a register file in two steps: check the file and show what it would add and
    change; then, confirmed, import it all in one go."""
    review, names = review_for(request, review_uuid, Permission.EDIT_REGISTER)
    posted = request.method == "POST"
    if posted and "register" in request.POST:
        confirm = RegisterConfirmForm(review, request.POST)
        if save_form(request, confirm, lambda data: actions.import_register(
                review, data["entries"], by=request.user),
                lambda plan: f"Identity register imported: {plan.summary}. Nothing was deleted."):
            return redirect("reviews:register", review.uuid)
        return _import_page(request, review, names, RegisterUploadForm(review), problems=confirm)
    form = RegisterUploadForm(review, request.POST if posted else None,
                              request.FILES if posted else None)
    if posted and form.is_valid():
        entries = form.cleaned_data["entries"]
        confirm = RegisterConfirmForm(review, initial={
            "register": json.dumps({"entries": entries}, ensure_ascii=False),
            "version": register_file.register_version(review)})
        return _import_page(request, review, names, form, plan=form.cleaned_data["plan"],
                            confirm=confirm)
    return _import_page(request, review, names, form, problems=form)


def _import_page(request: HttpRequest, review: Review, names: Names, form: RegisterUploadForm, *,
                 problems: RegisterUploadForm | RegisterConfirmForm | None = None,
                 plan: register_file.ImportPlan | None = None,
                 confirm: RegisterConfirmForm | None = None) -> HttpResponse:
    # The preview shows real names from the file: only the register's editors get here, and
    # they may see every identity. A page holding them is never cached.
    title = f"Import a register file – {names.title}"
    if problems is not None and problems is not form and problems.errors:
        title = f"Error: {title}"  # the base template marks only the page's own form's errors
    response = render(request, "reviews/register_import.html", {
        "title": title, "review": review, "names": names,
        "form": form, "problems": problems, "plan": plan, "confirm": confirm,
    })
    add_never_cache_headers(response)
    return response


def _form_page(request: HttpRequest, review: Review, names: Names, form: object, heading: str,
               button: str, *, intro: str = "", back: tuple[str, str] = ("reviews:review",
                                                                         "Back to the review"),
               warning: bool = False, template: str = "form_page.html") -> HttpResponse:
    """One form about a review, on the shared GOV.UK form page."""
    return form_page(request, form, heading=heading, button=button, caption=names.title,
                     intro=intro, warning=warning, back_url=reverse(back[0], args=[review.uuid]),
                     back_text=back[1], template=template)


def _clock_for(request: HttpRequest, review_uuid: str, pk: int) -> tuple[Review, Names, Clock]:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.MANAGE_CLOCKS)
    return review, names, get_object_or_404(review.clocks, pk=pk)


@login_required
def clock_met(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, clock = _clock_for(request, review_uuid, pk)
    form = ClockMetForm(request.user, request.POST or None, clock=clock)
    if save_form(request, form, lambda data: actions.mark_clock_met(
            clock, by=request.user, **data),
            f"{clock.get_kind_display()}: marked as met."):
        return redirect("reviews:review", review.uuid)
    return _form_page(request, review, names, form, f"{clock.get_kind_display()}: mark as met",
                      "Mark as met", intro=f"Due {clock.effective_due_on:%A %-d %B %Y}.")


@login_required
def clock_delay(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, clock = _clock_for(request, review_uuid, pk)
    form = ClockDelayForm(request.POST or None, clock=clock)
    if save_form(request, form, lambda data: actions.delay_clock(
            clock, by=request.user, **data),
            f"{clock.get_kind_display()}: marked as delayed."):
        return redirect("reviews:review", review.uuid)
    return _form_page(request, review, names, form,
                      f"{clock.get_kind_display()}: mark as delayed", "Mark as delayed",
                      intro=f"Originally due {clock.due_on:%A %-d %B %Y}. While a review runs "
                            "late the partnership still captures the improvements needed and "
                            "acts on them.")


@login_required
@require_GET
def clock_rules(request: HttpRequest) -> HttpResponse:
    if not access.may_view_dashboard(request.user):
        raise PermissionDenied("The clock rules are for the partnership's officers.")
    ensure_default_rules(request.user.partnership_id)
    rules = ClockRule.objects.filter(partnership_id=request.user.partnership_id).order_by("pk")
    return render(request, "reviews/clock_rules.html", {
        "title": "Statutory clocks", "rules": rules, "partnership_set": PARTNERSHIP_SET,
        "may_change": access.may_change_clock_rules(request.user)})


@login_required
def change_escalation_clock(request: HttpRequest) -> HttpResponse:
    """How long the independent scrutineer has to settle the partners' disagreement: the one
    deadline the partnership sets itself."""
    access.require_partnership(access.may_change_clock_rules(request.user),
                               "change the partnership's deadlines")
    partnership_id = request.user.partnership_id
    rule = rule_for(partnership_id, ClockKind.DECISION_ESCALATION)
    form = ClockRuleForm(request.POST or None, initial={"length": rule.length})
    if save_form(request, form, lambda data: actions.change_clock_rule(
            partnership_id, ClockKind.DECISION_ESCALATION, by=request.user,
            length=data["length"]),
            "Changed. Disagreements found from now on get the new length; those already "
            "waiting keep their due dates."):
        return redirect("reviews:clock_rules")
    return form_page(request, form, heading="How long the scrutineer has to decide",
                     button="Save the length", back_url=reverse("reviews:clock_rules"),
                     back_text="Back to the deadlines",
                     intro=f"Now {rule.length} working days. When the three safeguarding partners "
                           "disagree, the independent scrutineer settles it; this is the "
                           "partnership's own standard, not a statutory one.")


def _task_for(request: HttpRequest, review_uuid: str, pk: int) -> tuple[Review, Names, Task]:
    review, names = _review_and_names(request, review_uuid)
    access.require(request.user, review, Permission.MANAGE_TASKS)
    return review, names, get_object_or_404(review.tasks, pk=pk, done_on__isnull=True)


@login_required
def task_done(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, task = _task_for(request, review_uuid, pk)
    if task.key in TASK_PAGES:  # ticked off by what its own page records, not by hand
        page = TASK_PAGES[task.key]
        messages.info(request, f"This step is done from its own page: {page.link_text}.")
        return redirect(page.url_name, review.uuid)
    form = TaskDoneForm(request.user, request.POST or None)
    title = names.redact(task.title)
    if save_form(request, form, lambda data: actions.complete_task(
            task, by=request.user, **data), f"Done: {title}."):
        return redirect("reviews:review", review.uuid)
    return _form_page(request, review, names, form, f"Mark done: {title}", "Mark done")


@login_required
def task_change(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names, task = _task_for(request, review_uuid, pk)
    form = TaskChangeForm(review.partnership_id, request.POST or None,
                          initial={"due_on": task.due_on, "owner": task.owner_id}, task=task)
    title = names.redact(task.title)
    if save_form(request, form, lambda data: actions.change_task(
            task, by=request.user, **data), f"Changed: {title}."):
        return redirect("reviews:review", review.uuid)
    return _form_page(request, review, names, form, f"Change: {title}", "Save")


@login_required
@require_GET
def partnership_settings(request: HttpRequest) -> HttpResponse:
    access.require_partnership(access.is_business_manager(request.user),
                               "change the partnership's settings")
    return render(request, "reviews/settings.html", {"title": "Settings",
                                                     "pages": SETTINGS_PAGES})
