"""Support for staff: the partnership's settings (each agency's service, the senior contact), the
business manager's support page of a review, the practitioner's "I can't get the support I
need", a manager's team session, and the senior contact's page of one escalated request.

Support records are confidential (``access.STAFF_CONFIDENTIAL``): the business manager
(``Permission.MANAGE_SUPPORT``) and the practitioner concerned (their own record only); an
escalated request also its senior contact (``access.may_see_support_request``), who sees nothing
else of the review. Everyone else who sees the review gets 403, outsiders 404.
"""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import Agency, PartnershipRole, User
from reviewdesk.audit.services import record
from reviewdesk.reads import audited_read
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, save_form
from reviewdesk.staff.models import Practitioner, SupportOffer, SupportRequest, SupportService
from reviewdesk.staff.selectors import practitioner_for
from reviewdesk.support import actions, selectors
from reviewdesk.support.forms import (
    AnswerForm,
    AskForm,
    EscalationContactForm,
    EscalationNoteForm,
    OfferForm,
    OfferOutcomeForm,
    ServiceForm,
    TeamSessionForm,
)

# The guide's advice to managers with a case in their team (Guidance for Managers).
TEAM_DISCUSSION_ADVICE = [
    "Encourage your staff to seek support and guidance from their line managers.",
    "Hold team discussions to provide support. The meeting is an opportunity for staff to talk "
    "about how they are feeling and what support they need.",
    "It should not be a discussion about who did what, when. If that kind of discussion is "
    "needed, the guide recommends a trained facilitator leads it.",
]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


# --- The partnership's settings ---------------------------------------------------------------

def _require_settings(request: HttpRequest) -> None:
    access.require_partnership(access.may_manage_agencies(_user(request)),
                               "set the support for staff")


@login_required
@require_GET
@audited_read
def services(request: HttpRequest) -> HttpResponse:
    _require_settings(request)
    user = _user(request)
    assert user.partnership_id is not None  # a business manager (may_manage_agencies)
    agencies = list(Agency.objects.filter(partnership_id=user.partnership_id, is_active=True)
                    .order_by("name"))
    by_agency = {s.agency_id: s for s in SupportService.objects.filter(agency__in=agencies)}
    return render(request, "support/services.html", {
        "title": "Support for staff",
        "rows": [(a, by_agency.get(a.pk)) for a in agencies],
        "contact": selectors.escalation_contact(user.partnership_id),
    })


