"""Every change this app makes, audited, with the effective date and on whose behalf.

* ``send_copies`` — the final report (and, where the publication has one, the document on the
  actions taken) e-mailed to Ofsted, the Department for Education and the National Panel through
  the notices: one ``NationalCopy`` per body. A body already sent the final report that stands
  is refused; a newer final report is a new copy.
* ``retry_copy`` — a copy whose e-mail failed (no address yet) sent again, to the address now set.
* ``record_decision`` — for a learning review, 'near miss' review or other learning activity (not
  inspected by Ofsted): the CSPR subgroup's decision on which bodies get a copy, if any.
* ``record_deposit`` — the report deposited in the national case review repository.
"""

import mimetypes
from datetime import date
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.audit.services import record
from reviewdesk.copies import notices, selectors
from reviewdesk.copies.selectors import ADDRESS_FIELDS, COPY_STAGES, DECIDED_KINDS, labels
from reviewdesk.final_report import actions as final_report_actions
from reviewdesk.notices import actions as notice_actions
from reviewdesk.notices.models import Notice
from reviewdesk.notices.tasks import stored_attachment
from reviewdesk.publication.models import (
    CopiesDecision,
    NationalBody,
    NationalCopy,
    Publication,
    RepositoryDeposit,
)
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review

MAX_REASONS = 5000
MAX_REFERENCE = 200


def _locked(review: Review) -> Review:
    # One change at a time per review: "already sent" reads what the other request wrote.
    return Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)


def _require(by: User, review: Review, permission: Permission, what: str) -> None:
    if not access.can(by, review, permission):
        raise PermissionDenied(f"You may not {what} on this review.")


def _at_copy_stage(review: Review, what: str) -> None:
    if review.stage not in COPY_STAGES:
        raise ValidationError(f"{what} from the publication stage on; this review is at "
                              f"{review.get_stage_display().lower()}.")


def _bodies(bodies: list[str]) -> list[str]:
    chosen = set(bodies)
    unknown = chosen - {b.value for b in NationalBody}
    if unknown:
        raise ValidationError({"bodies": "Choose from Ofsted, the Department for Education and "
                                         "the National Panel."})
    return [b.value for b in NationalBody if b.value in chosen]  # in the page's order


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


# --- Copies ------------------------------------------------------------------------------------

