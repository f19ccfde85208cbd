"""The publication check's pages. Views stay thin: who may do what in reviewdesk.access, every
change and every download in actions.py, what each viewer may read in display.py.

A draft's text is the case's identities: it never goes in a page title, a notice or an audit
summary. Checks are numbered within their review (check 1, 2, 3…)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.reauth import reauthentication_needed
from reviewdesk.audit.services import record
from reviewdesk.jinja import uk_date
from reviewdesk.reads import shows_no_identities
from reviewdesk.reports import actions, display
from reviewdesk.reports.compare import comparison
from reviewdesk.reports.forms import CompareForm, DraftUploadForm, FalseAlarmForm
from reviewdesk.reports.models import DraftCheck, DraftFinding, FalseAlarm, ReportVersion
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, run_action


def _check_for(review: Review, number: int, *, with_text: bool = False) -> DraftCheck:
    checks = DraftCheck.objects.filter(review=review).select_related("uploaded_by")
    checks = checks.defer("segments") if with_text else checks.defer("text", "segments")
    check = get_object_or_404(checks, number=number)
    check.review = review  # already fetched and authorised
    return check


def _check_url(check: DraftCheck, anchor: str = "") -> str:
    return reverse("reports:check", args=[check.review.uuid, check.number]) + anchor


def _may_check(request: HttpRequest, review: Review) -> bool:
    return access.can(request.user, review, Permission.CHECK_DRAFTS)


@login_required
@require_GET
def checks(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_DRAFT_CHECKS)
    items = list(DraftCheck.objects.filter(review=review).defer("text", "segments")
                 .select_related("uploaded_by"))
    counts = dict(DraftFinding.objects.visible().filter(draft_check__review=review).values(
        "draft_check_id").annotate(n=Count("pk")).values_list("draft_check_id", "n"))
    return render(request, "reports/checks.html", {
        "title": f"Publication checks – {names.title}", "review": review, "names": names,
        "checks": [(c, counts.get(c.pk, 0)) for c in items],
        "may_check": _may_check(request, review), "sees_all": access.sees_staff_identities(names.tier)})


@login_required
def upload(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    posted = request.method == "POST"
    form = DraftUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            check = actions.upload_draft(review, by=request.user, data=file.read(),
                                         filename=file.name)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Draft uploaded as check {check.number}. The check runs "
                                      "in the background: this page shows how far it has got.")
            return redirect(_check_url(check))
    return render(request, "reports/upload.html", {
        "title": f"Check a draft for identifying details – {names.title}", "review": review,
        "names": names, "form": form})


@login_required
@require_GET
def check(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_DRAFT_CHECKS)
    draft = _check_for(review, number, with_text=True)
    context = {"title": f"Publication check {draft.number} – {names.title}", "review": review,
               "names": names, "check": draft, "may_check": _may_check(request, review),
               "sees_all": access.sees_staff_identities(names.tier), "form": FalseAlarmForm()}
    if draft.status == DraftCheck.Status.DONE:
        context |= display.page(draft, names)
        # Reading findings is reading the case's identities (in full or as labels): recorded.
        record("reports.draft_check_viewed", review=review,
               summary=f"Viewed publication check {draft.number}",
               data={"check": draft.pk, "tier": int(names.tier)})
    return render(request, "reports/check.html", context)


@login_required
@require_GET
@shows_no_identities
def check_status(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    """The status region alone, polled by the check's page while the scan runs."""
    review, names = review_for(request, review_uuid, Permission.VIEW_DRAFT_CHECKS)
    draft = _check_for(review, number)
    response = render(request, "reports/_status.html", {"review": review, "check": draft,
                                                        "names": names})
    if draft.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # reload the whole page to show the findings
    return response


