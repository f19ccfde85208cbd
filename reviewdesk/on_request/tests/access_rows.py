"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The review's report is published (made directly, or the one another app's rows made), with an
early withdrawal started for a reason naming every marker, and the health partner's agreement
with a note naming them too, so the time on the website's page shows them only through each
reader's redactor. It is read by those who may see the publication stage's records
(VIEW_PUBLICATION); the withdrawal is the business manager's (MANAGE_PUBLICATION) and each
partner's agreement theirs or the business manager's for them (AGREE_WITHDRAWAL). Starting it
again is refused on the form (it is started), as is withdrawing it (two partners have not agreed):
those allowed see the form again with the reason. Two requests from a member of the public, their
reasons naming every marker: one the business manager sends the report to, one they decline with
reasons naming them all (the e-mail to the requester carries pseudonyms only). The request log,
the requests and the settings are the business manager's.
"""

from datetime import date

from django.urls import reverse

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.publication.models import Publication, ReportRequest, WithdrawalAgreement
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.tests.test_access_matrix import (
    STAGES,
    MatrixContext,
    day,
    done,
    version_of,
)

URL_NAMES = {"on_request:settings", "on_request:website", "on_request:start_withdrawal",
             "on_request:agree", "on_request:withdraw", "on_request:requests",
             "on_request:request", "on_request:send", "on_request:decline"}

BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD, EXECUTIVE = (
    "business_manager", "partner", "scrutineer", "subgroup_member", "other_subgroup",
    "lead_reviewer", "executive")
LIVE = [Publication.State.PUBLISHED, Publication.State.ON_REQUEST]


def rows(ctx: MatrixContext) -> dict:
    review, bm, m = ctx.review, ctx.business_manager, ctx.markers
    publication = (Publication.objects.filter(review=review, state__in=LIVE).first()
                   or make_publication(review, by=bm, published_on=date(2026, 9, 14),
                                       title="Child A", slug=f"child-a-{review.partnership.code}"
                                       .lower()))
    publication.withdrawal_reason = (f"{m['mother']} asked: {m['child']} ({m['alias']}) of "
                                     f"{m['address']} would be known. {m['typed']}")
    publication.save(update_fields=["withdrawal_reason"])
    WithdrawalAgreement.objects.create(
        publication=publication, partner_for=PartnerFor.HEALTH, agreed_on=date(2026, 10, 1),
        reason=f"As {m['practitioner']} and {m['author']} said. {m['typed']}", recorded_by=bm)

    def asked(n: int) -> ReportRequest:
        return ReportRequest.objects.create(
            publication=publication, name=f"Robin Reader {n}", email=f"reader{n}@example.org",
            reason=f"About {m['child']} and {m['mother']}, as {m['practitioner']} said. "
                   f"{m['typed']}", received_on=date(2026, 11, 2), due_on=date(2026, 11, 30),
            client_hash="0" * 64)

    to_send, to_decline = asked(1), asked(2)

    def url(name: str) -> str:
        return reverse(f"on_request:{name}", args=[review.uuid])

    def of(name: str, asked: ReportRequest) -> str:
        return reverse(f"on_request:{name}", args=[asked.uuid])

    executive = {EXECUTIVE} if STAGES.index(ctx.stage) >= STAGES.index("report") else set()
    readers = ctx.review_page({BM, PARTNER, SCRUTINEER, SUBGROUP, OTHER_SUBGROUP, LEAD}
                              | executive)
    manager = ctx.review_page({BM})
    agreeing = ctx.review_page({BM, PARTNER})
    business_manager = ctx.partnership_page({BM})
    sent_on = done(business_manager)
    today = date(2026, 12, 1)
    partnership = review.partnership

    def settings_form() -> dict:
        return {"website_months": "12", "request_working_days": "20",
                "version": version_of(partnership)}

    return {
        "on_request:settings": (reverse("on_request:settings"), business_manager, sent_on,
                                settings_form),
        "on_request:website": (url("website"), readers, None),
        # Already started: refused on the form.
        "on_request:start_withdrawal": (url("start_withdrawal"), manager, manager,
                                        {"reason": f"Again; {m['typed']}"}),
        "on_request:agree": (url("agree"), agreeing, done(agreeing),
                             {**day("agreed_on", today), "partner_for": PartnerFor.POLICE,
                              "note": f"Agreed; {m['typed']}"}),
        # Not every partner has agreed: refused on the form, naming them.
        "on_request:withdraw": (url("withdraw"), manager, manager, day("withdrawn_on", today)),
        "on_request:requests": (reverse("on_request:requests") + "?show=all", business_manager,
                                None),
        "on_request:request": (of("request", to_send), business_manager, None),
        "on_request:send": (of("send", to_send), business_manager, sent_on,
                            day("responded_on", today)),
        "on_request:decline": (of("decline", to_decline), business_manager, sent_on,
                               {**day("responded_on", today),
                                "reasons": f"{m['mother']} asked us not to; {m['typed']}"}),
    }
