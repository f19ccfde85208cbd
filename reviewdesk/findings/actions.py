"""Every change this app makes, audited, with the effective date and on whose behalf.

``by`` is the signed-in person typing: the business manager, a CSPR subgroup member
(MANAGE_ACTION_PLAN) or the review's lead reviewer (UPLOAD_REPORT); ``on_behalf_of`` the person
whose decision it is, when they have a sign-in. Every date is the day the thing happened: today
or earlier, never the future. Audit summaries and timeline words hold numbers, never a finding's
words (they may name someone).

* ``add_finding`` / ``change_finding`` / ``remove_finding`` — a finding of the review, numbered as
  in the report, tagged with themes. Removed with a reason, never deleted.
* ``add_recommendation`` / ``change_recommendation`` / ``remove_recommendation`` — the same for a
  recommendation, linked to the findings it answers and addressed to someone; one that actions
  were agreed against cannot be removed while they stand.
* ``set_review_themes`` — the themes tagged on the review as a whole.
* ``take_from_report`` — the findings and recommendations read from the final report, as the
  person checked and edited them: all saved, or none.

Edits carry the version the page showed (decision 0023): a save made from an older one is
refused, showing the other person's change.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import (
    Action,
    Finding,
    Recommendation,
    ReviewTheme,
    Source,
    Theme,
)
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review
from reviewdesk.reviews.names import Names
from reviewdesk.versioning import UNCHECKED, claim

TEXT_LENGTH = 5000
ADDRESSED_TO_LENGTH = 300
REASON_LENGTH = 2000


def may_change(user: User, review: Review) -> bool:
    """The business manager and the CSPR subgroup (the action plan's managers), and the review's
    lead reviewer, whose report the findings come from."""
    return access.can(user, review, Permission.MANAGE_ACTION_PLAN) or access.can(
        user, review, Permission.UPLOAD_REPORT)


def _check(review: Review, by: User) -> None:
    if not may_change(by, review):
        raise PermissionDenied("Only the business manager, the CSPR subgroup and the review's lead "
                               "reviewer record its findings and recommendations.")


def _on_behalf_of(by: User, on_behalf_of: User | None) -> User | None:
    return audit_context.acting_for(by, on_behalf_of)


def _day(on: date | None) -> date:
    return on or timezone.localdate()


def _date_error(errors: dict[str, Any], on: date, what: str, field_name: str) -> None:
    try:
        check_effective_date(on, what=what, field=field_name)
    except ValidationError as exc:
        exc.update_error_dict(errors)


def _text_errors(errors: dict[str, Any], text: str, what: str, *, field_name: str = "text") -> None:
    if not text:
        errors[field_name] = f"Enter the {what}'s words, as the report gives them."
    elif len(text) > TEXT_LENGTH:
        errors[field_name] = (f"The {what} must be {TEXT_LENGTH:,} characters or fewer: give its "
                              "main point and leave the analysis in the report.")


def _number_error(errors: dict[str, Any], number: int | None, taken: dict[int, Any], what: str,
                  *, field_name: str = "number") -> None:
    if number is None or number < 1:
        errors[field_name] = f"Give the {what}'s number as the report numbers it, such as 3."
    elif number in taken:
        errors[field_name] = (f"{what.capitalize()} {number} already exists. Choose another "
                              f"number, or change or remove {what} {number} first.")


def _themes(review: Review, themes: Iterable[Theme], keep: Iterable[Theme] = ()) -> list[Theme]:
    """The partnership's themes chosen; a retired one only if the record already had it."""
    kept = {t.pk for t in keep}
    chosen = list(themes)
    for theme in chosen:
        if theme.partnership_id != review.partnership_id or (
                theme.retired_at is not None and theme.pk not in kept):
            raise ValidationError({"themes": f"“{theme.name}” is not on the partnership's list "
                                             "of themes in use: choose from the list."})
    return chosen


def _current_findings(review: Review) -> dict[int, Finding]:
    return {f.number: f for f in Finding.objects.filter(review=review, removed_at__isnull=True)}


def _current_recommendations(review: Review) -> dict[int, Recommendation]:
    return {r.number: r for r in Recommendation.objects.filter(review=review,
                                                              removed_at__isnull=True)}


def _lock(review: Review) -> None:
    """Numbers are checked and given under the review's lock: two people adding finding 3 at
    once cannot both have it."""
    Review.objects.select_for_update().filter(pk=review.pk).first()


def _pks(items: Iterable[Any]) -> list[int]:
    return sorted(item.pk for item in items)


# --- Findings ---------------------------------------------------------------------------------

@transaction.atomic
def add_finding(review: Review, *, by: User, number: int | None, text: str,
                themes: Iterable[Theme] = (), agreed_on: date | None = None,
                on_behalf_of: User | None = None) -> Finding:
    _check(review, by)
    _lock(review)
    text, agreed_on = (text or "").strip(), _day(agreed_on)
    errors: dict[str, Any] = {}
    _number_error(errors, number, _current_findings(review), "finding")
    _text_errors(errors, text, "finding")
    _date_error(errors, agreed_on, "The date it was agreed", "agreed_on")
    if errors:
        raise ValidationError(errors)
    chosen = _themes(review, themes)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    assert number is not None
    finding = Finding.objects.create(review=review, number=number, text=text, recorded_by=by,
                                     on_behalf_of=on_behalf_of)
    finding.themes.set(chosen)
    record("findings.finding_added", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Added finding {number}",
           data={"finding": finding.pk, "number": number, "themes": _pks(chosen),
                 "effective_on": agreed_on.isoformat()})
    return finding


@transaction.atomic
def change_finding(finding: Finding, *, by: User, number: int | None, text: str,
                   themes: Iterable[Theme] = (), changed_on: date | None = None,
                   version: int | None = UNCHECKED, on_behalf_of: User | None = None,
                   name_of: Callable[[Any], str] | None = None) -> Finding:
    review = finding.review
    _check(review, by)
    _lock(review)
    finding = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if finding.removed_at is not None:
        raise ValidationError(f"Finding {finding.number} was removed: it can no longer be "
                              "changed. Add it again if it is still a finding.")
    text, changed_on = (text or "").strip(), _day(changed_on)
    errors: dict[str, Any] = {}
    taken = {n: f for n, f in _current_findings(review).items() if f.pk != finding.pk}
    _number_error(errors, number, taken, "finding")
    _text_errors(errors, text, "finding")
    _date_error(errors, changed_on, "The date it was changed", "changed_on")
    if errors:
        raise ValidationError(errors)
    chosen = _themes(review, themes, keep=finding.themes.all())
    claim(finding, version, thing=f"finding {finding.number}", by=by,
          name_of=name_of or Names(review, by).user)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    before = finding.number
    assert number is not None
    finding.number, finding.text = number, text
    finding.save(update_fields=["number", "text"])
    finding.themes.set(chosen)
    record("findings.finding_changed", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Changed finding {before}" + (f" (now {number})" if number != before else ""),
           data={"finding": finding.pk, "number": number, "was": before,
                 "themes": _pks(chosen), "version": finding.version,
                 "effective_on": changed_on.isoformat()})
    return finding


def _removal_errors(reason: str, removed_on: date) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not reason:
        errors["reason"] = ("Say why it is removed: the record keeps it, with your reason, for "
                            "anyone who later asks what was agreed.")
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = f"Keep the reason to {REASON_LENGTH:,} characters or fewer."
    _date_error(errors, removed_on, "The date it was removed", "removed_on")
    return errors


@transaction.atomic
def remove_finding(finding: Finding, *, by: User, reason: str, removed_on: date | None = None,
                   version: int | None = UNCHECKED, on_behalf_of: User | None = None,
                   name_of: Callable[[Any], str] | None = None) -> Finding:
    """Take a finding off the review's list, with why. It stays in the record (never deleted),
    and recommendations linked to it keep the link."""
    review = finding.review
    _check(review, by)
    finding = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if finding.removed_at is not None:
        raise ValidationError(f"Finding {finding.number} was already removed on "
                              f"{timezone.localtime(finding.removed_at):%-d %B %Y}.")
    reason, removed_on = (reason or "").strip(), _day(removed_on)
    errors = _removal_errors(reason, removed_on)
    if errors:
        raise ValidationError(errors)
    claim(finding, version, thing=f"finding {finding.number}", by=by,
          name_of=name_of or Names(review, by).user)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    finding.removed_at, finding.removed_reason = timezone.now(), reason
    finding.save(update_fields=["removed_at", "removed_reason"])
    title = f"Finding {finding.number} was removed"
    record_step("findings.finding_removed", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Removed finding {finding.number}",
                step=Step(title=title, effective_on=removed_on),
                data={"finding": finding.pk, "number": finding.number,
                      "effective_on": removed_on.isoformat()})
    return finding


# --- Recommendations --------------------------------------------------------------------------

def _addressed_errors(errors: dict[str, Any], addressed_to: str, field_name: str = "addressed_to"
                      ) -> None:
    if len(addressed_to) > ADDRESSED_TO_LENGTH:
        errors[field_name] = (f"Whom it is addressed to must be {ADDRESSED_TO_LENGTH} characters "
                              "or fewer: the agencies' names are enough.")


def _findings_of(review: Review, findings: Iterable[Finding]) -> list[Finding]:
    chosen = list(findings)
    for finding in chosen:
        if finding.review_id != review.pk or finding.removed_at is not None:
            raise ValidationError({"findings": f"Finding {finding.number} is not one of this "
                                               "review's current findings: choose from the list."})
    return chosen


@transaction.atomic
def add_recommendation(review: Review, *, by: User, number: int | None, text: str,
                       addressed_to: str = "", findings: Iterable[Finding] = (),
                       themes: Iterable[Theme] = (), agreed_on: date | None = None,
                       on_behalf_of: User | None = None) -> Recommendation:
    _check(review, by)
    _lock(review)
    text, addressed_to = (text or "").strip(), (addressed_to or "").strip()
    agreed_on = _day(agreed_on)
    errors: dict[str, Any] = {}
    _number_error(errors, number, _current_recommendations(review), "recommendation")
    _text_errors(errors, text, "recommendation")
    _addressed_errors(errors, addressed_to)
    _date_error(errors, agreed_on, "The date it was agreed", "agreed_on")
    if errors:
        raise ValidationError(errors)
    linked, chosen = _findings_of(review, findings), _themes(review, themes)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    assert number is not None
    recommendation = Recommendation.objects.create(
        review=review, number=number, text=text, addressed_to=addressed_to, recorded_by=by,
        on_behalf_of=on_behalf_of)
    recommendation.findings.set(linked)
    recommendation.themes.set(chosen)
    record("findings.recommendation_added", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Added recommendation {number}",
           data={"recommendation": recommendation.pk, "number": number,
                 "findings": _pks(linked), "themes": _pks(chosen),
                 "effective_on": agreed_on.isoformat()})
    return recommendation


@transaction.atomic
def change_recommendation(recommendation: Recommendation, *, by: User, number: int | None,
                          text: str, addressed_to: str = "", findings: Iterable[Finding] = (),
                          themes: Iterable[Theme] = (), changed_on: date | None = None,
                          version: int | None = UNCHECKED, on_behalf_of: User | None = None,
                          name_of: Callable[[Any], str] | None = None) -> Recommendation:
    review = recommendation.review
    _check(review, by)
    _lock(review)
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk)
    if recommendation.removed_at is not None:
        raise ValidationError(f"Recommendation {recommendation.number} was removed: it can no "
                              "longer be changed. Add it again if it still stands.")
    text, addressed_to = (text or "").strip(), (addressed_to or "").strip()
    changed_on = _day(changed_on)
    errors: dict[str, Any] = {}
    taken = {n: r for n, r in _current_recommendations(review).items()
             if r.pk != recommendation.pk}
    _number_error(errors, number, taken, "recommendation")
    _text_errors(errors, text, "recommendation")
    _addressed_errors(errors, addressed_to)
    _date_error(errors, changed_on, "The date it was changed", "changed_on")
    if errors:
        raise ValidationError(errors)
    linked = _findings_of(review, findings)
    chosen = _themes(review, themes, keep=recommendation.themes.all())
    claim(recommendation, version, thing=f"recommendation {recommendation.number}", by=by,
          name_of=name_of or Names(review, by).user)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    # Links to findings removed since stay: the record keeps what it answered.
    removed = list(recommendation.findings.filter(removed_at__isnull=False))
    before = recommendation.number
    assert number is not None
    recommendation.number, recommendation.text = number, text
    recommendation.addressed_to = addressed_to
    recommendation.save(update_fields=["number", "text", "addressed_to"])
    recommendation.findings.set([*linked, *removed])
    recommendation.themes.set(chosen)
    record("findings.recommendation_changed", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Changed recommendation {before}"
                   + (f" (now {number})" if number != before else ""),
           data={"recommendation": recommendation.pk, "number": number, "was": before,
                 "findings": _pks(linked), "themes": _pks(chosen),
                 "version": recommendation.version, "effective_on": changed_on.isoformat()})
    return recommendation


