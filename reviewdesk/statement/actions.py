"""Every change this app makes, audited, with the effective date and on whose behalf.

* ``generate`` — a new version of the statement, drafted from the plan as it stands (or copied
  from the version before), pseudonyms only; it replaces the version before (kept).
* ``edit`` — the words changed, from the version the page showed (decision 0023). An approved
  version is not changed: a new version is made instead.
* ``check`` — the publication check on the statement's words, its findings kept with it.
* ``approve`` — the check run again and, when it finds nothing, the statement approved and its
  .docx and PDF made. Refused while the check finds anything, listing each finding.
* ``download`` — a file of an approved statement, its download recorded.
* ``put_beside_report`` — the approved statement's PDF put on the review's publication: published
  beside the report on the public page, or (the partnership's choice) only carried with the
  copies to the national bodies.
* ``send_to_national_bodies`` — the approved statement e-mailed to the national bodies that
  already have the final report (copies sent before the statement was ready).
"""

import hashlib
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import User
from reviewdesk.action_plan import documents
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.services import record
from reviewdesk.notices import actions as notice_actions
from reviewdesk.notices.tasks import stored_attachment
from reviewdesk.publication.models import NationalBody, NationalCopy, Publication
from reviewdesk.reviews.actions import check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review
from reviewdesk.statement import drafting, notices, selectors
from reviewdesk.versioning import UNCHECKED, claim, refuse_if_stale

MAX_TEXT = 5000
MAX_HEADING = 300
KINDS = {"docx": "Word document", "pdf": "PDF"}


def _require(by: User, review: Review, permission: Permission, what: str) -> None:
    if not access.can(by, review, permission):
        raise PermissionDenied(f"You may not {what} on this review.")


def _on_behalf_of(by: User, on_behalf_of: User | None) -> User | None:
    if on_behalf_of is None and (context := audit_context.current()) is not None:
        on_behalf_of = context.on_behalf_of
    return None if on_behalf_of is not None and on_behalf_of.pk == by.pk else on_behalf_of


def _locked(review: Review) -> Review:
    # One new version at a time per review: the number is the next after what the other wrote.
    return Review.objects.select_for_update(of=("self",)).select_related("partnership").get(
        pk=review.pk)


def _day(on: date) -> str:
    return f"{on:%-d %B %Y}"


# --- Writing it ----------------------------------------------------------------------------------

@transaction.atomic
def generate(review: Review, *, by: User, copy_of: ActionsStatement | None = None,
             on_behalf_of: User | None = None) -> ActionsStatement:
    """A new version: drafted from the plan as it stands (every action, its status, completion
    and impact evidence; what more will be done from the actions still open), or the words of
    ``copy_of`` to change. Pseudonyms only. The version before is kept, replaced."""
    _require(by, review, Permission.MANAGE_ACTION_PLAN, "write the actions statement")
    review = _locked(review)
    actions = drafting.actions_of(review)
    if copy_of is None and not actions:
        raise ValidationError("There are no agreed actions yet: the statement is drafted from "
                              "them. Agree the actions on the action plan page first.")
    if copy_of is not None:
        if copy_of.review_id != review.pk:
            raise ValidationError("That statement is not this review's.")
        copy_of = ActionsStatement.objects.get(pk=copy_of.pk)  # its words as saved now
    number = (ActionsStatement.objects.filter(review=review).aggregate(n=Max("number"))["n"]
              or 0) + 1
    now = timezone.now()
    ActionsStatement.objects.filter(review=review, replaced_at__isnull=True).update(
        replaced_at=now)
    if copy_of is None:
        made = drafting.draft(review, actions)
        introduction, body, what_more = made.introduction, made.body, made.what_more
    else:
        introduction, body, what_more = copy_of.introduction, copy_of.body, copy_of.what_more
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    statement = ActionsStatement.objects.create(
        review=review, number=number, introduction=introduction, body=body, what_more=what_more,
        recorded_by=by, on_behalf_of=on_behalf_of, changed_by=by, changed_at=now)
    today = timezone.localdate()
    source = f"a copy of version {copy_of.number}" if copy_of else "drafted from the plan"
    record("statement.generated", actor=by, on_behalf_of=on_behalf_of, review=review,
           summary=f"Made version {number} of the actions statement ({source})",
           data={"statement": statement.pk, "number": number,
                 "copy_of": copy_of.pk if copy_of else None, "actions": len(body),
                 "effective_on": today.isoformat()})
    return statement