@login_required
@require_POST
def retry_check(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    """Run a failed check again: the same people who may upload a draft may retry one."""
    review, _names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    draft = _check_for(review, number)
    run_action(request, lambda: actions.retry_check(draft, by=request.user),
               f"Check {draft.number} is running again. This page shows how far it has got.")
    return redirect(_check_url(draft))


def _finding_for(review: Review, number: int, pk: int) -> tuple[DraftCheck, DraftFinding]:
    draft = _check_for(review, number, with_text=True)
    finding = get_object_or_404(DraftFinding.objects.visible().select_related("entry"),
                                pk=pk, draft_check=draft)
    finding.draft_check = draft
    return draft, finding


@login_required
def mark_false_alarm(request: HttpRequest, review_uuid: str, number: int, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    draft, finding = _finding_for(review, number, pk)
    posted = request.method == "POST"
    form = FalseAlarmForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            actions.mark_false_alarm(finding, by=request.user,
                                     reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Marked as a false alarm. Findings like it are hidden and "
                                      "will not be raised again on this review.")
            return redirect(_check_url(draft, "#findings"))
    neighbours = list(draft.findings.visible().filter(
        paragraph_start=finding.paragraph_start).select_related("entry").order_by("start", "end"))
    # The finding and its paragraph are on this page: like the check's page, never cached.
    return form_page(
        request, form, heading="Mark a finding as a false alarm", button="Mark as a false alarm",
        back_url=_check_url(draft, "#findings"), back_text="Back to the check",
        caption=f"Publication check {draft.number}", template="reports/false_alarm.html",
        intro="A false alarm is not raised again on this review: on this check, on earlier "
              "checks, or when a later draft is checked. The reason is kept with it.",
        context={"review": review, "names": names,
                 "item": display.finding_view(draft.text, finding, neighbours, names)})


@login_required
@require_POST
def undo_false_alarm(request: HttpRequest, review_uuid: str, number: int, pk: int) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    draft = _check_for(review, number)
    alarm = get_object_or_404(FalseAlarm, pk=pk, review=review)
    run_action(request, lambda: actions.undo_false_alarm(alarm, by=request.user),
               "False alarm undone: findings like it are shown again, and later checks will "
               "raise them.")
    return redirect(_check_url(draft, "#false-alarms"))


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


CONTENT_TYPES = {
    DraftCheck.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DraftCheck.Kind.PDF: "application/pdf",
    DraftCheck.Kind.TXT: "text/plain; charset=utf-8",
}


@login_required
@require_GET
def download_original(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    if not access.sees_staff_identities(names.tier):
        raise PermissionDenied("Only those who may see every identity may download a draft.")
    draft = _check_for(review, number)
    # The original holds every real name as typed: confirm it's you first.
    if needed := reauthentication_needed(request, request.get_full_path()):
        return needed
    try:
        data = actions.original_file(draft, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_check_url(draft))
    return _download(data, draft.original_filename, CONTENT_TYPES[draft.kind])


@login_required
@require_GET
def download_corrected(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.CHECK_DRAFTS)
    draft = _check_for(review, number)
    try:
        data = actions.corrected_copy(draft, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_check_url(draft))
    # A neutral name: the draft's own name often holds the child's.
    return _download(data, f"{review.reference}-check-{draft.number}-corrected.docx",
                     CONTENT_TYPES[DraftCheck.Kind.DOCX])


# --- Compare two versions of the report ---------------------------------------------------------
# Draft text: read through the viewer's redactor (reports/compare.py) by those who may read the
# report, and audited as a read.

@login_required
@require_GET
def compare(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    versions = list(ReportVersion.objects.filter(review=review).defer("outline")
                    .order_by("-number"))
    context: dict[str, object] = {
        "title": f"Compare versions of the report – {names.title}", "review": review,
        "names": names, "versions": versions, "form": None, "result": None}
    if len(versions) < 2:
        return render(request, "reports/compare.html", context)
    choices = [(v.number, f"Version {v.number} ({uk_date(v.written_on)})") for v in versions]
    data: dict[str, object] = {"from": versions[1].number, "to": versions[0].number}
    data |= {k: request.GET[k] for k in ("from", "to") if k in request.GET}
    form = CompareForm(data, choices=choices)
    context["form"] = form
    if form.is_valid():
        chosen = {v.number: v for v in ReportVersion.objects.filter(
            review=review, number__in=[form.cleaned_data["from"], form.cleaned_data["to"]])
            .select_related("draft_check", "recorded_by")}
        old, new = chosen[form.cleaned_data["from"]], chosen[form.cleaned_data["to"]]
        for version in (old, new):
            version.review = review  # already fetched and authorised
        context |= {"old": old, "new": new, "result": comparison(old, new, names),
                    "sees_checks": access.can(request.user, review, Permission.VIEW_DRAFT_CHECKS)}
        # The versions' text, redacted for this viewer or in full: a read of the draft.
        record("reports.comparison_viewed", review=review,
               summary=f"Compared versions {old.number} and {new.number} of the report",
               data={"from": old.pk, "to": new.pk, "tier": int(names.tier)})
    return render(request, "reports/compare.html", context)
