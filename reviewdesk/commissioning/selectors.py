"""What commissioning asks of people, for their home page: notices that failed, case files not
yet confirmed as secured, and the terms of reference to approve or share. And for a review's
page, what commissioning is waiting for (``reviews.selectors.WAITS``)."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from reviewdesk import access
from reviewdesk.accounts.models import User
from reviewdesk.commissioning import rules
from reviewdesk.commissioning.models import CaseFileCheck, TermsOfReference
from reviewdesk.commissioning.reminders import COMMISSIONED_STAGES
from reviewdesk.notices.models import Notice
from reviewdesk.reviews.models import Review, ReviewMembership, ReviewRole, Stage
from reviewdesk.reviews.names import Names
from reviewdesk.reviews.needs import OVERDUE, WAITING, Need
from reviewdesk.reviews.transitions import Blocker


def needs(viewer: User, today: date) -> list[Need]:
    bm = access.is_business_manager(viewer)
    items = _case_file_needs(viewer, bm)
    if bm:
        items += _business_unit_needs(viewer)
    return items


def _case_file_needs(viewer: User, bm: bool) -> list[Need]:
    """Case files not yet confirmed as secured: for the agency's author on the review (who
    confirms them), and the business manager."""
    if not bm and ReviewRole.AGENCY_AUTHOR not in access.roles_ever_held(viewer):
        return []
    author = ReviewMembership.objects.filter(
        review=OuterRef("review"), agency=OuterRef("agency"), person=viewer,
        role=ReviewRole.AGENCY_AUTHOR, ended_at__isnull=True)
    lines = CaseFileCheck.objects.filter(confirmed_on__isnull=True,
                                         review__stage__in=COMMISSIONED_STAGES)
    mine = Q(Exists(author))
    if bm:
        mine |= Q(review__partnership_id=viewer.partnership_id)
    items = []
    for line in lines.filter(mine).select_related("review", "agency").order_by("created_at"):
        items.append(Need(
            line.review, f"Confirm that {line.agency.name}'s case files are secured",
            reverse("commissioning:confirm_case_files", args=[line.review.uuid, line.pk]),
            WAITING, since=timezone.localdate(line.created_at),
            who=f"{line.agency.name}'s author" if bm else "You"))
    return items


def _business_unit_needs(viewer: User) -> list[Need]:
    """The business manager's: commissioning notices that failed, terms of reference to approve
    (set-up) and to share with the staff involved (informing staff)."""
    ours = Q(partnership_id=viewer.partnership_id)
    items = []
    failed = Notice.objects.filter(ours, purpose=rules.NOTICE_PURPOSE,
                                   status=Notice.Status.FAILED, review__isnull=False)
    for notice in failed.select_related("review").order_by("created_at"):
        if notice.review is None:
            continue
        created = timezone.localdate(notice.created_at)
        items.append(Need(
            notice.review, f"The commissioning notice to {notice.recipient_label} failed: "
                           "check the address and send it again",
            reverse("commissioning:notices", args=[notice.review.uuid]), OVERDUE, due_on=created,
            who="The business unit"))
    approved = TermsOfReference.objects.filter(review=OuterRef("pk"),
                                               status=TermsOfReference.Status.APPROVED)
    latest = TermsOfReference.objects.filter(review=OuterRef("pk")).order_by("-number")
    set_up = (Review.objects.filter(ours, stage=Stage.SET_UP).filter(~Exists(approved))
              .annotate(draft_number=latest.values("number")[:1]))
    for review in set_up:
        if review.draft_number is None:
            what, url = ("Draft the terms of reference",
                         reverse("commissioning:draft_terms_of_reference", args=[review.uuid]))
        else:
            what = f"Approve the terms of reference: version {review.draft_number} is a draft"
            url = reverse("commissioning:terms_of_reference_version",
                          args=[review.uuid, review.draft_number])
        items.append(Need(review, what, url, WAITING, since=review.stage_since,
                          who="The business unit"))
    in_force = TermsOfReference.objects.filter(
        review=OuterRef("pk"), status=TermsOfReference.Status.APPROVED).order_by("-number")
    informing = (Review.objects.filter(ours, stage=Stage.INFORMING_STAFF)
                 .annotate(approved_number=in_force.values("number")[:1]))
    for shared in informing:
        if shared.approved_number is None:
            continue
        items.append(Need(
            shared, "Share the approved terms of reference with the staff involved",
            reverse("commissioning:share_terms_of_reference",
                    args=[shared.uuid, shared.approved_number]),
            WAITING, since=shared.stage_since, who="The business unit"))
    return items


# --- The review page: what commissioning is waiting for -----------------------------------------

def case_files_waiting(review: Review, names: Names) -> list[Blocker]:
    """"Case files: 2 of 4 agencies have not confirmed" while agencies on the checklist have not
    confirmed their files are secured. One query."""
    files = review.case_file_checks.aggregate(
        total=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_on__isnull=False)))
    waiting = files["total"] - files["confirmed"]
    if not waiting:
        return []
    have = "has" if waiting == 1 else "have"
    url = reverse("commissioning:case_files", args=[review.uuid])
    return [Blocker(f"Case files: {waiting} of {files['total']} agencies {have} not confirmed that "
                    "their files are secured",
                    "Each agency's author, or the business manager for them", url)]
