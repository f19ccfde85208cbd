"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review has two versions of the statement, made directly: the first approved, with its files
(as approving makes them), the second a draft whose every free-text part, and the publication
check's findings kept with it, names the markers as people type them. The statement page shows
them only through each reader's redactor. Those who read the action plan (VIEW_ACTION_PLAN) read
the statement and download its files; those who manage it (MANAGE_ACTION_PLAN: the business
manager and the CSPR subgroup) make, change, check and approve it; the business manager alone
puts it with the report and sends it to the national bodies (MANAGE_PUBLICATION). The public sees
only the document put beside the report, on the public site's pages (public_site's rows).

Changing the draft (still naming the markers) and checking it are done; approving it is then
refused (the check finds the markers): the form comes back with the findings, through the
reader's redactor. Making a new version, last, is done. Putting the approved first version with
the report and sending it are refused after the access rule let the business manager in: a newer
version has replaced it.
"""

import secrets

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import Agency
from reviewdesk.action_plan import documents
from reviewdesk.action_plan.models import ActionsStatement
from reviewdesk.action_plan.testing import make_action
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.tests.test_access_matrix import (
    BM,
    EXECUTIVE,
    LEAD,
    LEARNING,
    OTHER_SUBGROUP,
    OVERSIGHT,
    SUBGROUP,
    MatrixContext,
    day,
    done,
    version_of,
)

URL_NAMES = {"statement:page", "statement:generate", "statement:edit", "statement:check",
             "statement:approve", "statement:download", "statement:publish", "statement:send"}

READERS = OVERSIGHT | {LEAD, EXECUTIVE, LEARNING}
MANAGERS = {BM, SUBGROUP, OTHER_SUBGROUP}
LIVE = [Publication.State.PUBLISHED, Publication.State.ON_REQUEST]


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    said = f"{m['child']} and {m['mother']} at {m['address']}; {m['practitioner']}. {m['typed']}"
    agency = Agency.objects.filter(partnership=review.partnership).first()
    action = make_action(review, by=bm, agency=agency,
                         number=900 + ActionsStatement.objects.count(),
                         description=f"Train staff after {m['child']}'s case. {m['typed']}")
    entry = {"action": action.pk, "heading": f"Action 1: {said}", "taken": f"Done. {said}",
             "impact": f"Shown. {said}", "more": f"Nothing. {said}"}
    approved = ActionsStatement.objects.create(
        review=review, number=1, introduction="What the partnership did.",
        body=[{"action": action.pk, "heading": "Action 1: training", "taken": "Done.",
               "impact": "Shown.", "more": "Nothing."}],
        what_more="Nothing more.", recorded_by=bm, approved_on=timezone.localdate(),
        approved_at=timezone.now(), approved_by=bm, replaced_at=timezone.now())
    sections = [documents.Section("Introduction", ["What the partnership did."])]
    approved.docx.save(secrets.token_hex(8) + ".docx",
                       ContentFile(documents.to_docx("Child A", sections)), save=False)
    approved.pdf.save(secrets.token_hex(8) + ".pdf", ContentFile(b"%PDF-1.4 actions\n%%EOF"),
                      save=False)
    approved.save()
    draft = ActionsStatement.objects.create(
        review=review, number=2, introduction=f"After {said}", body=[entry],
        what_more=f"- More for {said}", recorded_by=bm,
        scan={"version": 1, "checked_at": timezone.now().isoformat(), "findings": [
            {"text": m["child"], "part": "Introduction", "reason": "a child's name",
             "suggestion": "Child A", "category": "name", "start": 0, "end": 1},
            {"text": m["practitioner"], "part": "Action 1", "reason": "a name",
             "suggestion": "", "category": "name", "start": 0, "end": 1}]})
    # The publication that stands (the publication rows make the same one).
    if not Publication.objects.filter(review=review, state__in=LIVE).exists():
        make_publication(review, by=bm, title="Child A",
                         slug=f"child-a-{review.partnership.code}".lower())

    def url(name: str, *more: object) -> str:
        return reverse(f"statement:{name}", args=[review.uuid, *more])

    def edit_body() -> dict:
        # Still naming the markers, as typed: approving it is refused below.
        return {"introduction": f"Changed. {said}", "heading_0": "Action 1: training",
                "taken_0": f"Done. {said}", "impact_0": "Shown.", "more_0": "Nothing.",
                "what_more": "Nothing more.", "on_behalf_of": "", "version": version_of(draft)}

    readers = ctx.review_page(READERS)
    managers = ctx.review_page(MANAGERS)
    business_manager = ctx.review_page({BM})
    today = timezone.localdate()
    return {
        "statement:page": (url("page"), readers, None),
        "statement:edit": (url("edit", draft.number), managers, done(managers), edit_body),
        # A button: the check runs and they are sent back to the page.
        "statement:check": (url("check", draft.number), ctx.everyone(405, anonymous=302),
                            done(managers)),
        # The draft names the markers: approval is refused, the form back with the findings.
        "statement:approve": (url("approve", draft.number), managers, managers,
                              lambda: {**day("approved_on", today), "on_behalf_of": "",
                                       "version": version_of(draft)}),
        "statement:download": (url("download", approved.number, "docx"), readers, None),
        "statement:publish": (url("publish", approved.number), business_manager,
                              business_manager,
                              {"public": "yes", **day("effective_on", today),
                               "on_behalf_of": ""}),
        "statement:send": (url("send", approved.number), business_manager, business_manager,
                           {"bodies": ["ofsted"], **day("sent_on", today), "on_behalf_of": ""}),
        # Last: the new version replaces the draft the rows above change.
        "statement:generate": (url("generate"), managers, done(managers),
                               {"source": "copy", "on_behalf_of": ""}),
    }
