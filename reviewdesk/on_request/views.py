"""The time on the website (``website``, a review's page, with the early withdrawal's forms), the
request log (``requests``, a partnership page) and each request's answer. Views stay thin: who
may do what in reviewdesk.access, every change in actions.py, states in selectors.py.

Reasons are free text: shown through the viewer's redactor. A request's page shows a member of
the public's name, address and reason: each view of it is audited as a read."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.notices.models import Notice
from reviewdesk.on_request import actions, selectors
from reviewdesk.on_request.forms import (
    AgreementForm,
    DeclineForm,
    SendForm,
    SettingsForm,
    StartWithdrawalForm,
    WithdrawForm,
)
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _website_url(review: Review) -> str:
    return reverse("on_request:website", args=[review.uuid])


def _live(review: Review) -> Publication:
    """The report's publication that the withdrawal's forms act on: 404 if there is none."""
    publication = selectors.publication_of(review)
    if publication is None:
        raise Http404("This review's report has not been published.")
    return publication


# --- The partnership's settings ------------------------------------------------------------------

@login_required
def settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_partnership(access.is_business_manager(user),
                               "change the partnership's settings")
    partnership = user.partnership
    assert partnership is not None
    form = SettingsForm(partnership, request.POST or None)
    if save_form(request, form, lambda data: actions.change_publication_settings(
            partnership, by=user, website_months=data["website_months"],
            request_working_days=data["request_working_days"], version=data["version"]),
            "Saved. Reports published from now on take the new period, and requests received "
            "from now on the new time to answer; those already published or received keep "
            "their dates."):
        return redirect("on_request:settings")
    return form_page(
        request, form, heading="Time on the website and requests", button="Save the settings",
        back_url=reverse("reviews:settings"), back_text="Back to the settings",
        caption=partnership.name, template="on_request/settings.html")


# --- The time on the website ----------------------------------------------------------------------

@login_required
@require_GET
def website(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PUBLICATION)
    user = _user(request)
    publication = selectors.publication_of(review)
    state = selectors.withdrawal(publication) if publication else None
    today = timezone.localdate()
    requests = list(publication.requests.order_by("due_on", "pk")) if publication else []
    bm = access.is_business_manager_of(user, review)
    return render(request, "on_request/website.html", {
        "title": f"Time on the website – {names.title}", "review": review, "names": names,
        "publication": publication, "withdrawal": state, "bm": bm,
        "requests": [(r, selectors.request_state(r, today)) for r in requests],
        "state_labels": selectors.STATE_LABELS, "state_colours": selectors.STATE_COLOURS,
        "offers": _offers(user, review, publication, state),
        "missing_words": selectors.missing_words(state) if state and state.missing else "",
    })


def _offers(user: User, review: Review, publication: Publication | None,
            state: selectors.Withdrawal | None) -> list[tuple[str, str]]:
    """The withdrawal's steps this person may take now, as (button, url), in order."""
    if publication is None or state is None or publication.state not in selectors.WITHDRAWABLE:
        return []
    url = _website_url(review)
    bm = access.is_business_manager_of(user, review)
    if not state.started:
        return [("Start an early withdrawal", url + "withdrawal/")] if bm else []
    offers = []
    missing = {a.partner_for for a in state.missing}
    if bm and missing:
        offers.append(("Record a partner's agreement", url + "withdrawal/agree/"))
    elif not bm and access.is_partner_of(user, review) and user.partner_for in missing:
        offers.append(("Agree to withdraw the report", url + "withdrawal/agree/"))
    if bm:
        offers.append(("Withdraw the report", url + "withdraw/"))
    return offers


@login_required
def start_withdrawal(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    publication = _live(review)
    user = _user(request)
    form = StartWithdrawalForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.start_withdrawal(
            publication, by=user, reason=data["reason"], on_behalf_of=data["on_behalf_of"]),
            "The withdrawal is started: each of the three safeguarding partners now records "
            "their agreement."):
        return redirect(_website_url(review))
    return form_page(request, form, heading="Start an early withdrawal", button="Start it",
                     caption=names.title, back_url=_website_url(review),
                     back_text="Back to the time on the website",
                     intro="Removing a report from the website before its planned end date "
                           "needs a recorded reason and the agreement of all three safeguarding "
                           "partners. Its public address will then say it has been withdrawn.")


@login_required
def agree(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.AGREE_WITHDRAWAL)
    publication = _live(review)
    user = _user(request)
    bm = access.is_business_manager_of(user, review)
    form = AgreementForm(request.POST or None, on_behalf=bm)
    if save_form(request, form, lambda data: actions.agree_withdrawal(
            publication, by=user, agreed_on=data["agreed_on"],
            partner_for=data.get("partner_for", ""), note=data["note"]),
            "The agreement is recorded."):
        return redirect(_website_url(review))
    reason = names.redact(publication.withdrawal_reason) if publication.withdrawal_reason else ""
    return form_page(request, form, heading="Agree to withdraw the report early",
                     button="Record the agreement", caption=names.title,
                     back_url=_website_url(review), back_text="Back to the time on the website",
                     intro=(f"The reason given: {reason} " if reason else "")
                     + "Each of the three safeguarding partners agrees."
                     + (" You record it on the partner's behalf." if bm else ""))


