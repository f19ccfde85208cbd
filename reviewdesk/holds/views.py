"""The holds on publication and the advance copy: a page each to read them (everyone who reads
the publication stage: VIEW_PUBLICATION), and the business manager's forms to add and release a
hold and to record the advance copy (MANAGE_PUBLICATION). Views stay thin: the rules are in
actions.py, access in reviewdesk.access. Free text people typed (reasons, who decided, notes) is
shown through the viewer's redactor."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.holds import actions, selectors
from reviewdesk.holds.forms import AdvanceCopyForm, HoldForm, ReleaseForm
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _shown(hold: Hold, names: Names) -> dict[str, object]:
    """A hold as this viewer may read it."""
    process = hold.process
    return {
        "hold": hold, "reason": names.redact(hold.reason),
        "decided_by": names.redact(hold.decided_by),
        "process": (names.redact(process.kind_label) if process else ""),
        "reference": names.redact(process.reference) if process else "",
        "process_concluded": process is not None and not process.is_open,
        "release_note": names.redact(hold.release_note),
    }


@login_required
@require_GET
def holds(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PUBLICATION)
    shown = [_shown(h, names) for h in selectors.holds_of(review)]
    return render(request, "holds/holds.html", {
        "title": f"Holds on publication – {names.title}", "review": review, "names": names,
        "in_force": [h for h in shown if cast(Hold, h["hold"]).in_force],
        "released": [h for h in shown if not cast(Hold, h["hold"]).in_force],
        "may_manage": access.can(_user(request), review, Permission.MANAGE_PUBLICATION),
        "may_see_notices": access.can(_user(request), review, Permission.VIEW_NOTICES),
    })


def _holds_url(review: Review) -> str:
    return reverse("holds:holds", args=[review.uuid])


@login_required
@require_http_methods(["GET", "POST"])
def add_hold(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    form = HoldForm(review, user, request.POST or None)
    if save_form(request, form, lambda data: actions.add_hold(
            review, by=user, process=data["process"], reason=data["reason"],
            decided_by=data["decided_by"], decided_on=data["decided_on"],
            on_behalf_of=data["on_behalf_of"]),
            "Hold recorded. The National Panel and the Secretary of State have been sent a "
            "notice of the delay and its reason; publication is refused until it is released."):
        return redirect(_holds_url(review))
    return form_page(
        request, form, heading="Put publication on hold", caption=names.title,
        intro="While a hold is in force the report cannot be scheduled or published. The "
              "National Panel and the Secretary of State (through the Department for "
              "Education) are told of the delay and its reason, by pseudonym only.",
        button="Put publication on hold and tell the Panel", back_url=_holds_url(review),
        back_text="Back to the holds on publication", template="holds/hold_form.html",
        context={"review": review, "names": names})


def _hold_of(review: Review, hold_pk: int) -> Hold:
    """One of this review's holds: another review's is not found, as if it did not exist."""
    try:
        return review.publication_holds.select_related("process").get(pk=hold_pk)
    except Hold.DoesNotExist as exc:
        raise Http404("No such hold") from exc


@login_required
@require_http_methods(["GET", "POST"])
def release_hold(request: HttpRequest, review_uuid: str, hold_pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    hold = _hold_of(review, hold_pk)
    hold.review = review  # already fetched and authorised
    form = ReleaseForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.release_hold(
            hold, by=user, released_on=data["released_on"], note=data["note"],
            on_behalf_of=data["on_behalf_of"]),
            "Hold released. It stays in the list of holds, with who released it and when."):
        return redirect(_holds_url(review))
    return form_page(
        request, form, heading="Release a hold on publication", caption=names.title,
        intro="A hold is released once. Publication may then go ahead when nothing else stops "
              "it.",
        button="Release the hold", back_url=_holds_url(review),
        back_text="Back to the holds on publication", template="holds/release_form.html",
        context={"review": review, "names": names, "shown": _shown(hold, names)})


@login_required
@require_GET
def advance_copy(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PUBLICATION)
    user = _user(request)
    return render(request, "holds/advance_copy.html", {
        "title": f"The advance copy – {names.title}", "review": review, "names": names,
        "state": selectors.advance_copy_state(review),
        "working_days": actions.ADVANCE_WORKING_DAYS,
        "may_manage": access.can(user, review, Permission.MANAGE_PUBLICATION),
        "may_see_notices": access.can(user, review, Permission.VIEW_NOTICES),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record_advance_copy(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    form = AdvanceCopyForm(user, request.POST or None)
    back = reverse("holds:advance_copy", args=[review.uuid])

    def done(copy: AdvanceCopy) -> str:
        return (f"Advance copy sent to the National Panel and the Secretary of State. The "
                f"earliest publication date is {actions.long_day(copy.earliest_publication_on)}.")

    if save_form(request, form, lambda data: actions.record_advance_copy(
            review, by=user, sent_on=data["sent_on"], on_behalf_of=data["on_behalf_of"]), done):
        return redirect(back)
    state = selectors.advance_copy_state(review)
    return form_page(
        request, form, heading="Send the advance copy", caption=names.title,
        intro=(f"Review Desk sends the final report's PDF (version "
               f"{state.final.version.number}, made on {state.final.produced_on:%-d %B %Y}) to "
               "the National Panel and to the Secretary of State, through the Department for "
               "Education. Give the date it went: the earliest publication date is "
               f"{actions.ADVANCE_WORKING_DAYS} working days after it, counting England's bank "
               "holidays." if state.final else
               "There is no final report yet: the advance copy is the final report's PDF."),
        button="Send the advance copy", back_url=back, back_text="Back to the advance copy",
        context={"review": review, "names": names})