def _clean(value: str, field: str, errors: dict[str, str], *, required: str,
           limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = f"Keep it to {limit:,} characters or fewer."
    return value


def _not_approved(statement: ActionsStatement, what: str) -> None:
    if statement.approved_at is not None:
        raise ValidationError(
            f"Version {statement.number} was approved on {_day(statement.approved_on or date.min)}"
            f" and is kept as approved: to {what}, make a new version (a copy of it, or drafted "
            "from the plan again).")
    if statement.replaced_at is not None:
        raise ValidationError(f"Version {statement.number} has been replaced by a newer version: "
                              f"{what} on the newest.")


@transaction.atomic
def edit(statement: ActionsStatement, *, by: User, introduction: str, entries: list[dict],
         what_more: str, version: Any = UNCHECKED,
         on_behalf_of: User | None = None) -> ActionsStatement:
    """Change the words: ``entries`` are the actions' entries in order, each with ``heading``,
    ``taken``, ``impact`` and ``more``. The check's earlier result no longer stands."""
    review = statement.review
    _require(by, review, Permission.MANAGE_ACTION_PLAN, "change the actions statement")
    statement = ActionsStatement.objects.select_for_update().get(pk=statement.pk)
    statement.review = review
    _not_approved(statement, "change it")
    errors: dict[str, str] = {}
    introduction = _clean(introduction, "introduction", errors,
                          required="Write the introduction: what the review was and what this "
                                   "document sets out.")
    what_more = _clean(what_more, "what_more", errors,
                       required="Say what more will be done, or that nothing more is needed.")
    if len(entries) != len(statement.body):
        raise ValidationError("The statement changed while you were editing it: open it again.")
    body = []
    for i, (old, new) in enumerate(zip(statement.body, entries, strict=True)):
        entry = {"action": old.get("action")}
        entry["heading"] = _clean(new.get("heading", ""), f"heading_{i}", errors,
                                  required="Give the action a heading, such as 'Action 1: "
                                           "audit the bruising protocol'.", limit=MAX_HEADING)
        for key, words in (("taken", "what has been done"), ("impact", "its impact"),
                           ("more", "what more will be done")):
            entry[key] = _clean(new.get(key, ""), f"{key}_{i}", errors,
                                required=f"Say {words} for this action.")
        body.append(entry)
    if errors:
        raise ValidationError(errors)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    claim(statement, version, thing="this statement", by=by)
    statement.introduction, statement.body, statement.what_more = introduction, body, what_more
    statement.scan = {}
    statement.save(update_fields=["introduction", "body", "what_more", "scan"])
    today = timezone.localdate()
    record("statement.edited", actor=by, on_behalf_of=on_behalf_of, review=review,
           summary=f"Changed version {statement.number} of the actions statement",
           data={"statement": statement.pk, "version": statement.version,
                 "effective_on": today.isoformat()})
    return statement


# --- Checking and approving ----------------------------------------------------------------------

def _run_check(statement: ActionsStatement) -> dict:
    findings = documents.publication_check(statement.review, drafting.text_of(statement))
    return {"findings": findings, "checked_at": timezone.now().isoformat(),
            "version": statement.version}


def _save_scan(statement: ActionsStatement, scan: dict) -> None:
    # Only onto the words it read: an edit saved meanwhile has its own (none yet).
    ActionsStatement.objects.filter(pk=statement.pk, version=scan["version"]).update(scan=scan)
    statement.scan = scan


def check(statement: ActionsStatement, *, by: User) -> list[dict]:
    """Run the publication check on the statement's words (the register, and the model for
    people and places not in it); its findings are kept with this version. Returns them."""
    review = statement.review
    _require(by, review, Permission.MANAGE_ACTION_PLAN, "check the actions statement")
    _not_approved(statement, "check it again")
    scan = _run_check(statement)  # slow (the model): outside the transaction
    with transaction.atomic():
        _save_scan(statement, scan)
        record("statement.checked", actor=by, review=review,
               summary=f"Ran the publication check on version {statement.number} of the actions "
                       f"statement: {len(scan['findings'])} finding(s)",
               data={"statement": statement.pk, "findings": len(scan["findings"]),
                     "effective_on": timezone.localdate().isoformat()})
    return list(scan["findings"])


def finding_words(finding: dict) -> str:
    """'"Kayden" (Introduction): a child's name in the register. Use "Child A".'"""
    out = f"\u201c{finding.get('text', '')}\u201d"
    if finding.get("part"):
        out += f" ({finding['part']})"
    out += f": {finding.get('reason', 'may identify someone')}"
    if finding.get("suggestion"):
        out += f". Use \u201c{finding['suggestion']}\u201d instead"
    return out + "."


def approve(statement: ActionsStatement, *, by: User, approved_on: date | None = None,
            version: Any = UNCHECKED, on_behalf_of: User | None = None) -> ActionsStatement:
    """Approve this version: the publication check is run on its words again and approval is
    refused while it finds anything (each finding listed). Its .docx and PDF are made now."""
    review = statement.review
    _require(by, review, Permission.MANAGE_ACTION_PLAN, "approve the actions statement")
    refuse_if_stale(statement, version, thing="this statement")
    _not_approved(statement, "approve it")
    approved_on = approved_on or timezone.localdate()
    check_effective_date(approved_on, not_before=timezone.localdate(statement.recorded_at),
                         what="The date it was approved", since="when this version was made",
                         field="approved_on")
    scan = _run_check(statement)  # slow (the model): outside the transaction
    findings = scan["findings"]
    approved = not findings
    if approved:
        statement.approved_on = approved_on
        sections = drafting.sections(statement)
        title, subtitle = drafting.title(review), drafting.subtitle(statement)
        docx = documents.to_docx(title, sections, subtitle=subtitle)
        pdf = documents.to_pdf(title, sections, subtitle=subtitle)
    with transaction.atomic():
        locked = ActionsStatement.objects.select_for_update().get(pk=statement.pk)
        locked.review = review
        _not_approved(locked, "approve it")
        _save_scan(statement, scan)
        if approved:
            on_behalf_of = _on_behalf_of(by, on_behalf_of)
            claim(statement, scan["version"], thing="this statement", by=by)
            # Random names on disk: never anything from the case.
            statement.docx.save(secrets.token_hex(16) + ".docx", ContentFile(docx), save=False)
            statement.pdf.save(secrets.token_hex(16) + ".pdf", ContentFile(pdf), save=False)
            statement.approved_at, statement.approved_by = timezone.now(), by
            statement.save(update_fields=["docx", "pdf", "approved_on", "approved_at",
                                          "approved_by"])
            record_step("statement.approved", review=review, by=by, on_behalf_of=on_behalf_of,
                        summary=f"Approved version {statement.number} of the actions statement",
                        step=Step("The statement of actions taken, their impact and what more "
                                  "will be done was approved", approved_on,
                                  detail=f"Version {statement.number}."),
                        data={"statement": statement.pk, "number": statement.number,
                              "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                              "effective_on": approved_on.isoformat()})
        else:
            record("statement.approval_refused", actor=by, review=review,
                   summary=f"Approval of version {statement.number} of the actions statement "
                           f"refused: the publication check found {len(findings)} thing(s)",
                   data={"statement": statement.pk, "findings": len(findings),
                         "effective_on": approved_on.isoformat()})
    if not approved:
        raise ValidationError(
            [f"The publication check found {len(findings)} thing{'s' if len(findings) != 1 else ''}"
             " that may identify someone, so the statement cannot be approved. Change the words "
             "(use the pseudonyms and role labels), then approve it again:",
             *[finding_words(f) for f in findings]])
    return statement


def download(statement: ActionsStatement, kind: str, *, by: User) -> bytes:
    """A file of an approved statement, its download recorded."""
    _require(by, statement.review, Permission.VIEW_ACTION_PLAN, "download the actions statement")
    if kind not in KINDS:
        raise ValidationError("Choose the PDF or the Word document.")
    if statement.approved_at is None:
        raise ValidationError("Only an approved statement has files: approve it first.")
    field = statement.pdf if kind == "pdf" else statement.docx
    try:
        with field.open("rb") as handle:
            data: bytes = handle.read()
    except (FileNotFoundError, ValueError):
        raise ValidationError("The file is no longer in storage: make a new version and approve "
                              "it.") from None
    record("statement.downloaded", actor=by, review=statement.review,
           summary=f"Downloaded the actions statement's {KINDS[kind]} (version "
                   f"{statement.number})",
           data={"statement": statement.pk, "kind": kind})
    return data


# --- Beside the report, and to the national bodies -------------------------------------------------

def _approved_current(statement: ActionsStatement) -> None:
    if statement.approved_at is None:
        raise ValidationError(f"Version {statement.number} is not approved yet: approve it first "
                              "(the publication check must find nothing).")
    if statement.replaced_at is not None:
        raise ValidationError(f"Version {statement.number} has been replaced by a newer version:"
                              " use the newest, approved.")


def _pdf_of(statement: ActionsStatement) -> bytes:
    try:
        with statement.pdf.open("rb") as handle:
            data: bytes = handle.read()
    except (FileNotFoundError, ValueError):
        raise ValidationError("The statement's PDF is no longer in storage: make a new version "
                              "and approve it.") from None
    return data


@transaction.atomic
def put_beside_report(statement: ActionsStatement, *, by: User, public: bool,
                      effective_on: date | None = None,
                      on_behalf_of: User | None = None) -> Publication:
    """Put the approved statement's PDF on the review's publication (scheduled, published or
    available on request), in place of any document on actions taken there before. With
    ``public`` it is published beside the report on the public page (from the day the report is,
    if it is scheduled); without, it only goes with the copies of the report to the national
    bodies."""
    review = statement.review
    _require(by, review, Permission.MANAGE_PUBLICATION, "publish the actions statement")
    _approved_current(statement)
    effective_on = effective_on or timezone.localdate()
    check_effective_date(effective_on, not_before=statement.approved_on,
                         what="The date it was decided", since="when the statement was approved",
                         field="effective_on")
    publication = (Publication.objects.select_for_update(of=("self",))
                   .filter(review=review, state__in=selectors.LIVE_STATES).first())
    if publication is None:
        raise ValidationError(
            "The report is not scheduled or published, so there is nothing to put the statement "
            "beside. Publish or schedule the report on the publication page first; the statement "
            "can still be sent to the national bodies that have the report.")
    data = _pdf_of(statement)
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    publication.actions_document.save(secrets.token_hex(16) + ".pdf", ContentFile(data),
                                      save=False)
    publication.actions_published = public
    publication.save(update_fields=["actions_document", "actions_published", "changed_at"])
    if public:
        where = ("published beside the report on the public page"
                 if publication.state == Publication.State.PUBLISHED else
                 "to be published beside the report when it is published"
                 if publication.state == Publication.State.SCHEDULED else
                 "kept with the report, available on request")
    else:
        where = "kept with the report for the copies to national bodies, not on the public page"
    record_step("statement.put_beside_report", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Put version {statement.number} of the actions statement with the "
                        "published report",
                step=Step("The statement of actions taken was put with the report", effective_on,
                          detail=f"Version {statement.number}, {where}."),
                data={"statement": statement.pk, "publication": publication.pk, "public": public,
                      "pdf_sha256": hashlib.sha256(data).hexdigest(),
                      "effective_on": effective_on.isoformat()})
    return publication


@transaction.atomic
def send_to_national_bodies(statement: ActionsStatement, *, by: User, bodies: list[str],
                            sent_on: date | None = None,
                            on_behalf_of: User | None = None) -> list[str]:
    """E-mail the approved statement's PDF to each of ``bodies``: those that already have the
    final report (its copies went before the statement was ready). Each e-mail is a notice, kept
    on the review's notices page; a body is sent each version once."""
    review = _locked(statement.review)
    statement.review = review
    _require(by, review, Permission.MANAGE_PUBLICATION,
             "send the actions statement to the national bodies")
    _approved_current(statement)
    sent_on = sent_on or timezone.localdate()
    check_effective_date(sent_on, not_before=statement.approved_on, field="sent_on",
                         what="The date it was sent", since="when the statement was approved")
    known = {b.value for b in NationalBody}
    chosen = [b.value for b in NationalBody if b.value in set(bodies)]
    if set(bodies) - known:
        raise ValidationError({"bodies": "Choose from Ofsted, the Department for Education and "
                                         "the National Panel."})
    if not chosen:
        raise ValidationError({"bodies": "Choose which national bodies to send the statement "
                                         "to."})
    have_report = set(NationalCopy.objects.filter(review=review).values_list("body", flat=True))
    without = [b for b in chosen if b not in have_report]
    if without:
        raise ValidationError({"bodies": (
            f"{selectors.labels(without)[0].upper()}{selectors.labels(without)[1:]} "
            f"{'has' if len(without) == 1 else 'have'} not been sent the final report yet. Put "
            "the statement with the report (so it goes with the copies), then send the copies "
            "from the copies page.")})
    already = selectors.sent_bodies(statement)
    twice = [b for b in chosen if b in already]
    if twice:
        raise ValidationError({"bodies": (
            f"Version {statement.number} has already been sent to {selectors.labels(twice)}. A "
            "body is sent each version once: make and approve a new version to send again.")})
    on_behalf_of = _on_behalf_of(by, on_behalf_of)
    attachment = stored_attachment(statement.pdf, f"{review.reference}-actions-taken-v"
                                                  f"{statement.number}.pdf", "application/pdf")
    for body in chosen:
        notice_actions.queue_from_template(
            review, notices.STATEMENT_COPY, dedupe_key=selectors.notice_key(statement, body),
            recipient_label=selectors.body_label(body),
            recipients=[getattr(review.partnership, selectors.ADDRESS_FIELDS[body])],
            by=by, purpose=notices.PURPOSE, attachments=[attachment],
            extra={"approved_on": _day(statement.approved_on or sent_on),
                   "statement_version": str(statement.number)})
    words = selectors.labels(chosen)
    record_step("statement.sent", review=review, by=by, on_behalf_of=on_behalf_of,
                summary=f"Sent version {statement.number} of the actions statement to "
                        f"{len(chosen)} national bod{'y' if len(chosen) == 1 else 'ies'}",
                step=Step(f"The statement of actions taken was sent to {words}", sent_on,
                          detail=f"Version {statement.number}."),
                data={"statement": statement.pk, "bodies": chosen,
                      "effective_on": sent_on.isoformat()})
    return chosen
