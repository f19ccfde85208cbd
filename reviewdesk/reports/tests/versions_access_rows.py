"""Rows for the access matrix: the report's versions (docs/decisions/0054).

The version is a Word document naming every marker (family and staff identities, in every typed
form), with a note naming them again; a regulation 14 request names them too. So the matrix
proves the version's rendered text, the report page and the review page's section show them only
to those who may see them: the partner reads the text with every one of them replaced. The
executive group reads versions only from the subgroup's sign-off, which the matrix's review has
not reached (test_version_access covers it)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviewdesk.family.models import FamilyMember
from reviewdesk.reports import actions
from reviewdesk.reports.scanning import run_check
from reviewdesk.reports.tests.helpers import report_docx, report_readers
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {
    "reports:report", "reports:upload_version", "reports:version", "reports:download_version",
    "reports:family_copy", "reports:add_request", "reports:answer_request",
}

BM, PARTNER, SUBGROUP, LEAD, ANON = (
    "business_manager", "partner", "subgroup_member", "lead_reviewer", "anonymous")


def day(name: str, on: date) -> dict[str, int]:
    return {f"{name}-day": on.day, f"{name}-month": on.month, f"{name}-year": on.year}


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    data = report_docx(
        ("Introduction", 1),
        f"1.1 {m['child']} (born {m['dob']}) lived with {m['mother']} at {m['address']}.",
        f"1.2 {m['alias']}'s NHS number, {m['nhs_number']}, was on the referral from "
        f"{m['practitioner']}.", f"1.3 {m['author']} reviewed the police records.",
        f"1.4 {m['typed']}")
    version = actions.upload_version(review, by=bm, data=data,
                                     filename=f"{m['child']} report.docx",
                                     note=f"{m['mother']}'s comments on {m['child']} taken in",
                                     written_on=date(2026, 3, 20))
    assert version.draft_check_id is not None
    run_check(version.draft_check_id, unregistered=False)
    request = actions.log_information_request(
        review, by=bm, partner_for="police", requested_on=date(2026, 3, 21), asked="both",
        request=f"The draft, and what {m['practitioner']} told {m['child']}'s school.")
    # The child's grandmother took up the offer to see the draft (the family app's rows make
    # the mother's record).
    grandmother = FamilyMember.objects.create(
        review=review, identity=IdentityEntry.objects.create(
            review=review, kind=IdentityEntry.Kind.FAMILY, real_name=f"{m['alias']} Senior",
            pseudonym="Grandmother", role_title="Grandmother"),
        relationship="Grandmother", offered_draft_on=date(2026, 3, 20), wants_to_see_draft=True,
        created_by=bm)

    def url(name: str, *more: object) -> str:
        return reverse(f"reports:{name}", args=[review.uuid, *more])

    readers = ctx.review_page(report_readers(ctx, {BM, LEAD, SUBGROUP, PARTNER}))
    files = ctx.review_page({BM, LEAD, SUBGROUP})
    uploaders = ctx.review_page({BM, LEAD})
    managers = ctx.review_page({BM})
    sent_on = {p: (302 if code == 200 else code) for p, code in uploaders.items()}

    def new_version() -> dict:
        """A small report, as the upload page sends it (a new file each time: read once)."""
        return {"file": SimpleUploadedFile("report v2.docx", report_docx("Child A lived at home.")),
                "note": "", **day("written_on", date(2026, 3, 22)), "on_behalf_of": ""}

    def copy() -> dict:
        return {"member": grandmother.pk, "version": version.pk, **day("given_on", date(2026, 3, 23))}

    def new_request() -> dict:
        return {"partner_for": "health", **day("requested_on", date(2026, 3, 22)),
                "asked": "information", "request": f"What {m['author']} said.", "version": "",
                "on_behalf_of": ""}

    def answer() -> dict:
        return {**day("answered_on", date(2026, 3, 24)), "answer": f"Sent; {m['typed']}",
                "version": version.pk, "on_behalf_of": ""}

    return {
        "reports:report": (url("report"), readers, None),
        # Those allowed are sent to the new version's page.
        "reports:upload_version": (url("upload_version"), uploaders, sent_on, new_version),
        "reports:version": (url("version", version.number), readers, None),
        # Those allowed are sent to confirm it's them first.
        "reports:download_version": (url("download_version", version.number),
                                     {p: (302 if code == 200 else code)
                                      for p, code in files.items()}, None),
        # The answer to a valid form is the copy itself, every finding replaced.
        "reports:family_copy": (url("family_copy"), uploaders, uploaders, copy),
        "reports:add_request": (url("add_request"), managers,
                                {p: (302 if c == 200 else c) for p, c in managers.items()},
                                new_request),
        "reports:answer_request": (url("answer_request", request.pk), managers,
                                   {p: (302 if c == 200 else c) for p, c in managers.items()},
                                   answer),
    }
