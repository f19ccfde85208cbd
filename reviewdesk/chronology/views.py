"""Each agency's chronology for a review: the overview of every agency, an agency's page (the
template, an upload, its accepted entries and earlier versions), a submission's page (progress,
how the file's columns were read, every problem, accepting or withdrawing it), and entries typed
in the browser.

Views stay thin: who may do what in reviewdesk.access, every change in actions.py. An
agency's author sees their own agency only; outsiders get 404 and anyone else who can see the
review but not this agency 403. Entries are the family's story: every page that shows them is
recorded in the audit trail, and names the viewer may not see are replaced by their pseudonyms.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency
from reviewdesk.audit.services import record
from reviewdesk.chronology import actions, checking, compare, status
from reviewdesk.chronology.checks import CODES
from reviewdesk.chronology.forms import (
    AcceptForm,
    EntryForm,
    ExclusionForm,
    MappingForm,
    ReopenForm,
    SendForm,
    UploadForm,
)
from reviewdesk.chronology.merged_views import back_to_merged
from reviewdesk.chronology.models import Entry, Submission
from reviewdesk.lib.chronology_files.columns import COLUMNS
from reviewdesk.lib.chronology_files.headings import describe_mapping
from reviewdesk.lib.chronology_files.table import FileRefused
from reviewdesk.lib.chronology_files.templates import template_docx, template_xlsx
from reviewdesk.reads import shows_no_identities
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import (
    form_errors_from,
    form_page,
    login_required,
    run_action,
    save_form,
)

PAGE_SIZE = 50
ERROR = "error"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A submission's author may still change how its columns are read, and accept or withdraw it.
OPEN = {Submission.Status.PROBLEMS, Submission.Status.READY}


# --- Fetch and authorise -----------------------------------------------------------------------

def _agency_for(request: HttpRequest, review_uuid: str, agency_pk: int, *,
                submit: bool = False) -> tuple[Review, Names, Agency]:
    """The review (404 for outsiders), an agency in its scope (404 otherwise), and the check that
    this person may see (or, with ``submit``, send) that agency's chronology (403)."""
    review, names = review_for(request, review_uuid)
    agency = get_object_or_404(Agency, pk=agency_pk, partnership_id=review.partnership_id)
    if all(a.pk != agency.pk for a in status.agencies_in_scope(review)):
        raise Http404("This agency is not in the review's scope")
    may = access.may_submit_chronology if submit else access.may_view_agency_chronology
    if not may(request.user, review, agency):
        raise PermissionDenied("You may not see this agency's chronology." if not submit else
                               "Only the business manager and the agency's chronology author "
                               "may change its chronology.")
    return review, names, agency


def _submission_for(review: Review, agency: Agency, version: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("submitted_by", "accepted_by"),
        review=review, agency=agency, version=version)
    submission.review, submission.agency = review, agency  # already fetched and authorised
    return submission


def _status_of(request: HttpRequest, review: Review, agency: Agency) -> Any:
    """The agency's status, its entries counted as this person may see them."""
    return next(s for s in status.agency_statuses(
        review, hidden=access.restricted_chronology_entries(request.user, review,
                                                            prefix="entries__"))
        if s.agency.pk == agency.pk)


def _agency_url(review: Review, agency: Agency, anchor: str = "") -> str:
    return reverse("chronology:agency", args=[review.uuid, agency.pk]) + anchor


