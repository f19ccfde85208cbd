"""The demo's rounds: review 9's answered round on version 1 (anchored, general and late
comments, each kind of answer) and review 12's round taking comments; versions made here only
where the reviews have none."""

from datetime import date
from types import SimpleNamespace

import pytest
from pytest_django import Settings

from reviewdesk.accounts.models import PartnerFor, PartnershipRole, User
from reviewdesk.comments import demo, selectors
from reviewdesk.reports.models import CommentRound
from reviewdesk.reviews import actions as review_actions
from reviewdesk.reviews.models import Review, ReviewRole

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_answered_round_and_one_taking_comments(
        settings: Settings, registered: Review, make_review, business_manager: User,
        lead_reviewer: User, subgroup_member: User, partner: User) -> None:
    settings.REPORTS_SCAN_UNREGISTERED = False
    learning = make_review(child_name="Mia Hollis")
    for person, role in [(lead_reviewer, ReviewRole.LEAD_REVIEWER),
                         (subgroup_member, ReviewRole.SUBGROUP_MEMBER)]:
        review_actions.add_member(learning, person, role, by=business_manager,
                                  started_on=date(2026, 3, 3),
                                  no_contact=True if role == ReviewRole.SUBGROUP_MEMBER else None)
    others = {key: User.objects.create_user(f"{key}@example.test", "x", full_name=name,
                                            partnership=registered.partnership,
                                            role=PartnershipRole.SAFEGUARDING_PARTNER,
                                            partner_for=whose)
              for key, name, whose in [("police.partner", "Pip Police", PartnerFor.POLICE),
                                       ("health.partner", "Hal Health", PartnerFor.HEALTH)]}
    people = {"business.manager": business_manager, "lead.reviewer": lead_reviewer,
              "subgroup.health": subgroup_member, "subgroup.member": subgroup_member,
              "la.partner": partner, **others}
    demo.load(SimpleNamespace(reviews={9: registered, 12: learning}, people=people))

    answered = CommentRound.objects.get(review=registered)
    assert (answered.version.number, answered.answered_by) == (1, lead_reviewer)
    comments = list(answered.comments.all())
    assert {c.answer for c in comments} == {"changed", "not_changed", "discussion"}
    assert {c.anchor for c in comments} == {"", "1.2", "2.1", "3.2"}
    late = [c for c in comments if c.late]
    assert len(late) == 1 and late[0].late_accepted_by == business_manager
    assert {c.changed_in.number for c in comments if c.changed_in} == {2}

    taking = CommentRound.objects.get(review=learning)
    assert selectors.state(taking, taking.opened_on) == selectors.TAKING
    assert taking.comments.count() == 2 and selectors.unanswered(taking) == 1