@transaction.atomic
def remove_recommendation(recommendation: Recommendation, *, by: User, reason: str,
                          removed_on: date | None = None, version: int | None = UNCHECKED,
                          on_behalf_of: User | None = None,
                          name_of: Callable[[Any], str] | None = None) -> Recommendation:
    """Take a recommendation off the list, with why; refused while actions agreed against it
    stand (close them, or link them to another recommendation, first)."""
    review = recommendation.review
    _check(review, by)
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(
        pk=recommendation.pk)
    if recommendation.removed_at is not None:
        raise ValidationError(f"Recommendation {recommendation.number} was already removed on "
                              f"{timezone.localtime(recommendation.removed_at):%-d %B %Y}.")
    reason, removed_on = (reason or "").strip(), _day(removed_on)
    errors = _removal_errors(reason, removed_on)
    standing = sorted(recommendation.actions.exclude(status=Action.Status.CLOSED)
                      .values_list("number", flat=True))
    if standing:
        words = ", ".join(str(n) for n in standing)
        errors.setdefault("__all__", []).append(
            f"Actions were agreed against recommendation {recommendation.number} (action"
            f"{'s' if len(standing) > 1 else ''} {words}). Close them with reasons, or link them "
            "to another recommendation, on the action plan first.")
    if errors:
        raise ValidationError(errors)
    claim(recommendation, version, thing=f"recommendation {recommendation.number}", by=by,
          name_of=name_of or Names(review, by).user)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    recommendation.removed_at, recommendation.removed_reason = timezone.now(), reason
    recommendation.save(update_fields=["removed_at", "removed_reason"])
    title = f"Recommendation {recommendation.number} was removed"
    record_step("findings.recommendation_removed", review=review, by=by,
                on_behalf_of=on_behalf_of, summary=f"Removed recommendation "
                                                   f"{recommendation.number}",
                step=Step(title=title, effective_on=removed_on),
                data={"recommendation": recommendation.pk, "number": recommendation.number,
                      "effective_on": removed_on.isoformat()})
    return recommendation


