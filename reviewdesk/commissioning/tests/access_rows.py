"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The terms of reference created here carry marker names in their free text, so the matrix proves
every page shows them only to those who may see them; version 1 is approved and shared with the
practitioner, who may open it, and version 2 is a draft they may not; nothing is shared with the
agency author, who may open neither.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import Agency
from reviewdesk.commissioning.models import (
    CaseFileCheck,
    Reviewer,
    TermsOfReference,
    TermsOfReferenceShare,
)
from reviewdesk.reviews.tests.test_access_matrix import (
    CHILD,
    MOTHER,
    PRACTITIONER,
    TYPED,
    MatrixContext,
)

URL_NAMES = {
    "commissioning:partnership_settings", "commissioning:notices", "commissioning:send_notices",
    "commissioning:not_notified", "commissioning:case_files", "commissioning:create_checklist",
    "commissioning:confirm_case_files", "commissioning:reviewers", "commissioning:add_reviewer",
    "commissioning:edit_reviewer", "commissioning:appoint_lead_reviewer",
    "commissioning:terms_of_reference", "commissioning:draft_terms_of_reference",
    "commissioning:terms_of_reference_version", "commissioning:approve_terms_of_reference",
    "commissioning:share_terms_of_reference", "commissioning:name_chronology_author",
}

BM, SUBGROUP, LEAD, AUTHOR, PRACT, ANON = (
    "business_manager", "subgroup_member", "lead_reviewer", "agency_author", "practitioner",
    "anonymous")
EXECUTIVE, LEARNING = "executive", "learning_lead"


def rows(ctx: MatrixContext) -> dict:
    review, bm, people = ctx.review, ctx.business_manager, ctx.people
    police = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.POLICE)
    health = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.HEALTH)
    # At the report stage the walk kept real records of commissioning and set-up: marked ones
    # take their place.
    CaseFileCheck.objects.filter(review=review).delete()
    TermsOfReferenceShare.objects.filter(version__review=review).delete()
    TermsOfReference.objects.filter(review=review).delete()
    police_line = CaseFileCheck.objects.create(review=review, agency=police, created_by=bm)
    CaseFileCheck.objects.create(
        review=review, agency=health, created_by=bm, confirmed_by=people[AUTHOR],
        confirmed_on=date(2026, 3, 5), records_held=f"Restricted file for {CHILD}. {TYPED}",
        copy_made=True, recorded_by=bm)
    reviewer, _made = Reviewer.objects.get_or_create(
        partnership_id=review.partnership_id, user=people[LEAD],
        defaults={"full_name": "Rita Reviewer", "email": people[LEAD].email})
    shared = TermsOfReference.objects.create(
        review=review, number=1, period_from=date(2025, 1, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry=f"What did agencies know about {CHILD} and {MOTHER}?",
        methodology="Systems approach", scope_notes=f"{PRACTITIONER}'s visits in particular. {TYPED}",
        created_by=bm, status=TermsOfReference.Status.APPROVED, approved_on=date(2026, 3, 6),
        approved_by=bm)
    shared.agencies.set([police, health])
    TermsOfReferenceShare.objects.create(version=shared, person=people[PRACT], shared_by=bm)
    later = TermsOfReference.objects.create(
        review=review, number=2, period_from=date(2025, 1, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry=f"What did agencies know about {CHILD}, {MOTHER} and the home?",
        methodology="Systems approach", created_by=bm)
    later.agencies.set([police, health])

    def review_url(name: str, *more: object) -> str:
        return reverse(f"commissioning:{name}", args=[review.uuid, *more])

    manager = ctx.review_page({BM})
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == ANON else 405) for p in manager}
    # The business manager's empty POST is refused with a message and a redirect.
    manager_redirects = {p: (302 if p == BM else code) for p, code in manager.items()}
    # The practitioner too: version 1 is shared with them. Not the agency author: nothing is.
    readers = ctx.review_page(ctx.sees - {AUTHOR})
    return {
        "commissioning:partnership_settings": (
            reverse("commissioning:partnership_settings"), ctx.partnership_page({BM}),
            ctx.partnership_page({BM})),
        "commissioning:notices": (review_url("notices"), manager, None),
        "commissioning:send_notices": (review_url("send_notices"), post_only_get,
                                       manager_redirects),
        "commissioning:not_notified": (review_url("not_notified"), manager, manager),
        "commissioning:case_files": (review_url("case_files"),
                                     ctx.review_page(ctx.sees - {PRACT, EXECUTIVE, LEARNING}),
                                     None),
        "commissioning:create_checklist": (review_url("create_checklist"), post_only_get,
                                           manager_redirects),
        "commissioning:confirm_case_files": (review_url("confirm_case_files", police_line.pk),
                                             ctx.review_page({BM, AUTHOR}),
                                             ctx.review_page({BM, AUTHOR})),
        "commissioning:reviewers": (reverse("commissioning:reviewers"),
                                    ctx.partnership_page({BM}), None),
        "commissioning:add_reviewer": (reverse("commissioning:add_reviewer"),
                                       ctx.partnership_page({BM}), ctx.partnership_page({BM})),
        "commissioning:edit_reviewer": (reverse("commissioning:edit_reviewer",
                                                args=[reviewer.pk]),
                                        ctx.partnership_page({BM}), ctx.partnership_page({BM})),
        "commissioning:appoint_lead_reviewer": (review_url("appoint_lead_reviewer"), manager,
                                                manager),
        "commissioning:terms_of_reference": (review_url("terms_of_reference"), readers, None),
        "commissioning:draft_terms_of_reference": (review_url("draft_terms_of_reference"),
                                                   ctx.review_page({BM, SUBGROUP}),
                                                   ctx.review_page({BM, SUBGROUP})),
        "commissioning:terms_of_reference_version": (review_url("terms_of_reference_version", 1),
                                                     readers, None),
        "commissioning:approve_terms_of_reference": (
            review_url("approve_terms_of_reference", 2), manager, manager),
        "commissioning:share_terms_of_reference": (
            review_url("share_terms_of_reference", 1), manager, manager_redirects),
        "commissioning:name_chronology_author": (review_url("name_chronology_author", police.pk),
                                                 manager, manager),
    }
