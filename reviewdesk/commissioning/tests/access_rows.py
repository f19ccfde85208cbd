"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The terms of reference created here carry marker names in their free text, so the matrix proves
every page shows them only to those who may see them; version 1 is approved and shared with the
practitioner, who may open it, and version 2 is a draft they may not; nothing is shared with the
agency author, who may open neither.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import Agency, Partnership
from reviewdesk.commissioning.actions import addresses_version
from reviewdesk.commissioning.models import (
    CaseFileCheck,
    Reviewer,
    TermsOfReference,
    TermsOfReferenceShare,
)
from reviewdesk.reviews.models import Stage
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {
    "commissioning:partnership_settings", "commissioning:notices", "commissioning:send_notices",
    "commissioning:not_notified", "commissioning:case_files", "commissioning:create_checklist",
    "commissioning:confirm_case_files", "commissioning:reviewers", "commissioning:add_reviewer",
    "commissioning:edit_reviewer", "commissioning:appoint_lead_reviewer",
    "commissioning:terms_of_reference", "commissioning:draft_terms_of_reference",
    "commissioning:terms_of_reference_version", "commissioning:approve_terms_of_reference",
    "commissioning:share_terms_of_reference", "commissioning:name_chronology_author",
}

BM, SUBGROUP, LEAD, AUTHOR, PRACT, MANAGER, ANON = (
    "business_manager", "subgroup_member", "lead_reviewer", "agency_author", "practitioner",
    "manager", "anonymous")
EXECUTIVE, LEARNING = "executive", "learning_lead"


