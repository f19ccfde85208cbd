"""Every change this app makes, audited, with the effective date and on whose behalf: the
partnership's website period and request deadline, the move to "available on request" at the end
of a report's time on the website, an early withdrawal with the three partners' agreement, and the
answers to requests for a report.

Requests come from members of the public: their names and addresses are theirs, not the case's,
and stay off the review's timeline and notice log (the partnership's officers read those). The
e-mails to them carry the report itself, or the reasons it is declined as the anonymised reader
would see them.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnerFor, Partnership, PartnershipRole, User
from reviewdesk.audit.context import as_system
from reviewdesk.audit.services import record
from reviewdesk.notices.actions import queue_notice, template_for
from reviewdesk.notices.guards import NoticeRefused
from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import stored_attachment
from reviewdesk.notices.templating import render_text
from reviewdesk.on_request import notices, selectors
from reviewdesk.publication.models import Publication, ReportRequest, WithdrawalAgreement
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import TimelineEntry
from reviewdesk.reviews.names import anonymised
from reviewdesk.versioning import UNCHECKED, claim

P = Publication.State
MAX_TEXT = 5000
# The settings' bounds: a month at least (the guide's maximum is 6; national guidance expects at
# least 12), five years at most; a request answered within a working day to 60.
MONTHS_RANGE = (1, 60)
WORKING_DAYS_RANGE = (1, 60)


def _text(value: str, field: str, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"Keep it to {MAX_TEXT:,} characters or fewer."})
    return value


# --- The partnership's settings ------------------------------------------------------------------

@transaction.atomic
def change_publication_settings(partnership: Partnership, *, by: User, website_months: int,
                                request_working_days: int,
                                version: int | None = UNCHECKED) -> Partnership:
    """How long a published report stays on the website, and how many working days the
    partnership gives itself to answer a request. Later publications only: each report's end
    date was fixed when it was published, and each request's due date when it came in."""
    if not access.is_business_manager(by) or by.partnership_id != partnership.pk:
        raise PermissionDenied("Only the partnership's business manager changes its settings.")
    errors = {}
    low, high = MONTHS_RANGE
    if not low <= website_months <= high:
        errors["website_months"] = (f"Enter a number of months from {low} to {high}: the guide "
                                    "says at most 6, national guidance at least 12.")
    low, high = WORKING_DAYS_RANGE
    if not low <= request_working_days <= high:
        errors["request_working_days"] = f"Enter a number of working days from {low} to {high}."
    if errors:
        raise ValidationError(errors)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    before = {"website_months": partnership.website_months,
              "request_working_days": partnership.request_working_days}
    claim(partnership, version, thing="the publication settings", by=by)
    partnership.website_months = website_months
    partnership.request_working_days = request_working_days
    partnership.save(update_fields=["website_months", "request_working_days"])
    today = timezone.localdate()
    record("on_request.settings_changed", actor=by, partnership_id=partnership.pk,
           summary="Changed how long reports stay on the website and the time to answer "
                   "a request",
           data={"before": before, "after": {"website_months": website_months,
                                             "request_working_days": request_working_days},
                 "effective_on": today.isoformat()})
    return partnership


# --- The end of the period ------------------------------------------------------------------------

def end_website_period(publication: Publication, *, today: date) -> Publication | None:
    """On the planned end date (or the first run after it), a report on the website becomes
    available on request: it leaves the public list, its address offers the request form. Done by
    Review Desk itself (the periodic command), once; the business unit is told. None when there is
    nothing to do (not on the website, or its time has not ended)."""
    with as_system("the end of a report's time on the website"), transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        ends_on = publication.ends_on
        if publication.state != P.PUBLISHED or ends_on is None or ends_on > today:
            return None
        publication.state = P.ON_REQUEST
        publication.on_request_since = ends_on
        publication.save(update_fields=["state", "on_request_since", "changed_at"])
        review = publication.review
        # Review Desk made the move itself: no person on the timeline, the system in the audit.
        TimelineEntry.objects.create(
            review=review, kind=TimelineEntry.Kind.NOTE, effective_on=ends_on,
            title="The report's time on the website ended: it is now available on request",
            detail=f"Published on {publication.published_on:%-d %B %Y} for "
                   f"{publication.months_on_website} months. Review Desk moved it on its "
                   "planned end date.",
            recorded_by=None)
        record("on_request.moved_to_on_request", review=review,
               summary="A report's time on the website ended: available on request",
               data={"publication": publication.pk, "effective_on": ends_on.isoformat()})
        partnership = review.partnership
        notices.queue(review, notices.ENDED, f"on_request:ending:{publication.pk}:day",
                      "The business unit", selectors.business_unit(partnership), extra={
                          "title": publication.title, "ends_on": f"{ends_on:%-d %B %Y}",
                          "link": _link("on_request:website", review.uuid)})
        return publication


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=list(args))


# --- Early withdrawal ----------------------------------------------------------------------------

def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def _withdrawable(publication: Publication) -> None:
    if publication.state not in selectors.WITHDRAWABLE:
        raise ValidationError(f"Only a report on the website or available on request can be "
                              f"withdrawn; this one is "
                              f"{publication.get_state_display().lower()}.")


