"""The family's involvement: the review's page of family members, one page per member, and the
forms that add and change them, record a sibling decision and the offer of the draft report.

Only the business manager, the lead reviewer(s) and the review's subgroup members open any of
these (``Permission.VIEW_FAMILY``); practitioners and agency authors get 403, outsiders 404.
Partners see the count and status on the review page (``review_section``).
"""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.family import actions, selectors
from reviewdesk.family.forms import (
    AddMemberForm,
    ChangeMemberForm,
    ReportOfferForm,
    SiblingDecisionForm,
)
from reviewdesk.family.models import FamilyMember, SiblingDecision
from reviewdesk.family.rules import approach_refusal
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.reviews.sections import Section
from reviewdesk.shortcuts import form_page, login_required, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _member(review: Review, pk: int) -> FamilyMember:
    return get_object_or_404(FamilyMember.objects.filter(review=review).select_related(
        "identity"), pk=pk)


def _sibling_decision(member: FamilyMember) -> SiblingDecision | None:
    try:
        return member.sibling_decision
    except SiblingDecision.DoesNotExist:
        return None


def _rows(members: list[FamilyMember]) -> list[dict[str, Any]]:
    return [{"member": m, "status": selectors.status(m), "decision": _sibling_decision(m),
             "refusal": approach_refusal(m)} for m in members]


@login_required
@require_GET
def involvement(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_FAMILY)
    # The family's names, their words and needs: reading them is recorded.
    record("family.viewed", review=review, summary="Viewed the family's involvement")
    members = selectors.members(review)
    return render(request, "family/involvement.html", {
        "title": f"Family involvement – {names.title}", "review": review, "names": names,
        "rows": _rows(members), "summary": selectors.summary(review, members),
        "may_manage": access.can(_user(request), review, Permission.MANAGE_FAMILY),
    })


@login_required
@require_GET
def member(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_FAMILY)
    found = next((m for m in selectors.members(review) if m.pk == pk), None)
    if found is None:
        raise Http404("No such family member on this review")
    record("family.member_viewed", review=review, summary="Viewed a family member's record",
           data={"member": found.pk})
    return render(request, "family/member.html", {
        "title": f"{names.entry(found.identity)} – Family involvement – {names.title}",
        "review": review, "names": names, "member": found, "row": _rows([found])[0],
        "may_manage": access.can(_user(request), review, Permission.MANAGE_FAMILY),
    })


def _back(review: Review, member: FamilyMember | None = None) -> tuple[str, str]:
    if member is None:
        return reverse("family:involvement", args=[review.uuid]), "Back to family involvement"
    return (reverse("family:member", args=[review.uuid, member.pk]),
            "Back to this person's record")


@login_required
def add_member(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_FAMILY)
    form = AddMemberForm(review, names.entry_with_label, request.POST or None)
    added: list[FamilyMember] = []

    def save(data: dict) -> None:
        details = {f: data[f] for f in actions.MEMBER_FIELDS}
        if data["identity"] is not None:
            added.append(actions.add_family_member(review, by=_user(request),
                                                   identity=data["identity"], **details))
        else:
            added.append(actions.add_family_member(
                review, by=_user(request), real_name=data["real_name"],
                pseudonym=data["pseudonym"], kind=data["kind"],
                date_of_birth=data["date_of_birth"], **details))

    if save_form(request, form, save, "Added to the family members the review considers."):
        return redirect("family:member", review.uuid, added[0].pk)
    back_url, back_text = _back(review)
    return form_page(request, form, heading="Add a family member or friend", button="Add",
                     caption=names.title, back_url=back_url, back_text=back_text,
                     intro="Choose them from the identity register, or enter someone new: they "
                           "are added to the register too.")


@login_required
def change_member(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_FAMILY)
    found = _member(review, pk)
    form = ChangeMemberForm(found, names.redact, request.POST or None)

    def save(data: dict) -> None:
        actions.change_family_member(found, by=_user(request), version=data.get("version"),
                                     **{f: data[f] for f in actions.MEMBER_FIELDS})

    if save_form(request, form, save, "Their details are saved."):
        return redirect("family:member", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    return form_page(request, form, heading=f"Change the details of {names.entry(found.identity)}",
                     button="Save", caption=names.title, back_url=back_url, back_text=back_text)


@login_required
def sibling_decision(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_FAMILY)
    found = _member(review, pk)
    existing = _sibling_decision(found)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {"age": existing.age, "consulted": existing.consulted,
                   "contact_appropriate": "yes" if existing.contact_appropriate else "no",
                   "how": existing.how, "decision": existing.decision,
                   "reasons": existing.reasons}
    form = SiblingDecisionForm(request.POST or None, initial=initial)
    if save_form(request, form, lambda data: actions.record_sibling_decision(
            found, by=_user(request), **data), "The sibling decision is recorded."):
        return redirect("family:member", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    who = names.entry(found.identity)
    return form_page(
        request, form, heading=f"Sibling decision: {who}", button="Record the decision",
        caption=names.title, back_url=back_url, back_text=back_text,
        intro=("A separate, considered decision about this sibling, recorded before anyone "
               "approaches them." if existing is None else
               "Recording the decision again replaces the one in force; the audit trail keeps "
               "that it was reconsidered."))


@login_required
def report_offer(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_FAMILY)
    found = _member(review, pk)

    def yes_no(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    initial: dict[str, Any] = {}
    if found.offered_draft_on:
        initial = {"offered_draft_on": found.offered_draft_on,
                   "wants_to_see_draft": yes_no(found.wants_to_see_draft),
                   "wants_publication_date": yes_no(found.wants_publication_date)}
    form = ReportOfferForm(request.POST or None, initial=initial)
    if save_form(request, form, lambda data: actions.record_report_offer(
            found, by=_user(request), **data), "The offer of the draft report is recorded."):
        return redirect("family:member", review.uuid, found.pk)
    back_url, back_text = _back(review, found)
    return form_page(
        request, form, heading=f"The draft report: {names.entry(found.identity)}",
        button="Save", caption=names.title, back_url=back_url, back_text=back_text,
        intro="The offer to see the draft report before publication, and whether they want to "
              "be told the publication date. The report and publication stages use this.")


def review_section(request: HttpRequest, review: Review, names: Names) -> Section | None:
    """On the review page: the family's involvement for those who run it; the count and status
    only for the partnership's officers; nothing for anyone else."""
    user = _user(request)
    if access.can(user, review, Permission.VIEW_FAMILY):
        full = True
    elif access.can(user, review, Permission.VIEW_FAMILY_SUMMARY):
        full = False
    else:
        return None
    return Section(template="family/_section.html", order=60, context={
        "full": full, "summary": selectors.summary(review),
        "may_manage": access.can(user, review, Permission.MANAGE_FAMILY),
        "at_family": review.stage == Stage.FAMILY})
