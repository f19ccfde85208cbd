"""For tests and the demo: a report approved by everyone who must, on its latest version, with
the Executive Group's agreement to publish, so a review can move to publication
(``commissioning.testing.meet`` calls ``approve_the_report`` by name before that step)."""

import io
from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.commissioning.testing import partner
from reviewdesk.reports.actions import upload_version
from reviewdesk.reports.models import DraftFinding, ReportVersion
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.models import Review
from reviewdesk.signoff import actions, checks, selectors


def clean_report(title: str = "Local child safeguarding practice review: Child A") -> bytes:
    """A short report in Word that names nobody: nothing for the publication check to find."""
    from docx import Document

    document = Document()
    document.add_heading(title, 1)
    document.add_heading("Introduction", 2)
    document.add_paragraph("This review looks at how agencies worked with the family.")
    document.add_heading("Recommendations", 2)
    document.add_paragraph("1. The partnership should review how information is shared.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(version: ReportVersion) -> bool:
    """Checked, with no identifying finding left open."""
    check = version.draft_check
    return check is not None and check.status == check.Status.DONE and not (
        DraftFinding.objects.visible().filter(draft_check=check).exists())


def approve_the_report(review: Review, *, by: User, on: date, publish: bool = True,
                       version: ReportVersion | None = None) -> ReportVersion:
    """What is missing of the sign-off, recorded by the business manager ``by`` on the day ``on``
    (or the latest day the records allow): a version (a clean one, when the review has none), the
    subgroup's and the Executive Group's sign-off, its decision on publication and the three
    partners' approval (on their behalf)."""
    review.refresh_from_db()
    version = version or selectors.latest_version(review)
    if version is None or not _clean(version):
        # The walk's report as it is signed off: checked now (as the worker would) and naming
        # nobody, so nothing the publication check finds stands in the way.
        version = upload_version(review, by=by, data=clean_report(), filename="report.docx",
                                 note="The report as signed off", written_on=on)
        assert version.draft_check_id is not None
        run_check(version.draft_check_id)
        version.refresh_from_db()
    state = selectors.approval_state(review)
    day = max([on, version.written_on, *[a.decided_on for a in state.approvals]])
    if state.subgroup is None:
        checks.accept_checklist_as_it_is(version, by=by, on=day,
                                          reason="Accepted as it is for this walk through.")
        actions.record_subgroup_sign_off(version, by=by, decided_on=day)
    if state.executive is None:
        actions.sign_off_for_executive(version, by=by, decided_on=day)
    if state.publication is None and state.publication_required:
        actions.decide_publication(version, by=by, decided_on=day, agrees=publish,
                                   reasons="" if publish else "Not in the public interest.")
    for partner_for in selectors.PARTNERS:
        if state.partner(partner_for) is None:
            partner(review, partner_for)  # there to record it for
            actions.approve_as_partner(version, by=by, decided_on=day, partner_for=partner_for)
    return version

