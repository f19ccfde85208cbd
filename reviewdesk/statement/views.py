"""The actions statement's pages: the statement itself with its versions, where it is (beside the
report, with the national bodies), and one form per verb. Who may do what in reviewdesk.access
(VIEW_ACTION_PLAN reads and downloads, MANAGE_ACTION_PLAN writes, checks and approves,
MANAGE_PUBLICATION puts it beside the report and sends it to the national bodies); every rule and
change in actions.py. The statement's words are meant to name nobody, but people type them:
they are shown through the viewer's redactor, as are the check's findings."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.publication.models import NationalBody
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form
from reviewdesk.statement import actions, drafting, selectors
from reviewdesk.statement.forms import (
    COPY,
    ApproveForm,
    EditForm,
    GenerateForm,
    PublishForm,
    SendForm,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _page_url(review: Review) -> str:
    return reverse("statement:page", args=[review.uuid])


def _version(review: Review, number: int) -> ActionsStatement:
    """One of this review's versions: another review's is not found, as if it did not exist."""
    try:
        statement = ActionsStatement.objects.select_related("recorded_by", "approved_by").get(
            review=review, number=number)
    except ActionsStatement.DoesNotExist as exc:
        raise Http404("No such version") from exc
    statement.review = review  # already fetched and authorised
    return statement


def _blocks(paragraphs: list[str]) -> list[dict[str, object]]:
    """Paragraphs, with the lines that start with '- ' gathered into lists, as the files show."""
    blocks: list[dict[str, object]] = []
    for text in paragraphs:
        if text.startswith("- "):
            if not blocks or "bullets" not in blocks[-1]:
                blocks.append({"bullets": []})
            cast(list, blocks[-1]["bullets"]).append(text[2:])
        else:
            blocks.append({"text": text})
    return blocks


def shown(statement: ActionsStatement, names: Names) -> dict[str, object]:
    """A version as this viewer may read it: its sections and the check's findings redacted."""
    sections = [{"heading": names.redact(s.heading),
                 "blocks": _blocks([names.redact(p) for p in s.paragraphs])}
                for s in drafting.sections(statement)]
    scan = statement.scan or {}
    checked = bool(scan) and scan.get("version") == statement.version
    findings = [names.redact(actions.finding_words(f)) for f in scan.get("findings", [])]
    return {"statement": statement, "sections": sections, "checked": checked,
            "findings": findings if checked else [],
            "title": names.redact(drafting.title(statement.review))}


@login_required
@require_GET
def page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_ACTION_PLAN)
    user = _user(request)
    state = selectors.statement_state(review)
    current = state.current
    may_publish = access.can(user, review, Permission.MANAGE_PUBLICATION)
    return render(request, "statement/page.html", {
        "title": f"Actions taken, their impact and what more will be done – {names.title}",
        "review": review, "names": names, "state": state,
        "current": shown(current, names) if current else None,
        "may_manage": access.can(user, review, Permission.MANAGE_ACTION_PLAN),
        "may_publish": may_publish,
        "may_see_notices": access.can(user, review, Permission.VIEW_NOTICES),
        "labels": {b.value: selectors.body_label(b.value) for b in NationalBody},
        "have_report": selectors.labels(state.have_report),
        "to_send": selectors.labels(state.to_send),
    })