def _submission_url(submission: Submission, anchor: str = "") -> str:
    return reverse("chronology:submission", args=[submission.review.uuid, submission.agency_id,
                                                  submission.version]) + anchor


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (so an empty form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _viewed(request: HttpRequest, review: Review, names: Names, event_type: str, summary: str,
            **data: Any) -> None:
    # Entries and the problems found in a file quote the family's story: reads are recorded.
    record(event_type, actor=request.user, review=review, summary=summary,
           data={**data, "tier": int(names.tier)})


# --- The overview and an agency's page ---------------------------------------------------------

@login_required
@require_GET
def overview(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid)
    statuses = status.agency_statuses(review, hidden=access.restricted_chronology_entries(
        request.user, review, prefix="entries__"))
    if not access.can(request.user, review, Permission.VIEW_CHRONOLOGIES):
        # An agency's author sees their own agency's chronology, and no other.
        statuses = [s for s in statuses
                    if access.may_view_agency_chronology(request.user, review, s.agency)]
        if not statuses:
            raise PermissionDenied("Only the review's team and the agencies' chronology authors "
                                   "may see its chronologies.")
        if len(statuses) == 1:
            return redirect(_agency_url(review, statuses[0].agency))
    return render(request, "chronology/overview.html", {
        "title": f"Chronologies – {names.title}", "review": review, "names": names,
        "statuses": statuses, "period": status.period_under_review(review)})


@login_required
@require_GET
def agency(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk)
    standing = _status_of(request, review, agency)
    page = None
    # The version being typed (not yet accepted) is the one its author works on; otherwise the
    # accepted version, read-only: an accepted chronology is settled until it is reopened.
    draft = status.draft_of(review, agency)
    shown = draft or standing.current
    if shown is not None:
        # Entries restricted by advice are absent for those it does not name, the agency's own
        # author included unless the agency is named.
        entries = access.chronology_entries_for(request.user, review, Entry.objects.filter(
            submission=shown).select_related("edited_by"))
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        _viewed(request, review, names, "chronology.entries_viewed",
                f"Viewed {agency.name}'s chronology", agency=agency.pk, submission=shown.pk, page=page.number)
    hidden = access.restricted_chronology_entries(request.user, review, prefix="entries__")
    versions = list(Submission.objects.filter(review=review, agency=agency)
                    .select_related("submitted_by").annotate(entry_count=Count(
                        "entries", filter=None if hidden is None else ~hidden))
                    .defer("problems", "headings", "mapping").order_by("-version"))
    for v in versions:
        v.received_words = status.received_words(v, standing.due_on)
    may_submit = access.may_submit_chronology(request.user, review, agency)
    # Restricted entries this reader may see are tagged, so they are not shared.
    restricted = {e.pk for e in page.object_list
                  if access.chronology_entry_restricted(review, e.date, agency.pk)
                  } if page is not None else set()
    return render(request, "chronology/agency.html", {
        "title": f"{agency.name}: chronology – {names.title}", "review": review, "names": names,
        "agency": agency, "status": standing, "period": status.period_under_review(review),
        "page": page, "shown": shown, "draft": draft, "versions": versions, "codes": CODES,
        "restricted": restricted,
        "column_list": COLUMNS, "may_submit": may_submit,
        "settled": standing.current is not None and not standing.is_reopened,
        "may_reopen": access.can(request.user, review, Permission.REOPEN_CHRONOLOGY),
        "may_view_all": access.can(request.user, review, Permission.VIEW_CHRONOLOGIES),
        "form": UploadForm(may_date=access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY)),
        "send_form": SendForm(may_date=access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY))})


@login_required
@require_GET
def template(request: HttpRequest, review_uuid: str, agency_pk: int, kind: str) -> HttpResponse:
    review, _names, agency = _agency_for(request, review_uuid, agency_pk)
    make = {"xlsx": template_xlsx, "docx": template_docx}.get(kind)
    if make is None:
        raise Http404("No such template")
    data = make(reference=review.reference, agency=agency.name,
                period=status.period_under_review(review), due=_status_of(request, review, agency).due_on)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(
        True, f"{review.reference}-chronology-{slugify(agency.name)}.{kind}")
    return response


# --- Uploads and submissions -------------------------------------------------------------------

@login_required
def upload(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None,
                      may_date=access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY))
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            submission = actions.upload_submission(
                review, agency, by=request.user, data=file.read(), filename=file.name,
                received_on=form.cleaned_data.get("received_on"))
        except FileRefused as exc:
            form.add_error("file", str(exc))  # nothing was saved
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"File uploaded as version {submission.version}. It is "
                                      "checked in the background: this page shows how far the "
                                      "check has got.")
            return redirect(_submission_url(submission))
    settled = status.settled(review, agency)
    return render(request, "chronology/upload.html", {
        "title": f"Upload {agency.name}'s chronology – {names.title}", "review": review,
        "names": names, "agency": agency, "form": form,
        "settled": status.settled_message(settled) if settled else ""})


