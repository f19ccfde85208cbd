"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The family's involvement is for the business manager, the lead reviewer and the review's own
subgroup member (``VIEW_FAMILY``); its forms for the business manager and the lead reviewer
(``MANAGE_FAMILY``). Everyone else who sees the review — partners, the other subgroup member,
the executive group, the L&D subgroup, the agency author and the practitioner — gets 403; the
partners see only a count on the review page (``VIEW_FAMILY_SUMMARY``: the review page's row).
The pages answer at every stage. Every free-text field names the family with marker names.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.family.models import FamilyMember, SiblingDecision
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done, version_of

URL_NAMES = {"family:involvement", "family:member", "family:add_member", "family:change_member",
             "family:sibling_decision", "family:report_offer"}

BM, SUBGROUP, LEAD = "business_manager", "subgroup_member", "lead_reviewer"
READERS = {BM, SUBGROUP, LEAD}  # Permission.VIEW_FAMILY
MANAGERS = {BM, LEAD}  # Permission.MANAGE_FAMILY


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    mother = review.identities.get(real_name=m["mother"])
    sibling = IdentityEntry.objects.create(
        review=review, kind=IdentityEntry.Kind.FAMILY, real_name=f"{m['alias']} Junior",
        pseudonym="Sibling 1", role_title="half-brother")
    said = f"{m['mother']} said {m['child']} was scared at {m['address']}. {m['typed']}"
    mum = FamilyMember.objects.create(
        review=review, identity=mother, relationship=f"{m['child']}'s mother",
        approach="solicitor", approach_through=f"{m['mother']}'s solicitor, {m['typed']}",
        best_placed=f"{m['practitioner']}, who knows {m['mother']}",
        language=m["first_language"], interpreter="spoken",
        support_needs=f"{m['mother']} needs step-free access. {said}", created_by=bm,
        offered_draft_on=date(2026, 3, 20), wants_to_see_draft=True,
        wants_publication_date=True)
    brother = FamilyMember.objects.create(
        review=review, identity=sibling, relationship=f"{m['child']}'s half-brother",
        is_sibling=True, to_approach=False,
        not_approached_reason=f"{m['author']} advised {m['mother']} objects. {said}",
        created_by=bm)
    SiblingDecision.objects.create(
        member=brother, age=15, consulted=f"{m['practitioner']} and {m['mother']}. {said}",
        contact_appropriate=False, decision=f"Not to contact {m['alias']} now. {said}",
        reasons=f"{m['author']} says {m['child']}'s brother is fragile. {said}",
        decided_on=date(2026, 3, 18), recorded_by=bm)

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[review.uuid, *args])

    def details() -> dict:
        return {"relationship": "aunt", "to_approach": "yes", "approach": "letter",
                "approach_through": "", "best_placed": "The lead reviewer",
                "language": "", "interpreter": "", "support_needs": "Large print"}

    def change_body() -> dict:
        return {**details(), "relationship": "mother", "version": version_of(mum)}

    form = ctx.review_page(MANAGERS)
    return {
        "family:involvement": (url("family:involvement"), ctx.review_page(READERS), None),
        "family:member": (url("family:member", mum.pk), ctx.review_page(READERS), None),
        "family:add_member": (url("family:add_member"), form, done(form), {
            **details(), "real_name": "Mavis Aunt", "pseudonym": "Aunt", "kind": "family"}),
        "family:change_member": (url("family:change_member", mum.pk), form, done(form),
                                 change_body),
        "family:sibling_decision": (url("family:sibling_decision", brother.pk), form, done(form), {
            "age": "15", "consulted": "His social worker", "contact_appropriate": "no",
            "how": "", "decision": "Not now", "reasons": "He asked not to be contacted",
            **day("decided_on", date(2026, 3, 19))}),
        "family:report_offer": (url("family:report_offer", mum.pk), form, done(form), {
            **day("offered_draft_on", date(2026, 3, 21)), "wants_to_see_draft": "yes",
            "wants_publication_date": "no"}),
    }
