"""A review's findings and recommendations: the list (everyone who reads the action plan:
VIEW_ACTION_PLAN), and the forms to add, change and remove each, tag the review's themes and take
them from the final report (the business manager, the CSPR subgroup and the review's lead
reviewer: ``actions.may_change``). Views stay thin: the rules are in actions.py. Every word
people typed or the report holds is shown through the viewer's redactor."""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Finding, Recommendation
from reviewdesk.findings import actions, selectors
from reviewdesk.findings.forms import (
    FindingForm,
    FromReportForm,
    RecommendationForm,
    RemoveForm,
    ReviewThemesForm,
)
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.pages import review_for
from reviewdesk.shortcuts import form_page, login_required, save_form

HELP = ("findings", "Help: findings and recommendations")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _list_url(review: Review, anchor: str = "") -> str:
    return reverse("findings:list", args=[review.uuid]) + (f"#{anchor}" if anchor else "")


def _to_change(request: HttpRequest, review_uuid: str) -> tuple[Review, Names]:
    """The review (404 for outsiders), for someone who may change its findings (else 403)."""
    review, names = review_for(request, review_uuid)
    if not actions.may_change(_user(request), review):
        raise PermissionDenied("Only the business manager, the CSPR subgroup and the review's "
                               "lead reviewer record its findings and recommendations.")
    return review, names


def _shown_finding(finding: Finding, names: Names) -> dict[str, Any]:
    return {"record": finding, "text": names.redact(finding.text),
            "themes": [t.name for t in finding.themes.all()],
            "removed_reason": names.redact(finding.removed_reason)}


def _shown_recommendation(rec: Recommendation, names: Names) -> dict[str, Any]:
    return {"record": rec, "text": names.redact(rec.text),
            "addressed_to": names.redact(rec.addressed_to),
            "themes": [t.name for t in rec.themes.all()],
            "findings": [f.number for f in rec.findings.all()],
            "actions": getattr(rec, "action_count", 0),
            "removed_reason": names.redact(rec.removed_reason)}


