"""Every change commissioning makes: one transaction each, a timeline entry where the review's
history should show it, and an audit event with a stable code and no names in its summary.

``by`` is the signed-in person typing; ``on_behalf_of`` the named person whose act it is (an
agency's records manager, the subgroup's chair), when they differ.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.actions import invite_person
from reviewdesk.accounts.models import Agency, Partnership, User
from reviewdesk.audit.services import record
from reviewdesk.commissioning import rules, scope
from reviewdesk.commissioning.models import (
    CaseFileCheck,
    ChronologyAuthor,
    LeadReviewerAppointment,
    NotNotified,
    Reviewer,
    TermsOfReference,
    TermsOfReferenceShare,
)
from reviewdesk.notices.actions import queue_from_template
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.actions import add_member, check_effective_date
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole, TimelineEntry
from reviewdesk.reviews.names import Names, anonymised
from reviewdesk.versioning import (
    UNCHECKED,
    StaleEdit,
    bump,
    claim,
    missing_message,
    stale_message,
)

NOTE = TimelineEntry.Kind.NOTE


def _locked(review: Review) -> Review:
    """The review as stored, locked: two presses of a button are handled one after the other."""
    return Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)


# --- Partnership settings ----------------------------------------------------------------------

STATUTORY_FIELDS = ["panel_email", "ofsted_email", "dfe_email"]


def addresses_version(partnership: Partnership, agencies: list[Agency]) -> str:
    """The version of everything the notice addresses page shows: the partnership's and each
    agency's (an agency's e-mail is also changed on its own page)."""
    return f"{partnership.version}:" + ",".join(f"{a.pk}.{a.version}"
                                                  for a in sorted(agencies, key=lambda a: a.pk))


@transaction.atomic
def save_notice_addresses(partnership: Partnership, *, by: User, panel_email: str,
                          ofsted_email: str, dfe_email: str, agency_emails: dict[int, str],
                          version: str | None = UNCHECKED) -> Partnership:
    """Where statutory notices go: the Panel, Ofsted, the DfE and each agency's safeguarding
    inbox. A commissioning notice that failed for want of an address gets the new one, ready to
    retry from the notices page.

    ``version`` is ``addresses_version`` as the page showed it: saved from an older one, the
    page is refused (``StaleEdit``, decision 0023)."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    shown = list(Agency.objects.select_for_update().filter(partnership=partnership))
    seen = partnership.version
    if version is not UNCHECKED and version != addresses_version(partnership, shown):
        dated = [r for r in (partnership, *shown) if r.changed_at]
        latest = max(dated, key=lambda r: r.changed_at) if dated else partnership
        raise StaleEdit(missing_message("where notices are sent") if not version
                        else stale_message(latest, "where notices are sent"), partnership)
    claim(partnership, seen, thing="where notices are sent", by=by)
    new = {"panel_email": panel_email, "ofsted_email": ofsted_email, "dfe_email": dfe_email}
    changed = [f for f in STATUTORY_FIELDS if getattr(partnership, f) != new[f].strip().lower()]
    for name in STATUTORY_FIELDS:
        setattr(partnership, name, new[name].strip().lower())
    partnership.save(update_fields=STATUTORY_FIELDS)
    agencies_changed = []
    for agency in Agency.objects.filter(partnership=partnership, pk__in=agency_emails):
        email = agency_emails[agency.pk].strip().lower()
        if agency.email != email:
            agency.email = email
            agency.save(update_fields=["email"])
            bump(agency, by=by)  # its own change page, opened before, is refused
            agencies_changed.append(agency.pk)
    readdressed = _readdress_failed_notices(partnership)
    record("commissioning.notice_addresses_changed", actor=by, partnership_id=partnership.pk,
           summary="Changed where statutory notices are sent",
           data={"fields": changed, "agencies": agencies_changed, "readdressed": readdressed})
    return partnership