@transaction.atomic
def start_withdrawal(publication: Publication, *, by: User, reason: str,
                     on_behalf_of: User | None = None) -> Publication:
    """The business manager proposes removing the report early, with the reason; each of the
    three safeguarding partners then records their agreement."""
    publication = _lock(publication)
    review = publication.review
    access.require(by, review, Permission.MANAGE_PUBLICATION)
    _withdrawable(publication)
    if publication.withdrawal_reason:
        raise ValidationError("A withdrawal of this report is already started: the partners "
                              "record their agreement, then the business manager withdraws it.")
    publication.withdrawal_reason = _text(reason, "reason", "Give the reason for removing the "
                                                            "report early: the partners read it "
                                                            "before they agree.")
    publication.save(update_fields=["withdrawal_reason", "changed_at"])
    today = timezone.localdate()
    record_step("on_request.withdrawal_started", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Early withdrawal of the published report proposed", today,
                          detail="The three safeguarding partners' agreement is needed."),
                summary="Proposed withdrawing a published report early",
                data={"publication": publication.pk, "effective_on": today.isoformat()})
    return publication


def _partner_user(review_partnership_id: int, partner_for: str) -> User | None:
    return (User.objects.filter(partnership_id=review_partnership_id, is_active=True,
                                role=PartnershipRole.SAFEGUARDING_PARTNER,
                                partner_for=partner_for).order_by("pk").first())


@transaction.atomic
def agree_withdrawal(publication: Publication, *, by: User, agreed_on: date,
                     partner_for: str = "", note: str = "") -> WithdrawalAgreement:
    """A safeguarding partner's agreement to the early withdrawal: their own, or recorded by the
    business manager on their behalf (``partner_for`` says whose)."""
    publication = _lock(publication)
    review = publication.review
    on_behalf_of = None
    if access.is_business_manager_of(by, review):
        if partner_for not in PartnerFor.values:
            raise ValidationError({"partner_for": "Choose whose agreement it is."})
        on_behalf_of = _partner_user(review.partnership_id, partner_for)
    elif access.is_partner_of(by, review):
        partner_for = by.partner_for
    else:
        raise PermissionDenied("Only the safeguarding partners, or the business manager on their "
                               "behalf, agree to remove a report early.")
    _withdrawable(publication)
    if not publication.withdrawal_reason:
        raise ValidationError("No withdrawal of this report has been started: the business "
                              "manager starts it, with the reason.")
    label = selectors.PARTNER_WORDS[PartnerFor(partner_for)]
    if publication.withdrawal_agreements.filter(partner_for=partner_for).exists():
        raise ValidationError({"partner_for": f"The {label} safeguarding partner's agreement is "
                                              "already recorded."})
    check_effective_date(agreed_on, not_before=publication.published_on,
                         what="The date of the agreement", since="the date it was published",
                         field="agreed_on")
    agreement = WithdrawalAgreement.objects.create(
        publication=publication, partner_for=partner_for, agreed_on=agreed_on,
        reason=_text(note, "note"), recorded_by=by, on_behalf_of=on_behalf_of)
    record_step("on_request.withdrawal_agreed", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"The {label} safeguarding partner agreed to withdraw the report "
                          "early", agreed_on),
                summary=f"Recorded the {label} partner's agreement to withdraw a report early",
                data={"publication": publication.pk, "agreement": agreement.pk,
                      "partner_for": partner_for, "effective_on": agreed_on.isoformat()})
    return agreement


@transaction.atomic
def withdraw(publication: Publication, *, by: User, withdrawn_on: date,
             on_behalf_of: User | None = None) -> Publication:
    """Once all three partners have agreed, the business manager removes the report: its public
    address then says it has been withdrawn. Refused, naming who has not agreed, before."""
    publication = _lock(publication)
    review = publication.review
    access.require(by, review, Permission.MANAGE_PUBLICATION)
    _withdrawable(publication)
    state = selectors.withdrawal(publication)
    if not state.started:
        raise ValidationError("No withdrawal of this report has been started: start it, with "
                              "the reason, and ask the three safeguarding partners to agree.")
    if state.missing:
        raise ValidationError(f"The report cannot be withdrawn yet: "
                              f"{selectors.missing_words(state)} "
                              f"{'has' if len(state.missing) == 1 else 'have'} not agreed.")
    check_effective_date(withdrawn_on, not_before=state.last_agreed_on,
                         what="The date it was withdrawn",
                         since="the date of the last partner's agreement", field="withdrawn_on")
    was = publication.get_state_display().lower()
    publication.state = P.WITHDRAWN
    publication.withdrawn_on = withdrawn_on
    publication.save(update_fields=["state", "withdrawn_on", "changed_at"])
    record_step("on_request.withdrawn", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("The report was withdrawn from the website early", withdrawn_on,
                          detail=f"It was {was}; the three safeguarding partners agreed. Its "
                                 "public address now says it has been withdrawn."),
                summary="Withdrew a published report early, with the three partners' agreement",
                data={"publication": publication.pk, "effective_on": withdrawn_on.isoformat()})
    return publication


