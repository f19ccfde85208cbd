"""Every change of the publication stage's own records: the harm assessment, the date shared
with the family, scheduling and publishing, cancelling a schedule, and the periodic publishing of
a scheduled one. One transaction each, audited, with the effective date and on whose behalf.

Scheduling and publishing ask the final check (``checks.refusals``) under a lock on the review,
and refuse while any check is unmet: each apps' check says which thing and why (a hold, the
advance copy, the harm assessment…). The family's check alone may be gone past, with the business
manager's reason kept on the publication. What the public reads (the title, the summary, the
PDFs) may name nobody in the identity register: it is refused if it does.
"""

import hashlib
import pathlib
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.family.actions import contact_refusal
from reviewdesk.family.models import FamilyMember
from reviewdesk.final_report import pdf_check
from reviewdesk.final_report.actions import current as current_final_report
from reviewdesk.lib.scanner.documents import MAX_BYTES, DocumentError
from reviewdesk.lib.scanner.pdf_reader import read_pdf
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.publication import checks, notices, selectors
from reviewdesk.publication.models import (
    HarmAssessment,
    HarmAssessmentLine,
    Publication,
    PublicationDateShared,
)
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review, TimelineEntry
from reviewdesk.reviews.names import anonymised

MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_TEXT = 5000
MAX_SUMMARY = 1500
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FAMILY = "family"  # the one check the business manager may go past, with a reason


def _may_manage(review: Review, by: User) -> None:
    if not access.can(by, review, Permission.MANAGE_PUBLICATION):
        raise PermissionDenied("Only the business manager records the publication stage's "
                               "decisions and publishes the report.")


def _own(on_behalf_of: User | None, by: User) -> User | None:
    return None if on_behalf_of is not None and on_behalf_of.pk == by.pk else on_behalf_of


def _locked(review: Review) -> Review:
    """The review row locked: two schedules (or a schedule and the periodic job) one after the
    other, each seeing the other's result."""
    return (Review.objects.select_for_update(of=("self",)).select_related("partnership")
            .get(pk=review.pk))


def _names_someone(review: Review, text: str) -> bool:
    """Whether ``text`` names anyone in the register who is not public, in any form the register
    matcher finds (first name alone, initials, a typo…)."""
    return bool(text) and anonymised(review).anonymised_redactor.text(text) != text