def _readdress_failed_notices(partnership: Partnership) -> list[int]:
    failed = Notice.objects.filter(partnership=partnership, purpose=rules.NOTICE_PURPOSE,
                                   status=Notice.Status.FAILED).select_related("review")
    agencies = {a.pk: a for a in Agency.objects.filter(partnership=partnership)}
    fixed = []
    for notice in failed:
        if notice.recipients or notice.review is None:
            continue
        kind_and_agency = notice.dedupe_key.split(":")[2:]
        email = ""
        if kind_and_agency[0] == "agency" and len(kind_and_agency) == 2:
            agency = agencies.get(int(kind_and_agency[1]))
            email = agency.email if agency else ""
        else:
            field = {k: f for k, _t, _l, f in rules.STATUTORY}.get(kind_and_agency[0])
            email = getattr(partnership, field) if field else ""
        if email:
            notice.recipients = [email]
            notice.save(update_fields=["recipients"])
            fixed.append(notice.pk)
    return fixed


# --- Commissioning notices -------------------------------------------------------------------

def _decided_on(review: Review) -> str:
    return f"{review.initiated_on:%-d %B %Y}" if review.initiated_on else "recently"


def queue_commissioning_notices(review: Review, recipients: list[rules.Recipient], *,
                                by: User) -> list[Notice]:
    """Queue one notice per recipient from its template (the worker sends them on commit)."""
    queued = []
    for r in recipients:
        notice = queue_from_template(
            review, r.template_key, dedupe_key=r.dedupe_key, recipient_label=r.label,
            recipients=r.emails, by=by, purpose=rules.NOTICE_PURPOSE,
            extra={"decided_on": _decided_on(review)})
        if notice is not None:
            queued.append(notice)
    return queued


@transaction.atomic
def send_commissioning_notices(review: Review, *, by: User) -> list[Notice]:
    """The one action that alerts every partner agency involved, Ofsted, the Department for
    Education and the National Panel, from the partnership's templates. Each recipient is
    alerted once: pressing it again sends only to those never sent to (an agency added since)."""
    review = _locked(review)
    if review.stage not in rules.COMMISSIONING_STAGES:
        raise ValidationError("Commissioning notices are sent at commissioning or set-up; this "
                              f"review is at {rules.stage_words(review)}.")
    recipients = rules.commissioning_recipients(review)
    sent_keys = set(Notice.objects.filter(dedupe_key__in=[r.dedupe_key for r in recipients])
                    .values_list("dedupe_key", flat=True))
    to_send = [r for r in recipients if r.dedupe_key not in sent_keys]
    if not to_send:
        raise ValidationError("Every commissioning notice has already been sent: see the notices "
                              "page for their delivery.")
    queued = queue_commissioning_notices(review, to_send, by=by)
    ensure_checklist(review, by=by)
    record_step("commissioning.notices_sent", review=review, by=by,
                step=Step("Commissioning notices sent", timezone.localdate(),
                          detail="To: " + ", ".join(n.recipient_label for n in queued) + "."),
                summary=f"Sent {len(queued)} commissioning notice(s)",
                data={"notices": [n.pk for n in queued],
                      "recipients": [r.kind for r in to_send]})
    return queued


@transaction.atomic
def record_not_notified(review: Review, *, by: User, reason: str, agreed_on: date,
                        on_behalf_of: User | None = None) -> NotNotified:
    """For a learning review or other learning activity: the partners agreed, case by case, not
    to send the commissioning notices. The case files are still secured."""
    review = _locked(review)
    if review.stage not in rules.COMMISSIONING_STAGES:
        raise ValidationError("This is recorded at commissioning or set-up; this review is at "
                              f"{rules.stage_words(review)}.")
    if review.kind not in rules.NOTICES_CASE_BY_CASE:
        raise ValidationError(f"For a {ReviewKind(review.kind).label.lower()} the commissioning "
                              "notices are required: send them instead.")
    if NotNotified.objects.filter(review=review).exists():
        raise ValidationError("It is already recorded that the partners were not notified.")
    if review.notices.filter(purpose=rules.NOTICE_PURPOSE).exists():
        raise ValidationError("The commissioning notices have already been sent for this review: "
                              "see the notices page.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the partners were not notified: it is kept on "
                               "the review."})
    check_effective_date(agreed_on, field="agreed_on", what="The date it was agreed",
                         not_before=review.initiated_on)
    waiver = NotNotified.objects.create(review=review, reason=reason.strip(), agreed_on=agreed_on,
                                        recorded_by=by, on_behalf_of=on_behalf_of)
    ensure_checklist(review, by=by)
    record_step("commissioning.not_notified_recorded", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step("Partners not notified: agreed case by case", agreed_on, detail=waiver.reason),
                summary="Recorded that partners were not notified (agreed case by case)",
                data={"not_notified": waiver.pk, "agreed_on": agreed_on.isoformat()})
    return waiver


