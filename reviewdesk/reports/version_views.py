"""The report's versions: the Report page, uploading a version, a version's page, its file, a
copy for the family and partners' regulation 14 requests (docs/decisions/0054).

Who reads what is access.py's: ``VIEW_REPORT_FILES`` (the file), ``READ_REPORT`` (the rendered
text, through the reader's redactor: reports.versions), ``UPLOAD_REPORT`` (a version, a family
copy), ``MANAGE_REPORT`` (regulation 14 requests). A version's text never goes in a title, a
notice or an audit summary."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.accounts.reauth import reauthentication_needed
from reviewdesk.reports import actions, sections, versions
from reviewdesk.reports.forms import (
    FamilyCopyForm,
    InformationAnswerForm,
    InformationRequestForm,
    VersionUploadForm,
)
from reviewdesk.reports.models import (
    DraftCheck,
    DraftFinding,
    FamilyDraftCopy,
    InformationRequest,
    ReportVersion,
)
from reviewdesk.reports.views import CONTENT_TYPES, _download
from reviewdesk.reviews.models import Review, ReviewRole
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, save_form

DOCX = CONTENT_TYPES[DraftCheck.Kind.DOCX]


def _version_for(review: Review, number: int) -> ReportVersion:
    version = get_object_or_404(
        ReportVersion.objects.filter(review=review).select_related(
            "draft_check", "recorded_by", "on_behalf_of").defer("draft_check__text",
                                                                "draft_check__segments"),
        number=number)
    version.review = review  # already fetched and authorised
    return version


def _report_url(review: Review, anchor: str = "") -> str:
    return reverse("reports:report", args=[review.uuid]) + anchor


def _lead_reviewers(review: Review) -> list[User]:
    return [m.person for m in review.memberships.filter(
        role=ReviewRole.LEAD_REVIEWER, ended_at__isnull=True).select_related("person")]


@login_required
@require_GET
def report(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    user = cast(User, request.user)
    items = list(ReportVersion.objects.filter(review=review).defer("outline").select_related(
        "draft_check", "recorded_by", "on_behalf_of").defer("draft_check__text",
                                                            "draft_check__segments"))
    counts = dict(DraftFinding.objects.visible().filter(draft_check__review=review).values(
        "draft_check_id").annotate(n=Count("pk")).values_list("draft_check_id", "n"))
    may_upload = access.can(user, review, Permission.UPLOAD_REPORT)
    return render(request, "reports/report.html", {
        "title": f"Report – {names.title}", "review": review, "names": names,
        "versions": [(v, counts.get(v.draft_check_id, 0)) for v in items],
        "requests": list(InformationRequest.objects.filter(review=review).select_related(
            "version", "recorded_by", "on_behalf_of")),
        "copies": list(FamilyDraftCopy.objects.filter(review=review).select_related(
            "version", "member__identity", "recorded_by")) if may_upload else [],
        "may_upload": may_upload,
        "may_manage": access.can(user, review, Permission.MANAGE_REPORT),
        "sees_checks": access.can(user, review, Permission.VIEW_DRAFT_CHECKS),
    })


@login_required
@require_http_methods(["GET", "POST"])
def upload_version(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.UPLOAD_REPORT)
    user = cast(User, request.user)
    leads = None if ReviewRole.LEAD_REVIEWER in access.review_roles(user, review) else (
        _lead_reviewers(review))
    posted = request.method == "POST"
    form = VersionUploadForm(request.POST if posted else None, request.FILES if posted else None,
                             lead_reviewers=leads)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            version = actions.upload_version(
                review, by=user, data=data["file"].read(), filename=data["file"].name,
                note=data["note"], written_on=data["written_on"],
                on_behalf_of=data.get("on_behalf_of"))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Version {version.number} uploaded. Its publication check "
                                      "runs in the background.")
            return redirect("reports:version", review.uuid, version.number)
    return render(request, "reports/upload_version.html", {
        "title": f"Upload a version of the report – {names.title}", "review": review,
        "names": names, "form": form})


@login_required
@require_GET
def version(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    user = cast(User, request.user)
    item = _version_for(review, number)
    check = item.draft_check
    done = check is not None and check.status == DraftCheck.Status.DONE
    findings = versions.open_findings(item) if done else []
    # Reading a version is reading the case: recorded, whoever reads it and at whatever tier.
    actions.version_read(item, by=user, tier=int(names.tier))
    return render(request, "reports/version.html", {
        "title": f"Version {item.number} of the report – {names.title}", "review": review,
        "names": names, "version": item, "check": check, "checked": done,
        "blocks": versions.blocks(item, names, findings),
        "carried": versions.carried_forward(item, findings, names) if done else None,
        "open_findings": len(findings),
        "gets_files": access.can(user, review, Permission.VIEW_REPORT_FILES),
        "sees_checks": access.can(user, review, Permission.VIEW_DRAFT_CHECKS),
        "sees_all": access.sees_staff_identities(names.tier),
        "panels": sections.version_panels(request, item, names)})


@login_required
@require_GET
def download_version(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.VIEW_REPORT_FILES)
    item = _version_for(review, number)
    # The file holds every real name as typed: confirm it's you first.
    if needed := reauthentication_needed(request, request.get_full_path()):
        return needed
    try:
        data = actions.version_file(item, by=cast(User, request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:version", review.uuid, item.number)
    # A neutral name: the reviewer's own often holds the child's.
    return _download(data, f"{review.reference}-report-version-{item.number}.docx", DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def family_copy(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """A chosen version for a family member who took up the offer, every open finding replaced:
    the answer to a valid form is the file itself, logged."""
    review, names = review_for(request, review_uuid, Permission.UPLOAD_REPORT)
    user = cast(User, request.user)
    form = FamilyCopyForm(review, names, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy, content = actions.family_copy(data["version"], member=data["member"], by=user,
                                                given_on=data["given_on"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return _download(content, f"{review.reference}-report-version-"
                                      f"{copy.version.number}-for-the-family.docx", DOCX)
    return form_page(
        request, form, heading="Make a copy of the report for the family",
        caption=names.title, button="Make the copy", back_url=_report_url(review),
        back_text="Back to the report",
        intro="For a family member who took up the offer to see the draft report. Every finding "
              "of the version's publication check that is not marked as a false alarm is "
              "replaced, and comments, tracked changes and the document's properties are "
              "removed. The copy is logged; Review Desk does not keep it.",
        context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def add_request(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_REPORT)
    user = cast(User, request.user)
    form = InformationRequestForm(review, user, request.POST or None)
    if save_form(request, form, lambda d: actions.log_information_request(
            review, by=user, partner_for=d["partner_for"], requested_on=d["requested_on"],
            asked=d["asked"], request=d["request"], version=d["version"],
            on_behalf_of=d["on_behalf_of"]), "Regulation 14 request logged."):
        return redirect(_report_url(review, "#regulation-14"))
    return form_page(
        request, form, heading="Log a partner's regulation 14 request", caption=names.title,
        button="Log the request", back_url=_report_url(review, "#regulation-14"),
        back_text="Back to the report",
        intro="A safeguarding partner may ask in writing for information or a draft of the "
              "report (regulation 14). Log the request as it came; record the answer once it is "
              "given.", context={"review": review, "names": names})


@login_required
@require_http_methods(["GET", "POST"])
def answer_request(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_REPORT)
    user = cast(User, request.user)
    item = get_object_or_404(InformationRequest, pk=pk, review=review)
    form = InformationAnswerForm(review, user, request.POST or None,
                                 initial={"version": item.version_id})
    if save_form(request, form, lambda d: actions.answer_information_request(
            item, by=user, answered_on=d["answered_on"], answer=d["answer"],
            version=d["version"], on_behalf_of=d["on_behalf_of"]),
            "Answer to the regulation 14 request recorded."):
        return redirect(_report_url(review, "#regulation-14"))
    return form_page(
        request, form, heading="Record the answer to a regulation 14 request", caption=names.title,
        button="Record the answer", back_url=_report_url(review, "#regulation-14"),
        back_text="Back to the report",
        intro=f"The {item.get_partner_for_display().lower()} partner's request of "
              f"{item.requested_on:%-d %B %Y}.", context={"review": review, "names": names})