# --- The review's themes ----------------------------------------------------------------------

@transaction.atomic
def set_review_themes(review: Review, *, by: User, themes: Iterable[Theme],
                      tagged_on: date | None = None, on_behalf_of: User | None = None
                      ) -> list[Theme]:
    """The themes tagged on the review as a whole: those chosen are added, the others taken
    off (a tag is a label, not a record of what was agreed)."""
    _check(review, by)
    _lock(review)
    tagged_on = _day(tagged_on)
    errors: dict[str, Any] = {}
    _date_error(errors, tagged_on, "The date", "tagged_on")
    if errors:
        raise ValidationError(errors)
    tags = {t.theme_id: t for t in ReviewTheme.objects.filter(review=review).select_related(
        "theme")}
    chosen = _themes(review, themes, keep=[t.theme for t in tags.values()])
    wanted = {t.pk for t in chosen}
    added = [t for t in chosen if t.pk not in tags]
    removed = [tag for pk, tag in tags.items() if pk not in wanted]
    if not added and not removed:
        return chosen
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    ReviewTheme.objects.bulk_create([ReviewTheme(review=review, theme=t, recorded_by=by,
                                                 on_behalf_of=on_behalf_of) for t in added])
    ReviewTheme.objects.filter(pk__in=[tag.pk for tag in removed]).delete()
    record("findings.review_themes_set", actor=by, review=review, on_behalf_of=on_behalf_of,
           summary=f"Tagged the review with {len(chosen)} theme{'s' if len(chosen) != 1 else ''}",
           data={"themes": sorted(wanted), "added": _pks(added),
                 "removed": sorted(tag.theme_id for tag in removed),
                 "effective_on": tagged_on.isoformat()})
    return chosen