# --- Case files ----------------------------------------------------------------------------------

def ensure_checklist(review: Review, *, by: User) -> list[CaseFileCheck]:
    have = set(review.case_file_checks.values_list("agency_id", flat=True))
    new = [CaseFileCheck(review=review, agency=a, created_by=by)
           for a in rules.involved_agencies(review) if a.pk not in have]
    if not new:
        return []
    created = CaseFileCheck.objects.bulk_create(new)
    record_step("commissioning.case_file_checklist_created", review=review, by=by,
                step=Step("Case-file checklist: agencies asked to secure their files",
                          timezone.localdate(), detail=", ".join(c.agency.name for c in created) + "."),
                summary=f"Added {len(created)} agency line(s) to the case-file checklist",
                data={"agencies": [c.agency_id for c in created]})
    return created


@transaction.atomic
def create_case_file_checklist(review: Review, *, by: User) -> list[CaseFileCheck]:
    """A line for every agency involved that has none yet (another case may add agencies)."""
    review = _locked(review)
    rules.require_commissioned(review, "The case-file checklist is kept")
    created = ensure_checklist(review, by=by)
    if not created:
        raise ValidationError("Every agency involved already has a line on the checklist.")
    return created


@transaction.atomic
def confirm_case_files(line: CaseFileCheck, *, by: User, confirmed_on: date, records_held: str,
                       copy_made: bool | None, confirmed_by: User | None = None,
                       confirmed_by_name: str = "", confirmed_by_role: str = "",
                       on_behalf_of: User | None = None) -> CaseFileCheck:
    """An agency confirms its case files are secured: who, when, where, and whether a copy was
    made because work with the family continues. A later entry corrects an earlier one."""
    line = CaseFileCheck.objects.select_for_update().select_related("review", "agency").get(
        pk=line.pk)
    review = line.review
    rules.require_commissioned(review, "Case files are confirmed")
    errors: dict[str, str] = {}
    if confirmed_by is None and not confirmed_by_name.strip():
        errors["confirmed_by_name"] = ("Say who confirmed it: choose them, or type their name "
                                       "and role.")
    if confirmed_by is not None and confirmed_by.partnership_id != review.partnership_id:
        errors["confirmed_by"] = "Choose someone from this partnership."
    if not records_held.strip():
        errors["records_held"] = "Say where the records are held."
    if copy_made is None:
        errors["copy_made"] = ("Say whether a copy was made because work with the family "
                               "continues.")
    if errors:
        raise ValidationError(errors)
    check_effective_date(confirmed_on, field="confirmed_on", what="The date the files were secured")
    correcting = line.is_confirmed
    line.confirmed_by = confirmed_by
    line.confirmed_by_name = "" if confirmed_by else confirmed_by_name.strip()
    line.confirmed_by_role = confirmed_by_role.strip()
    line.confirmed_on, line.records_held, line.copy_made = confirmed_on, records_held.strip(), copy_made
    line.recorded_by, line.on_behalf_of, line.recorded_at = by, on_behalf_of, timezone.now()
    line.save()
    title = (f"Case files secured: {line.agency.name}" if not correcting
             else f"Case files: {line.agency.name}'s confirmation corrected")
    record_step("commissioning.case_files_corrected" if correcting
           else "commissioning.case_files_confirmed",
                review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(title, confirmed_on,
                          detail="A copy was made because work with the family continues." if copy_made
                          else ""),
                summary="Corrected an agency's case-file confirmation" if correcting
                        else "Recorded that an agency's case files are secured",
                data={"line": line.pk, "agency": line.agency_id, "confirmed_by": line.confirmed_by_id,
                      "confirmed_on": confirmed_on.isoformat(), "copy_made": copy_made})
    return line


