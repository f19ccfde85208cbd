"""The final report's pages: its state, making it from the approved version with LibreOffice,
checking the lead reviewer's own PDF, and the downloads. Who may do what in reviewdesk.access
(VIEW_REPORT_FILES to see and download, PRODUCE_FINAL_REPORT to make it); every change and
download in actions.py. Passages of the report (a supplied PDF's differences) are shown through
the viewer's redactor."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.final_report import actions, converter
from reviewdesk.final_report.forms import ProduceForm, SupplyForm
from reviewdesk.final_report.pdf_check import Difference
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, save_form

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# What strip_docx and the PDF's clean-up count, as the page says it: (one, more than one).
STRIPPED = {
    "comments": ("comment", "comments"),
    "people": ("person named as a comment author", "people named as comment authors"),
    "insertions_accepted": ("tracked insertion accepted", "tracked insertions accepted"),
    "deletions_dropped": ("tracked deletion removed", "tracked deletions removed"),
    "formatting_changes": ("tracked formatting change", "tracked formatting changes"),
    "properties": ("document property (author, last modified by, company…)",
                   "document properties (author, last modified by, company…)"),
    "custom_properties": ("custom property", "custom properties"),
    "document_variables": ("document variable", "document variables"),
    "custom_xml": ("custom XML item", "custom XML items"),
    "hidden_text": ("piece of hidden text", "pieces of hidden text"),
    "linked_files": ("link to a file outside the document", "links to files outside the document"),
    "mail_merge": ("mail merge setting", "mail merge settings"),
    "pdf_metadata": ("PDF property (author, title, the program that made it)",
                     "PDF properties (author, title, the program that made it)"),
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _page_url(review: Review) -> str:
    return reverse("final_report:report", args=[review.uuid])


def _stripped(final: FinalReport) -> list[tuple[int, str]]:
    out = []
    for kind, n in final.stripped.items():
        one, more = STRIPPED.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
        if n:
            out.append((n, one if n == 1 else more))
    return out


@login_required
@require_GET
def report(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_REPORT_FILES)
    finals = list(FinalReport.objects.filter(review=review)
                  .select_related("version", "recorded_by", "on_behalf_of"))
    current = next((f for f in finals if f.replaced_at is None), None)
    return render(request, "final_report/report.html", {
        "title": f"The final report – {names.title}", "review": review, "names": names,
        "ready": actions.readiness(review), "current": current,
        "current_stripped": _stripped(current) if current else [],
        "earlier": [f for f in finals if f is not current],
        "may_produce": access.can(_user(request), review, Permission.PRODUCE_FINAL_REPORT),
        "has_converter": converter.soffice_path() is not None,
        "package": converter.PACKAGE})


@login_required
def produce(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.PRODUCE_FINAL_REPORT)
    form = ProduceForm(review, _user(request), request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda d: actions.produce(
            review, by=_user(request), produced_on=d["produced_on"],
            on_behalf_of=d["on_behalf_of"]),
            lambda final: f"Final report made from version {final.version.number}: the PDF and "
                          "the cleaned Word document are kept with the review."):
        return redirect(_page_url(review))
    ready = actions.readiness(review)
    return form_page(
        request, form, heading="Make the final report", button="Make the PDF",
        back_url=_page_url(review), back_text="Back to the final report", caption=names.title,
        intro=(f"Review Desk strips the hidden content from version {ready.version.number}'s "
               "Word document (comments, tracked changes, authors' names, properties, hidden "
               "text) and makes a PDF of it with LibreOffice. This takes a few seconds."
               if ready.version else "The report has not been approved yet."),
        context={"review": review, "names": names})


def _differences(names: Names, differences: list[Difference]) -> list[dict[str, object]]:
    return [{"label": d.label, "page": d.page, "in_word": names.redact(d.in_word),
             "in_pdf": names.redact(d.in_pdf)} for d in differences]


@login_required
def supply(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.PRODUCE_FINAL_REPORT)
    posted = request.method == "POST"
    form = SupplyForm(review, _user(request), request.POST if posted else None,
                      request.FILES if posted else None)
    differences: list[dict[str, object]] = []
    more = 0
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            final = actions.supply(review, by=_user(request), data=file.read(), filename=file.name,
                                   produced_on=form.cleaned_data["produced_on"],
                                   on_behalf_of=form.cleaned_data["on_behalf_of"])
        except actions.TextMismatch as exc:
            form_errors_from(form, exc)
            differences, more = _differences(names, exc.check.differences), exc.check.more
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The lead reviewer's PDF matches version "
                                      f"{final.version.number} and is kept as the final report.")
            return redirect(_page_url(review))
    return render(request, "final_report/supply.html", {
        "title": f"Upload the lead reviewer's PDF – {names.title}", "review": review,
        "names": names, "form": form, "ready": actions.readiness(review),
        "differences": differences, "more": more})


@login_required
@require_GET
def download(request: HttpRequest, review_uuid: str, pk: int, kind: str) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.VIEW_REPORT_FILES)
    final = get_object_or_404(FinalReport.objects.select_related("version"), pk=pk,
                              review=review)
    final.review = review  # already fetched and authorised
    if kind not in CONTENT_TYPES:
        raise Http404("No such file")
    try:
        data = actions.download(final, kind, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(review))
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    # A neutral name: the report's own name often holds the child's.
    name = f"{review.reference}-final-report-v{final.version.number}.{kind}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