@transaction.atomic
def send_copies(review: Review, *, by: User, bodies: list[str], sent_on: date | None = None,
                on_behalf_of: User | None = None) -> list[NationalCopy]:
    """E-mail the final report that stands to each of ``bodies``, with the document on the
    actions taken where the review's publication has one. Each e-mail is a notice (kept on the
    review's notices page, sent on commit); an address not yet set makes it fail, visibly, to be
    sent again from the copies page once it is."""
    review = _locked(review)
    _require(by, review, Permission.MANAGE_PUBLICATION, "send copies to the national bodies")
    _at_copy_stage(review, "Copies of the final report go to the national bodies")
    final = final_report_actions.current(review)
    if final is None:
        raise ValidationError("There is no final report to send yet: make it on the final "
                              "report's page first.")
    sent_on = sent_on or timezone.localdate()
    check_effective_date(sent_on, not_before=final.produced_on, field="sent_on",
                         what="The date the copies were sent",
                         since="the date of the final report")
    chosen = _bodies(bodies)
    if not chosen:
        raise ValidationError({"bodies": "Choose which national bodies to send the final "
                                         "report to."})
    decision = selectors.latest_decision(review) if review.kind in DECIDED_KINDS else None
    due = selectors.due_bodies(review, decision, asked=True)
    if due is None:
        raise ValidationError(
            f"The CSPR subgroup has not yet decided which national bodies get a copy of this "
            f"{review.get_kind_display().lower()}'s report (it is not subject to inspection by "
            f"Ofsted). Record the subgroup's decision first.")
    not_decided = [b for b in chosen if b not in due]
    if not_decided and decision is not None:
        raise ValidationError({"bodies": (
            f"The CSPR subgroup decided on {_day(decision.decided_on)} that "
            f"{labels(not_decided)} {'does' if len(not_decided) == 1 else 'do'} not get a copy. "
            f"Choose only {labels(due)}, or record a new decision first." if due else
            f"The CSPR subgroup decided on {_day(decision.decided_on)} that no copies go. Record "
            f"a new decision first if that has changed.")})
    already = {c.body: c for c in NationalCopy.objects.filter(review=review, final_report=final)}
    twice = [b for b in chosen if b in already]
    if twice:
        said = "; ".join(f"{labels([b])} already has this final report (sent on "
                         f"{_day(already[b].sent_on)})" for b in twice)
        raise ValidationError({"bodies": said[0].upper() + said[1:] + ". A copy goes again only "
                                         "when a newer final report is made."})
    publication = selectors.current_publication(review)
    attachments = [stored_attachment(final.pdf, f"{review.reference}-final-report.pdf",
                                     "application/pdf")]
    with_actions = bool(publication and publication.actions_document)
    if publication is not None and with_actions:
        suffix = PurePath(publication.actions_document.name or "").suffix.lower() or ".pdf"
        attachments.append(stored_attachment(
            publication.actions_document, f"{review.reference}-actions-taken{suffix}",
            mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"))
    copies = []
    for body in chosen:
        copy = NationalCopy.objects.create(review=review, body=body, final_report=final,
                                           with_actions=with_actions, sent_on=sent_on,
                                           recorded_by=by, on_behalf_of=on_behalf_of)
        notice_actions.queue_from_template(
            review, notices.NATIONAL_COPY, dedupe_key=selectors.notice_key(copy),
            recipient_label=selectors.body_label(body),
            recipients=[getattr(review.partnership, ADDRESS_FIELDS[NationalBody(body)])],
            by=by, purpose=notices.PURPOSE, attachments=attachments,
            extra=_notice_words(final.produced_on, publication, with_actions))
        copies.append(copy)
    words = labels(chosen)
    record_step(
        "copies.sent", review=review, by=by, on_behalf_of=on_behalf_of,
        step=Step(f"Final report sent to {words}", sent_on,
                  detail="With the document on the actions taken." if with_actions
                  else "Without a document on the actions taken."),
        summary=f"Sent the final report to {len(copies)} national bod"
                f"{'y' if len(copies) == 1 else 'ies'}",
        data={"copies": [c.pk for c in copies], "bodies": chosen, "final_report": final.pk,
              "with_actions": with_actions, "effective_on": sent_on.isoformat()})
    return copies


def _notice_words(report_date: date, publication: Publication | None,
                  with_actions: bool) -> dict[str, str]:
    published = ""
    if publication is not None and publication.published_on:
        published = f" It was published on {_day(publication.published_on)}."
    elif publication is not None and publication.scheduled_for:
        published = f" It is to be published on {_day(publication.scheduled_for)}."
    return {"report_date": _day(report_date), "published": published,
            "with_actions": (", with the document on the actions taken in response, their "
                             "impact and what more will be done" if with_actions else ""),
            "with_actions_short": " and the actions taken" if with_actions else ""}


@transaction.atomic
def retry_copy(copy: NationalCopy, *, by: User) -> Notice:
    """Send again a copy whose e-mail failed: to the body's address as set now (a copy sent before
    its address was set has none)."""
    review = _locked(copy.review)
    _require(by, review, Permission.MANAGE_PUBLICATION, "send copies to the national bodies")
    notice = (Notice.objects.select_for_update().filter(dedupe_key=selectors.notice_key(copy))
              .first())
    label = labels([copy.body])
    if notice is None or notice.status != Notice.Status.FAILED:
        raise ValidationError(f"The copy to {label} of {_day(copy.sent_on)} did not fail: "
                              "there is nothing to send again.")
    address = getattr(review.partnership, ADDRESS_FIELDS[NationalBody(copy.body)])
    readdressed = False
    if not notice.recipients:
        if not address:
            raise ValidationError(f"There is still no e-mail address for {label}: add it on the "
                                  "partnership's settings page (where notices are sent), then "
                                  "send the copy again.")
        notice.recipients = [address]
        notice.save(update_fields=["recipients"])
        readdressed = True
    today = timezone.localdate()
    record("copies.copy_resent", actor=by, review=review,
           summary=f"Sent again the copy of the final report to {label}",
           data={"copy": copy.pk, "notice": notice.pk, "body": copy.body,
                 "readdressed": readdressed, "effective_on": today.isoformat()})
    return notice_actions.retry(notice, by=by)


# --- A learning review's decision ----------------------------------------------------------------

@transaction.atomic
def record_decision(review: Review, *, by: User, bodies: list[str], reasons: str,
                    decided_on: date | None = None,
                    on_behalf_of: User | None = None) -> CopiesDecision:
    """For a learning review, 'near miss' review or other learning activity: which national bodies
    the CSPR subgroup decided get a copy (any of them, or none), and why. Recorded by a subgroup
    member on the review, or by the business manager for the subgroup. The latest stands."""
    review = _locked(review)
    if not access.can(by, review, Permission.SIGN_OFF_FOR_SUBGROUP):
        raise PermissionDenied("Only the business manager or the review's subgroup members "
                               "record the subgroup's decision.")
    if review.kind not in DECIDED_KINDS:
        raise ValidationError(
            f"A {review.get_kind_display().lower()}'s final report goes to Ofsted, the "
            "Department for Education and the National Panel: the subgroup decides which copies "
            "go only for learning reviews, 'near miss' reviews and other learning activity.")
    _at_copy_stage(review, "The subgroup decides which copies go")
    decided_on = decided_on or timezone.localdate()
    check_effective_date(decided_on, what="The date of the subgroup's decision",
                         field="decided_on")
    chosen = _bodies(bodies)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": "Give the subgroup's reasons: they are kept with the "
                                          "review."})
    if len(reasons) > MAX_REASONS:
        raise ValidationError({"reasons": "Keep the reasons to 5,000 characters or fewer."})
    decision = CopiesDecision.objects.create(review=review, decided_on=decided_on, bodies=chosen,
                                             reasons=reasons, recorded_by=by,
                                             on_behalf_of=on_behalf_of)
    words = labels(chosen) if chosen else "none of the national bodies"
    record_step("copies.decided", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("CSPR subgroup decided which national bodies get a copy", decided_on,
                          detail=f"Copies go to {words}."),
                summary=f"Recorded the subgroup's decision: copies to {len(chosen)} national "
                        f"bod{'y' if len(chosen) == 1 else 'ies'}",
                data={"decision": decision.pk, "bodies": chosen,
                      "effective_on": decided_on.isoformat()})
    return decision


# --- The national repository -------------------------------------------------------------------

@transaction.atomic
def record_deposit(review: Review, *, by: User, deposited_on: date | None = None,
                   reference: str = "", on_behalf_of: User | None = None) -> RepositoryDeposit:
    """The report deposited in the national case review repository, with its reference there."""
    review = _locked(review)
    _require(by, review, Permission.MANAGE_PUBLICATION, "record the repository deposit")
    _at_copy_stage(review, "The deposit in the national case review repository is recorded")
    deposited_on = deposited_on or timezone.localdate()
    check_effective_date(deposited_on, what="The date it was deposited", field="deposited_on")
    reference = (reference or "").strip()
    if len(reference) > MAX_REFERENCE:
        raise ValidationError({"reference": "Keep the reference to 200 characters or fewer."})
    deposit = RepositoryDeposit.objects.create(review=review, deposited_on=deposited_on,
                                               reference=reference, recorded_by=by,
                                               on_behalf_of=on_behalf_of)
    record_step("copies.deposited", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Report deposited in the national case review repository",
                          deposited_on),
                summary="Recorded the deposit in the national case review repository",
                data={"deposit": deposit.pk, "effective_on": deposited_on.isoformat()})
    return deposit
