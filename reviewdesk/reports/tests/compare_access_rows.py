"""Access matrix rows for comparing two versions of the report, kept apart from the
publication check's and the versions' rows (reviewdesk/reviews/tests/test_access_matrix.py
collects every ``tests/*_access_rows.py``).

Both versions name every marker, in paragraphs that stay the same, in words that change and in
a paragraph added, and the file is named after the child; so the matrix proves the comparison
shows them only to those who may see them (the partners read it redacted) and to no one else.
"""

from django.urls import reverse

from reviewdesk.reports import actions
from reviewdesk.reports.scanning import run_check
from reviewdesk.reports.tests.helpers import report_docx
from reviewdesk.reviews.tests.test_access_matrix import STAGES, MatrixContext

URL_NAMES = {"reports:compare"}

BM, SUBGROUP, LEAD, PARTNER, EXECUTIVE = (
    "business_manager", "subgroup_member", "lead_reviewer", "partner", "executive")


def _version(ctx: MatrixContext, *blocks: str | tuple[str, int]) -> None:
    m = ctx.markers
    version = actions.upload_version(ctx.review, by=ctx.business_manager, data=report_docx(*blocks),
                                     filename=f"{m['child']} report.docx",
                                     note=f"{m['alias']}'s part rewritten")
    assert version.draft_check_id is not None
    run_check(version.draft_check_id, unregistered=False)


def rows(ctx: MatrixContext) -> dict:
    m = ctx.markers
    _version(ctx, ("1. Introduction", 1),
             f"1.1 {m['child']} (born {m['dob']}) lived with {m['mother']}.",
             f"1.2 {m['practitioner']} saw {m['alias']} twice; the NHS number {m['nhs_number']} "
             "was on the referral.",
             f"1.3 {m['author']} reviewed the police records.", (f"2. {m['child']}'s story", 1),
             f"2.1 {m.get('typed', '')}")
    _version(ctx, ("1. Introduction", 1),
             f"1.1 {m['child']} (born {m['dob']}) lived with {m['mother']} and an older sister.",
             f"1.2 {m['practitioner']} saw {m['alias']} three times; the NHS number "
             f"{m['nhs_number']} was on the referral.",
             f"1.3 {m['author']} reviewed the police records.", (f"2. {m['child']}'s story", 1),
             f"2.1 {m.get('typed', '')}", f"2.2 {m['mother']} spoke to {m['author']} at home.")
    review = ctx.review
    readers = {BM, SUBGROUP, LEAD, PARTNER}
    # The executive group reads the report once the subgroup's sign-off stands (access.py); beyond
    # the report stage it does (the move to publication needs the report signed off: the walk
    # signs it off, reviewdesk.signoff).
    if review.report_approvals.filter(step="subgroup", withdrawn_at__isnull=True).exists() or \
            STAGES.index(ctx.stage) > STAGES.index("report"):
        readers |= {EXECUTIVE}
    compare = reverse("reports:compare", args=[review.uuid]) + "?from=1&to=2"
    return {"reports:compare": (compare, ctx.review_page(readers), None)}
