"""The sign-off's pages: where it stands (``page``), and one form per step for those who may take
it. Views stay thin: who may do what in reviewdesk.access, the order and every change in
actions.py, what "approved" means in selectors.py.

The page is read by those who may read the report (``Permission.READ_REPORT``: the executive group
once the subgroup has signed a version off). Notes are free text: shown through the viewer's
redactor."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.reports.models import Approval, ReportVersion
from reviewdesk.reviews.models import Review, ReviewRole, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form
from reviewdesk.signoff import actions, selectors
from reviewdesk.signoff.forms import IntentForm, PartnerForm, PublicationForm, SignOffForm


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed in (login_required)


def _page_url(review: Review) -> str:
    return reverse("signoff:page", args=[review.uuid])


@login_required
@require_GET
def page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.READ_REPORT)
    user = _user(request)
    state = selectors.approval_state(review)
    withdrawn = list(Approval.objects.filter(review=review, withdrawn_at__isnull=False)
                     .select_related("version", "withdrawn_by", "approver")
                     .order_by("-version__number", "decided_on", "pk"))
    may = {step: access.can(user, review, permission) for step, permission in (
        ("subgroup", Permission.SIGN_OFF_FOR_SUBGROUP),
        ("executive", Permission.SIGN_OFF_FOR_EXECUTIVE),
        ("partner", Permission.APPROVE_REPORT_AS_PARTNER))}
    at_report = review.stage == Stage.REPORT
    blockers = actions.blocking(state.version) if state.version and at_report else []
    intents = (list(review.publication_intents.select_related("recorded_by")
                    .order_by("-decided_on", "-pk"))
               if review.kind in selectors.INTENT_KINDS else [])
    return render(request, "signoff/page.html", {
        "title": f"Sign-off of the report – {names.title}", "review": review, "names": names,
        "state": state, "withdrawn": _withdrawals(withdrawn), "withdrawn_rows": withdrawn,
        "blockers": blockers, "completion": selectors.completion(review, state),
        "intents": intents, "intent_kind": review.kind in selectors.INTENT_KINDS,
        "at_report": at_report, "may": may, "offers": _offers(user, review, state, may),
        "signed_by_me": any(a.approver_id == user.pk for a in state.member_sign_offs),
    })


def _withdrawals(rows: list[Approval]) -> list[tuple[int, int, int]]:
    """(new version, earlier version, how many approvals it withdrew), newest first."""
    counts: dict[tuple[int, int], int] = {}
    for a in rows:
        if a.withdrawn_by is not None:
            key = (a.withdrawn_by.number, a.version.number)
            counts[key] = counts.get(key, 0) + 1
    return [(new, old, n) for (new, old), n in sorted(counts.items(), reverse=True)]


def _offers(user: User, review: Review, state: selectors.ApprovalState,
            may: dict[str, bool]) -> list[tuple[str, str]]:
    """The steps this person may take now, as (button, url): in the guide's order, each once the
    step before it is done."""
    if review.stage != Stage.REPORT or state.version is None:
        return []
    url = _page_url(review)
    offers = []
    bm = access.is_business_manager_of(user, review)
    member = ReviewRole.SUBGROUP_MEMBER in access.review_roles(user, review)
    if may["subgroup"] and state.subgroup is None and (bm or not any(
            a.approver_id == user.pk for a in state.member_sign_offs)):
        offers.append(("Record the subgroup's sign-off" if bm else
                       f"Sign off version {state.version.number}", url + "subgroup/"))
    if state.subgroup is not None and may["executive"] and state.executive is None:
        offers.append(("Record the Executive Group's sign-off", url + "executive/"))
    if state.executive is not None and may["executive"] and state.publication is None \
            and state.publication_required:
        offers.append(("Record the decision on publication", url + "publication/"))
    if state.executive is not None and may["partner"]:
        missing = [p for p in selectors.PARTNERS if state.partner(p) is None]
        if bm and missing:
            offers.append(("Record a partner's approval", url + "partner/"))
        elif not bm and user.partner_for in missing:
            offers.append((f"Approve version {state.version.number}", url + "partner/"))
    if review.kind in selectors.INTENT_KINDS and (bm or member):
        offers.append(("Record whether the report will be published", url + "publication-intent/"))
    return offers


def _latest_or_back(request: HttpRequest, review: Review) -> ReportVersion | None:
    version = selectors.latest_version(review)
    if version is None:
        messages.error(request, "There is no version of the report to sign off yet.")
    return version


def _sign(request: HttpRequest, review: Review, names: Names, version: ReportVersion,
          form: SignOffForm, action: Callable[[dict[str, Any]], Any], *, heading: str,
          button: str, intro: str, success: str) -> HttpResponse:
    """One sign-off form: refused, changing nothing, if a newer version arrived while it was open
    (the form then shows the new version)."""
    if request.method == "POST" and form.is_valid() and \
            form.cleaned_data["report_version"] != version.number:
        data = cast(QueryDict, form.data).copy()  # the page now shows the new version
        data["report_version"] = str(version.number)
        form.data = data
        form.add_error(None, f"Version {version.number} of the report has arrived since you "
                             "opened this page: read it, then sign it off.")
    elif save_form(request, form, action, success):
        return redirect(_page_url(review))
    return form_page(request, form, heading=heading, button=button, caption=names.title,
                     back_url=_page_url(review), back_text="Back to the sign-off",
                     intro=intro)


@login_required
def subgroup(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SIGN_OFF_FOR_SUBGROUP)
    version = _latest_or_back(request, review)
    if version is None:
        return redirect(_page_url(review))
    user = _user(request)
    if access.can(user, review, Permission.MANAGE_REPORT):
        form = SignOffForm(request.POST or None, initial={"report_version": version.number},
                           date_label="Date of the subgroup's meeting")
        return _sign(request, review, names, version, form, lambda data: (
            actions.record_subgroup_sign_off(version, by=user, decided_on=data["decided_on"],
                                             reasons=data["reasons"])),
            heading=f"Record the CSPR subgroup's sign-off of version {version.number}",
            button="Record the sign-off", success=f"The subgroup's sign-off of version "
                                                  f"{version.number} is recorded.",
            intro="The sign-off the subgroup agreed at its meeting. The Executive Group signs "
                  "off the same version next.")
    form = SignOffForm(request.POST or None, initial={"report_version": version.number},
                       date_label="Date you signed it off")
    return _sign(request, review, names, version, form, lambda data: (
        actions.sign_off_as_subgroup_member(version, by=user, decided_on=data["decided_on"],
                                            reasons=data["reasons"])),
        heading=f"Sign off version {version.number} of the report",
        button="Sign it off", success=f"You have signed off version {version.number}.",
        intro="Your sign-off as a member of the CSPR subgroup. When every subgroup member of the "
              "review has signed off this version, the subgroup's sign-off is recorded and the "
              "Executive Group's step starts.")


@login_required
def executive(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SIGN_OFF_FOR_EXECUTIVE)
    version = _latest_or_back(request, review)
    if version is None:
        return redirect(_page_url(review))
    user = _user(request)
    bm = access.is_business_manager_of(user, review)
    form = SignOffForm(request.POST or None, initial={"report_version": version.number},
                       date_label="Date of the Executive Group's meeting" if bm else
                       "Date you signed it off")
    return _sign(request, review, names, version, form, lambda data: (
        actions.sign_off_for_executive(version, by=user, decided_on=data["decided_on"],
                                       reasons=data["reasons"])),
        heading=f"Record the Executive Group's sign-off of version {version.number}",
        button="Record the sign-off", success=f"The Executive Group's sign-off of version "
                                              f"{version.number} is recorded.",
        intro="The Executive Group signs off the version the CSPR subgroup signed off. Its "
              "decision on publication is recorded separately, next.")


@login_required
def publication(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SIGN_OFF_FOR_EXECUTIVE)
    version = _latest_or_back(request, review)
    if version is None:
        return redirect(_page_url(review))
    user = _user(request)
    form = PublicationForm(request.POST or None, initial={"report_version": version.number},
                           date_label="Date of the decision")
    return _sign(request, review, names, version, form, lambda data: (
        actions.decide_publication(version, by=user, decided_on=data["decided_on"],
                                   agrees=data["agrees"], reasons=data["reasons"])),
        heading=f"The Executive Group's decision on publishing version {version.number}",
        button="Record the decision", success="The Executive Group's decision on publication "
                                              "is recorded.",
        intro="A separate decision from its sign-off. If it does not agree, give its reasons: "
              "the review does not move to publication.")


@login_required
def partner(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.APPROVE_REPORT_AS_PARTNER)
    version = _latest_or_back(request, review)
    if version is None:
        return redirect(_page_url(review))
    user = _user(request)
    bm = access.is_business_manager_of(user, review)
    form = PartnerForm(request.POST or None, initial={"report_version": version.number},
                       on_behalf=bm, date_label="Date of the approval")
    return _sign(request, review, names, version, form, lambda data: (
        actions.approve_as_partner(version, by=user, decided_on=data["decided_on"],
                                   partner_for=data.get("partner_for", ""),
                                   reasons=data["reasons"])),
        heading=f"Approve version {version.number} of the report",
        button="Record the approval", success=f"The approval of version {version.number} is "
                                              "recorded.",
        intro="Each of the three safeguarding partners approves the version the Executive Group "
              "signed off." + (" You record it on the partner's behalf." if bm else ""))


@login_required
def intent(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SIGN_OFF_FOR_SUBGROUP)
    user = _user(request)
    form = IntentForm(request.POST or None)
    if save_form(request, form, lambda data: actions.record_publication_intent(
            review, by=user, **data), "The subgroup's decision on publication is recorded."):
        return redirect(_page_url(review))
    return form_page(request, form, heading="Will the report be published?",
                     button="Record the decision", caption=names.title,
                     back_url=_page_url(review), back_text="Back to the sign-off",
                     intro="For a learning review or 'near miss' review the CSPR subgroup "
                           "decides, case by case, whether the report is published. The latest "
                           "decision stands; earlier ones are kept. If it will not be published, "
                           "the Executive Group's decision on publication is not needed.")