# --- Taken from the final report --------------------------------------------------------------

@dataclass
class Taken:
    """One item as the person left it on the preview: ticked or not, its number and words."""

    number: int | None
    text: str
    addressed_to: str = ""
    include: bool = True
    # The form's field names, so each refusal lands on its own row.
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class TakenFromReport:
    findings: list[Finding]
    recommendations: list[Recommendation]


def _taken_errors(items: Sequence[Taken], taken: dict[int, Any], what: str,
                  errors: dict[str, Any]) -> None:
    numbers: dict[int, Taken] = {}
    for item in items:
        if not item.include:
            continue
        row: dict[str, Any] = {}
        number_field = item.fields.get("number", "__all__")
        text_field = item.fields.get("text", "__all__")
        _number_error(row, item.number, taken, what, field_name=number_field)
        if item.number is not None and item.number in numbers and number_field not in row:
            row[number_field] = (f"Two {what}s are numbered {item.number}: give each its own "
                                 "number, or untick one.")
        _text_errors(row, item.text.strip(), what, field_name=text_field)
        if what == "recommendation":
            _addressed_errors(row, item.addressed_to.strip(),
                              item.fields.get("addressed_to", "__all__"))
        for key, message in row.items():
            errors.setdefault(key, []).append(message)
        if item.number is not None:
            numbers[item.number] = item


