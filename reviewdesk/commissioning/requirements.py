"""What must be true before the review moves on (the guide's order: alerts and case files at
commissioning; then lead reviewer, terms of reference and chronology authors; then the terms of
reference shared with the staff involved). Each returns what is still missing, in words."""

from reviewdesk.commissioning import rules, scope
from reviewdesk.commissioning.models import (
    ChronologyAuthor,
    LeadReviewerAppointment,
    NotNotified,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def commissioning_done(review: Review) -> list[str]:
    missing: list[str] = []
    agencies = rules.involved_agencies(review)
    recipients = rules.commissioning_recipients(review, agencies)
    queued = set(Notice.objects.filter(dedupe_key__in=[r.dedupe_key for r in recipients])
                 .values_list("dedupe_key", flat=True))
    waived = NotNotified.objects.filter(review=review).exists()
    not_sent = [r.label for r in recipients if r.dedupe_key not in queued]
    if not queued and not waived:
        if review.kind in rules.NOTICES_CASE_BY_CASE:
            missing.append("Send the commissioning notices, or record that the partners agreed "
                           "case by case not to notify them.")
        else:
            missing.append("Send the commissioning notices: partner agencies, Ofsted, the "
                           "Department for Education and the National Panel must be alerted.")
    elif not_sent and not waived:
        missing.append(f"Send the commissioning notice to {_and(not_sent)}: not sent yet.")
    have = set(review.case_file_checks.values_list("agency_id", flat=True))
    if not have:
        missing.append("Start the case-file checklist: every agency involved must secure its case "
                       "files.")
    else:
        lacking = [a.name for a in agencies if a.pk not in have]
        if lacking:
            missing.append(f"Add {_and(lacking)} to the case-file checklist.")
    return missing


def set_up_done(review: Review) -> list[str]:
    """A lead reviewer is required by the review stages themselves; this adds that one of them was
    appointed with a conflict-of-interest declaration (one added from the Team page has none), the
    approved terms of reference and a chronology author for every agency in scope."""
    missing: list[str] = []
    if not LeadReviewerAppointment.objects.filter(
            review=review, membership__role=ReviewRole.LEAD_REVIEWER,
            membership__ended_at__isnull=True).exists():
        if review.kind == ReviewKind.NATIONAL:
            missing.append("Record the external reviewer appointed by the Panel, with any "
                           "conflict of interest they declared: on the review's page, under "
                           "Commissioning and set-up, choose Record an external reviewer.")
        else:
            missing.append("Appoint a lead reviewer with their conflict-of-interest declaration: "
                           "on the review's page, under Commissioning and set-up, choose Appoint "
                           "a lead reviewer (someone added from the Team page has made no "
                           "declaration).")
    approved = scope.approved_version(review)
    if approved is None:
        latest = scope.latest_version(review)
        missing.append(f"Approve the terms of reference: version {latest.number} is a draft."
                       if latest else "Draft and approve the terms of reference.")
    in_scope = scope.agencies_in_scope(review)
    named = set(ChronologyAuthor.objects.filter(review=review).values_list("agency_id", flat=True))
    lacking = [a.name for a in in_scope if a.pk not in named]
    if lacking:
        missing.append(f"Name a chronology author for {_and(lacking)}.")
    return missing


def terms_of_reference_shared(review: Review) -> list[str]:
    approved = scope.approved_version(review)
    if approved is None:
        return ["Approve the terms of reference and share them with the staff involved."]
    staff = rules.staff_involved(review)
    have = set(approved.shares.values_list("person_id", flat=True))
    waiting = [p for p in staff if p.pk not in have]
    if not have and not waiting:
        return ["Share the approved terms of reference with the staff involved: add the "
                "practitioners and agency authors to the team first."]
    if waiting:
        count = len(waiting)
        return [f"Share the approved terms of reference (version {approved.number}) with the "
                f"staff involved: {count} {'person has' if count == 1 else 'people have'} not "
                "had it yet."]
    return []
