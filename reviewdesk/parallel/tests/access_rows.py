"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

Two processes carry marker names in every free-text field: an 'other' process still open (its
kind in words, reference, who leads it, their role and contact, the first status's note), so the
panel at the top of every page of the review shows markers to everyone who sees the review,
through their redactor; and a concluded investigation (its outcome and notes). Everyone who sees
the review reads the list; only the business manager adds a process or records a change, at any
stage (a police investigation or an inquest may run at any point of a review).

The advice to staff: its rows follow (see ``_advice_rows``).
"""

from datetime import date

from django.urls import reverse

from reviewdesk.parallel import actions
from reviewdesk.parallel.models import NoContact, ProcessKind, ProcessState
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

PROCESS_URL_NAMES = {"parallel:processes", "parallel:add_process", "parallel:record_status"}

BM = "business_manager"


def _process_rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    open_one = actions.record_process(
        review, by=bm, kind=ProcessKind.OTHER, other_kind=f"Inquiry into {m['child']}'s care",
        reference=f"Operation {m['alias']}", lead_name=m["practitioner"],
        lead_role=f"Senior investigating officer, with {m['author']}",
        lead_contact=f"Through {m['mother']}'s solicitor", opened_on=date(2026, 3, 5),
        note=m["typed"])
    concluded = actions.record_process(
        review, by=bm, kind=ProcessKind.POLICE_INVESTIGATION, opened_on=date(2026, 3, 4),
        reference=f"{m['nhs_number']}", lead_name=m["author"])
    actions.record_process_status(
        concluded, by=bm, state=ProcessState.CONCLUDED, effective_on=date(2026, 3, 9),
        outcome=f"{m['mother']} was charged; {m['typed']}", note=f"Told by {m['practitioner']}.")
    readers = ctx.review_page(ctx.sees)
    managers = ctx.review_page({BM})
    added = {"kind": ProcessKind.OTHER, "other_kind": f"Hearing about {m['child']}",
             "reference": f"Case of {m['mother']}", "lead_name": m["practitioner"],
             "lead_role": f"Judge; {m['typed']}", "lead_contact": f"Via {m['author']}",
             "note": m["typed"], **day("opened_on", date(2026, 3, 6)), "on_behalf_of": ""}
    # Listing may follow listing (a new date), so the form stays valid for every person.
    listed = {"state": ProcessState.LISTED, **day("effective_on", date(2026, 3, 12)),
              **day("listed_for", date(2027, 1, 11)), "outcome": "",
              "note": f"{m['mother']} is to give evidence; {m['typed']}", "on_behalf_of": ""}
    return {
        "parallel:processes": (reverse("parallel:processes", args=[review.uuid]), readers, None),
        "parallel:add_process": (reverse("parallel:add_process", args=[review.uuid]), managers,
                                 done(managers), added),
        "parallel:record_status": (
            reverse("parallel:record_status", args=[review.uuid, open_one.pk]), managers,
            done(managers), listed),
    }


ADVICE_URL_NAMES = {"parallel:advice", "parallel:acknowledge_advice", "parallel:lift_restriction",
             "parallel:lift_advice", "parallel:set_advice"}

PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP = (
    "partner", "scrutineer", "subgroup_member", "other_subgroup")
LEAD, AUTHOR, PRACT, MANAGER = "lead_reviewer", "agency_author", "practitioner", "manager"
# Permission.ACKNOWLEDGE_ADVICE: the review's team (a practitioner's manager too: they are held
# to it). VIEW_ADVICE: them and the oversight roles.
TEAM = {SUBGROUP, LEAD, AUTHOR, PRACT, MANAGER}
READERS = TEAM | {BM, PARTNER, SCRUTINEER, OTHER_SUBGROUP}


def _advice_rows(ctx: MatrixContext) -> dict:
    review, m = ctx.review, ctx.markers
    # No contact with the mother's partner, not the mother: the family's rows record contact
    # with her, and would rightly be refused.
    partner = review.identities.create(
        kind=IdentityEntry.Kind.OTHER_PERSON, real_name=f"Partner of {m['mother']}",
        pseudonym="Mother's partner", role_title="Mother's partner")
    advice = actions.set_advice(
        review, by=ctx.business_manager, effective_on=date(2026, 3, 4),
        text=f"Do not discuss what {m['mother']} told {m['practitioner']}. {m['typed']}",
        requested_by=f"DI Okafor, about {m['child']}", no_contact=[partner],
        topics=[f"What {m['child']} said to {m['author']}", m["typed"]],
        chronology_restrictions=[{"date_from": date(2000, 1, 1), "date_to": date(2000, 1, 2)}])
    no_contact = NoContact.objects.get(advice=advice)
    base = [review.uuid]

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[*base, *args])

    post_only = {p: (302 if p == "anonymous" else 405) for p in ctx.review_page(READERS)}
    manager = ctx.review_page({BM})
    new_advice = {
        "text": f"{m['mother']} has been charged: staff may talk among themselves, not to "
                f"{m['mother']}. {m['typed']}",
        **day("effective_on", date(2026, 3, 20)),
        "requested_by": f"Coroner's officer for {m['child']}", "no_contact": [partner.pk],
        "topics": f"{m['child']}'s injuries\n{m['typed']}",
        **day("range1_date_from", date(2000, 2, 1)), **day("range1_date_to", date(2000, 2, 2)),
        "range1_lead_reviewers_see": "on", "range1_business_manager_sees": "on"}
    return {
        "parallel:advice": (url("parallel:advice"), ctx.review_page(READERS), None),
        "parallel:acknowledge_advice": (url("parallel:acknowledge_advice", advice.pk), post_only,
                                        done(ctx.review_page(TEAM)), {}),
        "parallel:lift_restriction": (
            url("parallel:lift_restriction", advice.pk, "no-contact", no_contact.pk), manager,
            done(manager), day("lifted_on", date(2026, 3, 10))),
        "parallel:lift_advice": (
            url("parallel:lift_advice", advice.pk), manager, done(manager),
            {**day("lifted_on", date(2026, 3, 11)),
             "reason": f"{m['mother']} was charged; {m['practitioner']} was told. {m['typed']}"}),
        "parallel:set_advice": (url("parallel:set_advice"), manager, done(manager), new_advice),
    }


URL_NAMES = PROCESS_URL_NAMES | ADVICE_URL_NAMES


def rows(ctx: MatrixContext) -> dict:
    return _process_rows(ctx) | _advice_rows(ctx)
