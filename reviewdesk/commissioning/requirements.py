"""What must be true before the review moves on (the guide's order: alerts and case files at
commissioning; then lead reviewer, terms of reference and chronology authors; then the terms of
reference shared with the staff involved). Each returns what is still missing: a ``Blocker``
saying what, who must act and the page where it is done. None may be left outstanding: the
files secured, the reviewer, the terms and the authors are what the later stages stand on
(docs/decisions/0039)."""

from django.urls import reverse

from reviewdesk.commissioning import rules, scope
from reviewdesk.commissioning.models import (
    CaseFileCheck,
    ChronologyAuthor,
    LeadReviewerAppointment,
    NotNotified,
)
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewKind, ReviewRole
from reviewdesk.reviews.transitions import Blocker

BM = "The business manager"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def commissioning_done(review: Review) -> list[Blocker]:
    missing: list[Blocker] = []
    notices = reverse("commissioning:notices", args=[review.uuid])
    checklist = reverse("commissioning:case_files", args=[review.uuid])
    agencies = rules.involved_agencies(review)
    recipients = rules.commissioning_recipients(review, agencies)
    queued = set(Notice.objects.filter(dedupe_key__in=[r.dedupe_key for r in recipients])
                 .values_list("dedupe_key", flat=True))
    waived = NotNotified.objects.filter(review=review).exists()
    not_sent = [r.label for r in recipients if r.dedupe_key not in queued]
    if not queued and not waived:
        if review.kind in rules.NOTICES_CASE_BY_CASE:
            missing.append(Blocker("Send the commissioning notices, or record that the "
                                   "partners agreed case by case not to notify them.", BM,
                                   notices))
        else:
            missing.append(Blocker("Send the commissioning notices: partner agencies, Ofsted, the "
                                   "Department for Education and the National Panel must be "
                                   "alerted.", BM, notices))
    elif not_sent and not waived:
        missing.append(Blocker(f"Send the commissioning notice to {_and(not_sent)}: not sent yet.",
                               BM, notices))
    checks = list(CaseFileCheck.objects.filter(review=review).select_related("agency"))
    if not checks:
        missing.append(Blocker("Start the case-file checklist: every agency involved must secure "
                               "its case files.", BM, checklist))
        return missing
    have = {c.agency_id for c in checks}
    lacking = [a.name for a in agencies if a.pk not in have]
    if lacking:
        missing.append(Blocker(f"Add {_and(lacking)} to the case-file checklist.", BM, checklist))
    # The guide: at this point every agency's case files are secured (a copy made where work
    # with the family continues). Files not yet secured may be lost or changed: never left.
    for check in checks:
        if not check.is_confirmed:
            missing.append(Blocker(
                f"{check.agency.name}: confirm its case files are secured (or a copy made where "
                "work with the family continues).",
                f"{check.agency.name}'s agency author on the review, or the business manager",
                reverse("commissioning:confirm_case_files", args=[review.uuid, check.pk])))
    return missing


def set_up_done(review: Review) -> list[Blocker]:
    """A lead reviewer is required by the review stages themselves; this adds that one of them was
    appointed with a conflict-of-interest declaration (one added from the Team page has none), the
    approved terms of reference and a chronology author for every agency in scope."""
    missing: list[Blocker] = []
    terms = reverse("commissioning:terms_of_reference", args=[review.uuid])
    if not LeadReviewerAppointment.objects.filter(
            review=review, membership__role=ReviewRole.LEAD_REVIEWER,
            membership__ended_at__isnull=True).exists():
        appoint = reverse("commissioning:appoint_lead_reviewer", args=[review.uuid])
        if review.kind == ReviewKind.NATIONAL:
            missing.append(Blocker(
                "Record the external reviewer appointed by the Panel, with any conflict of "
                "interest they declared: on the review's page, under Commissioning and set-up, "
                "choose Record an external reviewer.", BM, appoint))
        else:
            missing.append(Blocker(
                "Appoint a lead reviewer with their conflict-of-interest declaration: on the "
                "review's page, under Commissioning and set-up, choose Appoint a lead reviewer "
                "(someone added from the Team page has made no declaration).", BM, appoint))
    approved = scope.approved_version(review)
    if approved is None:
        latest = scope.latest_version(review)
        missing.append(Blocker(
            f"Approve the terms of reference: version {latest.number} is a draft."
            if latest else "Draft and approve the terms of reference.",
            "The CSPR subgroup and the business manager", terms))
    in_scope = scope.agencies_in_scope(review)
    named = set(ChronologyAuthor.objects.filter(review=review).values_list("agency_id", flat=True))
    lacking = [a for a in in_scope if a.pk not in named]
    if lacking:
        missing.append(Blocker(
            f"Name a chronology author for {_and([a.name for a in lacking])}.",
            f"{_and([a.name for a in lacking])}, with the business manager",
            reverse("commissioning:name_chronology_author", args=[review.uuid, lacking[0].pk])))
    return missing


def terms_of_reference_shared(review: Review) -> list[Blocker]:
    approved = scope.approved_version(review)
    terms = reverse("commissioning:terms_of_reference", args=[review.uuid])
    if approved is None:
        return [Blocker("Approve the terms of reference and share them with the staff involved.",
                        "The CSPR subgroup and the business manager", terms)]
    share = reverse("commissioning:share_terms_of_reference", args=[review.uuid, approved.number])
    staff = rules.staff_involved(review)
    have = set(approved.shares.values_list("person_id", flat=True))
    waiting = [p for p in staff if p.pk not in have]
    if not have and not waiting:
        return [Blocker("Share the approved terms of reference with the staff involved: add the "
                        "practitioners and agency authors to the team first.", BM,
                        reverse("reviews:team", args=[review.uuid]))]
    if waiting:
        count = len(waiting)
        return [Blocker(f"Share the approved terms of reference (version {approved.number}) with "
                        f"the staff involved: {count} {'person has' if count == 1 else 'people have'}"
                        " not had it yet.", BM, share)]
    return []
