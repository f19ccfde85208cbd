"""Rows for the access matrix (reviewdesk/reviews/tests/test_access_matrix.py).

The practitioner is on the practitioner list (not yet told) with two questions carrying marker
names (one brought in to the lead reviewer); every answer typed names people too. Telling staff,
the expected dates and the digest are the business manager's; a question is asked by the
practitioner alone; the questions are read and answered by the person each went to (the review's
subgroup member, for the practitioner's agency), the business manager and, once brought in, the
lead reviewer.
"""

from datetime import date

from django.apps import apps
from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.informing import actions
from reviewdesk.informing.tests.helpers import on_the_list
from reviewdesk.reviews.tests.test_access_matrix import STAGES, MatrixContext, day, done

URL_NAMES = {"informing:staff", "informing:tell", "informing:expected_dates", "informing:digest",
             "informing:questions", "informing:ask", "informing:answer",
             "informing:bring_in_lead_reviewer"}

BM, SUBGROUP, LEAD, PRACT = "business_manager", "subgroup_member", "lead_reviewer", "practitioner"


def rows(ctx: MatrixContext) -> dict:
    review, m, bm = ctx.review, ctx.markers, ctx.business_manager
    person = ctx.people[PRACT]
    assert person is not None
    if not apps.is_installed("reviewdesk.conversations"):
        # The practitioner persona's own entry on the list, for their page and their question.
        # The conversations app's rows (after these) make it, and make it unconditionally.
        on_the_list(review, person, by=bm)
    # The seeded questions are a colleague's from the same agency (the persona's entry may not
    # exist yet): the matrix's own rows have already picked the persona's membership to end.
    colleague = User.objects.create_user(
        f"colleague.{review.partnership.code.lower()}@example.test", "x",
        full_name="Ottoline Ashgrove", partnership=review.partnership,
        agency=person.agency, job_title="Health Visitor")
    practitioner = on_the_list(review, colleague, by=bm)
    asked = actions.ask_question(
        practitioner, by=colleague,
        text=f"May I tell {m['mother']} that {m['author']} spoke to me? {m['typed']}")
    brought_in = actions.ask_question(
        practitioner, by=colleague, text=f"Is {m['child']} at {m['address']} still in scope?")
    actions.bring_in_lead_reviewer(brought_in, by=bm)
    base = [review.uuid]

    def tell_body() -> dict:
        # The business manager's own earlier row took the practitioner off the review: someone
        # new joins the list, so there is somebody to tell.
        if not actions.not_yet_told(review):
            newcomer = User.objects.create_user(
                f"newcomer.{review.partnership.code.lower()}@example.test", "x",
                full_name="Ottoline Newcombe", partnership=review.partnership,
                agency=person.agency, job_title="School nurse")
            on_the_list(review, newcomer, by=bm)
        return {**day("told_on", date(2026, 3, 12)), "on_behalf_of": ""}

    def url(name: str, *args: object) -> str:
        return reverse(name, args=[*base, *args])

    manager = ctx.review_page({BM})
    # Told once the partners have decided to hold the review, while it is open: before, or once
    # closed, the form comes back saying so.
    decided = STAGES.index("commissioning") <= STAGES.index(ctx.stage) < STAGES.index("closed")
    answerers = ctx.review_page({BM, SUBGROUP, LEAD})
    routed = ctx.review_page({BM, SUBGROUP})
    post_only = {p: (302 if code == 302 else 405) for p, code in routed.items()}
    return {
        "informing:staff": (url("informing:staff"), manager, None),
        "informing:tell": (url("informing:tell"), manager,
                           done(manager) if decided else manager, tell_body),
        # A date for the last stage (there is none to set once closed: nothing to save).
        "informing:expected_dates": (url("informing:expected_dates"), manager, done(manager),
                                     day("closed", date(2099, 1, 4))),
        "informing:digest": (url("informing:digest"), manager, done(manager),
                             {"email_digest": "yes"}),
        "informing:questions": (url("informing:questions"), answerers, None),
        "informing:ask": (url("informing:ask"), ctx.review_page({PRACT}),
                          done(ctx.review_page({PRACT})),
                          {"text": f"Can {m['practitioner']} see {m['child']}'s file? "
                                   f"{m['typed']}"}),
        "informing:answer": (url("informing:answer", brought_in.pk), answerers, done(answerers),
                             {"answer": f"Not {m['mother']}'s, and ask {m['author']}. "
                                        f"{m['typed']}"}),
        "informing:bring_in_lead_reviewer": (url("informing:bring_in_lead_reviewer", asked.pk),
                                             post_only, done(routed), {}),
    }