@login_required
@require_GET
def findings_list(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = review_for(request, review_uuid, Permission.VIEW_ACTION_PLAN)
    user = _user(request)
    found = [_shown_finding(f, names) for f in selectors.findings_of(review)]
    recs = [_shown_recommendation(r, names) for r in selectors.recommendations_of(review)]
    return render(request, "findings/list.html", {
        "title": f"Findings and recommendations – {names.title}", "review": review,
        "names": names,
        "findings": [f for f in found if f["record"].removed_at is None],
        "removed_findings": [f for f in found if f["record"].removed_at is not None],
        "recommendations": [r for r in recs if r["record"].removed_at is None],
        "removed_recommendations": [r for r in recs if r["record"].removed_at is not None],
        "review_themes": [t.name for t in selectors.review_themes(review)],
        "may_change": actions.may_change(user, review),
        "has_final_report": review.final_reports.filter(replaced_at__isnull=True).exists(),
    })


def _form_page(request: HttpRequest, form: Any, review: Review, names: Names, *, heading: str,
               button: str, intro: str = "", warning: bool = False,
               context: dict[str, Any] | None = None) -> HttpResponse:
    return form_page(request, form, heading=heading, caption=names.title, intro=intro,
                     button=button, back_url=_list_url(review),
                     back_text="Back to the findings and recommendations", warning=warning,
                     template="findings/form.html",
                     context={"review": review, "names": names, **(context or {})})


def _finding_of(review: Review, pk: int) -> Finding:
    """One of this review's findings: another review's is not found, as if it did not exist."""
    try:
        finding = Finding.objects.get(review=review, pk=pk)
    except Finding.DoesNotExist as exc:
        raise Http404("No such finding") from exc
    finding.review = review  # already fetched and authorised
    return finding


def _recommendation_of(review: Review, pk: int) -> Recommendation:
    try:
        recommendation = Recommendation.objects.get(review=review, pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404("No such recommendation") from exc
    recommendation.review = review
    return recommendation


def _refuse_removed(request: HttpRequest, record: Finding | Recommendation, review: Review
                    ) -> HttpResponse | None:
    if record.removed_at is None:
        return None
    return redirect(_list_url(review, f"{type(record).__name__.lower()}-{record.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def add_finding(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    form = FindingForm(review, user, request.POST or None)
    if save_form(request, form, lambda data: actions.add_finding(
            review, by=user, number=data["number"], text=form.words()["text"],
            themes=data["themes"], agreed_on=data["effective_on"],
            on_behalf_of=data["on_behalf_of"]),
            lambda f: f"Finding {f.number} added."):
        return redirect(_list_url(review, "findings"))
    return _form_page(request, form, review, names, heading="Add a finding",
                      button="Add the finding",
                      intro="A finding of the review, numbered as in the report. Tag the themes "
                            "it shows, so the partnership can see across its reviews which "
                            "lessons keep coming back.")


@login_required
@require_http_methods(["GET", "POST"])
def change_finding(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    finding = _finding_of(review, pk)
    if (gone := _refuse_removed(request, finding, review)) is not None:
        return gone
    form = FindingForm(review, user, request.POST or None, finding=finding, redact=names.redact)
    if save_form(request, form, lambda data: actions.change_finding(
            finding, by=user, number=data["number"], text=form.words()["text"],
            themes=data["themes"], changed_on=data["effective_on"], version=data.get("version"),
            on_behalf_of=data["on_behalf_of"], name_of=names.user),
            lambda f: f"Finding {f.number} saved."):
        return redirect(_list_url(review, f"finding-{finding.pk}"))
    return _form_page(request, form, review, names, heading=f"Change finding {finding.number}",
                      button="Save the finding", context={"hides_names": bool(
                          form.shown_redacted and form.shown_redacted.hides_names)})


def _remove(request: HttpRequest, review_uuid: str, pk: int, *, kind: str) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    record: Finding | Recommendation = (_finding_of(review, pk) if kind == "finding"
                                        else _recommendation_of(review, pk))
    if (gone := _refuse_removed(request, record, review)) is not None:
        return gone
    form = RemoveForm(user, record, request.POST or None)
    remove: Callable[..., Any] = (actions.remove_finding if kind == "finding"
                                  else actions.remove_recommendation)
    label = f"{kind.capitalize()} {record.number}"
    if save_form(request, form, lambda data: remove(
            record, by=user, reason=data["reason"], removed_on=data["removed_on"],
            version=data.get("version"), on_behalf_of=data["on_behalf_of"],
            name_of=names.user),
            f"{label} removed. It stays in the record, under “Removed”, with your reason."):
        return redirect(_list_url(review, f"removed-{kind}s"))
    return _form_page(request, form, review, names, heading=f"Remove {label.lower()}",
                      button=f"Remove {label.lower()}", warning=True,
                      intro="Removed, not deleted: the list keeps it under “Removed”, with who "
                            "removed it, when and why.",
                      context={"removing": names.redact(record.text)})


@login_required
@require_http_methods(["GET", "POST"])
def remove_finding(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    return _remove(request, review_uuid, pk, kind="finding")


@login_required
@require_http_methods(["GET", "POST"])
def remove_recommendation(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    return _remove(request, review_uuid, pk, kind="recommendation")


@login_required
@require_http_methods(["GET", "POST"])
def add_recommendation(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    form = RecommendationForm(review, user, request.POST or None, redact=names.redact)
    if save_form(request, form, lambda data: actions.add_recommendation(
            review, by=user, number=data["number"], text=form.words()["text"],
            addressed_to=form.words()["addressed_to"], findings=data["findings"],
            themes=data["themes"], agreed_on=data["effective_on"],
            on_behalf_of=data["on_behalf_of"]),
            lambda r: f"Recommendation {r.number} added."):
        return redirect(_list_url(review, "recommendations"))
    return _form_page(request, form, review, names, heading="Add a recommendation",
                      button="Add the recommendation",
                      intro="A recommendation of the review, numbered as in the report. The "
                            "subgroup agrees actions against it on the action plan.")


@login_required
@require_http_methods(["GET", "POST"])
def change_recommendation(request: HttpRequest, review_uuid: str, pk: int) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    recommendation = _recommendation_of(review, pk)
    if (gone := _refuse_removed(request, recommendation, review)) is not None:
        return gone
    form = RecommendationForm(review, user, request.POST or None, recommendation=recommendation,
                              redact=names.redact)
    if save_form(request, form, lambda data: actions.change_recommendation(
            recommendation, by=user, number=data["number"], text=form.words()["text"],
            addressed_to=form.words()["addressed_to"], findings=data["findings"],
            themes=data["themes"], changed_on=data["effective_on"],
            version=data.get("version"), on_behalf_of=data["on_behalf_of"],
            name_of=names.user),
            lambda r: f"Recommendation {r.number} saved."):
        return redirect(_list_url(review, f"recommendation-{recommendation.pk}"))
    return _form_page(request, form, review, names,
                      heading=f"Change recommendation {recommendation.number}",
                      button="Save the recommendation", context={"hides_names": bool(
                          form.shown_redacted and form.shown_redacted.hides_names)})


@login_required
@require_http_methods(["GET", "POST"])
def review_themes(request: HttpRequest, review_uuid: str) -> HttpResponse:
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    form = ReviewThemesForm(review, user, request.POST or None)
    if save_form(request, form, lambda data: actions.set_review_themes(
            review, by=user, themes=data["themes"], tagged_on=data["tagged_on"],
            on_behalf_of=data["on_behalf_of"]),
            "The review's themes are saved."):
        return redirect(_list_url(review, "review-themes"))
    return _form_page(request, form, review, names, heading="The review's themes",
                      button="Save the themes",
                      intro="The themes the review as a whole shows. Tag each finding and "
                            "recommendation with its own themes on its page.")


@login_required
@require_http_methods(["GET", "POST"])
def from_report(request: HttpRequest, review_uuid: str) -> HttpResponse:
    """The final report read: what it holds, to check, edit or untick, then save all at once."""
    review, names = _to_change(request, review_uuid)
    user = _user(request)
    try:
        read = selectors.read_final_report(review)
    except ValidationError as exc:
        return render(request, "findings/from_report_refused.html", {
            "title": f"Take them from the final report – {names.title}", "review": review,
            "names": names, "reasons": exc.messages}, status=200)
    found = read.reading
    form = FromReportForm(user, found.findings, found.recommendations, read.final.pk,
                          request.POST or None, redact=names.redact)

    def save(data: dict) -> actions.TakenFromReport:
        if data["final_report"] != read.final.pk:
            raise ValidationError("A newer final report was made since this page was opened: "
                                  "check what it holds below, then save again.")
        return actions.take_from_report(
            review, by=user, final_report=read.final, findings=form.taken("finding"),
            recommendations=form.taken("recommendation"), taken_on=data["taken_on"],
            on_behalf_of=data["on_behalf_of"])

    def done(taken: actions.TakenFromReport) -> str:
        return (f"{len(taken.findings)} finding{'s' if len(taken.findings) != 1 else ''} and "
                f"{len(taken.recommendations)} recommendation"
                f"{'s' if len(taken.recommendations) != 1 else ''} saved from the final report. "
                "Link each recommendation to the findings it answers, and tag their themes.")

    if save_form(request, form, save, done):
        return redirect(_list_url(review))
    return render(request, "findings/from_report.html", {
        "title": f"Take them from the final report – {names.title}", "review": review,
        "names": names, "form": form, "final": read.final, "reading": found,
        "existing": {"findings": len(selectors.current_findings(review)),
                     "recommendations": Recommendation.objects.filter(
                         review=review, removed_at__isnull=True).count()},
    })