def _checked(number: int | None) -> int:
    assert number is not None  # refused above when missing
    return number


@transaction.atomic
def take_from_report(review: Review, *, by: User, final_report: FinalReport,
                     findings: Sequence[Taken], recommendations: Sequence[Taken],
                     taken_on: date | None = None,
                     on_behalf_of: User | None = None) -> TakenFromReport:
    """Save the ticked findings and recommendations read from ``final_report`` (as edited on
    the preview): every one, or, if any is refused, none. Which findings each recommendation
    answers is the person's to say afterwards (the report rarely says it in a way to read)."""
    _check(review, by)
    _lock(review)
    current = FinalReport.objects.filter(review=review, replaced_at__isnull=True).first()
    if current is None or current.pk != final_report.pk:
        raise ValidationError("A newer final report was made since this page was opened: read "
                              "it again to see what it holds.")
    taken_on = _day(taken_on)
    errors: dict[str, Any] = {}
    chosen_findings = [f for f in findings if f.include]
    chosen_recs = [r for r in recommendations if r.include]
    if not chosen_findings and not chosen_recs:
        errors["__all__"] = ["Tick at least one finding or recommendation to save, or go back "
                             "to the list."]
    _taken_errors(findings, _current_findings(review), "finding", errors)
    _taken_errors(recommendations, _current_recommendations(review), "recommendation", errors)
    _date_error(errors, taken_on, "The date they were agreed", "taken_on")
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    made_findings = [Finding.objects.create(
        review=review, number=_checked(f.number), text=f.text.strip(), source=Source.FINAL_REPORT,
        final_report=final_report, recorded_by=by, on_behalf_of=on_behalf_of)
        for f in chosen_findings]
    made_recs = [Recommendation.objects.create(
        review=review, number=_checked(r.number), text=r.text.strip(),
        addressed_to=r.addressed_to.strip(), source=Source.FINAL_REPORT,
        final_report=final_report, recorded_by=by, on_behalf_of=on_behalf_of)
        for r in chosen_recs]
    counts = (f"{len(made_findings)} finding{'s' if len(made_findings) != 1 else ''} and "
              f"{len(made_recs)} recommendation{'s' if len(made_recs) != 1 else ''}")
    record_step("findings.taken_from_report", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Took {counts} from the final report",
                step=Step(title=f"{counts[0].upper()}{counts[1:]} taken from the final report",
                          effective_on=taken_on),
                data={"final_report": final_report.pk,
                      "findings": [f.pk for f in made_findings],
                      "recommendations": [r.pk for r in made_recs],
                      "left_out": {"findings": len(findings) - len(chosen_findings),
                                   "recommendations": len(recommendations) - len(chosen_recs)},
                      "effective_on": taken_on.isoformat()})
    return TakenFromReport(made_findings, made_recs)
