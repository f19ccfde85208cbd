"""Commissioning and set-up pages. Views stay thin: who may see a review in reviewdesk.access,
who may record what in rules.py, every change in actions.py."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency
from reviewdesk.audit.services import record
from reviewdesk.commissioning import actions, rules, scope
from reviewdesk.commissioning.forms import (
    AppointmentForm,
    ApprovalForm,
    CaseFilesForm,
    ChronologyAuthorForm,
    NoticeAddressesForm,
    NotNotifiedForm,
    ReviewerChangeForm,
    ReviewerForm,
    TermsOfReferenceForm,
)
from reviewdesk.commissioning.models import (
    NotNotified,
    Reviewer,
    TermsOfReference,
    TermsOfReferenceShare,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form


def _review_url(review: Review) -> str:
    return reverse("reviews:review", args=[review.uuid])


def _require_business_manager(request: HttpRequest, what: str) -> None:
    access.require_partnership(access.is_business_manager(request.user), what)


# --- Partnership settings --------------------------------------------------------------------

@login_required
def partnership_settings(request: HttpRequest) -> HttpResponse:
    _require_business_manager(request, "change where notices are sent")
    partnership = request.user.partnership
    agencies = list(Agency.objects.filter(partnership=partnership))
    form = NoticeAddressesForm(partnership, agencies, request.POST or None)
    if save_form(request, form, lambda data: actions.save_notice_addresses(
            partnership, by=request.user, panel_email=data["panel_email"],
            ofsted_email=data["ofsted_email"], dfe_email=data["dfe_email"],
            agency_emails=form.agency_emails(), version=data["version"] or None),
            "Notice addresses saved."):
        return redirect("commissioning:partnership_settings")
    return form_page(
        request, form, heading="Where notices are sent", button="Save the addresses",
        back_url=reverse("reviews:dashboard"), back_text="Back to the dashboard",
        caption=partnership.name, template="commissioning/partnership_settings.html",
        intro="When a review is commissioned, Review Desk alerts the partner agencies involved, "
              "Ofsted, the Department for Education and the National Panel at these addresses. "
              "A notice sent while an address was missing fails and shows on the review's "
              "notices page: add the address here, then retry it.")


# --- Commissioning notices -------------------------------------------------------------------

@login_required
@require_GET
def notices(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.COMMISSION)
    recipients = rules.commissioning_recipients(review)
    by_key = {n.dedupe_key: n for n in Notice.objects.filter(
        dedupe_key__in=[r.dedupe_key for r in recipients])}
    rows = [(r, by_key.get(r.dedupe_key)) for r in recipients]
    return render(request, "commissioning/notices.html", {
        "title": f"Commissioning notices – {names.title}", "review": review, "names": names,
        "rows": rows, "unsent": [r for r, n in rows if n is None],
        "waiver": NotNotified.objects.filter(review=review).first(),
        "required": review.kind in rules.NOTICES_REQUIRED,
        "case_by_case": review.kind in rules.NOTICES_CASE_BY_CASE,
        "may_send": review.stage in rules.COMMISSIONING_STAGES,
    })


@login_required
@require_POST
def send_notices(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.COMMISSION)
    run_action(request, lambda: actions.send_commissioning_notices(
        review, by=request.user),
        lambda queued: f"{len(queued)} commissioning notice{'' if len(queued) == 1 else 's'} "
                       "sent. Delivery shows on this page and on the notices page.")
    return redirect("commissioning:notices", review.uuid)


@login_required
def not_notified(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.COMMISSION)
    form = NotNotifiedForm(request.user, request.POST or None)
    if save_form(request, form, lambda data: actions.record_not_notified(
            review, by=request.user, **data),
            "Recorded: the partners were not notified, as agreed for this review."):
        return redirect("commissioning:notices", review.uuid)
    return form_page(
        request, form, heading="Record that the partners were not notified", button="Record it",
        back_url=reverse("commissioning:notices", args=[review.uuid]),
        back_text="Back to the commissioning notices", caption=names.title,
        intro="For a learning review or other learning activity, partners do not tend to be "
              "notified: this is agreed case by case. Agencies involved still secure their case "
              "files.")


# --- Case files ------------------------------------------------------------------------------

@login_required
@require_GET
def case_files(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    in_full = access.case_file_agencies(request.user, review)  # 403 for those with no need
    lines = list(review.case_file_checks.select_related(
        "agency", "confirmed_by", "recorded_by", "on_behalf_of"))
    record("commissioning.case_files_viewed", review=review,
           summary="Viewed the case-file checklist" if in_full is None
           else "Viewed the case-file checklist (own agency's details only)",
           data={"in_full": None if in_full is None else sorted(in_full)})
    may_commission = access.can(request.user, review, Permission.COMMISSION)
    mine = access.authored_agencies(request.user, review)
    have = {line.agency_id for line in lines}
    missing = [a for a in rules.involved_agencies(review) if a.pk not in have]
    def who(line: Any) -> str:
        """Who confirmed: staff identities only for those who may see them, else their role."""
        person = line.confirmed_by
        if person is not None:
            if person.role or any(e.person_id == person.pk for e in names.entries):
                return names.user(person)  # an officer, or someone in the identity register
            return (f"{person.display_name} ({person.job_title})" if access.sees_staff_identities(names.tier)
                    else person.job_title or "An agency contact")
        if not line.confirmed_by_name:
            return ""
        if access.sees_staff_identities(names.tier):
            return line.confirmed_by_name + (f" ({line.confirmed_by_role})"
                                             if line.confirmed_by_role else "")
        return line.confirmed_by_role or "An agency contact"

    return render(request, "commissioning/case_files.html", {
        "who": who, "in_full": lambda line: in_full is None or line.agency_id in in_full,
        "title": f"Case files – {names.title}", "review": review, "names": names,
        "lines": lines, "confirmed": sum(1 for line in lines if line.is_confirmed),
        "may_commission": may_commission, "may_confirm": lambda line: may_commission or (
            line.agency_id in mine), "missing": missing, "open": rules.is_commissioned(review),
    })


@login_required
@require_POST
def create_checklist(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.COMMISSION)
    run_action(request, lambda: actions.create_case_file_checklist(
        review, by=request.user),
        lambda created: f"Added {len(created)} agenc{'y' if len(created) == 1 else 'ies'} to "
                        "the case-file checklist.")
    return redirect("commissioning:case_files", review.uuid)


@login_required
def confirm_case_files(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    line = get_object_or_404(review.case_file_checks.select_related("agency"), pk=pk)
    if not access.may_confirm_case_files(request.user, review, line.agency_id):
        raise PermissionDenied("Only the business manager or this agency's author on the review "
                               "may confirm its case files.")
    business_manager = access.can(request.user, review, Permission.COMMISSION)
    form = CaseFilesForm(line.agency, request.POST or None,
                         only=None if business_manager else request.user,
                         initial={"confirmed_by": None if business_manager else request.user.pk})

    def save(data: dict) -> None:
        confirmer = data["confirmed_by"]
        actions.confirm_case_files(
            line, by=request.user, confirmed_on=data["confirmed_on"],
            records_held=data["records_held"], copy_made=data["copy_made"],
            confirmed_by=confirmer, confirmed_by_name=data["confirmed_by_name"],
            confirmed_by_role=data["confirmed_by_role"],
            on_behalf_of=confirmer if confirmer and confirmer != request.user else None)

    if save_form(request, form, save, f"Case files confirmed for {line.agency.name}."):
        return redirect("commissioning:case_files", review.uuid)
    return form_page(
        request, form, heading=f"Confirm {line.agency.name}'s case files are secured",
        button="Confirm", back_url=reverse("commissioning:case_files", args=[review.uuid]),
        back_text="Back to the case files", caption=names.title,
        intro="Secure the agency's records for the child and family. Where work with the family "
              "continues, make a copy so that the work can go on." + (
                  " This corrects the confirmation already recorded." if line.is_confirmed
                  else ""))


# --- Reviewers -------------------------------------------------------------------------------

@login_required
@require_GET
def reviewers(request: HttpRequest) -> HttpResponse:
    _require_business_manager(request, "keep the register of reviewers")
    items = Reviewer.objects.filter(partnership_id=request.user.partnership_id).select_related(
        "user")
    return render(request, "commissioning/reviewers.html", {
        "title": "Independent reviewers", "reviewers": items})


@login_required
def add_reviewer(request: HttpRequest) -> HttpResponse:
    _require_business_manager(request, "keep the register of reviewers")
    form = ReviewerForm(request.POST or None)
    if save_form(request, form, lambda data: actions.add_reviewer(
            request.user.partnership, by=request.user, **data),
            "Reviewer added to the register."):
        return redirect("commissioning:reviewers")
    return form_page(request, form, heading="Add an independent reviewer",
                     button="Add to the register", back_url=reverse("commissioning:reviewers"),
                     back_text="Back to the reviewers",
                     intro="Someone without a sign-in is invited to choose a password. They see "
                           "a review only once appointed to it.")


@login_required
def edit_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = access.get_partnership_object(
        request.user, Reviewer.objects.all(), pk=pk,
        allowed=access.is_business_manager(request.user), what="keep the register of reviewers")
    form = ReviewerChangeForm(reviewer, request.POST or None)
    if save_form(request, form, lambda data: actions.change_reviewer(
            reviewer, by=request.user, **data), "Reviewer saved."):
        return redirect("commissioning:reviewers")
    return form_page(request, form, heading=f"Change {reviewer.full_name}", button="Save",
                     back_url=reverse("commissioning:reviewers"),
                     back_text="Back to the reviewers", intro=f"Signs in as {reviewer.email}.")


@login_required
def appoint_lead_reviewer(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.COMMISSION)
    form = AppointmentForm(request.user, request.POST or None)
    national = review.kind == ReviewKind.NATIONAL
    if save_form(request, form, lambda data: actions.appoint_lead_reviewer(
            review, data.pop("reviewer"), by=request.user, **data),
            "External reviewer recorded." if national else "Lead reviewer appointed."):
        return redirect("reviews:review", review.uuid)
    heading = ("Record the external reviewer appointed by the Panel" if national
               else "Appoint a lead reviewer")
    return form_page(request, form, heading=heading,
                     button="Record the appointment" if national else "Appoint",
                     back_url=_review_url(review), back_text="Back to the review",
                     caption=names.title, template="commissioning/appoint.html",
                     context={"review": review,
                              "stage_ok": review.stage in rules.COMMISSIONING_STAGES})


# --- Terms of reference ----------------------------------------------------------------------

def _shared_version(request: HttpRequest, review: Review) -> TermsOfReference:
    version = scope.version_shared_with(request.user, review)
    if version is None:
        raise PermissionDenied("The terms of reference have not been shared with you yet.")
    return version


def _version_rows(review: Review) -> list[dict[str, Any]]:
    versions = scope.versions(review)
    return [{"version": v, "changed": scope.changed_fields(v, versions[i + 1])
             if i + 1 < len(versions) else []} for i, v in enumerate(versions)]


@login_required
@require_GET
def terms_of_reference(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_TERMS_OF_REFERENCE)
    if access.sees_shared_terms_of_reference_only(request.user, review):
        return _show_version(request, review, names, _shared_version(request, review),
                             practitioner=True)
    rows = _version_rows(review)
    record("commissioning.tor_viewed", review=review,
           summary="Viewed the terms of reference")
    approved = next((r["version"] for r in rows if r["version"].is_approved), None)
    shares = list(TermsOfReferenceShare.objects.filter(version__review=review).select_related(
        "person", "shared_by", "version", "notice"))
    staff = rules.staff_involved(review)
    have = {s.person_id for s in shares if approved and s.version_id == approved.pk}
    return render(request, "commissioning/terms_of_reference.html", {
        "title": f"Terms of reference – {names.title}", "review": review, "names": names,
        "rows": rows, "latest": rows[0]["version"] if rows else None, "approved": approved,
        "shares": shares, "waiting": [p for p in staff if p.pk not in have],
        "may_draft": access.can(request.user, review, Permission.DRAFT_TERMS_OF_REFERENCE),
        "may_commission": access.can(request.user, review, Permission.COMMISSION),
        "open": rules.is_commissioned(review),
    })


def _show_version(request: HttpRequest, review: Review, names: Names, version: TermsOfReference,
                  practitioner: bool = False) -> HttpResponse:
    record("commissioning.tor_viewed", review=review,
           summary=f"Viewed version {version.number} of the terms of reference",
           data={"version": version.pk})
    previous = (review.terms_of_reference.filter(number__lt=version.number)
                .prefetch_related("agencies").order_by("-number").first())
    shared_on = None
    if practitioner:
        share = version.shares.filter(person=request.user).first()
        shared_on = share.shared_at if share else None
    return render(request, "commissioning/version.html", {
        "title": f"Terms of reference, version {version.number} – {names.title}",
        "review": review, "names": names, "version": version, "practitioner": practitioner,
        "changed": [] if practitioner else scope.changed_fields(version, previous),
        "previous": None if practitioner else previous, "shared_on": shared_on,
        "agencies": list(version.agencies.order_by("name")),
    })


@login_required
@require_GET
def terms_of_reference_version(request: HttpRequest, review_uuid: str,
                               number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_TERMS_OF_REFERENCE)
    version = get_object_or_404(review.terms_of_reference.select_related(
        "created_by", "approved_by", "approved_on_behalf_of"), number=number)
    practitioner = access.sees_shared_terms_of_reference_only(request.user, review)
    if practitioner and not version.shares.filter(person=request.user).exists():
        raise PermissionDenied("This version of the terms of reference has not been shared with "
                               "you.")
    return _show_version(request, review, names, version, practitioner=practitioner)


@login_required
def draft_terms_of_reference(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.DRAFT_TERMS_OF_REFERENCE)
    latest = scope.latest_version(review)
    if latest is not None:
        initial = {name: getattr(latest, name) for name, _label in scope.FIELDS
                   if name != "agencies"}
        initial["agencies"] = [a.pk for a in latest.agencies.all()]
    else:
        seed = scope.seed(review)
        initial = {**seed, "agencies": [a.pk for a in seed["agencies"]]}
    form = TermsOfReferenceForm(review.partnership_id, request.POST or None, initial=initial,
                                based_on=latest)
    number = (latest.number + 1) if latest else 1
    if save_form(request, form, lambda data: actions.save_terms_of_reference(
            review, by=request.user, based_on=data.pop("version"),
            **{**data, "agencies": list(data["agencies"])}),
            lambda version: f"Terms of reference saved as version {version.number}, a draft."):
        return redirect("commissioning:terms_of_reference", review.uuid)
    if latest is None:
        intro = ("This will be version 1, a draft. It starts from the initial lines of enquiry and "
                 "methodology the partners suggested when they decided to hold the review.")
    else:
        intro = (f"Saving creates version {number}, a draft; version {latest.number} "
                 f"({latest.get_status_display().lower()}) is kept"
                 + (" and stays the approved version until this one is approved."
                    if latest.is_approved else "."))
    return form_page(request, form, heading="Draft the terms of reference",
                     button="Save as a new version",
                     back_url=reverse("commissioning:terms_of_reference", args=[review.uuid]),
                     back_text="Back to the terms of reference", caption=names.title,
                     intro=intro, template="accounts/form_page_add_agency.html")


def _version_for(request: HttpRequest, review_uuid: str,
                 number: int) -> tuple[Review, Names, TermsOfReference]:
    review, names = review_for(request, review_uuid, Permission.COMMISSION)
    return review, names, get_object_or_404(review.terms_of_reference, number=number)


@login_required
def approve_terms_of_reference(request: HttpRequest, review_uuid: str,
                               number: int) -> HttpResponse:
    review, names, version = _version_for(request, review_uuid, number)
    form = ApprovalForm(request.user, request.POST or None)
    if save_form(request, form, lambda data: actions.approve_terms_of_reference(
            version, by=request.user, **data),
            f"Version {version.number} of the terms of reference approved."):
        return redirect("commissioning:terms_of_reference", review.uuid)
    return form_page(
        request, form, heading=f"Approve version {version.number} of the terms of reference",
        button="Approve", back_url=reverse("commissioning:terms_of_reference_version",
                                           args=[review.uuid, version.number]),
        back_text="Back to the version", caption=names.title,
        intro="A version is approved as a whole, on behalf of the CSPR subgroup. Any later change "
              "is saved as a new draft version.")


@login_required
def share_terms_of_reference(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names, version = _version_for(request, review_uuid, number)
    if request.method == "POST":
        if not run_action(request, lambda: actions.share_terms_of_reference(
                version, by=request.user),
                lambda shares: f"Version {version.number} shared with {len(shares)} "
                               f"{'person' if len(shares) == 1 else 'people'}."):
            return redirect("commissioning:share_terms_of_reference", review.uuid, number)
        return redirect("commissioning:terms_of_reference", review.uuid)
    have = set(version.shares.values_list("person_id", flat=True))
    staff = rules.staff_involved(review)
    return render(request, "commissioning/share.html", {
        "title": f"Share the terms of reference – {names.title}", "review": review,
        "names": names, "version": version, "waiting": [p for p in staff if p.pk not in have],
        "had_it": [p for p in staff if p.pk in have],
        "current": scope.approved_version(review),
    })


# --- Chronology authors ------------------------------------------------------------------------

@login_required
def name_chronology_author(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.COMMISSION)
    agency = get_object_or_404(Agency, pk=agency_pk, partnership_id=review.partnership_id)
    author = review.chronology_authors.filter(agency=agency).first()
    form = ChronologyAuthorForm(request.user, agency, request.POST or None,
                                initial={"person": author.person_id, "due_on": author.due_on}
                                if author else {})
    if save_form(request, form, lambda data: actions.name_chronology_author(
            review, agency, by=request.user, **data),
            f"Chronology author named for {agency.name}."):
        return redirect("reviews:review", review.uuid)
    return form_page(
        request, form, heading=f"{agency.name}: chronology author", button="Save",
        back_url=_review_url(review), back_text="Back to the review", caption=names.title,
        intro="The professional the agency names to write its chronology. They join the review "
              "as an agency author and are reminded before, on and after the due date."
              + (f" This replaces the author named on {author.named_on:%-d %B %Y}." if author
                 else ""))