def _text(value: str, field: str, errors: dict[str, str], *, required: str = "",
          limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = f"Keep it to {limit:,} characters or fewer."
    return value


# --- Harm from publication ----------------------------------------------------------------------

@transaction.atomic
def assess_harm(review: Review, *, by: User, assessed_by: str, assessed_on: date | None,
                conclusion: str, mitigations: str = "",
                lines: Mapping[int, tuple[str, str]],
                on_behalf_of: User | None = None) -> HarmAssessment:
    """Publication's likely impact on each child, vulnerable adult and family member in the
    register: ``lines`` maps each one's register entry id to (likely impact, mitigation). It
    must cover everyone in the register now; it replaces the one that stood (kept)."""
    _may_manage(review, by)
    review = _locked(review)
    errors: dict[str, str] = {}
    assessed_by = _text(assessed_by, "assessed_by", errors, required=(
        "Say who assessed it: a name and role, or a group such as the CSPR subgroup."), limit=200)
    conclusion = _text(conclusion, "conclusion", errors, required=(
        "Give the overall conclusion: may the report be published, and how."))
    mitigations = _text(mitigations, "mitigations", errors)
    assessed_on = assessed_on or timezone.localdate()
    try:
        check_effective_date(assessed_on, what="The date it was assessed", field="assessed_on")
    except ValidationError as exc:
        errors.update({k: v[0].message for k, v in exc.error_dict.items()})  # type: ignore[misc]
    people = selectors.people_at_risk(review)
    if not people:
        errors["__all__"] = ("The identity register has no child, family member or other person "
                             "in it: add them to the register first, then assess the harm.")
    cleaned: list[tuple[int, str, str]] = []
    for person in people:
        impact, mitigation = lines.get(person.pk, ("", ""))
        impact = _text(impact, f"impact_{person.pk}", errors, required=(
            f"Say what publication's likely impact is on {person.pseudonym}."))
        mitigation = _text(mitigation, f"mitigation_{person.pk}", errors)
        cleaned.append((person.pk, impact, mitigation))
    if errors:
        raise ValidationError(errors)
    assessment = HarmAssessment.objects.create(
        review=review, assessed_by=assessed_by, assessed_on=assessed_on, conclusion=conclusion,
        mitigations=mitigations, recorded_by=by, on_behalf_of=_own(on_behalf_of, by))
    HarmAssessmentLine.objects.bulk_create([
        HarmAssessmentLine(assessment=assessment, person_id=pk, likely_impact=impact,
                           mitigation=mitigation) for pk, impact, mitigation in cleaned])
    record_step("publication.harm_assessed", review=review, by=by,
                on_behalf_of=_own(on_behalf_of, by),
                step=Step("Harm from publication assessed", assessed_on,
                          detail=f"{len(cleaned)} people covered. Conclusion: {conclusion}"),
                summary=f"Recorded the assessment of harm from publication ({len(cleaned)} "
                        "people)",
                data={"assessment": assessment.pk, "people": [pk for pk, _, _ in cleaned],
                      "effective_on": assessed_on.isoformat()})
    return assessment


# --- The family's date --------------------------------------------------------------------------

@transaction.atomic
def record_date_shared(member: FamilyMember, *, by: User, publication_on: date | None,
                       told_on: date | None = None, how: str = "",
                       on_behalf_of: User | None = None) -> PublicationDateShared:
    """A family member who asked to be told the publication date was told it (on ``told_on``,
    today or earlier). Kept off the review's timeline, as the family's involvement is."""
    review = member.review
    _may_manage(review, by)
    errors: dict[str, str] = {}
    if not member.wants_publication_date:
        errors["member"] = ("They did not ask to be told the publication date. Record their wish "
                            "on their page in the family's involvement first.")
    elif refusal := contact_refusal(member):
        errors["member"] = refusal
    told_on = told_on or timezone.localdate()
    try:
        check_effective_date(told_on, what="The date they were told", field="told_on")
    except ValidationError as exc:
        errors.update({k: v[0].message for k, v in exc.error_dict.items()})  # type: ignore[misc]
    if publication_on is None:
        errors["publication_on"] = "Enter the publication date they were told."
    elif publication_on < told_on:
        errors["publication_on"] = ("The publication date they were told cannot be before the "
                                    "day they were told it.")
    how = _text(how, "how", errors, limit=200)
    if errors:
        raise ValidationError(errors)
    assert publication_on is not None
    shared = PublicationDateShared.objects.create(
        review=review, member=member, publication_on=publication_on, told_on=told_on, how=how,
        recorded_by=by, on_behalf_of=_own(on_behalf_of, by))
    record("publication.date_shared", actor=by, review=review,
           on_behalf_of=_own(on_behalf_of, by),
           summary="Recorded that a family member was told the publication date",
           data={"shared": shared.pk, "member": member.pk,
                 "publication_on": publication_on.isoformat(),
                 "effective_on": told_on.isoformat()})
    return shared


# --- Scheduling and publishing ------------------------------------------------------------------

def default_slug(title: str, year: int, *, taken: Sequence[str] = ()) -> str:
    """The public address made from the title and year ('child-k-2027'), unique: '-2', '-3'…
    added where it is taken."""
    base = slugify(f"{title} {year}")[:70].strip("-") or f"report-{year}"
    used = set(Publication.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    used |= set(taken)
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _pdf(data: bytes | None, filename: str, field: str, what: str, review: Review,
         errors: dict[str, str]) -> bytes | None:
    """A PDF the public will download: refused unless it is a readable PDF, smaller than the
    limit, with no comments and naming nobody in the register; its properties (author…) removed."""
    if data is None:
        return None
    if pathlib.PurePath(filename or "").suffix.lower() != ".pdf" or b"%PDF-" not in data[:1024]:
        errors[field] = f"The {what} must be a PDF (.pdf). Save it as PDF and upload it again."
        return None
    if len(data) > MAX_BYTES:
        errors[field] = f"The {what} must be smaller than {MAX_MEGABYTES} MB."
        return None
    try:
        read_pdf(data, filename)
        notes = pdf_check.annotations(data)
        pages = pdf_check.pdf_pages(data)
    except DocumentError as exc:
        errors[field] = str(exc)
        return None
    except Exception:  # noqa: BLE001 - pypdf raises many unrelated types on damaged files
        errors[field] = f"The {what} is damaged and cannot be read. Save it again as PDF."
        return None
    if notes:
        errors[field] = (f"The {what} has comments (sticky notes or other annotations, which "
                         "carry their author's name). Save it again as PDF without them.")
        return None
    named = [n for n, text in enumerate(pages, start=1) if _names_someone(review, text)]
    if named:
        errors[field] = (f"The {what} names someone in the identity register (page "
                         f"{', '.join(map(str, named[:5]))}). A published document names nobody: "
                         "use the pseudonyms and role labels, and upload it again.")
        return None
    return pdf_check.strip_metadata(data)[0]


def _refuse(review: Review, on: date, overridden: Sequence[str]) -> None:
    refused = checks.refusals(review, on, overridden=overridden)
    if refused:
        raise ValidationError([f"{c.title}: not met. {c.detail}" for c in refused])


def _prepare(review: Review, *, on: date, title: str, slug: str, summary: str, content: str,
             learning_summary: bytes | None, learning_summary_name: str,
             actions_document: bytes | None, actions_document_name: str, publish_actions: bool,
             family_override_reason: str, by: User,
             on_behalf_of: User | None) -> tuple[Publication, bytes, bytes | None, list[str]]:
    """The publication as asked for, checked (not saved), its public PDF, the actions document
    and the checks gone past. Raises ValidationError with every problem at once."""
    errors: dict[str, str] = {}
    if review.stage not in selectors.PUBLISHING_STAGES:
        raise ValidationError("The review is not at the publication stage yet: the report is "
                              "published once the review has moved to publication.")
    live = selectors.live_publication(review)
    if live is not None:
        when = (f"scheduled for {live.scheduled_for:%-d %B %Y}"
                if live.state == Publication.State.SCHEDULED and live.scheduled_for else
                live.get_state_display().lower())
        raise ValidationError(f"This review's report is already {when}. Cancel the schedule "
                              "first to change it.")
    title = _text(title, "title", errors, required="Enter the title the public sees, for example "
                  "'Child K'.", limit=200)
    if title and _names_someone(review, title):
        errors["title"] = ("The title names someone in the identity register. Use the "
                           "pseudonym, for example 'Child K'.")
    summary = _text(summary, "summary", errors, required="Write a short summary for the public.",
                    limit=MAX_SUMMARY)
    if summary and _names_someone(review, summary):
        errors["summary"] = ("The summary names someone in the identity register. Write it with "
                             "pseudonyms and role labels only: the public reads it.")
    slug = (slug or "").strip().lower()
    if not slug and title:
        slug = default_slug(title, on.year)
    if slug and (len(slug) > 80 or not SLUG.fullmatch(slug)):
        errors["slug"] = ("The public address may have only lower-case letters, numbers and "
                          "single hyphens between them, 80 characters at most, for example "
                          "'child-k-2027'.")
    elif slug and _names_someone(review, slug.replace("-", " ")):
        errors["slug"] = ("The public address names someone in the identity register. Make it "
                          "from the pseudonym, for example 'child-k-2027'.")
    elif slug and Publication.objects.filter(slug=slug).exists():
        errors["slug"] = (f"The address '{slug}' is already used by another report. Choose "
                          f"another, for example '{default_slug(title or slug, on.year)}'.")
    reason = _text(family_override_reason, "family_override_reason", errors)
    document: bytes | None = None
    final = current_final_report(review)
    not_published_on = selectors.report_not_to_be_published(review)
    if content == Publication.Content.REPORT:
        if not_published_on is not None:
            errors["content"] = (f"The CSPR subgroup decided on {not_published_on:%-d %B %Y} that "
                                 "the report is not published: only a learning summary may be "
                                 "published instead. Choose 'A learning summary' and upload its "
                                 "PDF.")
        elif final is None:
            errors["content"] = ("There is no final report to publish. Make it on the final "
                                 "report page first.")
        else:
            try:
                with final.pdf.open("rb") as handle:
                    document = handle.read()
            except FileNotFoundError:
                errors["content"] = ("The final report's PDF is no longer in storage. Make the "
                                     "final report again.")
    elif content == Publication.Content.LEARNING_SUMMARY:
        if learning_summary is None:
            errors["learning_summary"] = "Select the PDF of the learning summary."
        document = _pdf(learning_summary, learning_summary_name, "learning_summary",
                        "learning summary", review, errors)
    else:
        errors["content"] = "Choose what is published: the final report or a learning summary."
    actions_pdf = _pdf(actions_document, actions_document_name, "actions_document",
                       "document on actions taken", review, errors)
    if publish_actions and actions_pdf is None and "actions_document" not in errors:
        errors["actions_document"] = ("Select the PDF of the actions taken, or choose not to "
                                      "publish one.")
    if errors:
        raise ValidationError(errors)
    assert document is not None
    # The family's check is gone past only with a reason, and only when it is unmet.
    overridden = [FAMILY] if reason and selectors.not_told(review, on) else []
    publication = Publication(
        review=review, slug=slug, title=title, summary=summary, content=content,
        final_report=final if content == Publication.Content.REPORT else None,
        document_sha256=hashlib.sha256(document).hexdigest(),
        actions_published=bool(publish_actions and actions_pdf is not None),
        family_override_reason=reason if overridden else "", recorded_by=by,
        on_behalf_of=_own(on_behalf_of, by))
    return publication, document, actions_pdf, overridden


def _save(publication: Publication, document: bytes, actions_pdf: bytes | None) -> None:
    # Random names on disk: never the report's own name, which may hold the child's.
    publication.document.save(secrets.token_hex(16) + ".pdf", ContentFile(document), save=False)
    if actions_pdf is not None:
        publication.actions_document.save(secrets.token_hex(16) + ".pdf",
                                          ContentFile(actions_pdf), save=False)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:
        raise ValidationError({"slug": "That public address was taken a moment ago. Choose "
                                       "another."}) from None


def _fix_period(publication: Publication, today: date) -> None:
    """Published today: the time on the website fixed from the partnership's setting now."""
    months = publication.review.partnership.website_months
    publication.state = Publication.State.PUBLISHED
    publication.published_on = today
    publication.months_on_website = months
    publication.ends_on = today + relativedelta(months=months)


def _data(publication: Publication, overridden: Sequence[str], **more: Any) -> dict[str, Any]:
    return {"publication": publication.pk, "slug": publication.slug,
            "content": publication.content, "document_sha256": publication.document_sha256,
            "actions_published": publication.actions_published, "overridden": list(overridden),
            **more}


@transaction.atomic
def schedule(review: Review, *, by: User, on: date, title: str, summary: str,
             content: str = Publication.Content.REPORT, slug: str = "",
             learning_summary: bytes | None = None, learning_summary_name: str = "",
             actions_document: bytes | None = None, actions_document_name: str = "",
             publish_actions: bool = False, family_override_reason: str = "",
             on_behalf_of: User | None = None) -> Publication:
    """Schedule publication on a later day ``on``: published by ``send_reminders`` that day if
    every check is still met then. Refused (nothing kept) while any check is unmet for ``on``."""
    _may_manage(review, by)
    today = timezone.localdate()
    if on <= today:
        raise ValidationError({"publication_on": (
            "A scheduled publication date must be after today. To publish today, publish now; "
            "a date in the past cannot be used." if on < today else
            "That is today: publish now instead of scheduling.")})
    review = _locked(review)
    publication, document, actions_pdf, overridden = _prepare(
        review, on=on, title=title, slug=slug, summary=summary, content=content,
        learning_summary=learning_summary, learning_summary_name=learning_summary_name,
        actions_document=actions_document, actions_document_name=actions_document_name,
        publish_actions=publish_actions, family_override_reason=family_override_reason, by=by,
        on_behalf_of=on_behalf_of)
    _refuse(review, on, overridden)
    publication.state = Publication.State.SCHEDULED
    publication.scheduled_for = on
    _save(publication, document, actions_pdf)
    record_step("publication.scheduled", review=review, by=by,
                on_behalf_of=_own(on_behalf_of, by),
                step=Step(f"Publication scheduled for {on:%-d %B %Y}", today,
                          detail=_detail(publication)),
                summary=f"Scheduled publication for {on:%-d %B %Y}",
                data=_data(publication, overridden, publication_on=on.isoformat(),
                           effective_on=today.isoformat()))
    return publication


def _detail(publication: Publication) -> str:
    what = publication.get_content_display()
    out = f"{what}, at /published/{publication.slug}/."
    if publication.actions_published:
        out += " With the document on actions taken."
    if publication.family_override_reason:
        out += (" The family were not told the date; the business manager's reason: "
                f"{publication.family_override_reason}")
    return out


@transaction.atomic
def publish(review: Review, *, by: User, title: str, summary: str,
            content: str = Publication.Content.REPORT, slug: str = "",
            learning_summary: bytes | None = None, learning_summary_name: str = "",
            actions_document: bytes | None = None, actions_document_name: str = "",
            publish_actions: bool = False, family_override_reason: str = "",
            on: date | None = None, on_behalf_of: User | None = None) -> Publication:
    """Publish now, on the partnership's website: refused while any check is unmet today. The
    time on the website is fixed now from the partnership's setting (``ends_on``). The page
    asks the business manager to confirm it's them first."""
    _may_manage(review, by)
    today = timezone.localdate()
    on = on or today
    if on != today:
        raise ValidationError({"publication_on": (
            "A report is published today or scheduled for a later day: a date in the past cannot "
            "be used." if on < today else "A later date is scheduled, not published now.")})
    review = _locked(review)
    publication, document, actions_pdf, overridden = _prepare(
        review, on=today, title=title, slug=slug, summary=summary, content=content,
        learning_summary=learning_summary, learning_summary_name=learning_summary_name,
        actions_document=actions_document, actions_document_name=actions_document_name,
        publish_actions=publish_actions, family_override_reason=family_override_reason, by=by,
        on_behalf_of=on_behalf_of)
    _refuse(review, today, overridden)
    publication.review = review
    _fix_period(publication, today)
    _save(publication, document, actions_pdf)
    _published_step(publication, by=by, on_behalf_of=_own(on_behalf_of, by),
                    overridden=overridden, today=today)
    return publication


@transaction.atomic
def record_earlier_publication(review: Review, *, by: User, published_on: date, title: str,
                               summary: str, content: str = Publication.Content.REPORT,
                               slug: str = "", learning_summary: bytes | None = None,
                               learning_summary_name: str = "",
                               actions_document: bytes | None = None,
                               actions_document_name: str = "", publish_actions: bool = False,
                               on_behalf_of: User | None = None) -> Publication:
    """A report the partnership put on its website before Review Desk kept its publication (a
    partnership moving to Review Desk, a review brought in past this stage), recorded with the
    day it was published: its time on the website runs from that day, as if published here.
    The final check is not asked: it was made where publishing was decided, as a stage move
    brought in from before Review Desk is not asked for its records. Everything else is
    (the title, summary, address and files naming nobody; one publication at a time)."""
    _may_manage(review, by)
    today = timezone.localdate()
    if published_on >= today:
        raise ValidationError({"publication_on": (
            "Only a report published before today is recorded this way: publish today's on the "
            "publication page, or schedule a later day.")})
    review = _locked(review)
    publication, document, actions_pdf, _ = _prepare(
        review, on=published_on, title=title, slug=slug, summary=summary, content=content,
        learning_summary=learning_summary, learning_summary_name=learning_summary_name,
        actions_document=actions_document, actions_document_name=actions_document_name,
        publish_actions=publish_actions, family_override_reason="", by=by,
        on_behalf_of=on_behalf_of)
    publication.review = review
    _fix_period(publication, published_on)
    _save(publication, document, actions_pdf)
    assert publication.ends_on is not None
    record_step("publication.recorded_earlier", review=review, by=by,
                on_behalf_of=_own(on_behalf_of, by),
                step=Step("Report published on the partnership's website (recorded after it "
                          "was published)", published_on, detail=_period_detail(publication)),
                summary=f"Recorded a report published on {published_on:%-d %B %Y}",
                data=_data(publication, [], scheduled=False, recorded_after=True,
                           ends_on=publication.ends_on.isoformat(),
                           months_on_website=publication.months_on_website,
                           effective_on=published_on.isoformat()))
    return publication


def _period_detail(publication: Publication) -> str:
    return (f"{_detail(publication)} On the website until {publication.ends_on:%-d %B %Y} "
            f"({publication.months_on_website} months), then available on request.")


def _published_step(publication: Publication, *, by: User, on_behalf_of: User | None,
                    overridden: Sequence[str], today: date) -> None:
    assert publication.ends_on is not None
    record_step("publication.published", review=publication.review, by=by,
                on_behalf_of=on_behalf_of,
                step=Step("Report published on the partnership's website", today,
                          detail=_period_detail(publication)),
                summary="Published the report",
                data=_data(publication, overridden, scheduled=False,
                           ends_on=publication.ends_on.isoformat(),
                           months_on_website=publication.months_on_website,
                           effective_on=today.isoformat()))


@transaction.atomic
def cancel_schedule(publication: Publication, *, by: User, reason: str,
                    cancelled_on: date | None = None,
                    on_behalf_of: User | None = None) -> Publication:
    """A scheduled publication cancelled, with the reason: kept, as history."""
    review = publication.review
    _may_manage(review, by)
    _locked(review)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, required="Say why the schedule is cancelled.")
    cancelled_on = cancelled_on or timezone.localdate()
    try:
        check_effective_date(cancelled_on, what="The date it was cancelled", field="cancelled_on")
    except ValidationError as exc:
        errors.update({k: v[0].message for k, v in exc.error_dict.items()})  # type: ignore[misc]
    if publication.state != Publication.State.SCHEDULED:
        raise ValidationError(f"Only a scheduled publication can be cancelled; this one is "
                              f"{publication.get_state_display().lower()}.")
    if errors:
        raise ValidationError(errors)
    was = publication.scheduled_for
    publication.state = Publication.State.CANCELLED
    publication.withdrawal_reason = reason
    publication.save(update_fields=["state", "withdrawal_reason", "changed_at"])
    record_step("publication.schedule_cancelled", review=review, by=by,
                on_behalf_of=_own(on_behalf_of, by),
                step=Step(f"Scheduled publication cancelled (it was for {was:%-d %B %Y})"
                          if was else "Scheduled publication cancelled", cancelled_on,
                          detail=f"Reason: {reason}"),
                summary="Cancelled a scheduled publication",
                data={"publication": publication.pk,
                      "scheduled_for": was.isoformat() if was else None,
                      "effective_on": cancelled_on.isoformat()})
    return publication


# --- The periodic job ---------------------------------------------------------------------------

@transaction.atomic
def publish_scheduled(publication: Publication, *, today: date) -> Publication | None:
    """A scheduled publication whose day has come, published by ``send_reminders`` after the
    final check is run again. If a check is unmet now (a hold added since…), it stays scheduled
    and the business manager is told, once: by e-mail to the business unit and on their home
    page. Returns the publication if it was published."""
    review = _locked(publication.review)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.state != Publication.State.SCHEDULED or publication.scheduled_for is None \
            or publication.scheduled_for > today:
        return None
    overridden = [FAMILY] if publication.family_override_reason else []
    # The family were told the scheduled date: that is the one their check asks about.
    refused = [c for c in checks.refusals(review, today, overridden=overridden)
               if not (c.key == FAMILY and _told(review, publication.scheduled_for))]
    if refused:
        _tell_refused(review, publication, refused, today=today)
        return None
    publication.review = review
    _fix_period(publication, today)
    publication.save()
    # Review Desk acts (the audit's actor is the system); the timeline names no person.
    assert publication.ends_on is not None
    TimelineEntry.objects.create(
        review=review, kind=TimelineEntry.Kind.NOTE,
        title="Report published on the partnership's website (as scheduled)",
        detail=_period_detail(publication), effective_on=today, recorded_by=None)
    record("publication.published", review=review, summary="Published the report as scheduled",
           data=_data(publication, overridden, scheduled=True,
                      ends_on=publication.ends_on.isoformat(),
                      months_on_website=publication.months_on_website,
                      effective_on=today.isoformat()))
    return publication


def _told(review: Review, on: date) -> bool:
    return not selectors.not_told(review, on)


def _tell_refused(review: Review, publication: Publication, refused: list[checks.Check], *,
                  today: date) -> None:
    """Once per scheduled publication: the business unit's e-mail and an audit event. The e-mail
    names the checks, not their details (which may quote what people typed)."""
    link = reverse("publication:page", args=[review.uuid])
    try:
        notice = queue_from_template(
            review, notices.SCHEDULED_REFUSED, dedupe_key=f"publication:{publication.pk}:refused",
            recipient_label="The business unit",
            recipients=[review.partnership.business_unit_email],
            extra={"scheduled_for": f"{publication.scheduled_for:%-d %B %Y}",
                   "checks": "\n".join(f"- {c.title}" for c in refused),
                   "link": f"{settings.SITE_URL}{link}"},
            purpose=notices.SCHEDULED_REFUSED)
    except NoticeRefused:
        notice = None
    if notice is None:
        return
    record("publication.scheduled_refused", review=review,
           summary="A scheduled publication could not go ahead: a check is not met",
           data={"publication": publication.pk, "checks": [c.key for c in refused],
                 "notice": notice.pk, "effective_on": today.isoformat()})