# --- Requests ------------------------------------------------------------------------------------

def _answerable(asked: ReportRequest, by: User) -> ReportRequest:
    asked = ReportRequest.objects.select_for_update().get(pk=asked.pk)
    review = asked.publication.review
    if not access.is_business_manager_of(by, review):
        raise PermissionDenied("Only the business manager answers requests for reports.")
    if asked.response:
        raise ValidationError(f"This request was answered on {asked.responded_on:%-d %B %Y} "
                              f"({asked.get_response_display().lower()}): it is answered once.")
    return asked


def _check_response_date(asked: ReportRequest, responded_on: date) -> None:
    check_effective_date(responded_on, not_before=asked.received_on,
                         what="The date of the answer", since="the day the request came in",
                         field="responded_on")


def _answered(asked: ReportRequest, *, by: User, response: str, responded_on: date,
              note: str, on_behalf_of: User | None) -> None:
    asked.response, asked.responded_on, asked.response_note = response, responded_on, note
    asked.responded_at, asked.responded_by, asked.on_behalf_of = timezone.now(), by, on_behalf_of
    asked.save(update_fields=["response", "responded_on", "response_note", "responded_at",
                              "responded_by", "on_behalf_of"])


def _tell_requester(asked: ReportRequest, key: str, suffix: str, *, by: User,
                    extra: dict[str, str], attachments: list[dict[str, str]] | None = None
                    ) -> Notice | None:
    review = asked.publication.review
    template = template_for(review.partnership_id, key)
    context = {"partnership": review.partnership.name, "recipient": asked.name,
               "title": asked.publication.title,
               "received_on": f"{asked.received_on:%-d %B %Y}",
               "business_unit_email": review.partnership.business_unit_email,
               "site_url": settings.SITE_URL, **extra}
    try:
        # With no review: the requester's name and address stay off the review's notice log.
        return queue_notice(partnership_id=review.partnership_id, review=None,
                            purpose=key, dedupe_key=f"on_request:request:{asked.pk}:{suffix}",
                            recipient_label=asked.name, recipients=[asked.email],
                            subject=render_text(template.subject, context),
                            body=render_text(template.body, context), by=by,
                            attachments=attachments)
    except NoticeRefused as refused:
        raise ValidationError(refused.messages) from refused


@transaction.atomic
def send_report(asked: ReportRequest, *, by: User, responded_on: date,
                on_behalf_of: User | None = None) -> ReportRequest:
    """Send the report (the published PDF) to the person who asked, by e-mail through the
    notices: kept and logged. A request is answered once."""
    asked = _answerable(asked, by)
    publication = asked.publication
    if publication.state == P.WITHDRAWN:
        raise ValidationError("The report has been withdrawn, so it is not sent: decline the "
                              "request, with the reasons.")
    if publication.state == P.SCHEDULED or not publication.document:
        raise ValidationError("The report is not published yet, so there is nothing to send: "
                              "decline the request, with the reasons, or wait until it is.")
    _check_response_date(asked, responded_on)
    _answered(asked, by=by, response=ReportRequest.Response.SENT, responded_on=responded_on,
              note="", on_behalf_of=on_behalf_of)
    filename = f"{publication.slug}.pdf"
    notice = _tell_requester(asked, notices.REPORT_SENT, "sent", by=by, extra={}, attachments=[
        stored_attachment(publication.document, filename, "application/pdf")])
    record("on_request.request_sent", actor=by, on_behalf_of=on_behalf_of,
           review=publication.review, summary="Sent a report to a member of the public who "
                                              "asked for it",
           data={"request": asked.pk, "publication": publication.pk,
                 "notice": notice.pk if notice else None,
                 "effective_on": responded_on.isoformat()})
    return asked


@transaction.atomic
def decline_request(asked: ReportRequest, *, by: User, reasons: str, responded_on: date,
                    on_behalf_of: User | None = None) -> ReportRequest:
    """Decline a request, with the reasons (required): the person who asked is told them."""
    asked = _answerable(asked, by)
    reasons = _text(reasons, "reasons", "Give the reasons the request is declined: the person "
                                        "who asked is told them.")
    _check_response_date(asked, responded_on)
    _answered(asked, by=by, response=ReportRequest.Response.DECLINED, responded_on=responded_on,
              note=reasons, on_behalf_of=on_behalf_of)
    review = asked.publication.review
    notice = _tell_requester(asked, notices.REQUEST_DECLINED, "declined", by=by, extra={
        # As the anonymised reader sees them: an e-mail carries pseudonyms only.
        "reasons": anonymised(review).redact(reasons)})
    record("on_request.request_declined", actor=by, on_behalf_of=on_behalf_of, review=review,
           summary="Declined a request for a report, with the reasons",
           data={"request": asked.pk, "publication": asked.publication_id,
                 "notice": notice.pk if notice else None,
                 "effective_on": responded_on.isoformat()})
    return asked


def record_request_read(asked: ReportRequest, *, by: User) -> None:
    """The request's page shows a member of the public's name, address and reason: a read."""
    record("on_request.request_viewed", actor=by, review=asked.publication.review,
           summary="Read a request for a report", data={"request": asked.pk})
