"""The demo's part (run after the action plan's demo): a monitoring meeting, and each action in
progress without an update given its owner's update with a file; a second run adds nothing.
Run here on the tests' own review (the whole demo is load_demo's test)."""

from types import SimpleNamespace

from reviewdesk.accounts.models import User
from reviewdesk.action_plan.models import Action, ActionUpdate, EvidenceFile, PlanMeeting
from reviewdesk.action_plan.testing import make_action
from reviewdesk.progress import demo
from reviewdesk.reviews.models import Review


def test_the_demo_records_a_meeting_and_updates_once(
        planned: Review, business_manager: User, owner: User, subgroup_member: User) -> None:
    going = make_action(planned, by=business_manager, owner=owner,
                        status=Action.Status.IN_PROGRESS)
    fresh = make_action(planned, by=business_manager, owner=owner)
    command = SimpleNamespace(bm=business_manager, reviews={0: planned},
                              people={"business.manager": business_manager,
                                      "subgroup.member": subgroup_member})
    demo.load(command)
    demo.load(command)
    assert PlanMeeting.objects.filter(kind=PlanMeeting.Kind.MONITORING).count() == 1
    assert ActionUpdate.objects.filter(action=going).count() == 1
    assert not ActionUpdate.objects.filter(action=fresh).exists()
    assert EvidenceFile.objects.get().name == "training-register.csv"
