"""The publication stage's pages: the hub with the final check on one page, the harm assessment,
the date shared with the family, publishing (or scheduling) and cancelling a schedule. Who may do
what in reviewdesk.access (VIEW_PUBLICATION to read, MANAGE_PUBLICATION to act); every change in
actions.py. What people typed (assessments, reasons, the checks' details) is shown through the
viewer's redactor."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.accounts.reauth import reauthentication_needed
from reviewdesk.publication import actions, checks, selectors
from reviewdesk.publication.forms import (
    CancelForm,
    CheckDateForm,
    DateSharedForm,
    HarmForm,
    PublishForm,
)
from reviewdesk.publication.models import HarmAssessment, Publication, PublicationDateShared
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_errors_from, form_page, login_required, save_form

REAUTH_MESSAGE = ("Publishing puts the report on the partnership's website for anyone to read. "
                  "Confirm it's you")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _page_url(review: Review) -> str:
    return reverse("publication:page", args=[review.uuid])


def _redacted(names: Names, exc: ValidationError) -> ValidationError:
    """A refusal as this viewer may read it: the checks' details may quote what people typed."""
    if hasattr(exc, "error_dict"):
        return ValidationError({field: [names.redact(m) for e in errors for m in e.messages]
                                for field, errors in exc.error_dict.items()})
    return ValidationError([names.redact(m) for m in exc.messages])


def _run(names: Names, action: Callable[[dict], Any]) -> Callable[[dict], Any]:
    def run(data: dict) -> Any:
        try:
            return action(data)
        except ValidationError as exc:
            raise _redacted(names, exc) from None
    return run


@login_required
@require_GET
def page(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_PUBLICATION)
    user = _user(request)
    today = timezone.localdate()
    live = selectors.live_publication(review)
    planned = live.scheduled_for if live and live.state == Publication.State.SCHEDULED else None
    date_form = CheckDateForm(request.GET or None)
    on = date_form.day(planned or today)
    rows = [{"check": c, "detail": names.redact(c.detail)} for c in checks.run(review, on)]
    assessments = list(HarmAssessment.objects.filter(review=review)
                       .select_related("recorded_by", "on_behalf_of"))
    latest = assessments[0] if assessments else None
    lines = list(latest.lines.select_related("person")) if latest else []
    wanting = selectors.wanting_the_date(review)
    shared = list(PublicationDateShared.objects.filter(review=review)
                  .select_related("member__identity", "recorded_by"))
    history = [p for p in Publication.objects.filter(review=review).select_related("recorded_by")
               if live is None or p.pk != live.pk]
    may_manage = access.can(user, review, Permission.MANAGE_PUBLICATION)
    return render(request, "publication/page.html", {
        "title": f"Publication – {names.title}", "review": review, "names": names,
        "today": today, "on": on, "date_form": date_form, "rows": rows,
        "unmet": sum(1 for r in rows if not r["check"].met),
        "live": live, "history": history, "latest": latest, "lines": lines,
        "earlier": assessments[1:], "not_covered": selectors.not_covered(review, latest),
        "wanting": wanting, "shared": shared, "may_manage": may_manage,
        "at_stage": review.stage in selectors.PUBLISHING_STAGES,
    })


