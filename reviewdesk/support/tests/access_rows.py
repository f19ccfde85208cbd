"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

Support records are confidential (``access.STAFF_CONFIDENTIAL``): the review's support pages are
the business manager's (``MANAGE_SUPPORT``); "I can't get the support I need" is the
practitioner's own (``ACT_AS_PRACTITIONER``); a team session is a manager's
(``RECORD_TEAM_SESSION``: the ``manager`` persona where the matrix has one). Everyone else who
sees the review gets 403. The senior contact (here the executive member, who does not see the
review before the report stage) sees the one request escalated to them; to everyone else that page
is 404, as if it did not exist. The partnership's settings pages are the business manager's.
Every free-text field holds the marker names, so a leak through any page fails.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import Agency
from reviewdesk.reviews.models import ReviewRole
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done, version_of
from reviewdesk.staff.models import (
    Practitioner,
    SupportEscalationContact,
    SupportOffer,
    SupportRequest,
    SupportService,
)

URL_NAMES = {"support:services", "support:service", "support:escalation_contact",
             "support:review", "support:add_offer", "support:change_offer", "support:request",
             "support:ask", "support:team_session", "support:escalated"}

BM, PRACT, MANAGER, EXECUTIVE, ANON = ("business_manager", "practitioner", "manager",
                                       "executive", "anonymous")


def practitioner_of(ctx: MatrixContext) -> Practitioner:
    """The practitioner persona's record on the review: the staff app's rows may have made it."""
    review, person = ctx.review, ctx.people[PRACT]
    assert person is not None
    found = Practitioner.objects.filter(review=review, person=person).first()
    if found is not None:
        return found
    membership = review.memberships.get(person=person, role=ReviewRole.PRACTITIONER,
                                        ended_at__isnull=True)
    assert membership.identity is not None and person.agency is not None
    return Practitioner.objects.create(
        review=review, person=person, membership=membership, identity=membership.identity,
        agency=person.agency, job_title=person.job_title, email=person.email,
        added_on=date(2026, 3, 3), recorded_by=ctx.business_manager)


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    senior = ctx.people[EXECUTIVE]
    assert senior is not None
    said = f"{m['practitioner']} said {m['child']} at {m['address']}. {m['typed']}"
    record = practitioner_of(ctx)
    health = Agency.objects.get(partnership=review.partnership, kind="health")
    SupportService.objects.update_or_create(agency=health, defaults={
        "name": "Staff Psychological Support", "how_to_reach": "0300 000 2222"})
    SupportEscalationContact.objects.update_or_create(partnership=review.partnership,
                                                      defaults={"person": senior})
    offer = SupportOffer.objects.create(
        review=review, practitioner=record, source=SupportOffer.Source.PARTNERSHIP,
        offered_on=date(2026, 3, 10), status_on=date(2026, 3, 10),
        follow_up_on=date(2026, 3, 24), note=f"Offered after {said}", recorded_by=bm)
    waiting = SupportRequest.objects.create(
        review=review, practitioner=record, text=f"Nobody checks on me since {said}",
        asked_on=date(2026, 3, 11), recorded_by=record.person,
        escalated_on=date(2026, 3, 16), escalated_to=senior,
        escalation_note=f"Rang {m['practitioner']}'s director. {said}",
        escalation_noted_on=date(2026, 3, 16))
    SupportRequest.objects.create(
        review=review, practitioner=record, text=f"I need counselling. {said}",
        asked_on=date(2026, 3, 12), recorded_by=record.person,
        action_taken=f"Spoke to {m['author']}. {said}", answer=f"Booked for you. {said}",
        answered_on=date(2026, 3, 13), answered_by=bm)

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[review.uuid, *args])

    only_bm = ctx.review_page({BM})
    settings = ctx.partnership_page({BM})
    senior_only = {p: 302 if p == ANON else (200 if p == EXECUTIVE else 404)
                   for p in only_bm}
    return {
        "support:services": (reverse("support:services"), settings, None),
        "support:service": (reverse("support:service", args=[health.pk]), settings,
                            done(settings), {"name": "EAP", "how_to_reach": "0800 000 3333"}),
        "support:escalation_contact": (reverse("support:escalation_contact"), settings,
                                       done(settings), {"person": senior.pk}),
        "support:review": (url("support:review"), only_bm, None),
        "support:add_offer": (url("support:add_offer", record.pk), only_bm, done(only_bm), {
            "source": "line_manager", **day("offered_on", date(2026, 3, 12)), "note": "Weekly"}),
        "support:change_offer": (url("support:change_offer", offer.pk), only_bm, done(only_bm),
                                 lambda: {"status": "taken_up",
                                          **day("status_on", date(2026, 3, 13)),
                                          "note": "Started", "version": version_of(offer)}),
        "support:request": (url("support:request", waiting.pk), only_bm, done(only_bm), {
            "action_taken": "Spoke to the agency", "answer": "They will ring you today",
            **day("answered_on", date(2026, 3, 16))}),
        "support:ask": (url("support:ask"), ctx.review_page({PRACT}),
                        done(ctx.review_page({PRACT})), {"text": "I need to talk to someone"}),
        "support:team_session": (url("support:team_session"), ctx.review_page({MANAGER}),
                                 done(ctx.review_page({MANAGER})),
                                 day("held_on", date(2026, 3, 20))),
        "support:escalated": (reverse("support:escalated", args=[waiting.pk]), senior_only,
                              done(senior_only), {"note": "Spoke to the director",
                                                  **day("noted_on", date(2026, 3, 17))}),
    }
