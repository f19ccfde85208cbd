"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has a harm assessment with a line for each person at risk, a family member who asked
to be told the publication date and was told it, a published report and a cancelled schedule,
every free-text field naming the markers: the publication page shows them only through each
reader's redactor. It is read by the partnership's oversight roles, the review's lead reviewer and
subgroup members, and the executive group from the report stage (VIEW_PUBLICATION); the forms
are the business manager's (MANAGE_PUBLICATION). Publishing asks the business manager to confirm
it's them first: the matrix's sessions have not, so they are sent to confirm (302), the form and
its post alike, and nothing is published.
"""

import secrets
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from reviewdesk.family.models import FamilyMember
from reviewdesk.publication import selectors
from reviewdesk.publication.models import (
    HarmAssessment,
    HarmAssessmentLine,
    Publication,
    PublicationDateShared,
)
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {"publication:page", "publication:harm", "publication:date_shared",
             "publication:publish", "publication:cancel"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, EXECUTIVE, LEAD = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "executive", "lead_reviewer")
LIVE = [Publication.State.PUBLISHED, Publication.State.ON_REQUEST]


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    today = timezone.localdate()
    said = f"{m['mother']} and {m['child']} at {m['address']}; {m['practitioner']} agreed. " \
           f"{m['typed']}"
    assessment = HarmAssessment.objects.create(
        review=review, assessed_by=f"{m['author']} for the subgroup", assessed_on=today,
        conclusion=f"Publish after the inquest. {said}", mitigations=f"Tell {m['mother']}. {said}",
        recorded_by=bm)
    HarmAssessmentLine.objects.bulk_create([
        HarmAssessmentLine(assessment=assessment, person=person,
                           likely_impact=f"Press interest in {m['child']}. {said}",
                           mitigation=f"{m['practitioner']} visits first. {said}")
        for person in selectors.people_at_risk(review)])
    grandparent = IdentityEntry.objects.create(
        review=review, kind=IdentityEntry.Kind.FAMILY, real_name=f"{m['alias']} Senior",
        pseudonym="Grandfather", role_title="grandfather")
    member = FamilyMember.objects.create(
        review=review, identity=grandparent, relationship=f"{m['child']}'s grandfather",
        created_by=bm, wants_publication_date=True)
    PublicationDateShared.objects.create(
        review=review, member=member, publication_on=today + timedelta(days=30), told_on=today,
        how=f"By {m['practitioner']}, with {m['mother']}", recorded_by=bm)
    cancelled = make_publication(review, by=bm, state=Publication.State.CANCELLED,
                                 title=f"The review of {m['child']}",
                                 slug=f"cancelled-{secrets.token_hex(4)}",
                                 summary=f"An earlier summary naming {m['child']}.")
    cancelled.withdrawal_reason = f"{m['mother']} asked for it to wait. {said}"
    cancelled.save(update_fields=["withdrawal_reason"])
    # The publication that stands: the time on the website's rows make the same one, published
    # (one stands at a time), so whichever rows run first make it and the others take it.
    live = (Publication.objects.filter(review=review, state__in=LIVE).first()
            or make_publication(review, by=bm, published_on=date(2026, 9, 14), title="Child A",
                                slug=f"child-a-{review.partnership.code}".lower()))
    # Its title and summary are public (publishing refuses any name in them); the reason to
    # publish without telling the family is the staff's.
    live.family_override_reason = f"{m['mother']} moved away. {said}"
    live.save(update_fields=["family_override_reason"])

    def url(name: str, *more: object) -> str:
        return reverse(f"publication:{name}", args=[review.uuid, *more])

    def harm_body() -> dict:
        return {"assessed_by": "The chair", **day("assessed_on", today),
                "conclusion": "Publish.", "mitigations": "",
                **{f"impact_{p.pk}": "Little." for p in selectors.people_at_risk(review)}}

    readers = ctx.review_page({BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD,
                               EXECUTIVE})
    manager = ctx.review_page({BM})
    # Sent to confirm it's them first (302), as everything else allowed is sent on.
    confirm = done(manager)
    return {
        "publication:page": (url("page"), readers, None),
        "publication:harm": (url("harm"), manager, done(manager), harm_body),
        "publication:date_shared": (url("date_shared"), manager, done(manager), {
            "member": member.pk, **day("publication_on", today + timedelta(days=40)),
            **day("told_on", today), "how": "By letter"}),
        "publication:publish": (url("publish"), confirm, confirm, {
            "title": "Child Z", "slug": "", "summary": "In brief.", "content": "report",
            "publish_actions": "no", **day("publication_on", today)}),
        # Not scheduled (cancelled already): the page sends them back to publication, and the
        # form refuses, saying so.
        "publication:cancel": (url("cancel", cancelled.uuid), done(manager), manager, {
            "reason": "An inquest was opened.", **day("cancelled_on", today)}),
    }