def _submission_page(request: HttpRequest, review: Review, names: Names, agency: Agency,
                     submission: Submission, *, mapping_form: MappingForm | None = None,
                     http_status: int = 200) -> HttpResponse:
    may_submit = access.may_submit_chronology(request.user, review, agency)
    problems = submission.problems or []
    errors = [p for p in problems if p.get("severity") == ERROR]
    warnings = [p for p in problems if p.get("severity") != ERROR]
    is_open = submission.status in OPEN
    from_file = submission.kind != Submission.Kind.BROWSER
    if mapping_form is None and may_submit and is_open and from_file:
        mapping_form = MappingForm(submission)
    finished = submission.status != Submission.Status.CHECKING
    author = status.author_of(review, agency)
    submission.received_words = status.received_words(submission, author.due_on if author
                                                        else None)
    if finished:
        _viewed(request, review, names, "chronology.submission_viewed",
                f"Viewed version {submission.version} of {agency.name}'s chronology",
                agency=agency.pk, submission=submission.pk)
    context = {
        "title": f"{agency.name}: chronology version {submission.version} – {names.title}",
        "review": review, "names": names, "agency": agency, "submission": submission,
        "may_submit": may_submit,
        "may_accept": access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY),
        "is_open": is_open, "from_file": from_file,
        "finished": finished, "errors": errors, "warnings": warnings, "codes": CODES,
        "kinds": checking.problem_kinds(submission), "error_total": len(errors),
        "warning_total": len(warnings),
        "check_failed": checking.check_failed(submission),
        "form": mapping_form,
        "described": describe_mapping(submission.headings, submission.mapping)
        if from_file and submission.headings else [],
        "error_rows": checking.error_rows(submission),
        # A file-wide error (no date column, say) cannot be left out row by row.
        "rows_excludable": bool(errors) and all(p.get("row_ref") for p in errors),
        "excluded": list(submission.excluded_rows.select_related("excluded_by"))
        if submission.status in {Submission.Status.ACCEPTED, Submission.Status.SUPERSEDED}
        else [],
    }
    return render(request, "chronology/submission.html", context, status=http_status)


@login_required
@require_GET
def submission(request: HttpRequest, review_uuid: str, agency_pk: int,
               version: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk)
    return _submission_page(request, review, names, agency,
                            _submission_for(review, agency, version))


@login_required
@require_GET
@shows_no_identities
def submission_status(request: HttpRequest, review_uuid: str, agency_pk: int,
                      version: int) -> HttpResponse:
    """The progress region alone, polled by the submission's page while the check runs."""
    review, _names, agency = _agency_for(request, review_uuid, agency_pk)
    submission = _submission_for(review, agency, version)
    response = render(request, "chronology/_status.html", {"submission": submission,
                                                           "review": review})
    if submission.status != Submission.Status.CHECKING and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # reload the whole page to show what was found
    return response


@login_required
@require_POST
def change_mapping(request: HttpRequest, review_uuid: str, agency_pk: int,
                   version: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    submission = _submission_for(review, agency, version)
    form = MappingForm(submission, request.POST)
    if save_form(request, form, lambda data: actions.change_mapping(
            submission, form.mapping(), data["default_source"], by=request.user,
            version=data["version"]),
            "The file was checked again with the columns you chose."):
        return redirect(_submission_url(submission, "#problems"))
    return _submission_page(request, review, names, agency, submission, mapping_form=form)


def _acceptor_for(request: HttpRequest, review_uuid: str, agency_pk: int,
                  version: int) -> tuple[Review, Names, Agency, Submission]:
    """The version, for the business manager or a lead reviewer (403 for anyone else who may
    see it: an author never accepts their own chronology)."""
    review, names, agency = _agency_for(request, review_uuid, agency_pk)
    if not access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY):
        raise PermissionDenied("Only the business manager or the review's lead reviewer may "
                               "accept an agency's chronology.")
    return review, names, agency, _submission_for(review, agency, version)


