"""The checklist's pages: a version's checklist as the reviewer sees it (with the business
manager's acceptances), and the partnership's lists (required sections, jargon).

A version's page shows draft text (headings, paragraph labels, acronyms as written): only those
who may read the report (``Permission.READ_REPORT``) see it, through their redactor, and the
read is audited. Acceptances are the business manager's (``Permission.MANAGE_REPORT``).
"""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.checklist import actions, selectors
from reviewdesk.checklist.forms import AcceptForm, JargonForm, SectionForm
from reviewdesk.reports.models import (
    ChecklistAcceptance,
    ChecklistResult,
    JargonTerm,
    ReportVersion,
    RequiredSection,
)
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form

EXCERPT = 160  # characters of a paragraph shown beside its label
SECTION_STAGES = (Stage.REPORT, Stage.PUBLICATION)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


# --- A version's checklist -------------------------------------------------------------------------

def _version_for(review: Review, number: int) -> ReportVersion:
    version = get_object_or_404(ReportVersion.objects.filter(review=review), number=number)
    version.review = review  # already fetched and authorised
    return version


def _checklist_url(version: ReportVersion, anchor: str = "") -> str:
    return reverse("checklist:checklist", args=[version.review.uuid, version.number]) + anchor


def _shown(item: selectors.Item, outline: list[dict[str, Any]], names: Names) -> dict[str, Any]:
    """An item's details as this viewer may read them: everything from the draft through their
    redactor."""
    redact = names.redact

    def excerpt(block: int | None) -> str:
        if block is None or not 0 <= block < len(outline):
            return ""
        # Redacted whole, then cut: a name cut in two would not be found.
        text = redact(str(outline[block]["text"]))
        return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + "…"

    rows: list[dict[str, Any]] = []
    for d in item.details:
        row = dict(d)
        for key in ("label", "acronym", "addressed_to", "section"):
            if isinstance(row.get(key), str):
                row[key] = redact(row[key])
        for key in ("found", "paragraphs"):
            if isinstance(row.get(key), list):
                row[key] = [redact(str(v)) for v in row[key]]
        row["excerpt"] = excerpt(d.get("block"))
        rows.append(row)
    return {"item": item, "rows": rows}


@login_required
@require_GET
def checklist(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    version = _version_for(review, number)
    items = selectors.items_for(version)
    result = ChecklistResult.objects.filter(version=version).only(
        "worked_out_at", "seconds").first()
    # The page shows the draft's headings, labels and words: reading it is recorded.
    record("checklist.viewed", review=review,
           summary=f"Viewed the checklist of version {version.number} of the report",
           data={"version": version.pk, "tier": int(names.tier)})
    return render(request, "checklist/checklist.html", {
        "title": f"Checklist for version {version.number} – {names.title}", "review": review,
        "names": names, "version": version, "result": result,
        "items": [_shown(i, version.outline, names) for i in items],
        "blocking": sum(1 for i in items if i.blocks_sign_off),
        "may_accept": access.can(_user(request), review, Permission.MANAGE_REPORT),
    })


@login_required
def accept(request: HttpRequest, review_uuid: str, number: int, item: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_REPORT)
    version = _version_for(review, number)
    if item not in actions.ITEMS:
        raise Http404("No such item on the checklist")
    form = AcceptForm(request.POST or None)
    if save_form(request, form, lambda data: actions.accept_item(
            version, by=_user(request), item=item, reason=data["reason"],
            accepted_on=data["accepted_on"]),
            f"“{actions.ITEMS[item]}” is accepted as it is on version {version.number}. It no "
            "longer stands in the way of sign-off."):
        return redirect(_checklist_url(version, f"#{item}"))
    return form_page(
        request, form, heading=f"Accept “{actions.ITEMS[item]}” as it is",
        caption=f"Version {version.number} of the report", button="Accept as it is",
        back_url=_checklist_url(version, f"#{item}"), back_text="Back to the checklist",
        intro="The item will no longer stand in the way of signing this version off. The "
              "reason is kept with it and shown to everyone who reads the checklist. A later "
              "version is checked afresh.",
        context={"review": review, "names": names})


@login_required
@require_POST
def withdraw(request: HttpRequest, review_uuid: str, number: int, pk: int) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.MANAGE_REPORT)
    version = _version_for(review, number)
    acceptance = get_object_or_404(ChecklistAcceptance, pk=pk, version=version)
    run_action(request, lambda: actions.withdraw_acceptance(acceptance, by=_user(request)),
               "Acceptance withdrawn: the item stands in the way of sign-off again until it "
               "passes or is accepted.")
    return redirect(_checklist_url(version, f"#{acceptance.item}"))


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """The latest version's checklist in brief, on the review's page."""
    if not access.can(_user(request), review, Permission.READ_REPORT):
        return None
    latest = ReportVersion.objects.filter(review=review).only(
        "pk", "number", "review_id", "draft_check_id", "written_on").first()  # newest first
    if latest is None and review.stage not in SECTION_STAGES:
        return None  # nothing to say before the report stage
    blocking = None
    if latest is not None:
        latest.review = review
        blocking = selectors.blocking_items(latest)
    return Section("checklist/_section.html", 85, {"review": review, "latest": latest,
                                                   "blocking": blocking})