# --- Reviewers -------------------------------------------------------------------------------

@transaction.atomic
def add_reviewer(partnership: Partnership, *, by: User, full_name: str, email: str,
                 organisation: str = "", expertise: str = "") -> Reviewer:
    """Add an independent reviewer to the partnership's register. Someone without a sign-in is
    invited (no partnership role: they see a review only once appointed to it)."""
    email = email.strip().lower()
    if Reviewer.objects.filter(partnership=partnership, email__iexact=email).exists():
        raise ValidationError({"email": "A reviewer with this e-mail address is already on the "
                               "register."})
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        user = invite_person(partnership, by=by, email=email, full_name=full_name,
                             job_title="Independent reviewer", role="")
    elif user.partnership_id not in (None, partnership.pk):
        raise ValidationError({"email": "This address belongs to someone in another partnership: "
                               "use a different address for this partnership."})
    elif Reviewer.objects.filter(user=user).exists():
        raise ValidationError({"email": "This person is already on a reviewer register."})
    reviewer = Reviewer.objects.create(
        partnership=partnership, full_name=full_name.strip(), email=email,
        organisation=organisation.strip(), expertise=expertise.strip(), user=user)
    record("commissioning.reviewer_added", actor=by, partnership_id=partnership.pk,
           summary="Added a reviewer to the register",
           data={"reviewer": reviewer.pk, "person": user.pk, "invited": invited})
    return reviewer


@transaction.atomic
def change_reviewer(reviewer: Reviewer, *, by: User, full_name: str, organisation: str,
                    expertise: str, is_active: bool,
                    version: int | None = UNCHECKED) -> Reviewer:
    """Change a reviewer on the register, from the ``version`` its page showed, else refused
    (``StaleEdit``, decision 0023)."""
    claim(reviewer, version, thing="this reviewer", by=by)
    values = {"full_name": full_name.strip(), "organisation": organisation.strip(),
              "expertise": expertise.strip(), "is_active": is_active}
    changed = [k for k, v in values.items() if getattr(reviewer, k) != v]
    for name, value in values.items():
        setattr(reviewer, name, value)
    reviewer.save()
    record("commissioning.reviewer_changed", actor=by, partnership_id=reviewer.partnership_id,
           summary="Changed a reviewer on the register",
           data={"reviewer": reviewer.pk, "fields": changed})
    return reviewer


