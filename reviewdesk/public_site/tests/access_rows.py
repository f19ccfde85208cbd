"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The public site's pages are everyone's: the same page for anyone, signed in or not, of this
partnership or another (``PUBLIC_URL_NAMES``: the matrix expects no 404 for strangers on them, and
lets their responses to visitors who are not signed in be kept in caches for a few minutes). They
ask no permission, so they have no PERMISSION_ROWS key. The publication is made on a review of
its own, so the publication stage's own rows may publish, move or withdraw the marked review's.
Free text a member of the public types into the request form names the marked review's people (a
mother asking for the report), for the staff pages that show requests to redact.
"""

from datetime import date

from reviewdesk.final_report.testing import small_pdf
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews import actions
from reviewdesk.reviews.models import Incident
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {"public_site:index", "public_site:report", "public_site:report_pdf",
             "public_site:actions_pdf", "public_site:request", "public_site:request_sent",
             "public_site:robots"}
PUBLIC_URL_NAMES = URL_NAMES


def rows(ctx: MatrixContext) -> dict:
    bm, m, partnership = ctx.business_manager, ctx.markers, ctx.review.partnership
    code = partnership.code.lower()
    aware = date(2026, 3, 2)
    review = actions.record_incident(
        partnership, by=bm, children=[{"name": f"Nerys Published {partnership.code}",
                                       "looked_after": False}],
        what_happened=Incident.WhatHappened.SERIOUS_HARM,
        abuse_or_neglect=Incident.AbuseOrNeglect.SUSPECTED, incident_date=aware,
        la_aware_on=aware, summary="A child was seriously hurt.", agencies=[])
    publication = make_publication(
        review, by=bm, slug=f"child-p-{code}", title="Child P",
        summary="What the agencies learned, and what they changed.",
        published_on=date(2026, 11, 2), actions_document=small_pdf("Actions taken"))
    slug = publication.slug
    everyone = ctx.everyone(200)

    def request_body() -> dict:
        return {"name": m["mother"], "email": f"asker.{code}@example.org", "report": slug,
                "reason": f"I am {m['child']}'s mother. {m['typed']}", "website": ""}

    return {
        "public_site:index": ("/published/", everyone, None),
        "public_site:report": (f"/published/{slug}/", everyone, None),
        "public_site:report_pdf": (f"/published/{slug}/report.pdf", everyone, None),
        "public_site:actions_pdf": (f"/published/{slug}/actions.pdf", everyone, None),
        # Anyone may ask; a valid request is taken and the asker sent to the thank-you page.
        "public_site:request": (f"/published/{slug}/request/", everyone, ctx.everyone(302),
                                request_body),
        "public_site:request_sent": (f"/published/{slug}/request/sent/", everyone, None),
        "public_site:robots": ("/robots.txt", everyone, None),
    }
