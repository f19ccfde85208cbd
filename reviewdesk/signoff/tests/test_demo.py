"""The demo's sign-off: review 9 signed off by its subgroup members (version 2) and waiting for
the Executive Group, 13 approved by everyone and agreed to be published, 12 (a learning review)
not to be published, and 10 approved before it moves to publication."""

import io
from datetime import date
from types import SimpleNamespace

from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import ReviewKind, ReviewRole, Stage
from reviewdesk.signoff import demo
from reviewdesk.signoff.selectors import approval_state


def test_the_demo_signs_off_in_the_guides_order(make_review, business_manager, lead_reviewer,
                                                subgroup_member, executive, partners,
                                                partnership):
    second = User.objects.create_user("subgroup.two@example.test", "a-long-test-password",
                                      full_name="Sid Second", partnership=partnership,
                                      role=PartnershipRole.SUBGROUP_MEMBER)
    reviews = {}
    for index, kind in [(9, ReviewKind.LOCAL_CSPR), (12, ReviewKind.LEARNING_REVIEW),
                        (13, ReviewKind.LOCAL_CSPR), (10, ReviewKind.NATIONAL)]:
        review = make_review(child_name=f"Child Number {index}")
        for person, role in [(lead_reviewer, ReviewRole.LEAD_REVIEWER),
                             (subgroup_member, ReviewRole.SUBGROUP_MEMBER),
                             (second, ReviewRole.SUBGROUP_MEMBER)]:
            review_actions.add_member(review, person, role, by=business_manager,
                                      started_on=date(2026, 3, 3),
                                      no_contact=True if role == ReviewRole.SUBGROUP_MEMBER
                                      else None)
        # At the report stage (the walk's own records are not what this test is about).
        type(review).objects.filter(pk=review.pk).update(stage=Stage.REPORT, kind=kind,
                                                         stage_since=date(2026, 7, 1))
        review.refresh_from_db()
        reviews[index] = review
    command = SimpleNamespace(
        bm=business_manager, reviews=reviews, stdout=io.StringIO(),
        people={"lead.reviewer": lead_reviewer, "executive": executive,
                "subgroup.member": subgroup_member, "subgroup.health": second,
                "la.partner": partners[PartnerFor.LOCAL_AUTHORITY],
                "health.partner": partners[PartnerFor.HEALTH]})
    demo.before_step(command, 10, reviews[10], "approve_publication", date(2026, 9, 1))
    demo.load(command)

    partly = approval_state(reviews[9])
    assert partly.version is not None and partly.version.number == 2
    assert partly.subgroup is not None and len(partly.member_sign_offs) == 2
    assert partly.executive is None and partly.count == "1 of 5 approvals"

    final = approval_state(reviews[13])
    assert final.is_approved and final.publication is not None and final.publication.agrees
    assert final.may_move_to_publication

    learning = approval_state(reviews[12])
    assert learning.intent is not None and not learning.intent.will_publish

    published = approval_state(reviews[10])
    assert published.may_move_to_publication
    assert reviews[10].stage == Stage.REPORT  # load_demo takes the step itself