@transaction.atomic
def appoint_lead_reviewer(review: Review, reviewer: Reviewer, *, by: User, appointed_on: date,
                          conflict: str, conflict_details: str = "",
                          conflict_accepted: bool = False, acceptance_reason: str = "",
                          on_behalf_of: User | None = None) -> LeadReviewerAppointment:
    """Appoint a lead reviewer, with their conflict-of-interest declaration. They join the review
    as its lead reviewer, and only then can they see it. Several may be appointed."""
    review = _locked(review)
    if review.stage not in rules.COMMISSIONING_STAGES:
        raise ValidationError("Lead reviewers are appointed at commissioning or set-up; this "
                              f"review is at {rules.stage_words(review)}.")
    if reviewer.partnership_id != review.partnership_id or not reviewer.is_active:
        raise ValidationError({"reviewer": "Choose an active reviewer from the register."})
    if LeadReviewerAppointment.objects.filter(review=review, reviewer=reviewer,
                                              membership__ended_at__isnull=True).exists():
        raise ValidationError({"reviewer": "This reviewer is already appointed to this review."})
    errors: dict[str, str] = {}
    if conflict not in LeadReviewerAppointment.Conflict.values:
        errors["conflict"] = "Say whether the reviewer declared a conflict of interest."
    elif conflict == LeadReviewerAppointment.Conflict.DECLARED:
        if not conflict_details.strip():
            errors["conflict_details"] = "Describe the possible conflict of interest."
        if not conflict_accepted:
            errors["conflict_accepted"] = ("Confirm the conflict is acceptable, or appoint "
                                           "someone else.")
        if not acceptance_reason.strip():
            errors["acceptance_reason"] = "Say why the conflict is acceptable."
    if errors:
        raise ValidationError(errors)
    check_effective_date(appointed_on, field="appointed_on", what="The date of the appointment",
                         not_before=review.initiated_on)
    by_panel = review.kind == ReviewKind.NATIONAL
    membership = review.memberships.filter(person=reviewer.user, role=ReviewRole.LEAD_REVIEWER,
                                           ended_at__isnull=True).first()
    if membership is None:
        membership = add_member(review, reviewer.user, ReviewRole.LEAD_REVIEWER, by=by,
                                started_on=appointed_on,
                                role_title="External Reviewer" if by_panel else "")
    declared = conflict == LeadReviewerAppointment.Conflict.DECLARED
    appointment = LeadReviewerAppointment.objects.create(
        review=review, reviewer=reviewer, membership=membership, appointed_on=appointed_on,
        by_panel=by_panel, conflict=conflict,
        conflict_details=conflict_details.strip() if declared else "",
        acceptance_reason=acceptance_reason.strip() if declared else "",
        recorded_by=by, on_behalf_of=on_behalf_of)
    title = ("External reviewer appointed by the Panel recorded" if by_panel
             else "Lead reviewer appointed")
    record_step("commissioning.lead_reviewer_appointed", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(title, appointed_on, subject=membership.identity,
                          detail="A possible conflict of interest was declared and accepted by the business "
                          "manager." if declared else "No conflict of interest declared."),
                summary="Recorded the external reviewer appointed by the Panel"
                        if by_panel else "Appointed a lead reviewer",
                data={"appointment": appointment.pk, "reviewer": reviewer.pk,
                      "person": reviewer.user_id, "conflict": conflict, "by_panel": by_panel})
    return appointment


# --- Terms of reference ----------------------------------------------------------------------

PERIOD_IN_FUTURE = ("The end of the period under review cannot be in the future: enter today's "
                    "date or an earlier one.")


