"""The business manager's retention page (the period, the reviews past it, the holds and the
erasures) and the pages to place or lift a legal hold and to erase a review's personal data."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.retention import actions, plan
from reviewdesk.retention.forms import EraseForm, HoldForm, LiftForm, RetentionForm
from reviewdesk.retention.models import Erasure, LegalHold
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, save_form

BACK = "Back to retention"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _manager_of(request: HttpRequest, review_uuid: str) -> tuple[Review, Names]:
    review, names = review_for(request, review_uuid)
    access.require_partnership(access.is_business_manager_of(_user(request), review),
                               "decide how long a review's records are kept")
    return review, names


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_partnership(access.is_business_manager(user),
                               "decide how long closed reviews' records are kept")
    partnership = user.partnership
    assert partnership is not None
    form = RetentionForm(partnership, request.POST or None)
    if save_form(request, form, lambda data: actions.change_retention(
            partnership, by=user, years=data["years"], policy=data["policy"],
            version=data["version"]),
            "Saved. Closed reviews are listed below once their records have been kept for this "
            "period."):
        return redirect("retention:overview")
    hold_reference = request.GET.get("hold", "").strip()[:40]
    hold_error = ""
    if hold_reference:
        found = access.of_own_partnership(user, Review.objects.all()).filter(
            reference__iexact=hold_reference).first()
        if found is not None:
            return redirect("retention:hold", found.uuid)
        hold_error = (f"No review of {partnership.name} has the reference {hold_reference}: "
                      "check it on the review's page.")
    today = timezone.localdate()
    due = actions.past_retention(partnership, today)
    reviews = access.of_own_partnership(user, Review.objects.all())
    holds = list(LegalHold.objects.filter(review__in=reviews, lifted_on__isnull=True)
                 .select_related("review").order_by("placed_on", "pk"))
    erasures = list(Erasure.objects.filter(review__in=reviews).select_related("review")
                    .order_by("-erased_on", "-pk"))
    shown = {d.review.pk for d in due} | {h.review_id for h in holds} | {
        e.review_id for e in erasures}
    # One query for every listed review's register, not one per review.
    names = {r.pk: Names(r, user, entries=list(r.identities.all()))
             for r in Review.objects.filter(pk__in=shown).prefetch_related("identities")}
    return form_page(
        request, form, heading="How long records are kept", button="Save the period",
        back_url=reverse("reviews:settings"), back_text="Back to the settings",
        caption=partnership.name, template="retention/overview.html",
        context={"due": due, "holds": holds, "erasures": erasures, "names": names,
                 "partnership": partnership, "kept": sorted(plan.KEPT.values()),
                 "hold_reference": hold_reference, "hold_error": hold_error})


@login_required
def hold(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _manager_of(request, review_uuid)
    user = _user(request)
    form = HoldForm(request.POST or None)
    if save_form(request, form, lambda data: actions.place_hold(
            review, by=user, reason=data["reason"], placed_on=data["placed_on"]),
            "The legal hold is placed: the review's records are kept until it is lifted."):
        return redirect("retention:overview")
    return form_page(request, form, heading="Place a legal hold", button="Place the hold",
                     caption=names.title, back_url=reverse("retention:overview"), back_text=BACK,
                     intro="A legal hold keeps every record of the review, whatever the "
                           "retention period, until you lift it.")


@login_required
def lift(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _manager_of(request, review_uuid)
    user = _user(request)
    form = LiftForm(request.POST or None)
    if save_form(request, form, lambda data: actions.lift_hold(
            review, by=user, reason=data["reason"], lifted_on=data["lifted_on"]),
            "The legal hold is lifted."):
        return redirect("retention:overview")
    return form_page(request, form, heading="Lift the legal hold", button="Lift the hold",
                     caption=names.title, back_url=reverse("retention:overview"), back_text=BACK)


@login_required
def erase(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _manager_of(request, review_uuid)
    user = _user(request)
    form = EraseForm(request.POST or None)
    if save_form(request, form, lambda data: actions.erase_review(
            review, by=user, confirm=data["confirm"]),
            f"{review.reference}'s personal data is erased. The published report, the "
            "anonymised learning and the review's history in pseudonyms are kept."):
        return redirect("retention:overview")
    refusal = actions.erasure_refusal(review, timezone.localdate())
    return form_page(request, form, heading="Erase the review's personal data",
                     button="Erase the personal data", caption=names.title, warning=True,
                     back_url=reverse("retention:overview"), back_text=BACK,
                     template="retention/erase.html",
                     context={"refusal": refusal, "kept": sorted(plan.KEPT.values())})


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review's own page: that its personal data was erased (and when), or that a legal
    hold keeps its records. Nothing otherwise. The hold's reason is on the retention page only:
    it may name people."""
    erasure = Erasure.objects.filter(review=review).first()
    hold = None if erasure else LegalHold.objects.filter(review=review,
                                                         lifted_on__isnull=True).first()
    if erasure is None and hold is None:
        return None
    return Section(template="retention/_section.html", order=1,
                   context={"erasure": erasure, "hold": hold,
                            "manager": access.is_business_manager(_user(request))})