def _comparison(request: HttpRequest, review: Review, names: Names, agency: Agency,
                submission: Submission) -> compare.Comparison | None:
    comparison = compare.comparison_for(submission, lambda day, agency_id: (
        access.chronology_entry_hidden(request.user, review, day, agency_id)))
    if comparison is not None:
        _viewed(request, review, names, "chronology.comparison_viewed",
                f"Compared version {submission.version} of {agency.name}'s chronology with "
                f"version {comparison.old.version}", agency=agency.pk,
                submission=submission.pk, old=comparison.old.pk)
    return comparison


@login_required
def accept(request: HttpRequest, review_uuid: str, agency_pk: int, version: int) -> HttpResponse:
    """Accept a version, with the date it was accepted; after reopening, with what it changes."""
    review, names, agency, submission = _acceptor_for(request, review_uuid, agency_pk, version)
    if submission.status == Submission.Status.PROBLEMS:
        return redirect(reverse("chronology:accept_without_errors",
                                args=[review.uuid, agency.pk, submission.version]))
    if submission.status not in OPEN:
        messages.error(request, f"Version {submission.version} is "
                                f"{submission.get_status_display().lower()}: it cannot be "
                                "accepted.")
        return redirect(_submission_url(submission))
    if submission.is_draft:
        messages.error(request, f"Version {submission.version} is a draft that has not been "
                                "sent: it can be accepted once it is sent.")
        return redirect(_agency_url(review, agency, "#draft"))
    form = AcceptForm(_posted(request))
    if save_form(request, form, lambda data: actions.accept_submission(
            submission, by=request.user, accepted_on=data["accepted_on"]),
            f"Version {submission.version} accepted as {agency.name}'s chronology."):
        return redirect(_agency_url(review, agency))
    return render(request, "chronology/accept.html", {
        "title": f"Accept version {submission.version} – {agency.name}'s chronology – "
                 f"{names.title}", "review": review, "names": names, "agency": agency,
        "submission": submission, "form": form,
        "comparison": _comparison(request, review, names, agency, submission),
        "back_url": _submission_url(submission)})


@login_required
def accept_without_errors(request: HttpRequest, review_uuid: str, agency_pk: int,
                          version: int) -> HttpResponse:
    """Accept a file with every row that has errors left out, each with a reason."""
    review, names, agency, submission = _acceptor_for(request, review_uuid, agency_pk, version)
    rows = checking.error_rows(submission)
    whole_file = any(p.get("severity") == ERROR and not p.get("row_ref")
                     for p in submission.problems or [])
    if whole_file and submission.status == Submission.Status.PROBLEMS:
        messages.error(request, "This file has a problem with the whole file, which leaving rows "
                                "out cannot mend: choose its columns again, or upload a "
                                "corrected file.")
        return redirect(_submission_url(submission))
    if submission.status != Submission.Status.PROBLEMS or not rows:
        messages.error(request, "Only a checked file with rows that have errors can be accepted "
                                "without them.")
        return redirect(_submission_url(submission))
    form = ExclusionForm(rows, _posted(request))
    if save_form(request, form, lambda data: actions.accept_submission(
            submission, by=request.user, exclusions=form.exclusions(),
            accepted_on=data["accepted_on"]),
            f"Version {submission.version} accepted as {agency.name}'s chronology, without "
            f"{len(rows)} row{'' if len(rows) == 1 else 's'} with errors."):
        return redirect(_submission_url(submission, "#excluded"))
    _viewed(request, review, names, "chronology.submission_viewed",
            f"Viewed the rows with errors in version {submission.version} of {agency.name}'s "
            "chronology", agency=agency.pk, submission=submission.pk)
    return render(request, "chronology/exclude.html", {
        "title": f"Accept without the rows that have errors – {names.title}", "review": review,
        "names": names, "agency": agency, "submission": submission, "form": form,
        "codes": CODES, "back_url": _submission_url(submission),
        "comparison": _comparison(request, review, names, agency, submission)})


