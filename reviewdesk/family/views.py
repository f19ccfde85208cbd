"""The family's involvement: the review's page of family members, one page per member, and the
forms that add and change them, record a sibling decision and the offer of the draft report.

Only the business manager, the lead reviewer(s) and the review's subgroup members open any of
these (``Permission.VIEW_FAMILY``); practitioners and agency authors get 403, outsiders 404.
Partners see the count and status on the review page (``review_section``).
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.family import actions, letters, selectors
from reviewdesk.family.forms import (
    CONSENT,
    CONTACT,
    CONTRIBUTION,
    LETTER,
    MEETING,
    SENT,
    AddMemberForm,
    ChangeMemberForm,
    ConsentForm,
    ContactForm,
    ContributionForm,
    LetterForm,
    LetterSentForm,
    LetterTemplateForm,
    MeetingForm,
    ReportOfferForm,
    SiblingDecisionForm,
)
from reviewdesk.family.models import Contribution, FamilyMember, Letter, LetterKind, SiblingDecision
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


def _member_for(request: HttpRequest, review_uuid: str, member_id: int,
                permission: Permission = Permission.VIEW_FAMILY
                ) -> tuple[Review, Names, FamilyMember]:
    review, names = review_for(request, review_uuid, Permission.VIEW_FAMILY)
    access.require(_user(request), review, permission)
    member = get_object_or_404(FamilyMember.objects.select_related("identity"), pk=member_id,
                               review=review)
    member.review = review
    return review, names, member


def _page_url(member: FamilyMember, anchor: str = "") -> str:
    return reverse("family:contact_log", args=[member.review.uuid, member.pk]) + anchor


def _render(request: HttpRequest, review: Review, names: Names, member: FamilyMember,
            bound: dict[str, forms.Form] | None = None, sent_for: int | None = None
            ) -> HttpResponse:
    """The page, with the forms for those who may record; a form sent back with errors is shown
    in its place (it says what went wrong, and nothing has changed)."""
    bound = bound or {}
    manage = access.can(_user(request), review, Permission.MANAGE_FAMILY)
    refusal = actions.contact_refusal(member)
    forms_: dict[str, Any] = {}
    if manage:
        forms_ = {
            CONTACT: bound.get(CONTACT) or ContactForm(prefix=CONTACT),
            MEETING: bound.get(MEETING) or MeetingForm(prefix=MEETING),
            CONTRIBUTION: bound.get(CONTRIBUTION) or ContributionForm(prefix=CONTRIBUTION),
            CONSENT: bound.get(CONSENT) or ConsentForm(prefix=CONSENT),
            LETTER: bound.get(LETTER) or LetterForm(prefix=LETTER),
        }
    letter_rows = list(member.letters.select_related("produced_by", "on_behalf_of"))
    sent_forms = {letter.pk: (bound[SENT] if sent_for == letter.pk and SENT in bound
                              else LetterSentForm(prefix=f"{SENT}-{letter.pk}"))
                  for letter in letter_rows
                  if manage and not refusal and letter.sent_on is None}
    failed = next((f for f in bound.values() if f.errors), None)
    consents = list(member.consents.select_related("recorded_by", "on_behalf_of"))
    return render(request, "family/contact/member.html", {
        "title": f"Contact with {names.entry_with_label(member.identity)} – {names.title}",
        "review": review, "names": names, "member": member, "manage": manage,
        "refusal": refusal, "form": failed, "forms": forms_, "sent_forms": sent_forms,
        "contacts": list(member.contacts.select_related("recorded_by", "on_behalf_of")),
        "meetings": list(member.meetings.select_related("recorded_by", "on_behalf_of")),
        "contributions": list(member.contributions.select_related("recorded_by",
                                                                  "on_behalf_of")),
        "consents": consents, "consent_now": consents[-1] if consents else None,
        "letters": letter_rows,
    })


@login_required
@require_GET
def contact_log(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _member_for(request, review_uuid, member_id)
    # The page names the family member and holds what they said: reading it is recorded.
    record("family.contact_viewed", review=review, summary="Read a family member's contact log",
           data={"member": member.pk})
    return _render(request, review, names, member)


def _post(request: HttpRequest, review_uuid: str, member_id: int
          ) -> tuple[Review, Names, FamilyMember]:
    return _member_for(request, review_uuid, member_id, Permission.MANAGE_FAMILY)


@login_required
@require_POST
def record_contact(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    form = ContactForm(request.POST, prefix=CONTACT)

    def save(data: dict) -> Any:
        return actions.record_contact(
            member, by=_user(request), kind=data["kind"], method=data["method"],
            response=data["response"], in_their_words=data["in_their_words"],
            through_whom=data["through_whom"], note=data["note"],
            happened_on=data["happened_on"])

    if save_form(request, form, save, "Added to the contact log."):
        return redirect(_page_url(member, "#contact-log"))
    return _render(request, review, names, member, {CONTACT: form})


@login_required
@require_POST
def record_meeting(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    form = MeetingForm(request.POST, prefix=MEETING)

    def save(data: dict) -> Any:
        return actions.record_meeting(
            member, by=_user(request), held_on=data["held_on"], place=data["place"],
            interpreter_booked=data["interpreter_booked"],
            supporter_present=data["supporter_present"], notes=data["notes"])

    if save_form(request, form, save, "The meeting is recorded."):
        return redirect(_page_url(member, "#meetings"))
    return _render(request, review, names, member, {MEETING: form})


@login_required
@require_POST
def add_contribution(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    form = ContributionForm(request.POST, request.FILES, prefix=CONTRIBUTION)

    def save(data: dict) -> Any:
        upload = data["file"]
        return actions.add_contribution(
            member, by=_user(request), received_on=data["received_on"],
            description=data["description"], file=upload.read(), filename=upload.name)

    if save_form(request, form, save, "Their contribution is kept. Only the business manager "
                                      "and the lead reviewers can open it."):
        return redirect(_page_url(member, "#contributions"))
    return _render(request, review, names, member, {CONTRIBUTION: form})


@login_required
@require_GET
def download_contribution(request: HttpRequest, review_uuid: str, member_id: int,
                          contribution_id: int) -> HttpResponse:
    review, _names, member = _member_for(request, review_uuid, member_id,
                                         Permission.MANAGE_FAMILY)
    contribution = get_object_or_404(Contribution, pk=contribution_id, member=member)
    contribution.member = member
    try:
        data = actions.contribution_file(contribution, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(member, "#contributions"))
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, contribution.filename)
    return response


@login_required
@require_POST
def record_consent(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    form = ConsentForm(request.POST, prefix=CONSENT)

    def save(data: dict) -> Any:
        return actions.record_consent(member, by=_user(request), use=data["use"],
                                      note=data["note"], given_on=data["given_on"])

    if save_form(request, form, save, "Their consent is recorded."):
        return redirect(_page_url(member, "#consent"))
    return _render(request, review, names, member, {CONSENT: form})


@login_required
@require_POST
def produce_letter(request: HttpRequest, review_uuid: str, member_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    form = LetterForm(request.POST, prefix=LETTER)

    def save(data: dict) -> Any:
        return actions.produce_letter(member, by=_user(request), kind=data["kind"])

    if save_form(request, form, save,
                 lambda letter: f"{letter.get_kind_display()} produced. Download it as a Word "
                                f"document or a PDF below, and mark it as sent once it has gone."):
        return redirect(_page_url(member, "#letters"))
    return _render(request, review, names, member, {LETTER: form})


@login_required
@require_POST
def mark_letter_sent(request: HttpRequest, review_uuid: str, member_id: int,
                     letter_id: int) -> HttpResponse:
    review, names, member = _post(request, review_uuid, member_id)
    letter = get_object_or_404(Letter, pk=letter_id, member=member)
    form = LetterSentForm(request.POST, prefix=f"{SENT}-{letter.pk}")

    def save(data: dict) -> Any:
        return actions.mark_letter_sent(letter, by=_user(request), sent_on=data["sent_on"])

    if save_form(request, form, save, "The letter is marked as sent."):
        return redirect(_page_url(member, "#letters"))
    return _render(request, review, names, member, {SENT: form}, sent_for=letter.pk)


@login_required
@require_GET
def download_letter(request: HttpRequest, review_uuid: str, member_id: int, letter_id: int,
                    fmt: str) -> HttpResponse:
    if fmt not in {"docx", "pdf"}:
        raise Http404("No such format")
    review, _names, member = _member_for(request, review_uuid, member_id,
                                         Permission.MANAGE_FAMILY)
    letter = get_object_or_404(Letter, pk=letter_id, member=member)
    letter.member = member
    made = actions.letter_file(letter, by=_user(request), fmt=fmt)
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = content_disposition_header(True, made.filename)
    return response


# --- The review's letters to the family ----------------------------------------------------------

def _preview(review: Review, body: str) -> str:
    """The wording as a family member would read it, with a stand-in for their name."""
    return letters.fill(body, letters.values_for(review, "[the family member's name]",
                                                 signed_by="[your name]",
                                                 on=timezone.localdate()))


@login_required
@require_GET
def letter_templates(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_FAMILY)
    rows = []
    for kind in LetterKind:
        body, template = letters.wording(review, kind)
        rows.append({"kind": kind, "label": kind.label, "template": template,
                     "preview": _preview(review, body)})
    # The previews name the child as the family knows them.
    record("family.letter_templates_viewed", review=review,
           summary="Read the review's letters to the family")
    return render(request, "family/contact/letter_templates.html", {
        "title": f"Letters to the family – {names.title}", "review": review, "names": names,
        "rows": rows, "manage": access.can(_user(request), review, Permission.MANAGE_FAMILY),
        "placeholders": letters.PLACEHOLDERS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def letter_template(request: HttpRequest, review_uuid: str, kind: str) -> HttpResponse:
    """Change the review's wording of one letter; 'Preview' shows it filled in, unsaved."""
    if kind not in LetterKind.values:
        raise Http404("No such letter")
    review, names = review_for(request, review_uuid, Permission.VIEW_FAMILY)
    access.require(_user(request), review, Permission.MANAGE_FAMILY)
    letter_kind = LetterKind(kind)
    body, template = letters.wording(review, kind)
    preview = ""
    if request.method == "POST":
        form = LetterTemplateForm(template, request.POST)
        if "preview" in request.POST:
            if form.is_valid():
                preview = _preview(review, form.cleaned_data["body"])
        else:
            def save(data: dict) -> Any:
                return actions.change_letter_template(review, kind, by=_user(request),
                                                      body=data["body"],
                                                      version=data.get("version"))

            if save_form(request, form, save, f"The {letter_kind.label.lower()} is changed for "
                                              f"this review."):
                return redirect("family:letter_templates", review.uuid)
    else:
        form = LetterTemplateForm(template, initial={"body": body})
        preview = _preview(review, body)
    return render(request, "family/contact/letter_template.html", {
        "title": f"{letter_kind.label} – {names.title}", "review": review, "names": names,
        "form": form, "kind": letter_kind, "template": template, "preview": preview,
        "is_default": template is None,
    })