def version_panel(request: HttpRequest, version: ReportVersion, names: Names) -> Section | None:
    """The version's checklist in brief, on the version's own page."""
    if not access.can(_user(request), version.review, Permission.READ_REPORT):
        return None
    return Section("checklist/_section.html", 20, {
        "review": version.review, "latest": version,
        "blocking": selectors.blocking_items(version)})


# --- The partnership's lists -------------------------------------------------------------------

def _require_lists(request: HttpRequest) -> Partnership:
    access.require_partnership(access.is_business_manager(_user(request)),
                               "change what a report must contain")
    partnership = _user(request).partnership
    assert partnership is not None  # a business manager belongs to one
    actions.ensure_lists(partnership.pk)
    return partnership


@login_required
@require_GET
def lists(request: HttpRequest) -> HttpResponse:
    partnership = _require_lists(request)
    return render(request, "checklist/lists.html", {
        "title": "What a report must contain",
        "sections": list(RequiredSection.objects.filter(partnership=partnership)),
        "jargon": list(JargonTerm.objects.filter(partnership=partnership)),
    })


def _back() -> tuple[str, str]:
    return reverse("checklist:lists"), "Back to what a report must contain"


@login_required
def add_section(request: HttpRequest) -> HttpResponse:
    partnership = _require_lists(request)
    form = SectionForm(request.POST or None)
    if save_form(request, form, lambda data: actions.save_section(
            partnership, by=_user(request), **data), "Required section added. Checklists are "
            "worked out again when they are next opened."):
        return redirect("checklist:lists")
    back_url, back_text = _back()
    return form_page(request, form, heading="Add a required section", button="Add section",
                     back_url=back_url, back_text=back_text)


@login_required
def change_section(request: HttpRequest, pk: int) -> HttpResponse:
    section = access.get_partnership_object(
        _user(request), RequiredSection.objects.all(), pk=pk,
        allowed=access.is_business_manager(_user(request)),
        what="change what a report must contain")
    form = SectionForm(request.POST or None,
                       initial={"name": section.name, "headings": section.headings})
    if save_form(request, form, lambda data: actions.save_section(
            section.partnership, by=_user(request), section=section, **data),
            "Required section saved. Checklists are worked out again when they are next "
            "opened."):
        return redirect("checklist:lists")
    back_url, back_text = _back()
    return form_page(request, form, heading=f"Change the section: {section.name}", button="Save",
                     back_url=back_url, back_text=back_text)


@login_required
@require_POST
def remove_section(request: HttpRequest, pk: int) -> HttpResponse:
    section = access.get_partnership_object(
        _user(request), RequiredSection.objects.all(), pk=pk,
        allowed=access.is_business_manager(_user(request)),
        what="change what a report must contain")
    run_action(request, lambda: actions.remove_section(section, by=_user(request)),
               "Required section removed.")
    return redirect("checklist:lists")


@login_required
def jargon(request: HttpRequest) -> HttpResponse:
    partnership = _require_lists(request)
    current = "\n".join(f"{t.term} = {t.plain}"
                        for t in JargonTerm.objects.filter(partnership=partnership))
    form = JargonForm(request.POST or None, initial={"terms": current})
    if save_form(request, form, lambda data: actions.set_jargon(
            partnership, by=_user(request), text=data["terms"]),
            lambda n: f"Jargon list saved: {n} words or phrases."):
        return redirect("checklist:lists")
    back_url, back_text = _back()
    return form_page(request, form, heading="Jargon and plain alternatives", button="Save",
                     back_url=back_url, back_text=back_text,
                     intro="Reports are checked for these words and phrases, and the plain "
                           "alternative is suggested for each.")
