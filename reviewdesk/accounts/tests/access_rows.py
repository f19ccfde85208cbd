"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py): Settings →
Agencies is the business manager's alone. Each POST sends the form its page sends: an agency is
added, a copy of the agency recorded twice is merged into it, it is changed (its version
carried), and deleted: it has a person working there, so deleting it is refused (nothing is
deleted) and the page says why; deactivating it only makes it inactive."""

from django.urls import reverse

from reviewdesk.accounts.models import Agency, User
from reviewdesk.reviews.tests.test_access_matrix import MatrixContext

URL_NAMES = {
    "accounts:agencies", "accounts:add_agency", "accounts:merge_agencies",
    "accounts:change_agency", "accounts:delete_agency", "accounts:deactivate_agency",
}

BM, ANON = "business_manager", "anonymous"


def rows(ctx: MatrixContext) -> dict:
    agency = Agency.objects.create(partnership_id=ctx.review.partnership_id,
                                   name="Matrix Ambulance Service", short_name="MAS",
                                   kind=Agency.Kind.AMBULANCE)
    code = ctx.review.partnership.code.lower()
    User.objects.create_user(f"paramedic.{code}@example.test", "x", full_name="Pam Paramedic",
                             partnership_id=ctx.review.partnership_id, agency=agency)
    twice = Agency.objects.create(partnership_id=ctx.review.partnership_id,
                                  name="Matrix Ambulance Svc", kind=Agency.Kind.AMBULANCE)

    def changed() -> dict:
        agency.refresh_from_db()
        return {"name": agency.name, "short_name": "MAS", "kind": agency.kind,
                "email": "safeguarding@mas.example.test", "staff_support": "Call 0100 000 000.",
                "is_active": "on", "version": agency.version}

    manager = ctx.partnership_page({BM})
    post_only_get = {p: (302 if p == ANON else 405) for p in manager}
    manager_redirects = {p: (302 if p == BM else code) for p, code in manager.items()}
    return {
        "accounts:agencies": (reverse("accounts:agencies"), manager, None),
        "accounts:add_agency": (reverse("accounts:add_agency"), manager, manager_redirects,
                                {"name": "Matrix Coastguard", "kind": Agency.Kind.OTHER}),
        # Confirmed (the second step's button): the copy's records move to the agency.
        "accounts:merge_agencies": (reverse("accounts:merge_agencies"), manager,
                                    manager_redirects, {"duplicate": twice.pk, "keep": agency.pk,
                                                        "confirmed": "yes"}),
        "accounts:change_agency": (reverse("accounts:change_agency", args=[agency.pk]), manager,
                                   manager_redirects, changed),
        # A button: refused, with the reason, as the agency has a person working there.
        "accounts:delete_agency": (reverse("accounts:delete_agency", args=[agency.pk]), manager,
                                   manager, {}),
        "accounts:deactivate_agency": (reverse("accounts:deactivate_agency", args=[agency.pk]),
                                       post_only_get, manager_redirects, {}),
    }