@login_required
def harm(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    people = selectors.people_at_risk(review)
    form = HarmForm(people, names, user, selectors.latest_assessment(review),
                    request.POST if request.method == "POST" else None)
    if save_form(request, form, _run(names, lambda d: actions.assess_harm(
            review, by=user, assessed_by=d["assessed_by"], assessed_on=d["assessed_on"],
            conclusion=d["conclusion"], mitigations=d["mitigations"], lines=form.lines(),
            on_behalf_of=d["on_behalf_of"])),
            lambda a: f"The assessment of harm from publication is recorded "
                      f"({a.lines.count()} people)."):
        return redirect(_page_url(review) + "#harm")
    return render(request, "publication/harm.html", {
        "title": f"Assess the harm from publication – {names.title}", "review": review,
        "names": names, "form": form})


@login_required
def date_shared(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    members = selectors.wanting_the_date(review)
    if not members:
        messages.info(request, "No family member asked to be told the publication date.")
        return redirect(_page_url(review) + "#family")
    live = selectors.live_publication(review)
    initial = {"publication_on": live.scheduled_for} if live and live.scheduled_for else {}
    form = DateSharedForm(members, names, user,
                          request.POST if request.method == "POST" else None, initial=initial)
    if save_form(request, form, _run(names, lambda d: actions.record_date_shared(
            form.member_chosen(), by=user, publication_on=d["publication_on"],
            told_on=d["told_on"], how=d["how"], on_behalf_of=d["on_behalf_of"])),
            lambda s: f"Recorded that they were told the publication date, "
                      f"{s.publication_on:%-d %B %Y}."):
        return redirect(_page_url(review) + "#family")
    return form_page(
        request, form, heading="Record that the family were told the publication date",
        button="Record it", caption=names.title, back_url=_page_url(review),
        back_text="Back to publication",
        intro="For each family member who asked to be told the publication date. Publishing "
              "asks that everyone who asked was told the date it is published.")


@login_required
def publish(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    here = reverse("publication:publish", args=[review.uuid])
    posted = request.method == "POST"
    # Confirm it's you before the form, and again if the confirmation ran out while it was open.
    if needed := reauthentication_needed(request, here, again=posted, message=REAUTH_MESSAGE):
        return needed
    title = anonymised(review).subject
    form = PublishForm(user, request.POST if posted else None, request.FILES if posted else None,
                       default_title=title,
                       default_slug=actions.default_slug(title, timezone.localdate().year))
    today = timezone.localdate()
    on = today
    if posted and form.is_valid():
        data = form.cleaned_data
        on = data["publication_on"]
        files = {}
        for name in ("learning_summary", "actions_document"):
            upload = data.get(name)
            files[name] = upload.read() if upload else None
            files[name + "_name"] = upload.name if upload else ""
        arguments = {
            "by": user, "title": data["title"], "slug": data["slug"], "summary": data["summary"],
            "content": data["content"],
            "learning_summary": files["learning_summary"] if data["content"] ==
            Publication.Content.LEARNING_SUMMARY else None,
            "learning_summary_name": files["learning_summary_name"],
            "actions_document": files["actions_document"],
            "actions_document_name": files["actions_document_name"],
            "publish_actions": data["publish_actions"],
            "family_override_reason": data["family_override_reason"],
            "on_behalf_of": data["on_behalf_of"]}
        try:
            if on > today:
                done = actions.schedule(review, on=on, **arguments)
            else:
                done = actions.publish(review, on=on, **arguments)
        except ValidationError as exc:
            form_errors_from(form, _redacted(names, exc))
        else:
            messages.success(request, (
                f"Published: the report is on the partnership's website at "
                f"/published/{done.slug}/ until {done.ends_on:%-d %B %Y}."
                if done.state == Publication.State.PUBLISHED else
                f"Scheduled: the report will be published on {done.scheduled_for:%-d %B %Y} if "
                "every check is still met that day."))
            return redirect(_page_url(review))
    elif posted:
        on = form.cleaned_data.get("publication_on") or today
    rows = [{"check": c, "detail": names.redact(c.detail)} for c in checks.run(review, on)]
    return render(request, "publication/publish.html", {
        "title": f"Publish the report – {names.title}", "review": review, "names": names,
        "form": form, "rows": rows, "on": on, "today": today,
        "family_unmet": any(r["check"].key == actions.FAMILY and not r["check"].met
                            for r in rows),
        "not_published_on": selectors.report_not_to_be_published(review)})


@login_required
def cancel(request: HttpRequest, review_uuid: str, publication_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.MANAGE_PUBLICATION)
    user = _user(request)
    publication = get_object_or_404(Publication, uuid=publication_uuid, review=review)
    publication.review = review  # already fetched and authorised
    form = CancelForm(user, request.POST if request.method == "POST" else None)
    if publication.state != Publication.State.SCHEDULED and request.method != "POST":
        messages.info(request, "That publication is not scheduled: there is nothing to cancel.")
        return redirect(_page_url(review))
    if save_form(request, form, _run(names, lambda d: actions.cancel_schedule(
            publication, by=user, reason=d["reason"], cancelled_on=d["cancelled_on"],
            on_behalf_of=d["on_behalf_of"])), "The scheduled publication is cancelled."):
        return redirect(_page_url(review))
    when = f" on {publication.scheduled_for:%-d %B %Y}" if publication.scheduled_for else ""
    return form_page(
        request, form, heading="Cancel the scheduled publication", button="Cancel the schedule",
        caption=names.title, back_url=_page_url(review), back_text="Back to publication",
        warning=True,
        intro=f"The report will not be published{when}. The schedule is kept, as history; "
              "schedule it again when it is ready.")