@login_required
def service(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = access.get_partnership_object(
        _user(request), Agency.objects.all(), pk=agency_id,
        allowed=access.may_manage_agencies(_user(request)), what="set the support for staff")
    existing = selectors.service_for(agency)
    initial = ({"name": existing.name, "how_to_reach": existing.how_to_reach} if existing
               else {"how_to_reach": agency.staff_support})
    form = ServiceForm(request.POST or None, initial=initial)
    if save_form(request, form, lambda data: actions.set_support_service(
            agency, by=_user(request), **data), f"{agency.name}'s support service is saved."):
        return redirect("support:services")
    return form_page(request, form, heading=f"Support service: {agency.name}", button="Save",
                     back_url=reverse("support:services"), back_text="Back to support for staff",
                     intro="The agency's counselling or employee-assistance service, shown to "
                           "its staff on every review they are part of.")


@login_required
@audited_read  # the choice lists the partnership's people by name
def escalation_contact(request: HttpRequest) -> HttpResponse:
    _require_settings(request)
    user = _user(request)
    assert user.partnership_id is not None and user.partnership is not None
    partnership = user.partnership
    people = (User.objects.filter(partnership_id=user.partnership_id, is_active=True)
              .exclude(role=PartnershipRole.BUSINESS_MANAGER).order_by("full_name"))
    current = selectors.escalation_contact(user.partnership_id)
    form = EscalationContactForm(people, request.POST or None,
                                 initial={"person": current.pk if current else None})
    if save_form(request, form, lambda data: actions.set_escalation_contact(
            partnership, by=user, person=data["person"]),
            "The senior contact for support is saved."):
        return redirect("support:services")
    return form_page(request, form, heading="Senior contact for support", button="Save",
                     back_url=reverse("support:services"), back_text="Back to support for staff",
                     intro="When the business manager has not answered a request for support "
                           "in 2 working days, it goes once to this person. They see that "
                           "request only, not the review.")


# --- The business manager's page of a review ----------------------------------------------------

@login_required
@require_GET
def review_support(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_SUPPORT)
    # Confidential records of named staff: reading them is recorded.
    record("support.viewed", review=review, summary="Read the support for a review's staff")
    rows = selectors.review_support(review)
    return render(request, "support/review.html", {
        "title": f"Support for staff – {names.title}", "review": review, "names": names,
        "rows": rows, "contact": selectors.escalation_contact(review.partnership_id),
        "services": {s.agency_id: s for s in SupportService.objects.filter(
            agency__in={r.practitioner.agency_id for r in rows})},
    })


def _practitioner(review: Review, pk: int) -> Practitioner:
    found = (Practitioner.objects.filter(review=review, pk=pk)
             .select_related("identity", "agency", "person").first())
    if found is None:
        raise Http404("No such practitioner on this review")
    return found


def _back(review: Review) -> tuple[str, str]:
    return reverse("support:review", args=[review.uuid]), "Back to support for staff"


@login_required
def add_offer(request: HttpRequest, review_uuid: str, practitioner_id: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_SUPPORT)
    practitioner = _practitioner(review, practitioner_id)
    form = OfferForm(request.POST or None)
    if save_form(request, form, lambda data: actions.offer_support(
            practitioner, by=_user(request), **data), "The offer of support is recorded."):
        return redirect("support:review", review.uuid)
    back_url, back_text = _back(review)
    return form_page(request, form, heading=f"Support offered to "
                                            f"{names.entry(practitioner.identity)}",
                     button="Record the offer", caption=names.title, back_url=back_url,
                     back_text=back_text)


@login_required
def change_offer(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_SUPPORT)
    offer = (SupportOffer.objects.filter(review=review, pk=pk)
             .select_related("practitioner__identity").first())
    if offer is None:
        raise Http404("No such offer on this review")
    form = OfferOutcomeForm(offer, request.POST or None)
    if save_form(request, form, lambda data: actions.record_offer_outcome(
            offer, by=_user(request), status=data["status"], status_on=data["status_on"],
            follow_up_on=data["follow_up_on"], note=data["note"], version=data.get("version")),
            "What became of the offer is recorded."):
        return redirect("support:review", review.uuid)
    back_url, back_text = _back(review)
    return form_page(
        request, form, heading=f"{offer.get_source_display()}: "
                               f"{names.entry(offer.practitioner.identity)}",
        button="Save", caption=names.title, back_url=back_url, back_text=back_text,
        intro=f"Offered on {offer.offered_on:%-d %B %Y}; now "
              f"{offer.get_status_display().lower()} (since {offer.status_on:%-d %B %Y}).")


def _request(review: Review, pk: int) -> SupportRequest:
    found = (SupportRequest.objects.filter(review=review, pk=pk)
             .select_related("practitioner__identity", "practitioner__agency", "answered_by",
                             "escalated_to").first())
    if found is None:
        raise Http404("No such request on this review")
    return found


@login_required
def support_request(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    """The request, and the form that answers it (once)."""
    review, names = review_for(request, review_uuid, Permission.MANAGE_SUPPORT)
    asked = _request(review, pk)
    if request.method == "GET":
        record("support.request_viewed", review=review, summary="Read a request for support",
               data={"request": asked.pk})
    form = AnswerForm(request.POST or None)
    if asked.answered_on is None and save_form(
            request, form, lambda data: actions.answer_support_request(
                asked, by=_user(request), **data), "Your answer is recorded: the practitioner "
                                                   "reads it on their page."):
        return redirect("support:request", review.uuid, asked.pk)
    return render(request, "support/request.html", {
        "title": f"Request for support – {names.title}", "review": review, "names": names,
        "asked": asked, "form": form if asked.answered_on is None else None,
        "due_on": selectors.answer_due_on(asked.asked_on),
    })


# --- The practitioner's and the manager's forms ---------------------------------------------------

@login_required
def ask(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.ACT_AS_PRACTITIONER)
    practitioner = practitioner_for(_user(request), review)
    if practitioner is None:
        # On the review as a practitioner but not yet on its practitioner list.
        raise Http404("You are not yet on this review's practitioner list")
    form = AskForm(request.POST or None)
    if save_form(request, form, lambda data: actions.ask_for_support(
            practitioner, by=_user(request), text=data["text"]),
            "Your request is sent. The business manager will answer within 2 working days; "
            "you will read the answer on this page."):
        return redirect("reviews:review", review.uuid)
    return form_page(
        request, form, heading="I can't get the support I need", button="Send",
        caption=names.title, back_url=reverse("reviews:review", args=[review.uuid]),
        back_text="Back to the review",
        intro="Tell the business manager. They are told at once and answer within 2 working "
              "days; if they do not, your request goes to the partnership's senior contact. "
              "Nobody else reads it, and it is never part of the review or any disciplinary "
              "process.")


@login_required
def team_session(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.RECORD_TEAM_SESSION)
    form = TeamSessionForm(request.POST or None)
    if save_form(request, form, lambda data: actions.record_team_session(
            review, by=_user(request), held_on=data["held_on"]),
            "The team support session is recorded."):
        return redirect("reviews:review", review.uuid)
    return form_page(
        request, form, heading="Record a team support session", button="Record the session",
        caption=names.title, back_url=reverse("reviews:review", args=[review.uuid]),
        back_text="Back to the review",
        intro="Only the date is recorded, never what was said.")


# --- The senior contact's page of one request -------------------------------------------------------

def _escalated(request: HttpRequest, pk: int) -> SupportRequest:
    """The request escalated to this person, or 404 (to everyone else it does not exist)."""
    found = (SupportRequest.objects.filter(pk=pk)
             .select_related("review__partnership", "practitioner__identity",
                             "practitioner__agency").first())
    if found is None or not access.may_see_support_request(_user(request), found):
        raise Http404("No such request")
    return found


@login_required
def escalated(request: HttpRequest, pk: int) -> HttpResponse:
    asked = _escalated(request, pk)
    # Their own names: the senior contact is not on the review, so they see role labels only.
    names = Names(asked.review, _user(request))
    if request.method == "GET":
        record("support.request_viewed", review=asked.review,
               summary="Read a request for support", data={"request": asked.pk})
    form = EscalationNoteForm(request.POST or None)
    if save_form(request, form, lambda data: actions.record_escalation_note(
            asked, by=_user(request), **data), "What you did is recorded."):
        return redirect("support:escalated", asked.pk)
    return render(request, "support/escalated.html", {
        "title": "A request for support", "asked": asked, "names": names, "form": form,
        "business_managers": selectors.business_managers(asked.review.partnership_id),
    })


# --- Sections --------------------------------------------------------------------------------------

def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review's page, for the business manager only: the way to the support page."""
    if not access.can(_user(request), review, Permission.MANAGE_SUPPORT):
        return None
    return Section("support/_review_section.html", order=85, context={
        "open_requests": selectors.open_requests(review)})


def practitioner_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On a practitioner's (or manager's) own page, at every stage: how to get support, their
    own offers and requests; for a manager, the guide's advice for team discussions."""
    user = _user(request)
    own = practitioner_for(user, review)
    is_manager = access.can(user, review, Permission.RECORD_TEAM_SESSION)
    if own is None and not is_manager and not access.can(
            user, review, Permission.ACT_AS_PRACTITIONER):
        return None
    agency = own.agency if own else user.agency
    context: dict[str, Any] = {
        "own": own, "agency": agency, "service": selectors.service_for(agency),
        "business_managers": selectors.business_managers(review.partnership_id),
        "contact": selectors.escalation_contact(review.partnership_id),
        "offers": list(own.support_offers.all()) if own else [],
        "requests": list(own.support_requests.all()) if own else [],
        "may_ask": own is not None and access.can(user, review, Permission.ACT_AS_PRACTITIONER),
        "is_manager": is_manager,
        "advice": TEAM_DISCUSSION_ADVICE,
        "sessions": selectors.team_sessions(review, user) if is_manager else [],
    }
    return Section("support/_practitioner_section.html", order=20, context=context)
