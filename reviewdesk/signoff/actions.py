"""Every change the sign-off makes: one transaction each, with its timeline entry and audit event
(summaries hold version numbers and counts, never a name or typed text), the date it took effect
and, where the business unit types it for someone, on whose behalf.

The guide's order (docs/decisions/0058): the CSPR subgroup signs off a version (the business
manager records the meeting's sign-off, or each of the review's subgroup members signs it off);
then the Executive Group signs off the same version and, as a separate decision, agrees to
publication or not; then each safeguarding partner approves it. Only the latest version is signed
off; a new version withdraws every approval of earlier ones (``withdraw_earlier_approvals``).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reviewdesk import access
from reviewdesk.access import Permission
from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.reports.models import Approval, DraftFinding, PublicationIntent, ReportVersion
from reviewdesk.reviews.actions import check_effective_date, mark_clock_met
from reviewdesk.reviews.history import Step, record_step
from reviewdesk.reviews.models import Clock, Review, ReviewRole, Stage, TimelineEntry
from reviewdesk.reviews.names import Names
from reviewdesk.signoff import selectors
from reviewdesk.signoff.checks import checklist_blocking_items
from reviewdesk.versioning import UNCHECKED, claim

S = Approval.Step
MAX_REASONS = 5000


def _lock(review: Review) -> Review:
    # One sign-off at a time per review: the "every member has signed" and "last approval"
    # checks read what the others wrote.
    return Review.objects.select_for_update().get(pk=review.pk)


def _standing(version: ReportVersion) -> list[Approval]:
    return list(Approval.objects.filter(version=version, withdrawn_at__isnull=True))


def _check_version(review: Review, version: ReportVersion) -> None:
    """Only the latest version of a review at the report stage is signed off, and only once its
    open identifying findings and its checklist's open items are dealt with."""
    if review.stage != Stage.REPORT:
        raise ValidationError(f"The report is signed off at the report stage; this review is at "
                              f"{review.get_stage_display().lower()}.")
    latest = selectors.latest_version(review)
    if latest is None or version.review_id != review.pk:
        raise ValidationError("There is no version of the report to sign off yet.")
    if latest.pk != version.pk:
        raise ValidationError(f"Version {version.number} is no longer the latest: version "
                              f"{latest.number} has arrived since. Sign off version "
                              f"{latest.number}.")
    blockers = blocking(version)
    if blockers:
        raise ValidationError(blockers)


def blocking(version: ReportVersion) -> list[str]:
    """Why the version cannot be signed off yet: open identifying findings (the report must be
    publishable without redaction) and checklist items failed and not accepted."""
    problems = []
    if version.draft_check_id is not None:
        open_findings = DraftFinding.objects.visible().filter(
            draft_check_id=version.draft_check_id).count()
        if open_findings:
            problems.append(
                f"Version {version.number}'s publication check has {open_findings} identifying "
                f"finding{'' if open_findings == 1 else 's'} still open: the lead reviewer "
                "corrects them in a new version, or they are marked as false alarms.")
    items = checklist_blocking_items(version)
    if items:
        problems.append(
            f"Version {version.number}'s checklist has {len(items)} item"
            f"{'' if len(items) == 1 else 's'} not met: {'; '.join(items)}. The lead reviewer "
            "deals with them in a new version, or the business manager records why each is "
            "accepted as it is.")
    return problems


def _check_date(decided_on: date, version: ReportVersion, *, after: Approval | None = None,
                what: str) -> None:
    not_before, since = version.written_on, f"the date of version {version.number}"
    if after is not None and after.decided_on > not_before:
        not_before, since = after.decided_on, f"the date of the {after.get_step_display()}"
    check_effective_date(decided_on, not_before=not_before, what=what, since=since,
                         field="decided_on")


