"""The copies page: for each national body whether the final report has gone, when and by whom,
the subgroup's decision for a learning review, and the repository deposit; and one form per
verb. Who may do what in reviewdesk.access (VIEW_PUBLICATION reads, MANAGE_PUBLICATION sends and
records the deposit, SIGN_OFF_FOR_SUBGROUP records the subgroup's decision); every rule and
change in actions.py. The subgroup's reasons and the reference are free text: shown through the
viewer's redactor."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.copies import actions, selectors
from reviewdesk.copies.forms import DecisionForm, DepositForm, SendForm
from reviewdesk.copies.selectors import BODIES, COPY_STAGES
from reviewdesk.publication.models import NationalCopy
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _page_url(review: Review) -> str:
    return reverse("copies:page", args=[review.uuid])


@login_required
@require_GET
def page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PUBLICATION)
    user = _user(request)
    state = selectors.copies_state(review)
    at_stage = review.stage in COPY_STAGES
    return render(request, "copies/page.html", {
        "title": f"Copies to national bodies – {names.title}", "review": review, "names": names,
        "state": state, "at_stage": at_stage,
        "decision_reasons": {d.pk: names.redact(d.reasons) for d in state.decisions},
        "deposit_references": {d.pk: names.redact(d.reference) for d in state.deposits},
        "may_send": at_stage and access.can(user, review, Permission.MANAGE_PUBLICATION),
        "may_see_notices": access.can(user, review, Permission.VIEW_NOTICES),
        "may_decide": at_stage and state.decides and access.can(
            user, review, Permission.SIGN_OFF_FOR_SUBGROUP),
    })


@login_required
def send(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    state = selectors.copies_state(review)
    # A learning review's form offers only the bodies the subgroup chose.
    due = selectors.due_bodies(review, state.decision, asked=True)
    sent = {r.body: r.current.copy.sent_on for r in state.rows if r.current is not None}
    offered = [(b.value, str(b.label) + (f" (sent this final report on {sent[b.value]:%-d %B %Y})"
                                          if b.value in sent else ""))
               for b in BODIES if due is None or b.value in due]
    form = SendForm(offered, request.POST if request.method == "POST" else None,
                    initial={"bodies": state.to_send})
    if save_form(request, form, lambda d: actions.send_copies(
            review, by=user, bodies=d["bodies"], sent_on=d["sent_on"]),
            lambda copies: f"The final report is on its way to "
                           f"{selectors.labels([c.body for c in copies])}. Each e-mail is on "
                           "the review's notices page."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading="Send the final report to the national bodies",
        button="Send the copies", caption=names.title, back_url=_page_url(review),
        back_text="Back to the copies", template="copies/send.html",
        intro="Review Desk e-mails the PDF of the final report that stands to each body you "
              "choose, from the addresses on the partnership's settings page.",
        context={"review": review, "names": names, "state": state})


@login_required
def decide(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.SIGN_OFF_FOR_SUBGROUP)
    user = _user(request)
    bm = access.is_business_manager_of(user, review)
    form = DecisionForm(review, user, request.POST if request.method == "POST" else None,
                        on_behalf=bm)
    if save_form(request, form, lambda d: actions.record_decision(
            review, by=user, bodies=d["bodies"], reasons=d["reasons"],
            decided_on=d["decided_on"], on_behalf_of=d.get("on_behalf_of")),
            "The subgroup's decision on copies to national bodies is recorded."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading="Which national bodies get a copy?",
        button="Record the decision", caption=names.title, back_url=_page_url(review),
        back_text="Back to the copies",
        intro="A learning review, 'near miss' review or other learning activity is not subject to "
              "inspection by Ofsted: the CSPR subgroup decides which national bodies get a copy "
              "of its report, if any. The latest decision stands; earlier ones are kept."
              + ("" if review.kind in selectors.DECIDED_KINDS else
                 f" This review is a {review.get_kind_display().lower()}: its final report goes "
                 "to all three, and no decision is recorded for it."),
        context={"review": review, "names": names})


@login_required
def deposit(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    form = DepositForm(request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda d: actions.record_deposit(
            review, by=user, deposited_on=d["deposited_on"], reference=d["reference"]),
            "The deposit in the national case review repository is recorded."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading="Record the deposit in the national case review repository",
        button="Record the deposit", caption=names.title, back_url=_page_url(review),
        back_text="Back to the copies",
        intro="Once the report is deposited in the national case review repository, record the "
              "date and the repository's reference.",
        context={"review": review, "names": names})


@login_required
@require_POST
def retry(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    copy = get_object_or_404(NationalCopy, pk=pk, review=review)
    copy.review = review  # already fetched and authorised
    run_action(request, lambda: actions.retry_copy(copy, by=_user(request)),
               f"The copy to {selectors.labels([copy.body])} is being sent again.")
    return redirect(_page_url(review))
