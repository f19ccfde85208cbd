"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

A version whose headings and paragraphs name every marker (the child in every form, the mother,
the practitioner and the agency author), with acronyms and jargon so every item has details, and
an acceptance whose reason names the child. Its checklist is read by those who may read the
report (``READ_REPORT``: the business manager, the lead reviewer, the review's subgroup member,
the partner) through their redactor; items are accepted by the business manager
(``MANAGE_REPORT``). The partnership's lists are the business manager's.
"""

from django.urls import reverse

from reviewdesk.checklist import actions
from reviewdesk.reports import actions as report_actions
from reviewdesk.reports.models import RequiredSection
from reviewdesk.reports.scanning import run_check
from reviewdesk.reports.tests.helpers import report_docx, report_readers
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext, done

URL_NAMES = {"checklist:lists", "checklist:add_section", "checklist:change_section",
             "checklist:remove_section", "checklist:jargon", "checklist:checklist",
             "checklist:accept", "checklist:withdraw"}

BM, PARTNER, SUBGROUP, LEAD, ANON = ("business_manager", "partner", "subgroup_member",
                                     "lead_reviewer", "anonymous")


def draft(m: dict[str, str]) -> list:
    return [
        (f"Introduction: {m['child']}", 1),
        f"1.1 {m['child']} ({m['alias']}) lived with {m['mother']} at {m['address']}. The "
        f"MASH was told by {m['practitioner']} going forward.",
        (f"{m['child']} and his family", 1),
        f"2.1 {m['typed']} {m['author']} reviewed the records prior to the ICPC.",
        ("Recommendations", 1),
        f"3.1 {m['practitioner']}'s agency should tell the school what happens next.",
    ]


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    version = report_actions.upload_version(review, by=bm, data=report_docx(*draft(m)),
                                            filename=f"{m['child']} report.docx")
    assert version.draft_check_id is not None
    run_check(version.draft_check_id, unregistered=False)
    actions.work_out(version)
    accepted = actions.accept_item(version, by=bm, item="passive",
                                   reason=f"{m['child']}'s story reads better so.")
    actions.ensure_lists(review.partnership_id)
    section = RequiredSection.objects.filter(partnership=review.partnership).first()
    assert section is not None

    def url(name: str, *more: object) -> str:
        return reverse(f"checklist:{name}", args=[review.uuid, version.number, *more])

    readers = ctx.review_page(report_readers(ctx, {BM, LEAD, SUBGROUP, PARTNER}))
    managers = ctx.review_page({BM})
    settings = ctx.partnership_page({BM})
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == ANON else 405) for p in managers}

    return {
        "checklist:checklist": (url("checklist"), readers, None),
        "checklist:accept": (url("accept", "jargon"), managers, done(managers),
                             lambda: {"reason": f"{m['child']}'s reviewer explains each term.",
                                      **_today("accepted_on")}),
        # A button: those allowed are sent back to the checklist.
        "checklist:withdraw": (url("withdraw", accepted.pk), post_only_get, done(managers), {}),
        "checklist:lists": (reverse("checklist:lists"), settings, None),
        "checklist:add_section": (reverse("checklist:add_section"), settings, done(settings),
                                  {"name": "Voice of the child", "headings": "Child's voice"}),
        "checklist:change_section": (reverse("checklist:change_section", args=[section.pk]),
                                     settings, done(settings),
                                     {"name": section.name, "headings": section.headings}),
        "checklist:jargon": (reverse("checklist:jargon"), settings, done(settings),
                             {"terms": "utilise = use"}),
        # A button; the section is gone afterwards, so it comes last of the settings rows.
        "checklist:remove_section": (reverse("checklist:remove_section", args=[section.pk]),
                                     {p: (302 if p == ANON else 405) for p in settings},
                                     done(settings), {}),
    }


def _today(name: str) -> dict[str, int]:
    from django.utils import timezone

    on = timezone.localdate()
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}