@login_required
def reopen(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    """The business manager reopens an accepted chronology, saying why."""
    review, names, agency = _agency_for(request, review_uuid, agency_pk)
    if not access.can(request.user, review, Permission.REOPEN_CHRONOLOGY):
        raise PermissionDenied("Only the business manager may reopen an accepted chronology.")
    form = ReopenForm(_posted(request))
    if save_form(request, form, lambda data: actions.reopen_chronology(
            review, agency, by=request.user, reason=data["reason"],
            reopened_on=data["reopened_on"]),
            lambda draft: f"{agency.name}'s chronology is reopened. Its author's changes go into "
                          f"version {draft.version}, which is accepted again."):
        return redirect(_agency_url(review, agency, "#entries"))
    current = status.settled(review, agency)
    return form_page(
        request, form, heading=f"Reopen {agency.name}'s chronology", caption=names.title,
        button="Reopen the chronology", back_url=_agency_url(review, agency),
        back_text=f"Back to {agency.name}'s chronology",
        intro=(f"Version {current.version} was accepted"
               + (f" on {current.accepted_on:%-d %B %Y}" if current.accepted_on else "")
               + ". It stays the agency's chronology, unchanged, until a new version is "
                 "accepted. The author's changes form that new version: it starts as a copy of "
                 "the accepted entries, and whoever accepts it sees what was added, removed "
                 "and changed.") if current else
              "Only an accepted chronology that has not been reopened can be reopened.")


@login_required
@require_POST
def withdraw(request: HttpRequest, review_uuid: str, agency_pk: int, version: int) -> HttpResponse:
    review, _names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    submission = _submission_for(review, agency, version)
    if run_action(request, lambda: actions.withdraw_submission(submission, by=request.user),
                  f"Version {submission.version} will not be used. It stays listed as an "
                  "earlier version."):
        return redirect(_agency_url(review, agency))
    return redirect(_submission_url(submission))


@login_required
@require_POST
def retry_check(request: HttpRequest, review_uuid: str, agency_pk: int,
                version: int) -> HttpResponse:
    """Check the file again after a check that stopped before it finished: whoever may send
    this agency's chronology (its author, the business manager) may retry it."""
    review, _names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    submission = _submission_for(review, agency, version)
    run_action(request, lambda: actions.retry_check(submission, by=request.user),
               f"Version {submission.version} is being checked again. This page shows how far "
               "it has got.")
    return redirect(_submission_url(submission))


# --- Entries typed in the browser --------------------------------------------------------------

def _refuse_if_settled(review: Review, agency: Agency) -> None:
    current = status.settled(review, agency)
    if current is not None:
        raise PermissionDenied(status.settled_message(current))


def _copy_in_draft(review: Review, agency: Agency, entry: Entry) -> Entry | None:
    """A reopened chronology: the copy of this accepted entry in the version being written."""
    if entry.submission.reopened_at is None:
        return None
    draft = status.draft_of(review, agency)
    return draft.entries.filter(carried_from=entry).first() if draft else None


def _not_changeable(review: Review, agency: Agency, entry: Entry) -> str:
    if entry.submission.reopened_at is None:
        return status.settled_message(entry.submission)
    draft = status.draft_of(review, agency)
    where = (f"version {draft.version}, where this entry was removed" if draft else
             "the file waiting to be accepted, or a version typed here once that file is not "
             "used")
    return (f"This entry is in version {entry.submission.version}, the accepted version, which "
            f"stays as it was while the chronology is reopened. Changes go into {where}.")


def _unsent_words(entry: Entry) -> str:
    submission = Submission.objects.only("received_on", "kind").get(pk=entry.submission_id)
    return (" The chronology is a draft, not yet sent: send it when every entry is in."
            if submission.is_draft else "")


def _restricted_words(request: HttpRequest, review: Review, entry: Entry) -> str:
    """An entry saved into a range the advice in force restricts from its author: said, so it
    does not seem lost when it is no longer in their list."""
    if not access.chronology_entry_hidden(request.user, review, entry.date, entry.agency_id):
        return ""
    return (" Its date is in a range the advice in force restricts: you will not see it in the "
            "chronology while the restriction holds.")


@login_required
def send(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    """Send the chronology typed in Review Desk (POST): from then on it is received."""
    review, names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    form = SendForm(_posted(request), may_date=access.can(request.user, review, Permission.ACCEPT_CHRONOLOGY))
    if save_form(request, form, lambda data: actions.send_chronology(
            review, agency, by=request.user, received_on=data.get("received_on")),
            lambda sent: f"Version {sent.version} sent: received on "
                         f"{sent.received_on:%-d %B %Y}. The business manager or the review's "
                         "lead reviewer accepts it."):
        return redirect(_agency_url(review, agency))
    standing = _status_of(request, review, agency)
    return form_page(
        request, form, heading=f"Send {agency.name}'s chronology", caption=names.title,
        button="Send the chronology", back_url=_agency_url(review, agency),
        back_text=f"Back to {agency.name}'s chronology",
        intro=(f"{standing.draft_words}. " if standing.draft else "")
        + ("Give the day it reached you if it came another way; otherwise it is received today."
           if form.may_date else form.received_today))


@login_required
def add_entry(request: HttpRequest, review_uuid: str, agency_pk: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    _refuse_if_settled(review, agency)
    form = EntryForm(_posted(request),
                     starts_version=status.draft_of(review, agency) is None)
    if save_form(request, form, lambda _data: actions.add_entry(
            review, agency, by=request.user, values=form.values()),
                 lambda entry: "Entry added to the chronology." + _unsent_words(entry)
                 + _restricted_words(request, review, entry)):
        return redirect(_agency_url(review, agency, "#entries"))
    return render(request, "chronology/entry.html", {
        "title": f"Add an entry – {agency.name}'s chronology – {names.title}", "review": review,
        "names": names, "agency": agency, "form": form, "entry": None, "codes": CODES,
        "heading": "Add an entry", "button": "Add the entry", "merged_page": ""})


@login_required
def change_entry(request: HttpRequest, review_uuid: str, agency_pk: int, pk: int) -> HttpResponse:
    review, names, agency = _agency_for(request, review_uuid, agency_pk, submit=True)
    entry = get_object_or_404(access.chronology_entries_for(
        request.user, review, Entry.objects.select_related("submission")), pk=pk, review=review,
        agency=agency)
    entry.submission.agency = agency
    if entry.submission.status == Submission.Status.ACCEPTED:
        # Settled: refused, unless reopened, when the change goes to the entry's copy in the
        # version being written.
        copy = _copy_in_draft(review, agency, entry)
        if copy is None:
            raise PermissionDenied(_not_changeable(review, agency, entry))
        query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
        return redirect(reverse("chronology:change_entry", args=[review.uuid, agency.pk, copy.pk])
                        + query)
    try:
        actions.require_changeable(entry)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from None
    form = EntryForm(_posted(request), entry=entry, redact=names.redact)
    # Opened from the merged chronology (its ``next``): back there, at this entry, with the
    # reader's filters and place kept; otherwise back to the agency's own chronology.
    merged_page = back_to_merged(request, review, default="")
    # The merged chronology shows the accepted entry this copy was made from.
    back_url = (f"{merged_page}#entry-{entry.carried_from_id or entry.pk}" if merged_page
                else _agency_url(review, agency, "#entries"))
    if save_form(request, form, lambda data: actions.edit_entry(
            entry, by=request.user, values=form.values(), version=data.get("version")),
                 lambda changed: "Entry changed." + _unsent_words(changed)
                 + _restricted_words(request, review, changed)):
        return redirect(back_url)
    if request.method != "POST":
        _viewed(request, review, names, "chronology.entry_viewed",
                f"Opened an entry in {agency.name}'s chronology to change it", agency=agency.pk,
                entry=entry.pk)
    return render(request, "chronology/entry.html", {
        "title": f"Change an entry – {agency.name}'s chronology – {names.title}",
        "review": review, "names": names, "agency": agency, "form": form, "entry": entry,
        "codes": CODES, "heading": "Change an entry", "button": "Save the entry",
        "merged_page": merged_page, "back_url": back_url})
