"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

Two processes carry marker names in every free-text field: an 'other' process still open (its
kind in words, reference, who leads it, their role and contact, the first status's note), so the
panel at the top of every page of the review shows markers to everyone who sees the review,
through their redactor; and a concluded investigation (its outcome and notes). Everyone who sees
the review reads the list; only the business manager adds a process or records a change, at any
stage (a police investigation or an inquest may run at any point of a review).
"""

from datetime import date

from django.urls import reverse

from reviewdesk.parallel import actions
from reviewdesk.parallel.models import ProcessKind, ProcessState
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, day, done

URL_NAMES = {"parallel:processes", "parallel:add_process", "parallel:record_status"}

BM = "business_manager"


def rows(ctx: MatrixContext) -> dict:
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