@login_required
def generate(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    current = ActionsStatement.objects.filter(review=review).first()
    form = GenerateForm(user, request.POST if request.method == "POST" else None,
                        has_current=current is not None)
    if save_form(request, form, lambda d: actions.generate(
            review, by=user, copy_of=current if d["source"] == COPY else None,
            on_behalf_of=d["on_behalf_of"]),
            lambda s: f"Version {s.number} of the statement is made. Check its words, change "
                      "them if needed, then approve it."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading="Make a new version of the statement", caption=names.title,
        button="Make the new version", back_url=_page_url(review),
        back_text="Back to the statement",
        intro="Review Desk drafts the statement from the agreed actions: for each, what has been "
              "done, its impact and what more will be done, with every name replaced by its "
              "pseudonym and owners named by their agency only. The newest version replaces the "
              "one before, which is kept.")


@login_required
def edit(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    statement = _version(review, number)
    form = EditForm(statement, names, user, request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda d: actions.edit(
            statement, by=user, introduction=d["introduction"], entries=form.entries(),
            what_more=d["what_more"], version=d.get("version"),
            on_behalf_of=d["on_behalf_of"]),
            "The statement is saved. Run the publication check, or approve it (approving runs "
            "the check)."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading=f"Change version {statement.number} of the statement",
        caption=names.title, button="Save the statement", back_url=_page_url(review),
        back_text="Back to the statement",
        intro="The statement is published: write it with pseudonyms and role labels, and name "
              "agencies, never their staff. Saving it clears the last publication check.")


@login_required
@require_POST
def check(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    statement = _version(review, number)

    def said(findings: list[dict]) -> str:
        if not findings:
            return "The publication check found nothing that may identify anyone."
        return (f"The publication check found {len(findings)} thing"
                f"{'s' if len(findings) != 1 else ''} that may identify someone: see the list, "
                "change the words, and check again.")

    run_action(request, lambda: actions.check(statement, by=_user(request)), said)
    return redirect(_page_url(review) + "#check")


@login_required
def approve(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_ACTION_PLAN)
    user = _user(request)
    statement = _version(review, number)
    form = ApproveForm(statement, user, request.POST if request.method == "POST" else None)

    def run(d: dict) -> ActionsStatement:
        try:
            return actions.approve(statement, by=user, approved_on=d["approved_on"],
                                   version=d.get("version"), on_behalf_of=d["on_behalf_of"])
        except ValidationError as exc:
            # The findings quote the words found: as this viewer may read them.
            if hasattr(exc, "error_dict"):
                raise
            raise ValidationError([names.redact(m) for m in exc.messages]) from None

    if save_form(request, form, run,
                 lambda s: f"Version {s.number} is approved: its Word document and PDF are "
                           "made."):
        return redirect(_page_url(review))
    return form_page(
        request, form, heading=f"Approve version {statement.number} of the statement",
        caption=names.title, button="Run the check and approve", back_url=_page_url(review),
        back_text="Back to the statement",
        intro="Approving runs the publication check on the statement's words again: it is "
              "refused while the check finds anything that may identify someone, listing each "
              "thing found. Once approved, its Word document and PDF are made, and the version "
              "is kept as it is.")


@login_required
@require_GET
def download(request: HttpRequest, review_uuid: str, number: int, kind: str) -> HttpResponse:
    review, _names = review_for(request, review_uuid, Permission.VIEW_ACTION_PLAN)
    statement = _version(review, number)
    if kind not in CONTENT_TYPES:
        raise Http404("No such file")
    try:
        data = actions.download(statement, kind, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(review))
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    # A neutral name: never anything from the case.
    name = f"{review.reference}-actions-taken-v{statement.number}.{kind}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def publish(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    statement = _version(review, number)
    publication = selectors.live_publication(review)
    form = PublishForm(user, request.POST if request.method == "POST" else None,
                       initial={"public": "yes"})

    def done(p: object) -> str:
        return ("The statement is published beside the report." if form.cleaned_data["public"]
                else "The statement is kept with the report: it goes with the copies to the "
                     "national bodies, and is not on the public page.")

    if save_form(request, form, lambda d: actions.put_beside_report(
            statement, by=user, public=d["public"], effective_on=d["effective_on"],
            on_behalf_of=d["on_behalf_of"]), done):
        return redirect(_page_url(review) + "#with-the-report")
    if publication is None:
        intro = ("The report is not scheduled or published yet: publish or schedule it on the "
                 "publication page first.")
    else:
        state = publication.get_state_display().lower()
        intro = (f"The report is {state}. Version {statement.number}'s PDF is put with it, in "
                 "place of any document on actions taken there now. Published beside the "
                 "report, anyone can download it; either way it goes with the copies of the "
                 "report sent to the national bodies from now on.")
    return form_page(
        request, form, heading="Put the statement with the report", caption=names.title,
        button="Put it with the report", back_url=_page_url(review),
        back_text="Back to the statement", intro=intro)


@login_required
def send(request: HttpRequest, review_uuid: str, number: int) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    statement = _version(review, number)
    state = selectors.statement_state(review)
    offered = [(b, selectors.body_label(b)) for b in state.have_report]
    form = SendForm(offered, user, request.POST if request.method == "POST" else None,
                    initial={"bodies": state.to_send})
    if save_form(request, form, lambda d: actions.send_to_national_bodies(
            statement, by=user, bodies=d["bodies"], sent_on=d["sent_on"],
            on_behalf_of=d["on_behalf_of"]),
            lambda bodies: f"The statement is on its way to {selectors.labels(bodies)}. Each "
                           "e-mail is on the review's notices page."):
        return redirect(_page_url(review) + "#national-bodies")
    intro = ("Review Desk e-mails the statement's PDF to each national body you choose that "
             "already has the final report, from the addresses on the partnership's settings "
             "page.") if state.have_report else (
        "No national body has the final report yet. Put the statement with the report, then "
        "send the copies from the copies page: the statement goes with them.")
    return form_page(
        request, form, heading="Send the statement to the national bodies", caption=names.title,
        button="Send the statement", back_url=_page_url(review),
        back_text="Back to the statement", intro=intro)