@login_required
def withdraw(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    publication = _live(review)
    user = _user(request)
    form = WithdrawForm(user, request.POST or None)
    if save_form(request, form, lambda data: actions.withdraw(
            publication, by=user, withdrawn_on=data["withdrawn_on"],
            on_behalf_of=data["on_behalf_of"]),
            "The report is withdrawn: its public address now says so."):
        return redirect(_website_url(review))
    return form_page(request, form, heading="Withdraw the report from the website",
                     button="Withdraw the report", warning=True, caption=names.title,
                     back_url=_website_url(review), back_text="Back to the time on the website",
                     intro="All three safeguarding partners must have agreed. The report leaves "
                           "the website and is no longer available on request; its public "
                           "address says it has been withdrawn.")


# --- Requests --------------------------------------------------------------------------------------

def _require_business_manager(request: HttpRequest) -> User:
    user = _user(request)
    access.require_partnership(access.is_business_manager(user), "answer requests for reports")
    return user


@login_required
@require_GET
def requests(request: HttpRequest) -> HttpResponse:
    user = _require_business_manager(request)
    show = request.GET.get("show", "open")
    if show not in selectors.FILTERS:
        show = "open"
    today = timezone.localdate()
    assert user.partnership_id is not None
    rows = [(r, selectors.request_state(r, today))
            for r in selectors.requests_of(user.partnership_id, show, today)]
    return render(request, "on_request/requests.html", {
        "title": "Requests for reports", "rows": rows, "show": show,
        "filters": selectors.FILTERS, "state_labels": selectors.STATE_LABELS,
        "state_colours": selectors.STATE_COLOURS})


def _request_for(request: HttpRequest, request_uuid: str) -> tuple[User, ReportRequest]:
    """The request, of the viewer's own partnership (404 for anyone else's, as for one that does
    not exist), for the business manager (403 for others of the partnership)."""
    user = _user(request)
    if user.partnership_id is None:
        raise Http404("No such request")
    try:
        asked = ReportRequest.objects.select_related(
            "publication__review__partnership", "responded_by", "on_behalf_of").get(
            uuid=request_uuid, publication__review__partnership_id=user.partnership_id)
    except (ReportRequest.DoesNotExist, ValueError) as exc:
        raise Http404("No such request") from exc
    _require_business_manager(request)
    return user, asked


@login_required
@require_GET
def request_page(request: HttpRequest, request_uuid: str) -> HttpResponse:
    user, asked = _request_for(request, request_uuid)
    actions.record_request_read(asked, by=user)
    review = asked.publication.review
    notice = Notice.objects.filter(dedupe_key__in=[f"on_request:request:{asked.pk}:{end}"
                                                   for end in ("sent", "declined")]).first()
    today = timezone.localdate()
    return render(request, "on_request/request.html", {
        "title": f"Request for {asked.publication.title}", "asked": asked,
        "publication": asked.publication, "review": review,
        "state": selectors.request_state(asked, today),
        "state_labels": selectors.STATE_LABELS, "state_colours": selectors.STATE_COLOURS,
        "names": Names(review, user), "notice": notice,
        "reasons_sent": anonymised(review).redact(asked.response_note)
        if asked.response_note else ""})


def _request_url(asked: ReportRequest) -> str:
    return reverse("on_request:request", args=[asked.uuid])


@login_required
def send(request: HttpRequest, request_uuid: str) -> HttpResponse:
    user, asked = _request_for(request, request_uuid)
    form = SendForm(request.POST or None)
    if save_form(request, form, lambda data: actions.send_report(
            asked, by=user, responded_on=data["responded_on"]),
            f"The report is sent to {asked.email}."):
        return redirect(_request_url(asked))
    return form_page(request, form, heading="Send the report", button="Send the report",
                     caption=asked.publication.title, back_url=_request_url(asked),
                     back_text="Back to the request",
                     intro=f"The published PDF of '{asked.publication.title}' goes by e-mail to "
                           f"{asked.email}. The e-mail is kept with the notices.")


@login_required
def decline(request: HttpRequest, request_uuid: str) -> HttpResponse:
    user, asked = _request_for(request, request_uuid)
    form = DeclineForm(request.POST or None)
    if save_form(request, form, lambda data: actions.decline_request(
            asked, by=user, reasons=data["reasons"], responded_on=data["responded_on"]),
            "The request is declined: the person who asked is told the reasons."):
        return redirect(_request_url(asked))
    return form_page(request, form, heading="Decline the request", button="Decline the request",
                     caption=asked.publication.title, back_url=_request_url(asked),
                     back_text="Back to the request",
                     intro=f"An e-mail to {asked.email} gives the reasons.")
