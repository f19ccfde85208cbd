"""For tests and the demo of the publication stage's apps: a review at publication with its
final report, and publications in any state made directly (so the public site and the time on
the website can be tested without the whole final check)."""

import hashlib
import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile

from reviewdesk.accounts.models import User
from reviewdesk.commissioning.testing import DAYS, walk
from reviewdesk.final_report.testing import final_report_for, small_pdf
from reviewdesk.publication.models import Publication
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review, ReviewKind, Stage


def at_publication(review: Review, *, by: User, kind: str = ReviewKind.LOCAL_CSPR,
                   on: date | None = None) -> FinalReport:
    """The review walked to the publication stage (the report approved), with a final report
    stored (without LibreOffice). Returns the final report."""
    on = on or DAYS["approve_publication"]
    review = walk(review, by, Stage.PUBLICATION, kind=kind, days={"approve_publication": on})
    return final_report_for(review, by=by, on=on)


def make_publication(review: Review, *, by: User, state: str = Publication.State.PUBLISHED,
                     published_on: date | None = None, slug: str = "",
                     title: str = "Child A", summary: str = "What the review found, in brief.",
                     final_report: FinalReport | None = None,
                     actions_document: bytes | None = None) -> Publication:
    """A publication made directly, in ``state``; dates follow from ``published_on`` and the
    partnership's setting, as publishing would fix them."""
    published_on = published_on or date(2027, 1, 4)
    months = review.partnership.website_months
    publication = Publication(
        review=review, slug=slug or f"{title.lower().replace(' ', '-')}-{secrets.token_hex(3)}",
        title=title, summary=summary, final_report=final_report, state=state, recorded_by=by,
        document_sha256="")
    pdf = small_pdf(f"Review of {title}")
    publication.document_sha256 = hashlib.sha256(pdf).hexdigest()
    publication.document.save(secrets.token_hex(16) + ".pdf", ContentFile(pdf), save=False)
    if actions_document is not None:
        publication.actions_document.save(secrets.token_hex(16) + ".pdf",
                                          ContentFile(actions_document), save=False)
        publication.actions_published = True
    if state == Publication.State.SCHEDULED:
        publication.scheduled_for = published_on
    else:
        publication.published_on = published_on
        publication.months_on_website = months
        publication.ends_on = published_on + relativedelta(months=months)
    if state == Publication.State.ON_REQUEST:
        publication.on_request_since = publication.ends_on
    if state == Publication.State.WITHDRAWN:
        publication.withdrawn_on = published_on + relativedelta(months=1)
        publication.withdrawal_reason = "Withdrawn at the family's request."
    publication.save()
    return publication