def rows(ctx: MatrixContext) -> dict:
    review, bm, people, m = ctx.review, ctx.business_manager, ctx.people, ctx.markers
    police = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.POLICE)
    health = Agency.objects.get(partnership_id=review.partnership_id, kind=Agency.Kind.HEALTH)
    # At the report stage the walk kept real records of commissioning and set-up: marked ones
    # take their place.
    CaseFileCheck.objects.filter(review=review).delete()
    TermsOfReferenceShare.objects.filter(version__review=review).delete()
    TermsOfReference.objects.filter(review=review).delete()
    code = review.partnership.code.lower()
    police_line = CaseFileCheck.objects.create(review=review, agency=police, created_by=bm)
    CaseFileCheck.objects.create(
        review=review, agency=health, created_by=bm, confirmed_by=people[AUTHOR],
        confirmed_on=date(2026, 3, 5), records_held=f"Restricted file for {m['child']}. {m['typed']}",
        copy_made=True, recorded_by=bm)
    reviewer, _made = Reviewer.objects.get_or_create(
        partnership_id=review.partnership_id, user=people[LEAD],
        defaults={"full_name": people[LEAD].full_name, "email": people[LEAD].email})
    shared = TermsOfReference.objects.create(
        review=review, number=1, period_from=date(2025, 1, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry=f"What did agencies know about {m['child']} and {m['mother']}?",
        methodology="Systems approach",
        scope_notes=f"{m['practitioner']}'s visits in particular. {m['typed']}",
        created_by=bm, status=TermsOfReference.Status.APPROVED, approved_on=date(2026, 3, 6),
        approved_by=bm)
    shared.agencies.set([police, health])
    TermsOfReferenceShare.objects.create(version=shared, person=people[PRACT], shared_by=bm)
    # And with the practitioner's manager, who reads what a practitioner reads.
    TermsOfReferenceShare.objects.create(version=shared, person=people[MANAGER], shared_by=bm)
    later = TermsOfReference.objects.create(
        review=review, number=2, period_from=date(2025, 1, 1), period_to=date(2026, 3, 2),
        lines_of_enquiry=f"What did agencies know about {m['child']}, {m['mother']} and the home?",
        methodology="Systems approach", created_by=bm)
    later.agencies.set([police, health])

    def review_url(name: str, *more: object) -> str:
        return reverse(f"commissioning:{name}", args=[review.uuid, *more])

    def addresses() -> dict:
        """Where notices go, as the settings page sends it, with the version it showed."""
        partnership = Partnership.objects.get(pk=review.partnership_id)
        agencies = list(Agency.objects.filter(partnership=partnership))
        return {"panel_email": "panel@example.test", "ofsted_email": "ofsted@example.test",
                "dfe_email": "dfe@example.test",
                **{f"agency_{a.pk}": a.email for a in agencies},
                "version": addresses_version(partnership, agencies)}

    def reviewer_as_changed() -> dict:
        reviewer.refresh_from_db()
        return {"full_name": reviewer.full_name, "organisation": "Independent",
                "expertise": "Neglect", "is_active": "on", "version": reviewer.version}

    def next_draft() -> dict:
        """A new version, started from the latest (its number is the form's version)."""
        latest = TermsOfReference.objects.filter(review=review).order_by("-number").first()
        assert latest is not None
        return {**day("period_from", date(2025, 1, 1)), **day("period_to", date(2026, 3, 2)),
                "lines_of_enquiry": "What did agencies know about the home?",
                "agencies": [police.pk, health.pk], "methodology": "Systems approach",
                "scope_notes": "", "version": latest.number}

    manager = ctx.review_page({BM})
    # Valid forms: a review's commissioning is done once it is commissioned and while it is open
    # (lead reviewers at commissioning or set-up only); before and after, the form comes back
    # with the reason. The register of reviewers and the notice addresses are the partnership's.
    stages = list(Stage)
    commissioned = (ctx.stage != Stage.CLOSED
                    and stages.index(Stage(ctx.stage)) >= stages.index(Stage.COMMISSIONING))

    def while_commissioned(expected: dict[str, int]) -> dict[str, int]:
        return done(expected) if commissioned else expected

    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == ANON else 405) for p in manager}
    # A button: the business manager's change is made (or refused with a message) and they are
    # sent on.
    manager_redirects = {p: (302 if p == BM else code) for p, code in manager.items()}
    # The practitioner and their manager too: version 1 is shared with them. Not the agency
    # author: nothing is.
    readers = ctx.review_page(ctx.sees - {AUTHOR})
    return {
        "commissioning:partnership_settings": (
            reverse("commissioning:partnership_settings"), ctx.partnership_page({BM}),
            done(ctx.partnership_page({BM})), addresses),
        "commissioning:notices": (review_url("notices"), manager, None),
        "commissioning:send_notices": (review_url("send_notices"), post_only_get,
                                       manager_redirects, {}),
        # A local CSPR must send its notices: the form comes back saying so, at every stage.
        "commissioning:not_notified": (review_url("not_notified"), manager, manager,
                                       {"reason": "The partners were told at the meeting.",
                                        **day("agreed_on", date(2026, 3, 11))}),
        "commissioning:case_files": (review_url("case_files"),
                                     ctx.review_page(ctx.sees - {PRACT, MANAGER, EXECUTIVE, LEARNING}),
                                     None),
        "commissioning:create_checklist": (review_url("create_checklist"), post_only_get,
                                           manager_redirects, {}),
        # The police's author confirms for themselves (the form offers only them); the business
        # manager, for them.
        "commissioning:confirm_case_files": (review_url("confirm_case_files", police_line.pk),
                                             ctx.review_page({BM, AUTHOR}),
                                             while_commissioned(ctx.review_page({BM, AUTHOR})),
                                             {"confirmed_by": people[AUTHOR].pk,
                                              **day("confirmed_on", date(2026, 3, 11)),
                                              "records_held": "The police case system.",
                                              "copy_made": "no"}),
        "commissioning:reviewers": (reverse("commissioning:reviewers"),
                                    ctx.partnership_page({BM}), None),
        "commissioning:add_reviewer": (reverse("commissioning:add_reviewer"),
                                       ctx.partnership_page({BM}),
                                       done(ctx.partnership_page({BM})),
                                       {"full_name": "Rowan Reviewer",
                                        "email": f"rowan.{code}@example.test",
                                        "organisation": "Independent", "expertise": "Neglect"}),
        "commissioning:edit_reviewer": (reverse("commissioning:edit_reviewer",
                                                args=[reviewer.pk]),
                                        ctx.partnership_page({BM}),
                                        done(ctx.partnership_page({BM})), reviewer_as_changed),
        "commissioning:appoint_lead_reviewer": (review_url("appoint_lead_reviewer"), manager,
                                                done(manager) if ctx.stage in {
                                                    Stage.COMMISSIONING, Stage.SET_UP}
                                                else manager,
                                                {"reviewer": reviewer.pk,
                                                 **day("appointed_on", date(2026, 3, 11)),
                                                 "conflict": "none"}),
        "commissioning:terms_of_reference": (review_url("terms_of_reference"), readers, None),
        "commissioning:terms_of_reference_version": (review_url("terms_of_reference_version", 1),
                                                     readers, None),
        "commissioning:approve_terms_of_reference": (
            review_url("approve_terms_of_reference", 2), manager, while_commissioned(manager),
            {**day("approved_on", date(2026, 3, 12)), "note": "At the partners' meeting."}),
        # Version 1 is no longer the one in force: refused with a message, sent back.
        "commissioning:share_terms_of_reference": (
            review_url("share_terms_of_reference", 1), manager, manager_redirects, {}),
        # After version 2 is approved: a version 3 drafted from it.
        "commissioning:draft_terms_of_reference": (review_url("draft_terms_of_reference"),
                                                   ctx.review_page({BM, SUBGROUP}),
                                                   while_commissioned(
                                                       ctx.review_page({BM, SUBGROUP})),
                                                   next_draft),
        "commissioning:name_chronology_author": (review_url("name_chronology_author", police.pk),
                                                 manager, while_commissioned(manager),
                                                 {"person": people[AUTHOR].pk,
                                                  **day("due_on", date(2027, 1, 29)),
                                                  **day("named_on", date(2026, 3, 10))}),
    }
