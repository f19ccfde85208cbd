"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The checked draft names every marker (family and staff identities) and is uploaded under a file
name holding the child's name; one of its findings is marked as a false alarm with a reason that
names the child again. So the matrix proves that the check's pages, the review page's section
and the false alarms show them only to those who may see them.
"""


from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviewdesk.reports import actions
from reviewdesk.reports.scanning import run_check
from reviewdesk.reviews.tests.test_access_matrix import OVERSIGHT, MatrixContext

URL_NAMES = {
    "reports:checks", "reports:upload", "reports:check", "reports:check_status",
    "reports:mark_false_alarm", "reports:undo_false_alarm", "reports:download_original",
    "reports:download_corrected", "reports:retry_check",
}

BM, SUBGROUP, LEAD, EXECUTIVE, ANON = (
    "business_manager", "subgroup_member", "lead_reviewer", "executive", "anonymous")

def draft(m: dict[str, str]) -> str:
    return (f"{m['child']} (born {m['dob']}) lived with {m['mother']} at the family home.\n\n"
            f"{m['alias']}'s NHS number, {m['nhs_number']}, was on the referral from "
            f"{m['practitioner']}.\n\n{m['author']} reviewed the police records.\n\n"
            f"{m.get('typed', '')}\n")


def rows(ctx: MatrixContext) -> dict:
    review, bm = ctx.review, ctx.business_manager
    m = ctx.markers
    check = actions.upload_draft(review, by=bm, data=draft(m).encode(),
                                 filename=f"{m['child']} final draft.txt")
    run_check(check.pk, unregistered=False)
    alias = check.findings.get(text=m["alias"] + "'s")
    alarm = actions.mark_false_alarm(alias, by=bm, reason=f"{m['alias']} is on the form only.")

    def url(name: str, *more: object) -> str:
        return reverse(f"reports:{name}", args=[review.uuid, *more])

    viewers = ctx.review_page(OVERSIGHT | {LEAD} | ({EXECUTIVE} & ctx.sees))
    checkers = ctx.review_page({BM, LEAD, SUBGROUP})
    # POST only: a GET is refused before anything is looked up.
    post_only_get = {p: (302 if p == ANON else 405) for p in checkers}
    # Those allowed are sent back to the check (the undo is done; a .txt has no corrected copy).
    redirected = {p: (302 if code == 200 else code) for p, code in checkers.items()}
    n = check.number
    finding = check.findings.exclude(pk=alias.pk).first()

    def new_draft() -> dict:
        """A small plain-text draft, as the upload page sends it (a new file object each time:
        an upload is read once)."""
        return {"file": SimpleUploadedFile("second draft.txt", b"Child A lived at home.\n",
                                           content_type="text/plain")}

    return {
        "reports:checks": (url("checks"), viewers, None),
        # Those allowed are sent to the new check.
        "reports:upload": (url("upload"), checkers, redirected, new_draft),
        "reports:check": (url("check", n), viewers, None),
        "reports:check_status": (url("check_status", n), viewers, None),
        "reports:mark_false_alarm": (url("mark_false_alarm", n, finding.pk), checkers,
                                     redirected, {"reason": "An ordinary word here."}),
        # A button.
        "reports:undo_false_alarm": (url("undo_false_alarm", n, alarm.pk), post_only_get,
                                     redirected, {}),
        # Those allowed are sent to confirm it's them first.
        "reports:download_original": (url("download_original", n), redirected, None),
        # The check is done: a retry is refused with a message and they are sent back to it.
        "reports:retry_check": (url("retry_check", n), post_only_get, redirected, {}),
        "reports:download_corrected": (url("download_corrected", n), redirected, None),
    }
