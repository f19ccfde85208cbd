"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The list of practitioners is read by those who may see the staff side
(``VIEW_PRACTITIONERS``): the business manager, the review's lead reviewer and subgroup member
with names, the partnership's oversight roles (partner, scrutineer, the other subgroup member)
with role labels. Its forms are the business manager's, the lead reviewer's and the review's
subgroup member's (``MANAGE_PRACTITIONERS``). Everyone else who sees the review — the executive
group, the L&D subgroup, the agency author, the practitioner (and a manager) — gets 403.

A practitioner added from a list carries the practitioner marker in their name, and their job
names the matrix's practitioner and the child; another practitioner's removal reason is the
typed marker text, so a reader
without staff identities who is shown a name fails. The people the rows invite have plain names:
their invitations go to addresses outside the matrix's people, which may show no identity.
The pages answer at every stage; on a closed review the forms come back with the reason.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import Agency, User
from reviewdesk.reviews.tests.test_access_matrix import (
    BM,
    LEAD,
    OTHER_SUBGROUP,
    PARTNER,
    SCRUTINEER,
    SUBGROUP,
    MatrixContext,
    day,
    done,
    version_of,
)
from reviewdesk.staff import actions
from reviewdesk.staff.practitioner_file import parse

URL_NAMES = {"staff:practitioners", "staff:add", "staff:add_list", "staff:change",
             "staff:remove"}

READERS = {BM, LEAD, SUBGROUP, PARTNER, SCRUTINEER, OTHER_SUBGROUP}  # VIEW_PRACTITIONERS
MANAGERS = {BM, LEAD, SUBGROUP}  # MANAGE_PRACTITIONERS
ON = date(2026, 3, 12)


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    domain = bm.email.split("@", 1)[1]
    health = Agency.objects.get(partnership=review.partnership, kind="health")
    leaver = actions.add_practitioner(
        review, by=bm, name="Rowan Leaver", email=f"rowan.leaver@{domain}", agency=health,
        job_title="School Nurse", manager_email=f"magnus.boss@{domain}",
        manager_name="Magnus Boss", added_on=ON)
    # A practitioner named with the marker in a list, with a sign-in already (so no invitation,
    # which may show no identity to an address outside the matrix's people); their job names the
    # matrix's practitioner and the child. (The matrix's practitioner stays as the team page
    # made them: the other staff apps' rows give them their record.)
    junior = f"{m['practitioner']} Junior"
    User.objects.create_user(f"junior.practitioner@{domain}", None, full_name=junior,
                             partnership=review.partnership, agency=health)
    actions.add_practitioners(review, parse(
        f"{junior},junior.practitioner@{domain},{health.short_name or health.name},"
        f"Health Visitor for {m['child']}'s family with {m['practitioner']},"
        f"magnus.boss@{domain}\n").rows, by=bm, added_on=ON)
    # Changed by the change row (the team page's row removes the matrix's practitioner).
    changing = actions.add_practitioner(
        review, by=bm, name="Cary Changer", email=f"cary.changer@{domain}", agency=health,
        job_title="Social Worker", added_on=ON)
    gone = actions.add_practitioner(
        review, by=bm, name="Gale Gone", email=f"gale.gone@{domain}", agency=health,
        job_title="Midwife", added_on=ON)
    actions.remove_practitioner(gone, by=bm, ended_on=ON, reason=m["typed"])

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[review.uuid, *args])

    def change_body() -> dict:
        return {"job_title": f"Senior Health Visitor, with {m['practitioner']}",
                "manager_email": f"magnus.boss@{domain}", "manager_name": "",
                **day("changed_on", date(2026, 3, 13)), "version": version_of(changing)}

    listed = (f"name,e-mail,agency,job,manager e-mail\n"
              f"Tobias Listed,tobias.listed@{domain},{health.name},Social Worker,"
              f"magnus.boss@{domain}\n")
    form = ctx.review_page(MANAGERS)
    # A closed review takes no changes: the form comes back with the reason.
    posted = form if ctx.stage == "closed" else done(form)
    return {
        "staff:practitioners": (url("staff:practitioners"), ctx.review_page(READERS), None),
        "staff:add": (url("staff:add"), form, posted, {
            "name": "Sorrel Added", "email": f"sorrel.added@{domain}", "agency": health.pk,
            "job_title": "Paediatrician", "manager_email": "", "manager_name": "",
            **day("added_on", date(2026, 3, 13))}),
        # The confirmation step (the list as checked): all of it is added.
        "staff:add_list": (url("staff:add_list"), form, posted, {
            "content": listed, **day("added_on", date(2026, 3, 13))}),
        "staff:change": (url("staff:change", changing.pk), form, posted, change_body),
        "staff:remove": (url("staff:remove", leaver.pk), form, posted, {
            "reason": f"Moved away; {m['typed']}", **day("ended_on", date(2026, 3, 13))}),
    }