@transaction.atomic
def save_terms_of_reference(review: Review, *, by: User, period_from: date, period_to: date,
                            lines_of_enquiry: str, agencies: list[Agency], methodology: str,
                            scope_notes: str = "", drafted_on: date | None = None,
                            based_on: int | None = UNCHECKED) -> TermsOfReference:
    """Save the terms of reference as a new draft version (the earlier ones are kept).
    ``drafted_on``: the day it was drafted, for the timeline (today unless earlier: terms of
    reference drafted before Review Desk, recorded by an import); never before the decision.

    ``based_on`` is the number of the version the form started from (0: none yet). A form
    started from an older version would drop someone else's newer one, so it is refused
    (``StaleEdit``, decision 0023); the review's row lock orders two saves."""
    review = _locked(review)
    rules.require_commissioned(review, "The terms of reference are drafted")
    drafted_on = drafted_on or timezone.localdate()
    check_effective_date(drafted_on, field="drafted_on", what="The date it was drafted",
                         not_before=review.initiated_on,
                         since="when the partners decided to hold the review")
    errors: dict[str, str] = {}
    if period_to and period_to > timezone.localdate():
        errors["period_to"] = PERIOD_IN_FUTURE
    elif period_from and period_to and period_to < period_from:
        errors["period_to"] = "The end of the period under review must be on or after its start."
    if not lines_of_enquiry.strip():
        errors["lines_of_enquiry"] = "Enter the key lines of enquiry."
    if not agencies:
        errors["agencies"] = "Choose the agencies in scope."
    elif any(a.partnership_id != review.partnership_id for a in agencies):
        errors["agencies"] = "Choose agencies from this partnership."
    if not methodology.strip():
        errors["methodology"] = "Say how the review will be done, for example a systems approach."
    if errors:
        raise ValidationError(errors)
    latest = scope.latest_version(review)
    if based_on is not UNCHECKED and latest is not None and based_on != latest.number:
        raise StaleEdit(missing_message("these terms of reference") if based_on is None
                        else stale_message(latest, "these terms of reference",
                                           name_of=Names(review, by).user), latest)
    values = {"period_from": period_from, "period_to": period_to,
              "lines_of_enquiry": lines_of_enquiry, "agencies": agencies,
              "methodology": methodology, "scope_notes": scope_notes}
    changed = scope.changed_fields(values, latest)
    if latest is not None and not changed:
        raise ValidationError(f"Nothing has changed since version {latest.number}: change "
                              "something before saving a new version.")
    version = TermsOfReference.objects.create(
        review=review, number=(latest.number + 1) if latest else 1, period_from=period_from,
        period_to=period_to, lines_of_enquiry=lines_of_enquiry.strip(),
        methodology=methodology.strip(), scope_notes=scope_notes.strip(), created_by=by)
    version.agencies.set(agencies)
    record_step("commissioning.tor_version_saved", review=review, by=by,
                step=Step(f"Terms of reference: version {version.number} drafted", drafted_on,
                          detail=("Changed: " + ", ".join(changed) + ".") if changed else ""),
                summary=f"Saved version {version.number} of the terms of reference",
                data={"version": version.pk, "number": version.number, "changed": changed})
    return version


@transaction.atomic
def approve_terms_of_reference(version: TermsOfReference, *, by: User, approved_on: date,
                               on_behalf_of: User | None = None, note: str = "") -> TermsOfReference:
    """The business manager approves a version as a whole, on behalf of the subgroup."""
    review = _locked(version.review)
    version = TermsOfReference.objects.select_for_update().get(pk=version.pk)
    rules.require_commissioned(review, "The terms of reference are approved")
    if version.is_approved:
        raise ValidationError(f"Version {version.number} is already approved.")
    latest = scope.latest_version(review)
    if latest is not None and latest.pk != version.pk:
        raise ValidationError(f"Version {version.number} has been replaced by version "
                              f"{latest.number}: approve the latest version.")
    check_effective_date(approved_on, field="approved_on", what="The date it was approved",
                         not_before=review.initiated_on)
    version.status = TermsOfReference.Status.APPROVED
    version.approved_on, version.approved_at = approved_on, timezone.now()
    version.approved_by, version.approved_on_behalf_of = by, on_behalf_of
    version.approval_note = note.strip()
    version.save()
    record_step("commissioning.tor_approved", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"Terms of reference: version {version.number} approved", approved_on,
                          detail=version.approval_note),
                summary=f"Approved version {version.number} of the terms of reference",
                data={"version": version.pk, "number": version.number,
                      "approved_on": approved_on.isoformat()})
    return version


def terms_of_reference_url(review: Review) -> str:
    return settings.SITE_URL + reverse("commissioning:terms_of_reference", args=[review.uuid])