def _reasons(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_REASONS:
        raise ValidationError({"reasons": f"Keep it to {MAX_REASONS:,} characters or fewer."})
    return text


def _record(version: ReportVersion, *, by: User, step: str, decided_on: date, event: str,
            title: str, summary: str, approver: User | None = None, partner_for: str = "",
            agrees: bool = True, reasons: str = "", on_behalf_of: User | None = None) -> Approval:
    review = version.review
    approval = Approval.objects.create(
        review=review, version=version, step=step, partner_for=partner_for, approver=approver,
        decided_on=decided_on, agrees=agrees, reasons=reasons, recorded_by=by,
        on_behalf_of=on_behalf_of)
    record_step(event, review=review, by=by, on_behalf_of=on_behalf_of,
                step=Step(title, decided_on), summary=summary,
                data={"approval": approval.pk, "version": version.pk, "number": version.number,
                      "step": step, "partner_for": partner_for, "agrees": agrees,
                      "approver": approver.pk if approver else None,
                      "effective_on": decided_on.isoformat()})
    review.__dict__.pop("_subgroup_signed_off", None)  # access's per-request cache
    return approval


def _complete_if_approved(review: Review, *, by: User) -> None:
    """The date of the last required approval of the final version completes the review: its
    six-month clock is met on that date (the action plan's six-month figures read it)."""
    state = selectors.approval_state(review)
    clock = selectors.completion_clock(review)
    if state.approved_on is None or clock is None or clock.met_on:
        return
    mark_clock_met(clock, by=by, met_on=state.approved_on)


# --- The CSPR subgroup ----------------------------------------------------------------------

@transaction.atomic
def record_subgroup_sign_off(version: ReportVersion, *, by: User, decided_on: date,
                             reasons: str = "") -> Approval:
    """The business manager records the subgroup's sign-off at its meeting of ``decided_on``."""
    review = _lock(version.review)
    version.review = review
    if not access.can(by, review, Permission.MANAGE_REPORT):
        raise PermissionDenied("Only the business manager records the subgroup meeting's "
                               "sign-off; subgroup members sign off in their own name.")
    _check_version(review, version)
    if any(a.step == S.SUBGROUP for a in _standing(version)):
        raise ValidationError(f"The subgroup's sign-off of version {version.number} is already "
                              "recorded.")
    _check_date(decided_on, version, what="The date of the subgroup's meeting")
    approval = _record(version, by=by, step=S.SUBGROUP, decided_on=decided_on,
                       reasons=_reasons(reasons), event="signoff.subgroup_signed_off",
                       title=f"CSPR subgroup signed off version {version.number} of the report",
                       summary=f"Recorded the subgroup's sign-off of version {version.number}")
    _complete_if_approved(review, by=by)
    return approval


@transaction.atomic
def sign_off_as_subgroup_member(version: ReportVersion, *, by: User, decided_on: date,
                                reasons: str = "") -> Approval:
    """A subgroup member of the review signs the version off in their own name. When every active
    subgroup member of the review has signed the same version, the subgroup's sign-off is written
    too (dated with the last of theirs): the Executive Group's step may start."""
    review = _lock(version.review)
    version.review = review
    if ReviewRole.SUBGROUP_MEMBER not in access.review_roles(by, review):
        raise PermissionDenied("Only the review's subgroup members sign off in their own name.")
    _check_version(review, version)
    standing = _standing(version)
    if any(a.step == S.SUBGROUP for a in standing):
        raise ValidationError(f"The subgroup's sign-off of version {version.number} is already "
                              "recorded.")
    if any(a.step == S.SUBGROUP_MEMBER and a.approver_id == by.pk for a in standing):
        raise ValidationError(f"You have already signed off version {version.number}.")
    _check_date(decided_on, version, what="The date you signed it off")
    approval = _record(version, by=by, step=S.SUBGROUP_MEMBER, approver=by, decided_on=decided_on,
                       reasons=_reasons(reasons), event="signoff.member_signed_off",
                       title=f"A subgroup member signed off version {version.number} of the "
                             "report",
                       summary=f"Signed off version {version.number} as a subgroup member")
    members = set(review.memberships.filter(role=ReviewRole.SUBGROUP_MEMBER, ended_at__isnull=True)
                  .values_list("person_id", flat=True))
    signed = {a.approver_id: a.decided_on for a in [*standing, approval]
              if a.step == S.SUBGROUP_MEMBER}
    if members and members <= set(signed):
        last = max(signed[m] for m in members)
        _record(version, by=by, step=S.SUBGROUP, decided_on=last,
                event="signoff.subgroup_signed_off",
                title=f"CSPR subgroup signed off version {version.number} of the report: every "
                      f"member has ({len(members)})",
                summary=f"Every subgroup member signed off version {version.number}")
        _complete_if_approved(review, by=by)
    return approval


# --- The Executive Group -------------------------------------------------------------------

def _subgroup_first(version: ReportVersion, standing: list[Approval]) -> Approval:
    subgroup = next((a for a in standing if a.step == S.SUBGROUP), None)
    if subgroup is None:
        raise ValidationError(f"The CSPR subgroup has not signed off version {version.number} "
                              "yet: the Executive Group signs off the version the subgroup has "
                              "signed off.")
    return subgroup


def _executive_first(version: ReportVersion, standing: list[Approval], what: str) -> Approval:
    executive = next((a for a in standing if a.step == S.EXECUTIVE), None)
    if executive is None:
        raise ValidationError(f"The Executive Group has not signed off version {version.number} "
                              f"yet: {what} comes after its sign-off.")
    return executive


def _executive_approver(review: Review, by: User) -> User | None:
    """An executive member signs in their own name; the business manager records the meeting's."""
    if not access.can(by, review, Permission.SIGN_OFF_FOR_EXECUTIVE):
        raise PermissionDenied("Only the Executive Group's members, or the business manager for "
                               "its meeting, record its sign-off.")
    return None if access.is_business_manager_of(by, review) else by


@transaction.atomic
def sign_off_for_executive(version: ReportVersion, *, by: User, decided_on: date,
                           reasons: str = "") -> Approval:
    """The Executive Group signs off the version the subgroup signed off."""
    review = _lock(version.review)
    version.review = review
    approver = _executive_approver(review, by)
    _check_version(review, version)
    standing = _standing(version)
    subgroup = _subgroup_first(version, standing)
    if any(a.step == S.EXECUTIVE for a in standing):
        raise ValidationError(f"The Executive Group's sign-off of version {version.number} is "
                              "already recorded.")
    _check_date(decided_on, version, after=subgroup, what="The date of the sign-off")
    approval = _record(version, by=by, step=S.EXECUTIVE, approver=approver, decided_on=decided_on,
                       reasons=_reasons(reasons), event="signoff.executive_signed_off",
                       title=f"Executive Group signed off version {version.number} of the report",
                       summary=f"Recorded the Executive Group's sign-off of version "
                               f"{version.number}")
    _complete_if_approved(review, by=by)
    return approval


@transaction.atomic
def decide_publication(version: ReportVersion, *, by: User, decided_on: date, agrees: bool,
                       reasons: str = "") -> Approval:
    """The Executive Group's decision on publishing the version it signed off: to publish, or
    not, with its reasons (required when it does not agree)."""
    review = _lock(version.review)
    version.review = review
    approver = _executive_approver(review, by)
    _check_version(review, version)
    standing = _standing(version)
    executive = _executive_first(version, standing, "its decision on publication")
    if any(a.step == S.PUBLICATION for a in standing):
        raise ValidationError(f"The Executive Group's decision on publishing version "
                              f"{version.number} is already recorded.")
    reasons = _reasons(reasons)
    if not agrees and not reasons:
        raise ValidationError({"reasons": "Give the Executive Group's reasons for not agreeing "
                                          "to publication: they are kept with the review."})
    _check_date(decided_on, version, after=executive, what="The date of the decision")
    return _record(version, by=by, step=S.PUBLICATION, approver=approver, decided_on=decided_on,
                   agrees=agrees, reasons=reasons, event="signoff.publication_decided",
                   title=(f"Executive Group agreed to publish version {version.number} of the "
                          "report" if agrees else
                          f"Executive Group did not agree to publish version {version.number} "
                          "of the report"),
                   summary=f"Recorded the Executive Group's decision on publishing version "
                           f"{version.number} ({'agrees' if agrees else 'does not agree'})")


# --- The safeguarding partners --------------------------------------------------------------

@transaction.atomic
def approve_as_partner(version: ReportVersion, *, by: User, decided_on: date,
                       partner_for: str = "", reasons: str = "") -> Approval:
    """A safeguarding partner's approval of the version the Executive Group signed off: their own,
    or the business manager's on their behalf (``partner_for`` names whose)."""
    review = _lock(version.review)
    version.review = review
    on_behalf_of = None
    if access.is_business_manager_of(by, review):
        if partner_for not in PartnerFor.values:
            raise ValidationError({"partner_for": "Choose whose approval it is."})
        on_behalf_of = (User.objects.filter(partnership_id=review.partnership_id, is_active=True,
                                            role=PartnershipRole.SAFEGUARDING_PARTNER,
                                            partner_for=partner_for).order_by("pk").first())
    elif access.is_partner_of(by, review):
        partner_for = by.partner_for
    else:
        raise PermissionDenied("Only the safeguarding partners, or the business manager on their "
                               "behalf, approve the report.")
    _check_version(review, version)
    standing = _standing(version)
    executive = _executive_first(version, standing, "the safeguarding partners' approval")
    label = selectors.PARTNER_WORDS[PartnerFor(partner_for)]
    if any(a.step == S.PARTNER and a.partner_for == partner_for for a in standing):
        raise ValidationError({"partner_for": f"The {label} partner's approval of version "
                                              f"{version.number} is already recorded."})
    _check_date(decided_on, version, after=executive, what="The date of the approval")
    approval = _record(version, by=by, step=S.PARTNER, partner_for=partner_for,
                       approver=on_behalf_of if access.is_business_manager_of(by, review)
                       else by,
                       decided_on=decided_on, reasons=_reasons(reasons),
                       on_behalf_of=on_behalf_of, event="signoff.partner_approved",
                       title=f"The {label} safeguarding partner approved version "
                             f"{version.number} of the report",
                       summary=f"Recorded the {label} partner's approval of version "
                               f"{version.number}")
    _complete_if_approved(review, by=by)
    return approval


# --- A learning review's publication ---------------------------------------------------------

@transaction.atomic
def record_publication_intent(review: Review, *, by: User, decided_on: date, will_publish: bool,
                              reasons: str) -> PublicationIntent:
    """For a learning review or 'near miss' review: whether its report will be published, as the
    subgroup decided, with reasons. The latest stands; earlier ones are kept."""
    review = _lock(review)
    if not access.can(by, review, Permission.SIGN_OFF_FOR_SUBGROUP):
        raise PermissionDenied("Only the business manager or the review's subgroup members record "
                               "the subgroup's decision.")
    if review.kind not in selectors.INTENT_KINDS:
        raise ValidationError("A child safeguarding practice review's report is published: the "
                              "subgroup decides case by case only for learning reviews and 'near "
                              "miss' reviews.")
    if review.stage != Stage.REPORT:
        raise ValidationError(f"Whether the report will be published is decided at the report "
                              f"stage; this review is at {review.get_stage_display().lower()}.")
    reasons = _reasons(reasons)
    if not reasons:
        raise ValidationError({"reasons": "Give the subgroup's reasons: they are kept with the "
                                          "review."})
    check_effective_date(decided_on, not_before=review.stage_since, what="The date of the decision",
                         since="when the report stage started", field="decided_on")
    intent = PublicationIntent.objects.create(review=review, decided_on=decided_on,
                                              will_publish=will_publish, reasons=reasons,
                                              recorded_by=by)
    words = "will be published" if will_publish else "will not be published"
    record_step("signoff.intent_recorded", review=review, by=by,
                step=Step(f"CSPR subgroup decided the report {words}", decided_on),
                summary=f"Recorded that the report {words}",
                data={"intent": intent.pk, "will_publish": will_publish,
                      "effective_on": decided_on.isoformat()})
    return intent


# --- A new version ------------------------------------------------------------------------------

def withdraw_earlier_approvals(version: ReportVersion, by: User) -> None:
    """A new version withdraws every standing approval of earlier versions, saying so on the
    review's timeline; if they had completed the review, its six-month clock is no longer met.
    Runs inside the upload's transaction (``reports.actions.register_version_listener``)."""
    review = version.review
    earlier = list(Approval.objects.filter(review=review, withdrawn_at__isnull=True,
                                           version__number__lt=version.number)
                   .select_related("version"))
    if not earlier:
        return
    # What they had completed, before they go.
    completed_on = None
    for old in {a.version for a in earlier}:
        state = selectors.approval_state_of(review, old)
        if state.approved_on is not None:
            completed_on = state.approved_on
    Approval.objects.filter(pk__in=[a.pk for a in earlier]).update(
        withdrawn_at=timezone.now(), withdrawn_by=version)
    review.__dict__.pop("_subgroup_signed_off", None)
    steps = []
    for number in sorted({a.version.number for a in earlier}):
        count = sum(1 for a in earlier if a.version.number == number)
        steps.append(Step(f"Version {version.number} withdrew the approvals of version {number}",
                          version.written_on,
                          detail=f"{count} approval{'' if count == 1 else 's'} of version "
                                 f"{number} withdrawn: version {version.number} is signed off "
                                 "afresh, in the same order."))
    record_step("signoff.approvals_withdrawn", review=review, by=by, step=steps,
                summary=f"Version {version.number} withdrew {len(earlier)} approvals of earlier "
                        "versions",
                data={"version": version.pk, "number": version.number,
                      "withdrawn": [a.pk for a in earlier]})
    clock = selectors.completion_clock(review)
    if completed_on is not None and clock is not None and clock.met_on == completed_on \
            and not clock.met_note:
        _unmeet(clock, by=by, version=version, completed_on=completed_on)


def _unmeet(clock: Clock, *, by: User, version: ReportVersion, completed_on: date) -> None:
    claim(clock, UNCHECKED, thing="this deadline", by=by, name_of=Names(clock.review, by).user)
    clock.met_on = None
    clock.save(update_fields=["met_on"])
    record_step("signoff.completion_withdrawn", review=clock.review, by=by,
                step=Step(f"{clock.get_kind_display()}: no longer met", version.written_on,
                          kind=TimelineEntry.Kind.NOTE,
                          detail=f"The approvals that completed the review on "
                                 f"{completed_on:%-d %B %Y} were withdrawn by version "
                                 f"{version.number}."),
                summary=f"Version {version.number} withdrew the approvals that completed the "
                        "review",
                data={"clock": clock.pk, "was_met_on": completed_on.isoformat(),
                      "version": version.pk})