@transaction.atomic
def share_terms_of_reference(version: TermsOfReference, *, by: User,
                             send_notices: bool = True,
                             shared_on: date | None = None) -> list[TermsOfReferenceShare]:
    """Share the approved version with the staff involved who have not had it: each gets a notice
    with a link (no names in it), and each sharing is logged. Without ``send_notices`` (terms of
    reference shared before Review Desk, recorded by an import) the staff can read it in Review
    Desk but nobody is e-mailed. ``shared_on``: the day it was shared, for the timeline (today
    unless earlier); never before the approval."""
    review = _locked(version.review)
    rules.require_commissioned(review, "The terms of reference are shared")
    current = scope.approved_version(review)
    if current is None or current.pk != version.pk:
        raise ValidationError("Only the approved version in force can be shared" + (
            f": that is version {current.number}." if current else "; approve a version first."))
    shared_on = shared_on or timezone.localdate()
    check_effective_date(shared_on, field="shared_on", what="The date it was shared",
                         not_before=version.approved_on,
                         since=f"when version {version.number} was approved")
    staff = rules.staff_involved(review)
    if not staff:
        raise ValidationError("Add the practitioners and agency authors to the review team "
                              "first: there is nobody to share the terms of reference with.")
    already = set(version.shares.values_list("person_id", flat=True))
    to_share = [p for p in staff if p.pk not in already]
    if not to_share:
        raise ValidationError(f"Everyone involved already has version {version.number}.")
    public = anonymised(review)
    shares = []
    for person in to_share:
        notice = queue_from_template(
            review, "tor_shared", dedupe_key=f"tor-share:{version.pk}:{person.pk}",
            recipient_label=public.user(person), recipients=[person.email], by=by,
            purpose="terms_of_reference",
            extra={"version": version.number, "link": terms_of_reference_url(review)},
        ) if send_notices else None
        shares.append(TermsOfReferenceShare.objects.create(version=version, person=person,
                                                           shared_by=by, notice=notice))
    record_step("commissioning.tor_shared", review=review, by=by,
                step=Step(f"Terms of reference: version {version.number} shared with the staff "
                          "involved",
                          shared_on,
                          detail=f"Sent to {len(shares)} {'person' if len(shares) == 1 else 'people'}."
                          if send_notices else f"Readable in Review Desk by {len(shares)} "
                          f"{'person' if len(shares) == 1 else 'people'}; shared before Review Desk, so no "
                          "e-mail was sent."),
                summary=f"Shared version {version.number} of the terms of reference with "
                        f"{len(shares)} member(s) of staff",
                data={"version": version.pk, "number": version.number,
                      "people": [s.person_id for s in shares], "notices_sent": send_notices})
    return shares


# --- Chronology authors ------------------------------------------------------------------------

@transaction.atomic
def name_chronology_author(review: Review, agency: Agency, *, by: User, person: User,
                           due_on: date, named_on: date,
                           on_behalf_of: User | None = None) -> ChronologyAuthor:
    """The professional an agency names to write its chronology, and when it is due. They join
    the review as an agency author if they are not one already. Naming someone else replaces
    the agency's author (the earlier one stays on the team until removed)."""
    review = _locked(review)
    rules.require_commissioned(review, "Chronology authors are named")
    if agency.partnership_id != review.partnership_id:
        raise ValidationError("Choose an agency from this partnership.")
    if person.agency_id != agency.pk:
        raise ValidationError({"person": f"Choose someone from {agency.name}."})
    if not person.is_active:
        raise ValidationError({"person": "This person's access has been deactivated: reactivate "
                               "them first."})
    check_effective_date(named_on, field="named_on", what="The date they were named",
                         not_before=review.initiated_on)
    if due_on < named_on:
        raise ValidationError({"due_on": "The chronology cannot be due before the author was "
                               "named."})
    membership = review.memberships.filter(person=person, role=ReviewRole.AGENCY_AUTHOR,
                                           ended_at__isnull=True).first()
    if membership is None:
        membership = add_member(review, person, ReviewRole.AGENCY_AUTHOR, by=by,
                                started_on=named_on, agency=agency)
    author = ChronologyAuthor.objects.filter(review=review, agency=agency).first()
    previous = author.person_id if author else None
    if author is None:
        author = ChronologyAuthor(review=review, agency=agency)
    author.person, author.due_on, author.named_on = person, due_on, named_on
    author.recorded_by, author.on_behalf_of = by, on_behalf_of
    author.save()
    record_step("commissioning.chronology_author_named", review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(f"Chronology author named: {agency.name}", named_on,
                          subject=membership.identity, detail=f"The chronology is due {due_on:%-d %B %Y}."),
                summary="Named an agency's chronology author",
                data={"author": author.pk, "agency": agency.pk, "person": person.pk,
                      "previous": previous, "due_on": due_on.isoformat()})
    return author
